"""The whole build in one call: read -> extract -> build -> save, and the incremental update of a store.

``build_store(paths, out)`` reads the input files into a Corpus, runs extraction (unless ``extract=False``),
builds the KnowledgeGraph and saves everything into the store directory ``out`` (see
:mod:`scholargraph.store`). The settings used are kept in ``kg.meta["settings"]`` so that
``update_store(store, new_paths)`` can read more files, merge them into the stored corpus (duplicates merged and
recorded exactly as :func:`scholargraph.readers.read` does), re-run extraction with the same settings -- the
extraction cache in ``STORE/cache`` means only new papers go through spaCy -- and rebuild. The result equals a
full build of all the files in the same order.

``engine="dask"`` runs the same build on a Dask cluster (:mod:`scholargraph.scale`): the files are read on the
workers, spaCy runs per partition on them, and the store also gets the graph as Parquet tables
(``STORE/tables/``). ``client`` is an existing ``distributed.Client``, ``scheduler`` the address of one; with
neither, a LocalCluster with one worker per core runs for the duration of the call.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._validation import check_choice, check_int
from .errors import ConfigError
from .graph.build import build_graph
from .graph.kg import KnowledgeGraph
from .model import Corpus
from .store import embedded

__all__ = ["build_store", "update_store", "merge_files", "ENGINES"]

PathLike = str | os.PathLike[str]
ENGINES = ("local", "dask")


def _paths(paths: PathLike | Iterable[PathLike], name: str) -> list[str]:
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    out = [str(p) for p in paths]
    if not out:
        raise ConfigError(f"{name} must name at least one input file; got none")
    return out


def _read_options(listing_date: str | None, mapping: dict[str, str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"listing_date": listing_date} if listing_date is not None else {}
    if mapping is not None:
        out["mapping"] = mapping  # generic CSV / JSONL columns (readers.tabular)
    return out


def merge_files(
    corpus: Corpus, paths: Iterable[PathLike], *, format: str | None = None, **options: Any
) -> Corpus:
    """A new Corpus: ``corpus`` plus the records of ``paths``, duplicates merged into the papers they duplicate
    (every merge recorded), per-file accounting kept -- the same as reading all files at once."""
    from .readers import read_into
    from .readers.dedup import Deduplicator

    out = Corpus(
        rejects=list(corpus.rejects),
        merges=list(corpus.merges),
        files=list(corpus.files),
        notes=list(corpus.notes),
    )
    dedup = Deduplicator(out)
    for p in corpus.papers:
        dedup.add(p)  # stored papers are already unique: each is appended again, in the stored order
    read_into(out, dedup, paths, format, options)
    return out


def _extract(corpus: Corpus, store: Path, *, nlp: Any, model: str | None, n_process: int, seed: int,
             n_topics: int | None, progress: bool | None, stats: dict[str, Any] | None,
             language_guard: bool = True, client: Any = None) -> Any:  # fmt: skip
    """``extract`` as its two documented halves (``merge_records(annotate(...))``), so that each is a stage of
    its own: spaCy over the papers (a bar), then the corpus-wide concepts, TF-IDF and the topic-model fit. With a
    Dask ``client`` both halves run as ``extract(engine="dask")`` runs them (spaCy on the workers, topics fitted
    on a seeded sample)."""
    from ._progress import stage
    from .nlp.pipeline import _sampled_topics, annotate, load_nlp, merge_records

    if nlp is None:
        with stage("loading the spaCy model %s", model or "(default)"):
            nlp = load_nlp(model)
    cache = embedded.cache_dir(store)
    dask = {"engine": "dask", "client": client} if client is not None else {}
    with stage("extracting concepts from %d papers (spaCy)", len(corpus.papers)) as st:
        annotated = annotate(nlp, corpus, n_process=n_process, cache_dir=cache, progress=progress,
                             language_guard=language_guard, **dask)  # fmt: skip
        st.done(
            "%d processed, %d from the cache", annotated.stats["processed"], annotated.stats["cache_hits"]
        )
    what = f"{n_topics} topics" if n_topics else "topics (number chosen by stability across seeds)"
    with stage("merging concepts, TF-IDF and fitting %s", what) as st:
        ann = merge_records(annotated, n_topics=n_topics, seed=seed, stats=stats, cache_dir=cache,
                            topics=_sampled_topics(client) if client is not None else None)  # fmt: skip
        st.done("%d concepts, %d topics", len(ann.concepts), len(ann.topics))
    return ann


def _graph(corpus: Corpus, annotations: Any) -> KnowledgeGraph:
    from ._progress import stage

    with stage("building the graph") as st:
        kg = build_graph(corpus, annotations)
        st.done(repr(kg))
    return kg


def build_store(
    paths: PathLike | Iterable[PathLike],
    out: PathLike,
    *,
    model: str | None = None,
    nlp: Any = None,
    n_process: int = 1,
    seed: int = 0,
    n_topics: int | None = None,
    format: str | None = None,
    listing_date: str | None = None,
    extract: bool = True,
    language_guard: bool = True,
    mapping: dict[str, str] | None = None,
    progress: bool | None = None,
    stats: dict[str, Any] | None = None,
    engine: str = "local",
    client: Any = None,
    scheduler: str | None = None,
) -> KnowledgeGraph:
    """Read ``paths``, extract (unless ``extract=False``), build the graph and save the store at ``out``.

    ``engine="dask"``: on a Dask cluster (``client``, ``scheduler``; see the module docstring), with the graph
    also written as Parquet tables. The corpus and annotations are the same as the local engine's (on corpora
    of up to ``scale.extract.TOPIC_SAMPLE`` papers); ``kg.meta["settings"]["engine"]`` says which engine ran.

    ``model``/``nlp``: the spaCy model name, or a loaded pipeline; ``n_topics``: number of topics (None: chosen
    by extraction); ``format``: force one input format; ``listing_date``: for the Daily Papers listing;
    ``stats``: a dict that receives extraction counters (``processed`` = papers spaCy ran on, ``cache_hits``);
    ``language_guard``: skip papers written in another language than the model's (see
    :mod:`scholargraph.nlp.language`; they stay in the graph without concepts); ``mapping``: the columns of
    generic CSV / JSONL files (field -> column, see :mod:`scholargraph.readers.tabular`). Returns the
    KnowledgeGraph (also saved in ``out``).
    """
    files = _paths(paths, "paths")
    check_int(n_process, "n_process", "build_store", low=1)
    check_int(seed, "seed", "build_store", low=0)
    if n_topics is not None:
        check_int(n_topics, "n_topics", "build_store", low=1)
    check_choice(engine, "engine", "build_store", ENGINES)
    if engine == "dask":
        from .scale.cluster import cluster_client

        with cluster_client(client, scheduler) as c:
            return _build_files(files, Path(out), format, listing_date, mapping, extract, language_guard, c,
                                nlp=nlp, model=model, n_process=n_process, seed=seed, n_topics=n_topics,
                                progress=progress, stats=stats)  # fmt: skip
    return _build_files(files, Path(out), format, listing_date, mapping, extract, language_guard, None, nlp=nlp,
                        model=model, n_process=n_process, seed=seed, n_topics=n_topics, progress=progress,
                        stats=stats)  # fmt: skip


def _build_files(files: list[str], store: Path, format: str | None, listing_date: str | None,
                 mapping: dict[str, str] | None, extract: bool, language_guard: bool, client: Any,
                 **kw: Any) -> KnowledgeGraph:  # fmt: skip
    if client is None:
        from .readers import read

        corpus = read(files, format=format, **_read_options(listing_date, mapping))
    else:
        from .scale.extract import read_files

        corpus = read_files(client, files, format=format, **_read_options(listing_date, mapping))
    annotations = None
    if extract:
        annotations = _extract(corpus, store, language_guard=language_guard, client=client, **kw)
    nlp, model, seed, n_topics = kw["nlp"], kw["model"], kw["seed"], kw["n_topics"]
    kg = _graph(corpus, annotations)
    kg.meta["settings"] = {
        "inputs": files,
        "format": format,
        "listing_date": listing_date,
        "mapping": mapping,
        "model": model if nlp is None else getattr(nlp, "meta", {}).get("name", model),
        "seed": seed,
        "n_topics": n_topics,
        "extract": bool(extract),
        "language_guard": bool(language_guard),
    }
    if client is not None:
        kg.meta["settings"]["engine"] = "dask"
    embedded.save(kg, store, corpus=corpus, annotations=annotations)
    if client is not None:
        from .scale.tables import write_tables

        write_tables(store, kg)
    return kg


def update_store(
    store: PathLike,
    new_paths: PathLike | Iterable[PathLike],
    *,
    model: str | None = None,
    nlp: Any = None,
    n_process: int = 1,
    seed: int | None = None,
    n_topics: int | None = None,
    format: str | None = None,
    listing_date: str | None = None,
    extract: bool | None = None,
    language_guard: bool | None = None,
    mapping: dict[str, str] | None = None,
    progress: bool | None = None,
    stats: dict[str, Any] | None = None,
) -> KnowledgeGraph:
    """Add the records of ``new_paths`` to an existing store and rebuild it.

    Settings not given (seed, number of topics, model, whether to extract, the language guard) are those the store was built with,
    so the result equals ``build_store(old_paths + new_paths, ...)``. Raises StoreError when ``store`` is not a
    store (build one first with :func:`build_store`).
    """
    files = _paths(new_paths, "new_paths")
    store = Path(store)
    old_kg = embedded.load(store)
    corpus = embedded.load_corpus(store)
    settings = dict(old_kg.meta.get("settings", {}))
    settings.pop("engine", None)  # the update runs here, whatever engine built the store
    seed = settings.get("seed", 0) if seed is None else seed
    n_topics = settings.get("n_topics") if n_topics is None else n_topics
    extract = settings.get("extract", True) if extract is None else extract
    language_guard = settings.get("language_guard", True) if language_guard is None else language_guard
    model = settings.get("model") if model is None and nlp is None else model
    check_int(n_process, "n_process", "update_store", low=1)
    check_int(seed, "seed", "update_store", low=0)
    merged = merge_files(corpus, files, format=format, **_read_options(listing_date, mapping))
    annotations = None
    if extract:
        annotations = _extract(merged, store, nlp=nlp, model=model, n_process=n_process, seed=seed,
                               n_topics=n_topics, progress=progress, stats=stats,
                               language_guard=language_guard)  # fmt: skip
    kg = _graph(merged, annotations)
    kg.meta["settings"] = {
        **settings,
        "inputs": list(settings.get("inputs", [])) + files,
        "seed": seed,
        "n_topics": n_topics,
        "extract": bool(extract),
        "language_guard": bool(language_guard),
        "model": model,
    }
    if annotations is None and (store / "annotations.json").exists():
        (store / "annotations.json").unlink()  # stale: the papers changed
    embedded.save(kg, store, corpus=merged, annotations=annotations)
    return kg
