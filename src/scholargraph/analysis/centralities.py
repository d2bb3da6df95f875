"""Centrality of papers in the citation graph (Paper nodes and CITES relationships).

Measures (all on the directed citation graph ``citing -> cited`` unless said otherwise):

- ``pagerank``: networkx PageRank (alpha 0.85); a paper cited by central papers is central.
- ``in_degree`` (times cited inside the corpus) and ``out_degree`` (references resolved inside the corpus).
- ``betweenness``: on the undirected citation graph without its isolated papers. Exact (Brandes) when at most
  ``exact_max_nodes`` papers are connected (default :data:`BETWEENNESS_EXACT_MAX_NODES` = 3,000, a few seconds
  with networkx); above that it is estimated from ``k`` = 500 sampled source nodes with a fixed ``seed``
  (``scripts/bench_analysis.py`` measures the speed-up and the rank agreement). The table's settings say which.
- ``eigenvector``: on the undirected citation graph (a citation DAG has no useful directed eigenvector).
- ``hub`` / ``authority``: HITS on the directed graph; good hubs cite good authorities.

>>> from scholargraph.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> for k in "abcd":
...     _ = kg.add_node("Paper", k, title=f"Paper {k.upper()}")
>>> for u, v in [("a", "d"), ("b", "d"), ("c", "d"), ("c", "a")]:
...     kg.add_edge("CITES", f"Paper:{u}", f"Paper:{v}")
>>> table = centrality(kg)
>>> table.loc[0, "paper_id"], table.loc[0, "title"], int(table.loc[0, "in_degree"])
('d', 'Paper D', 3)
>>> top_papers(table, by="pagerank", n=1)["cited_by"].tolist()
[['a', 'b', 'c']]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from .._validation import check_choice, check_int, check_number
from ..graph import schema
from ._common import graph_of, paper_key

if TYPE_CHECKING:
    from ..graph.kg import KnowledgeGraph
    from ..model import Corpus, Paper

__all__ = [
    "BETWEENNESS_EXACT_MAX_NODES",
    "citation_graph",
    "pagerank",
    "betweenness",
    "eigenvector",
    "hits",
    "centrality",
    "top_papers",
    "annotate_centrality",
]

BETWEENNESS_EXACT_MAX_NODES = 3000
MEASURES = tuple(
    schema.CENTRALITY_PROPERTIES
)  # pagerank, in_degree, out_degree, betweenness, eigenvector, hub, authority


def citation_graph(kg: KnowledgeGraph | nx.Graph | Corpus | list[Paper]) -> nx.DiGraph:
    """The directed citation graph: every Paper node (isolated ones too) and every CITES relationship.

    Node attributes ``title``, ``year`` and ``times_cited`` are copied. A plain ``nx.DiGraph`` is returned as it
    is. From a Corpus (or a list of papers) the references are resolved as
    :func:`~scholargraph.graph.build.build_graph` resolves them, without building the graph: the same nodes,
    edges and attributes as ``citation_graph(build_graph(corpus))``, in the same order.
    """
    from ..model import Corpus

    if isinstance(kg, (Corpus, list, tuple)):
        return _citation_graph_of(kg)
    if hasattr(kg, "require_layer"):
        kg.require_layer("citations", "citation_graph")
    g = graph_of(kg)
    if (
        not g.is_multigraph()
        and g.is_directed()
        and not any(d.get(schema.LABEL) for _, d in g.nodes(data=True))
    ):
        return g
    C = nx.DiGraph()
    for n, d in sorted(g.nodes(data=True), key=lambda x: str(x[0])):
        if d.get(schema.LABEL) == schema.PAPER:
            C.add_node(n, title=d.get("title"), year=d.get("year"), times_cited=d.get("citation_count"))
    for u, v, d in g.edges(data=True):
        if d.get(schema.TYPE) == schema.CITES and u != v:
            C.add_edge(u, v)
    return C


def _citation_graph_of(corpus: Corpus | list[Paper]) -> nx.DiGraph:
    from ..graph.build import citations

    papers, cites = citations(corpus, "The 'kg' parameter of citation_graph", "a KnowledgeGraph, a graph, ")
    C = nx.DiGraph()
    for n, p in sorted(papers, key=lambda x: x[0]):  # (the graph's order: node ids sorted)
        C.add_node(n, title=p.title, year=p.year, times_cited=p.citation_count)
    C.add_edges_from(cites)
    return C


def pagerank(G: nx.DiGraph, *, alpha: float = 0.85) -> dict[Any, float]:
    """PageRank of every node (networkx, tolerance 1e-10).

    >>> pr = pagerank(nx.DiGraph([(1, 2), (3, 2)]))
    >>> max(pr, key=pr.get)
    2
    """
    check_number(alpha, "alpha", "pagerank", low=0.0, high=1.0)
    if G.number_of_nodes() == 0:
        return {}
    return nx.pagerank(G, alpha=alpha, tol=1e-10, max_iter=1000)


def betweenness(
    G: nx.Graph, *, k: int | None = None, seed: int = 0, exact_max_nodes: int = BETWEENNESS_EXACT_MAX_NODES
) -> tuple[dict[Any, float], dict[str, Any]]:
    """Normalised betweenness on the undirected graph: exact up to ``exact_max_nodes`` nodes, else sampled.

    Isolated nodes (no citation either way) get 0 and are left out before computing, so the normalisation and
    the size threshold count only the ``n`` connected nodes. ``k`` forces sampling with k source nodes (exact
    when k >= n); above the threshold the default is ``k = 500``. Returns (values, settings) where settings say
    ``{"exact": bool, "k": ..., "seed": ...}``.

    >>> values, how = betweenness(nx.path_graph(3))
    >>> values[1], how["exact"]
    (1.0, True)
    """
    check_int(seed, "seed", "betweenness", low=0)
    U = G.to_undirected(as_view=False) if G.is_directed() else G
    values = dict.fromkeys(U, 0.0)
    # fixed node order: networkx samples sources with random.Random(seed) over list(G)
    S = nx.Graph()
    S.add_nodes_from(sorted((n for n in U if U.degree(n) > 0), key=str))
    S.add_edges_from(sorted(((u, v) for u, v in U.edges if u != v), key=lambda e: (str(e[0]), str(e[1]))))
    n = S.number_of_nodes()
    if k is not None:
        check_int(k, "k", "betweenness", low=1)
    elif n > exact_max_nodes:
        k = 500
    if k is None or k >= n:
        values.update(nx.betweenness_centrality(S, normalized=True))
        return values, {"exact": True, "k": None, "seed": None}
    values.update(nx.betweenness_centrality(S, k=k, seed=seed, normalized=True))
    return values, {"exact": False, "k": k, "seed": seed}


def _power(M, x, *, max_iter: int = 2000, tol: float = 1e-12):
    """Power iteration from a fixed start (deterministic, unlike ARPACK's random start); x normalised to sum 1."""
    import numpy as np

    for _ in range(max_iter):
        y = M @ x
        s = y.sum()
        if s <= 0:
            return np.zeros_like(x)
        y = y / s
        if np.abs(y - x).sum() < tol * len(x):
            return y
        x = y
    return x


def eigenvector(G: nx.Graph) -> dict[Any, float]:
    """Eigenvector centrality on the undirected graph (unit Euclidean norm, like networkx); zeros without edges.

    Power iteration on ``A + I`` from a uniform start, so the result is deterministic even for disconnected
    graphs (where the leading eigenvector is not unique).

    >>> ev = eigenvector(nx.star_graph(3))
    >>> max(ev, key=ev.get), round(ev[0], 4)
    (0, 0.7071)
    """
    import numpy as np
    from scipy import sparse

    U = G.to_undirected(as_view=False) if G.is_directed() else G
    nodes = list(U.nodes)
    if U.number_of_edges() == 0:
        return dict.fromkeys(nodes, 0.0)
    A = nx.to_scipy_sparse_array(U, nodelist=nodes, weight=None, dtype=float, format="csr")
    M = sparse.csr_array(A + sparse.identity(len(nodes), format="csr"))
    x = _power(M, np.full(len(nodes), 1.0 / len(nodes)))
    x = x / (np.linalg.norm(x) or 1.0)
    return {n: float(v) for n, v in zip(nodes, x, strict=True)}


def hits(G: nx.DiGraph) -> tuple[dict[Any, float], dict[Any, float]]:
    """HITS (hubs, authorities), each normalised to sum 1; zeros for an edgeless graph.

    Power iteration on ``A^T A`` from a uniform start (deterministic), hubs = ``A a``.

    >>> h, a = hits(nx.DiGraph([(1, 2), (1, 3)]))
    >>> max(h, key=h.get), a[1], a[2]
    (1, 0.0, 0.5)
    """
    import numpy as np

    nodes = list(G.nodes)
    if G.number_of_edges() == 0:
        return dict.fromkeys(nodes, 0.0), dict.fromkeys(nodes, 0.0)
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None, dtype=float, format="csr")
    a = _power(A.T @ A, np.full(len(nodes), 1.0 / len(nodes)))
    h = A @ a
    h = h / (h.sum() or 1.0)
    return (
        {n: float(v) for n, v in zip(nodes, h, strict=True)},
        {n: float(v) for n, v in zip(nodes, a, strict=True)},
    )


