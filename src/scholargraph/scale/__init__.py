"""The scale engine: the same pipeline on a Dask cluster, with Parquet tables, for corpora of millions of papers.

- :mod:`.cluster`: the cluster (an existing client or scheduler, else a LocalCluster, one worker per core).
- :mod:`.extract`: files read on the workers, spaCy per partition (model loaded once per worker), topics fitted
  on a seeded sample; ``sg.extract(nlp, corpus, engine="dask", client=...)`` and
  ``scholargraph build --engine dask`` use it.
- :mod:`.tables`: the store's Parquet tables (papers, authors, authorships, references, concepts, mentions with
  evidence, topics, paper_topics), readable by Dask, Spark, DuckDB or pandas.
- :mod:`.projections`: co-authorship, co-citation, bibliographic coupling and concept co-occurrence over those
  tables, per-partition sparse products summed across the workers, with the normalisations and thresholds of
  :mod:`scholargraph.graph.projections`.

Needs the optional extra ``pip install 'scholargraph[scale]'`` (dask[distributed], pyarrow). See docs/scale.md.
"""

from .._lazy import attach

__getattr__, __dir__, __all__ = attach(
    __name__,
    {
        "cluster_client": ".cluster",
        **{n: ".extract" for n in ("read_files", "warm_workers", "TOPIC_SAMPLE")},
        **{n: ".tables" for n in ("write_tables", "read_table", "TABLE_NAMES")},
        **{n: ".projections" for n in ("project_tables", "SCALE_PROJECTIONS")},
    },
)
