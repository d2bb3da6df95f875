"""The Web of Science set (../shared): citation graph, projections, exports, store round trip."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from scholargraph.graph import projections as P
from scholargraph.graph import references as R
from scholargraph.graph.exports import write_neo4j_csv
from scholargraph.store import embedded

_spec = importlib.util.spec_from_file_location(
    "neo4j_csv_check", Path(__file__).with_name("neo4j_csv_check.py")
)
neo4j_csv_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(neo4j_csv_check)

pytestmark = pytest.mark.shared


def test_counts(wos_kg):
    c = wos_kg.counts()
    assert c["edges"]["CITES"] >= 3800  # PROVENANCE.md: 3,828 DOI links inside the set
    assert c == PINNED
    assert wos_kg.meta["unresolved_references"] == PINNED_UNRESOLVED
    assert not any(u == v for u, v, _ in wos_kg.edges("CITES"))
    assert {d["matched_by"] for _, _, d in wos_kg.edges("CITES")} <= {
        "doi",
        "arxiv",
        "openalex",
        "s2",
        "title",
    }


def test_projections(wos_kg):
    cc = P.co_citation(wos_kg)
    bc = P.bibliographic_coupling(wos_kg)
    assert (cc.number_of_nodes(), cc.number_of_edges()) == PINNED_COCITATION
    assert (bc.number_of_nodes(), bc.number_of_edges()) == PINNED_COUPLING
    # every co-citation count is the number of corpus papers citing both
    u, v, d = max(cc.edges(data=True), key=lambda e: (e[2]["count"], e[0], e[1]))
    citing_both = set(wos_kg.graph.predecessors(u)) & set(wos_kg.graph.predecessors(v))
    assert d["count"] == sum(
        1
        for p in citing_both
        if wos_kg.graph.has_edge(p, u, "CITES") and wos_kg.graph.has_edge(p, v, "CITES")
    )
    assoc = P.bibliographic_coupling(wos_kg, normalization="association", top_k=10)
    assert 0 < assoc.number_of_edges() < bc.number_of_edges()


def test_store_round_trip_and_neo4j_csv(wos_kg, wos_corpus, tmp_path):
    embedded.save(wos_kg, tmp_path / "s", corpus=wos_corpus)
    assert embedded.load(tmp_path / "s") == wos_kg
    assert len(embedded.load_corpus(tmp_path / "s")) == len(wos_corpus)
    write_neo4j_csv(wos_kg, tmp_path / "neo")
    rows = neo4j_csv_check.check(tmp_path / "neo")
    assert rows["rels_CITES.csv"] == wos_kg.counts()["edges"]["CITES"]


# Pinned with scholargraph.readers.read (wos reader + dedup) on the 13 files; annotations=None.
PINNED = {
    "nodes": {"Author": 21860, "Paper": 6015, "Venue": 2459},
    "edges": {"AUTHORED": 44101, "CITES": 3890, "PUBLISHED_IN": 6015},
}
PINNED_UNRESOLVED = 242437
PINNED_COCITATION = (1103, 4209)
PINNED_COUPLING = (4558, 119833)


def test_reference_keys_on_every_wos_reference(wos_kg):
    texts = [t for _, refs in wos_kg.graph.nodes(data="unresolved_reference_list") if refs for t in refs]
    assert len(texts) == PINNED_UNRESOLVED
    assert R.reference_keys(texts) == [R.reference_key(t) for t in texts]
