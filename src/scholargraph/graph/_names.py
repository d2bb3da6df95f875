"""Names of the graph stage's choices (projection kinds, normalisations, countings, export formats), in a module
with no heavy imports, so the CLI can offer them as argparse choices without importing networkx or scipy.

>>> "coupling" in KINDS and "association" in NORMALIZATIONS and "graphml" in FORMATS
True
"""

from __future__ import annotations

__all__ = ["NORMALIZATIONS", "COUNTINGS", "METHODS", "KINDS", "FORMATS"]

NORMALIZATIONS = ("count", "association", "cosine", "jaccard", "inclusion")
COUNTINGS = ("full", "fractional")
METHODS = ("sparse", "loop")
# projection name (CLI and projections.project()) -> function name in scholargraph.graph.projections
KINDS = {
    "co-authorship": "co_authorship",
    "co-citation": "co_citation",
    "coupling": "bibliographic_coupling",
    "concepts": "concept_cooccurrence",
    "topics": "topic_cooccurrence",
}
FORMATS = ("graphml", "gexf", "node-link", "cytoscape", "vosviewer", "neo4j-csv")
