"""Weighted, undirected projections of the KnowledgeGraph, computed with sparse matrices.

Each projection starts from an *incidence* matrix ``A`` (documents x items, ``scipy.sparse.csr_matrix``, 1 where
the document has the item): papers x authors (co-authorship), citing papers x cited works (co-citation: the
items are linked; bibliographic coupling: the documents are linked), papers x concepts, papers x topics.
Co-occurrence counts are ``A.T @ A`` (items) or ``A @ A.T`` (documents); only the upper triangle is kept and
thresholds are applied in sparse form, so no dense n x n matrix is ever made.

Result: an ``nx.Graph`` whose nodes are KnowledgeGraph node ids (or ``"Ref:<key>"`` for works cited but not in
the corpus), with node attribute ``occurrences`` (documents having the item) and edge attributes ``count`` (the
number of documents in common, an int) and ``weight`` (the normalised strength). ``G.graph`` records the
projection type and every setting. The ``to=`` option gives the same projection in another form: ``"matrix"``
(a :class:`ProjectionMatrix`: the nodes, counts and weights as sparse matrices), ``"frame"`` (a pandas edge list:
``source``, ``target``, ``count``, ``weight``) or ``"igraph"`` (an ``igraph.Graph``). The matrix and frame forms
make no Python object per edge: for millions of edges they are many times faster and lighter than a graph.

How: the counts are ``A.T @ A`` computed in row blocks, keeping only each block's upper triangle (the full
symmetric product never exists at once); the items are put in node-name order before the product, so the pairs
come out in the result's order and millions of them are never sorted again; weights and thresholds are numpy
array operations. The ``nx.Graph`` is filled from the matrices by :func:`fill_edges`.

Normalisations (``o_i`` = occurrences of i, ``c_ij`` = count, or its fractional version, ``s_i`` = total link
strength of i = sum of its c_ij, ``m`` = sum of all c_ij):

- ``"count"``: ``c_ij``
- ``"association"``: association strength as in VOSviewer, ``2 m c_ij / (s_i s_j)``
- ``"cosine"`` (Salton): ``c_ij / sqrt(o_i o_j)``
- ``"jaccard"``: ``c_ij / (o_i + o_j - c_ij)``
- ``"inclusion"``: ``c_ij / min(o_i, o_j)``

Counting: ``"full"`` -- every document adds 1 to every pair it contains; ``"fractional"`` -- a document with n
items adds ``1 / (n - 1)`` to each of its pairs, so every document weighs the same whatever its number of items
(Perianes-Rodriguez, Waltman & van Eck 2016). ``count`` always stays the full integer count.

Thresholds: items found in fewer than ``min_occurrences`` documents are left out before counting (e.g. works
cited fewer than twice in co-citation over all references; VOSviewer's minimum number of citations), edges with ``weight < min_weight`` are dropped, then, with ``top_k``, an edge is kept when it is
among the ``top_k`` strongest edges of either end (ties broken by the other node's id).

Every projection function takes the same options, described once by :class:`ProjectionOptions`
(``normalization``, ``counting``, ``min_weight``, ``top_k``, ``min_occurrences``, ``isolates``, ``to``);
an unknown option is a ConfigError naming the close match. :data:`PROJECTIONS` maps the CLI names to the
functions and :func:`project` dispatches through it.

>>> from scholargraph.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> for p in "abc":
...     _ = kg.add_node("Paper", p)
>>> for a in "xyz":
...     _ = kg.add_node("Author", a)
>>> for a, p in [("x", "a"), ("y", "a"), ("x", "b"), ("y", "b"), ("z", "b"), ("z", "c")]:
...     kg.add_edge("AUTHORED", f"Author:{a}", f"Paper:{p}")
>>> g = co_authorship(kg)
>>> sorted((u, v, d["count"]) for u, v, d in g.edges(data=True))
[('Author:x', 'Author:y', 2), ('Author:x', 'Author:z', 1), ('Author:y', 'Author:z', 1)]
>>> round(co_authorship(kg, normalization="cosine")["Author:x"]["Author:z"]["weight"], 4)
0.5
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, TypeAlias

import networkx as nx
import numpy as np
from scipy import sparse

from .._gc import paused
from .._validation import check_bool, check_choice, check_int, check_number, check_options
from ..errors import ConfigError
from . import schema
from ._names import COUNTINGS, KINDS, NORMALIZATIONS, TARGETS
from .kg import KnowledgeGraph, direct_fill_ok

if TYPE_CHECKING:
    from collections.abc import Iterable

    import igraph
    import pandas as pd

    from ..model import Corpus, Paper

__all__ = [
    "NORMALIZATIONS",
    "COUNTINGS",
    "KINDS",
    "PROJECTIONS",
    "ProjectionOptions",
    "Incidence",
    "ProjectionMatrix",
    "incidence",
    "co_authorship",
    "co_citation",
    "bibliographic_coupling",
    "concept_cooccurrence",
    "topic_cooccurrence",
    "mesh_cooccurrence",
    "project",
    "project_pairs",
]

# what a projection function returns, by its ``to=`` option
Projection: TypeAlias = "nx.Graph | ProjectionMatrix | pd.DataFrame | igraph.Graph"

# weights are compared (min_weight, top_k ranking) after rounding to this many decimals, so that sums made in a
# different order (sparse products vs loops) rank equal weights equally
_DECIMALS = 12


@dataclass
class Incidence:
    """``matrix`` (documents x items, csr, int8 ones), with the node ids of its rows and columns (in the order
    first seen in the graph)."""

    docs: list[str]
    items: list[str]
    matrix: sparse.csr_matrix


@dataclass
class ProjectionMatrix:
    """A projection as sparse matrices (what ``to="matrix"`` returns; far less memory than an ``nx.Graph``
    for millions of edges): ``nodes`` (node ids, sorted), ``occurrences`` (per node), ``count`` and ``weight``
    (``scipy.sparse.csr_matrix``, n x n, the upper triangle, every row's columns sorted: entry (a, b) with
    a < b is the edge between ``nodes[a]`` and ``nodes[b]``), ``graph`` (projection type and settings, as
    ``G.graph``). :meth:`to_networkx`, :meth:`to_frame` and :meth:`to_igraph` give exactly what the same call
    with ``to="networkx"`` (the default), ``"frame"`` or ``"igraph"`` returns.

    >>> from scholargraph.graph.kg import KnowledgeGraph
    >>> kg = KnowledgeGraph()
    >>> for k in ("a", "b", "x", "y"):
    ...     _ = kg.add_node("Paper" if k < "x" else "Author", k)
    >>> for a, p in [("x", "a"), ("y", "a"), ("x", "b"), ("y", "b")]:
    ...     kg.add_edge("AUTHORED", f"Author:{a}", f"Paper:{p}")
    >>> m = co_authorship(kg, to="matrix")
    >>> m.nodes, m.count.toarray().tolist()
    (['Author:x', 'Author:y'], [[0, 2], [0, 0]])
    >>> sorted(m.to_networkx().edges(data="count"))
    [('Author:x', 'Author:y', 2)]
    >>> m.to_frame().astype({"source": str, "target": str}).values.tolist()
    [['Author:x', 'Author:y', 2, 2.0]]
    >>> g = m.to_igraph()
    >>> g.vs["name"], g.es["count"], g["projection"]
    (['Author:x', 'Author:y'], [2], 'CO_AUTHOR')
    """

    nodes: list[str]
    occurrences: np.ndarray
    count: sparse.csr_matrix
    weight: sparse.csr_matrix
    graph: dict[str, Any]

    def _edges(self) -> tuple[np.ndarray, ...]:
        """(row, column, count, weight) of every edge, in row-major order (the order of the result's
        ``nx.Graph.edges()``)."""
        count, weight = _aligned(self.count, self.weight)
        rows = np.repeat(np.arange(count.shape[0], dtype=count.indices.dtype), np.diff(count.indptr))
        return rows, count.indices, count.data, weight.data

    @paused()
    def to_networkx(self) -> nx.Graph:
        """The ``nx.Graph``: node attribute ``occurrences``, edge attributes ``count`` and ``weight``, settings
        in ``G.graph``; nodes in name order, every node's neighbours in node order (see :func:`fill_edges`)."""
        g = nx.Graph(**self.graph)
        fill_edges(g, self.nodes, self.count, self.weight, occurrences=self.occurrences)
        return g

    def to_frame(self) -> Any:
        """The edge list as a pandas DataFrame: ``source``, ``target`` (categoricals whose categories are
        ``nodes``: ``df.source.cat.codes`` are node positions, ``df.source.astype(str)`` the ids), ``count``
        (int64) and ``weight`` (float64), one row per edge, ``source < target``, in row-major order;
        ``df.attrs`` holds the projection type and settings. Node occurrences (and isolates) are in the matrix
        form (``nodes``, ``occurrences``)."""
        import pandas as pd

        rows, cols, count, weight = self._edges()
        nodes = pd.CategoricalDtype(pd.Index(self.nodes, dtype=object))
        df = pd.DataFrame(
            {
                "source": pd.Categorical.from_codes(rows, dtype=nodes),
                "target": pd.Categorical.from_codes(cols, dtype=nodes),
                "count": count.astype(np.int64, copy=False),
                "weight": weight.astype(np.float64, copy=False),
            },
            copy=False,
        )
        df.attrs.update(self.graph)
        return df

    def to_igraph(self) -> Any:
        """The ``igraph.Graph`` (undirected): vertex attributes ``name`` and ``occurrences``, edge attributes
        ``count`` and ``weight``, the settings as graph attributes; vertices in node order, edges in row-major
        order (edge ``k`` is row ``k`` of :meth:`to_frame`)."""
        import igraph as ig

        rows, cols, count, weight = self._edges()
        # a list of tuples: python-igraph converts a NumPy edge array through lists of lists, slower
        g = ig.Graph(n=len(self.nodes), edges=list(zip(rows.tolist(), cols.tolist(), strict=True)))
        g.vs["name"] = list(self.nodes)
        g.vs["occurrences"] = self.occurrences.tolist()
        g.es["count"] = count.tolist()
        g.es["weight"] = weight.tolist()
        for key, value in self.graph.items():
            g[key] = value
        return g


