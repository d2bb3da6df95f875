"""Language guard: keep texts in a language the spaCy pipeline does not read away from it.

An English pipeline run over a Spanish abstract yields nonsense concepts ("de la", "los resultados") that then
crowd the topics; about 23% of the WoS Javeriana-Cali records are Spanish. So :func:`~.pipeline.annotate`
identifies the language of each paper's text and skips those confidently identified as another language. A
skipped paper stays in the corpus and the graph (authors, citations, venue) but gets no concepts or topics, and
``Annotations.skipped`` says why ("language es (p=1.00); the pipeline reads en").

Fast path: when the pipeline's stop words (``nlp.Defaults.stop_words``) make up at least a fifth of the words of the
first 400 characters, the text is read without further checks (99% of the WoS abstracts: English abstracts have
~39% stop words, Spanish ones ~3% English stop words). The identifier decides the rest.

Identification: `py3langid <https://pypi.org/project/py3langid/>`_ (a maintained fork of langid.py: naive Bayes
over byte n-grams, 97 languages, the model ships in the wheel, about 0.2 ms per abstract), probabilities
normalised over the :data:`CANDIDATE_LANGUAGES` scientific abstracts come in. A text the identifier gives to the pipeline's language (probability >= 0.5)
on its first 400 characters is read; so is a text too short to tell (fewer than :data:`MIN_WORDS` words, e.g. a title without abstract: over all 97 languages "Graph neural networks"
alone comes out as Bikol). Otherwise the text is cut into sentences and each sentence of at least 4 words is identified; the
paper is skipped when less than :data:`MIN_OWN_SHARE` of those sentences' characters are in the pipeline's
language. Bilingual abstracts (an English abstract followed by its Spanish translation, common in
Latin-American journals; whole-text identification calls them Spanish) are therefore read.

The record's own language field (WoS ``LA``, Scopus "Language of Original Document") is not used: it gives the
language of the full text. In the WoS Javeriana-Cali set 1,391 records say Spanish, yet 1,175 of the 1,176 with an
abstract carry it in English (py3langid: p(en) > 0.5).

A multi-language pipeline (``nlp.lang == "xx"``) or ``language_guard=False`` turns the guard off.

>>> guard = LanguageGuard("en")
>>> guard.reason("We propose a graph neural network that predicts molecular properties from their structure.")
>>> guard.reason("Este artículo presenta un modelo de redes neuronales de grafos. Las redes predicen las "
...              "propiedades moleculares a partir de su estructura y superan a los métodos clásicos.")
'language es: 0% of the text is en'
>>> guard.reason("Graph neural networks") is None  # too short to tell: kept
True
>>> guard.reason("Graph networks help ecologists. They model who eats whom in a forest. "
...              "Las redes de grafos ayudan a los ecólogos. Modelan quién come a quién en un bosque.") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache
from importlib import metadata
from typing import Any

__all__ = ["LanguageGuard", "CANDIDATE_LANGUAGES", "MIN_WORDS", "MIN_OWN_SHARE", "MULTI_LANGUAGE"]

MIN_WORDS = 20
HEAD_CHARS = 400
# languages scientific abstracts come in; the identifier's other languages (Latin, Pidgin, Bikol, Aragonese, ...)
# only ever won on titles full of species names or capitals
CANDIDATE_LANGUAGES = tuple(
    "af ar bg ca cs cy da de el en eo es et eu fa fi fr gl he hi hr hu id it ja ko lt lv ms nl no pl pt ro ru "
    "sk sl sr sv th tr uk vi zh".split()
)
MIN_OWN_SHARE = 0.2
MULTI_LANGUAGE = "xx"
STOP_SHARE = 0.2
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(CANDIDATE_LANGUAGES)
    return ident


class LanguageGuard:
    """Decides which texts a pipeline of language ``lang`` (``nlp.lang``) should not read."""

    def __init__(self, lang: str, stop_words: Collection[str] = ()) -> None:
        self.lang = lang
        self.active = lang != MULTI_LANGUAGE
        self.stop_words = frozenset(stop_words)

    def probabilities(self, text: str) -> dict[str, float]:
        """Language code (ISO 639-1) -> probability for ``text``, over :data:`CANDIDATE_LANGUAGES`."""
        return {lang: float(p) for lang, p in _identifier().rank(text)}

    def own_share(self, text: str) -> tuple[float, str]:
        """(share of the characters of the sentences of >= 4 words that are in the pipeline's language, the
        most common other language by characters)."""
        own = total = 0
        other: dict[str, int] = {}
        for sentence in _SENTENCE_END.split(text):
            if len(sentence.split()) < 4:
                continue
            probs = self.probabilities(sentence.lower())
            top = max(probs, key=lambda k: (probs[k], k))
            total += len(sentence)
            if probs.get(self.lang, 0.0) >= 0.5 or top == self.lang:
                own += len(sentence)
            else:
                other[top] = other.get(top, 0) + len(sentence)
        main = max(other, key=lambda k: (other[k], k)) if other else "und"
        return (own / total if total else 1.0), main

    def reason(self, text: str) -> str | None:
        """Why ``text`` is skipped, or None when the pipeline should read it."""
        if not self.active or len(text.split()) < MIN_WORDS:
            return None
        if self.stop_words:  # fast path: plainly the pipeline's language (one in five words a stop word)
            words = _WORD.findall(text[:HEAD_CHARS].lower())
            if words and sum(w in self.stop_words for w in words) >= STOP_SHARE * len(words):
                return None
        # the head (title and first sentences, lower-cased: all-capitals titles mislead the identifier) decides
        # most papers at a fraction of the cost of the whole text
        lang, prob = _identifier().classify(text[:HEAD_CHARS].lower())
        if lang == self.lang and prob >= 0.5:
            return None
        share, main = self.own_share(text)
        if share >= MIN_OWN_SHARE:
            return None
        return f"language {main}: {share:.0%} of the text is {self.lang}"

    def settings(self) -> dict[str, Any]:
        """What goes into the extraction settings (how papers were chosen)."""
        if not self.active:
            return {"language_guard": f"off (multi-language pipeline '{self.lang}')"}
        return {
            "language_guard": {
                "identifier": f"py3langid {metadata.version('py3langid')}",
                "pipeline_language": self.lang,
                "min_words": MIN_WORDS,
                "candidate_languages": list(CANDIDATE_LANGUAGES),
                "min_own_share": MIN_OWN_SHARE,
                "stop_word_share_fast_path": STOP_SHARE if self.stop_words else None,
            }
        }
