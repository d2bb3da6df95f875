"""The public API: what `import scholargraph as sg` and each area offer, one validation and one exception
family, and the one validated way into a KnowledgeGraph."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

import scholargraph as sg
from scholargraph.errors import ConfigError, SchemaError, StoreError

AREAS = ("readers", "nlp", "graph", "store", "analysis", "report", "neo4j", "fetch")


def test_every_exported_name_resolves():
    for name in sg.__all__:
        assert getattr(sg, name) is not None, name
    for area in AREAS:
        mod = importlib.import_module(f"scholargraph.{area}")
        for name in mod.__all__:
            assert getattr(mod, name) is not None, f"scholargraph.{area}.{name}"
    with pytest.raises(AttributeError, match="has no attribute 'reed'"):
        sg.reed  # noqa: B018


def test_import_is_light():
    code = "import sys, scholargraph as sg; sg.__all__; print(sorted(m for m in ('spacy', 'matplotlib', 'networkx', 'neo4j', 'scipy', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_same_name_is_always_the_function():
    """A lazily loaded package must not hand out a submodule where it exports a function of that name."""
    from scholargraph.analysis import centrality, trends
    from scholargraph.report import view

    assert callable(centrality) and callable(trends) and callable(view)
    assert callable(sg.view) and callable(sg.analyze)


def test_read_refuses_options_no_reader_accepts(tmp_path):
    f = tmp_path / "x.jsonl"
    f.write_text('{"title": "A", "year": 2020}\n')
    with pytest.raises(ConfigError, match=r"'listng_date' parameter of read .*did you mean 'listing_date'"):
        sg.read(f, listng_date="2025-11-20")
    with pytest.raises(
        ConfigError, match=r"'totally_bogus' parameter of read is not an option of any reader"
    ):
        sg.read(f, totally_bogus=1)
    assert len(sg.read(f, listing_date="2025-11-20")) == 1  # an option some reader accepts is fine


def test_one_message_shape_and_config_error_is_a_value_error(tmp_path):
    from scholargraph.analysis import trends
    from scholargraph.synthetic import planted_corpus

    assert issubclass(ConfigError, ValueError) and issubclass(SchemaError, ValueError)
    with pytest.raises(
        ValueError, match=r"^The 'top' parameter of write_report must be an int >= 1, got 0\.$"
    ):
        sg.write_report(tmp_path, top=0)
    corpus, _ = planted_corpus(30, seed=1)
    with pytest.raises(
        ConfigError, match=r"^The 'as_of' parameter of trends must be one of the periods .*, got '1999'\.$"
    ):
        trends(corpus, kind="keyword", as_of="1999")
    kg = sg.build_graph(corpus)
    with pytest.raises(
        ConfigError, match=r"'resolutoin' parameter of analyze is not a setting .*'resolution'"
    ):
        sg.analyze(kg, resolutoin=2.0)
    with pytest.raises(
        ConfigError, match=r"^The 'kg' parameter of analyze must be a KnowledgeGraph, got a dict\.$"
    ):
        sg.analyze({})


def test_knowledge_graph_has_one_validated_way_in():
    kg = sg.KnowledgeGraph()
    assert kg.add_nodes_from("Paper", [("a", {"title": "A", "year": 2020}), ("b", {"title": None})]) == 2
    assert "title" not in kg.graph.nodes["Paper:b"]  # None is not stored
    with pytest.raises(SchemaError, match=r"unknown property 'titel' \(did you mean 'title'\?\)"):
        kg.add_nodes_from("Paper", [("c", {"titel": "C"})])
    with pytest.raises(SchemaError, match=r"property 'year' must be int, got str '2020'"):
        kg.add_node("Paper", "d", year="2020")
    with pytest.raises(SchemaError, match="unknown node label 'Journal'"):
        kg.add_node("Journal", "j")
    kg.add_node("Author", "x", name="X")
    with pytest.raises(SchemaError, match=r"CITES needs a Paper node, got 'Author:x' \(Author\)"):
        kg.add_edge("CITES", "Author:x", "Paper:a")
    with pytest.raises(SchemaError, match=r"AUTHORED needs a Author node, got 'Paper:a' \(Paper\)"):
        # a node checked once in a call (as the author of the first row) is checked again in another role
        kg.add_edges_from("AUTHORED", [("Author:x", "Paper:a", {}), ("Paper:a", "Author:x", {})])
    with pytest.raises(SchemaError, match="unknown relationship type 'LIKES'"):
        kg.add_edge("LIKES", "Paper:a", "Paper:b")
    kg.add_node("Paper", "a", user_score=[1, {"x": 2}])  # a user's own property: any JSON value
    assert kg.set_node_properties("pagerank", {"Paper:a": 0.5, "Paper:zzz": 0.1}) == 1
    with pytest.raises(SchemaError, match="property 'community' must be int"):
        kg.set_node_properties("community", {"Paper:a": "one"})


def test_a_store_with_an_undeclared_property_is_damaged(tmp_path):
    kg = sg.KnowledgeGraph()
    kg.add_node("Paper", "a", title="A")
    sg.save(kg, tmp_path)
    data = json.loads((tmp_path / "graph.json").read_text())
    data["nodes"][0]["attrs"]["colour"] = "red"
    (tmp_path / "graph.json").write_text(json.dumps(data))
    with pytest.raises(StoreError, match=r"graph\.json is damaged .*unknown property 'colour'"):
        sg.load(tmp_path)


def test_report_needs_an_analysed_store(tmp_path):
    from scholargraph.synthetic import planted_corpus

    corpus, _ = planted_corpus(30, seed=1)
    sg.save(sg.build_graph(corpus), tmp_path, corpus=corpus)
    with pytest.raises(StoreError, match=r"has not been analysed .*run `scholargraph analyze .*` first"):
        sg.write_report(tmp_path)
    sg.analyze_store(tmp_path, stability_runs=1)
    assert sg.write_report(tmp_path)["html"].is_file()
