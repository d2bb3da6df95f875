"""BibTeX exports (Scopus and Web of Science dialects) via bibtexparser 2 (its splitter, no pyparsing).

Every ``@type{key,`` that starts a line is one record: the text up to the next such line is split on its own by
:class:`bibtexparser.splitter.Splitter`, so an entry it cannot parse becomes a :class:`~scholargraph.model.Reject`
naming its line and the splitter's reason instead of vanishing. Field names are matched case-insensitively; names
with spaces or no-break spaces (``Early Access Date =``, ``funding_text\\xa01=``: real quirks of WoS and Scopus
exports) are rewritten with dashes (``extra["repaired"]`` says so). A field given twice keeps its first value
(``extra["duplicate_fields"]`` names those of the fields read here). ``@string`` macros (and the month names
``jan``..``dec``) are resolved, ``#`` concatenations joined. ``@comment``, ``@string`` and ``@preamble`` are
not records; an entry using an undefined macro in a field read here is a Reject naming the field.

Only the fields the mapping reads are decoded: plain escapes (``\\&``, ``{[}``) are undone, then each LaTeX
command token (``{\\"u}``, ``\\'\\i``, ``\\v{s}``, ``\\ss``) is decoded with pylatexenc; unknown commands are kept
verbatim, and ``%``, ``~`` and ``--`` outside commands are left alone (URLs in references contain them).

Mapping: ``title`` (required), ``author`` (split on `` and ``), ``year``/``month``, ``journal`` or
``booktitle`` venue, ``doi``, ``abstract``, ``author_keywords`` (Scopus) or ``keywords`` (WoS) as keywords,
Scopus ``keywords`` / WoS ``keywords-plus`` in extra, ``references`` (Scopus, ``;``-separated) and
``cited-references`` (WoS, one per line) as references, ``orcid-numbers`` attached to authors, times cited
(``note = {cited By N}`` or ``times-cited``), ``unique-id``/``url``/``type``/``document_type``/``language``.

>>> sniff("@article{ WOS:0001,\\nAuthor = {A, B},\\n", "x.bib"), sniff("TY  - JOUR\\n", "x.ris")
(True, False)
>>> split_authors("Corrente, S. and Greco, S. and  Słowiński, R.")
['Corrente, S.', 'Greco, S.', 'Słowiński, R.']
>>> decode_latex(r"M{\\"u}ller, Garc{\\'\\i}a, Wa\\l{}\\k{e}sa \\& \\best")
'Müller, García, Wałęsa & \\\\best'
"""

from __future__ import annotations

import logging
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import ParseError
from ..model import Author, Paper, PaperDate, Provenance, Reject, normalize_doi
from ._text import clean, make_author, open_text, to_int, year_of
from .tabular import scopus_reference
from .wos import _person_ids, cited_references, parse_wos_date

__all__ = ["read_bibtex", "sniff", "split_authors", "count_entries", "decode_latex"]

FORMAT = "bibtex"
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.M)
_HEAD = re.compile(r"[ \t]*@[ \t]*")
_NOT_RECORDS = frozenset({"comment", "string", "preamble"})
_SPACES = re.compile(r"[\s\xa0]+")
_BRACE = re.compile(r"(?<!\\)[{}]")
_AND = re.compile(r"\s+and\s+", re.I)
# BibTeX's predefined month macros (what bibtex's standard styles define)
_MONTHS = dict(
    zip(
        "jan feb mar apr may jun jul aug sep oct nov dec".split(),
        "January February March April May June July August September October November December".split(),
        strict=True,
    )
)


def sniff(head: str, name: str) -> bool:
    """True when an ``@type{key,`` entry starts a line in the head of the file."""
    for m in _ENTRY_START.finditer(head.lstrip("\ufeff")):
        if m.group(1).lower() not in _NOT_RECORDS and m.group(2):
            return True
    return False


def count_entries(text: str) -> int:
    """The number of records (``@type{`` at a line start, not comment/string/preamble) in BibTeX text.

    >>> count_entries("@string{x = {y}}\\n@article{a,\\n title={T}}\\n @book{b, title={U}}")
    2
    """
    return sum(1 for m in _ENTRY_START.finditer(text) if m.group(1).lower() not in _NOT_RECORDS)


def split_authors(value: str | None) -> list[str]:
    """Author names from a BibTeX ``author`` field (split on the word ``and``)."""
    if not value:
        return []
    return [c for part in _AND.split(value) if (c := clean(part))]


