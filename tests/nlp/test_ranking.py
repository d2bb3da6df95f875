"""The ranking of a paper's concepts (nlp/ranking.py): position and the leave-one-out keyword prior.

Oracle: the factors are checked as ratios between two merges of the same records, one with the author
keywords and one without (TF-IDF and position cancel out), against the counts written into the corpus below.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from scholargraph.model import Paper
from scholargraph.nlp.pipeline import annotate, load_nlp, merge_records
from scholargraph.nlp.ranking import MIN_KEYWORD_PAPERS, position_factor

N = 24  # papers besides the one under test


@pytest.fixture(scope="module")
def annotated():
    nlp = load_nlp()
    papers = [
        Paper.create(
            title=f"Study {i} of sensor networks",
            abstract=(
                "We measure soil moisture with wireless sensor networks in tropical forests. "
                "Graph neural networks predict the missing readings of each station."
            ),
            year=2020,
            keywords=["graph neural networks", "soil moisture"],
            doi=f"10.1000/rank.{i}",
        )
        for i in range(N)
    ]
    target = Paper.create(
        title="Sensor networks in forests",
        abstract=(
            "We measure soil moisture with wireless sensor networks in tropical forests. "
            "Graph neural networks predict the missing readings of each station."
        ),
        year=2021,
        keywords=["wireless sensor networks", "soil moisture"],
        doi="10.1000/rank.target",
    )
    return annotate(nlp, [*papers, target], progress=False), target.id


def _weights(ann, pid):
    return {m.concept: m.weight for m in ann.mentions[pid]}


def test_keyword_prior_counts_other_papers_only(annotated):
    an, target = annotated
    with_kw = _weights(merge_records(an, n_topics=1), target)
    without = _weights(merge_records(replace(an, keywords={}), n_topics=1), target)
    assert with_kw.keys() == without.keys()
    ratio = {c: with_kw[c] / without[c] for c in with_kw}
    # 24 other papers list "graph neural networks" and "soil moisture"; none lists "wireless sensor network"
    # (only the target does: its own keyword must not count)
    assert ratio["graph neural network"] == pytest.approx(1 + math.log1p(N), rel=1e-4)
    assert ratio["soil moisture"] == pytest.approx(1 + math.log1p(N), rel=1e-4)
    assert ratio["wireless sensor network"] == pytest.approx(1.0, rel=1e-4)
    # so the graph neural network outranks the wireless sensor network, which TF-IDF alone ranked first
    assert without["wireless sensor network"] > without["graph neural network"]
    assert with_kw["graph neural network"] > with_kw["wireless sensor network"]


def test_keyword_prior_is_off_below_the_minimum(annotated):
    an, target = annotated
    few = dict(sorted(an.keywords.items())[: MIN_KEYWORD_PAPERS - 1])
    ann = merge_records(replace(an, keywords=few), n_topics=1)
    base = merge_records(replace(an, keywords={}), n_topics=1)
    assert ann.settings["keyword_prior_papers"] == 0
    assert _weights(ann, target) == _weights(base, target)


def test_position_factor_between_two_orders_of_the_same_text():
    # the same sentences in two orders: same counts, so the same TF-IDF; the weights differ by position alone
    nlp = load_nlp()
    one, two = "Soil moisture drives tree growth.", "Wireless sensor networks record the forest climate."
    papers = [
        Paper.create(title="Forest data", abstract=f"{a} {b}", year=2020, doi=f"10.1000/pos.{k}")
        for k, (a, b) in enumerate(((one, two), (two, one)))
    ]
    an = annotate(nlp, papers, progress=False)
    ann = merge_records(an, n_topics=1)
    first, second = ({m.concept: m for m in ann.mentions[p.id]} for p in papers)
    for concept in ("soil moisture", "wireless sensor network"):
        a, b = first[concept], second[concept]
        assert a.count == b.count
        expected = position_factor(a.evidence[0].start) / position_factor(b.evidence[0].start)
        assert a.weight / b.weight == pytest.approx(expected, rel=1e-4)
    assert first["soil moisture"].weight > second["soil moisture"].weight
    assert first["wireless sensor network"].weight < second["wireless sensor network"].weight
