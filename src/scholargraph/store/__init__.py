"""The embedded store: one directory that holds a corpus, its annotations, the knowledge graph and the analysis
tables, saved as sorted JSON / CSV so the same inputs give the same bytes (see :mod:`.embedded`).

This is the default place a pipeline writes to; Neo4j (:mod:`scholargraph.neo4j`) is the server alternative.

>>> import scholargraph.store as store
>>> "save" in store.__all__ and "load_table" in store.__all__
True
"""

from .._lazy import attach

__getattr__, __dir__, __all__ = attach(
    __name__,
    {
        name: ".embedded"
        for name in (
            "FORMAT",
            "FORMAT_VERSION",
            "save",
            "load",
            "load_corpus",
            "load_annotations",
            "read_manifest",
            "save_table",
            "load_table",
            "list_tables",
            "clear_tables",
            "load_table_settings",
            "cache_dir",
            "is_store",
        )
    },
)
