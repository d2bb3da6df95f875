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

``method="loop"`` runs a straightforward pairwise Python-loop construction that gives the same graph; it
exists only as the baseline of ``scripts/bench_graph.py`` and for the test that checks both agree.

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

import gc
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
from scipy import sparse

from ..errors import ConfigError
from ..model import find_doi, find_dois, normalize_title
from . import schema
from ._names import COUNTINGS, KINDS, METHODS, NORMALIZATIONS
from .kg import KnowledgeGraph

__all__ = [
    "NORMALIZATIONS",
    "COUNTINGS",
    "KINDS",
    "Incidence",
    "ProjectionMatrix",
    "incidence",
    "co_authorship",
    "co_citation",
    "bibliographic_coupling",
    "concept_cooccurrence",
    "topic_cooccurrence",
    "project",
    "reference_key",
]

REF_PREFIX = "Ref:"
# weights are compared (min_weight, top_k ranking) after rounding to this many decimals, so that sums made in a
# different order (sparse products vs loops) rank equal weights equally
_DECIMALS = 12
_TAG = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"\W+")
_TAG_LINE = re.compile(r"<[^>\n]+>")
_SPACES = re.compile(" +")
_ASCII_WORDS = {
    c: (chr(c).lower() if chr(c).isalnum() or chr(c) in "_\n" else " ") for c in range(128)
}  # str.translate table: ASCII \w lower-cased and kept, line breaks kept, everything else a space
_INDEX_ATTR = "_reference_index"


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building large structures of acyclic containers (dicts,
    lists): its full passes would otherwise walk the whole heap -- the KnowledgeGraph included -- again and
    again and dominate the time. Restores the previous state."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def reference_key(text: str) -> str:
    """The identity of a cited work outside the corpus: ``doi:<doi>`` when the citation holds a DOI, else
    ``raw:<accent-folded lower-case text without punctuation>``.

    >>> reference_key("Smith J, 1999, NATURE, V1, P2, DOI 10.1038/ABC")
    'doi:10.1038/abc'
    >>> reference_key("Smith J., 1999,  Nature") == reference_key("smith j 1999 nature")
    True
    """
    if "10." in text:
        doi = find_doi(text)
        if doi:
            return f"doi:{doi}"
    if text.isascii():  # fast path; the same result as normalize_title on ASCII text
        if "<" in text:
            text = _TAG.sub(" ", text)
        return "raw:" + _NON_WORD.sub(" ", text.lower()).strip()
    return "raw:" + normalize_title(text)


def reference_keys(texts: list[str]) -> list[str]:
    """:func:`reference_key` of many citation strings at once (the same results, faster: the text-only
    ones are normalised as one joined string, so the regular expressions run once in C).

    >>> texts = ["Smith J, 1999, NATURE, DOI 10.1038/ABC", "Lost R., 2001, <i>Science</i>", "Pérez A, 2003"]
    >>> reference_keys(texts) == [reference_key(t) for t in texts]
    True
    """
    out: list[str | None] = [None] * len(texts)
    plain: list[int] = []
    for k, text in enumerate(texts):
        if "10." in text:
            doi = find_doi(text)
            if doi:
                out[k] = "doi:" + doi
                continue
        if text.isascii() and "\n" not in text:
            plain.append(k)
        else:
            out[k] = reference_key(text)
    if plain:
        blob = "\n".join([texts[k] for k in plain])
        if "<" in blob:
            blob = _TAG_LINE.sub(" ", blob)
        # ASCII only: lower-case and every non-word character but the line break to a space, then collapse
        blob = _SPACES.sub(" ", blob.translate(_ASCII_WORDS))
        for k, line in zip(plain, blob.split("\n"), strict=True):
            out[k] = "raw:" + line.strip()
    return out  # type: ignore[return-value]


