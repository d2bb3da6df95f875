"""Worker processes for ``annotate(n_process > 1)``: each worker parses texts *and* builds their compact
records, so only the records (small lists of strings and ints) travel back to the main process, never Docs.

Why not ``nlp.pipe(n_process=...)``: spaCy's own multiprocessing sends every Doc (tokens, parse, tensor)
back to the main process, which then deserialises it and runs the Python post-processing
(:func:`~.keyphrases.doc_record`) serially: with two processes it was slower than one.

Here the main process cuts the (key, text) pairs into chunks, keeps at most ``2 * n_process`` chunks in
flight (bounded memory, the progress bar advances per chunk), and yields the results in chunk order
(deterministic). Workers are started with the ``fork`` context where the platform has it (the pipeline is
inherited as it is, nothing is reloaded), else ``spawn`` (the pipeline is pickled to each worker once). A
worker that fails reports its traceback; a worker that dies raises instead of hanging.

>>> chunk_size(300, n_process=2, batch_size=64)
19
>>> chunk_size(10_000, n_process=2, batch_size=64)
64
"""

from __future__ import annotations

import gc
import math
import multiprocessing as mp
import queue
import traceback
from collections.abc import Iterator
from typing import Any

from ..errors import ScholarGraphError

__all__ = ["chunk_size", "parallel_records", "chunk_records", "record_tables"]

_MIN_CHUNK = 8
_CHUNKS_PER_WORKER = 8
_POLL_SECONDS = 1.0


def chunk_size(n_texts: int, *, n_process: int, batch_size: int) -> int:
    """Texts per work unit: ``batch_size`` at most, small enough that each worker gets about 8 units
    (the last units finish together), and never below 8 texts (per-unit overhead) unless there are fewer."""
    per_worker = math.ceil(n_texts / (n_process * _CHUNKS_PER_WORKER))
    return max(1, min(batch_size, n_texts, max(_MIN_CHUNK, per_worker)))


def _serve(nlp: Any, disable: list[str], ner: bool, tasks: Any, results: Any) -> None:
    """Worker loop: (index, [(key, text), ...]) in -> (index, [(key, record), ...], None) out; None stops.
    A failure is sent back as (index, None, traceback text)."""
    # the loaded model's objects never become garbage: keep the cyclic GC from rescanning them
    gc.freeze()
    tables = record_tables(nlp)
    while True:
        task = tasks.get()
        if task is None:
            return
        index, chunk = task
        try:
            results.put((index, chunk_records(nlp, tables, chunk, disable=disable, ner=ner), None))
        except Exception:  # sent to the main process, which raises it with the worker's traceback
            results.put((index, None, traceback.format_exc()))


def record_tables(nlp: Any) -> tuple[Any, frozenset[str]]:
    """What :func:`chunk_records` needs besides the pipeline, made once per worker: the noun lemmatizer and
    the stop words."""
    from .keyphrases import NounLemmatizer

    return NounLemmatizer.from_nlp(nlp), frozenset(nlp.Defaults.stop_words)


def chunk_records(
    nlp: Any,
    tables: tuple[Any, frozenset[str]],
    chunk: list[tuple[str, str]],
    *,
    disable: list[str],
    ner: bool,
) -> list[tuple[str, dict[str, Any]]]:
    """(key, record) of every (key, text) of a chunk: spaCy parses the texts, :func:`~.keyphrases.doc_record`
    builds the records (what a worker process, or a Dask worker of :mod:`scholargraph.scale`, runs)."""
    from .keyphrases import doc_record

    lemma, stop_words = tables
    docs = nlp.pipe([text for _, text in chunk], batch_size=len(chunk), disable=disable)
    return [
        (key, doc_record(doc, lemma, stop_words, use_ner=ner, text=text))
        for doc, (key, text) in zip(docs, chunk, strict=True)
    ]


def _context(start_method: str | None) -> Any:
    if start_method is None:
        start_method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    return mp.get_context(start_method)


def parallel_records(
    nlp: Any,
    items: list[tuple[str, str]],
    *,
    n_process: int,
    batch_size: int,
    disable: list[str],
    ner: bool,
    start_method: str | None = None,
) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Records of the (key, text) pairs, computed by ``n_process`` worker processes; yields one list of
    (key, record) per chunk, chunks in input order. The workers are stopped when the generator ends or is
    closed."""
    if not items:
        return
    size = chunk_size(len(items), n_process=n_process, batch_size=batch_size)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    n_workers = min(n_process, len(chunks))
    ctx = _context(start_method)
    tasks = ctx.Queue()
    results = ctx.Queue()
    workers = [
        ctx.Process(target=_serve, args=(nlp, disable, ner, tasks, results), daemon=True)
        for _ in range(n_workers)
    ]
    for w in workers:
        w.start()
    try:
        sent = 0
        done: dict[int, list[tuple[str, dict[str, Any]]]] = {}
        for want in range(len(chunks)):
            while sent < len(chunks) and sent - want < 2 * n_workers:
                tasks.put((sent, chunks[sent]))
                sent += 1
            while want not in done:
                index, out, error = _next_result(results, workers)
                if error is not None:
                    raise ScholarGraphError(
                        f"extraction worker failed on chunk {index} (papers {index * size + 1}-"
                        f"{index * size + len(chunks[index])} of the texts to process):\n{error}"
                        "How to fix: run with n_process=1 to see the failing paper"
                    )
                done[index] = out
            yield done.pop(want)
        for _ in workers:
            tasks.put(None)
        for w in workers:
            w.join(timeout=30)
    finally:
        for w in workers:
            if w.is_alive():
                w.terminate()
                w.join()
        tasks.close()
        results.close()
        tasks.cancel_join_thread()
        results.cancel_join_thread()


def _next_result(results: Any, workers: list[Any]) -> tuple[int, Any, str | None]:
    """The next result from any worker; raises when a worker died without answering."""
    while True:
        try:
            return results.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            dead = [w for w in workers if not w.is_alive()]
            if dead:
                codes = ", ".join(str(w.exitcode) for w in dead)
                raise ScholarGraphError(
                    f"extraction worker process died (exit code {codes}), e.g. killed for lack of memory. "
                    "How to fix: use a smaller n_process or batch_size, or n_process=1"
                ) from None
