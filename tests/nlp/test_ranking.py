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
from scholargraph.nlp.ranking import (
    FIELD_TERM_PAPERS,
    FIELD_TERM_SHARE,
    MIN_KEYWORD_OTHERS,
    MIN_KEYWORD_PAPERS,
    SHARE_POWER,
    KeywordPrior,
    position_factor,
)

N = 24  # papers besides the one under test


def _papers(title: str, abstract: str, keywords: list[str], tag: str) -> list[Paper]:
    """N papers of 2020 sharing an abstract and keywords; ``{i}`` in the title numbers them."""
    return [
        Paper.create(
            title=title.format(i=i), abstract=abstract, year=2020, keywords=keywords, doi=f"10.1000/{tag}.{i}"
        )
        for i in range(N)
    ]


@pytest.fixture(scope="module")
def annotated():
    nlp = load_nlp()
    papers = _papers(
        "Study {i} of sensor networks",
        "We measure soil moisture with wireless sensor networks in tropical forests. "
        "Graph neural networks predict the missing readings of each station.",
        ["graph neural networks", "soil moisture"],
        "rank",
    )
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


def test_keyword_share_discounts_a_keyword_most_mentioning_papers_do_not_list():
    # 30 papers list "Colombia"; the prior's count is the same for every df, its share k / (df - 1) is not
    prior = KeywordPrior({f"p{i}": ["Colombia"] for i in range(30)})
    assert prior.factor("x", "colombia") == pytest.approx(1 + math.log(31))
    # mentioned by 121 papers (120 besides x): a quarter of them list it
    assert prior.factor("x", "colombia", df=121) == pytest.approx(1 + math.log(31) * 0.25**SHARE_POWER)
    assert prior.factor("x", "colombia", df=121) < prior.factor("x", "colombia")
    # mentioned by fewer papers than list it: the share is capped at 1
    assert prior.factor("x", "colombia", df=5) == pytest.approx(1 + math.log(31))
    # p0's own listing never counts for p0
    assert prior.factor("p0", "colombia", df=121) == pytest.approx(
        1 + math.log(30) * (29 / 120) ** SHARE_POWER
    )


def test_keyword_matches_are_whole_words_of_one_phrase():
    kw = {f"p{i}": ["Aging", "Systematic reviews", "HIV", "Latin America"] for i in range(3)}
    kw["self"], kw["one"] = ["Gut microbiota"], ["gut microbiota"]
    prior = KeywordPrior(kw)
    text = (
        "Aging in Latin America: a systematic review.\n"
        "Healthy aging aids Latin, America and the gut microbiota; an hiv test or an HIV clinic. Latin\nAmerica."
    )
    found = [(key, text[a:b]) for key, a, b in prior.matches("self", text)]
    # by hand: "Latin, America" has a comma and "Latin\nAmerica" a line break between the words; "aids" is no
    # keyword; "hiv" in lower case is not the acronym; "gut microbiota" is listed by "self" and one other
    # paper (MIN_KEYWORD_OTHERS = 2 others needed)
    assert MIN_KEYWORD_OTHERS == 2
    assert found == [
        ("aging", "Aging"),
        ("latin america", "Latin America"),
        ("systematic review", "systematic review"),
        ("aging", "aging"),
        ("hiv", "HIV"),
    ]
    # for a paper that does not list it, two others do
    assert ("gut microbiota", "gut microbiota") in [(k, text[a:b]) for k, a, b in prior.matches("p0", text)]
    assert prior.name("systematic review") == "systematic reviews" and prior.name("hiv") == "hiv"


@pytest.fixture(scope="module")
def matched():
    """24 papers list "Mammography" and never write it; the target writes it only inside a longer noun chunk."""
    nlp = load_nlp()
    others = _papers(
        "Breast imaging study {i}",
        "Radiologists read breast images of older women. Tumour size predicts the outcome.",
        ["Mammography", "breast cancer"],
        "kwm",
    )
    target = Paper.create(
        title="Screening in rural clinics",
        abstract="Digital mammography screening programmes reached rural clinics. Attendance rose by a third.",
        year=2021,
        doi="10.1000/kwm.target",
    )
    return annotate(nlp, [*others, target], progress=False), target


def test_a_keyword_written_inside_a_longer_chunk_is_a_mention(matched):
    an, target = matched
    # the premise: spaCy reads one noun chunk, "digital mammography screening programme", and no other
    assert "mammography" not in [o[2] for o in an.records[target.id]["occ"]]
    ann = merge_records(an, n_topics=1)
    mentions = {m.concept: m for m in ann.mentions[target.id]}
    assert "mammography" in mentions
    m = mentions["mammography"]
    text = an.texts[target.id]
    at = text.index("mammography")
    assert (m.count, m.evidence[0].start, m.evidence[0].end) == (1, at, at + len("mammography"))
    assert m.evidence[0].text == "Digital mammography screening programmes reached rural clinics."
    assert ann.concepts["mammography"].df == 1
    assert ann.settings["keyword_matches"]["papers"] == 1
    assert ann.settings["keyword_matches"]["mentions"] == 1
    # the prior off (no keywords): no match, and the concept does not exist
    off = merge_records(replace(an, keywords={}), n_topics=1)
    assert "mammography" not in off.concepts
    assert off.settings["keyword_matches"]["mentions"] == 0