@_gc_paused()
def _reference_index(kg: KnowledgeGraph) -> tuple[list[str], np.ndarray, np.ndarray, list[str]]:
    """(nodes with unresolved references in graph order, their row pointers into ``codes``, ``codes``, key
    names): the ``Ref:<reference_key>`` column of every unresolved reference of every node.

    Computing the keys is the costly part of a citation projection, so the result is kept on the
    KnowledgeGraph object (attribute ``_reference_index``; never saved) together with a copy of every
    reference list it came from, and reused only while the graph still holds exactly those lists (nodes and
    strings compared on every call), else computed afresh. :func:`~scholargraph.graph.build.build_graph` makes
    it, so the cost is part of building the graph.
    """
    current = [(n, list(r)) for n, r in kg.graph.nodes(data="unresolved_reference_list") if r]
    cached = kg.__dict__.get(_INDEX_ATTR)
    if cached is not None and cached[0] == current:
        return cached[1]
    texts = [t for _, refs in current for t in refs]
    index: dict[str, int] = {}
    codes = np.fromiter(
        (index.setdefault(REF_PREFIX + k, len(index)) for k in _same_work(texts, reference_keys(texts))),
        dtype=np.int64,
        count=len(texts),
    )
    indptr = np.zeros(len(current) + 1, dtype=np.int64)
    np.cumsum([len(r) for _, r in current], out=indptr[1:])
    result = ([n for n, _ in current], indptr, codes, list(index))
    kg.__dict__[_INDEX_ATTR] = (current, result)
    return result


def _same_work(texts: list[str], keys: list[str]) -> list[str]:
    """``keys`` with every DOI of a citation's ``DOI [a, b]`` list (Web of Science gives several DOIs for one
    work) replaced by one of them, the same for all the citations in ``texts`` that share any of those DOIs
    (the smallest DOI of the group): so that a paper citing ``DOI [a, b]`` and one citing ``DOI b`` cite the
    same work.

    >>> texts = ["X, 2004, DOI [10.1000/b, 10.1000/a]", "Y, 2004, DOI 10.1000/b", "Z, 1999, DOI 10.1000/c"]
    >>> _same_work(texts, [reference_key(t) for t in texts])
    ['doi:10.1000/a', 'doi:10.1000/a', 'doi:10.1000/c']
    """
    parent: dict[str, str] = {}

    def root(d: str) -> str:
        while parent.get(d, d) != d:
            d = parent[d]
        return d

    for text in texts:
        if "[" in text and text.count("10.") > 1:
            dois = find_dois(text)
            for d in dois[1:]:
                a, b = root(dois[0]), root(d)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    if not parent:
        return keys
    return [f"doi:{root(k[4:])}" if k.startswith("doi:") and k[4:] in parent else k for k in keys]


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

    @_gc_paused()
    def to_networkx(self) -> nx.Graph:
        g = nx.Graph(**self.graph)
        g.add_nodes_from(
            (n, {"occurrences": o}) for n, o in zip(self.nodes, self.occurrences.tolist(), strict=True)
        )
        _fill_adjacency(g, self.nodes, self.count, self.weight)
        return g


