"""Which acronyms a paper's text expands, and to what: the paper's own definitions first, the corpus second and
only where it is safe.

A paper's acronym token (GNN, RV, MPS) is read as its long form when

1. the paper defines it ("graph neural networks (GNNs)"): the paper's own long form, always; or
2. the corpus *settles* its long form -- one term, written by at least :data:`SETTLED_SHARE` of the papers that
   define the acronym, however each spells it (:func:`variant_of`: "Landau-Lifshitz-Gilbert", "Landau Lifshitz
   Gilbert", "Landau-Lifschitz-Gilbert" and "Landau-Lifshitz-Gilbert equation" are one term; read as the spelling
   most papers write) --, the acronym is no common
   word (a stop word, or an English word at least as frequent as :data:`COMMON_ZIPF` on the wordfreq scale:
   IN, US, ON, AM, AL), and the paper **shares context** with the papers that define it: at least
   ``min_shared`` of its concepts (from the records, before any expansion) also occur in a defining paper,
   concepts in more than 5% of the corpus not counted -- or the acronym is *unmistakable*: it has a digit or five
   characters or more and at least :data:`UNMISTAKABLE_PAPERS` papers define it, all as one term (COVID-19,
   CRISPR). Such an expansion is *inferred*: the mention keeps the
   count of its inferred occurrences (:attr:`~.annotations.Mention.inferred`).

A paper's own long form that is a spelling of the settled one reads as the settled one, so "LLG equation" is one
concept across the corpus whichever spelling a paper defined. Before this rule only acronyms every defining paper
spelt alike were settled: on the bibx Scopus set, LLG (Landau-Lifshitz-Gilbert, 27 spellings over 383 papers)
was not, and "LLG equation" (205 papers) stayed a concept apart from "Landau-Lifshitz-Gilbert equation".

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
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from .keyphrases import spelling_key

__all__ = [
    "AcronymTable",
    "PaperAcronyms",
    "Expansion",
    "expansions",
    "is_common_word",
    "variant_of",
    "COMMON_ZIPF",
    "MIN_SHARED",
    "SETTLED_SHARE",
    "SPELLING_RATIO",
    "UNMISTAKABLE_PAPERS",
]

# an acronym whose lower-case form is this frequent an English word (wordfreq's Zipf scale: 5 = once per 100,000
# words) is only expanded where the paper defines it: in 7.3, on 6.9, us 6.0, am 5.8, al 5.2; while
# ai 4.2, dna 4.5, cnn 4.3 stay below
COMMON_ZIPF = 5.0
MIN_SHARED = 2
_MAX_CONTEXT_SHARE = 0.05
# the share of an acronym's defining papers that must write one term (in any of its spellings) for the corpus to
# read the acronym as that term where a paper does not define it: LLG on the bibx Scopus set, 370 of 383 papers
# (the others: liquid-liquid-gas, Lieb-Liniger gas, log-logistic distribution, ...); MPI 3 of 4 is not settled
SETTLED_SHARE = 0.9
# defining papers that make an acronym with a digit or of five characters unmistakable when they all write one
# term: COVID-19 (coronavirus disease 2019) on the WoS set was read so in the papers that share concepts with a
# defining paper only, and stayed a concept apart in 23 others
UNMISTAKABLE_PAPERS = 3
# two spellings of one term: difflib's similarity of their spelling keys at least this ("lifschitz"/"lifshitz",
# "tunnel magnetoresistance"/"tunneling magnetoresistance"); "mono layer"/"machine learning" are far below
SPELLING_RATIO = 0.9


def variant_of(form: str, other: str) -> bool:
    """Whether two long forms of an acronym are one term written differently: equal up to hyphens, dashes,
    spaces and plural endings (:func:`~.keyphrases.spelling_key`), near-equal spellings (similarity at least
    :data:`SPELLING_RATIO`), or one is (a spelling of) the other and one more word (its head noun:
    "Landau-Lifschitz-Gilbert equation", "finite-difference time-domain method").

    >>> variant_of("Landau-Lifschitz-Gilbert", "landau lifshitz gilbert"), variant_of("spin-transfer torques", "spin transfer torque")
    (True, True)
    >>> variant_of("landau-lifshitz-gilbert equation", "landau-lifshitz-gilbert"), variant_of("machine learning", "mono layer")
    (True, False)
    """
    a, b = spelling_key(form), spelling_key(other)
    if _close(a, b):
        return True
    short, long = sorted((a.split(), b.split()), key=len)
    return len(long) == len(short) + 1 and _close(" ".join(long[:-1]), " ".join(short))


def _close(a: str, b: str) -> bool:
    return a == b or SequenceMatcher(None, a, b, autojunk=False).ratio() >= SPELLING_RATIO


@lru_cache(maxsize=65536)
def is_common_word(key: str) -> bool:
    """True for a stop word or an English word with a Zipf frequency >= :data:`COMMON_ZIPF` (wordfreq)."""
    if key in STOP_WORDS:
        return True
    from wordfreq import zipf_frequency

    return zipf_frequency(key, "en") >= COMMON_ZIPF


def _long_acronym(key: str) -> bool:
    """An acronym with a digit, or with five letters and digits or more."""
    alnum = [c for c in key if c.isalnum()]
    return any(c.isdigit() for c in alnum) or len(alnum) >= 5


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
        # key -> (the settled long form or None, the long forms that are spellings of it)
        self._settled: dict[str, tuple[str | None, frozenset[str]]] = {}
        self._unmistakable: set[str] = set()

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
        """Short form -> its settled long form, else the long form most papers define (ties: by name): the
        corpus-wide alias table."""
        return {
            k: self.settled(k) or min(c, key=lambda lf: (-c[lf], lf))
            for k, c in sorted(self.long_forms.items())
        }

    def _settle(self, key: str) -> tuple[str | None, frozenset[str]]:
        done = self._settled.get(key)
        if done is not None:
            return done
        forms = self.long_forms.get(key) or Counter()
        # the long forms grouped into terms, most papers first (then fewest words: "human papillomavirus" before
        # "human papilloma virus", "spike-timing-dependent plasticity" before "... plasticity rule"): each joins
        # the first term whose first form it is a spelling of (variant_of)
        groups: list[list[str]] = []
        for lf in sorted(forms, key=lambda f: (-forms[f], len(spelling_key(f).split()), f)):
            for g in groups:
                if variant_of(lf, g[0]):
                    g.append(lf)
                    break
            else:
                groups.append([lf])
        papers = [sum(forms[f] for f in g) for g in groups]
        top = max(range(len(groups)), key=papers.__getitem__, default=None)
        if top is None or is_common_word(key) or papers[top] < SETTLED_SHARE * sum(forms.values()):
            done = (None, frozenset())
        else:
            done = (groups[top][0], frozenset(groups[top]))
            if len(groups) == 1 and papers[top] >= UNMISTAKABLE_PAPERS and _long_acronym(key):
                self._unmistakable.add(key)
        self._settled[key] = done
        return done

    def unmistakable(self, key: str) -> bool:
        """Every paper defining ``key`` writes one term, they are at least :data:`UNMISTAKABLE_PAPERS`, and the
        acronym has a digit or five letters and digits or more (COVID-19, SARS-CoV-2, CRISPR): read as that term
        in every paper of the corpus, shared context or not."""
        self._settle(key)
        return key in self._unmistakable

    def with_loose_spellings(
        self, records: Mapping[str, dict[str, Any] | None]
    ) -> dict[str, dict[str, Any] | None]:
        """``records`` where a keyphrase word spelling an unmistakable acronym with a digit in fewer than two
        capitals ("Covid-19", "covid-19": no acronym shape, see :func:`.components.acronym_key`) carries that
        acronym's key, so it reads as the acronym's term wherever "COVID-19" does. On the WoS set 7 papers that
        write only "Covid-19" or "covid-19" were a concept apart from the 72 of "coronavirus disease 2019"; a
        search of the raw titles and abstracts for covid-19 in any case finds 80. A digit keeps the word from being an English
        one; unmarked records are shared, not copied."""
        loose = {k for k in self.long_forms if any(c.isdigit() for c in k) and self.unmistakable(k)}
        if not loose:
            return dict(records)

        def loose_key(tok: list[Any]) -> str | None:
            return tok[0].casefold() if not tok[4] and tok[0].casefold() in loose else None

        out: dict[str, dict[str, Any] | None] = {}
        for pid, rec in records.items():
            occ = rec["occ"] if rec else []
            hits = [i for i, o in enumerate(occ) if o[0] == "k" and any(map(loose_key, o[7]))]
            if not hits:
                out[pid] = rec
                continue
            occ = list(occ)
            for i in hits:
                o = list(occ[i])
                o[7] = [[*t[:4], key] if (key := loose_key(t)) else t for t in o[7]]
                occ[i] = o
            out[pid] = {**rec, "occ": occ}  # type: ignore[dict-item]
        return out

    def settled(self, key: str) -> str | None:
        """The long form the corpus settles for ``key`` (see the module docstring), or None (undefined, no term
        written by :data:`SETTLED_SHARE` of its defining papers, or a common word)."""
        return self._settle(key)[0]

    def spelled(self, key: str, long_form: str) -> str:
        """A paper's own long form of ``key`` as the corpus reads it: the settled long form when it is a spelling
        of it, else itself."""
        settled, spellings = self._settle(key)
        return settled if settled is not None and long_form in spellings else long_form

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
        own = {k: self.spelled(k, v) for k, v in rec["defs"]}
        wanted = {o[2] for o in rec["occ"] if o[0] == "a"} | {
            t[4] for o in rec["occ"] if o[0] == "k" for t in o[7] if t[4]
        }
        corpus: dict[str, str] = {}
        for key in sorted(wanted - own.keys()):
            long_form = self.settled(key)
            if long_form is not None and pid not in self.definers.get(key, ()):
                if self.unmistakable(key) or self.shares_context(pid, key, long_form):
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
