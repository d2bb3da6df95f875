"""spaCy components scholargraph adds to a pipeline, registered when this module is imported.

- ``scholargraph_acronyms``: finds acronym definitions such as "Kolmogorov-Arnold Networks (KANs)" with the
  Schwartz-Hearst rule (every letter of the short form appears, in order, in the words before the brackets,
  the first one starting a word) and stores them in ``doc._.sg_acronyms`` as
  ``[short_key, long_start_token, long_end_token, short_start_token, short_end_token]``.
- ``scholargraph_science_ruler``: a spaCy :class:`~spacy.pipeline.EntityRuler` loaded with the pattern files
  shipped in ``scholargraph/nlp/patterns/*.jsonl`` (datasets, methods, tasks, metrics). Each pattern's ``id``
  is the canonical concept name, its label one of ``DATASET``, ``METHOD``, ``TASK``, ``METRIC``. String
  patterns match case-insensitively unless the line says ``"case_sensitive": true`` (acronyms and names such
  as COCO or CLIP, which are ordinary words in lower case).

Both are created through registered factories, so a pipeline that names them in its config can be rebuilt in
a worker process (``nlp.pipe(n_process=2)``) as long as this module is imported there.

>>> acronym_key("KANs"), acronym_key("ViT"), acronym_key("GNN"), acronym_key("the")
('kan', 'vit', 'gnn', None)
>>> find_long_form("KAN", "we study Kolmogorov-Arnold Networks")
'Kolmogorov-Arnold Networks'
>>> find_long_form("ViT", "the Vision Transformer") , find_long_form("XYZ", "graph neural networks")
('Vision Transformer', None)
>>> find_long_form("MS", "grown in molasses. Samples") is None, find_long_form("MS", "in molasses samples")
(True, 'molasses samples')
>>> find_long_form("HR", "age (Hazard ratio 2.55"), find_long_form("INC", "died in the Cancer Institute")
(None, None)
>>> KIND_OF_LABEL["DATASET"], KIND_OF_LABEL["ORG"], "CARDINAL" in KIND_OF_LABEL
('dataset', 'organization', False)
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ConfigError

__all__ = [
    "ACRONYMS_FACTORY",
    "RULER_FACTORY",
    "KIND_OF_LABEL",
    "PATTERNS_DIR",
    "acronym_key",
    "find_long_form",
    "load_patterns",
    "patterns_fingerprint",
    "ambiguous_surfaces",
    "ML_CUES",
]

ACRONYMS_FACTORY = "scholargraph_acronyms"
RULER_FACTORY = "scholargraph_science_ruler"
PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"

# entity label -> Concept kind. Labels not listed (CARDINAL, DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL,
# PERSON) are dropped: numbers and dates are noise as concepts, and people are Authors, not concepts.
KIND_OF_LABEL = MappingProxyType(
    {
        "DATASET": "dataset",
        "METHOD": "method",
        "TASK": "task",
        "METRIC": "metric",
        "ORG": "organization",
        "PRODUCT": "entity",
        "GPE": "entity",
        "LOC": "entity",
        "FAC": "entity",
        "NORP": "entity",
        "EVENT": "entity",
        "LAW": "entity",
        "LANGUAGE": "entity",
        "WORK_OF_ART": "entity",
    }
)
RULER_LABELS = frozenset({"DATASET", "METHOD", "TASK", "METRIC"})

# whole words between a long form's first word and the word holding its other letters beyond which the first
# letter is taken from inside that word (:func:`_inner_start`)
_SKIPPED_WORDS = 3
_FUNCTION_WORDS = frozenset("in the of and for to a an on with by at from or as".split())
_NUMBER = re.compile(r"[\d.,%]+")
_NOT_IN_LONG_FORM = re.compile(r"[()\[\]\n]|[.;:!?]\s")
_ACRONYM_SHAPE = re.compile(r"^(?=[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z])[A-Za-z][A-Za-z0-9-]{1,11}$")

if not Doc.has_extension("sg_acronyms"):
    Doc.set_extension("sg_acronyms", default=None)


def acronym_key(text: str) -> str | None:
    """Lower-case key of an acronym-shaped token ('KANs' -> 'kan'), or None if the token is no acronym.

    An acronym has 2-12 characters, starts with a letter and has at least two capitals (GNN, ViT, CIFAR).
    """
    if not _ACRONYM_SHAPE.match(text):
        return None
    if len(text) > 2 and text.endswith("s") and text[-2].isupper():
        text = text[:-1]
    return text.lower()


def find_long_form(short: str, before: str) -> str | None:
    """The Schwartz-Hearst long form of ``short`` at the end of ``before``, or None.

    Walks both strings from the end: each letter/digit of the short form must appear in the long form in
    order, and the first one must start a word. The long form has at most ``min(len+5, 2*len)`` words.
    """
    sf = short[:-1] if len(short) > 2 and short.endswith("s") and short[-2].isupper() else short
    lf = before.rstrip()
    s, i = len(sf) - 1, len(lf) - 1
    second = -1  # where the short form's second letter is
    while s >= 0:
        c = sf[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (lf[i].lower() != c or (s == 0 and i > 0 and lf[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        if s > 0:
            second = i
        i -= 1
        s -= 1
    long_form = _checked(lf[i + 1 :], sf)
    if long_form is not None and second > 0 and (inner := _inner_start(lf, i + 1, second, sf)) is not None:
        return _checked(lf[inner:], sf) or long_form
    return long_form


def _checked(long_form: str, sf: str) -> str | None:
    """``long_form`` if it passes the checks of a long form, else None."""
    n_words = len(long_form.split())
    letters = sum(ch.isalnum() for ch in sf)
    if n_words < 2 and "-" not in long_form or n_words > min(letters + 5, 2 * letters):
        return None
    if long_form.lower() == sf.lower() or len(long_form) <= len(sf):
        return None
    # a long form stays inside one sentence and outside brackets ("(RV)-specific ...", "molasses.\nfructo-")
    if _NOT_IN_LONG_FORM.search(long_form) or "'" in long_form:
        return None
    words = long_form.split()
    # "in the Colombian National Cancer Institute (INC)", "Hazard ratio 2.55 (HR)": a long form neither starts
    # with a function word nor holds a number the short form does not have
    if words[0].lower() in _FUNCTION_WORDS:
        return None
    if not any(ch.isdigit() for ch in sf) and any(_NUMBER.fullmatch(w) for w in words):
        return None
    return long_form


def _inner_start(lf: str, start: int, second: int, sf: str) -> int | None:
    """Where the long form starts instead when its first letter is found at the start of a word only three or
    more words before the word that holds the next letters, across a stop word, while that word holds it too
    and the initials of the words between spell at most one other letter of the short form: "gene encoding for
    the enzyme N-acetylgalactosamine-6-sulfate sulfatase (GALNS)" is "N-acetylgalactosamine-6-sulfate
    sulfatase" (not "Home Observation for Measurement of the Environment (HOME)", nor "information and
    communication technology (ICT)", one word between); else None."""
    first = lf[start].lower()
    at = lf.lower().rfind(first, 0, second)
    word = lf.rfind(" ", 0, at) + 1
    if at <= start or word <= start or lf.find(" ", word) not in (-1, *range(second, len(lf))):
        return None
    between = lf[start:word].split()[1:]
    # (the initials of the words between spell two letters of the short form in order: they may be its words)
    others = iter(c.lower() for c in sf[1:] if c.isalnum())
    spelt = sum(w[0].lower() in others for w in between if w.lower() not in _FUNCTION_WORDS)
    if len(between) >= _SKIPPED_WORDS and any(w.lower() in _FUNCTION_WORDS for w in between) and spelt < 2:
        return word
    return None


