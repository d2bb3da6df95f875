"""The knowledge graph: the schema (:mod:`.schema`, every label, relationship type and property), the typed
:class:`KnowledgeGraph`, :func:`build_graph` from a corpus and its annotations, sparse weighted projections
(co-authorship, co-citation, bibliographic coupling, co-occurrence) and exports (GraphML, GEXF, node-link,
Cytoscape, VOSviewer, neo4j-admin CSV). This package depends only on the corpus model.

>>> import scholargraph.graph as g
>>> {"KnowledgeGraph", "build_graph", "co_citation", "export"} <= set(g.__all__)
True
"""

from .._lazy import attach

__getattr__, __dir__, __all__ = attach(
    __name__,
    {
        "KnowledgeGraph": ".kg",
        "build_graph": ".build",
        **{
            n: ".projections"
            for n in (
                "ProjectionOptions",
                "ProjectionMatrix",
                "co_authorship",
                "co_citation",
                "bibliographic_coupling",
                "concept_cooccurrence",
                "topic_cooccurrence",
                "project",
                "incidence",
            )
        },
        **{n: ".references" for n in ("reference_key", "reference_keys")},
        **{
            n: ".exports"
            for n in (
                "export",
                "write_graphml",
                "write_gexf",
                "write_node_link",
                "write_cytoscape",
                "write_vosviewer",
                "write_neo4j_csv",
            )
        },
    },
    submodules=("schema",),
)
