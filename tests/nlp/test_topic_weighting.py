"""The topic model's row weighting is chosen with k, by coherence (settings ``topic_weighting``).

NMF over unit-length TF-IDF rows weighs a paper with 12 concepts like one with 40; over the rows as counted,
the longer paper weighs more. The planted corpus below has three topics written out in 60 long papers, and 30
papers of 12 concepts drawn across all three vocabularies (no topic of their own): with unit rows they pull
the components towards mixtures; counted, the long papers' topics stand out, and their NPMI says so.
"""

from __future__ import annotations

import random

import numpy as np

from scholargraph.nlp import topics as T

VOCABS = {name: [f"{name}{i}" for i in range(30)] for name in ("alpha", "beta", "gamma")}


def planted() -> list[dict[str, int]]:
    rng = random.Random(13)
    counts = []
    for i in range(60):
        vocab = VOCABS[("alpha", "beta", "gamma")[i % 3]]
        counts.append({c: rng.randint(1, 4) for c in rng.sample(vocab, 25)})
    every = [c for v in VOCABS.values() for c in v]
    for _ in range(30):
        counts.append({c: 1 for c in rng.sample(every, 12)})
    return counts


def test_counted_rows_win_when_long_papers_carry_the_topics():
    X, vocab = T.tfidf_matrix(planted(), norm=None)
    model = T.fit_topics(X, vocab, n_topics=3, seed=0)
    sweep = model.info["topic_sweep"]
    assert sweep["3 none"]["npmi"] > sweep["3 l2"]["npmi"]
    assert model.info["topic_weighting"] == "none"
    # each topic's top concepts come from one planted vocabulary, a different one per topic
    sides = [{c.rstrip("0123456789") for c, _ in t.top_concepts[:10]} for t in model.topics]
    assert sorted(map(sorted, sides)) == [["alpha"], ["beta"], ["gamma"]]


def test_unit_rows_leave_one_weighting_to_try():
    X, vocab = T.tfidf_matrix(planted())  # l2 rows: "as counted" is the same matrix
    model = T.fit_topics(X, vocab, seed=0)
    assert model.info["topic_weighting"] == "l2"
    assert all(" " not in key for key in model.info["topic_sweep"])


def test_choice_rules_on_a_hand_made_sweep():
    def cand(npmi, diversity=0.9, max_share=0.2):
        return {"npmi": npmi, "diversity": diversity, "max_share": max_share}

    # the most coherent candidate covers most papers with one topic: a catch-all, passed over
    sweep = {("l2", 2): cand(0.2), ("none", 2): cand(0.5, max_share=0.9), ("none", 5): cand(0.3)}
    assert T._choose(sweep, ["l2", "none"]) == ("none", 5)
    # repeated topics (low diversity) are passed over too; ties go to the smaller k, then to l2
    sweep = {("l2", 4): cand(0.3), ("none", 3): cand(0.3), ("l2", 3): cand(0.3), ("none", 8): cand(0.4, 0.5)}
    assert T._choose(sweep, ["l2", "none"]) == ("l2", 3)
    # nothing passes both rules: the diverse ones; none diverse: all
    sweep = {("l2", 2): cand(0.1, max_share=0.8), ("none", 2): cand(0.2, max_share=0.9)}
    assert T._choose(sweep, ["l2", "none"]) == ("none", 2)
    sweep = {("l2", 2): cand(0.1, 0.5), ("none", 2): cand(0.2, 0.5)}
    assert T._choose(sweep, ["l2", "none"]) == ("none", 2)


def test_placing_a_paper_does_not_depend_on_its_row_length():
    # a model fitted on counted rows places a unit-length row (and any multiple of it) on the same shares
    X, vocab = T.tfidf_matrix(planted(), norm=None)
    model = T.fit_topics(X, vocab, n_topics=3, seed=0)
    unit = T._l2_rows(X)
    for a, b in zip(T.assign_topics(model, unit), T.assign_topics(model, X * 7.0), strict=True):
        assert [t for t, _ in a] == [t for t, _ in b]
        assert np.allclose([s for _, s in a], [s for _, s in b], atol=2e-3)


def test_agreement_of_two_fits_matches_topics_one_to_one():
    H = np.array([[5.0, 4, 3, 0, 0, 0], [0, 0, 0, 5, 4, 3]])
    assert T.topic_agreement(H, H[::-1], top_n=3) == 1.0  # the same topics in another order
    # one topic keeps 2 of its 3 top concepts (Jaccard 2/4), the other all three: mean 0.75
    other = np.array([[5.0, 4, 0, 3, 0, 0], [0, 0, 0, 5, 4, 3]])
    assert T.topic_agreement(H, other, top_n=3) == 0.75
    # matched one to one: two copies of one topic cannot both take it (1 and 0, not 1 and 1)
    assert T.topic_agreement(H, np.array([H[0], H[0]]), top_n=3) == 0.5


def test_the_tie_is_the_fits_own_noise():
    def cand(npmi, sd, k_share=0.2):
        return {"npmi": npmi, "diversity": 0.9, "max_share": k_share, "npmi_sd": sd, "fits": 5}

    # median spread 0.04 over 5 fits each: 1.5 * 0.04 * sqrt(2 / 5) = 0.03795 (worked out by hand)
    sweep = {
        ("l2", 5): cand(0.40, 0.04, 0.4),
        ("l2", 10): cand(0.37, 0.03, 0.3),
        ("l2", 15): cand(0.36, 0.05, 0.2),
    }
    assert abs(T._tie(sweep) - 0.03795) < 1e-5
    # 0.37 is within it of the best, 0.36 is not: of 5 and 10 the one with the smaller largest topic
    assert T._choose(sweep, ["l2"]) == ("l2", 10)
    # quiet fits: the tie never drops below NPMI_TIE, and 0.37 is then a worse candidate
    quiet = {c: {**v, "npmi_sd": 0.001} for c, v in sweep.items()}
    assert T._tie(quiet) == T.NPMI_TIE and T._choose(quiet, ["l2"]) == ("l2", 5)


def test_the_sweep_on_threads_gives_what_one_thread_gives(monkeypatch):
    # the candidates are fitted on threads; each fit starts from its own seed, so the order threads run in
    # changes nothing: the same sweep, choice and topics as on one thread (150 papers: refits included)
    counts = planted() + planted()[:60]
    X, vocab = T.tfidf_matrix(counts, norm=None)
    monkeypatch.setattr(T, "SWEEP_THREADS", 1)
    one = T.fit_topics(X, vocab, seed=3)
    monkeypatch.setattr(T, "SWEEP_THREADS", 4)
    many = T.fit_topics(X, vocab, seed=3)
    assert T._sweep_threads(20) >= 1 and one.info["topic_stability"] is not None
    assert one.info == many.info and one.topics == many.topics and one.paper_topics == many.paper_topics
