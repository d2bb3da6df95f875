"""Fixtures of the embedded-store tests: the small hand-made corpus and annotations of tests/_support."""

from __future__ import annotations

import pytest
from samples import small_annotations, small_corpus

from scholargraph.model import Corpus
from scholargraph.nlp.annotations import Annotations


@pytest.fixture
def corpus() -> Corpus:
    return small_corpus()


@pytest.fixture
def annotations(corpus) -> Annotations:
    return small_annotations(corpus)