def _factorize(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """Codes in first-seen order (deterministic for a given graph; output nodes are sorted later)."""
    index: dict[str, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64, count=len(values))
    return codes, list(index)


def _from_pairs(docs: list[str], items: list[str], max_items: int | None, min_occurrences: int) -> Incidence:
    """Incidence matrix from parallel lists (document, item) (repeats allowed)."""
    d_codes, d_names = _factorize(docs)
    i_codes, i_names = _factorize(items)
    return _from_codes(d_codes, d_names, i_codes, i_names, max_items, min_occurrences)


def _from_codes(d_codes, d_names, i_codes, i_names, max_items: int | None, min_occurrences: int) -> Incidence:
    """Incidence matrix from parallel code arrays (document, item) into the name lists (repeats allowed)."""
    if not len(d_codes):
        return Incidence([], [], sparse.csr_matrix((0, 0), dtype=np.int8))
    m = sparse.csr_matrix(
        (np.ones(len(d_codes), dtype=np.int8), (d_codes, i_codes)), shape=(len(d_names), len(i_names))
    )
    m.sum_duplicates()
    m.data[:] = 1
    keep_rows = np.ones(m.shape[0], dtype=bool)
    if max_items is not None:
        keep_rows &= np.diff(m.indptr) <= max_items
    m = m[keep_rows]
    keep_cols = np.asarray(m.sum(axis=0)).ravel() >= max(min_occurrences, 1)
    m = m[:, keep_cols].tocsr()
    rows_left = np.diff(m.indptr) > 0
    m = m[rows_left]
    doc_names = np.asarray(d_names, dtype=object)[keep_rows][rows_left].tolist()
    return Incidence(doc_names, np.asarray(i_names, dtype=object)[keep_cols].tolist(), m.tocsr())


@paused()
def incidence(
    kg: KnowledgeGraph,
    kind: str,
    *,
    all_refs: bool = False,
    max_items: int | None = None,
    min_occurrences: int = 1,
    major_only: bool = False,
) -> Incidence:
    """The documents x items incidence matrix of a projection kind.

    ``kind``: ``"authors"`` (papers x authors), ``"references"`` (citing papers x cited works: CITES targets, plus
    with ``all_refs`` every unresolved reference keyed by :func:`reference_key`), ``"concepts"`` (papers x
    concepts), ``"topics"`` (papers x topics), ``"mesh"`` (papers x MeSH descriptors; ``major_only``: the major
    headings only). Documents with more than ``max_items`` items are left out (e.g. hyper-authored papers in
    co-authorship), then items in fewer than ``min_occurrences`` documents.
    """
    rel = {
        "authors": schema.AUTHORED,
        "references": schema.CITES,
        "concepts": schema.MENTIONS,
        "topics": schema.HAS_TOPIC,
        "mesh": schema.HAS_MESH,
    }
    check_choice(kind, "kind", "incidence", tuple(rel))
    needs = {
        "authors": ("authors", "co_authorship"),
        "references": ("citations", "bibliographic_coupling / co_citation"),
        "mesh": ("mesh", "mesh_cooccurrence"),
    }
    if kind in needs:
        kg.require_layer(*needs[kind])
    want = rel[kind]
    docs: list[str] = []
    items: list[str] = []
    if major_only:
        edges = ((u, v) for u, v, k, major in kg.graph.edges(keys=True, data="major") if k == want and major)
    else:
        edges = ((u, v) for u, v, k in kg.graph.edges(keys=True) if k == want)
    for u, v in edges:
        docs.append(u)
        items.append(v)
    if kind == "authors":
        docs, items = items, docs
    if not (kind == "references" and all_refs):
        return _from_pairs(docs, items, max_items, min_occurrences)
    # CITES targets first, then the cited works outside the corpus (codes from the graph's reference index)
    d_codes, d_names = _factorize(docs)
    i_codes, i_names = _factorize(items)
    ix = kg.reference_index()
    holders, indptr, ref_codes, ref_names = ix.holders, ix.indptr, ix.codes, ix.names
    d_index = dict(zip(d_names, range(len(d_names)), strict=True))
    holder_codes = np.fromiter(
        (d_index.setdefault(n, len(d_index)) for n in holders), dtype=np.int64, count=len(holders)
    )
    return _from_codes(
        np.concatenate([d_codes, np.repeat(holder_codes, np.diff(indptr))]),
        list(d_index),
        np.concatenate([i_codes, ref_codes + len(i_names)]),
        i_names + ref_names,
        max_items,
        min_occurrences,
    )


# ------------------------------------------------------------------------------------------------ sparse core

# product entries (before the upper triangle is taken) computed at once: bounds the transient memory of a
# projection with millions of pairs (the full product of co-citation over every cited work of the WoS set has
# 18.8 M entries, twice the pairs, plus the diagonal)
_BLOCK = 1 << 22


def _upper(p: sparse.csr_matrix, first_row: int) -> sparse.csr_matrix:
    """The entries of ``p`` (rows ``first_row``... of a square product) right of the diagonal, every row's
    columns sorted."""
    rows = np.repeat(np.arange(first_row, first_row + p.shape[0], dtype=p.indices.dtype), np.diff(p.indptr))
    keep = p.indices > rows
    indptr = np.zeros(p.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows[keep] - first_row, minlength=p.shape[0]), out=indptr[1:])
    up = sparse.csr_matrix((p.data[keep], p.indices[keep], indptr), shape=p.shape)
    up.sort_indices()
    return up


