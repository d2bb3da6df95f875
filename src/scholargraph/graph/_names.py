"""Names of the graph stage's choices (projection kinds, normalisations, countings, export formats), in a module
with no heavy imports, so the CLI can offer them as argparse choices without importing networkx or scipy.

>>> "coupling" in KINDS and "association" in NORMALIZATIONS and "graphml" in FORMATS
True
"""

from __future__ import annotations

__all__ = ["NORMALIZATIONS", "COUNTINGS", "KINDS", "TARGETS", "FORMATS"]

NORMALIZATIONS = ("count", "association", "cosine", "jaccard", "inclusion")
COUNTINGS = ("full", "fractional")
# projection names (CLI and projections.project(); projections.PROJECTIONS maps them to the functions)
KINDS = ("co-authorship", "co-citation", "coupling", "concepts", "topics", "mesh")
# what a projection returns (the ``to=`` option): nx.Graph, ProjectionMatrix, edge-list DataFrame, igraph.Graph
TARGETS = ("networkx", "matrix", "frame", "igraph")
FORMATS = ("graphml", "gexf", "node-link", "cytoscape", "vosviewer", "neo4j-csv")
