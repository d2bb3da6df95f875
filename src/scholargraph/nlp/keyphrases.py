"""From a parsed spaCy Doc to a compact, JSON-able extraction record (what the cache stores per paper).

A record holds the sentence offsets and every *occurrence* found in the text, before any corpus-wide step:

- ``["k", "keyphrase", norm, surface, start, end, sent, toks]``: a cleaned noun chunk. ``norm`` is the
  lower-cased form with its head noun lemmatised ("graph neural networks" -> "graph neural network");
  ``toks`` lists its tokens as ``[norm_piece, start, end, space_after, acronym_key]``: acronym tokens are
  replaced by their long form once the corpus-wide alias table is known ("directed GNNs" -> "directed graph
  neural network"), and runs of tokens are looked up as nested concepts ("a general graph neural network
  architecture" also mentions "graph neural network").
- ``["e", kind, name, surface, start, end, sent, []]``: an entity (pattern ruler, code URL, or mapped NER label).
- ``["a", "", key, surface, start, end, sent, []]``: an acronym-shaped token; it counts for a long form when
  the paper (or, failing that, the corpus) defines the acronym.
- ``["o", "", "X of Y", surface, start, end, sent, [X, x_start, x_end, y_start, y_end]]``: two noun chunks joined
  by a bare "of" (:func:`_of_phrases`); it replaces the two chunks when the corpus shows it is one term.

``record["defs"]`` holds the paper's acronym definitions ``[short_key, long_norm]``. Offsets are character
offsets in the processed text (``Paper.text()``); ``sent`` is the sentence index.

Noun chunks are first cut into their conjuncts (at coordinating conjunctions, commas and brackets: "type 2
diabetes mellitus and lung function decline" is two keyphrases; see :func:`_conjuncts`). Cleaning of noun
chunks: leading/trailing determiners, pronouns, stop words, punctuation, numbers and
one-character tokens are cut; chunks with a pronoun, a URL, brackets or more than 6 tokens are dropped, and so
are those left empty, made only of numbers, a stop word or a single letter, or a bare scholarly filler noun
("paper", "approach", ...) or unit of time ("month"); and the names of institutions (:func:`is_institution_name`:
"Hospital Universitario San Ignacio", the setting of a study, is no concept of its field).

>>> lem = NounLemmatizer.from_nlp(None)
>>> lem("networks"), lem("data"), lem("processes"), lem("physics"), lem("kans"), lem("axes")
('network', 'data', 'process', 'physics', 'kan', 'axis')
>>> code_url_name("https://github.com/Foo/Bar.git)")
'github.com/foo/bar'
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import pairwise
from types import MappingProxyType
from typing import Any

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_STOP, LENGTH, LIKE_NUM, LIKE_URL, POS, SPACY, TAG
from spacy.strings import hash_string
from spacy.symbols import IDS, PRON

from .components import (
    CONTEXT_WINDOW,
    KIND_OF_LABEL,
    ML_CUES,
    ML_TEXT_ENTITIES,
    RULER_LABELS,
    acronym_key,
    ambiguous_surfaces,
)
from .ranking import keyword_key

__all__ = ["NounLemmatizer", "doc_record", "code_url_name", "FILLER_NOUNS", "RECORD_VERSION"]

# bump when the record layout or the extraction rules change: it is part of the cache key
RECORD_VERSION = "23"

FILLER_NOUNS = frozenset(
    """paper study work approach method result problem way number set example case part kind type variety
    range field area order term fact aspect issue article research finding addition contrast respect basis
    lot thing purpose means point end form terms use one others other several many much year decade month week
    day hour minute""".split()
) | frozenset({"recent year", "recent decade", "last decade", "last year", "past decade", "past year"})
_DROP_EDGE_POS = frozenset(
    {"DET", "PRON", "PUNCT", "NUM", "ADP", "CCONJ", "SCONJ", "PART", "SYM", "AUX", "SPACE", "X"}
)
# POS symbol id -> may not edge a keyphrase (a lookup table: np.isin costs more on a few hundred tokens)
_DROP_EDGE_POS_LUT = np.zeros(max(IDS.values()) + 1, dtype=bool)
_DROP_EDGE_POS_LUT[[IDS[p] for p in _DROP_EDGE_POS]] = True
# a run of characters that are neither letters, digits nor white space
_NO_ALNUM_RUN = re.compile(r"(?:[^\w\s]|_)+")
_PLURAL_TAGS = frozenset(hash_string(t) for t in ("NNS", "NNPS"))
# a whitespace-separated word with at least two capitals: where acronym-shaped tokens can be
_TWO_CAPS = re.compile(r"(?<!\S)[^\sA-Z]*[A-Z][^\sA-Z]*[A-Z]\S*")
# words that say how much or how strongly, not what: comparatives of quantity ("fewer parameters"; "few", "more",
# "less" are spaCy stop words already) and degree adverbs ("significantly fewer", "very deep networks"). Adverbs
# that make a term stay ("fully connected layer", "densely connected", "highly cited"); and multipliers ("20x
# faster", "a 1.5× speed-up": "20x" was a concept of its own)
_DEGREE_EDGE = re.compile(
    r"\b(?:fewer|fewest|significantly|substantially|considerably|remarkably|dramatically|drastically|extremely|"
    r"very|relatively|slightly|notably|particularly|especially|increasingly|comparatively|vastly|markedly|greatly)\b"
    r"|\b\d+(?:\.\d+)?[x×](?!\w)",
    re.IGNORECASE,
)
_BAD_CHARS = re.compile(r"[()\[\]{}<>=@#%*+|\\\"“”]")
# plurals whose first lemma in spaCy's exception table is not the one scientific text means
_PLURALS = MappingProxyType(
    {"axes": "axis", "bases": "basis", "analyses": "analysis", "hypotheses": "hypothesis"}
)
# Latin, Greek and Germanic plurals without an -s that scientific text uses: "criteria" and "criterion" were two
# concepts of an MCDA corpus. spaCy's exception table maps these too, but not only these: among its 1,384 plurals
# without an -s are "media" -> "medium" (social media) and "pylori" -> "pylorus" (H. pylori)
_IRREGULAR_PLURALS = MappingProxyType(
    {
        plural: singular
        for plural, singular in (
            pair.split(":")
            for pair in """criteria:criterion phenomena:phenomenon spectra:spectrum maxima:maximum minima:minimum
            optima:optimum stimuli:stimulus nuclei:nucleus radii:radius foci:focus loci:locus fungi:fungus
            larvae:larva vertebrae:vertebra formulae:formula antennae:antenna curricula:curriculum strata:stratum
            schemata:schema corpora:corpus genera:genus children:child teeth:tooth feet:foot mice:mouse
            geese:goose""".split()
        )
    }
)
# a word in -s the tables do not know stays as it is when its Zipf frequency in English exceeds that of the word
# without the -s by this much: diabetes 4.2 vs 0 ("diabete"), herpes 3.4 vs 1.3, caries 2.5 vs 1.3, measles 3.3
# vs 1.1; plurals do not: nanowires 2.3 vs 2.0, skyrmions 1.2 vs 1.2, embeddings 1.8 vs 3.0
KEEP_S_ZIPF = 0.8
KEEP_PLURAL = re.compile(r"(ss|us|is|ics|ous|series|species|news)$")
_CODE_URL = re.compile(
    r"(?:https?://)?(?:www\.)?(github\.com|gitlab\.com|huggingface\.co)/([A-Za-z0-9_.-]+)(?:/([A-Za-z0-9_.-]+))?",
    re.I,
)


def code_url_name(url: str) -> str | None:
    """Canonical name of a code repository URL: 'github.com/owner/repo' (lower case, no '.git'); None otherwise."""
    m = _CODE_URL.search(url)
    if not m:
        return None
    host, owner, repo = m.group(1).lower(), m.group(2), m.group(3)
    parts = [host, owner.rstrip(".")]
    if repo:
        repo = repo.rstrip(".")
        if repo.lower().endswith(".git"):
            repo = repo[:-4]
        if repo:
            parts.append(repo)
    return "/".join(parts).lower()


class NounLemmatizer:
    """Singular of a plural noun with the lookup tables of spaCy's English rule lemmatizer (exceptions, suffix
    rules, known-lemma index), keeping words that only look plural ('physics', 'series', 'data'), and of a few
    Latin, Greek and Germanic plurals ('criteria', 'phenomena', 'children'). A word in -s whose singular the
    tables do not know is kept when English writes it far more often than the form without its ending
    (:data:`KEEP_S_ZIPF`, on wordfreq's scale): 'diabetes', 'herpes', 'caries', 'measles' are singular
    nouns ('type 2 diabete' was a WoS concept of 59 papers), 'embeddings' and 'nanowires' are plurals.

    >>> lemma = NounLemmatizer(set(), {}, [["s", ""]])
    >>> [lemma(w) for w in ("criteria", "phenomena", "media", "pylori", "embeddings", "series")]
    ['criterion', 'phenomenon', 'media', 'pylori', 'embedding', 'series']
    >>> [lemma(w) for w in ("diabetes", "herpes", "caries", "measles", "nanowires", "skyrmions")]
    ['diabetes', 'herpes', 'caries', 'measles', 'nanowire', 'skyrmion']
    """

    def __init__(self, index: set[str], exc: dict[str, list[str]], rules: list[list[str]]) -> None:
        self.index, self.exc, self.rules = index, exc, rules
        self.memo: dict[str, str] = {}

    @classmethod
    def from_nlp(cls, nlp: Any) -> NounLemmatizer:
        """Tables of ``nlp``'s lemmatizer (or of spacy-lookups-free defaults: the plain -s/-ies rules)."""
        index: set[str] = set()
        exc: dict[str, list[str]] = {}
        rules = [["ies", "y"], ["ses", "s"], ["xes", "x"], ["ches", "ch"], ["shes", "sh"], ["s", ""]]
        if nlp is not None and "lemmatizer" in nlp.component_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_rules"):
                index = set(lookups.get_table("lemma_index").get("noun", []))
                exc = dict(lookups.get_table("lemma_exc").get("noun", {}))
                rules = list(lookups.get_table("lemma_rules").get("noun", rules))
        return cls(index, exc, rules)

    def __call__(self, word: str) -> str:
        out = self.memo.get(word)
        if out is None:
            out = self.memo[word] = self._lemma(word)
        return out

    def _lemma(self, word: str) -> str:
        if word in _IRREGULAR_PLURALS:
            return _IRREGULAR_PLURALS[word]
        if not word.endswith("s") or len(word) < 4 or KEEP_PLURAL.search(word) or word == "data":
            return word
        if word in _PLURALS:
            return _PLURALS[word]
        if word in self.exc:
            return self.exc[word][0]
        for old, new in self.rules:
            if word.endswith(old):
                form = word[: len(word) - len(old)] + new
                if form and form in self.index:
                    return form
        if word.endswith("sses"):
            return word[:-2]
        if keeps_s(word, word[:-1]):
            return word  # a singular in -s: diabetes, herpes, caries, measles
        return word[:-1]  # unknown word: the plain -s rule (embeddings -> embedding, kans -> kan)


def keeps_s(word: str, stripped: str) -> bool:
    """Whether a word in -s is a singular noun rather than the plural of ``stripped``: it only looks plural
    (:data:`KEEP_PLURAL`: 'physics', 'series', 'status'), or English writes it at least :data:`KEEP_S_ZIPF` more
    often than ``stripped`` ('diabetes' / 'diabete')."""
    from .termhood import general_zipf  # (termhood imports this module)

    return bool(KEEP_PLURAL.search(word)) or general_zipf(word) - general_zipf(stripped) >= KEEP_S_ZIPF


# what separates the words of a name for :func:`spelling_key`: anything but letters and digits
WORD_BREAK = re.compile(r"[\W_]+")


def spelling_key(name: str) -> str:
    """What spellings of one term share: words apart from hyphens, dashes, spaces and punctuation, each without a
    plural ending, except where the -s belongs to the word (:func:`keeps_s`: "dynamics", "physics",
    "diabetes" are no plurals of "dynamic", "physic", "diabete").

    >>> spelling_key("Landau–Lifshitz-Gilbert equations") == spelling_key("landau lifshitz gilbert equation")
    True
    """
    out = []
    for w in WORD_BREAK.split(name.lower()):
        if not w:
            continue
        if w.endswith("s") and not keeps_s(w, singular := keyword_key(w)):
            w = singular
        out.append(w)
    return " ".join(out)


class _Tokens:
    """Per-token facts of a Doc as plain lists, computed once per Doc from one ``Doc.to_array`` call (numpy for
    the per-token flags): the record is built without creating a spaCy Token object per token, and without
    testing the same token again for every noun chunk it edges.

    - ``idx``/``length``: character offset and length (``word(i)`` is the text); ``tag``/``space``: tag hash,
      trailing space; ``pos``/``dep``: coarse part of speech and dependency label (symbol ids); ``head``: the
      index of the token's syntactic head
    - ``bad``: may not start or end a keyphrase (see the module docstring)
    - ``reject``: a keyphrase containing it is dropped (pronoun, URL-like, brackets and other odd characters)
    - ``acr``: token index -> acronym key, for the acronym-shaped tokens
    """

    __slots__ = (
        "text",
        "n",
        "idx",
        "length",
        "tag",
        "space",
        "pos",
        "dep",
        "head",
        "bad",
        "reject",
        "acr",
        "compound",
    )

    def __init__(self, doc: Any, text: str | None = None) -> None:
        # Doc.text joins a Token object per token; the caller usually still has the text it parsed
        self.text = text = doc.text if text is None else text
        self.n = len(doc)
        arr = doc.to_array([IDX, LENGTH, POS, TAG, IS_STOP, LIKE_NUM, LIKE_URL, SPACY, DEP, HEAD])
        idx, length = arr[:, 0].tolist(), arr[:, 1].tolist()
        self.idx, self.tag, self.space = idx, arr[:, 3].tolist(), arr[:, 7].tolist()
        self.length = length
        pos = arr[:, 2]
        self.pos, self.dep = pos.tolist(), arr[:, 8].tolist()
        # HEAD is stored relative to the token (as an unsigned view of a signed offset)
        self.head = (arr[:, 9].astype(np.int64) + np.arange(self.n)).tolist()
        bad = _DROP_EDGE_POS_LUT[pos] | (arr[:, 4] != 0) | (arr[:, 5] != 0) | (arr[:, 1] == 1)
        self.bad = bad.tolist()
        for m in _DEGREE_EDGE.finditer(text):
            self.bad[bisect_right(idx, m.start()) - 1] = True
        # tokens without a letter or digit lie inside a run of such characters: mark those (few per text)
        for m in _NO_ALNUM_RUN.finditer(text):
            i = bisect_left(idx, m.start())
            while i < self.n and idx[i] + length[i] <= m.end():
                self.bad[i] = True
                i += 1
        reject = (pos == PRON) | (arr[:, 6] != 0)
        self.reject = reject.tolist()
        for m in _BAD_CHARS.finditer(text):
            self.reject[bisect_right(idx, m.start()) - 1] = True
        # acronym-shaped tokens have two capitals, so they lie in a whitespace-separated word that has two
        # A word of hyphen-joined capitalised pieces ("AL-RNN", "BERT-LSTM") is one name: its pieces are not
        # acronyms of their own (expanding RNN there made "al-recurrent neural network"); the whole word is
        # one compound acronym (first token, last token + 1, key), expanded only where it is defined.
        self.acr: dict[int, str] = {}
        self.compound: list[tuple[int, int, str]] = []
        for m in _TWO_CAPS.finditer(text):
            i = max(0, bisect_right(idx, m.start()) - 1)
            found: list[tuple[int, str | None]] = []
            while i < self.n and idx[i] < m.end():
                if idx[i] >= m.start():
                    found.append((i, acronym_key(text[idx[i] : idx[i] + length[i]])))
                i += 1
            glued = _glued_caps(text, idx, length, found)
            if glued is not None:
                self.compound.append(glued)
                continue
            for i, key in found:
                if key is not None:
                    self.acr[i] = key

    def word(self, i: int) -> str:
        a = self.idx[i]
        return self.text[a : a + self.length[i]]

    def end(self, i: int) -> int:
        return self.idx[i] + self.length[i]


@lru_cache(maxsize=1)
def _ambiguous() -> frozenset[str]:
    return ambiguous_surfaces()


def _is_ambiguous(surface: str, ambiguous: frozenset[str]) -> bool:
    return surface in ambiguous or surface.lower() in ambiguous


def _ml_context(t: _Tokens, start: int, end: int) -> bool:
    """A machine-learning cue word (:data:`~.components.ML_CUES`) within CONTEXT_WINDOW tokens of start..end.
    An ambiguous word is no cue for another one ("The Transformer of each substation ... Kinetics of the
    oxidation" is about power grids and chemistry)."""
    lo, hi = max(0, start - CONTEXT_WINDOW), min(t.n, end + CONTEXT_WINDOW)
    ambiguous = _ambiguous()
    for i in range(lo, hi):
        if start <= i < end:
            continue
        word = t.word(i)
        if word.lower() in ML_CUES and not _is_ambiguous(word, ambiguous):
            return True
    return False


# one-word metrics that are also ordinary words ("habitat specificity", "sensitivity analyses", "good precision",
# "order of accuracy"): a metric only where it is measured -- a measured value (a percentage or a decimal such as
# 0.85) or another metric word within METRIC_WINDOW tokens -- or in machine-learning text. A bare integer does
# not count: "order h(5)", "La 3". Hand-checked sample (tests/data/nlp/entity_sample.jsonl): 4 of 15 metric
# matches were such ordinary words before this rule.
BARE_METRICS = frozenset({"accuracy", "precision", "recall", "sensitivity", "specificity"})
METRIC_WINDOW = 8
_MEASURED_VALUE = re.compile(r"\d*[.,]\d+%?|\d+%")


def _measured(t: _Tokens, start: int, end: int) -> bool:
    """True unless a one-word metric of BARE_METRICS stands without a number or another metric nearby (or is
    the head of "sensitivity analysis")."""
    if end - start != 1 or t.word(start).lower() not in BARE_METRICS:
        return True
    if end < t.n and t.word(end).lower() in ("analysis", "analyses"):
        return False
    lo, hi = max(0, start - METRIC_WINDOW), min(t.n, end + METRIC_WINDOW)
    for i in range(lo, hi):
        if i == start:
            continue
        w = t.word(i).lower()
        if w in BARE_METRICS or _MEASURED_VALUE.fullmatch(w):
            return True
        if w[:1].isdigit() and i + 1 < t.n and t.word(i + 1).lower() in ("%", "percent"):
            return True
    return False


def _glued_caps(
    text: str, idx: list[int], length: list[int], found: list[tuple[int, str | None]]
) -> tuple[int, int, str] | None:
    """(first, last + 1, key) when the tokens of one whitespace word are capitalised pieces joined by hyphens
    without spaces ("AL-RNNs"), with at least two pieces carrying a capital; else None."""
    pieces = [(i, k) for i, k in found if text[idx[i] : idx[i] + length[i]] not in "()[],.;:"]
    if len(pieces) < 3:
        return None
    first, last = pieces[0][0], pieces[-1][0]
    word = text[idx[first] : idx[last] + length[last]]
    if "-" not in word or " " in word:
        return None
    caps = sum(1 for part in word.split("-") if any(c.isupper() for c in part))
    key = acronym_key(word)
    if caps < 2 or key is None:
        return None
    return first, last + 1, key


# a symbol of a formula: one letter and one digit ("r1", "x2")
_SYMBOL = re.compile(r"[A-Za-z]\d")


def _has_digit(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


def _hyphen_joined(t: _Tokens, chunks: Any) -> list[tuple[int, int]]:
    """Noun-chunk token ranges widened to whole hyphenated words: the parser reads "sub-graphs" as the tokens
    "sub", "-", "graphs" and may make chunks of only some of them ("-", "graphs"); a word glued by hyphens is
    one piece of a chunk, and chunks that meet inside such a word become one."""
    space, n = t.space, len(t.space)

    def glued(i: int) -> bool:  # tokens i and i + 1 are one hyphenated word
        return not space[i] and "-" in (t.word(i), t.word(i + 1))

    out: list[tuple[int, int]] = []
    for start, end, _label in chunks:
        while start > 0 and glued(start - 1):
            start -= 1
        while end < n and glued(end - 1):
            end += 1
        if out and out[-1][1] >= start:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


# where a noun chunk is cut into its conjuncts: a coordinating conjunction, a comma or semicolon, a bracket
_CONJUNCT_BREAKS = frozenset({",", ";", "(", ")", "[", "]"})
_CCONJ, _NOUN, _PROPN = IDS["CCONJ"], IDS["NOUN"], IDS["PROPN"]
_AMOD, _CONJ = IDS["amod"], IDS["conj"]


def _adjectival(t: _Tokens, i: int) -> bool:
    """Token i modifies a noun as an adjective: dependency ``amod``, or a conjunct of one (the tagger calls
    some such adjectives nouns: "communicable" in "communicable and non-communicable diseases")."""
    return t.dep[i] == _AMOD or (t.dep[i] == _CONJ and t.dep[t.head[i]] == _AMOD)


def _conjuncts(t: _Tokens, ranges: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Noun-chunk token ranges cut at their coordinating conjunctions, commas, semicolons and brackets: spaCy
    makes one chunk of "type 2 diabetes mellitus and lung function decline", "flavonoid and triterpene
    compounds" or "Runt-related transcription factor (RUNX) proteins", and the whole was a concept of no one
    (or, over six tokens, dropped with the terms inside it). Each piece that ends in a noun is a chunk of its
    own; a piece that ends in an adjective modifies a later piece's noun ("communicable" of "communicable and
    non-communicable diseases") and is left out. A chunk made only of proper nouns is a name and stays whole
    ("Bosnia and Herzegovina", "Latin America and the Caribbean")."""
    pos, word, bad = t.pos, t.word, t.bad
    for start, end in ranges:
        cuts = [i for i in range(start, end) if pos[i] == _CCONJ or word(i) in _CONJUNCT_BREAKS]
        if not cuts or all(pos[i] == _PROPN for i in range(start, end) if not bad[i]):
            yield start, end
            continue
        a = start
        for cut in [*cuts, end]:
            x, y = _trim(t, a, cut)
            if x < y and pos[y - 1] in (_NOUN, _PROPN) and not (cut < end and _adjectival(t, y - 1)):
                yield x, y
            a = cut + 1


# "X of Y" candidates: at most this many tokens in all ("global burden of disease")
OF_MAX_TOKENS = 5


# the complement of "X of Y" that frames rather than names: filler nouns and a few more
_OF_FRAME_NOUNS = FILLER_NOUNS | frozenset({"interest", "time", "view"})
# heads of X that count, classify or quantify what follows: "years of age", "cohort of patients", "types of
# cancer", "levels of gene diversity" are strong pairs and no terms
_OF_CLASSIFIERS = FILLER_NOUNS | frozenset(
    """level group cohort source thousand hundred million dozen majority minority proportion percentage share
    series couple pair sample subset amount quantity degree""".split()
)


def _of_phrases(t: _Tokens, spans: list[tuple[int, int, str]], sent_of: list[int]) -> list[list[Any]]:
    """``["o", "", "X of Y", surface, start, end, sent, [X, x_start, x_end, y_start, y_end]]`` for two noun chunks
    joined by a bare "of" ("quality of life", "theory of mind", "speeds of sound": no determiner between, both
    ending in a noun, one sentence). spaCy's chunks stop before a preposition, so such a term was two concepts
    ("quality", "life"); whether it is one term is decided over the corpus (:mod:`.pipeline`: the phrase must
    recur and be what "X of" is usually followed by). The name joins the two chunks' names ("activity of daily
    living", "speed of sound"). A complement that frames rather than names (a filler noun, "interest", "time",
    "view": "object of study") makes no candidate, and neither does an X that counts or classifies ("years of
    age", "cohort of patients", "types of cancer")."""
    out: list[list[Any]] = []
    for (a1, b1, n1), (a2, b2, n2) in pairwise(spans):
        if a2 != b1 + 1 or b2 - a1 > OF_MAX_TOKENS or sent_of[a1] != sent_of[b2 - 1]:
            continue
        if n2 in _OF_FRAME_NOUNS or n1.rsplit(" ", 1)[-1] in _OF_CLASSIFIERS:
            continue
        if (
            t.word(b1).lower() != "of"
            or t.pos[b1 - 1] not in (_NOUN, _PROPN)
            or t.pos[b2 - 1] not in (_NOUN, _PROPN)
        ):
            continue
        start, end = t.idx[a1], t.end(b2 - 1)
        name = f"{n1} of {n2}"
        out.append(
            [
                "o",
                "",
                name,
                t.text[start:end],
                start,
                end,
                sent_of[a1],
                [n1, start, t.end(b1 - 1), t.idx[a2], end],
            ]
        )
    return out


def _at_line_breaks(t: _Tokens, ranges: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The token ranges cut where a line breaks (the title's end): "Morquio A.\nMucopolysaccharidosis IV" is two
    chunks."""
    for start, end in ranges:
        for i in range(start, end):
            if "\n" in t.word(i):
                if i > start:
                    yield start, i
                start = i + 1
        if start < end:
            yield start, end


def _trim(t: _Tokens, start: int, end: int, *, tail: bool = True) -> tuple[int, int]:
    """Token range without the bad tokens at its edges (see the module docstring); may become empty."""
    bad = t.bad
    while start < end and bad[start]:
        start += 1
    while tail and start < end and bad[end - 1]:
        end -= 1
    return start, end


_INITIAL = re.compile(r"[a-z]\.")


def _ends_sentence(t: _Tokens, i: int) -> bool:
    """Token ``i`` ends the text, a line, or a sentence (the next word starts with a capital)."""
    if i + 1 >= len(t.idx):
        return True
    after = t.word(i + 1)
    return "\n" in after or after[:1].isupper()


def _norm_tokens(t: _Tokens, start: int, end: int, lemma: NounLemmatizer) -> tuple[str, list[list[Any]]]:
    """(lower-cased form with the head noun lemmatised, per-token [piece, start, end, space_after, acronym])."""
    pieces: list[str] = []
    out: list[list[Any]] = []
    last = end - 1
    whole, idx, length, acr = t.text, t.idx, t.length, t.acr
    for i in range(start, end):
        text = whole[idx[i] : idx[i] + length[i]]
        key = acr.get(i)
        if key is not None:
            word = key
        else:
            word = text.lower()
            if i == last and t.tag[i] in _PLURAL_TAGS:
                word = lemma(word)
            elif i == last and i > start and _INITIAL.fullmatch(word) and _ends_sentence(t, i):
                if not _INITIAL.fullmatch(pieces[-1].strip()):
                    # a letter ending a name at a sentence's or title's end: "Morquio A." is "morquio a" (spaCy
                    # keeps the stop on a capital letter); not an initial of a run ("U. S."), nor one inside a
                    # sentence ("Allium cepa L. extract")
                    word = word[0]
        space = 1 if i < last and t.space[i] else 0
        pieces.append(word + " " * space)
        out.append([word, idx[i], idx[i] + len(text), space, key or ""])
    return "".join(pieces), out


# names of institutions -- the setting of a study or its authors' own: "Hospital Universitario San Ignacio",
# "Pontificia Universidad Javeriana", "Javeriana University" (on the WoS set of one university, the first was an
# "emerging concept" and its "san ignacio" a topic's term). A chunk is one when it has an institution word and
# every other word is capitalised or joining, one of them a name (rarer than INSTITUTION_NAME_ZIPF on wordfreq's
# scale): a title in Title Case keeps "University Students", "Medical University", "National University"
INSTITUTION_WORDS = frozenset(
    """university universidad universidade universite université universitario universitaria universitat
    hospital clinic clinica clínica institute instituto institut fundacion fundación foundation college colegio
    ministry ministerio secretaria secretaría""".split()
)
_JOINING = frozenset("of the de del la las los y and for e da do das dos di".split())
INSTITUTION_NAME_ZIPF = 4.5


def is_institution_name(norm: str, surface: str) -> bool:
    """Whether a keyphrase (``norm``, its ``surface`` text) names an institution (see INSTITUTION_WORDS).

    >>> is_institution_name("hospital universitario san ignacio", "Hospital Universitario San Ignacio")
    True
    >>> is_institution_name("university student", "University Students"), is_institution_name(
    ...     "javeriana university", "javeriana university")
    (False, False)
    """
    words = norm.split()
    if len(words) < 2 or INSTITUTION_WORDS.isdisjoint(words):
        return False
    names = [w for w in surface.split() if w.lower() not in _JOINING]
    if not all(w[:1].isupper() for w in names):
        return False
    from .termhood import general_zipf  # (termhood imports this module)

    return any(
        general_zipf(w) < INSTITUTION_NAME_ZIPF
        for w in words
        if w not in INSTITUTION_WORDS and w not in _JOINING
    )


def _keep_norm(norm: str, stop_words: frozenset[str] | set[str]) -> bool:
    if len(norm) < 2 or norm in stop_words or norm in FILLER_NOUNS:
        return False
    return norm[0].isalpha() or any(c.isalpha() for c in norm)


def _sentences(doc: Any, t: _Tokens) -> tuple[list[list[int]], list[int]]:
    """([start_char, end_char] per sentence, sentence index per token)."""
    sents: list[list[int]] = []
    sent_of = [0] * t.n
    for k, s in enumerate(doc.sents):
        sents.append([s.start_char, s.end_char])
        sent_of[s.start : s.end] = [k] * (s.end - s.start)
    return sents, sent_of


def _redefined_acronyms(doc: Any, t: _Tokens, ents: list[Any], lemma: NounLemmatizer) -> set[tuple[str, str]]:
    """(acronym key, entity name) of the pattern acronyms this text defines with another long form: "write
    error rate (WER)" in a memory-device abstract is not the word error rate of the metric patterns, "scanning
    electron microscopy (SEM)" not structural equation modeling.

    Another long form is one whose first word differs from the entity name's (compared on four letters, so
    "finite-element method", "finite element models" and "Large-language models" are still the pattern's); a
    one-word entity name has nothing to compare and is kept."""
    found = doc._.sg_acronyms or []
    if not found:
        return set()
    name_at: dict[int, str] = {}
    for e in ents:
        if e.label_ in RULER_LABELS:
            for i in range(e.start, e.end):
                name_at[i] = e.ent_id_ or t.text[e.start_char : e.end_char].lower()
    out: set[tuple[str, str]] = set()
    for key, lf_start, lf_end, sf_start, _sf_end in found:
        name = name_at.get(sf_start)
        if name is None or name in {name_at.get(i) for i in range(lf_start, lf_end)}:
            continue
        words = name.split()
        if len(words) < 2:
            continue
        long_form = _norm_tokens(t, lf_start, lf_end, lemma)[0]
        if long_form != name and long_form.replace("-", " ")[:4] != words[0][:4]:
            out.add((key, name))
    return out


def doc_record(
    doc: Any,
    lemma: NounLemmatizer,
    stop_words: frozenset[str] | set[str],
    *,
    use_ner: bool = False,
    text: str | None = None,
) -> dict[str, Any]:
    """The extraction record of one parsed Doc (see the module docstring for the layout).

    ``stop_words`` is the language's stop list (``nlp.Defaults.stop_words``); ``use_ner`` adds the
    statistical NER's entities whose labels map to a kind (:data:`~.components.KIND_OF_LABEL`). ``text``:
    the string the Doc was parsed from, when the caller has it (saves rebuilding ``doc.text``).
    """
    t = _Tokens(doc, text)
    text = t.text
    sents, sent_of = _sentences(doc, t)
    occ: list[list[Any]] = []
    # token index -> entity covering it (ruler entities, plus mapped NER labels when asked)
    in_ent = [False] * t.n
    ent_id_at: dict[int, str] = {}
    ents = list(doc.ents)
    ambiguous = _ambiguous()
    amb = [_is_ambiguous(text[e.start_char : e.end_char], ambiguous) for e in ents]
    ml_text = sum(1 for e, a in zip(ents, amb, strict=True) if e.label_ in RULER_LABELS and not a) >= (
        ML_TEXT_ENTITIES
    )
    # a text about models and datasets (metric words of clinical or numerical texts do not count)
    ml_models = (
        sum(
            1
            for e, a in zip(ents, amb, strict=True)
            if KIND_OF_LABEL.get(e.label_) in ("method", "dataset") and not a
        )
        >= ML_TEXT_ENTITIES
    )
    redefined = _redefined_acronyms(doc, t, ents, lemma)
    for ent, is_amb in zip(ents, amb, strict=True):
        label = ent.label_
        kind = KIND_OF_LABEL.get(label)
        if kind is None or (label not in RULER_LABELS and not use_ner):
            continue
        if redefined and (acronym_key(text[ent.start_char : ent.end_char]), ent.ent_id_) in redefined:
            continue
        if is_amb and not ml_text and not _ml_context(t, ent.start, ent.end):
            continue
        if kind == "metric" and not ml_models and not _measured(t, ent.start, ent.end):
            continue
        if label in RULER_LABELS:
            name = ent.ent_id_ or text[ent.start_char : ent.end_char].lower()
        else:
            a, b = _trim(t, ent.start, ent.end, tail=False)
            if a == b:
                continue
            name, _ = _norm_tokens(t, a, b, lemma)
            if not _keep_norm(name, stop_words):
                continue
        for i in range(ent.start, ent.end):
            in_ent[i] = True
            ent_id_at[i] = name
        occ.append(
            [
                "e",
                kind,
                name,
                text[ent.start_char : ent.end_char],
                ent.start_char,
                ent.end_char,
                sent_of[ent.start],
                [],
            ]
        )
    # acronym definitions; the bracketed short form itself is no extra mention
    defs: list[list[str]] = []
    skip_tok: set[int] = set()
    for key, lf_start, lf_end, sf_start, sf_end in doc._.sg_acronyms or []:
        lf_norm, _ = _norm_tokens(t, lf_start, lf_end, lemma)
        if in_ent[sf_start]:
            ent_name = ent_id_at.get(sf_start)
            lf_ent = {ent_id_at.get(i) for i in range(lf_start, lf_end)}
            if ent_name and (lf_norm == ent_name or ent_name in lf_ent):
                defs.append([key, ent_name])
                # the bracketed short form of a definition is no extra mention, as for keyphrases
                sf_at = t.idx[sf_start]
                occ[:] = [o for o in occ if not (o[0] == "e" and o[4] == sf_at and o[2] == ent_name)]
            continue
        if not _keep_norm(lf_norm, stop_words) or acronym_key(lf_norm.replace(" ", "")) == key:
            continue
        defs.append([key, lf_norm])
        skip_tok.update(range(sf_start, sf_end))
    # keyphrases from noun chunks (spaCy's iterator gives token ranges; no Span objects needed)
    chunks = doc.noun_chunks_iterator(doc) if doc.noun_chunks_iterator is not None else ()
    reject, idx, length = t.reject, t.idx, t.length
    spans: list[tuple[int, int, str]] = []  # the chunks' token ranges and norms (for "X of Y")
    for c_start, c_end in _at_line_breaks(t, _conjuncts(t, _hyphen_joined(t, chunks))):
        a, b = _trim(t, c_start, c_end)
        if a == b or b - a > 6:
            continue
        prev = t.word(a - 1) if a > 0 else ""
        if b - a == 1 and length[a] <= 4 and ((a > c_start and _has_digit(prev)) or prev == "%"):
            continue  # a unit after its number: "10 nm", "2 GHz", "5 mg"; a statistic's notation: "95% CI"
        while b - a > 1 and _SYMBOL.fullmatch(t.word(b - 1)):
            b -= 1  # a trailing symbol names a quantity of the paper, not the term: "inner radius r1"
        if False not in in_ent[a:b] or True in reject[a:b]:
            continue
        if skip_tok and not skip_tok.isdisjoint(range(a, b)):
            continue
        norm, parts = _norm_tokens(t, a, b, lemma)
        spans.append((a, b, norm))
        if not _keep_norm(norm, stop_words):
            continue
        start, end = idx[a], idx[b - 1] + length[b - 1]
        if is_institution_name(norm, text[start:end]):
            continue
        occ.append(["k", "keyphrase", norm, text[start:end], start, end, sent_of[a], parts])
    occ.extend(_of_phrases(t, spans, sent_of))
    # acronym-shaped tokens (and hyphen-joined compounds such as AL-RNN) outside entities and definitions
    for i, key in sorted(t.acr.items()):
        if in_ent[i] or i in skip_tok:
            continue
        occ.append(["a", "", key, t.word(i), t.idx[i], t.end(i), sent_of[i], []])
    for first, stop, key in t.compound:
        if True in in_ent[first:stop] or not skip_tok.isdisjoint(range(first, stop)):
            continue
        a, b = t.idx[first], t.end(stop - 1)
        occ.append(["a", "", key, text[a:b], a, b, sent_of[first], []])
    # code repositories
    sent_starts = [a for a, _ in sents]
    lower = text.lower()
    hosts = "github.com" in lower or "gitlab.com" in lower or "huggingface.co" in lower
    for m in _CODE_URL.finditer(text) if hosts else ():
        name = code_url_name(m.group(0))
        if name is None:
            continue
        url = m.group(0).rstrip(".,;:")
        sent = max(0, bisect_right(sent_starts, m.start()) - 1)
        occ.append(["e", "code", name, url, m.start(), m.start() + len(url), sent, []])
    return {"sents": sents, "occ": occ, "defs": defs}
