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

``record["defs"]`` holds the paper's acronym definitions ``[short_key, long_norm]``. Offsets are character
offsets in the processed text (``Paper.text()``); ``sent`` is the sentence index.

Cleaning of noun chunks: leading/trailing determiners, pronouns, stop words, punctuation, numbers and
one-character tokens are cut; chunks with a pronoun, a URL, brackets or more than 6 tokens are dropped, and so
are those left empty, made only of numbers, a stop word or a single letter, or a bare scholarly filler noun
("paper", "approach", ...).

>>> lem = NounLemmatizer.from_nlp(None)
>>> lem("networks"), lem("data"), lem("processes"), lem("physics"), lem("kans"), lem("axes")
('network', 'data', 'process', 'physics', 'kan', 'axis')
>>> code_url_name("https://github.com/Foo/Bar.git)")
'github.com/foo/bar'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from types import MappingProxyType
from typing import Any

from .components import KIND_OF_LABEL, RULER_LABELS, acronym_key

__all__ = ["NounLemmatizer", "doc_record", "code_url_name", "FILLER_NOUNS", "RECORD_VERSION"]

# bump when the record layout or the extraction rules change: it is part of the cache key
RECORD_VERSION = "3"

FILLER_NOUNS = frozenset(
    """paper study work approach method result problem way number set example case part kind type variety
    range field area order term fact aspect issue article research finding addition contrast respect basis
    lot thing purpose means point end form terms use one others other several many much year decade""".split()
) | frozenset({"recent year", "recent decade", "last decade", "last year", "past decade", "past year"})
_DROP_EDGE_POS = frozenset(
    {"DET", "PRON", "PUNCT", "NUM", "ADP", "CCONJ", "SCONJ", "PART", "SYM", "AUX", "SPACE", "X"}
)
_BAD_CHARS = re.compile(r"[()\[\]{}<>=@#%*+|\\\"“”]")
# plurals whose first lemma in spaCy's exception table is not the one scientific text means
_PLURALS = MappingProxyType(
    {"axes": "axis", "bases": "basis", "analyses": "analysis", "hypotheses": "hypothesis"}
)
_KEEP_PLURAL = re.compile(r"(ss|us|is|ics|ous|series|species|news)$")
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
    rules, known-lemma index), keeping words that only look plural ('physics', 'series', 'data')."""

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
        if not word.endswith("s") or len(word) < 4 or _KEEP_PLURAL.search(word) or word == "data":
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
        return word[:-1]  # unknown word: the plain -s rule (embeddings -> embedding, kans -> kan)


def _edge_bad(tok: Any) -> bool:
    return (
        tok.pos_ in _DROP_EDGE_POS
        or tok.is_stop
        or tok.like_num
        or len(tok.text) == 1
        or not any(c.isalnum() for c in tok.text)
    )


def _norm_tokens(toks: list[Any], lemma: NounLemmatizer) -> tuple[str, list[list[Any]]]:
    """(lower-cased form with the head noun lemmatised, per-token [piece, start, end, space_after, acronym])."""
    pieces: list[str] = []
    out: list[list[Any]] = []
    last = len(toks) - 1
    for k, tok in enumerate(toks):
        text = tok.text
        key = acronym_key(text)
        if key is not None:
            word = key
        else:
            word = text.lower()
            if k == last and tok.tag_ in ("NNS", "NNPS"):
                word = lemma(word)
        space = 1 if k < last and tok.whitespace_ else 0
        pieces.append(word + " " * space)
        out.append([word, tok.idx, tok.idx + len(text), space, key or ""])
    return "".join(pieces), out


def _keep_norm(norm: str, stop_words: frozenset[str] | set[str]) -> bool:
    if len(norm) < 2 or norm in stop_words or norm in FILLER_NOUNS:
        return False
    return any(c.isalpha() for c in norm)


def doc_record(
    doc: Any, lemma: NounLemmatizer, stop_words: frozenset[str] | set[str], *, use_ner: bool = False
) -> dict[str, Any]:
    """The extraction record of one parsed Doc (see the module docstring for the layout).

    ``stop_words`` is the language's stop list (``nlp.Defaults.stop_words``); ``use_ner`` adds the
    statistical NER's entities whose labels map to a kind (:data:`~.components.KIND_OF_LABEL`).
    """
    text = doc.text
    sents: list[list[int]] = []
    sent_of = [0] * len(doc)
    for i, s in enumerate(doc.sents):
        sents.append([s.start_char, s.end_char])
        for t in range(s.start, s.end):
            sent_of[t] = i
    occ: list[list[Any]] = []
    # token index -> entity covering it (ruler entities, plus mapped NER labels when asked)
    in_ent = [False] * len(doc)
    ent_id_at: dict[int, str] = {}
    for ent in doc.ents:
        label = ent.label_
        kind = KIND_OF_LABEL.get(label)
        if kind is None or (label not in RULER_LABELS and not use_ner):
            continue
        if label in RULER_LABELS:
            name = ent.ent_id_ or ent.text.lower()
        else:
            toks = [t for t in ent]
            while toks and _edge_bad(toks[0]):
                toks.pop(0)
            if not toks:
                continue
            name, _ = _norm_tokens(toks, lemma)
            if not _keep_norm(name, stop_words):
                continue
        for t in range(ent.start, ent.end):
            in_ent[t] = True
            ent_id_at[t] = name
        occ.append(["e", kind, name, ent.text, ent.start_char, ent.end_char, sent_of[ent.start], []])
    # acronym definitions; the bracketed short form itself is no extra mention
    defs: list[list[str]] = []
    skip_tok: set[int] = set()
    for key, lf_start, lf_end, sf_start, _sf_end in doc._.sg_acronyms or []:
        lf_toks = list(doc[lf_start:lf_end])
        lf_norm, _ = _norm_tokens(lf_toks, lemma)
        if in_ent[sf_start]:
            ent_name = ent_id_at.get(sf_start)
            lf_ent = {ent_id_at.get(t.i) for t in lf_toks}
            if ent_name and (lf_norm == ent_name or ent_name in lf_ent):
                defs.append([key, ent_name])
            continue
        if not _keep_norm(lf_norm, stop_words) or acronym_key(lf_norm.replace(" ", "")) == key:
            continue
        defs.append([key, lf_norm])
        skip_tok.add(sf_start)
    # keyphrases from noun chunks
    for chunk in doc.noun_chunks:
        toks = list(chunk)
        while toks and _edge_bad(toks[0]):
            toks.pop(0)
        while toks and _edge_bad(toks[-1]):
            toks.pop()
        if not toks or len(toks) > 6:
            continue
        if all(in_ent[t.i] for t in toks) or any(t.i in skip_tok for t in toks):
            continue
        if any(t.pos_ == "PRON" or t.like_url or _BAD_CHARS.search(t.text) for t in toks):
            continue
        norm, parts = _norm_tokens(toks, lemma)
        if not _keep_norm(norm, stop_words):
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        occ.append(["k", "keyphrase", norm, text[start:end], start, end, sent_of[toks[0].i], parts])
    # acronym-shaped tokens outside entities and definitions
    for tok in doc:
        if in_ent[tok.i] or tok.i in skip_tok:
            continue
        key = acronym_key(tok.text)
        if key is not None:
            occ.append(["a", "", key, tok.text, tok.idx, tok.idx + len(tok.text), sent_of[tok.i], []])
    # code repositories
    sent_starts = [a for a, _ in sents]
    for m in _CODE_URL.finditer(text):
        name = code_url_name(m.group(0))
        if name is None:
            continue
        url = m.group(0).rstrip(".,;:")
        sent = max(0, bisect_right(sent_starts, m.start()) - 1)
        occ.append(["e", "code", name, url, m.start(), m.start() + len(url), sent, []])
    return {"sents": sents, "occ": occ, "defs": defs}
