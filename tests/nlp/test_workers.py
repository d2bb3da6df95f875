"""The worker pool behind ``annotate(n_process > 1)`` on real WoS abstracts: records identical to one
process, in input order, only cache misses sent to workers, the spawn start method, and worker failures."""

from __future__ import annotations

import pytest

from scholargraph.errors import ScholarGraphError
from scholargraph.nlp._workers import chunk_size, parallel_records
from scholargraph.nlp.pipeline import annotate, disabled_components, load_nlp
from scholargraph.readers import read


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def papers(corpora):
    files = sorted((corpora / "wos-javeriana-cali").glob("wos_*.txt.gz"))
    corpus = read([str(f) for f in files[:1]])
    out = [p for p in corpus.papers if p.abstract and p.abstract.strip()][:40]
    assert len(out) == 40
    return out


@pytest.fixture(scope="module")
def serial(nlp, papers):
    return annotate(nlp, papers, batch_size=16, progress=False)


def test_chunk_size_balances_small_inputs_and_caps_at_batch_size():
    assert chunk_size(40, n_process=2, batch_size=5) == 5
    assert chunk_size(40, n_process=2, batch_size=64) == 8
    assert chunk_size(1, n_process=4, batch_size=64) == 1
    assert chunk_size(100_000, n_process=2, batch_size=64) == 64


def test_two_processes_give_the_same_records_in_the_same_order(nlp, papers, serial):
    par = annotate(nlp, papers, batch_size=5, n_process=2, progress=False)
    assert par.stats["processed"] == 40
    assert list(par.records) == list(serial.records)
    assert par.records == serial.records
    assert par.settings == serial.settings


def test_only_cache_misses_go_to_the_workers(nlp, papers, serial, tmp_path):
    first = annotate(nlp, papers[:25], n_process=2, cache_dir=tmp_path, progress=False)
    assert first.stats["processed"] == 25
    both = annotate(nlp, papers, n_process=2, cache_dir=tmp_path, progress=False)
    assert (both.stats["cache_hits"], both.stats["processed"]) == (25, 15)
    assert both.records == serial.records
    again = annotate(nlp, papers, n_process=2, cache_dir=tmp_path, progress=False)
    assert (again.stats["cache_hits"], again.stats["processed"]) == (40, 0)


def test_chunks_come_back_in_input_order(nlp, serial):
    items = sorted(serial.texts.items())[:12]
    chunks = list(
        parallel_records(nlp, items, n_process=2, batch_size=1, disable=disabled_components(nlp), ner=False)
    )
    assert [len(c) for c in chunks] == [1] * 12
    assert [key for c in chunks for key, _ in c] == [key for key, _ in items]
    assert [rec for c in chunks for _, rec in c] == [serial.records[pid] for pid, _ in items]


def test_spawned_workers_get_the_same_pipeline(nlp, serial):
    items = sorted(serial.texts.items())[:6]
    chunks = parallel_records(
        nlp,
        items,
        n_process=2,
        batch_size=3,
        disable=disabled_components(nlp),
        ner=False,
        start_method="spawn",
    )
    assert [rec for c in chunks for _, rec in c] == [serial.records[pid] for pid, _ in items]


def test_a_failing_worker_raises_with_its_traceback(nlp, serial):
    items = [*sorted(serial.texts.items())[:3], ("bad", 42)]  # spaCy refuses a non-text input
    chunks = parallel_records(nlp, items, n_process=2, batch_size=2, disable=[], ner=False)
    with pytest.raises(
        ScholarGraphError, match=r"(?s)worker failed on chunk 1 \(papers 3-4.*int.*n_process=1"
    ):
        list(chunks)
