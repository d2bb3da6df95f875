"""Shared fixtures of the analysis tests: one planted corpus (session-scoped, ~1 s to make)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def planted():
    from scholargraph.synthetic import planted_corpus

    return planted_corpus(300, seed=0)


@pytest.fixture(scope="session")
def planted_ann(planted):
    from scholargraph.synthetic import planted_annotations

    corpus, truth = planted
    return planted_annotations(corpus, truth)


@pytest.fixture(scope="session")
def planted_kg(planted):
    from scholargraph.graph.build import build_graph

    return build_graph(planted[0])


@pytest.fixture(scope="session")
def planted_coupling(planted_kg):
    from scholargraph.graph.projections import bibliographic_coupling

    return bibliographic_coupling(planted_kg)
