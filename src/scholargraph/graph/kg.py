"""KnowledgeGraph: a typed wrapper around an ``nx.MultiDiGraph`` that follows :mod:`scholargraph.graph.schema`.

>>> kg = KnowledgeGraph()
>>> p = kg.add_node("Paper", "doi:10.1/a", title="A")
>>> q = kg.add_node("Paper", "doi:10.1/b", title="B")
>>> kg.add_edge("CITES", p, q)
>>> kg.counts()
{'nodes': {'Paper': 2}, 'edges': {'CITES': 1}}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import networkx as nx

from . import schema

__all__ = ["KnowledgeGraph"]


class KnowledgeGraph:
    """Papers, Authors, Topics, Concepts and Venues with typed relationships.

    ``kg.graph`` is the underlying ``nx.MultiDiGraph`` (use any networkx algorithm on it). Node attributes:
    ``label``, ``key`` and the label's properties (see ``schema.NODE_PROPERTIES``); edge attributes: ``type``
    and the type's properties; the MultiDiGraph edge key is the type, so a relationship of one type between two
    nodes exists at most once. ``kg.meta`` holds graph-level facts (settings, counts of rejects, ...).
    """

    def __init__(self, graph: nx.MultiDiGraph | None = None, meta: dict[str, Any] | None = None) -> None:
        self.graph = graph if graph is not None else nx.MultiDiGraph()
        self.meta: dict[str, Any] = dict(meta or {})

    def add_node(self, label: str, key: str, **props: Any) -> str:
        """Add (or update) a node; returns its id. ``None`` properties are not stored."""
        nid = schema.node_id(label, key)
        attrs = {k: v for k, v in props.items() if v is not None}
        if nid in self.graph:
            self.graph.nodes[nid].update(attrs)
        else:
            self.graph.add_node(nid, label=label, key=key, **attrs)
        return nid

    def add_edge(self, rel_type: str, u: str, v: str, **props: Any) -> None:
        """Add (or update) the relationship ``u -[rel_type]-> v``; both nodes must exist and match the schema."""
        if rel_type not in schema.RELATIONSHIPS:
            raise ValueError(f"rel_type must be one of {sorted(schema.RELATIONSHIPS)}, got {rel_type!r}")
        start, end = schema.RELATIONSHIPS[rel_type]
        for node, want in ((u, start), (v, end)):
            got = self.graph.nodes[node]["label"] if node in self.graph else None
            if got != want:
                raise ValueError(f"{rel_type} needs a {want} node, got {node!r} ({got})")
        attrs = {k: v for k, v in props.items() if v is not None}
        if self.graph.has_edge(u, v, key=rel_type):
            self.graph.edges[u, v, rel_type].update(attrs)
        else:
            self.graph.add_edge(u, v, key=rel_type, type=rel_type, **attrs)

    def nodes(self, label: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, attributes) of every node, or of the nodes with this label, in insertion order."""
        for n, d in self.graph.nodes(data=True):
            if label is None or d.get("label") == label:
                yield n, d

    def edges(self, rel_type: str | None = None) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(u, v, attributes) of every relationship, or of those of this type."""
        for u, v, d in self.graph.edges(data=True):
            if rel_type is None or d.get("type") == rel_type:
                yield u, v, d

    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes per label and relationships per type, sorted by name."""
        nodes = Counter(d.get("label") for _, d in self.graph.nodes(data=True))
        edges = Counter(d.get("type") for _, _, d in self.graph.edges(data=True))
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}

    def subgraph(self, node_ids) -> KnowledgeGraph:
        """A KnowledgeGraph of these nodes and the relationships among them (a copy)."""
        return KnowledgeGraph(self.graph.subgraph(node_ids).copy(), dict(self.meta))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KnowledgeGraph):
            return NotImplemented
        a, b = self.graph, other.graph
        return dict(a.nodes(data=True)) == dict(b.nodes(data=True)) and sorted(
            (u, v, k, sorted(d.items(), key=str)) for u, v, k, d in a.edges(keys=True, data=True)
        ) == sorted((u, v, k, sorted(d.items(), key=str)) for u, v, k, d in b.edges(keys=True, data=True))

    def __repr__(self) -> str:
        c = self.counts()
        return f"KnowledgeGraph({sum(c['nodes'].values())} nodes, {sum(c['edges'].values())} relationships)"
