"""Projections over the Parquet tables on a Dask cluster equal graph.projections on the same graph: the same
nodes, occurrences and integer counts, weights within 1e-12 relative (fractional sums in another order), the
same settings -- on the whole WoS set (6,015 papers after merging, 2.9 million co-authorship pairs)."""

from __future__ import annotations

import numpy as np
import pytest

from scholargraph.graph import projections as P
from scholargraph.graph import schema
from scholargraph.graph.build import build_graph
from scholargraph.nlp.annotations import Annotations, Concept, Evidence, Mention
from scholargraph.readers import read
from scholargraph.scale.projections import project_tables
from scholargraph.scale.tables import read_table, write_tables
from scholargraph.store import embedded


def keyword_annotations(corpus) -> Annotations:
    """Author keywords as concepts (lower case): concept co-occurrence without running spaCy."""
    ann = Annotations()
    for p in corpus.papers:
        words = sorted({k.strip().lower() for k in p.keywords if k.strip()})
        ann.mentions[p.id] = [Mention(w, 1, 0.5, [Evidence(0, 0, 1, p.title or "")]) for w in words]
    for ms in ann.mentions.values():
        for m in ms:
            ann.concepts.setdefault(m.concept, Concept(m.concept)).df += 1
    return ann


@pytest.fixture(scope="module")
def wos_store(wos_files, tmp_path_factory):
    corpus = read(wos_files)
    kg = build_graph(corpus, keyword_annotations(corpus))
    store = tmp_path_factory.mktemp("wos-store")
    embedded.save(kg, store, corpus=corpus)
    write_tables(store, kg, rows_per_file=25_000)  # several files per table: partitions for the workers
    return kg, store


CASES = [
    ("co-authorship", {}),
    (
        "co-authorship",
        {"max_authors": 10, "normalization": "cosine", "counting": "fractional", "min_occurrences": 2},
    ),
    ("co-citation", {}),
    ("co-citation", {"all_refs": True, "min_occurrences": 2, "normalization": "jaccard"}),
    ("coupling", {"normalization": "association", "counting": "fractional"}),
    ("coupling", {"all_refs": False, "top_k": 5, "min_weight": 2}),
    ("concepts", {"min_occurrences": 3, "normalization": "inclusion", "top_k": 10}),
]


@pytest.mark.parametrize(("kind", "opts"), CASES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(CASES)])
def test_projection_equals_local(wos_store, dask_client, kind, opts):
    kg, store = wos_store
    local = P.project(kg, kind, as_matrix=True, **opts)
    dask = project_tables(store, kind, client=dask_client, as_matrix=True, **opts)
    assert local.count.nnz > 1000, "a real projection"
    assert dask.nodes == local.nodes
    assert np.array_equal(dask.occurrences, local.occurrences)
    assert dask.graph == local.graph
    assert (dask.count != local.count).nnz == 0 and dask.count.dtype == local.count.dtype
    assert np.array_equal(dask.weight.indptr, local.weight.indptr)
    assert np.array_equal(dask.weight.indices, local.weight.indices)
    np.testing.assert_allclose(dask.weight.data, local.weight.data, rtol=1e-12, atol=0)


def test_graph_result_equals_local(wos_store, dask_client):
    kg, store = wos_store
    local = P.co_citation(kg, all_refs=True, min_occurrences=3)
    dask = project_tables(store, "co_citation", client=dask_client, all_refs=True, min_occurrences=3)
    assert dict(dask.nodes(data=True)) == dict(local.nodes(data=True))
    assert {(u, v): d["count"] for u, v, d in dask.edges(data=True)} == {
        (u, v): d["count"] for u, v, d in local.edges(data=True)
    }


def test_tables_hold_the_graph(wos_store):
    kg, store = wos_store
    papers = read_table(store, "papers")
    assert papers["key"].tolist() == [d[schema.KEY] for _, d in kg.nodes(schema.PAPER)]
    refs = read_table(store, "references")
    cites = refs[refs["target"].notna()]
    assert sorted(zip(cites["paper"], cites["target"], strict=True)) == sorted(
        (schema.split_node_id(u)[1], schema.split_node_id(v)[1]) for u, v, _ in kg.edges(schema.CITES)
    )
    unresolved = sum(len(d.get("unresolved_reference_list") or []) for _, d in kg.nodes(schema.PAPER))
    assert refs["ref_key"].notna().sum() == unresolved == refs["text"].notna().sum()
    mentions = read_table(store, "mentions")
    edges = {
        (schema.split_node_id(u)[1], schema.split_node_id(v)[1]): d for u, v, d in kg.edges(schema.MENTIONS)
    }
    assert len(mentions) == len(edges)
    row = mentions.iloc[0]
    d = edges[(row["start"], row["end"])]
    assert (row["count"], row["weight"]) == (d["count"], d["weight"])
    assert [dict(e) for e in row["evidence"]] == d["evidence"]
    manifest = embedded.read_manifest(store)
    assert manifest["tables"]["authorships"]["rows"] == kg.counts()["edges"][schema.AUTHORED]
    assert len(manifest["tables"]["references"]["files"]) == -(-len(refs) // 25_000)


def test_bad_kind_and_option_are_named(wos_store, dask_client):
    from scholargraph.errors import ConfigError

    _, store = wos_store
    with pytest.raises(ConfigError, match="kind"):
        project_tables(store, "co-ocurrence", client=dask_client)
    with pytest.raises(ConfigError, match="did you mean 'normalization'"):
        project_tables(store, "coupling", client=dask_client, normalisation="cosine")
