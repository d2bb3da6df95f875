"""Browser assets: the style sheet covers every label; every saved query runs on a pushed real graph and
returns rows with fewer than 1,000 nodes (Browser's display limit)."""

from __future__ import annotations

import re

import pytest

from scholargraph.graph import schema
from scholargraph.store.browser import grass, write_browser_assets
from scholargraph.store.cypher import SAVED_QUERIES
from scholargraph.store.neo4j import push


def test_style_sheet_has_a_colour_and_caption_per_label():
    text = grass()
    for label in schema.LABELS:
        block = re.search(rf"node\.{label} \{{(.*?)\}}", text, re.S).group(1)
        assert re.search(r"color: #[0-9A-F]{6};", block)
        assert "caption: '{" in block
    colours = re.findall(r"node\.\w+ \{\s*color: (#[0-9A-F]{6})", text)
    assert len(set(colours)) == len(schema.LABELS)


def test_assets_are_written(tmp_path):
    files = write_browser_assets(tmp_path / "b")
    assert {p.name for p in files.values()} == {"style.grass", "queries.cypher", "guide.html", "README.txt"}
    queries = files["queries"].read_text(encoding="utf-8")
    assert queries.count(";\n") == len(SAVED_QUERIES)
    assert all(q.name in queries for q in SAVED_QUERIES)
    assert "runnable" in files["guide"].read_text(encoding="utf-8")


def _nodes_in(value, seen: set) -> None:
    import neo4j.graph

    if isinstance(value, neo4j.graph.Node):
        seen.add(value.element_id)
    elif isinstance(value, neo4j.graph.Path):
        seen.update(n.element_id for n in value.nodes)
    elif isinstance(value, neo4j.graph.Relationship):
        seen.update(n.element_id for n in value.nodes)
    elif isinstance(value, list | tuple):
        for v in value:
            _nodes_in(v, seen)
    elif isinstance(value, dict):
        for v in value.values():
            _nodes_in(v, seen)


@pytest.mark.neo4j
def test_saved_queries_run_on_the_pushed_graph(neo4j_driver, wos_graph):
    push(wos_graph, neo4j_driver, progress=False)
    for q in SAVED_QUERIES:
        records = neo4j_driver.execute_query(q.cypher).records
        assert records, f"saved query {q.name!r} returned nothing"
        seen: set = set()
        for r in records:
            _nodes_in(list(r.values()), seen)
        assert len(seen) < 1000, f"{q.name!r} shows {len(seen)} nodes"
