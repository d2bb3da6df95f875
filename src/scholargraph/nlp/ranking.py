"""How a paper's concepts are ranked: the weight of a Mention (``Annotations.top_concepts`` sorts by it).

weight = TF-IDF x position x keyword prior, each factor >= 1 apart from TF-IDF:

- **TF-IDF** of the concept's count in the paper (sublinear tf, smooth idf, l2 rows; :func:`.topics.tfidf_matrix`).
- **Position**: ``1 + 1 / (1 + first / 100)``, ``first`` = the character offset of the concept's first mention
  in the cleaned text (title first): 2 in the title, 1.5 at 100 characters, 1.09 at 1,000. Authors name what a
  paper is about early (the first-occurrence feature of KEA and YAKE).
- **Keyword prior** (only when at least ``MIN_KEYWORD_PAPERS`` papers of the corpus carry author keywords, as WoS,
  Scopus, PubMed and BibTeX exports do): ``1 + ln(1 + k)``, ``k`` = the number of *other* papers of the corpus
  that list the concept (or one of its acronyms) among their author keywords -- the keyphraseness feature of
  KEA (Frank et al. 1999), counted leave-one-out. A paper's own keywords never raise its own concepts, so the
  ranking is the same kind of guess for papers without keywords, and checking it against a paper's own
  keywords (the extract benchmark's P@5) is fair.

Keywords and concept names are compared by :func:`keyword_key`: lower case, punctuation and hyphens to
spaces, each word's plural ending dropped.

>>> keyword_key("Graph Neural-Networks"), keyword_key("Case studies"), keyword_key("analysis")
('graph neural network', 'case study', 'analysis')
>>> round(position_factor(0), 3), round(position_factor(100), 3), round(position_factor(1000), 3)
(2.0, 1.5, 1.091)
>>> prior = KeywordPrior({"a": ["Deep learning", "COVID-19"], "b": ["deep learning"], "c": []})
>>> prior.papers, prior.others("a", "deep learning"), prior.others("c", "deep learning"), prior.others("a", "covid-19")
(2, 1, 2, 0)
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

__all__ = ["keyword_key", "position_factor", "KeywordPrior", "MIN_KEYWORD_PAPERS", "RANKING_RULE"]

# below this many papers with author keywords the prior is off (too few to say what this field calls a keyword)
MIN_KEYWORD_PAPERS = 20
RANKING_RULE = (
    "TF-IDF over concept counts (sublinear tf, smooth idf, l2-normalised rows) x position (1 + 1/(1 + first "
    "character offset/100)) x keyword prior (1 + ln(1 + other papers of the corpus listing the concept as an "
    "author keyword); off below {min} papers with keywords)"
)
_NON_WORD = re.compile(r"[\W_]+")


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
    :meth:`others` leaves the paper itself out."""

    def __init__(self, keywords: Mapping[str, Iterable[str]]) -> None:
        self.own: dict[str, frozenset[str]] = {}
        self.counts: Counter[str] = Counter()
        for pid in sorted(keywords):
            keys = frozenset(k for k in (keyword_key(x) for x in keywords[pid] if x) if k)
            if keys:
                self.own[pid] = keys
                self.counts.update(keys)
        self.papers = len(self.own)

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

    def factor(self, paper_id: str, *names: str) -> float:
        """``1 + ln(1 + others)``, or 1 when the prior is off."""
        return 1.0 + math.log1p(self.others(paper_id, *names)) if self.active else 1.0
