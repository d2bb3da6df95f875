""" "X of Y" terms (``keyphrases._of_phrases`` + ``pipeline._of_terms``): spaCy's noun chunks stop before "of",
so "quality of life" was two concepts, "quality" and "life". Hand-written papers; each expectation is read off
the rule (OF_RULE) by hand: a phrase in >= 3 papers that is >= half of what its "X of" is followed by."""

from __future__ import annotations

import pytest

from scholargraph.model import Paper
from scholargraph.nlp.pipeline import OF_MIN_PAPERS, OF_MIN_SHARE, annotate, load_nlp, merge_records

ABSTRACTS = [
    # quality of life: 3 papers (3 of the 4 "quality of ..." occurrences: quality of care is the 4th)
    "Quality of life improved after the surgery. Patients were 40 years of age on average.",
    "We measured quality of life in adolescents with asthma and compared the object of study with controls.",
    "Quality of life and quality of care were lower in rural clinics.",
    # effect of temperature: 3 papers, but "effect of" is followed by 7 different things in 7 occurrences
    "The effect of temperature on crystal growth was measured at 40 years of age equivalents.",
    "The effect of temperature and the effect of pressure on viscosity were modelled.",
    "We report the effect of temperature, the effect of salinity and the effect of humidity on corrosion.",
    "The effect of nitrogen on maize yield was small.",
]


@pytest.fixture(scope="module")
def annotated():
    papers = [Paper.create(title=f"Paper {i}", abstract=a) for i, a in enumerate(ABSTRACTS)]
    return papers, annotate(load_nlp(), papers, progress=False)


def _of_candidates(annotated) -> set[str]:
    _, ann = annotated
    return {o[2] for rec in ann.records.values() for o in rec["occ"] if o[0] == "o"}


def test_of_candidates_skip_classifiers_and_framing_complements(annotated):
    names = _of_candidates(annotated)
    assert {"quality of life", "quality of care", "effect of temperature", "effect of pressure"} <= names, (
        names
    )
    # "years of age" counts, "object of study" frames: no candidate
    assert not {n for n in names if n.startswith("year") or n.endswith(" of study")}, names


def test_a_recurring_dominant_of_phrase_becomes_one_concept_in_place_of_its_two_chunks(annotated):
    papers, ann = annotated
    assert OF_MIN_PAPERS == 3 and OF_MIN_SHARE == 0.5  # the counts in ABSTRACTS are written for these
    result = merge_records(ann, n_topics=1, termhood="off")  # keep "quality", "life" to see them go
    assert result.settings["of_phrases"]["terms"] == 1
    assert {s.lower() for s in result.concepts["quality of life"].surface_forms} == {"quality of life"}
    # compositional: 3 papers but 3 of 7 "effect of ..." occurrences
    assert "effect of temperature" not in result.concepts
    for p in papers[:3]:
        mentions = {m.concept: m for m in result.mentions[p.id]}
        assert mentions["quality of life"].count == 1
        assert "quality of life" in mentions["quality of life"].evidence[0].text.lower()
        # "quality" and "life" no longer counted at the phrase's place
        assert "life" not in mentions, sorted(mentions)
    assert "life" not in result.concepts
    # paper 2's "quality of care" stays two chunks: "quality" is still mentioned there, once
    third = {m.concept: m.count for m in result.mentions[papers[2].id]}
    assert third.get("quality") == 1 and "quality of care" not in third
