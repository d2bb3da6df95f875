"""How a paper's concepts are ranked: the weight of a Mention (``Annotations.top_concepts`` sorts by it).

weight = TF-IDF x position x keyword prior (x 0.6 for a keyword match), each factor >= 1 apart from TF-IDF:

- **TF-IDF** of the concept's count in the paper (sublinear tf, smooth idf, l2 rows; :func:`.topics.tfidf_matrix`).
- **Position**: ``1 + 1 / (1 + first / 100)``, ``first`` = the character offset of the concept's first mention
  in the cleaned text (title first): 2 in the title, 1.5 at 100 characters, 1.09 at 1,000. Authors name what a
  paper is about early (the first-occurrence feature of KEA and YAKE).
- **Keyword prior** (only when at least ``MIN_KEYWORD_PAPERS`` papers of the corpus carry author keywords, as WoS,
  Scopus, PubMed and BibTeX exports do): ``1 + ln(1 + k) * s ** 0.1``, ``k`` = the number of *other* papers of
  the corpus that list the concept (or one of its acronyms) among their author keywords, ``s`` = their share
  of the other papers that mention it, ``min(1, k / (df - 1))`` -- the keyphraseness feature of KEA (Frank et
  al. 1999), counted leave-one-out. The share keeps a word many papers list but most papers merely mention
  from leading every paper that mentions it ("Colombia": listed by 300 of the WoS papers, mentioned by 1,400);
  its power ``SHARE_POWER`` = 0.1 keeps the discount mild (P@5 against author keywords, powers 0 / 0.1 / 0.25:
  WoS 0.262 / 0.267 / 0.270, Scopus 0.229 / 0.228 / 0.225, MEDLINE 0.266 / 0.262 / 0.257 -- a strong share
  helps the large WoS set and costs the small ones).
  A paper's own keywords never raise its own concepts, so the ranking is the same kind of guess for papers
  without keywords, and checking it against a paper's own keywords (the extract benchmark's P@5) is fair.
- **Keyword matches**: where the prior is on, words of a paper that spell a keyword at least
  ``MIN_KEYWORD_OTHERS`` other papers list (``KeywordPrior.matches``: whole words, in one sentence, joined only
  by spaces, hyphens, apostrophes or slashes) are a mention of that concept even when no noun chunk of the
  paper is that concept ("aging", "screening", "Colombia" after a comma, "systematic review" inside a longer
  chunk): the field's own vocabulary, as KEA takes its candidates from a controlled vocabulary. Their weight is
  multiplied by ``KEYWORD_MATCH_WEIGHT`` (0.6): a noun chunk says the words are a term in that sentence, a
  string match does not. Only keywords with a letter are matched, and only those the field names rather than
  merely writes: their listing papers (any one left out) are at least ``FIELD_TERM_SHARE`` of the papers whose
  text spells them (two Scopus papers listing "Magnetic" had made the adjective a concept of 415 papers).

- **Field terms**: a common English word the termhood filter would drop as generic stays a concept when
  ``FIELD_TERM_PAPERS`` papers besides any one listing paper list it as a keyword and they are at least
  ``FIELD_TERM_SHARE`` of the papers mentioning it (``KeywordPrior.field_term``: "education", "diabetes",
  "vaccine" on the WoS set are the field's words, not general English).

Keywords and concept names are compared by :func:`keyword_key`: lower case, punctuation and hyphens to
spaces, each word's plural ending dropped.

>>> keyword_key("Graph Neural-Networks"), keyword_key("Case studies"), keyword_key("analysis")
('graph neural network', 'case study', 'analysis')
>>> round(position_factor(0), 3), round(position_factor(100), 3), round(position_factor(1000), 3)
(2.0, 1.5, 1.091)
>>> prior = KeywordPrior({"a": ["Deep learning", "COVID-19"], "b": ["deep learning"], "c": []})
>>> prior.papers, prior.others("a", "deep learning"), prior.others("c", "deep learning"), prior.others("a", "covid-19")
(2, 1, 2, 0)
>>> prior.name("covid 19")
'covid-19'
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

__all__ = [
    "keyword_key",
    "position_factor",
    "KeywordPrior",
    "MIN_KEYWORD_PAPERS",
    "MIN_KEYWORD_OTHERS",
    "KEYWORD_MATCH_WEIGHT",
    "RANKING_RULE",
]

# below this many papers with author keywords the prior is off (too few to say what this field calls a keyword)
MIN_KEYWORD_PAPERS = 20
# a paper's words are a keyword match when at least this many other papers list that keyword
MIN_KEYWORD_OTHERS = 2
# the weight of a concept a paper mentions only through keyword matches, relative to a noun-chunk concept
KEYWORD_MATCH_WEIGHT = 0.6
# a common word is a term of the field when FIELD_TERM_PAPERS papers besides any one of its listing papers list it
# as a keyword and they are at least FIELD_TERM_SHARE of the papers mentioning it ("education", "diabetes", "vaccine" on the WoS set)
FIELD_TERM_PAPERS = 3
FIELD_TERM_SHARE = 0.1
# the power of the keyphraseness share in the prior (1: the share as it is; 0: the keyword count alone)
SHARE_POWER = 0.1
RANKING_RULE = (
    "TF-IDF over concept counts (sublinear tf, smooth idf, l2-normalised rows) x position (1 + 1/(1 + first "
    "character offset/100)) x keyword prior (1 + ln(1 + k) x s^"
    + f"{SHARE_POWER:g}"
    + "; k = other papers of the corpus listing the "
    "concept as an author keyword, s = min(1, k / (other papers mentioning it)); off below {min} papers with "
    "keywords) x 0.6 for a concept the paper mentions only by spelling a keyword >= {others} other papers list"
)
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
_LETTER = re.compile(r"[^\W\d_]")
# what may stand between two words of one keyword match: spaces, hyphens, apostrophes, a slash
_JOIN = re.compile(r"[ \t\-\u2010\u2011'\u2019/]+")
# a keyword written with an acronym ("HIV", "COVID-19", "AIDS"): matched only where the text has a capital
_ACRONYM_WORD = re.compile(r"\b\w*[A-Z]\w*[A-Z]\w*\b")


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ys")):
        return word[:-1]
    return word


def keyword_key(text: str) -> str:
    """The form keywords and concept names are compared in (see the module docstring)."""
    return " ".join(_singular(w) for w in _NON_WORD.sub(" ", text.lower()).split())


def position_factor(first: int) -> float:
    """``1 + 1 / (1 + first / 100)`` for a first mention at character offset ``first``."""
    return 1.0 + 1.0 / (1.0 + max(first, 0) / 100.0)


class KeywordPrior:
    """How many papers list each keyword (by :func:`keyword_key`), and each paper's own keys, so that
    :meth:`others` leaves the paper itself out; the forms the keywords are written in (:meth:`name`), and the
    keyword matches of a text (:meth:`matches`)."""

    def __init__(self, keywords: Mapping[str, Iterable[str]]) -> None:
        self.own: dict[str, frozenset[str]] = {}
        self.counts: Counter[str] = Counter()
        self._forms: dict[str, Counter[str]] = {}
        for pid in sorted(keywords):
            written = {}
            for x in keywords[pid]:
                if x and (k := keyword_key(x)):
                    written.setdefault(k, x.strip())
            if written:
                self.own[pid] = frozenset(written)
                self.counts.update(written.keys())
                for k, x in written.items():
                    self._forms.setdefault(k, Counter())[x] += 1
        self.papers = len(self.own)
        self._index: tuple[frozenset[str], frozenset[str], int] | None = None
        self._acronym: dict[str, bool] = {}

    @property
    def active(self) -> bool:
        return self.papers >= MIN_KEYWORD_PAPERS

    def others(self, paper_id: str, *names: str) -> int:
        """Papers other than ``paper_id`` listing any of ``names`` (a concept and its acronyms) as a keyword:
        the largest count among the names."""
        own = self.own.get(paper_id, frozenset())
        best = 0
        for name in names:
            key = keyword_key(name)
            best = max(best, self.counts.get(key, 0) - (key in own))
        return best

    def factor(self, paper_id: str, *names: str, df: int | None = None) -> float:
        """``1 + ln(1 + k) * s ** SHARE_POWER`` (``k`` = :meth:`others`; ``s`` = ``min(1, k / (df - 1))``, the share
        of the other papers mentioning the concept that list it; 1 without ``df``), or 1 when the prior is
        off."""
        if not self.active:
            return 1.0
        k = self.others(paper_id, *names)
        share = 1.0 if df is None else min(1.0, k / max(df - 1, 1)) ** SHARE_POWER
        return 1.0 + math.log1p(k) * share

    def field_term(self, name: str, df: int) -> bool:
        """Whether the field's authors make ``name`` a keyword often enough to call it a term of the field,
        whatever general English does with the word: ``FIELD_TERM_PAPERS`` papers list it and they are at
        least ``FIELD_TERM_SHARE`` of the ``df`` papers mentioning it ("education": listed by 33 of its 221
        WoS papers; "research": 13 of 707, stays generic). Counted without any one of the listing papers
        (``k - 1``), so that no paper's own keywords decide whether its concept is kept (the ranking stays
        leave-one-out). Never while the prior is off."""
        k = self.counts.get(keyword_key(name), 0) - 1
        return self.active and k >= FIELD_TERM_PAPERS and k >= FIELD_TERM_SHARE * df

    def name(self, key: str) -> str:
        """The concept name of a keyword: its most common written form, lower-cased (ties: the first in
        order)."""
        forms = self._forms[key]
        return min(forms, key=lambda x: (-forms[x], x)).lower()

    def acronym(self, key: str) -> bool:
        """Whether the keyword is mostly written with an acronym ("HIV", "COVID-19")."""
        if key not in self._acronym:
            forms = self._forms[key]
            caps = sum(n for x, n in forms.items() if _ACRONYM_WORD.search(x))
            self._acronym[key] = caps * 2 > sum(forms.values())
        return self._acronym[key]

    def matches(self, paper_id: str, text: str) -> list[tuple[str, int, int]]:
        """``(key, start, end)`` of every run of whole words of ``text`` that spells (by :func:`keyword_key`)
        a keyword with a letter in it that at least ``MIN_KEYWORD_OTHERS`` papers other than ``paper_id`` list,
        its words joined only by spaces, hyphens, apostrophes or slashes (never across a sentence end or a
        comma); a keyword mostly written with an acronym only where the text has a capital ("HIV", not the verb
        "aids")."""
        if self._index is None:
            # (a keyword of digits alone, "2" of "Diabetes mellitus, type 2", is no word to find in a text)
            keys = frozenset(
                k for k, n in self.counts.items() if n >= MIN_KEYWORD_OTHERS and _LETTER.search(k)
            )
            prefixes = frozenset(" ".join(k.split()[:i]) for k in keys for i in range(1, len(k.split()) + 1))
            self._index = keys, prefixes, max((len(k.split()) for k in keys), default=0)
        keys, prefixes, longest = self._index
        if not keys:
            return []
        own = self.own.get(paper_id, frozenset())
        words = [(m.start(), m.end(), _singular(m.group().lower())) for m in _WORD.finditer(text)]
        out = []
        for i, (start, _, first) in enumerate(words):
            key = first
            for n in range(i, min(i + longest, len(words))):
                if n > i:
                    if not _JOIN.fullmatch(text, words[n - 1][1], words[n][0]):
                        break
                    key = f"{key} {words[n][2]}"
                if key not in prefixes:
                    break
                end = words[n][1]
                if (
                    key in keys
                    and self.counts[key] - (key in own) >= MIN_KEYWORD_OTHERS
                    and not (self.acronym(key) and text[start:end].islower())
                ):
                    out.append((key, start, end))
        return out
