"""Termhood: is a concept a term of the corpus' field, or a word of general / academic English?

Each concept gets a **score** and a **decision** (:attr:`~.annotations.Concept.termhood`,
:attr:`~.annotations.Concept.generic`):

- *general frequency* ``g``: the concept's frequency in general English on wordfreq's Zipf scale (log10 of
  occurrences per 10^9 words; a phrase combines its words as wordfreq does, ``1/f = sum(1/f_i)``; a word
  wordfreq does not know has g = 0). wordfreq's data ship in its wheel: no download at run time.
- *corpus frequency* ``z``: the concept's own frequency in the corpus on the same scale, over the words of the
  texts extraction read, with the **C-value** correction for nested terms (Frantzi, Ananiadou & Mima 2000):
  a concept that also occurs inside longer concepts counts ``f(a) - mean(f(b) for the longer b containing a)``,
  so a phrase that is mostly a fragment of longer ones ("neural" of "graph neural network") does not gain from
  them.
- **score** = ``z - g``: how many times (log10) more frequent the concept is in this corpus than in English
  at large. Field terms score high ("multilayer perceptron" 4.8, "magnetization" 3.9); the words every
  paper uses score low ("time" -0.5, "analysis" 0.9, "art" of state-of-the-art 0.7).
- **decision** ``generic``: a single word is generic when it is a common English word (``g >= general_zipf``,
  default 4.0) whose score is below ``min_score`` (default 1.5) and whose occurrences are spread over the papers
  as chance would spread them (residual IDF, Church & Gale 1995, below ``max_ridf``, default 0.5: "analysis"
  0.14, "aim" 0.0 on the WoS set, while "children" 1.1 and "species" 0.9 come in bursts). A word in fewer
  than ``MIN_RIDF_DF`` = 10 papers has too few papers for residual IDF: it is a term when the corpus is large
  enough that those papers are a small share of it (at most ``RARE_SHARE`` = 1%) and at least a third of them
  (``MIN_REPEAT_SHARE``) use the word twice or more -- a paper that repeats a common word is about it
  ("vaccine", "tobacco", "democracy", "museum" on the WoS set); a word said once in passing stays generic. A
  phrase is generic when it is made of
  generic-modifier words (:data:`GENERIC_MODIFIERS`: "different", "novel", "extensive", ...) before a generic
  or filler head ("different task", "extensive experiment", "good agreement"); or when its C-value frequency
  is not positive (it never stands on its own). Single words stay possible: "colombia", "patient",
  "magnetization", "transformer" are terms.

:func:`score_concepts` returns the scores and decisions; :func:`~.pipeline.extract`'s ``termhood`` option says
what to do with the generic ones: ``"drop"`` (default: removed from concepts and mentions, listed in
``settings['termhood']``), ``"weight"`` (kept, flagged, their TF-IDF weights multiplied by
``generic_weight``) or ``"off"``.

>>> import collections
>>> cf = collections.Counter({"time": 60, "graph neural network": 40, "neural network": 55, "art": 10,
...     "different task": 5, "transformer": 12})
>>> s = score_concepts(cf, n_words=10_000, df=cf, n_docs=100)
>>> [name for name in sorted(s) if s[name].generic]
['art', 'different task', 'time']
>>> s["transformer"].generic, s["neural network"].cvalue_freq
(False, 15.0)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from .keyphrases import FILLER_NOUNS

__all__ = [
    "TermScore",
    "score_concepts",
    "general_zipf",
    "GENERIC_MODIFIERS",
    "TERMHOOD_MODES",
    "DEFAULT_GENERAL_ZIPF",
    "DEFAULT_MIN_SCORE",
    "DEFAULT_MAX_RIDF",
]

TERMHOOD_MODES = ("drop", "weight", "off")
DEFAULT_GENERAL_ZIPF = 4.0
DEFAULT_MIN_SCORE = 1.5
DEFAULT_MAX_RIDF = 0.5
# burstiness needs papers to show: below this document frequency residual IDF is noise (on the 49-paper
# listing, "task" in 5 papers scored 0.7 from two mentions per paper) and a common word stays generic
MIN_RIDF_DF = 10
# a word in fewer than MIN_RIDF_DF papers is a term when its papers are at most RARE_SHARE of the corpus and at
# least MIN_REPEAT_SHARE of them repeat it (on the 49-paper listing 9 papers are 18%: "training" stays generic)
RARE_SHARE = 0.01
MIN_REPEAT_SHARE = 1 / 3

# adjectives (and a few nouns used as modifiers) that say how a paper judges or counts something, not what it
# is about: a phrase of these before a generic head is itself generic ("different task", "novel approach")
GENERIC_MODIFIERS = frozenset(
    """different various several many new novel recent important significant good better best high higher low
    lower large larger small main major key further extensive experimental existing other same current specific
    potential possible previous wide broad certain given particular overall additional future present first
    second third general common great greater strong stronger simple effective efficient promising
    comprehensive relevant useful fundamental essential considerable substantial remarkable superior
    competitive excellent satisfactory reasonable detailed thorough systematic preliminary initial final total
    whole entire multiple numerous diverse wide-ranging real real-world practical crucial critical central
    primary secondary basic standard traditional conventional classical typical usual similar related
    corresponding respective appropriate suitable available additional extensive empirical numerical
    theoretical significant positive negative direct indirect further main""".split()
)
_SPLIT = re.compile(r"[^\w]+")


@lru_cache(maxsize=1)
def _freqs() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def general_zipf(phrase: str) -> float:
    """wordfreq's Zipf frequency of a word or phrase in English (0 for unknown words).

    >>> round(general_zipf("time"), 1), round(general_zipf("graph neural network"), 1), general_zipf("qxzv")
    (6.3, 3.6, 0.0)
    """
    words = [w for w in _SPLIT.split(phrase.lower()) if w]
    if not words:
        return 0.0
    freqs = _freqs()
    inv = 0.0
    for w in words:
        f = freqs.get(w, 0.0)
        if f <= 0.0:
            return 0.0
        inv += 1.0 / f
    return round(math.log10(1e9 / inv), 2)


@dataclass(frozen=True)
class TermScore:
    """One concept's termhood: general Zipf ``g``, C-value frequency, corpus Zipf ``z``, ``score = z - g`` and
    the decision; ``why`` names the rule that made it generic ("" for a term)."""

    g: float
    cvalue_freq: float
    z: float
    score: float
    generic: bool
    why: str = ""


def _cvalue_freqs(cf: Mapping[str, int]) -> dict[str, float]:
    """f(a) - mean f(b) over the longer concepts b that contain a as a run of whole words."""
    contained: dict[str, list[int]] = {}
    for name, f in cf.items():
        words = name.split()
        n = len(words)
        if n < 2:
            continue
        for i in range(n):
            for j in range(i + 1, n + 1):
                if j - i == n:
                    continue
                sub = " ".join(words[i:j])
                if sub in cf:
                    contained.setdefault(sub, []).append(f)
    out: dict[str, float] = {}
    for name, f in cf.items():
        longer = contained.get(name)
        out[name] = float(f) - (sum(longer) / len(longer) if longer else 0.0)
    return out


def _plain_word(name: str) -> bool:
    """Three letters or more, letters only: "er", "md", "p." (common tokens of English, acronyms or
    abbreviations here) are no words a repetition can make a term."""
    return len(name) >= 3 and name.isalpha()


def _ridf(df: int, cf: int, n_docs: int) -> float:
    """Residual IDF (Church & Gale 1995): observed IDF minus the IDF a Poisson spread of ``cf`` occurrences
    over ``n_docs`` papers would give. Near 0 for words spread evenly (generic), higher for terms."""
    if n_docs <= 0 or df <= 0:
        return 0.0
    return math.log2(n_docs / df) + math.log2(-math.expm1(-cf / n_docs))


def score_concepts(
    cf: Mapping[str, int],
    n_words: int,
    *,
    df: Mapping[str, int] | None = None,
    n_docs: int = 0,
    general_zipf_min: float = DEFAULT_GENERAL_ZIPF,
    min_score: float = DEFAULT_MIN_SCORE,
    max_ridf: float = DEFAULT_MAX_RIDF,
    repeats: Mapping[str, int] | None = None,
) -> dict[str, TermScore]:
    """Termhood of every concept from its corpus frequency ``cf`` (occurrences, nested ones included), the
    number of words of the corpus' texts and, for the burstiness tests, its document frequency ``df`` over
    ``n_docs`` papers and ``repeats``, the number of papers that mention it twice or more (see the module
    docstring)."""
    n_words = max(1, n_words)
    cfreq = _cvalue_freqs(cf)
    scores: dict[str, TermScore] = {}
    for name in cf:
        g = general_zipf(name)
        fc = cfreq[name]
        z = math.log10(max(fc, 0.5) / n_words * 1e9)
        score = round(z - g, 3)
        why = ""
        words = name.split()
        if fc <= 0:
            why = "c-value"
        elif len(words) == 1 and g >= general_zipf_min and score < min_score:
            # a common word used about as often as in English at large: generic unless the corpus uses it
            # in bursts (residual IDF: occurrences clumped in fewer papers than chance would spread them)
            k = df.get(name, 0) if df is not None else 0
            if k < MIN_RIDF_DF:
                r = repeats.get(name, 0) if repeats is not None else 0
                if not (0 < k <= RARE_SHARE * n_docs and r >= MIN_REPEAT_SHARE * k and _plain_word(name)):
                    why = "common word"
            elif _ridf(k, cf[name], n_docs) < max_ridf:
                why = "common word"
        scores[name] = TermScore(g, round(fc, 3), round(z, 3), score, bool(why), why)
    # second pass: generic modifiers before a head that is generic itself (scored above, or a filler noun, or
    # -- when the head is no concept of the corpus -- a common English word)
    for name, ts in scores.items():
        words = name.split()
        if ts.generic or len(words) < 2 or not all(w in GENERIC_MODIFIERS for w in words[:-1]):
            continue
        head = words[-1]
        head_score = scores.get(head)
        if head_score is not None:
            generic_head = head_score.generic
        else:
            generic_head = head in FILLER_NOUNS or general_zipf(head) >= general_zipf_min
        if generic_head:
            scores[name] = TermScore(
                ts.g, ts.cvalue_freq, ts.z, ts.score, True, "generic modifier + generic head"
            )
    return scores