def read_bibtex(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per BibTeX entry (``.gz`` too)."""
    name = str(source)
    with open_text(source) as fh:
        text = fh.read()
    starts = list(_ENTRY_START.finditer(text))
    if not starts:
        raise ParseError(
            "no BibTeX entry found (no line starts with '@type{key,')",
            file=name,
            hint="check that this is a .bib file; each entry must start a line with e.g. '@article{key,'",
        )
    macros = dict(_MONTHS)
    decode = _latex_decoder()
    record = 0
    line = text.count("\n", 0, starts[0].start()) + 1
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        if i:
            line += text.count("\n", starts[i - 1].start(), m.start())
        chunk = text[m.start() : end]
        kind = m.group(1).lower()
        if kind in _NOT_RECORDS:
            if kind == "string":
                _define_macros(chunk, macros)
            continue
        record += 1
        yield _record(chunk, kind, m.group(2), name, record, line, macros, decode)


class _ThisThread(logging.Filter):
    """Drops the records logged by the thread that created it (and nothing else)."""

    def __init__(self) -> None:
        super().__init__()
        self.thread = threading.get_ident()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread != self.thread


def _blocks(chunk: str) -> list[Any]:
    """The blocks of one chunk (``@`` normalised to start it). The splitter's warnings about this chunk are
    filtered out while it runs (a failed block becomes a Reject carrying the same reason); the logger itself is
    left as it is, and what other threads log through it passes."""
    from bibtexparser.splitter import Splitter

    log = logging.getLogger("bibtexparser.splitter")
    mute = _ThisThread()
    log.addFilter(mute)
    try:
        return Splitter(_HEAD.sub("@", chunk, count=1)).split().blocks
    finally:
        log.removeFilter(mute)


def _define_macros(chunk: str, macros: dict[str, str]) -> None:
    from bibtexparser.model import String

    for block in _blocks(chunk):
        if isinstance(block, String):
            # a macro built from an undefined macro stays undefined: entries using it become Rejects
            try:
                macros[block.key.strip().lower()] = _resolve(block.value, macros)
            except KeyError:
                pass


def _record(
    chunk: str,
    kind: str,
    key: str,
    file: str,
    record: int,
    line: int,
    macros: dict[str, str],
    decode: Callable[[str], str],
) -> Paper | Reject:
    from bibtexparser.model import DuplicateFieldKeyBlock, Entry, ImplicitComment, ParsingFailedBlock

    block = next((b for b in _blocks(chunk) if not isinstance(b, ImplicitComment)), None)
    duplicates: set[str] = set()
    if isinstance(block, DuplicateFieldKeyBlock):
        block = block.ignore_error_block  # field names are compared below, case-insensitively
    if not isinstance(block, Entry):
        why = "no '@type{key, field = {value}, ...}' block found"
        if isinstance(block, ParsingFailedBlock):
            why = getattr(block.error, "abort_reason", None) or str(block.error)
            end = getattr(block.error, "end_index", None)
            if end:
                why += f" (near line {line + chunk.count(chr(10), 0, max(end - 1, 0))})"
        return _reject(
            file,
            record,
            line,
            chunk,
            f"bibtexparser could not parse this entry: {clean(why)}; fix the entry (unbalanced braces, a missing "
            "comma or '=') or re-export it",
        )
    if not block.key:
        return _reject(file, record, line, chunk, "entry has no citation key; write '@type{key, ...' ")
    raw: dict[str, str] = {}
    repaired = False
    for f in block.fields:
        fname = _SPACES.sub("-", f.key.strip()).lower()
        repaired |= fname != f.key.strip().lower()
        if fname in raw:
            if fname in _USED:
                duplicates.add(fname)
        else:
            raw[fname] = f.value
    entry: dict[str, str] = {}
    for fname, value in raw.items():
        if fname in _USED and isinstance(value, str):
            try:
                entry[fname] = _nfc(decode(_unescape(_resolve(value, macros))))
            except KeyError as e:
                return _reject(
                    file,
                    record,
                    line,
                    chunk,
                    f"field {fname!r} uses the undefined @string macro {e.args[0]!r}; define it with "
                    f"@string{{{e.args[0]} = {{...}}}} or put the value in braces",
                    field=fname,
                )
    entry["ID"], entry["ENTRYTYPE"] = block.key, block.entry_type.lower() or kind
    paper = _paper(entry, file, record, line, key)
    if isinstance(paper, Paper):
        if repaired:
            paper.extra["repaired"] = "field names with spaces were rewritten with dashes"
        if duplicates:
            paper.extra["duplicate_fields"] = sorted(duplicates)  # the first value of each was kept
    return paper


def _reject(file: str, record: int, line: int, chunk: str, reason: str, field: str | None = None) -> Reject:
    return Reject(file, record, reason, field=field, line=line, format=FORMAT, snippet=chunk[:120])


def _resolve(value: str, macros: dict[str, str]) -> str:
    """A raw BibTeX value with its delimiters removed, macros resolved and ``#`` parts joined.

    >>> _resolve('{A} # " and " # mar # 2', {"mar": "March"})
    'A and March2'
    >>> _resolve("ejor", {})
    Traceback (most recent call last):
    KeyError: 'ejor'
    """
    value = value.strip()
    if value[:1] == "{" and _closing(value, 0) == len(value) - 1:
        return value[1:-1]
    parts, i, n = [], 0, len(value)
    while i < n:
        ch = value[i]
        if ch == "{":
            j = _closing(value, i)
            j = n - 1 if j < 0 else j
            parts.append(value[i + 1 : j])
        elif ch == '"':
            j, depth = i + 1, 0
            while j < n and (value[j] != '"' or depth > 0):
                depth += (value[j] == "{") - (value[j] == "}")
                j += 1
            parts.append(value[i + 1 : j])
        elif ch in "# \t\r\n":
            i += 1
            continue
        else:
            j = i
            while j + 1 < n and value[j + 1] not in '#{}" \t\r\n':
                j += 1
            word = value[i : j + 1]
            parts.append(word if word.isdigit() else macros[word.lower()])
        i = j + 1
    return "".join(parts)


def _closing(value: str, start: int) -> int:
    """Index of the brace closing the one at ``start`` (escaped braces do not count), -1 when none does.

    >>> _closing(r"{a {b} \\} c} d", 0), _closing("{a", 0)
    (11, -1)
    """
    depth = 0
    for m in _BRACE.finditer(value, start):
        depth += 1 if m.group() == "{" else -1
        if depth == 0:
            return m.start()
    return -1


# The fields the mapping reads; only these are decoded.
_USED = frozenset(
    "title author journal booktitle series publisher abstract keywords author_keywords keywords-plus references "
    "cited-references orcid-numbers month year doi url type document_type language note times-cited unique-id "
    "source web-of-science-categories early-access-date pages volume isbn".split()
)
# Escapes of plain characters (WoS writes {[}Anonymous], {*}OECD, \& and \_): undone first, so that values
# with no real LaTeX skip the command decoding.
_BRACED_MARK = re.compile(r"(?<!\\)\{([^\w\s{}\\])\}")
_PLAIN_ESCAPES = (
    ("{dotless}", ""),  # Scopus writes Economi{dotless}\u0301a for Economía
    ("\\&", "&"),
    ("\\_", "_"),
    ("\\%", "%"),
    ("\\#", "#"),
    ("\\$", "$"),
    ("\\{", "{"),
    ("\\}", "}"),
)
# One LaTeX command with its argument, optionally wrapped in a brace group: {\"u}, \'\i, \v{s}, \c c, \ss{}, \o
_COMMAND = (
    r"\\(?:['`^\"~=.]\s*(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])"
    r"|[A-Za-z]+(?:\{[^{}]*\}|(?<=\\[uvHckrdbt])\s+[A-Za-z](?![A-Za-z]))?)"
)
_LATEX = re.compile(r"\{\s*(?:" + _COMMAND + r")\s*\}|" + _COMMAND)


def _unescape(text: str) -> str:
    """Drop one pair of braces wrapping the whole value (WoS writes ``{{...}}``) and plain-character escapes."""
    if text.startswith("{") and _closing(text, 0) == len(text) - 1:
        text = text[1:-1]
    if "{" in text:
        text = _BRACED_MARK.sub(r"\1", text)
    if "``" in text:  # LaTeX quotes: ``word'' is “word”
        text = text.replace("``", "\u201c").replace("''", "\u201d")
    for old, new in _PLAIN_ESCAPES:
        if old in text:
            text = text.replace(old, new)
    return text


def _latex_decoder() -> Callable[[str], str]:
    """A function decoding the LaTeX command tokens of a text (pylatexenc is loaded on the first one)."""
    state: dict[str, Any] = {}

    def token(m: re.Match[str]) -> str:
        if "db" not in state:
            from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db

            state["db"] = db = get_default_latex_context_db()
            state["dec"] = LatexNodes2Text(latex_context=db, math_mode="verbatim")
        tok = m.group(0)
        name = re.match(r"\{?\s*\\([A-Za-z]+|.)", tok).group(1)  # type: ignore[union-attr]
        if state["db"].get_macro_spec(name) is None:
            return tok  # unknown command (e.g. a broken export's "\best"): kept as written
        try:
            out = state["dec"].latex_to_text(tok)
        except Exception:  # noqa: BLE001 - pylatexenc raises several kinds; the token is then kept verbatim
            return tok
        return out or tok

    def decode(text: str) -> str:
        return _LATEX.sub(token, text) if "\\" in text else text

    return decode


def decode_latex(text: str) -> str:
    """Plain escapes undone and LaTeX command tokens turned into Unicode (NFC); unknown commands kept."""
    return _nfc(_latex_decoder()(_unescape(text)))


def _nfc(text: str) -> str:
    """NFC-composed text; ``\\'\\i`` may decode to a dotless i plus an accent, which means 'í'."""
    return unicodedata.normalize(
        "NFC", text.replace("\u0131\u0301", "\u00ed").replace("\u0131\u0300", "\u00ec")
    )


def _value(entry: dict[str, str], *names: str) -> str | None:
    for n in names:
        v = entry.get(n)
        if v is not None:
            v = clean(v.replace("{", "").replace("}", ""))
            if v:
                return v
    return None


def _paper(entry: dict[str, str], file: str, record: int, line: int, key: str) -> Paper | Reject:
    title = _value(entry, "title")
    if not title:
        return Reject(
            file,
            record,
            "entry has no title",
            field="title",
            line=line,
            format=FORMAT,
            snippet=f"@{key}"[:120],
        )
    wos = "unique-id" in entry or "cited-references" in entry or "web-of-science-categories" in entry
    extra: dict[str, Any] = {"bibtex_key": entry.get("ID") or key, "entry_type": entry.get("ENTRYTYPE")}
    for fname in ("volume", "pages", "isbn"):
        if v := _value(entry, fname):
            extra[fname] = v
    extra["dialect"] = "wos" if wos else "scopus" if entry.get("source") == "Scopus" else "bibtex"
    names = split_authors((entry.get("author") or "").replace("{", "").replace("}", ""))
    # WoS writes 'Family, Given': a WoS name without a comma is kept as given (no family name guessed)
    authors: list[Author] = [a for n in names if (a := make_author(n, guess_order=not wos)) is not None]
    _attach_orcids(authors, entry.get("orcid-numbers"))
    year = year_of(entry.get("year"))
    date = None
    if year is not None:
        month = None
        day = None
        mtext = _value(entry, "month") or ""
        if mtext and not re.search(r"[-/]", mtext.split(" ")[0]):
            month = PaperDate.month_number(mtext) if mtext[:1].isalpha() else to_int(mtext)
            if month is not None and not 1 <= month <= 12:
                month = None
            parts = mtext.split()
            if month and len(parts) > 1 and parts[1].isdigit() and 1 <= int(parts[1]) <= 31:
                day = int(parts[1])
        date = PaperDate(year, month, day, "day" if day else "month" if month else "year")
    elif wos and (ea := _value(entry, "early-access-date")):
        date = parse_wos_date(None, ea)  # an early-access record has no Year yet
        if date is not None:
            extra["date_source"] = "Early Access Date"
    doi_raw = _value(entry, "doi")
    doi = normalize_doi(doi_raw)
    if doi_raw and not doi:
        extra["invalid_doi"] = doi_raw
    if wos:
        keywords = _split(entry.get("keywords"), ";")
        if kp := _split(entry.get("keywords-plus"), ";"):
            extra["keywords_plus"] = kp
        refs, unresolvable = cited_references((entry.get("cited-references") or "").split("\n"))
        if unresolvable:
            extra["unresolvable_references"] = len(unresolvable)
        cites = to_int(_value(entry, "times-cited"))
        if uid := _value(entry, "unique-id"):
            extra["wos_id"] = uid
    else:
        keywords = _split(entry.get("author_keywords"), ";")
        if ik := _split(entry.get("keywords"), ";"):
            extra["index_keywords"] = ik
        refs = [scopus_reference(r) for r in _split(entry.get("references"), "; ")]
        m = re.search(r"cited by\s*(\d+)", entry.get("note") or "", re.I)
        cites = int(m.group(1)) if m else None
    return Paper.create(
        title=title,
        abstract=_value(entry, "abstract"),
        authors=authors,
        author_count=len(authors) or None,
        date=date,
        venue=_value(entry, "journal", "booktitle", "series", "publisher"),
        doi=doi,
        references=refs,
        keywords=keywords,
        citation_count=cites,
        language=_value(entry, "language"),
        doc_type=_value(entry, "type", "document_type") or entry.get("ENTRYTYPE"),
        url=_value(entry, "url"),
        provenance=[Provenance(file, record, line, FORMAT)],
        extra=extra,
    )


def _split(value: str | None, sep: str) -> list[str]:
    if not value:
        return []
    return [c for part in value.split(sep) if (c := clean(part))]


def _attach_orcids(authors: list[Author], value: str | None) -> None:
    from ..model import normalize_name

    if not value or not authors:
        return
    by_name: dict[str, list[Author]] = {}
    for a in authors:
        by_name.setdefault(normalize_name(a.raw), []).append(a)
    for person, orcid in _person_ids(value.replace("\n", " ")):
        match = by_name.get(normalize_name(person))
        if orcid and match and len(match) == 1:
            match[0].orcid = orcid