def _upper_pairs(a: sparse.csr_matrix, counting: str) -> tuple[np.ndarray, ...]:
    """Every item pair i < j co-occurring in a document of ``a`` (documents x items, 0/1), in CSR layout over
    the items: ``(indptr, j, count, strength)``, row i's columns sorted. ``strength`` is the count, or with
    fractional counting the sum over the pair's documents of 1 / (n - 1) for a document of n items.

    ``a.T @ a`` row block by row block (:data:`_BLOCK` product entries at a time), keeping only the upper
    triangle of each block, so the full symmetric product never exists at once."""
    a = a.astype(np.int32)  # counts fit; the 0/1 int8 incidence would overflow in the product
    at = a.T.tocsr()
    frac = None
    if counting == "fractional":
        n = np.diff(a.indptr)
        share = np.zeros(len(n))
        share[n > 1] = 1.0 / (n[n > 1] - 1)
        frac = (sparse.diags(share) @ a.astype(np.float64)).tocsr()
    # product entries each item row can make: the sizes of its documents, summed
    work = np.concatenate([[0], np.cumsum(at @ np.diff(a.indptr).astype(np.int64))])
    starts = [0]
    while starts[-1] < at.shape[0]:
        r0 = starts[-1]
        r1 = int(np.searchsorted(work, work[r0] + _BLOCK, side="right")) - 1
        starts.append(min(at.shape[0], max(r1, r0 + 1)))
    counts, cols, data, strength = [], [], [], []
    for r0, r1 in zip(starts[:-1], starts[1:], strict=True):
        block = at[r0:r1]
        up = _upper(block @ a, r0)
        counts.append(np.diff(up.indptr))
        cols.append(up.indices)
        data.append(up.data)
        if frac is not None:
            upf = _upper(block @ frac, r0)
            # every pair comes from a document with n > 1 items, so both have the same sparsity pattern
            assert np.array_equal(upf.indptr, up.indptr) and np.array_equal(upf.indices, up.indices)
            strength.append(upf.data)
        del block, up
    indptr = np.zeros(at.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.concatenate(counts) if counts else [], out=indptr[1:])
    j = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int32)
    c = np.concatenate(data).astype(np.int64) if data else np.zeros(0, dtype=np.int64)
    s = np.concatenate(strength) if frac is not None and strength else c.astype(np.float64)
    return indptr, j, c, s


