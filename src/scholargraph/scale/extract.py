"""Extraction on a Dask cluster: the files read on the workers, spaCy per partition with the model loaded once
per worker, topics fitted on a seeded sample and assigned per partition.

What runs where (the same code as the local engine everywhere; only the place changes):

- **Reading**: each input file is read by a worker (:func:`read_files`: the format's reader, ``merge=False``);
  the driver merges duplicates across files in file order with the same :class:`~scholargraph.readers.dedup.
  Deduplicator`, so the Corpus equals ``read(files)`` (papers, rejects, merges, per-file accounting, notes).
- **spaCy and the records**: :func:`~scholargraph.nlp.pipeline.annotate` (``engine="dask"``) runs the language
  guard and the cache on the driver and sends the texts to parse, in partitions of at most ``batch_size``
  texts, to the workers (:func:`dask_records`). A worker loads the model the first time it needs it and keeps
  it in a module-level cache (:func:`worker_nlp`) for every later task and job; it checks that its model's
  settings fingerprint equals the driver's, then parses and builds the records with
  :func:`scholargraph.nlp._workers.chunk_records` -- the local worker processes' own function
  (:func:`~scholargraph.nlp.keyphrases.doc_record`). At most four partitions per worker are in flight, and the
  records come back in input order, so the result does not depend on the cluster's size or timing.
- **The corpus-wide step** (acronym table, concepts, TF-IDF, topics) is
  :func:`~scholargraph.nlp.pipeline.merge_records` on the driver, over the compact records. The topics are fitted
  on a seeded sample of at most ``topic_sample`` papers (:data:`TOPIC_SAMPLE` by default) and the other papers
  are assigned to them per partition on the workers (:func:`~scholargraph.nlp.topics.assign_topics`, NMF with
  the fitted topics fixed). On a corpus of at most ``topic_sample`` papers with concepts the sample is the whole
  corpus, and the annotations equal the local engine's record for record (tested on the WoS set and the Daily
  Papers listing).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import check_int
from ..errors import ConfigError
from .cluster import n_workers

if TYPE_CHECKING:
    from ..model import Corpus

__all__ = ["TOPIC_SAMPLE", "worker_nlp", "dask_records", "sampled_topics", "read_files", "warm_workers"]

TOPIC_SAMPLE = 100_000
_IN_FLIGHT_PER_WORKER = 4
# per worker process: (model name, with NER) -> (pipeline, record tables, settings fingerprint per ner flag)
_MODELS: dict[tuple[str, bool], tuple[Any, Any, dict[bool, str]]] = {}


def worker_nlp(model: str, with_ner: bool) -> tuple[Any, Any, dict[bool, str]]:
    """The pipeline ``model`` of this worker process, loaded on first use and kept for every later task (and
    job) of the process: (pipeline, record tables, settings fingerprints)."""
    from ..nlp._workers import record_tables
    from ..nlp.pipeline import load_nlp

    key = (model, with_ner)
    hit = _MODELS.get(key)
    if hit is None:
        nlp = load_nlp(model, disable_ner=not with_ner)
        gc.freeze()  # a worker's own process: the model's objects never become garbage
        hit = _MODELS[key] = (nlp, record_tables(nlp), {})
    return hit


def _fingerprint(nlp: Any, ner: bool, memo: dict[bool, str] | None = None) -> str:
    from ..nlp.cache import fingerprint
    from ..nlp.pipeline import extraction_settings

    if memo is not None and ner in memo:
        return memo[ner]
    fp = fingerprint(extraction_settings(nlp, ner=ner))
    if memo is not None:
        memo[ner] = fp
    return fp


def _records(model: str, with_ner: bool, ner: bool, fp: str, chunk: list[tuple[str, str]]) -> list:
    """Worker task: the (key, record) pairs of a partition of (key, text) pairs."""
    from ..nlp._workers import chunk_records
    from ..nlp.pipeline import disabled_components

    nlp, tables, memo = worker_nlp(model, with_ner)
    if _fingerprint(nlp, ner, memo) != fp:
        raise ConfigError(
            f"the Dask worker's spaCy model {model!r} differs from the driver's (model, spaCy, scholargraph or "
            "pattern versions): its records would differ. How to fix: install the same versions on the workers"
        )
    return chunk_records(nlp, tables, chunk, disable=disabled_components(nlp, ner=ner), ner=ner)


def _model_of(nlp: Any) -> tuple[str, bool]:
    from ..nlp.pipeline import model_name

    return model_name(nlp), "ner" in nlp.pipe_names


def warm_workers(client: Any, nlp: Any) -> int:
    """Load ``nlp``'s model on every worker now (otherwise each loads it with its first partition); returns
    the number of workers."""
    model, with_ner = _model_of(nlp)
    client.run(worker_nlp, model, with_ner)
    return n_workers(client)


def dask_records(
    client: Any, nlp: Any, items: list[tuple[str, str]], *, batch_size: int, ner: bool
) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """The records of the (key, text) pairs, parsed on the cluster's workers; yields one list of (key, record)
    per partition, partitions in input order (see the module docstring)."""
    from ..nlp._workers import chunk_size

    if not items:
        return
    model, with_ner = _model_of(nlp)
    fp = _fingerprint(nlp, ner)
    workers = n_workers(client)
    size = chunk_size(len(items), n_process=workers, batch_size=batch_size)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    futures: dict[int, Any] = {}
    sent = 0
    try:
        for want in range(len(chunks)):
            while sent < len(chunks) and sent - want < _IN_FLIGHT_PER_WORKER * workers:
                futures[sent] = client.submit(_records, model, with_ner, ner, fp, chunks[sent], pure=False)
                sent += 1
            yield futures.pop(want).result()
    finally:
        for f in futures.values():
            f.cancel()


# ------------------------------------------------------------------------------------------------ topics


def _assign(model: Any, X: Any, seed: int) -> list:
    from ..nlp.topics import assign_topics

    return assign_topics(model, X, seed=seed)


def sampled_topics(client: Any, sample: int = TOPIC_SAMPLE, *, partition: int = 20_000) -> Callable:
    """The ``topics`` callable :func:`~scholargraph.nlp.pipeline.merge_records` takes: with more than ``sample``
    papers, fit the topics on a seeded sample of ``sample`` rows and assign the other rows per partition of
    ``partition`` rows on the workers; otherwise None (the local fit over every row, identical results)."""
    check_int(sample, "topic_sample", "sampled_topics", low=2)
    check_int(partition, "partition", "sampled_topics", low=1)

    def fit(X: Any, vocab: Sequence[str], n_topics: int | None, seed: int) -> Any:
        from ..nlp.topics import TopicModel, fit_topics

        n = X.shape[0]
        if n <= sample:
            return None
        rows = np.sort(np.random.default_rng(seed).choice(n, size=sample, replace=False))
        model = fit_topics(X[rows], vocab, n_topics=n_topics, seed=seed)
        paper_topics: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        for r, shares in zip(rows.tolist(), model.paper_topics, strict=True):
            paper_topics[r] = shares
        rest = np.setdiff1d(np.arange(n), rows)
        shared = client.scatter(model, broadcast=True)
        blocks = [rest[i : i + partition] for i in range(0, len(rest), partition)]
        futures = [client.submit(_assign, shared, X[b], seed, pure=False) for b in blocks]
        for b, fut in zip(blocks, futures, strict=True):
            for r, shares in zip(b.tolist(), fut.result(), strict=True):
                paper_topics[r] = shares
        in_vocab = np.asarray(X[:, model.columns].getnnz(axis=1)).ravel() > 0
        info = {
            **model.info,
            "papers_fitting_no_topic": int(sum(1 for r in range(n) if in_vocab[r] and not paper_topics[r])),
            "topic_fit": f"a seeded sample of {sample} of {n} papers (seed {seed}); the others assigned to its "
            f"topics per partition (NMF with the topics fixed)",
        }
        # a topic's papers to cite are rows of the sample: rows of the whole matrix here
        topics = [replace(t, papers=[str(int(rows[int(i)])) for i in t.papers]) for t in model.topics]
        return TopicModel(topics, paper_topics, info, model.components, model.columns)

    return fit


# ------------------------------------------------------------------------------------------------ reading


def _read_file(path: str, fmt: str | None, options: dict[str, Any]) -> Any:
    """Worker task: every record of one file, duplicates kept (they are merged on the driver, in file order)."""
    from ..readers import read

    return read([path], format=fmt, merge=False, **options)


def read_files(client: Any, paths: Any, format: str | None = None, **options: Any) -> Corpus:
    """``read(paths, format, **options)`` with each file read by a worker: the same Corpus (papers, rejects,
    merges, per-file accounting and notes); the duplicates across and within files are merged here, in file
    order, by the same Deduplicator."""
    from ..model import Corpus
    from ..readers import _note_unresolvable, check_reader_options, expand_paths
    from ..readers.dedup import Deduplicator

    check_reader_options(options, "read_files")
    files, skipped = expand_paths(paths)
    futures = [client.submit(_read_file, f, format, options, pure=False) for f in files]
    corpus = Corpus(notes=list(skipped))
    dedup = Deduplicator(corpus)
    for fut in futures:
        part = fut.result()
        stats = part.files[0]
        stats.papers = stats.merged = 0
        corpus.rejects.extend(part.rejects)
        for p in part.papers:
            if dedup.add(p):
                stats.merged += 1
            else:
                stats.papers += 1
        corpus.files.append(stats)
        dated = {p.date.note for p in part.papers if p.date and p.date.note}
        corpus.notes.extend(n for n in part.notes if n not in dated and n not in corpus.notes)
    for p in corpus.papers:
        if p.date and p.date.note and p.date.note not in corpus.notes:
            corpus.notes.append(p.date.note)
    _note_unresolvable(corpus)  # one corpus-wide note in place of the files' own
    return corpus