def centrality(
    kg: KnowledgeGraph | nx.Graph,
    *,
    alpha: float = 0.85,
    betweenness_k: int | None = None,
    seed: int = 0,
    exact_max_nodes: int = BETWEENNESS_EXACT_MAX_NODES,
    backend: Any = None,
) -> pd.DataFrame:
    """Every centrality measure for every paper of ``kg`` (a KnowledgeGraph or a citation DiGraph).

    ``backend``: computes PageRank and betweenness instead of networkx (an object with this module's
    ``pagerank`` and ``betweenness`` signatures, e.g. :class:`~.gds.GdsBackend`); the rest is computed here.

    Columns: node, paper_id, title, year, pagerank, in_degree, out_degree, betweenness, eigenvector, hub,
    authority, cited_by (ids of the corpus papers citing it, sorted), times_cited (the export's global
    citation count: WoS TC, Scopus "Cited by", OpenAlex cited_by_count; missing when the source has none). Rows
    sorted by pagerank (descending),
    ties by node id. ``df.attrs["settings"]`` records alpha and how betweenness was computed.
    """
    C = citation_graph(kg)
    impl = backend if backend is not None else _LOCAL
    pr = impl.pagerank(C, alpha=alpha)
    bt, how = impl.betweenness(C, k=betweenness_k, seed=seed, exact_max_nodes=exact_max_nodes)
    ev = eigenvector(C)
    hub, auth = hits(C)
    rows = []
    for n in C.nodes:
        d = C.nodes[n]
        rows.append(
            {
                "node": str(n),
                "paper_id": paper_key(n),
                "title": d.get("title"),
                "year": d.get("year"),
                "pagerank": float(pr.get(n, 0.0)),
                "in_degree": C.in_degree(n),
                "out_degree": C.out_degree(n),
                "betweenness": float(bt.get(n, 0.0)),
                "eigenvector": float(ev.get(n, 0.0)),
                "hub": float(hub.get(n, 0.0)),
                "authority": float(auth.get(n, 0.0)),
                "cited_by": sorted(paper_key(u) for u in C.predecessors(n)),
                "times_cited": d.get("times_cited"),
            }
        )
    cols = ["node", "paper_id", "title", "year", *MEASURES, "cited_by", "times_cited"]
    df = pd.DataFrame(rows, columns=cols)
    if len(df):
        df = df.sort_values(["pagerank", "node"], ascending=[False, True], kind="mergesort").reset_index(
            drop=True
        )
    df["year"] = df["year"].astype("Int64")
    df["times_cited"] = df["times_cited"].astype("Int64")
    df.attrs["settings"] = {
        "graph": "citation (Paper nodes, CITES)",
        "papers": C.number_of_nodes(),
        "citations": C.number_of_edges(),
        "pagerank_alpha": alpha,
        "betweenness_exact": how["exact"],
        "betweenness_k": how["k"],
        "betweenness_seed": how["seed"],
        "betweenness_exact_max_nodes": exact_max_nodes,
    }
    return df