def test_a_common_word_the_field_lists_as_a_keyword_stays_a_concept():
    nlp = load_nlp()
    abstract = "Education shapes the health of older adults in the region. We surveyed adults in {i} towns."

    def corpus(listing: int):
        return [
            Paper.create(
                title=f"Survey {i}",
                abstract=abstract.format(i=i + 2),
                year=2020,
                keywords=["Education", "older adults"] if i < listing else ["older adults"],
                doi=f"10.1000/edu.{listing}.{i}",
            )
            for i in range(N)
        ]

    # a strict termhood filter (min_score 10) makes the common word "education" generic on its own
    few = merge_records(annotate(nlp, corpus(3), progress=False), n_topics=1, termhood_min_score=10)
    many = merge_records(annotate(nlp, corpus(4), progress=False), n_topics=1, termhood_min_score=10)
    # counted without any one listing paper (so no paper's own keyword keeps its concept): 3 listing papers
    # count 2, below FIELD_TERM_PAPERS; 4 count 3, and 3 of the 24 papers mentioning it is 12.5% >= 10%
    assert "education" not in few.concepts
    assert "education" in many.concepts
    assert (FIELD_TERM_PAPERS, FIELD_TERM_SHARE) == (3, 0.1)


def test_a_keyword_without_letters_is_never_matched():
    prior = KeywordPrior({f"p{i}": ["2", "Type 2 diabetes", "COVID-19"] for i in range(5)})
    text = "Type 2 diabetes and 2 cohorts of COVID-19 patients; 19 sites."
    found = [text[a:b] for _, a, b in prior.matches("x", text)]
    # by hand: the keyword "2" (and "19", no keyword) is digits alone; the phrases holding digits are words
    assert found == ["Type 2 diabetes", "COVID-19"]


def _spelled(listing: int) -> list[Paper]:
    """24 papers that all write "magnetic domains"; ``listing`` of them list "Magnetic" as a keyword (all list
    "domain walls", so the keyword prior is on)."""
    return [
        Paper.create(
            title=f"Domain study {i}",
            abstract=f"Magnetic domains move under a field of {i + 2} tesla in thin films.",
            year=2020,
            keywords=["Magnetic", "domain walls"] if i < listing else ["domain walls"],
            doi=f"10.1000/spelled.{listing}.{i}",
        )
        for i in range(N)
    ]


def test_a_keyword_the_field_writes_far_more_than_it_lists_is_no_match():
    nlp = load_nlp()
    # the premise: no noun chunk is "magnetic" (the adjective of "magnetic domains"), so only a keyword match
    # could make it a concept
    few = annotate(nlp, _spelled(2), progress=False)
    assert all(o[2] != "magnetic" for rec in few.records.values() for o in rec["occ"])
    # (the termhood filter off: on 24 identical papers it calls the evenly spread "magnetic" a common word; on
    # the Scopus set, 415 papers, it was a term)
    # 2 listing papers, one left out: 1 of the 24 papers spelling it, below FIELD_TERM_SHARE (10%)
    assert "magnetic" not in merge_records(few, n_topics=1, termhood="off").concepts
    # 4 listing papers: 3 >= 2.4 (10% of 24): the field names it; a concept of every paper that writes it
    many = merge_records(annotate(nlp, _spelled(4), progress=False), n_topics=1, termhood="off")
    assert many.concepts["magnetic"].df == N
    assert FIELD_TERM_SHARE == 0.1


def test_spellings_with_hyphens_or_spaces_are_one_concept():
    nlp = load_nlp()
    written = (
        ["case-control study"] * 3 + ["case control study"] * 2 + ["Landau - Lifshitz - Gilbert equation"]
    )
    papers = [
        Paper.create(
            title=f"Study {i}",
            abstract=f"We ran a {w} of the Landau-Lifshitz-Gilbert equation in {i + 3} sites.",
            year=2020,
            doi=f"10.1000/spell.{i}",
        )
        for i, w in enumerate(written)
    ]
    ann = merge_records(annotate(nlp, papers, progress=False), n_topics=1)
    # by hand: 5 papers write the study design, 3 of them hyphenated (the name most of them write); all 6 write
    # the equation, one with spaced hyphens
    assert ann.concepts["case-control study"].df == 5
    assert "case control study" not in ann.concepts
    assert ann.concepts["landau-lifshitz-gilbert equation"].df == 6
    assert not any(" - " in name for name in ann.concepts)
    assert sorted(ann.concepts["case-control study"].surface_forms) == [
        "case control study",
        "case-control study",
    ]


def test_singular_nouns_in_s_and_plural_spellings_are_one_concept():
    nlp = load_nlp()
    abstracts = [
        "Patients with type 2 diabetes had genital herpes and dental caries.",
        "Type 2 diabetes raised the risk of measles in 40 patients.",
        "Memories of the war fade. We measured memory in victims.",
    ]
    titles = ["Diabetes in adults", "Diabetes and infection", "Memories"]
    papers = [
        Paper.create(title=t, abstract=a, year=2020, doi=f"10.1000/sing.{i}")
        for i, (t, a) in enumerate(zip(titles, abstracts, strict=True))
    ]
    an = annotate(nlp, papers, progress=False)
    ann = merge_records(an, n_topics=1)
    # by hand: the diseases are singular nouns in -s (no "diabete", "herpe", "carie", "measle")
    assert {"type 2 diabetes", "genital herpes", "dental caries", "measles"} <= set(ann.concepts)
    assert not [n for n in ann.concepts if n.endswith(("diabete", "herpe", "carie", "measle"))]
    assert ann.concepts["type 2 diabetes"].df == 2
    # "Memories" (a title, tagged a proper noun: its -s stays) and "memory" are one concept, named in the
    # singular although "memories" is written twice and "memory" once
    names = {o[2] for rec in an.records.values() for o in rec["occ"]}
    assert {"memories", "memory"} <= names
    assert "memories" not in ann.concepts and ann.concepts["memory"].df == 1