def _check(name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")


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


@_gc_paused()
def incidence(
    kg: KnowledgeGraph,
    kind: str,
    *,
    all_refs: bool = False,
    max_items: int | None = None,
    min_occurrences: int = 1,
) -> Incidence:
    """The documents x items incidence matrix of a projection kind.

    ``kind``: ``"authors"`` (papers x authors), ``"references"`` (citing papers x cited works: CITES targets, plus
    with ``all_refs`` every unresolved reference keyed by :func:`reference_key`), ``"concepts"`` (papers x
    concepts), ``"topics"`` (papers x topics). Documents with more than ``max_items`` items are left out
    (e.g. hyper-authored papers in co-authorship), then items in fewer than ``min_occurrences`` documents.
    """
    rel = {
        "authors": schema.AUTHORED,
        "references": schema.CITES,
        "concepts": schema.MENTIONS,
        "topics": schema.HAS_TOPIC,
    }
    _check("kind", kind, tuple(rel))
    want = rel[kind]
    docs: list[str] = []
    items: list[str] = []
    for u, v, k in kg.graph.edges(keys=True):
        if k == want:
            docs.append(u)
            items.append(v)
    if kind == "authors":
        docs, items = items, docs
    if not (kind == "references" and all_refs):
        return _from_pairs(docs, items, max_items, min_occurrences)
    # CITES targets first, then the cited works outside the corpus (codes from the graph's reference index)
    d_codes, d_names = _factorize(docs)
    i_codes, i_names = _factorize(items)
    holders, indptr, ref_codes, ref_names = _reference_index(kg)
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


def _sparse_projection(inc_docs, inc_items, a, *, normalization, counting, min_weight, top_k):
    i, j, c, s, occ = _sparse_pairs(a, counting)
    w = _normalise(i, j, c, s, occ, normalization)
    wr = np.round(w, _DECIMALS)
    mask = (wr >= min_weight) & (wr > 0)
    i, j, c, w, wr = i[mask], j[mask], c[mask], w[mask], wr[mask]
    if top_k is not None and len(w):
        keep = _top_k(i, j, wr, top_k, len(inc_items), inc_items)
        i, j, c, w = i[keep], j[keep], c[keep], w[keep]
    return i, j, c, w, occ


# --------------------------------------------------------------------------------------------- loop baseline


def _loop_projection(inc_docs, inc_items, a, *, normalization, counting, min_weight, top_k):
    rows = [a.indices[a.indptr[r] : a.indptr[r + 1]].tolist() for r in range(a.shape[0])]
    occ = [0] * len(inc_items)
    count: dict[tuple[int, int], int] = {}
    strength: dict[tuple[int, int], float] = {}
    for items in rows:
        items = sorted(items)
        for x in items:
            occ[x] += 1
        share = 1.0 / (len(items) - 1) if counting == "fractional" and len(items) > 1 else 1.0
        for p in range(len(items)):
            for q in range(p + 1, len(items)):
                key = (items[p], items[q])
                count[key] = count.get(key, 0) + 1
                strength[key] = strength.get(key, 0.0) + share
    tls = [0.0] * len(inc_items)
    for (x, y), s in strength.items():
        tls[x] += s
        tls[y] += s
    m = sum(strength.values())
    out = []
    for (x, y), s in sorted(strength.items()):
        if normalization == "count":
            w = s
        elif normalization == "association":
            w = 2.0 * m * s / (tls[x] * tls[y])
        elif normalization == "cosine":
            w = s / math.sqrt(occ[x] * occ[y])
        elif normalization == "jaccard":
            w = s / (occ[x] + occ[y] - s)
        else:
            w = s / min(occ[x], occ[y])
        wr = float(np.round(w, _DECIMALS))
        if wr >= min_weight and wr > 0:
            out.append((x, y, count[(x, y)], w, wr))
    if top_k is not None:
        nbrs: dict[int, list[tuple[float, str, int]]] = {}
        for idx, (x, y, _, _, wr) in enumerate(out):
            nbrs.setdefault(x, []).append((-wr, inc_items[y], idx))
            nbrs.setdefault(y, []).append((-wr, inc_items[x], idx))
        keep = set()
        for lst in nbrs.values():
            keep.update(idx for _, _, idx in sorted(lst)[:top_k])
        out = [e for idx, e in enumerate(out) if idx in keep]
    return [e[0] for e in out], [e[1] for e in out], [e[2] for e in out], [e[3] for e in out], np.asarray(occ)


# ----------------------------------------------------------------------------------------------- public API


def _fill_adjacency(
    g: nx.Graph, nodes: list[str], count: sparse.csr_matrix, weight: sparse.csr_matrix
) -> None:
    """Add the edges of the upper-triangular ``count``/``weight`` matrices (entry (a, b), a < b, is the edge
    between ``nodes[a]`` and ``nodes[b]``) to ``g``, whose nodes are ``nodes`` in that order: the same graph as
    ``g.add_edges_from`` would make, several times faster. networkx's adjacency dicts are filled a node at a
    time -- every node's neighbours in g's node order, one attribute dict per edge shared by both directions,
    as networkx does -- from the symmetric matrix of edge numbers (sparse transpose and add, in C). Done in
    row blocks, so no list spans all 2m adjacency entries (peak memory)."""
    m = count.nnz
    if not m:
        return
    count, weight = count.tocsr(), weight.tocsr()
    count.sort_indices()
    weight.sort_indices()
    if not (np.array_equal(count.indptr, weight.indptr) and np.array_equal(count.indices, weight.indices)):
        raise ValueError("count and weight must have the same sparsity pattern")
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
    adj = g._adj  # networkx's adjacency dict-of-dicts (the nodes exist already)
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


@_gc_paused()
def _project(
    inc: Incidence,
    ptype: str,
    *,
    on: str,
    normalization: str,
    counting: str,
    min_weight: float,
    top_k: int | None,
    isolates: bool,
    method: str,
    settings: dict[str, Any],
    as_matrix: bool = False,
) -> nx.Graph | ProjectionMatrix:
    _check("normalization", normalization, NORMALIZATIONS)
    _check("counting", counting, COUNTINGS)
    _check("method", method, METHODS)
    if top_k is not None and (not isinstance(top_k, int) or top_k < 1):
        raise ConfigError(f"top_k must be a positive integer or None; got {top_k!r}")
    if not isinstance(min_weight, int | float) or min_weight < 0:
        raise ConfigError(f"min_weight must be a number >= 0; got {min_weight!r}")
    a, names = inc.matrix, inc.items
    if on == "docs":  # link the documents (coupling): transpose so the documents are the items
        a, names = inc.matrix.T.tocsr(), inc.docs
    fn = _sparse_projection if method == "sparse" else _loop_projection
    i, j, c, w, occ = fn(
        None, names, a, normalization=normalization, counting=counting, min_weight=min_weight, top_k=top_k
    )
    attrs = {"projection": ptype, "normalization": normalization, "counting": counting,
             "min_weight": min_weight, "top_k": top_k, **settings}  # fmt: skip
    occ = np.asarray(occ, dtype=np.int64)
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    c, w = np.asarray(c, dtype=np.int64), np.asarray(w, dtype=np.float64)
    if isolates:
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
    return result if as_matrix else result.to_networkx()


def co_authorship(
    kg: KnowledgeGraph,
    *,
    normalization: str = "count",
    counting: str = "full",
    min_weight: float = 0.0,
    top_k: int | None = None,
    min_occurrences: int = 1,
    max_authors: int | None = None,
    isolates: bool = False,
    method: str = "sparse",
    as_matrix: bool = False,
) -> nx.Graph | ProjectionMatrix:
    """Authors linked by the papers they wrote together (CO_AUTHOR). ``max_authors`` leaves out papers with more
    authors (VOSviewer's 'ignore documents with many authors'; None keeps every paper)."""
    inc = incidence(kg, "authors", max_items=max_authors, min_occurrences=min_occurrences)
    return _project(
        inc, schema.CO_AUTHOR, on="items", normalization=normalization, counting=counting, min_weight=min_weight,
        top_k=top_k, isolates=isolates, method=method, as_matrix=as_matrix, settings={"max_authors": max_authors, "min_occurrences": min_occurrences},
    )  # fmt: skip


def co_citation(
    kg: KnowledgeGraph,
    *,
    all_refs: bool = False,
    normalization: str = "count",
    counting: str = "full",
    min_weight: float = 0.0,
    top_k: int | None = None,
    min_occurrences: int = 1,
    isolates: bool = False,
    method: str = "sparse",
    as_matrix: bool = False,
) -> nx.Graph | ProjectionMatrix:
    """Works linked by the papers that cite both (CO_CITED). Default: corpus papers only (CITES targets); with
    ``all_refs=True`` also every cited work outside the corpus, as ``Ref:<reference_key>`` nodes."""
    inc = incidence(kg, "references", all_refs=all_refs, min_occurrences=min_occurrences)
    return _project(
        inc, schema.CO_CITED, on="items", normalization=normalization, counting=counting, min_weight=min_weight,
        top_k=top_k, isolates=isolates, method=method, as_matrix=as_matrix, settings={"all_refs": all_refs, "min_occurrences": min_occurrences},
    )  # fmt: skip


def bibliographic_coupling(
    kg: KnowledgeGraph,
    *,
    all_refs: bool = True,
    normalization: str = "count",
    counting: str = "full",
    min_weight: float = 0.0,
    top_k: int | None = None,
    min_occurrences: int = 1,
    isolates: bool = False,
    method: str = "sparse",
    as_matrix: bool = False,
) -> nx.Graph | ProjectionMatrix:
    """Corpus papers linked by the works they both cite (COUPLED). By default every reference counts, inside
    the corpus or not (``all_refs=False``: only references resolved to corpus papers)."""
    inc = incidence(kg, "references", all_refs=all_refs, min_occurrences=min_occurrences)
    return _project(
        inc, schema.COUPLED, on="docs", normalization=normalization, counting=counting, min_weight=min_weight,
        top_k=top_k, isolates=isolates, method=method, as_matrix=as_matrix, settings={"all_refs": all_refs, "min_occurrences": min_occurrences},
    )  # fmt: skip


def concept_cooccurrence(
    kg: KnowledgeGraph,
    *,
    normalization: str = "count",
    counting: str = "full",
    min_weight: float = 0.0,
    top_k: int | None = None,
    min_occurrences: int = 1,
    isolates: bool = False,
    method: str = "sparse",
    as_matrix: bool = False,
) -> nx.Graph | ProjectionMatrix:
    """Concepts linked by the papers that mention both (CO_OCCURS)."""
    inc = incidence(kg, "concepts", min_occurrences=min_occurrences)
    return _project(
        inc, schema.CO_OCCURS, on="items", normalization=normalization, counting=counting, min_weight=min_weight,
        top_k=top_k, isolates=isolates, method=method, as_matrix=as_matrix, settings={"items": "concepts", "min_occurrences": min_occurrences},
    )  # fmt: skip


def topic_cooccurrence(
    kg: KnowledgeGraph,
    *,
    normalization: str = "count",
    counting: str = "full",
    min_weight: float = 0.0,
    top_k: int | None = None,
    min_occurrences: int = 1,
    isolates: bool = False,
    method: str = "sparse",
    as_matrix: bool = False,
) -> nx.Graph | ProjectionMatrix:
    """Topics linked by the papers that have both (CO_OCCURS over HAS_TOPIC)."""
    inc = incidence(kg, "topics", min_occurrences=min_occurrences)
    return _project(
        inc, schema.CO_OCCURS, on="items", normalization=normalization, counting=counting, min_weight=min_weight,
        top_k=top_k, isolates=isolates, method=method, as_matrix=as_matrix, settings={"items": "topics", "min_occurrences": min_occurrences},
    )  # fmt: skip


def project(kg: KnowledgeGraph, kind: str, **options: Any) -> nx.Graph:
    """Dispatch by name: ``kind`` is one of :data:`KINDS` (``co-authorship``, ``co-citation``, ``coupling``,
    ``concepts``, ``topics``); ``options`` go to that function."""
    name = re.sub(r"[_ ]", "-", str(kind).lower())
    if name not in KINDS:
        raise ConfigError(f"projection must be one of {', '.join(KINDS)}; got {kind!r}")
    return globals()[KINDS[name]](kg, **options)
