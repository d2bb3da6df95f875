"""KnowledgeGraph: a typed wrapper around an ``nx.MultiDiGraph`` that follows :mod:`scholargraph.graph.schema`.

Everything enters through one validated door: :meth:`KnowledgeGraph.add_nodes_from` and
:meth:`KnowledgeGraph.add_edges_from` (bulk; :meth:`~KnowledgeGraph.add_node` and
:meth:`~KnowledgeGraph.add_edge` are the one-item forms) and :meth:`~KnowledgeGraph.set_node_properties` for
what the analysis writes. Labels, relationship types, property names and value types are checked against the
schema; a violation raises :class:`~scholargraph.errors.SchemaError`. A user's own properties go under the
``user_`` prefix (``schema.USER_PREFIX``), with any JSON value. The graph builder, the embedded store and
the Neo4j pull all use this door.

>>> kg = KnowledgeGraph()
>>> p = kg.add_node("Paper", "doi:10.1/a", title="A")
>>> q = kg.add_node("Paper", "doi:10.1/b", title="B")
>>> kg.add_edge("CITES", p, q)
>>> kg.counts()
{'nodes': {'Paper': 2}, 'edges': {'CITES': 1}}
>>> kg.add_node("Paper", "doi:10.1/c", titel="typo")
Traceback (most recent call last):
...
scholargraph.errors.SchemaError: Paper node 'doi:10.1/c': unknown property 'titel' (did you mean 'title'?); the schema's Paper properties are in scholargraph.graph.schema.NODE_PROPERTIES
"""

from __future__ import annotations

import difflib
import numbers
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from itertools import repeat
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..errors import SchemaError
from . import schema

if TYPE_CHECKING:
    from .references import ReferenceIndex

__all__ = ["KnowledgeGraph"]


