"""The whole build in one call: read -> extract -> build -> save, and the incremental update of a store.

``build_store(paths, out)`` reads the input files into a Corpus, runs extraction (unless ``extract=False``),
builds the KnowledgeGraph and saves everything into the store directory ``out`` (see
:mod:`scholargraph.store`). The settings used are kept in ``kg.meta["settings"]`` so that
``update_store(store, new_paths)`` can read more files, merge them into the stored corpus (duplicates merged and
recorded exactly as :func:`scholargraph.readers.read` does), re-run extraction with the same settings -- the
extraction cache in ``STORE/cache`` means only new papers go through spaCy -- and rebuild. The result equals a
full build of all the files in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._validation import check_int
from .errors import ConfigError
from .graph.build import build_graph
from .graph.kg import KnowledgeGraph
from .model import Corpus
from .store import embedded

__all__ = ["build_store", "update_store", "merge_files"]

PathLike = str | os.PathLike[str]


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
             language_guard: bool = True) -> Any:  # fmt: skip
    """``extract`` as its two documented halves (``merge_records(annotate(...))``), so that each is a stage of
    its own: spaCy over the papers (a bar), then the corpus-wide concepts, TF-IDF and the topic-model fit."""
    from ._progress import stage
    from .nlp.pipeline import annotate, load_nlp, merge_records

    if nlp is None:
        with stage("loading the spaCy model %s", model or "(default)"):
            nlp = load_nlp(model)
    cache = embedded.cache_dir(store)
    with stage("extracting concepts from %d papers (spaCy)", len(corpus.papers)) as st:
        annotated = annotate(nlp, corpus, n_process=n_process, cache_dir=cache, progress=progress,
                             language_guard=language_guard)  # fmt: skip
        st.done(
            "%d processed, %d from the cache", annotated.stats["processed"], annotated.stats["cache_hits"]
        )
    what = f"{n_topics} topics" if n_topics else "topics (number chosen by stability across seeds)"
    with stage("merging concepts, TF-IDF and fitting %s", what) as st:
        ann = merge_records(annotated, n_topics=n_topics, seed=seed, stats=stats, cache_dir=cache)
        st.done("%d concepts, %d topics", len(ann.concepts), len(ann.topics))
    return ann


def _build(corpus: Corpus, annotations: Any) -> KnowledgeGraph:
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
) -> KnowledgeGraph:
    """Read ``paths``, extract (unless ``extract=False``), build the graph and save the store at ``out``.

    ``model``/``nlp``: the spaCy model name, or a loaded pipeline; ``n_topics``: number of topics (None: chosen
    by extraction); ``format``: force one input format; ``listing_date``: for the Daily Papers listing;
    ``stats``: a dict that receives extraction counters (``processed`` = papers spaCy ran on, ``cache_hits``);
    ``language_guard``: skip papers written in another language than the model's (see
    :mod:`scholargraph.nlp.language`; they stay in the graph without concepts); ``mapping``: the columns of
    generic CSV / JSONL files (field -> column, see :mod:`scholargraph.readers.tabular`). Returns the
    KnowledgeGraph (also saved in ``out``).
    """
    from .readers import read

    files = _paths(paths, "paths")
    check_int(n_process, "n_process", "build_store", low=1)
    check_int(seed, "seed", "build_store", low=0)
    if n_topics is not None:
        check_int(n_topics, "n_topics", "build_store", low=1)
    corpus = read(files, format=format, **_read_options(listing_date, mapping))
    store = Path(out)
    annotations = None
    if extract:
        annotations = _extract(corpus, store, nlp=nlp, model=model, n_process=n_process, seed=seed,
                               n_topics=n_topics, progress=progress, stats=stats,
                               language_guard=language_guard)  # fmt: skip
    kg = _build(corpus, annotations)
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
    embedded.save(kg, store, corpus=corpus, annotations=annotations)
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
    kg = _build(merged, annotations)
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
