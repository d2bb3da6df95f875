"""Analysis: communities, centrality, trends and bursts -- pure functions on graphs that return pandas tables
and annotate nodes. :func:`analyze` runs them all on a graph in memory; :func:`analyze_store` on a store,
saving every table the report shows (names, columns and files in :mod:`.tables`).

>>> import networkx as nx
>>> from scholargraph.analysis import leiden
>>> leiden(nx.barbell_graph(3, 0)).n_communities
2
"""

from .._lazy import attach

__getattr__, __dir__, __all__ = attach(
    __name__,
    {
        **{n: ".run" for n in ("analyze", "analyze_store")},
        **{
            n: ".centralities"
            for n in (
                "BETWEENNESS_EXACT_MAX_NODES",
                "annotate_centrality",
                "betweenness",
                "centrality",
                "citation_graph",
                "eigenvector",
                "hits",
                "pagerank",
                "top_papers",
            )
        },
        **{
            n: ".communities"
            for n in (
                "CommunityResult",
                "annotate_communities",
                "detect_communities",
                "label_communities",
                "leiden",
                "louvain",
                "modularity",
                "partition_stability",
            )
        },
        **{
            n: ".trend_detection"
            for n in ("TrendResult", "kleinberg", "paper_items", "period_of", "time_series", "trends")
        },
    },
    submodules=("tables",),
)