def _is_int(v: Any) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def _is_float(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _is_str_list(v: Any) -> bool:
    return isinstance(v, list | tuple) and all(map(isinstance, v, repeat(str)))


# schema property type -> value check
_CHECKS = {
    "str": lambda v: isinstance(v, str),
    "int": _is_int,
    "float": _is_float,
    "bool": lambda v: isinstance(v, bool),
    "date": lambda v: isinstance(v, str),
    "list[str]": _is_str_list,
    "json": lambda v: True,
}


# schema property type -> the one value type that passes its check without calling it (the common case)
_EXACT = {"str": str, "int": int, "float": float, "bool": bool, "date": str}


def _exact_types(declared: Mapping[str, str]) -> dict[str, type]:
    """Property name -> the one value type that passes its check without calling it (see :data:`_EXACT`)."""
    return {name: _EXACT[ptype] for name, ptype in declared.items() if ptype in _EXACT}


def _what(item: tuple[str, ...]) -> str:
    """How an error names a node (``(label, key)``) or a relationship (``(type, u, v)``)."""
    if len(item) == 2:
        return f"{item[0]} node {item[1]!r}"
    return f"{item[0]} {item[1]!r} -> {item[2]!r}"


def _checked(
    item: tuple[str, ...],
    props: Mapping[str, Any],
    declared: Mapping[str, str],
    table: str,
    exact: Mapping[str, type],
) -> dict[str, Any]:
    """``props`` without None values, after checking every name and value type against ``declared``
    (``exact``: :func:`_exact_types` of it, the common case checked by one lookup). ``item`` names the node or
    relationship in an error (:func:`_what`; formatted only then: formatting ids is costly)."""
    out = {}
    for name, value in props.items():
        if value is None:
            continue
        if type(value) is not exact.get(name):
            _check(item, name, value, declared, table)
        out[name] = value
    return out


def _check(item: tuple[str, ...], name: str, value: Any, declared: Mapping[str, str], table: str) -> None:
    """SchemaError unless property ``name`` is declared (or a user property) and ``value`` has its type."""
    ptype = declared.get(name)
    if ptype is None and name.startswith(schema.USER_PREFIX):
        ptype = "json"
    if ptype is None:
        close = difflib.get_close_matches(name, list(declared), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise SchemaError(
            f"{_what(item)}: unknown property {name!r}{hint}; the schema's {table} properties are in "
            "scholargraph.graph.schema."
            + ("NODE_PROPERTIES" if table in schema.LABELS else "EDGE_PROPERTIES")
        )
    if not _CHECKS[ptype](value):
        raise SchemaError(
            f"{_what(item)}: property {name!r} must be {ptype}, got {type(value).__name__} {value!r}"
        )


def direct_fill_ok(g: nx.Graph, cls: type[nx.Graph]) -> bool:
    """Whether code may fill ``g``'s node and adjacency dicts directly, as networkx's own methods do: networkx
    3.x, ``g`` exactly of class ``cls`` (no subclass) with plain ``dict`` storage and dict factories, so the
    result is the graph the public methods make. Anything else takes the public path."""
    return (
        _NX_MAJOR == 3
        and type(g) is cls
        and type(getattr(g, "_adj", None)) is dict
        and type(getattr(g, "_node", None)) is dict
        and type(getattr(g, "_pred", {})) is dict
        and all(getattr(g, f, dict) is dict for f in _FACTORIES)
    )


_NX_MAJOR = int(nx.__version__.split(".")[0])
_FACTORIES = (
    "node_dict_factory",
    "node_attr_dict_factory",
    "adjlist_outer_dict_factory",
    "adjlist_inner_dict_factory",
    "edge_key_dict_factory",
    "edge_attr_dict_factory",
)


class KnowledgeGraph:
    """Papers, Authors, Topics, Concepts and Venues with typed relationships.

    ``kg.graph`` is the underlying ``nx.MultiDiGraph`` (read it with any networkx algorithm; write through the
    methods below so the schema holds). Node attributes: ``label``, ``key`` and the label's properties (see
    ``schema.NODE_PROPERTIES``); edge attributes: ``type`` and the type's properties; the MultiDiGraph edge key
    is the type, so a relationship of one type between two nodes exists at most once. ``kg.meta`` holds
    graph-level facts (settings, counts of what did not become a node or relationship, ...).
    """

    def __init__(self, graph: nx.MultiDiGraph | None = None, meta: dict[str, Any] | None = None) -> None:
        self.graph = graph if graph is not None else nx.MultiDiGraph()
        self.meta: dict[str, Any] = dict(meta or {})
        # (the reference lists it was computed from, the index): see reference_index()
        self._reference_cache: tuple[list[tuple[str, list[str]]], ReferenceIndex] | None = None

    # ------------------------------------------------------------------------------------------ the way in
    def add_nodes_from(self, label: str, rows: Iterable[tuple[str, Mapping[str, Any]]]) -> int:
        """Add (or update) nodes of ``label`` from ``(key, properties)`` pairs; ``None`` properties are not
        stored. Returns how many rows were added or updated. SchemaError on an unknown label or property or a
        value of the wrong type (nothing of the offending row is written)."""
        declared = schema.NODE_PROPERTIES.get(label)
        if declared is None:
            raise SchemaError(f"unknown node label {label!r}; labels: {', '.join(schema.LABELS)}")
        g, n = self.graph, 0
        exact = _exact_types(declared)
        fast = direct_fill_ok(g, nx.MultiDiGraph)
        node, succ, pred = g._node, g._succ, g._pred
        for key, props in rows:
            if not isinstance(key, str) or not key:
                raise SchemaError(f"{label} node key must be a non-empty string, got {key!r}")
            nid = sys.intern(schema.node_id(label, key))  # one string object per id, shared by its edges
            attrs = _checked((label, key), props, declared, label, exact)
            attrs.pop(schema.KEY, None)
            if nid in node:
                node[nid].update(attrs)
            elif fast:  # what g.add_node makes, without its call
                node[nid] = {schema.LABEL: label, schema.KEY: key, **attrs}
                succ[nid] = {}
                pred[nid] = {}
            else:
                g.add_node(nid, **{schema.LABEL: label, schema.KEY: key}, **attrs)
            n += 1
        if fast:
            g.add_nodes_from(())  # public no-op: clears networkx's cache of derived data, as its methods do
        return n

    def add_edges_from(self, rel_type: str, rows: Iterable[tuple[str, str, Mapping[str, Any]]]) -> int:
        """Add (or update) relationships ``u -[rel_type]-> v`` from ``(u, v, properties)`` rows; both nodes must
        exist with the labels the schema gives the type. Returns how many rows were added or updated."""
        declared = schema.EDGE_PROPERTIES.get(rel_type)
        if declared is None:
            raise SchemaError(
                f"unknown relationship type {rel_type!r}; types: {', '.join(sorted(schema.RELATIONSHIPS))}"
            )
        start, end = schema.RELATIONSHIPS[rel_type]
        g, n = self.graph, 0
        exact = _exact_types(declared)
        fast = direct_fill_ok(g, nx.MultiDiGraph)
        succ, pred = g._succ, g._pred
        # the nodes already found with the start / end label in this call: a node has many relationships
        starts: set[str] = set()
        ends: set[str] = set()
        for u, v, props in rows:
            if u not in starts:
                self._require(rel_type, u, start)
                starts.add(u)
            if v not in ends:
                self._require(rel_type, v, end)
                ends.add(v)
            attrs = _checked((rel_type, u, v), props, declared, rel_type, exact)
            if not fast:
                if g.has_edge(u, v, key=rel_type):
                    g.edges[u, v, rel_type].update(attrs)
                else:
                    g.add_edge(sys.intern(u), sys.intern(v), key=rel_type, **{schema.TYPE: rel_type}, **attrs)
            elif (keys := succ[u].get(v)) is None:  # what g.add_edge makes, without its call: one dict of
                # edge keys shared by both directions
                u, v = sys.intern(u), sys.intern(v)
                succ[u][v] = pred[v][u] = {rel_type: {schema.TYPE: rel_type, **attrs}}
            elif rel_type in keys:
                keys[rel_type].update(attrs)
            else:
                keys[rel_type] = {schema.TYPE: rel_type, **attrs}
            n += 1
        if fast:
            g.add_edges_from(())  # public no-op: clears networkx's cache of derived data, as its methods do
        return n

    def _require(self, rel_type: str, node: str, want: str) -> None:
        """SchemaError unless ``node`` exists with label ``want`` (an end of a ``rel_type`` relationship)."""
        d = self.graph._node.get(node)  # (the dict behind the public g.nodes view)
        got = None if d is None else d[schema.LABEL]
        if got != want:
            raise SchemaError(f"{rel_type} needs a {want} node, got {node!r} ({got})")

    def add_node(self, label: str, key: str, **props: Any) -> str:
        """Add (or update) one node; returns its id (see :meth:`add_nodes_from`)."""
        self.add_nodes_from(label, [(key, props)])
        return schema.node_id(label, key)

    def add_edge(self, rel_type: str, u: str, v: str, **props: Any) -> None:
        """Add (or update) one relationship (see :meth:`add_edges_from`)."""
        self.add_edges_from(rel_type, [(u, v, props)])

    def set_node_properties(self, name: str, values: Mapping[str, Any]) -> int:
        """Set property ``name`` on existing nodes (node id -> value); ids not in the graph are ignored. The
        property must be declared for each node's label. Returns how many nodes were set."""
        nodes, n = self.graph.nodes, 0
        exact: dict[str, dict[str, type]] = {}  # label -> _exact_types of its properties
        for nid, value in values.items():
            if nid not in nodes:
                continue
            d = nodes[nid]
            label = d[schema.LABEL]
            declared = schema.NODE_PROPERTIES[label]
            if label not in exact:
                exact[label] = _exact_types(declared)
            d.update(_checked((label, d[schema.KEY]), {name: value}, declared, label, exact[label]))
            n += 1
        return n

    # ------------------------------------------------------------------------------------------ reading
    def nodes(self, label: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, attributes) of every node, or of the nodes with this label, in insertion order."""
        for n, d in self.graph.nodes(data=True):
            if label is None or d.get(schema.LABEL) == label:
                yield n, d

    def edges(self, rel_type: str | None = None) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(u, v, attributes) of every relationship, or of those of this type."""
        if rel_type is None:
            yield from self.graph.edges(data=True)
            return
        for u, v, k, d in self.graph.edges(keys=True, data=True):
            if k == rel_type:
                yield u, v, d

    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes per label and relationships per type, sorted by name."""
        nodes = Counter(d.get(schema.LABEL) for _, d in self.graph.nodes(data=True))
        edges = Counter(k for _, _, k in self.graph.edges(keys=True))
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}

    def has(self, label: str | None = None, rel_type: str | None = None) -> bool:
        """True when the graph has a node of ``label`` (or a relationship of ``rel_type``)."""
        if rel_type is not None:
            return any(True for _ in self.edges(rel_type))
        return any(True for _ in self.nodes(label))

    def require_layer(self, layer: str, owner: str) -> None:
        """ConfigError when the graph was built without ``layer`` (``build_graph(..., layers=...)``, recorded in
        ``meta["layers"]``) -- what ``owner`` needs; a graph built with every layer (no ``meta["layers"]``)
        has them all."""
        built = self.meta.get("layers")
        if built is not None and layer not in built:
            from ..errors import ConfigError

            raise ConfigError(
                f"{owner}: the graph was built without its {layer!r} layer (build_graph(..., layers={list(built)!r}));"
                f" build it with {layer!r} among the layers, or with layers=None (all)"
            )

    def reference_index(self) -> ReferenceIndex:
        """The keys of every unresolved reference (:func:`~scholargraph.graph.references.reference_index`),
        which the citation projections need and which are costly to compute. Computed on the first call and
        cached on this object (never saved) with a copy of the reference lists it came from, and recomputed
        when the graph no longer holds exactly those lists."""
        from .references import reference_index

        current = [(n, list(r)) for n, r in self.graph.nodes(data="unresolved_reference_list") if r]
        cached = self._reference_cache
        if cached is not None and cached[0] == current:
            return cached[1]
        index = reference_index(current)
        self._reference_cache = (current, index)
        return index

    def subgraph(self, node_ids: Iterable[str]) -> KnowledgeGraph:
        """A KnowledgeGraph of these nodes and the relationships among them (a copy)."""
        return KnowledgeGraph(self.graph.subgraph(node_ids).copy(), dict(self.meta))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KnowledgeGraph):
            return NotImplemented
        a, b = self.graph, other.graph
        return dict(a.nodes(data=True)) == dict(b.nodes(data=True)) and sorted(
            (u, v, k, sorted(d.items(), key=str)) for u, v, k, d in a.edges(keys=True, data=True)
        ) == sorted((u, v, k, sorted(d.items(), key=str)) for u, v, k, d in b.edges(keys=True, data=True))

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by content

    def __repr__(self) -> str:
        c = self.counts()
        return f"KnowledgeGraph({sum(c['nodes'].values())} nodes, {sum(c['edges'].values())} relationships)"
