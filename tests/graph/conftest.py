"""Fixtures of the graph tests: a small hand-made corpus with hand-made Annotations, and the WoS corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from samples import small_annotations, small_corpus

from scholargraph.model import Corpus
from scholargraph.nlp.annotations import Annotations

DATA = Path(__file__).resolve().parent.parent / "data" / "graph"


@pytest.fixture
def corpus() -> Corpus:
    return small_corpus()


@pytest.fixture
def annotations(corpus) -> Annotations:
    return small_annotations(corpus)


def read_wos(corpora: Path) -> Corpus:
    from scholargraph.readers import read

    return read(sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz")))


@pytest.fixture(scope="session")
def wos_corpus(corpora) -> Corpus:
    return read_wos(corpora)


@pytest.fixture(scope="session")
def wos_kg(wos_corpus):
    from scholargraph.graph.build import build_graph

    return build_graph(wos_corpus)
