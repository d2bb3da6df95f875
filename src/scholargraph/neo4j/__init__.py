"""Neo4j: push a knowledge graph to a server and pull it (or a subgraph) back (:mod:`.client`), the Cypher it
runs (:mod:`.cypher`, parameterised only), Neo4j Browser styling and saved queries (:mod:`.browser`), and a
local Neo4j Community server assembled from Maven Central (:mod:`.server`).

The Python driver is imported only when a function that needs it runs.

>>> import scholargraph.neo4j as sgneo4j
>>> {"connect", "push", "pull"} <= set(sgneo4j.__all__)
True
"""

from .._lazy import attach

__getattr__, __dir__, __all__ = attach(
    __name__,
    {
        **{n: ".client" for n in ("connect", "push", "pull", "counts", "clear", "DEFAULT_URI")},
        **{n: ".browser" for n in ("grass", "write_browser_assets", "queries_cypher", "instructions")},
        "SAVED_QUERIES": ".cypher",
    },
)
