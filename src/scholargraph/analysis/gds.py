"""The analysis's heavy algorithms on a Neo4j server with Graph Data Science (GDS): ``analyze_store(store,
engine="gds", driver=...)`` and ``scholargraph analyze STORE --engine gds``.

Everything else of the analysis is the local engine's own code -- the projection partitioned, labels, trends,
bursts, collaboration, eigenvector and HITS, the tables (:mod:`.tables`, checked by ``T.check``) -- and only
these three run in GDS:

- **PageRank** (``gds.pageRank``, damping 0.85, tolerance 1e-10, at most 1,000 iterations) on the citation graph
  projected natively from the database (``Paper`` nodes, ``CITES`` relationships): the database must hold the
  store's graph (``scholargraph neo4j push`` or ``neo4j import``); the projection's node and relationship counts
  are checked against the store's. GDS does not hand the rank of dangling papers back to every paper as networkx
  does, so its scores are scaled to sum to 1 like networkx's; the ranking agrees (Spearman >= 0.999, tested).
- **Betweenness** (``gds.betweenness``) on the same graph undirected (``aggregation: 'SINGLE'``: a mutual citation is
  one edge, as in networkx), normalised like networkx (``2 / ((n-1)(n-2))`` over the ``n`` papers with a
  citation); exact up to ``exact_max_nodes`` papers, else ``samplingSize`` = 500 sources with ``samplingSeed``
  = the seed, scaled by n/k as networkx does. Exact values equal networkx's within 1e-6 (tested).
- **Communities** (``gds.leiden``, seeded with ``randomSeed``, ``gamma`` = the resolution; or ``gds.louvain``, which
  GDS does not seed and runs here with one thread) on the projection the local engine partitions (bibliographic
  coupling, else concept co-occurrence), sent to GDS as a Cypher aggregation of (integer, integer, weight) rows:
  the projection is not stored in the database. Modularity, stability, labels and summaries are computed as for
  the local engine; the partition agrees with igraph's Leiden at NMI >= 0.95 (tested).

The GDS graphs are named ``scholargraph-<random>`` and dropped when the analysis ends. Neo4j Community runs GDS
with at most 4 threads. See docs/scale.md for GDS on Enterprise/Aura and the memory estimate
(:func:`memory_estimate`).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from ..errors import Neo4jError
from ..graph import schema
from ..neo4j import cypher

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["GdsBackend", "memory_estimate", "gds_version"]


def gds_version(driver: Any, database: str | None = None) -> str:
    """The GDS version of the server; Neo4jError saying how to get GDS when it has none."""
    try:
        rows = driver.execute_query(cypher.GDS_VERSION, database_=database).records
    except Exception as e:
        raise Neo4jError(
            f"the Neo4j server has no Graph Data Science library ({type(e).__name__}: {e}). How to fix: start the "
            "project's server with GDS (scholargraph neo4j server start --plugin gds), or use a Neo4j with GDS "
            "installed (Enterprise, Aura DS), or run the local engine (analyze without --engine gds)"
        ) from None
    return str(rows[0]["v"])


def memory_estimate(
    driver: Any, nodes: int, relationships: int, database: str | None = None
) -> dict[str, Any]:
    """``gds.graph.project.estimate`` for a graph of ``nodes`` nodes and ``relationships`` relationships (no data
    needed): {"required": "[a ... b]", "bytes_min", "bytes_max"}."""
    rows = driver.execute_query(
        cypher.GDS_ESTIMATE,
        n=int(nodes),
        r=int(relationships),
        database_=database,
    ).records[0]
    return {"required": rows["requiredMemory"], "bytes_min": rows["bytesMin"], "bytes_max": rows["bytesMax"]}


class GdsBackend:
    """PageRank, betweenness and community detection in GDS, in the shape the local analysis calls them
    (``centralities.centrality(backend=...)``, ``communities.detect_communities(finder=...)``). ``close()`` drops
    the GDS graphs it projected."""

    def __init__(self, driver: Any, database: str | None = None, *, concurrency: int = 4) -> None:
        self.driver, self.database, self.concurrency = driver, database, concurrency
        self.version = gds_version(driver, database)
        self._graphs: dict[Any, str] = {}

    def _run(self, stmt: str, **params: Any) -> list[Any]:
        return self.driver.execute_query(stmt, params, database_=self.database).records

    def _project_citations(self, C: nx.DiGraph, orientation: str) -> str:
        key = ("citations", orientation)
        if key not in self._graphs:
            name = f"scholargraph-{uuid.uuid4().hex}"
            rel = {schema.CITES: {"orientation": orientation, "aggregation": "SINGLE"}}
            row = self._run(cypher.GDS_PROJECT_NATIVE, name=name, label=schema.PAPER, rels=rel)[0]
            self._graphs[key] = name
            want_rels = (
                C.number_of_edges() if orientation == "NATURAL" else C.to_undirected().number_of_edges()
            )
            if orientation == "UNDIRECTED":
                want_rels *= 2  # GDS counts an undirected relationship in both directions
            if (row["nodeCount"], row["relationshipCount"]) != (C.number_of_nodes(), want_rels):
                raise Neo4jError(
                    f"the Neo4j database holds {row['nodeCount']} papers and {row['relationshipCount']} citations "
                    f"({orientation.lower()}), the store {C.number_of_nodes()} and {want_rels}: it does not hold "
                    "this store's graph. How to fix: load it first (scholargraph neo4j import STORE, or "
                    "scholargraph neo4j push STORE), then run the analysis again"
                )
        return self._graphs[key]

    def _by_node(self, rows: list[Any]) -> dict[str, float]:
        return {schema.node_id(schema.PAPER, r["key"]): float(r["score"]) for r in rows}

    def pagerank(self, C: nx.DiGraph, *, alpha: float = 0.85) -> dict[Any, float]:
        """PageRank of every paper, scaled to sum 1 (see the module docstring)."""
        if C.number_of_nodes() == 0:
            return {}
        name = self._project_citations(C, "NATURAL")
        config = {
            "dampingFactor": alpha,
            "tolerance": 1e-10,
            "maxIterations": 1000,
            "concurrency": self.concurrency,
        }
        rows = self._run(cypher.gds_stream("pageRank", by_key=True), name=name, config=config)
        scores = self._by_node(rows)
        total = sum(scores.values()) or 1.0
        return {n: scores.get(n, 0.0) / total for n in C}

    def betweenness(
        self, C: nx.DiGraph, *, k: int | None = None, seed: int = 0, exact_max_nodes: int = 3000
    ) -> tuple[dict[Any, float], dict[str, Any]]:
        """Normalised betweenness on the undirected citation graph, exact or sampled like
        :func:`~.centralities.betweenness` (the settings say which)."""
        U = C.to_undirected(as_view=True)
        values = dict.fromkeys(C, 0.0)
        n = sum(1 for v in U if U.degree(v) > 0)
        if k is None and n > exact_max_nodes:
            k = 500
        if n <= 2:
            return values, {"exact": True, "k": None, "seed": None}
        name = self._project_citations(C, "UNDIRECTED")
        config: dict[str, Any] = {"concurrency": self.concurrency}
        exact = k is None or k >= n
        if not exact:
            config.update(samplingSize=k, samplingSeed=seed)
        rows = self._run(cypher.gds_stream("betweenness", by_key=True), name=name, config=config)
        scale = 2.0 / ((n - 1) * (n - 2)) * (1.0 if exact else n / k)
        for node, score in self._by_node(rows).items():
            values[node] = score * scale
        return values, {"exact": exact, "k": None if exact else k, "seed": None if exact else seed}

    def finder(self, method: str) -> Any:
        """The ``(H, resolution, seed) -> groups`` function of ``method`` ('leiden' or 'louvain') in GDS."""

        def find(H: nx.Graph, resolution: float, seed: int) -> list[list[Any]]:
            nodes = sorted(H.nodes, key=str)
            index = {v: i for i, v in enumerate(nodes)}
            key = ("projection", id(H), H.number_of_edges())
            if key not in self._graphs:
                name = f"scholargraph-{uuid.uuid4().hex}"
                edges = [(index[u], index[v], float(d["weight"])) for u, v, d in H.edges(data=True) if u != v]
                self._run(cypher.GDS_PROJECT_ROWS, name=name, s=[e[0] for e in edges], t=[e[1] for e in edges],
                          w=[e[2] for e in edges])  # fmt: skip
                self._graphs[key] = name
            name = self._graphs[key]
            config: dict[str, Any] = {"relationshipWeightProperty": "weight", "concurrency": 1}
            if method == "leiden":
                config.update(randomSeed=seed, gamma=resolution)
            elif resolution != 1.0:
                from ..errors import ConfigError

                raise ConfigError(
                    "GDS Louvain has no resolution parameter: use --method leiden with --engine gds"
                )
            rows = self._run(cypher.gds_stream(method, by_key=False), name=name, config=config)
            groups: dict[int, list[Any]] = {}
            seen = set()
            for r in rows:
                groups.setdefault(int(r["communityId"]), []).append(nodes[int(r["nodeId"])])
                seen.add(int(r["nodeId"]))
            # nodes without an edge are not in the GDS graph: each is a community of its own, as locally
            return list(groups.values()) + [[v] for i, v in enumerate(nodes) if i not in seen]

        return find

    def settings(self) -> dict[str, Any]:
        return {"engine": "gds", "gds_version": self.version, "gds_concurrency": self.concurrency}

    def close(self) -> None:
        for name in self._graphs.values():
            try:
                self._run(cypher.GDS_DROP, name=name)
            except Exception:  # the server went away: its in-memory graphs went with it
                pass
        self._graphs.clear()