class AcronymDetector:
    """Finds 'Long Form (SF)' definitions in each sentence (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, max_window: int = 12) -> None:
        self.name = name
        self.max_window = max_window

    def __call__(self, doc: Doc) -> Doc:
        found: list[list[Any]] = []
        n = len(doc)
        for tok in doc:
            if tok.text != "(" or tok.i + 2 >= n:
                continue
            # the short form: one token, or hyphen-joined pieces without spaces ("(AL-RNNs)")
            close = tok.i + 2
            while close < min(n, tok.i + 6) and doc[close].text != ")" and not doc[close - 1].whitespace_:
                close += 1
            if close >= n or doc[close].text != ")" or doc[close - 1].whitespace_:
                continue
            sf_text = doc.text[doc[tok.i + 1].idx : doc[close].idx]
            key = acronym_key(sf_text)
            if key is None:
                continue
            sent_start = tok.sent.start if doc.has_annotation("SENT_START") else 0
            first = max(sent_start, tok.i - self.max_window)
            # the long form does not cross a bracket, comma, colon or semicolon
            for j in range(tok.i - 1, first - 1, -1):
                if doc[j].text in {")", "(", ",", ";", ":", "[", "]"}:
                    first = j + 1
                    break
            if first >= tok.i:
                continue
            before = doc.text[doc[first].idx : tok.idx]
            long_form = find_long_form(sf_text, before)
            if long_form is None:
                continue
            start_char = doc[first].idx + len(before.rstrip()) - len(long_form)
            span = doc.char_span(start_char, start_char + len(long_form), alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            found.append([key, span.start, span.end, tok.i + 1, close])
        doc._.sg_acronyms = found
        return doc


@Language.factory(ACRONYMS_FACTORY, default_config={"max_window": 12})
def make_acronym_detector(nlp: Language, name: str, max_window: int) -> AcronymDetector:
    return AcronymDetector(nlp, name, max_window=max_window)


def _pattern_files(patterns_dir: str | Path | None) -> list[Path]:
    folder = Path(patterns_dir) if patterns_dir else PATTERNS_DIR
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise ConfigError(
            f"patterns_dir: no *.jsonl pattern files in {folder}; give a folder with entity-ruler pattern files"
        )
    return files


def load_patterns(patterns_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """Every pattern of the ``*.jsonl`` files in ``patterns_dir`` (default: the packaged ones), checked.

    >>> pats = load_patterns()
    >>> {p["label"] for p in pats} == {"DATASET", "METHOD", "TASK", "METRIC"}
    True
    """
    out: list[dict[str, Any]] = []
    for path in _pattern_files(patterns_dir):
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    pat = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ConfigError(
                        f"{path}: line {lineno}: not JSON ({exc.msg}); one pattern object per line"
                    ) from exc
                if pat.get("label") not in RULER_LABELS or not pat.get("pattern") or not pat.get("id"):
                    raise ConfigError(
                        f"{path}: line {lineno}: a pattern needs 'label' (one of {sorted(RULER_LABELS)}), "
                        f"'pattern' and 'id'; got {line.strip()[:120]}"
                    )
                out.append(pat)
    return out


# words that say a text is about machine learning: an ambiguous pattern (Transformer, Kinetics, Mamba, KAN,
# dropout, ...) counts only with one of them within CONTEXT_WINDOW tokens, or in a text with at least
# ML_TEXT_ENTITIES unambiguous pattern matches
ML_CUES = frozenset(
    """dataset datasets benchmark benchmarks model models network networks neural deep learning learned trained
    training train pretrained pre-trained fine-tuned fine-tuning architecture architectures accuracy layer layers
    attention encoder decoder embedding embeddings inference parameters classification classifier token tokens
    transformer transformers llm llms gpu baseline baselines sota state-of-the-art top-1 imagenet video
    action recognition language vision""".split()
)
CONTEXT_WINDOW = 10
ML_TEXT_ENTITIES = 2


def ambiguous_surfaces(patterns_dir: str | Path | None = None) -> frozenset[str]:
    """The pattern strings marked ``"ambiguous": true`` (case-sensitive ones as written, the others in lower
    case): words that are also ordinary words outside machine learning (Transformer, Kinetics, Mamba).

    >>> {"Transformer", "Kinetics", "dropout"} <= ambiguous_surfaces(), "BERT" in ambiguous_surfaces()
    (True, False)
    """
    out = set()
    for pat in load_patterns(patterns_dir):
        if pat.get("ambiguous") and isinstance(pat["pattern"], str):
            out.add(pat["pattern"] if pat.get("case_sensitive") else pat["pattern"].lower())
    return frozenset(out)


def patterns_fingerprint(patterns_dir: str | Path | None = None) -> str:
    """sha256 (first 16 hex) of the pattern files' names and contents: part of the extraction cache key."""
    h = hashlib.sha256()
    for path in _pattern_files(patterns_dir):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@Language.factory(
    RULER_FACTORY,
    default_config={"patterns_dir": None, "phrase_matcher_attr": "LOWER", "overwrite_ents": False},
)
def make_science_ruler(
    nlp: Language, name: str, patterns_dir: str | None, phrase_matcher_attr: str, overwrite_ents: bool
) -> Any:
    from spacy.pipeline import EntityRuler

    ruler = EntityRuler(
        nlp, name, phrase_matcher_attr=phrase_matcher_attr, overwrite_ents=overwrite_ents, validate=True
    )
    patterns = []
    for pat in load_patterns(patterns_dir):
        pat = dict(pat)
        pat.pop("ambiguous", None)  # read by ambiguous_surfaces(); not an EntityRuler key
        if pat.pop("case_sensitive", False) and isinstance(pat["pattern"], str):
            # exact-case match (COCO, not the Spanish word 'coco'): a token pattern on ORTH
            pat["pattern"] = [{"ORTH": t.text} for t in nlp.make_doc(pat["pattern"])]
        patterns.append(pat)
    # phrase patterns only need the tokenizer: run no other component over them
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)
    return ruler
