"""Analysis: communities, centrality, trends and bursts — pure functions on graphs that return pandas tables
and annotate nodes. :func:`~scholargraph.analysis.run.analyze_store` runs them all on a store.

>>> import networkx as nx
>>> leiden(nx.barbell_graph(3, 0)).n_communities
2
"""

from .centrality import (
    BETWEENNESS_EXACT_MAX_NODES,
    annotate_centrality,
    betweenness,
    centrality,
    citation_graph,
    eigenvector,
    hits,
    pagerank,
    top_papers,
)
from .communities import (
    CommunityResult,
    annotate_communities,
    detect_communities,
    label_communities,
    leiden,
    louvain,
    modularity,
    partition_stability,
)
from .run import analyze_store
from .trends import TrendResult, kleinberg, paper_items, period_of, time_series, trends

__all__ = [
    "CommunityResult",
    "leiden",
    "louvain",
    "detect_communities",
    "modularity",
    "partition_stability",
    "label_communities",
    "annotate_communities",
    "BETWEENNESS_EXACT_MAX_NODES",
    "citation_graph",
    "pagerank",
    "betweenness",
    "eigenvector",
    "hits",
    "centrality",
    "top_papers",
    "annotate_centrality",
    "TrendResult",
    "period_of",
    "paper_items",
    "time_series",
    "kleinberg",
    "trends",
    "analyze_store",
]