def _normalise(i, j, c, s, occ, normalization: str) -> np.ndarray:
    occ = occ.astype(np.float64)
    if normalization == "count":
        return s.astype(np.float64)
    if normalization == "association":
        n = len(occ)
        tls = np.bincount(i, weights=s, minlength=n) + np.bincount(j, weights=s, minlength=n)
        m = s.sum()
        return 2.0 * m * s / (tls[i] * tls[j])
    if normalization == "cosine":
        return s / np.sqrt(occ[i] * occ[j])
    if normalization == "jaccard":
        return s / (occ[i] + occ[j] - s)
    return s / np.minimum(occ[i], occ[j])  # inclusion


def _top_k(i, j, w, k: int) -> np.ndarray:
    """Mask of edges that are among the k strongest of either end (ties: the other node's position, which is
    its name's rank: the items are in name order)."""
    keep = np.zeros(len(w), dtype=bool)
    ends, other = np.concatenate([i, j]), np.concatenate([j, i])
    edge = np.concatenate([np.arange(len(w)), np.arange(len(w))])
    order = np.lexsort((other, -np.concatenate([w, w]), ends))
    e = ends[order]
    start = np.r_[0, np.flatnonzero(np.diff(e)) + 1]
    pos = np.arange(len(e)) - np.repeat(start, np.diff(np.r_[start, len(e)]))
    keep[edge[order[pos < k]]] = True
    return keep


def _by_name(a: sparse.csr_matrix, names: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """``a`` with its columns in the order of their names (the order of the result's nodes), and the names
    sorted."""
    order = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(names), dtype=np.int32)
    rank[order] = np.arange(len(names), dtype=np.int32)
    ranked = sparse.csr_matrix((a.data, rank[a.indices], a.indptr), shape=a.shape)
    ranked.sort_indices()
    return ranked, [names[x] for x in order]


# ----------------------------------------------------------------------------------------------- public API


def _aligned(count: sparse.spmatrix, weight: sparse.spmatrix) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """``count`` and ``weight`` as CSR with sorted columns; ValueError unless they have the same entries."""
    count, weight = count.tocsr(), weight.tocsr()
    count.sort_indices()
    weight.sort_indices()
    if not (np.array_equal(count.indptr, weight.indptr) and np.array_equal(count.indices, weight.indices)):
        raise ValueError("count and weight must have the same sparsity pattern")
    return count, weight


def _fast_fill_ok(g: nx.Graph) -> bool:
    """Whether ``g`` keeps its adjacency the way the fast fill expects: networkx 3.x, a plain undirected
    ``nx.Graph`` whose ``_adj`` and ``_node`` are the dicts behind the public ``g.adj`` and ``g.nodes`` views
    (:func:`~scholargraph.graph.kg.direct_fill_ok`). Anything else (another major version, a subclass, a
    custom dict factory) takes the public path."""
    return direct_fill_ok(g, nx.Graph)


class _EdgeAttrs:
    """Maker of edge attribute dicts: the ``__dict__`` of an instance is an ordinary ``dict``, but one whose
    keys table is shared by every instance of the class (CPython's key-sharing dictionaries, PEP 412), so an
    edge's ``{"count": c, "weight": w}`` takes 88 bytes instead of a dict literal's 184 (9.3 M edges: 0.9 GB
    less). It behaves as any dict (a new key, a deletion: CPython gives that dict its own table)."""

    __slots__ = ("__dict__",)


class _NodeAttrs:
    """Maker of node attribute dicts, as :class:`_EdgeAttrs`."""

    __slots__ = ("__dict__",)


def _edge_dict(count: int, weight: float, cls: type = _EdgeAttrs) -> dict[str, Any]:
    e = cls()
    e.count = count
    e.weight = weight
    return e.__dict__


def _node_dict(occurrences: int, cls: type = _NodeAttrs) -> dict[str, Any]:
    e = cls()
    e.occurrences = occurrences
    return e.__dict__


def _templates(count: np.ndarray, weight: np.ndarray) -> np.ndarray | None:
    """When every edge's weight is its count (count normalisation, full counting: the default) and the counts are
    small: an object array whose entry c is the attribute dict ``{"count": c, "weight": float(c)}`` (shared
    keys, :class:`_EdgeAttrs`), so each edge's own dict is ``dict.copy`` of its count's entry -- made in C, a
    third of the time of building it attribute by attribute, the same dict (a split-table copy keeps the shared
    keys: the same 88 bytes). Else None."""
    top = int(count.max()) if len(count) else 0
    if top >= 1 << 20 or (len(count) and int(count.min()) < 0) or not np.array_equal(weight, count):
        return None
    out = np.empty(top + 1, dtype=object)
    out[:] = [_edge_dict(c, float(c)) for c in range(top + 1)]
    return out


