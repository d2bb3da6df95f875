"""KnowledgeGraph's way in: the direct fill of a plain MultiDiGraph gives the graph networkx's public methods give."""

from __future__ import annotations

import sys

import networkx as nx

from scholargraph.graph import schema
from scholargraph.graph.build import build_graph
from scholargraph.graph.kg import KnowledgeGraph, direct_fill_ok
from scholargraph.synthetic import planted_annotations, planted_corpus


class _Public(nx.MultiDiGraph):
    """A subclass: KnowledgeGraph fills it through networkx's public add_node / add_edge."""


def _fill(kg: KnowledgeGraph, source: KnowledgeGraph) -> None:
    """Insert every node and relationship of ``source`` into ``kg``, then update some of each."""
    for label in schema.LABELS:
        kg.add_nodes_from(
            label, ((d[schema.KEY], {k: v for k, v in d.items() if k not in (schema.LABEL, schema.KEY)})
                    for _, d in source.nodes(label))
        )  # fmt: skip
    for rel in sorted(schema.RELATIONSHIPS):
        kg.add_edges_from(
            rel, ((u, v, {k: x for k, x in d.items() if k != schema.TYPE}) for u, v, d in source.edges(rel))
        )
    papers = [n for n, _ in source.nodes(schema.PAPER)]
    kg.add_nodes_from(schema.PAPER, [(schema.split_node_id(papers[0])[1], {"title": "New", "year": 1999})])
    kg.add_node(schema.PAPER, "new-paper", title="N")
    u, v, _ = next(source.edges(schema.CITES))
    kg.add_edges_from(schema.CITES, [(u, v, {"matched_by": "title"}), ("Paper:new-paper", u, {})])
    u, v, _ = next(source.edges(schema.MENTIONS))
    kg.add_edge(schema.MENTIONS, u, v, count=9)


def _layout(g: nx.MultiDiGraph) -> tuple:
    """Everything of g in networkx's own order: nodes, successors and predecessors per node, attributes."""
    succ = [
        (u, [(v, [(k, list(d.items())) for k, d in kd.items()]) for v, kd in nb.items()])
        for u, nb in g._succ.items()
    ]
    pred = [(v, [(u, list(kd)) for u, kd in nb.items()]) for v, nb in g._pred.items()]
    return [(n, list(d.items())) for n, d in g.nodes(data=True)], succ, pred


def test_direct_fill_equals_the_public_methods():
    corpus, truth = planted_corpus(60, seed=5)
    source = build_graph(corpus, planted_annotations(corpus, truth))
    fast, public = KnowledgeGraph(), KnowledgeGraph(_Public())
    assert direct_fill_ok(fast.graph, nx.MultiDiGraph) and not direct_fill_ok(public.graph, nx.MultiDiGraph)
    for kg in (fast, public):
        _fill(kg, source)
    assert _layout(fast.graph) == _layout(public.graph)
    assert fast.graph.number_of_edges() == source.graph.number_of_edges() + 1
    g = fast.graph
    assert all(g._succ[u][v] is g._pred[v][u] for u, v in g.edges())  # one key dict for both directions
    d = g.edges[next(e for e in g.edges(keys=True) if e[2] == schema.MENTIONS)]
    assert d["count"] == 9 and "weight" in d  # an update keeps the other properties


def _outcome(kg: KnowledgeGraph, add) -> str:
    """What one add call gives: its return value, or its error's type and message."""
    try:
        return repr(add(kg))
    except Exception as e:  # noqa: BLE001 -- the error itself is what is compared
        return f"{type(e).__name__}: {e}"


class _Str(str):
    """A str subclass, which sys.intern refuses."""


def test_direct_fill_edge_cases_equal_the_public_methods():
    # hand-made input, added the way the direct fill adds it (one attribute dict made while checking) and
    # through networkx's public methods: None properties left out, a 'key' property checked then dropped, a
    # wrong type or an unknown property refused with the same error and nothing of the row written, updates
    # of existing nodes and relationships, ids networkx accepts but sys.intern refuses
    calls = [
        lambda kg: kg.add_nodes_from("Paper", [("a", {"title": "A", "year": None, "key": "ignored"})]),
        lambda kg: kg.add_nodes_from("Paper", [("b", {"year": 2001, "keywords": ["x", "y"], "doi": None})]),
        lambda kg: kg.add_nodes_from("Paper", [("c", {"year": "2001"})]),
        lambda kg: kg.add_nodes_from("Paper", [("d", {"titel": "typo"})]),
        lambda kg: kg.add_nodes_from("Paper", [("e", {"keywords": ["x", 1]})]),
        lambda kg: kg.add_nodes_from("Paper", [("f", {"key": 5})]),
        lambda kg: kg.add_nodes_from("Paper", [("c", {}), ("d", {"title": "D"})]),
        lambda kg: kg.add_nodes_from("Paper", [("a", {"year": 1999, "title": None})]),
        lambda kg: kg.add_nodes_from("Author", [("name:ann", {"name": "Ann", "name_variants": ["Ann"]})]),
        lambda kg: kg.add_nodes_from("Paper", [("g", {"user_note": {"any": [1]}, "year": True})]),
        lambda kg: kg.add_edges_from("CITES", [("Paper:a", "Paper:b", {"matched_by": "doi"})]),
        lambda kg: kg.add_edges_from("CITES", [("Paper:b", "Paper:a", {"matched_by": None})]),
        lambda kg: kg.add_edges_from("CITES", [("Paper:a", "Paper:b", {"matched_by": "title"})]),
        lambda kg: kg.add_edges_from("CITES", [("Paper:b", "Paper:c", {"matched_by": 3})]),
        lambda kg: kg.add_edges_from("CITES", [("Paper:b", "Paper:c", {"bogus": "x"})]),
        lambda kg: kg.add_edges_from("CITES", [("Paper:b", "Paper:x", {})]),
        lambda kg: kg.add_edges_from("AUTHORED", [("Author:name:ann", "Paper:a", {"position": 1})] * 2),
        lambda kg: kg.add_edges_from("AUTHORED", [("Author:name:ann", "Paper:b", {"position": 2.0})]),
        lambda kg: kg.add_edges_from("AUTHORED", [(_Str("Author:name:ann"), "Paper:b", {"position": 2})]),
        lambda kg: kg.add_edges_from("AUTHORED", [(_Str("Author:name:ann"), "Paper:a", {"position": 3})]),
        lambda kg: kg.add_edges_from(
            "CITES", [("Paper:b", "Paper:a", {"matched_by": "doi", "type": "CITES"})]
        ),
    ]
    fast, public = KnowledgeGraph(), KnowledgeGraph(_Public())
    assert [_outcome(fast, c) for c in calls] == [_outcome(public, c) for c in calls]
    assert _layout(fast.graph) == _layout(public.graph)
    g = fast.graph
    assert all(type(n) is str and n is sys.intern(n) for n in g)  # one interned string per id
    assert all(u is next(x for x in g if x == u) for u, _ in g.edges())
