"""The termhood rule for common words in few papers (``MIN_RIDF_DF``): hand-made counts, each case read off
the rule in the module docstring."""

from __future__ import annotations

from collections import Counter

from scholargraph.nlp.termhood import MIN_RIDF_DF, score_concepts


def _generic(n_docs: int, df: int, repeats: int, name: str = "democracy") -> bool:
    # a common English word (wordfreq Zipf >= 4), used about as often as in English (score < 1.5)
    cf = Counter({name: df + repeats, "magnetization": 400})
    scores = score_concepts(
        cf, n_words=10_000_000, df={name: df, "magnetization": 50}, n_docs=n_docs, repeats={name: repeats}
    )
    return scores[name].generic


def test_a_common_word_that_its_few_papers_repeat_is_a_term():
    assert 5 < MIN_RIDF_DF
    assert not _generic(6_000, df=5, repeats=2)  # 2 of 5 papers say "democracy" twice or more
    assert _generic(6_000, df=5, repeats=1)  # one of five: said in passing
    assert _generic(6_000, df=5, repeats=0, name="aim")


def test_the_repeat_rule_needs_a_corpus_where_the_papers_are_few():
    # 5 papers of 100 are 5% of the corpus: a common word there is no rare term of a field
    assert _generic(100, df=5, repeats=5)
    assert not _generic(500, df=5, repeats=5)  # 1%


def test_short_tokens_and_abbreviations_stay_generic():
    assert _generic(6_000, df=5, repeats=5, name="md")
    assert _generic(6_000, df=5, repeats=5, name="p.")