def _values(count: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Arrays whose ``[a:b].tolist()`` are the Python objects of the edges' counts and weights, for weights
    that are not the counts (those take :func:`_templates`): an object array of one int object per distinct
    count, instead of one object per edge; the weights as they are. Counts too large or negative: the numeric
    arrays themselves."""
    top = int(count.max()) if len(count) else 0
    if top >= 1 << 20 or (len(count) and int(count.min()) < 0):
        return count, weight
    ints = np.empty(top + 1, dtype=object)
    ints[:] = list(range(top + 1))
    return ints[count], weight


def fill_edges(
    g: nx.Graph,
    nodes: list[str],
    count: sparse.spmatrix,
    weight: sparse.spmatrix,
    *,
    occurrences: np.ndarray | None = None,
    fast: bool = True,
) -> None:
    """Add the edges of the upper-triangular ``count``/``weight`` matrices (entry (a, b), a < b, is the edge
    between ``nodes[a]`` and ``nodes[b]``, attributes ``count`` and ``weight``) to ``g``, whose nodes are
    ``nodes`` in that order; with ``occurrences`` the nodes are added first (attribute ``occurrences``).

    The result is exactly the graph ``g.add_nodes_from`` + ``g.add_edges_from`` make (the public path, taken
    with ``fast=False`` or when :func:`_fast_fill_ok` says networkx is not the version this was written for).
    The fast path fills networkx's node and adjacency dicts directly -- its one reach into networkx internals:
    every node's neighbours in g's node order (the lower ones from the transposed matrix, then the upper
    ones), one attribute dict per edge shared by both directions as networkx keeps it, made with shared keys
    (:class:`_EdgeAttrs`: copies of one template per count where the weights are the counts, :func:`_templates`;
    else shared count objects, :func:`_values`), in row blocks so no list spans
    all 2m entries. A test checks that both paths give equal graphs.
    """
    count, weight = _aligned(count, weight)
    fast = fast and _fast_fill_ok(g) and not (occurrences is not None and len(g))
    if occurrences is not None:
        occ = occurrences.tolist() if isinstance(occurrences, np.ndarray) else list(occurrences)
        if fast:
            g._node.update(zip(nodes, map(_node_dict, occ), strict=True))
            g._adj.update((n, {}) for n in nodes)
            g.add_nodes_from(())  # public no-op: clears networkx's cache of derived data, as its methods do
        else:
            g.add_nodes_from((n, {"occurrences": o}) for n, o in zip(nodes, occ, strict=True))
    if not count.nnz:
        return
    if not fast:
        rows = np.repeat(np.arange(count.shape[0]), np.diff(count.indptr)).tolist()
        g.add_edges_from(
            (nodes[a], nodes[b], {"count": c, "weight": w})
            for a, b, c, w in zip(
                rows, count.indices.tolist(), count.data.tolist(), weight.data.tolist(), strict=True
            )
        )
        return
    m = count.nnz
    templates = _templates(count.data, weight.data)
    counts, weights = _values(count.data, weight.data) if templates is None else (None, None)
    attrs = np.empty(m, dtype=object)  # edge number (row-major position in count) -> its attribute dict
    # row r of the transpose: the nodes a < r linked to r, in order, with the numbers of those edges
    ids = np.arange(m, dtype=np.int64 if m >= 1 << 31 else np.int32)
    lower = sparse.csr_matrix((ids, count.indices, count.indptr), shape=count.shape).T.tocsr()
    del ids
    lower.sort_indices()
    names = np.asarray(nodes, dtype=object)
    adj = g._adj  # networkx's adjacency dict-of-dicts (the nodes exist already; see _fast_fill_ok)
    up_ptr, low_ptr = count.indptr, lower.indptr
    both = up_ptr + low_ptr
    step = 1 << 18
    row = 0
    n = len(nodes)
    while row < n:
        stop = int(np.searchsorted(both, both[row] + step, side="right")) - 1
        stop = min(n, max(stop, row + 1))
        ulo, uhi = int(up_ptr[row]), int(up_ptr[stop])
        # this block's upper edges get their dicts now; its lower edges come from rows before, or this block
        if templates is None:
            up_at = list(map(_edge_dict, counts[ulo:uhi].tolist(), weights[ulo:uhi].tolist()))
        else:
            up_at = list(map(dict.copy, templates[count.data[ulo:uhi]].tolist()))
        # (fromiter: numpy's assignment of a list to an object array inspects every item, 4x slower)
        attrs[ulo:uhi] = np.fromiter(up_at, dtype=object, count=len(up_at))
        up_nb = names[count.indices[ulo:uhi]].tolist()
        up_b = (up_ptr[row : stop + 1] - ulo).tolist()
        llo, lhi = int(low_ptr[row]), int(low_ptr[stop])
        low_nb = names[lower.indices[llo:lhi]].tolist()
        low_at = attrs[lower.data[llo:lhi]].tolist()
        low_b = (low_ptr[row : stop + 1] - llo).tolist()
        for r in range(row, stop):
            k = r - row
            d = adj[nodes[r]]
            a, b = low_b[k], low_b[k + 1]
            if a < b:
                d.update(zip(low_nb[a:b], low_at[a:b], strict=True))
            a, b = up_b[k], up_b[k + 1]
            if a < b:
                d.update(zip(up_nb[a:b], up_at[a:b], strict=True))
        row = stop
    g.add_edges_from(())  # public no-op: clears networkx's cache of derived data, as its methods do


@dataclass(frozen=True)
class ProjectionOptions:
    """The options every projection function takes (as keyword arguments).

    - ``normalization``: ``"count"`` (default), ``"association"``, ``"cosine"``, ``"jaccard"`` or ``"inclusion"``
      (see the module docstring).
    - ``counting``: ``"full"`` (default) or ``"fractional"``.
    - ``min_weight``: drop edges whose weight is below this (default 0).
    - ``top_k``: keep an edge only when it is among the ``top_k`` strongest of either end (default None: all).
    - ``min_occurrences``: leave out items found in fewer documents before counting (default 1).
    - ``isolates``: keep items that have no edge as nodes (default False).
    - ``to``: what to return -- ``"networkx"`` (default: an ``nx.Graph``), ``"matrix"`` (a
      :class:`ProjectionMatrix`: sparse matrices), ``"frame"`` (a pandas edge-list DataFrame, see
      :meth:`ProjectionMatrix.to_frame`) or ``"igraph"`` (an ``igraph.Graph``). The same projection in each
      form; the matrix and frame forms make no Python object per edge, so they are the fast and light ones
      for millions of edges.
    - ``as_matrix``: ``True`` is ``to="matrix"`` (kept for earlier callers; default False).

    >>> ProjectionOptions.of("co_citation", {"normalization": "cosine"}).normalization
    'cosine'
    >>> ProjectionOptions.of("co_citation", {"as_matrix": True}).to
    'matrix'
    >>> ProjectionOptions.of("co_citation", {"normalisation": "cosine"})
    Traceback (most recent call last):
    ...
    scholargraph.errors.ConfigError: The 'normalisation' parameter of co_citation is not an option of this projection (did you mean 'normalization'?); options: 'as_matrix', 'counting', 'isolates', 'min_occurrences', 'min_weight', 'normalization', 'to', 'top_k'.
    """

    normalization: str = "count"
    counting: str = "full"
    min_weight: float = 0.0
    top_k: int | None = None
    min_occurrences: int = 1
    isolates: bool = False
    to: str = "networkx"
    as_matrix: bool = False

    @classmethod
    def of(cls, owner: str, options: dict[str, Any]) -> ProjectionOptions:
        """The options of a call to ``owner`` (a projection function), every one validated."""
        check_options(options, [f.name for f in fields(cls)], owner, what="an option of this projection")
        opts = cls(**options)
        check_choice(opts.normalization, "normalization", owner, NORMALIZATIONS)
        check_choice(opts.counting, "counting", owner, COUNTINGS)
        check_number(opts.min_weight, "min_weight", owner, low=0)
        check_int(opts.top_k, "top_k", owner, low=1, none_ok=True)
        check_int(opts.min_occurrences, "min_occurrences", owner, low=1)
        check_bool(opts.isolates, "isolates", owner)
        check_choice(opts.to, "to", owner, TARGETS)
        check_bool(opts.as_matrix, "as_matrix", owner)
        if opts.as_matrix:
            if opts.to not in ("networkx", "matrix") or ("to" in options and opts.to != "matrix"):
                raise ConfigError(
                    f"The 'as_matrix' parameter of {owner} is to='matrix', but to={opts.to!r} was given too; "
                    "give only to=."
                )
            opts = replace(opts, to="matrix")
        return opts


# what each form of a projection is made by, from its ProjectionMatrix
_FORMS: dict[str, Callable[[ProjectionMatrix], Any]] = {
    "networkx": ProjectionMatrix.to_networkx,
    "matrix": lambda m: m,
    "frame": ProjectionMatrix.to_frame,
    "igraph": ProjectionMatrix.to_igraph,
}
assert tuple(_FORMS) == TARGETS


# a networkx result of this many edges or more is followed by one full collection (see _gc.paused): its millions of
# objects would otherwise be walked again twice by the collector in the caller's next steps
_COLLECT_EDGES = 1_000_000


def _project(inc: Incidence, ptype: str, on: str, opts: ProjectionOptions, settings: dict[str, Any]) -> Any:
    with paused():
        result = _matrix(inc, ptype, on, opts, settings)
    return _form(result, opts)


def _form(result: ProjectionMatrix, opts: ProjectionOptions) -> Any:
    """The projection in the form ``opts.to`` asks for."""
    if opts.to == "matrix":
        return result
    # only the networkx form leaves an object per edge behind for the collector; the frame and igraph forms
    # hold the edges in arrays (a full collection after them would walk the caller's heap for nothing)
    big = opts.to == "networkx" and result.count.nnz >= _COLLECT_EDGES
    with paused(collect=big):
        return _FORMS[opts.to](result)


def _pairs(a: sparse.csr_matrix, names: list[str], opts: ProjectionOptions) -> tuple[Any, ...]:
    """The co-occurrence of the items (columns of ``a``): ``(names, i, j, count, weight, occurrences)`` with
    the items put in name order (``names`` sorted; ``i``, ``j`` positions in it, i < j, row-major), weights
    normalised and thresholds applied."""
    # the items in name order from the start: the result's order, so millions of pairs are never re-sorted
    a, names = _by_name(a, names)
    n = len(names)
    occ = np.bincount(a.indices, minlength=n).astype(np.int64)
    indptr, j, c, s = _upper_pairs(a, opts.counting)
    i = np.repeat(np.arange(n, dtype=j.dtype), np.diff(indptr))
    del indptr
    return (names, *_threshold(i, j, c, s, occ, opts))


def _threshold(i, j, c, s, occ, opts: ProjectionOptions) -> tuple[np.ndarray, ...]:
    """Normalised weights, then ``min_weight`` and ``top_k`` applied (the items in name order):
    ``(i, j, count, weight, occurrences)``."""
    w = _normalise(i, j, c, s, occ, opts.normalization)
    del s
    if opts.top_k is None and len(w):
        # rounding is monotone, so the least rounded weight is the rounded least weight: when it passes, every
        # pair does (the usual case, no threshold asked), and millions of weights need no rounded copy
        least = float(np.round(w.min(), _DECIMALS))
        if least >= opts.min_weight and least > 0:
            return i, j, c, w, occ
    wr = np.round(w, _DECIMALS)
    mask = (wr >= opts.min_weight) & (wr > 0)
    if not mask.all():
        i, j, c, w, wr = i[mask], j[mask], c[mask], w[mask], wr[mask]
    del mask
    if opts.top_k is not None and len(w):
        keep = _top_k(i, j, wr, opts.top_k)
        i, j, c, w = i[keep], j[keep], c[keep], w[keep]
    return i, j, c, w, occ


def _sparse_pairs(a: sparse.csr_matrix, counting: str) -> tuple[np.ndarray, ...]:
    """``(i, j, count, strength, occurrences)`` for every item pair i < j co-occurring in a document of ``a``,
    in row-major order of ``a``'s own columns: the counts :mod:`scholargraph.scale.projections` computes per
    bucket and sums."""
    occ = np.asarray(a.astype(np.int64).sum(axis=0)).ravel()
    indptr, j, c, s = _upper_pairs(a.tocsr(), counting)
    i = np.repeat(np.arange(a.shape[1], dtype=np.int64), np.diff(indptr))
    return i, j.astype(np.int64), c, s, occ


def project_pairs(
    names: list[str],
    i: np.ndarray,
    j: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    occ: np.ndarray,
    ptype: str,
    opts: ProjectionOptions,
    settings: dict[str, Any],
) -> Any:
    """The projection ``ptype`` from its co-occurrence counts: ``names`` of the items (columns), and for every
    item pair i < j sharing a document, the full count ``c`` and the strength ``s`` (``c``, or its fractional
    version), with ``occ``, every item's number of documents. The normalisation, thresholds, node order and
    result form (``opts.to``) are those of every projection here; :mod:`scholargraph.scale.projections`
    computes the counts on a Dask cluster and finishes with this."""
    n = len(names)
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    c, s = np.asarray(c), np.asarray(s, dtype=np.float64)
    if all(x < y for x, y in zip(names, names[1:], strict=False)):
        # already in name order (the Dask engine's vocabularies are sorted): positions are ranks
        sorted_names, lo, hi, sorted_occ = list(names), i, j, np.asarray(occ, dtype=np.int64)
    else:
        order = sorted(range(n), key=names.__getitem__)
        rank = np.empty(n, dtype=np.int64)
        rank[np.asarray(order, dtype=np.int64)] = np.arange(n, dtype=np.int64)
        ri, rj = rank[i], rank[j]
        lo, hi = np.minimum(ri, rj), np.maximum(ri, rj)
        del ri, rj
        sorted_occ = np.empty(n, dtype=np.int64)
        sorted_occ[rank] = np.asarray(occ, dtype=np.int64)
        sorted_names = [names[x] for x in order]
    # row-major order of the pairs; the Dask engine's come sorted (one linear check instead of a sort)
    key = lo * max(n, 1) + hi
    if len(key) > 1 and not bool(np.all(key[1:] > key[:-1])):
        first = np.argsort(key, kind="stable")
        lo, hi, c, s = lo[first], hi[first], c[first], s[first]
    del key
    pairs = _threshold(lo, hi, c, s, sorted_occ, opts)
    return _form(_assemble(sorted_names, *pairs, ptype, opts, settings), opts)


def _sparse_projection(names: list[str], a: sparse.csr_matrix, **options: Any) -> tuple[np.ndarray, ...]:
    """``(i, j, count, weight, occurrences)`` of :func:`_pairs` in the incidence's own item order (i < j,
    sorted): what the pairwise-loop oracle of tests/_support gives, for the graph benchmark's comparison."""
    opts = ProjectionOptions.of("_sparse_projection", options)
    order = np.asarray(sorted(range(len(names)), key=names.__getitem__), dtype=np.int64)
    _, i, j, c, w, occ = _pairs(a, names, opts)
    lo, hi = np.minimum(order[i], order[j]), np.maximum(order[i], order[j])
    first = np.lexsort((hi, lo))
    occurrences = np.empty_like(occ)
    occurrences[order] = occ
    return lo[first], hi[first], c[first], w[first], occurrences