class _Local:
    """This module's own PageRank and betweenness (networkx), in the shape of a ``backend``."""

    pagerank = staticmethod(pagerank)
    betweenness = staticmethod(betweenness)


_LOCAL = _Local()


def top_papers(table: pd.DataFrame, *, by: str = "pagerank", n: int = 10) -> pd.DataFrame:
    """The ``n`` papers with the highest ``by`` (ties by node id), ranked from 1, with their evidence columns."""
    check_choice(by, "by", "top_papers", MEASURES)
    check_int(n, "n", "top_papers", low=1)
    out = (
        table.sort_values([by, "node"], ascending=[False, True], kind="mergesort")
        .head(n)
        .reset_index(drop=True)
    )
    out.insert(0, "rank", range(1, len(out) + 1))
    out.attrs = dict(table.attrs)
    return out


def annotate_centrality(kg: Any, table: pd.DataFrame, measures: tuple[str, ...] = (schema.PAGERANK,)) -> int:
    """Write measures of the table into the graph as node properties (declared in
    ``schema.CENTRALITY_PROPERTIES``): through :meth:`KnowledgeGraph.set_node_properties` for a KnowledgeGraph,
    as plain node attributes for a networkx graph. Returns how many nodes were annotated."""
    for m in measures:
        check_choice(m, "measure", "annotate_centrality", MEASURES)
    nodes = [n for n in table["node"] if n in graph_of(kg)]
    for m in measures:
        cast = int if m.endswith("degree") else float
        values = {n: cast(v) for n, v in zip(table["node"], table[m], strict=True)}
        if hasattr(kg, "set_node_properties"):
            kg.set_node_properties(m, values)
        else:
            g = graph_of(kg)
            for n in nodes:
                g.nodes[n][m] = values[n]
    return len(nodes)
