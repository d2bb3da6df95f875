"""Weighted, undirected projections of the KnowledgeGraph, computed with sparse matrices.

Each projection starts from an *incidence* matrix ``A`` (documents x items, ``scipy.sparse.csr_matrix``, 1 where
the document has the item): papers x authors (co-authorship), citing papers x cited works (co-citation: the
items are linked; bibliographic coupling: the documents are linked), papers x concepts, papers x topics.
Co-occurrence counts are ``A.T @ A`` (items) or ``A @ A.T`` (documents); only the upper triangle is kept and
thresholds are applied in sparse form, so no dense n x n matrix is ever made.

Result: an ``nx.Graph`` whose nodes are KnowledgeGraph node ids (or ``"Ref:<key>"`` for works cited but not in
the corpus), with node attribute ``occurrences`` (documents having the item) and edge attributes ``count`` (the
number of documents in common, an int) and ``weight`` (the normalised strength). ``G.graph`` records the
projection type and every setting. With ``as_matrix=True`` every projection returns a :class:`ProjectionMatrix`
instead (the same nodes, counts and weights as sparse matrices; much less memory for millions of edges).

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
(``normalization``, ``counting``, ``min_weight``, ``top_k``, ``min_occurrences``, ``isolates``, ``as_matrix``);
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
from dataclasses import dataclass, fields
from typing import Any

import networkx as nx
import numpy as np
from scipy import sparse

from .._gc import paused
from .._validation import check_bool, check_choice, check_int, check_number, check_options
from . import schema
from ._names import COUNTINGS, KINDS, NORMALIZATIONS
from .kg import KnowledgeGraph

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
    """A projection as sparse matrices (what ``as_matrix=True`` returns; far less memory than an ``nx.Graph``
    for millions of edges): ``nodes`` (node ids, sorted), ``occurrences`` (per node), ``count`` and ``weight``
    (``scipy.sparse.csr_matrix``, n x n, the upper triangle: entry (a, b) with a < b is the edge between
    ``nodes[a]`` and ``nodes[b]``), ``graph`` (projection type and settings, as ``G.graph``).
    :meth:`to_networkx` gives exactly the graph that the same call without ``as_matrix`` returns.

    >>> from scholargraph.graph.kg import KnowledgeGraph
    >>> kg = KnowledgeGraph()
    >>> for k in ("a", "b", "x", "y"):
    ...     _ = kg.add_node("Paper" if k < "x" else "Author", k)
    >>> for a, p in [("x", "a"), ("y", "a"), ("x", "b"), ("y", "b")]:
    ...     kg.add_edge("AUTHORED", f"Author:{a}", f"Paper:{p}")
    >>> m = co_authorship(kg, as_matrix=True)
    >>> m.nodes, m.count.toarray().tolist()
    (['Author:x', 'Author:y'], [[0, 2], [0, 0]])
    >>> sorted(m.to_networkx().edges(data="count"))
    [('Author:x', 'Author:y', 2)]
    """

    nodes: list[str]
    occurrences: np.ndarray
    count: sparse.csr_matrix
    weight: sparse.csr_matrix
    graph: dict[str, Any]

    @paused()
    def to_networkx(self) -> nx.Graph:
        g = nx.Graph(**self.graph)
        g.add_nodes_from(
            (n, {"occurrences": o}) for n, o in zip(self.nodes, self.occurrences.tolist(), strict=True)
        )
        fill_edges(g, self.nodes, self.count, self.weight)
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


def _sparse_pairs(a: sparse.csr_matrix, counting: str) -> tuple[np.ndarray, ...]:
    """(i, j, count, strength, occurrences) for every item pair i < j co-occurring in a document of ``a``,
    in row-major order."""
    a = a.astype(np.int64)
    occ = np.asarray(a.sum(axis=0)).ravel()
    at = a.T.tocsr()
    full = sparse.triu(at @ a, k=1, format="csr")
    full.eliminate_zeros()
    full.sort_indices()
    i = np.repeat(np.arange(full.shape[0]), np.diff(full.indptr))
    j, c = full.indices.astype(np.int64), full.data.astype(np.int64)
    if counting == "full":
        return i, j, c, c.astype(np.float64), occ
    n = np.diff(a.indptr)
    w = np.zeros(len(n))
    w[n > 1] = 1.0 / (n[n > 1] - 1)
    frac = sparse.triu(at.astype(np.float64) @ sparse.diags(w) @ a.astype(np.float64), k=1, format="csr")
    frac.eliminate_zeros()
    frac.sort_indices()
    # every pair comes from a document with n > 1 items, so both have the same sparsity pattern
    assert np.array_equal(frac.indptr, full.indptr) and np.array_equal(frac.indices, full.indices)
    return i, j, c, frac.data, occ


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


def _top_k(i, j, w, k: int, n: int, names: list[str]) -> np.ndarray:
    """Mask of edges that are among the k strongest of either end (ties: the other node's name)."""
    rank_of = np.empty(n, dtype=np.int64)
    rank_of[np.argsort(np.asarray(names, dtype=object), kind="stable")] = np.arange(n)
    keep = np.zeros(len(w), dtype=bool)
    ends, other = np.concatenate([i, j]), np.concatenate([j, i])
    edge = np.concatenate([np.arange(len(w)), np.arange(len(w))])
    ww = np.concatenate([w, w])
    order = np.lexsort((rank_of[other], -ww, ends))
    e = ends[order]
    start = np.r_[0, np.flatnonzero(np.diff(e)) + 1]
    pos = np.arange(len(e)) - np.repeat(start, np.diff(np.r_[start, len(e)]))
    keep[edge[order[pos < k]]] = True
    return keep


def _sparse_projection(inc_items, a, *, normalization, counting, min_weight, top_k):
    i, j, c, s, occ = _sparse_pairs(a, counting)
    return _threshold(
        inc_items, i, j, c, s, occ, normalization=normalization, min_weight=min_weight, top_k=top_k
    )


def _threshold(inc_items, i, j, c, s, occ, *, normalization, min_weight, top_k):
    """Normalised weights, then ``min_weight`` and ``top_k`` applied: (i, j, count, weight, occurrences)."""
    w = _normalise(i, j, c, s, occ, normalization)
    wr = np.round(w, _DECIMALS)
    mask = (wr >= min_weight) & (wr > 0)
    i, j, c, w, wr = i[mask], j[mask], c[mask], w[mask], wr[mask]
    if top_k is not None and len(w):
        keep = _top_k(i, j, wr, top_k, len(inc_items), inc_items)
        i, j, c, w = i[keep], j[keep], c[keep], w[keep]
    return i, j, c, w, occ


# ----------------------------------------------------------------------------------------------- public API


def _fast_fill_ok(g: nx.Graph) -> bool:
    """Whether ``g`` keeps its adjacency the way the fast fill expects: networkx 3.x, a plain undirected
    ``nx.Graph`` whose ``_adj`` is the dict-of-dicts behind the public ``g.adj`` view. Anything else (another
    major version, a subclass, a custom dict factory) takes the public path."""
    return (
        _NX_MAJOR == 3
        and type(g) is nx.Graph
        and type(getattr(g, "_adj", None)) is dict
        and g.adjlist_inner_dict_factory is dict
        and g.edge_attr_dict_factory is dict
    )


_NX_MAJOR = int(nx.__version__.split(".")[0])


def fill_edges(
    g: nx.Graph, nodes: list[str], count: sparse.csr_matrix, weight: sparse.csr_matrix, *, fast: bool = True
) -> None:
    """Add the edges of the upper-triangular ``count``/``weight`` matrices (entry (a, b), a < b, is the edge
    between ``nodes[a]`` and ``nodes[b]``, attributes ``count`` and ``weight``) to ``g``, whose nodes are
    ``nodes`` in that order.

    The result is exactly the graph ``g.add_edges_from`` makes (the public path, taken with ``fast=False`` or
    when :func:`_fast_fill_ok` says networkx is not the version this was written for). The fast path fills
    networkx's adjacency dicts directly -- its one reach into networkx internals, measured 1.7-1.9x faster than
    ``add_edges_from`` on million-edge projections: every node's neighbours in g's node order, one attribute
    dict per edge shared by both directions as networkx keeps it, from the symmetric matrix of edge numbers
    (sparse transpose and add, in C), in row blocks so no list spans all 2m entries (peak memory). A test
    checks that both paths give equal graphs.
    """
    if not count.nnz:
        return
    count, weight = count.tocsr(), weight.tocsr()
    count.sort_indices()
    weight.sort_indices()
    if not (np.array_equal(count.indptr, weight.indptr) and np.array_equal(count.indices, weight.indices)):
        raise ValueError("count and weight must have the same sparsity pattern")
    if not (fast and _fast_fill_ok(g)):
        rows = np.repeat(np.arange(count.shape[0]), np.diff(count.indptr)).tolist()
        g.add_edges_from(
            (nodes[a], nodes[b], {"count": c, "weight": w})
            for a, b, c, w in zip(
                rows, count.indices.tolist(), count.data.tolist(), weight.data.tolist(), strict=True
            )
        )
        return
    m = count.nnz
    attrs = np.empty(m + 1, dtype=object)  # edge number -> its attribute dict (numbers start at 1)
    attrs[1:] = [
        {"count": c, "weight": w} for c, w in zip(count.data.tolist(), weight.data.tolist(), strict=True)
    ]
    edge = sparse.csr_matrix(
        (np.arange(1, m + 1, dtype=np.int64), count.indices, count.indptr), shape=count.shape
    )
    sym = (edge + edge.T).tocsr()
    del edge
    sym.sort_indices()
    indptr = sym.indptr
    names = np.asarray(nodes, dtype=object)
    adj = g._adj  # networkx's adjacency dict-of-dicts (the nodes exist already; see _fast_fill_ok)
    step = 1 << 18
    row = 0
    n = len(nodes)
    while row < n:
        stop = int(np.searchsorted(indptr, indptr[row] + step, side="right")) - 1
        stop = min(n, max(stop, row + 1))
        lo, hi = int(indptr[row]), int(indptr[stop])
        nb = names[sym.indices[lo:hi]].tolist()
        data = attrs[sym.data[lo:hi]].tolist()
        bounds = (indptr[row : stop + 1] - lo).tolist()
        for r in range(row, stop):
            a, b = bounds[r - row], bounds[r - row + 1]
            if a < b:
                adj[nodes[r]].update(zip(nb[a:b], data[a:b], strict=True))
        row = stop


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
    - ``as_matrix``: return a :class:`ProjectionMatrix` instead of an ``nx.Graph`` (default False).

    >>> ProjectionOptions.of("co_citation", {"normalization": "cosine"}).normalization
    'cosine'
    >>> ProjectionOptions.of("co_citation", {"normalisation": "cosine"})
    Traceback (most recent call last):
    ...
    scholargraph.errors.ConfigError: The 'normalisation' parameter of co_citation is not an option of this projection (did you mean 'normalization'?); options: 'as_matrix', 'counting', 'isolates', 'min_occurrences', 'min_weight', 'normalization', 'top_k'.
    """

    normalization: str = "count"
    counting: str = "full"
    min_weight: float = 0.0
    top_k: int | None = None
    min_occurrences: int = 1
    isolates: bool = False
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
        check_bool(opts.as_matrix, "as_matrix", owner)
        return opts


@paused()
def _project(
    inc: Incidence, ptype: str, on: str, opts: ProjectionOptions, settings: dict[str, Any]
) -> nx.Graph | ProjectionMatrix:
    a, names = inc.matrix, inc.items
    if on == "docs":  # link the documents (coupling): transpose so the documents are the items
        a, names = inc.matrix.T.tocsr(), inc.docs
    return project_pairs(names, *_sparse_pairs(a, opts.counting), ptype, opts, settings)


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
) -> nx.Graph | ProjectionMatrix:
    """The projection ``ptype`` from its co-occurrence counts: ``names`` of the items (columns), and for every
    item pair i < j sharing a document, in row-major order, the full count ``c`` and the strength ``s`` (``c``,
    or its fractional version), with ``occ``, every item's number of documents. The normalisation, thresholds, node order
    and result are those of every projection here; :mod:`scholargraph.scale.projections` computes the counts on
    a Dask cluster and finishes with this."""
    i, j, c, w, occ = _threshold(
        names, i, j, c, s, occ, normalization=opts.normalization, min_weight=opts.min_weight, top_k=opts.top_k
    )
    attrs = {"projection": ptype, "normalization": opts.normalization, "counting": opts.counting,
             "min_weight": opts.min_weight, "top_k": opts.top_k, "min_occurrences": opts.min_occurrences,
             **settings}  # fmt: skip
    if opts.isolates:
        nodes = np.flatnonzero(occ > 0).tolist()
    else:
        nodes = np.unique(np.concatenate([i, j])).tolist()
    nodes.sort(key=names.__getitem__)
    rank = np.full(len(names), -1, dtype=np.int64)
    rank[np.asarray(nodes, dtype=np.int64)] = np.arange(len(nodes))
    ri, rj = rank[i], rank[j]
    del rank, i, j
    lo, hi = np.minimum(ri, rj), np.maximum(ri, rj)
    del ri, rj
    shape = (len(nodes), len(nodes))
    result = ProjectionMatrix(
        nodes=[names[x] for x in nodes],
        occurrences=occ[np.asarray(nodes, dtype=np.int64)],
        count=sparse.csr_matrix((c, (lo, hi)), shape=shape),
        weight=sparse.csr_matrix((w, (lo, hi)), shape=shape),
        graph=attrs,
    )
    return result if opts.as_matrix else result.to_networkx()


def co_authorship(
    kg: KnowledgeGraph, *, max_authors: int | None = None, **options: Any
) -> nx.Graph | ProjectionMatrix:
    """Authors linked by the papers they wrote together (CO_AUTHOR). ``max_authors`` leaves out papers with more
    authors (VOSviewer's 'ignore documents with many authors'; None keeps every paper). ``options``: see
    :class:`ProjectionOptions`."""
    opts = ProjectionOptions.of("co_authorship", options)
    check_int(max_authors, "max_authors", "co_authorship", low=1, none_ok=True)
    inc = incidence(kg, "authors", max_items=max_authors, min_occurrences=opts.min_occurrences)
    return _project(inc, schema.CO_AUTHOR, "items", opts, {"max_authors": max_authors})


def co_citation(kg: KnowledgeGraph, *, all_refs: bool = False, **options: Any) -> nx.Graph | ProjectionMatrix:
    """Works linked by the papers that cite both (CO_CITED). Default: corpus papers only (CITES targets); with
    ``all_refs=True`` also every cited work outside the corpus, as ``Ref:<reference_key>`` nodes.
    ``options``: see :class:`ProjectionOptions`."""
    opts = ProjectionOptions.of("co_citation", options)
    check_bool(all_refs, "all_refs", "co_citation")
    inc = incidence(kg, "references", all_refs=all_refs, min_occurrences=opts.min_occurrences)
    return _project(inc, schema.CO_CITED, "items", opts, {"all_refs": all_refs})


def bibliographic_coupling(
    kg: KnowledgeGraph, *, all_refs: bool = True, **options: Any
) -> nx.Graph | ProjectionMatrix:
    """Corpus papers linked by the works they both cite (COUPLED). By default every reference counts, inside
    the corpus or not (``all_refs=False``: only references resolved to corpus papers). ``options``: see
    :class:`ProjectionOptions`."""
    opts = ProjectionOptions.of("bibliographic_coupling", options)
    check_bool(all_refs, "all_refs", "bibliographic_coupling")
    inc = incidence(kg, "references", all_refs=all_refs, min_occurrences=opts.min_occurrences)
    return _project(inc, schema.COUPLED, "docs", opts, {"all_refs": all_refs})


def concept_cooccurrence(kg: KnowledgeGraph, **options: Any) -> nx.Graph | ProjectionMatrix:
    """Concepts linked by the papers that mention both (CO_OCCURS). ``options``: see :class:`ProjectionOptions`."""
    opts = ProjectionOptions.of("concept_cooccurrence", options)
    inc = incidence(kg, "concepts", min_occurrences=opts.min_occurrences)
    return _project(inc, schema.CO_OCCURS, "items", opts, {"items": "concepts"})


def topic_cooccurrence(kg: KnowledgeGraph, **options: Any) -> nx.Graph | ProjectionMatrix:
    """Topics linked by the papers that have both (CO_OCCURS over HAS_TOPIC). ``options``: see
    :class:`ProjectionOptions`."""
    opts = ProjectionOptions.of("topic_cooccurrence", options)
    inc = incidence(kg, "topics", min_occurrences=opts.min_occurrences)
    return _project(inc, schema.CO_OCCURS, "items", opts, {"items": "topics"})


def mesh_cooccurrence(
    kg: KnowledgeGraph, *, major_only: bool = False, **options: Any
) -> nx.Graph | ProjectionMatrix:
    """MeSH descriptors linked by the papers indexed with both (CO_OCCURS over HAS_MESH); ``major_only``
    keeps only the headings marked as a major topic of the paper. ``options``: see :class:`ProjectionOptions`."""
    opts = ProjectionOptions.of("mesh_cooccurrence", options)
    check_bool(major_only, "major_only", "mesh_cooccurrence")
    inc = incidence(kg, "mesh", min_occurrences=opts.min_occurrences, major_only=major_only)
    return _project(inc, schema.CO_OCCURS, "items", opts, {"items": "mesh", "major_only": major_only})


# projection name (CLI, project()) -> function; the names are graph._names.KINDS (no heavy imports there)
PROJECTIONS: dict[str, Callable[..., nx.Graph | ProjectionMatrix]] = {
    "co-authorship": co_authorship,
    "co-citation": co_citation,
    "coupling": bibliographic_coupling,
    "concepts": concept_cooccurrence,
    "topics": topic_cooccurrence,
    "mesh": mesh_cooccurrence,
}
assert tuple(PROJECTIONS) == tuple(KINDS)


def project(kg: KnowledgeGraph, kind: str, **options: Any) -> nx.Graph | ProjectionMatrix:
    """The projection named ``kind`` (one of :data:`PROJECTIONS`: ``co-authorship``, ``co-citation``,
    ``coupling``, ``concepts``, ``topics``; ``_`` or a space for ``-`` is accepted); ``options`` go to that
    function."""
    name = re.sub(r"[_ ]", "-", str(kind).lower())
    check_choice(name, "kind", "project", tuple(PROJECTIONS))
    return PROJECTIONS[name](kg, **options)