def _matrix(
    inc: Incidence, ptype: str, on: str, opts: ProjectionOptions, settings: dict[str, Any]
) -> ProjectionMatrix:
    a, names = inc.matrix, inc.items
    if on == "docs":  # link the documents (coupling): transpose so the documents are the items
        a, names = inc.matrix.T.tocsr(), inc.docs
    return _assemble(*_pairs(a, names, opts), ptype, opts, settings)


def _assemble(
    names: list[str],
    i: Any,
    j: Any,
    c: Any,
    w: Any,
    occ: Any,
    ptype: str,
    opts: ProjectionOptions,
    settings: dict[str, Any],
) -> ProjectionMatrix:
    """The ProjectionMatrix of the pairs of :func:`_pairs` (items in name order, i < j, row-major)."""
    n = len(names)
    # the nodes: the items with an edge (with isolates, every item), still in name order
    rows = np.bincount(i, minlength=n)
    keep_nodes = occ > 0 if opts.isolates else (rows + np.bincount(j, minlength=n)) > 0
    del i
    kept = np.flatnonzero(keep_nodes)
    position = (np.cumsum(keep_nodes) - 1).astype(j.dtype)
    indptr = np.zeros(len(kept) + 1, dtype=np.int64)
    np.cumsum(rows[kept], out=indptr[1:])
    j = position[j]
    shape = (len(kept), len(kept))
    attrs = {"projection": ptype, "normalization": opts.normalization, "counting": opts.counting,
             "min_weight": opts.min_weight, "top_k": opts.top_k, "min_occurrences": opts.min_occurrences,
             **settings}  # fmt: skip
    result = ProjectionMatrix(
        nodes=[names[x] for x in kept.tolist()],
        occurrences=occ[kept],
        count=sparse.csr_matrix((c, j, indptr), shape=shape),
        weight=sparse.csr_matrix((w, j.copy(), indptr.copy()), shape=shape),
        graph=attrs,
    )
    del c, w, j
    return result


