"""The pairwise-loop projection: an independent oracle of scholargraph.graph.projections for the tests and
the graph benchmark (scripts/bench_graph.py puts this folder on sys.path). Not part of the library.

It starts from the same public incidence matrix (``projections.incidence``) and builds the projection with a
straightforward Python loop over each document's item pairs, then an ``nx.Graph`` with the public networkx API.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from scholargraph.graph import projections as P

DECIMALS = 12  # projections._DECIMALS: weights are compared after rounding (sums in another order)

# projection name -> (incidence kind, documents or items linked, settings that go to incidence)
_SPEC = {
    "co-authorship": ("authors", "items"),
    "co-citation": ("references", "items"),
    "coupling": ("references", "docs"),
    "concepts": ("concepts", "items"),
    "topics": ("topics", "items"),
    "mesh": ("mesh", "items"),
}


def loop_pairs(inc_items, a, *, normalization, counting, min_weight, top_k):
    """(i, j, count, weight, occurrences) of every item pair (columns of ``a``) sharing a document, by a plain
    pairwise loop: the baseline the sparse products are checked and benchmarked against."""
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
        wr = float(np.round(w, DECIMALS))
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


def loop_project(kg, kind: str, *, all_refs=None, max_authors=None, normalization="count", counting="full",
                 min_weight=0.0, top_k=None, min_occurrences=1, isolates=False) -> nx.Graph:  # fmt: skip
    """The projection ``kind`` (a name of ``projections.PROJECTIONS``) built by :func:`loop_pairs`: the same
    nodes (with ``occurrences``) and edges (``count``, ``weight``) as the library's."""
    inc_kind, on = _SPEC[kind]
    if all_refs is None:
        all_refs = kind == "coupling"
    inc = P.incidence(kg, inc_kind, all_refs=all_refs, max_items=max_authors, min_occurrences=min_occurrences)
    a, names = (inc.matrix.T.tocsr(), inc.docs) if on == "docs" else (inc.matrix, inc.items)
    i, j, c, w, occ = loop_pairs(
        names, a, normalization=normalization, counting=counting, min_weight=min_weight, top_k=top_k
    )
    g = nx.Graph()
    keep = sorted(
        {names[x] for x in (*i, *j)} | ({names[x] for x in np.flatnonzero(occ)} if isolates else set())
    )
    position = {n: k for k, n in enumerate(names)}
    g.add_nodes_from((n, {"occurrences": int(occ[position[n]])}) for n in keep)
    g.add_edges_from(
        (names[x], names[y], {"count": int(cc), "weight": float(ww)})
        for x, y, cc, ww in zip(i, j, c, w, strict=True)
    )
    return g
