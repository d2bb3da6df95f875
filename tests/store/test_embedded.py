"""The embedded store: lossless round trips, deterministic bytes, version and damage errors, tables."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from scholargraph.errors import StoreError, StoreVersionError
from scholargraph.graph.build import build_graph
from scholargraph.store import embedded


@pytest.fixture
def store(tmp_path, corpus, annotations):
    kg = build_graph(corpus, annotations)
    embedded.save(kg, tmp_path / "s", corpus=corpus, annotations=annotations)
    return tmp_path / "s", kg


def test_round_trip_is_lossless(store, corpus, annotations):
    path, kg = store
    back = embedded.load(path)
    assert back == kg and back.meta == kg.meta
    assert list(back.graph.nodes(data=True)) == list(kg.graph.nodes(data=True))  # order and attributes
    assert list(back.graph.edges(keys=True, data=True)) == list(kg.graph.edges(keys=True, data=True))
    node = back.graph.nodes["Paper:doi:10.1000/a"]
    assert node["keywords"] == ["gnn", "citations"] and isinstance(node["year"], int)
    ev = back.graph.edges["Paper:doi:10.1000/a", "Concept:graph neural network", "MENTIONS"]["evidence"]
    assert ev == [{"sentence": 0, "start": 0, "end": 21, "text": "Graph neural networks for citations."}]
    c = embedded.load_corpus(path)
    assert [p.to_dict() for p in c.papers] == [p.to_dict() for p in corpus.papers]
    assert embedded.load_annotations(path) == annotations


def test_same_graph_same_bytes(tmp_path, corpus, annotations):
    for name in ("a", "b"):
        embedded.save(
            build_graph(corpus, annotations), tmp_path / name, corpus=corpus, annotations=annotations
        )
    files = sorted(f.name for f in (tmp_path / "a").iterdir())
    assert "graph.json" in files and "manifest.json" in files and "corpus.jsonl" in files
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_manifest(store):
    m = embedded.read_manifest(store[0])
    assert m["format"] == "scholargraph-store" and m["format_version"] == embedded.FORMAT_VERSION
    assert m["has_corpus"] and m["has_annotations"] and m["counts"] == store[1].counts()


def test_no_annotations_loads_none(tmp_path, corpus):
    embedded.save(build_graph(corpus), tmp_path, corpus=corpus)
    assert embedded.load_annotations(tmp_path) is None


def test_incompatible_version(store):
    path, _ = store
    m = json.loads((path / "manifest.json").read_text())
    m["format_version"] = 99
    (path / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(StoreVersionError, match="format_version 99.*reads format_version 1.*Rebuild"):
        embedded.load(path)


def test_missing_and_damaged_stores(tmp_path, store):
    with pytest.raises(StoreError, match="no store at .*nope.*does not exist"):
        embedded.load(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="not a scholargraph store \\(no manifest.json\\)"):
        embedded.load(tmp_path / "empty")
    path, _ = store
    (path / "graph.json").write_text('{"nodes": [')
    with pytest.raises(StoreError, match="graph.json is damaged"):
        embedded.load(path)
    (path / "graph.json").unlink()
    with pytest.raises(StoreError, match="graph.json is missing"):
        embedded.load(path)
    (path / "corpus.jsonl").write_text('{"id": "x", "title": "t"}\nnot json\n')
    with pytest.raises(StoreError, match="corpus.jsonl: line 2 is damaged"):
        embedded.load_corpus(path)


def test_unsaveable_attribute(tmp_path, corpus):
    kg = build_graph(corpus)
    kg.graph.nodes["Paper:doi:10.1000/a"]["bad"] = {1, 2}
    with pytest.raises(StoreError, match="cannot be saved as JSON"):
        embedded.save(kg, tmp_path)


def test_tables(tmp_path):
    df = pd.DataFrame({"node": ["a", "b"], "score": [0.5, 0.25], "rank": [1, 2], "flag": [True, False]})
    csv_path = embedded.save_table(tmp_path, "pagerank", df, {"alpha": 0.85})
    assert csv_path.read_text().splitlines()[0] == "node,score,rank,flag"
    embedded.save_table(tmp_path, "degree", df[["node", "rank"]])
    back = embedded.load_table(tmp_path, "pagerank")
    pd.testing.assert_frame_equal(back, df)
    assert embedded.list_tables(tmp_path) == ["degree", "pagerank"]
    settings = json.loads((tmp_path / "analysis" / "settings.json").read_text())
    assert settings == {"degree": {}, "pagerank": {"alpha": 0.85}}
    with pytest.raises(StoreError, match="has no table 'nope' \\(tables: degree, pagerank\\)"):
        embedded.load_table(tmp_path, "nope")
    with pytest.raises(StoreError, match="table name must be"):
        embedded.save_table(tmp_path, "../evil", df)
