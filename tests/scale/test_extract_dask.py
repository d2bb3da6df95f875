"""The Dask engine's extraction equals the local engine's, record for record (issue 18's contract), with the
model loaded once per worker and kept across jobs.

Corpora: the Daily Papers listing (49 papers, all of them) and one WoS file of 500 records for extraction -- the
whole WoS set would run spaCy over ~5,000 abstracts twice (about 3 minutes per engine on CI's 2 cores) through
the very same per-paper code; one file keeps the multilingual quirk (Spanish records the language guard skips,
PROVENANCE.md) at a tenth of the cost. Reading is compared on all 13 files."""

from __future__ import annotations

import numpy as np
import pytest

from scholargraph.nlp.pipeline import annotate, extract, load_nlp, merge_records
from scholargraph.nlp.topics import assign_topics, fit_topics, label_order, relabel, tfidf_matrix, topic_label
from scholargraph.readers import read
from scholargraph.scale.extract import read_files, sampled_topics


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _same_annotations(local, dask) -> None:
    assert local.to_json() == dask.to_json()
    assert local.mentions and local.concepts  # a real comparison, not of two empty results


def test_daily_papers_annotations_equal(nlp, hf_listing, dask_client):
    corpus = read(hf_listing, listing_date="2025-11-20")
    # one "·" per listed paper in the page text (the oracle of tests/readers/test_hf_papers.py)
    listed = hf_listing.read_text(encoding="utf-8").count("\u00b7")
    assert len(corpus.papers) == listed == 49
    local_stats, dask_stats = {}, {}
    local = extract(nlp, corpus, stats=local_stats)
    dask = extract(nlp, corpus, engine="dask", client=dask_client, stats=dask_stats, batch_size=8)
    _same_annotations(local, dask)
    assert dask_stats == local_stats and dask_stats["processed"] == listed


def test_wos_file_annotations_equal(nlp, wos_files, dask_client, tmp_path):
    corpus = read(next(f for f in wos_files if f.name == "wos_4501_5000.txt.gz"))
    assert (
        corpus.files[0].records == 500
    )  # records 4,501-5,000 of the export (the file's name, PROVENANCE.md)
    local = extract(nlp, corpus)
    dask = extract(nlp, corpus, engine="dask", client=dask_client, cache_dir=tmp_path)
    _same_annotations(local, dask)
    assert any(why.startswith("language") for why in dask.skipped.values())  # Spanish records, skipped alike
    # the cache is the driver's: a second Dask run sends nothing to the workers
    stats: dict = {}
    again = extract(nlp, corpus, engine="dask", client=dask_client, cache_dir=tmp_path, stats=stats)
    assert stats["processed"] == 0 and again.to_json() == dask.to_json()


def test_model_loaded_once_per_worker_and_kept(nlp, hf_listing, dask_client):
    from scholargraph.scale import extract as engine

    corpus = read(hf_listing, listing_date="2025-11-20")
    extract(nlp, corpus, engine="dask", client=dask_client)
    first = dask_client.run(lambda: [id(v[0]) for v in engine._MODELS.values()])
    extract(nlp, corpus, engine="dask", client=dask_client)
    second = dask_client.run(lambda: [id(v[0]) for v in engine._MODELS.values()])
    assert len(first) == 2 and first == second
    assert all(len(ids) == 1 for ids in second.values())


def test_files_are_read_on_the_workers_into_the_same_corpus(wos_files, dask_client):
    local = read(wos_files)
    dask = read_files(dask_client, wos_files)
    assert [p.to_dict() for p in dask.papers] == [p.to_dict() for p in local.papers]
    assert (dask.rejects, dask.merges, dask.files, dask.notes) == (
        local.rejects,
        local.merges,
        local.files,
        local.notes,
    )
    assert dask.merges and sum(f.records for f in dask.files) == 6025  # PROVENANCE.md: 6,025 records


def test_topics_fitted_on_a_seeded_sample_and_assigned_per_partition(nlp, hf_listing, dask_client):
    corpus = read(hf_listing, listing_date="2025-11-20")
    annotated = annotate(nlp, corpus)
    a = merge_records(annotated, n_topics=3, topics=sampled_topics(dask_client, sample=20, partition=5))
    b = merge_records(annotated, n_topics=3, topics=sampled_topics(dask_client, sample=20, partition=9))
    assert a.to_json() == b.to_json()  # the partitioning does not change the result
    with_concepts = sorted(pid for pid, ms in a.mentions.items() if ms)
    assert f"seeded sample of 20 of {len(with_concepts)} papers" in a.settings["topic_fit"]
    assert set(a.paper_topics) <= set(with_concepts)
    # the topics are those of nlp.topics.fit_topics on the sampled TF-IDF rows alone (rows: the papers with
    # concepts, in id order; the sample: numpy's default_rng(seed), as documented in scale.extract)
    X, vocab = tfidf_matrix(
        [{m.concept: m.count for m in a.mentions[pid]} for pid in with_concepts], norm=None
    )
    rows = np.sort(np.random.default_rng(0).choice(len(with_concepts), size=20, replace=False))
    alone = fit_topics(X[rows], vocab, n_topics=3, seed=0)
    # (the merged labels follow the label rule over the concepts' termhood and show each concept as its papers
    # write it: "ImageNet")
    termhood = {name: c.termhood for name, c in a.concepts.items()}
    assert [
        (relabel(topic_label(label_order(t.top_concepts, termhood)), a.concepts), t.top_concepts)
        for t in alone.topics
    ] == [(t.label, t.top_concepts) for t in a.topics]
    for r, shares in zip(rows.tolist(), alone.paper_topics, strict=True):
        assert a.paper_topics.get(with_concepts[r], []) == shares
    # the other papers are placed on the sample's topics: a paper the topics do not explain gets none, and is
    # counted (nlp.topics.MIN_TOPIC_FIT)
    missing = [r for r, pid in enumerate(with_concepts) if pid not in a.paper_topics]
    assert len(missing) == a.settings["papers_fitting_no_topic"] < len(with_concepts) / 4
    rest = [r for r in missing if r not in set(rows.tolist())]
    assert rest and assign_topics(alone, X[rest]) == [[] for _ in rest]
    # up to the sample size, the Dask engine's topics are the local ones
    full = merge_records(annotated, n_topics=3)
    same = merge_records(annotated, n_topics=3, topics=sampled_topics(dask_client, sample=len(with_concepts)))
    assert same.to_json() == full.to_json() and "topic_fit" not in full.settings


def test_annotate_on_dask_needs_a_client(nlp, hf_listing):
    from scholargraph.errors import ConfigError

    corpus = read(hf_listing, listing_date="2025-11-20")
    with pytest.raises(ConfigError, match="'client' parameter of annotate"):
        annotate(nlp, corpus, engine="dask")
    with pytest.raises(ConfigError, match="'engine' parameter of extract"):
        extract(nlp, corpus, engine="spark")
