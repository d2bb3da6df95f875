"""Topics are fitted on papers with text to go on; title-only papers are placed on them afterwards.

On the WoS set 1,040 of 6,018 papers have no abstract; fitted on, their two or three concepts pulled NMF's
components onto themselves (topic NPMI 0.07 instead of 0.25). The planted corpus below reproduces that: two
topics in 60 papers with abstracts, and 300 title-only papers whose short rows pair a planted concept with one
of a few filler words.
"""

from __future__ import annotations

import random

import pytest

from scholargraph.nlp import topics as T

A = [f"alpha{i}" for i in range(20)]
B = [f"beta{i}" for i in range(20)]
FILLER = [f"filler{i}" for i in range(6)]


def _abstracts(rng: random.Random, n: int = 60) -> tuple[list[dict[str, int]], list[str]]:
    """``n`` papers with abstracts, alternately on topic A and B: 12 of the topic's 20 concepts each."""
    counts = [{c: rng.randint(1, 3) for c in rng.sample(A if i % 2 == 0 else B, 12)} for i in range(n)]
    return counts, ["A" if i % 2 == 0 else "B" for i in range(n)]


def planted():
    rng = random.Random(7)
    counts, truth = _abstracts(rng)
    for i in range(300):
        vocab = A if i % 2 == 0 else B
        counts.append({rng.choice(vocab): 1, rng.choice(FILLER): 1})
        truth.append("A" if i % 2 == 0 else "B")
    return counts, truth


def fit(counts):
    X, vocab = T.tfidf_matrix(counts)
    return T.fit_topics(X, vocab, n_topics=2, seed=0)


def side(concept: str) -> str:
    return "A" if concept.startswith("alpha") else "B" if concept.startswith("beta") else "filler"


def test_title_only_papers_do_not_shape_the_topics():
    counts, truth = planted()
    model = fit(counts)
    assert model.info["topic_fit_papers"] == 60
    tops = [{side(c) for c, _ in t.top_concepts[:10]} for t in model.topics]
    assert sorted(map(sorted, tops)) == [["A"], ["B"]]
    # every short paper is still placed, on the topic of its planted concept
    by_side = {next(iter(s)): t.id for s, t in zip(tops, model.topics, strict=True)}
    for row in range(60, 360):
        assert model.paper_topics[row], row
        assert model.paper_topics[row][0][0] == by_side[truth[row]]


def test_the_same_corpus_fitted_on_every_row_is_what_went_wrong(monkeypatch: pytest.MonkeyPatch):
    # the test above can fail: with the short rows fitted on, fillers enter the topics' top concepts
    monkeypatch.setattr(T, "MIN_FIT_CONCEPTS", 0)
    counts, _ = planted()
    model = fit(counts)
    assert model.info["topic_fit_papers"] == 360
    assert any(side(c) == "filler" for t in model.topics for c, _ in t.top_concepts[:10])


def test_a_corpus_of_titles_is_fitted_on_all_of_them():
    rng = random.Random(3)
    counts = [{rng.choice(A): 1, rng.choice(A[:5]): 1} for _ in range(30)]
    counts += [{rng.choice(B): 1, rng.choice(B[:5]): 1} for _ in range(30)]
    model = fit(counts)
    assert model.info["topic_fit_papers"] == 60
    assert all(model.paper_topics)


def test_a_paper_the_topics_do_not_explain_gets_no_topic():
    """60 papers on two planted topics, and 20 papers of their own: one planted concept among 60 words no other
    paper has (on the WoS set: a mango-extraction study that shares "oxidative stress" with the astrocyte topic).
    Shares alone put each of the 20 in a topic with a share of 1.0; the topics account for 1-2% of their rows, so
    they get none, and the planted papers keep theirs. assign_topics (papers placed on a fitted model) agrees."""
    rng = random.Random(11)
    counts, truth = _abstracts(rng)
    for i in range(20):
        counts.append({rng.choice(A if i % 2 == 0 else B): 1} | {f"own{i}_{j}": 1 for j in range(60)})
        truth.append("own")
    X, vocab = T.tfidf_matrix(counts)
    model = T.fit_topics(X, vocab, n_topics=2, seed=0)
    by_side = {side(t.top_concepts[0][0]): t.id for t in model.topics}
    for row, want in enumerate(truth):
        if want == "own":
            assert model.paper_topics[row] == [], row
        else:
            assert model.paper_topics[row][0][0] == by_side[want], row
    assert model.info["papers_fitting_no_topic"] == 20
    assert "0.03" in model.info["paper_topics_rule"]
    assert [[t for t, _ in s] for s in T.assign_topics(model, X)] == [
        [t for t, _ in s] for s in model.paper_topics
    ]
    # the rule is what decides: without it, each of the 20 sits in a topic, with the whole of its share
    shares = [T._shares(w) for w in T._place(X[:, model.columns].tocsr(), model.components, 0, 300)]
    assert all(s and s[0][1] == 1.0 for s in shares[60:])
