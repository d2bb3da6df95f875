"""BibTeX exports (Scopus and Web of Science dialects) via bibtexparser 1.4 (v1 API).

Every ``@type{key,`` that starts a line is one record. Each record is parsed on its own, so an entry that
bibtexparser cannot parse (it drops those silently) becomes a :class:`~scholargraph.model.Reject` naming its
line instead of vanishing. When an entry fails to parse, field names with spaces or no-break spaces
(``Early Access Date =``, ``funding_text\\xa01=``: real quirks of WoS and Scopus exports that make
bibtexparser drop the whole entry) are rewritten with dashes and the entry is parsed again
(``extra["repaired"]`` says so). ``@comment``, ``@string`` and ``@preamble`` are not records.

Mapping: ``title`` (required), ``author`` (split on `` and ``), ``year``/``month``, ``journal`` or
``booktitle`` venue, ``doi``, ``abstract``, ``author_keywords`` (Scopus) or ``keywords`` (WoS) as keywords,
Scopus ``keywords`` / WoS ``keywords-plus`` in extra, ``references`` (Scopus, ``;``-separated) and
``cited-references`` (WoS, one per line) as references, ``orcid-numbers`` attached to authors, times cited
(``note = {cited By N}`` or ``times-cited``), ``unique-id``/``url``/``type``/``document_type``/``language``.

>>> sniff("@article{ WOS:0001,\\nAuthor = {A, B},\\n", "x.bib"), sniff("TY  - JOUR\\n", "x.ris")
(True, False)
>>> split_authors("Corrente, S. and Greco, S. and  Słowiński, R.")
['Corrente, S.', 'Greco, S.', 'Słowiński, R.']
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..model import Author, Paper, PaperDate, Provenance, Reference, Reject, normalize_doi
from ._text import clean, make_author, open_text, to_int, year_of
from .wos import _person_ids, parse_cited_reference

__all__ = ["read_bibtex", "sniff", "split_authors", "count_entries"]

FORMAT = "bibtex"
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.M)
_NOT_RECORDS = frozenset({"comment", "string", "preamble"})
_FIELD_NAME = re.compile(r"^([A-Za-z][A-Za-z0-9_\-]*(?:[ \xa0]+[A-Za-z0-9_\-]+)+)([ \t\xa0]*=)", re.M)
_AND = re.compile(r"\s+and\s+", re.I)
_SCOPUS_YEAR = re.compile(r"\((1[5-9]\d{2}|20\d{2})\)")


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
    from bibtexparser.bparser import BibTexParser
    from bibtexparser.customization import convert_to_unicode

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
    parser = BibTexParser(
        common_strings=True, ignore_nonstandard_types=False, homogenize_fields=False, interpolate_strings=True
    )
    parser.expect_multiple_parse = True
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
                _parse(parser, chunk)  # defines macros later entries may use
            continue
        record += 1
        key = m.group(2)
        entries = _parse(parser, chunk)
        repaired = False
        if not entries and (fixed := _FIELD_NAME.sub(_dash_name, chunk)) != chunk:
            entries, repaired = _parse(parser, fixed), True
        if not entries:
            yield Reject(
                name,
                record,
                "bibtexparser could not parse this entry (unbalanced braces, a missing comma or '=' or a bad "
                "field name); fix the entry or re-export it",
                line=line,
                format=FORMAT,
                snippet=chunk[:120],
            )
            continue
        used = {k: _unescape(v) for k, v in entries[0].items() if k in _USED and isinstance(v, str)}
        entry = {k: _nfc(v) for k, v in convert_to_unicode(used).items()}
        entry["ID"], entry["ENTRYTYPE"] = entries[0].get("ID", key), entries[0].get("ENTRYTYPE", kind)
        paper = _paper(entry, name, record, line, key)
        if repaired and isinstance(paper, Paper):
            paper.extra["repaired"] = "field names with spaces were rewritten with dashes before parsing"
        yield paper


# The fields the mapping reads; only these go through convert_to_unicode (slow on long values with braces).
_USED = frozenset(
    "title author journal booktitle series publisher abstract keywords author_keywords keywords-plus references "
    "cited-references orcid-numbers month year doi url type document_type language note times-cited unique-id "
    "source web-of-science-categories".split()
)
# Escapes of plain characters (WoS writes {[}Anonymous], \& and \_): undone first so that values with no
# real LaTeX skip the slow accent conversion.
_PLAIN_ESCAPES = (
    ("{[}", "["),
    ("{]}", "]"),
    ("\\&", "&"),
    ("\\_", "_"),
    ("\\%", "%"),
    ("\\#", "#"),
    ("\\$", "$"),
)


def _unescape(text: str) -> str:
    """Drop one pair of braces wrapping the whole value (WoS writes ``{{...}}``) and plain-character escapes."""
    if text.startswith("{") and text.endswith("}"):
        depth = 0
        for i, ch in enumerate(text):
            depth += (ch == "{") - (ch == "}")
            if depth == 0:
                if i == len(text) - 1:
                    text = text[1:-1]
                break
    for old, new in _PLAIN_ESCAPES:
        if old in text:
            text = text.replace(old, new)
    return text


def _nfc(text: str) -> str:
    """NFC-composed text; LaTeX ``{\\'\\i}`` converts to a dotless i plus an accent, which means 'í'."""
    return unicodedata.normalize(
        "NFC", text.replace("\u0131\u0301", "\u00ed").replace("\u0131\u0300", "\u00ec")
    )


def _dash_name(m: re.Match[str]) -> str:
    return re.sub(r"[ \xa0]+", "-", m.group(1)) + m.group(2)


def _parse(parser: Any, chunk: str) -> list[dict[str, str]]:
    before = len(parser.bib_database.entries)
    try:
        parser.parse(chunk, partial=False)
    except Exception:  # noqa: BLE001 - pyparsing raises many kinds; the caller turns this into a Reject
        del parser.bib_database.entries[before:]
        return []
    new = parser.bib_database.entries[before:]
    del parser.bib_database.entries[before:]
    return new


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
    extra["dialect"] = "wos" if wos else "scopus" if entry.get("source") == "Scopus" else "bibtex"
    names = split_authors((entry.get("author") or "").replace("{", "").replace("}", ""))
    authors: list[Author] = [a for n in names if (a := make_author(n)) is not None]
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
    doi_raw = _value(entry, "doi")
    doi = normalize_doi(doi_raw)
    if doi_raw and not doi:
        extra["invalid_doi"] = doi_raw
    if wos:
        keywords = _split(entry.get("keywords"), ";")
        if kp := _split(entry.get("keywords-plus"), ";"):
            extra["keywords_plus"] = kp
        refs = [
            parse_cited_reference(r) for r in (entry.get("cited-references") or "").split("\n") if r.strip()
        ]
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


def scopus_reference(raw: str) -> Reference:
    """A Reference from one Scopus free-text reference: DOI when it carries one, year from ``(2010)``.

    >>> r = scopus_reference("Roy, B., The outranking approach (1991) Theory Decis, 31, pp. 49-73")
    >>> r.year, r.doi
    (1991, None)
    >>> scopus_reference("Kang W., Proc. IEEE, 104, (2016), https://doi.org/10.1109/JPROC.2016.2591578").doi
    '10.1109/jproc.2016.2591578'
    """
    raw = raw.strip()
    doi = normalize_doi(raw) if "10." in raw else None
    m = _SCOPUS_YEAR.search(raw)
    return Reference(raw=raw, doi=doi, year=int(m.group(1)) if m else None)