def co_authorship(
    kg: KnowledgeGraph | Corpus | Iterable[Paper], *, max_authors: int | None = None, **options: Any
) -> Projection:
    """Authors linked by the papers they wrote together (CO_AUTHOR). ``max_authors`` leaves out papers with more
    authors (VOSviewer's 'ignore documents with many authors'; None keeps every paper). ``options``: see
    :class:`ProjectionOptions`.

    ``kg``: a KnowledgeGraph built with its authors, or the Corpus (or papers) itself: then the authors are keyed
    as :func:`~scholargraph.graph.build.build_graph` keys them (the same nodes and edges as the co-authorship of
    ``build_graph(corpus)``) without building the rest of the graph -- on the WoS set a third of the time of
    building the graph's authors layer. (The record of which names were merged, ``kg.meta["author_identity"]``
    of the graph, is the third item of :func:`~scholargraph.graph.build.authorship` of the corpus.)"""
    opts = ProjectionOptions.of("co_authorship", options)
    check_int(max_authors, "max_authors", "co_authorship", low=1, none_ok=True)
    if isinstance(kg, KnowledgeGraph):
        inc = incidence(kg, "authors", max_items=max_authors, min_occurrences=opts.min_occurrences)
    else:
        from .build import authorship

        with paused():
            papers, authors, _ = authorship(kg, "The 'kg' parameter of co_authorship", "a KnowledgeGraph, ")
            codes, keys = _factorize([a for paper_keys in authors for a in paper_keys])
            docs = np.repeat(np.arange(len(papers), dtype=np.int64), [len(a) for a in authors])
            names = [schema.node_id(schema.AUTHOR, a) for a in keys]
            inc = _from_codes(docs, papers, codes, names, max_authors, opts.min_occurrences)
    return _project(inc, schema.CO_AUTHOR, "items", opts, {"max_authors": max_authors})


