"""Which acronyms a paper's text expands, and to what: the paper's own definitions first, the corpus second and
only where it is safe.

A paper's acronym token (GNN, RV, MPS) is read as its long form when

1. the paper defines it ("graph neural networks (GNNs)"): the paper's own long form, always; or
2. the corpus defines it with **exactly one** long form (every defining paper agrees), the acronym is no common
   word (a stop word, or an English word at least as frequent as :data:`COMMON_ZIPF` on the wordfreq scale:
   IN, US, ON, AM, AL), and the paper **shares context** with the papers that define it: at least
   ``min_shared`` of its concepts (from the records, before any expansion) also occur in a defining paper,
   concepts in more than 5% of the corpus not counted. Such an expansion is *inferred*: the mention keeps the
   count of its inferred occurrences (:attr:`~.annotations.Mention.inferred`).

Capitals titles are sentence-cased before extraction (:mod:`.cleaning`), so their words are no acronyms at all.
Before this rule, the corpus-wide table expanded every acronym-shaped token of every paper: on the WoS set IN
became "ingredientes naturale" in 340 papers and RV (rotavirus) "right ventricle".

>>> gnn = ["a", "", "gnn", "GNN", 0, 3, 0, []]
>>> def phrase(name): return ["k", "keyphrase", name, name, 0, 0, 0, []]
>>> recs = {"a": {"defs": [["gnn", "graph neural network"]], "occ": [phrase("graph"), phrase("node")]},
...     "b": {"defs": [], "occ": [gnn, phrase("graph"), phrase("node")]}, "c": {"defs": [], "occ": [gnn]}}
>>> table = AcronymTable.from_records(recs, min_shared=2)
>>> table.for_paper("b", recs["b"]).get("gnn"), table.for_paper("c", recs["c"]).get("gnn")
(('graph neural network', True), None)
>>> is_common_word("in"), is_common_word("us"), is_common_word("gnn")
(True, True, False)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

__all__ = [
    "AcronymTable",
    "PaperAcronyms",
    "Expansion",
    "expansions",
    "is_common_word",
    "COMMON_ZIPF",
    "MIN_SHARED",
]

# an acronym whose lower-case form is this frequent an English word (wordfreq's Zipf scale: 5 = once per 100,000
# words) is only expanded where the paper defines it: in 7.3, on 6.9, us 6.0, am 5.8, al 5.2; while
# ai 4.2, dna 4.5, cnn 4.3 stay below
COMMON_ZIPF = 5.0
MIN_SHARED = 2
_MAX_CONTEXT_SHARE = 0.05


@lru_cache(maxsize=65536)
def is_common_word(key: str) -> bool:
    """True for a stop word or an English word with a Zipf frequency >= :data:`COMMON_ZIPF` (wordfreq)."""
    if key in STOP_WORDS:
        return True
    from wordfreq import zipf_frequency

    return zipf_frequency(key, "en") >= COMMON_ZIPF


def _context(rec: Mapping[str, Any]) -> set[str]:
    return {o[2] for o in rec["occ"] if o[0] != "a"}


class PaperAcronyms:
    """One paper's acronym resolution: ``key in acr``, ``acr[key]`` -> long form, ``acr.get(key)`` ->
    (long form, inferred) or None; ``acr.inferred`` = the keys resolved from the corpus."""

    __slots__ = ("own", "corpus", "inferred")

    def __init__(self, own: dict[str, str], corpus: dict[str, str]) -> None:
        self.own, self.corpus = own, corpus
        self.inferred = frozenset(k for k in corpus if k not in own)

    def __contains__(self, key: str) -> bool:
        return key in self.own or key in self.corpus

    def __getitem__(self, key: str) -> str:
        return self.own[key] if key in self.own else self.corpus[key]

    def get(self, key: str) -> tuple[str, bool] | None:
        if key in self.own:
            return self.own[key], False
        if key in self.corpus:
            return self.corpus[key], True
        return None


class AcronymTable:
    """The corpus' acronym definitions: short key -> {long form: papers defining it}, and the rule above."""

    def __init__(
        self,
        long_forms: dict[str, Counter[str]],
        definers: dict[str, set[str]],
        contexts: dict[str, set[str]],
        df: Counter[str],
        n_papers: int,
        min_shared: int = MIN_SHARED,
    ) -> None:
        self.long_forms, self.definers, self.contexts = long_forms, definers, contexts
        self.min_shared = min_shared
        limit = max(5, _MAX_CONTEXT_SHARE * n_papers)
        self.too_common = frozenset(c for c, n in df.items() if n > limit)
        self._union: dict[str, set[str]] = {}

    @classmethod
    def from_records(
        cls, records: Mapping[str, dict[str, Any] | None], *, min_shared: int = MIN_SHARED
    ) -> AcronymTable:
        long_forms: dict[str, Counter[str]] = {}
        definers: dict[str, set[str]] = {}
        contexts: dict[str, set[str]] = {}
        df: Counter[str] = Counter()
        for pid, rec in records.items():
            if not rec:
                continue
            ctx = contexts[pid] = _context(rec)
            df.update(ctx)
            for key, long_form in {tuple(d) for d in rec["defs"]}:
                long_forms.setdefault(key, Counter())[long_form] += 1
                definers.setdefault(key, set()).add(pid)
        return cls(long_forms, definers, contexts, df, len(contexts), min_shared)

    def table(self) -> dict[str, str]:
        """Short form -> the long form most papers define (ties: by name): the corpus-wide alias table."""
        return {k: min(c, key=lambda lf: (-c[lf], lf)) for k, c in sorted(self.long_forms.items())}

    def unique(self, key: str) -> str | None:
        """The corpus' one long form of ``key``, or None (undefined, several long forms, or a common word)."""
        forms = self.long_forms.get(key)
        if not forms or len(forms) != 1 or is_common_word(key):
            return None
        return next(iter(forms))

    def _definer_context(self, key: str) -> set[str]:
        ctx = self._union.get(key)
        if ctx is None:
            ctx = set()
            for pid in self.definers.get(key, ()):
                ctx |= self.contexts.get(pid, set())
            ctx = self._union[key] = ctx - self.too_common
        return ctx

    def shares_context(self, pid: str, key: str, long_form: str) -> bool:
        """At least ``min_shared`` concepts of the paper occur in a paper defining ``key`` (concepts in more
        than 5% of the corpus, and those naming the acronym or its long form, not counted)."""
        mine = self.contexts.get(pid, set())
        if not mine:
            return False
        shared = mine & self._definer_context(key)
        shared = {c for c in shared if key not in c.split() and c != long_form}
        return len(shared) >= self.min_shared

    def for_paper(self, pid: str, rec: Mapping[str, Any]) -> PaperAcronyms:
        own = {k: v for k, v in rec["defs"]}
        wanted = {o[2] for o in rec["occ"] if o[0] == "a"} | {
            t[4] for o in rec["occ"] if o[0] == "k" for t in o[7] if t[4]
        }
        corpus: dict[str, str] = {}
        for key in sorted(wanted - own.keys()):
            long_form = self.unique(key)
            if long_form is not None and pid not in self.definers.get(key, ()):
                if self.shares_context(pid, key, long_form):
                    corpus[key] = long_form
        return PaperAcronyms(own, corpus)


@dataclass(frozen=True)
class Expansion:
    """One acronym token of a paper read as a long form: where, what, and whether it was inferred."""

    paper: str
    start: int
    end: int
    surface: str
    long_form: str
    inferred: bool
    sentence: str


def expansions(
    records: Mapping[str, dict[str, Any] | None], texts: Mapping[str, str], *, min_shared: int = MIN_SHARED
) -> list[Expansion]:
    """Every acronym token (outside definitions and entities) that extraction reads as a long form, in paper
    and text order: what the hand-checked sample in ``tests/data/nlp/acronym_sample.jsonl`` is checked with."""
    table = AcronymTable.from_records(records, min_shared=min_shared)
    out: list[Expansion] = []
    for pid in sorted(records):
        rec = records[pid]
        if not rec:
            continue
        acr = table.for_paper(pid, rec)
        text, sents = texts[pid], rec["sents"]
        for typ, _kind, key, surface, start, end, sent, _toks in rec["occ"]:
            if typ != "a":
                continue
            hit = acr.get(key)
            if hit is None:
                continue
            a, b = sents[sent] if sent < len(sents) else (0, len(text))
            out.append(Expansion(pid, start, end, surface, hit[0], hit[1], text[a:b]))
    return out