def co_citation(kg: KnowledgeGraph, *, all_refs: bool = False, **options: Any) -> Projection:
    """Works linked by the papers that cite both (CO_CITED). Default: corpus papers only (CITES targets); with
    ``all_refs=True`` also every cited work outside the corpus, as ``Ref:<reference_key>`` nodes.
    ``options``: see :class:`ProjectionOptions`."""
    opts = ProjectionOptions.of("co_citation", options)
    check_bool(all_refs, "all_refs", "co_citation")
    inc = incidence(kg, "references", all_refs=all_refs, min_occurrences=opts.min_occurrences)
    return _project(inc, schema.CO_CITED, "items", opts, {"all_refs": all_refs})


def bibliographic_coupling(kg: KnowledgeGraph, *, all_refs: bool = True, **options: Any) -> Projection:
    """Corpus papers linked by the works they both cite (COUPLED). By default every reference counts, inside
    the corpus or not (``all_refs=False``: only references resolved to corpus papers). ``options``: see
    :class:`ProjectionOptions`."""
    opts = ProjectionOptions.of("bibliographic_coupling", options)
    check_bool(all_refs, "all_refs", "bibliographic_coupling")
    inc = incidence(kg, "references", all_refs=all_refs, min_occurrences=opts.min_occurrences)
    return _project(inc, schema.COUPLED, "docs", opts, {"all_refs": all_refs})


def concept_cooccurrence(kg: KnowledgeGraph, **options: Any) -> Projection:
    """Concepts linked by the papers that mention both (CO_OCCURS). ``options``: see :class:`ProjectionOptions`."""
    opts = ProjectionOptions.of("concept_cooccurrence", options)
    inc = incidence(kg, "concepts", min_occurrences=opts.min_occurrences)
    return _project(inc, schema.CO_OCCURS, "items", opts, {"items": "concepts"})


def topic_cooccurrence(kg: KnowledgeGraph, **options: Any) -> Projection:
    """Topics linked by the papers that have both (CO_OCCURS over HAS_TOPIC). ``options``: see
    :class:`ProjectionOptions`."""
    opts = ProjectionOptions.of("topic_cooccurrence", options)
    inc = incidence(kg, "topics", min_occurrences=opts.min_occurrences)
    return _project(inc, schema.CO_OCCURS, "items", opts, {"items": "topics"})


def mesh_cooccurrence(kg: KnowledgeGraph, *, major_only: bool = False, **options: Any) -> Projection:
    """MeSH descriptors linked by the papers indexed with both (CO_OCCURS over HAS_MESH); ``major_only``
    keeps only the headings marked as a major topic of the paper. ``options``: see :class:`ProjectionOptions`."""
    opts = ProjectionOptions.of("mesh_cooccurrence", options)
    check_bool(major_only, "major_only", "mesh_cooccurrence")
    inc = incidence(kg, "mesh", min_occurrences=opts.min_occurrences, major_only=major_only)
    return _project(inc, schema.CO_OCCURS, "items", opts, {"items": "mesh", "major_only": major_only})


# projection name (CLI, project()) -> function; the names are graph._names.KINDS (no heavy imports there)
PROJECTIONS: dict[str, Callable[..., Projection]] = {
    "co-authorship": co_authorship,
    "co-citation": co_citation,
    "coupling": bibliographic_coupling,
    "concepts": concept_cooccurrence,
    "topics": topic_cooccurrence,
    "mesh": mesh_cooccurrence,
}
assert tuple(PROJECTIONS) == tuple(KINDS)


def project(kg: KnowledgeGraph, kind: str, **options: Any) -> Projection:
    """The projection named ``kind`` (one of :data:`PROJECTIONS`: ``co-authorship``, ``co-citation``,
    ``coupling``, ``concepts``, ``topics``; ``_`` or a space for ``-`` is accepted); ``options`` go to that
    function."""
    name = re.sub(r"[_ ]", "-", str(kind).lower())
    check_choice(name, "kind", "project", tuple(PROJECTIONS))
    return PROJECTIONS[name](kg, **options)
