"""RIS exports (Scopus, IEEE Xplore, reference managers): ``TY  - `` … ``ER  - `` records, one tag a line.

A tag line is two characters (a capital letter, then a capital or a digit), two spaces, a dash and the value.
A line that is not a tag line continues the previous tag (Scopus puts one reference a line under ``N1``).
A record starts at ``TY`` and ends at ``ER``; a ``TY`` inside an open record closes it. Tag lines outside a
record are reported as one Reject per run of such lines, so nothing is lost silently. CR, LF and CRLF line
ends are all accepted. A file with tag lines but no ``TY`` line at all is not RIS: ParseError (a MEDLINE /
PubMed ``.nbib`` file, whose ``TI  - `` lines look like RIS, is named as such with the format to use).

Mapping: ``TI``/``T1`` title (required), ``AU``/``A1`` authors, ``AB``/``N2`` abstract, ``PY``/``Y1``/``DA``
date, ``DO`` DOI, ``JO``/``JF``/``T2``/``JA``/``J2`` venue, ``KW`` keywords, ``UR`` url, ``N1`` notes (a note
starting ``References:`` becomes the reference list), ``M3``/``TY`` document type, ``LA`` language,
``SN``/``VL``/``IS``/``SP``/``EP`` in extra.

>>> sniff("TY  - JOUR\\nTI  - A title\\n", "x.ris"), sniff("@article{x,", "x.bib")
(True, False)
>>> parse_ris_date("2019/05/12/").iso(), parse_ris_date("1 Jan.-Feb. 2019").iso(), parse_ris_date("2020///").iso()
('2019-05-12', '2019', '2020')
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..model import Paper, PaperDate, Provenance, Reject, normalize_doi
from ._text import clean, make_author, open_text, read_head, year_of
from .tabular import scopus_reference

__all__ = ["read_ris", "sniff", "parse_ris_date", "TAG_LINE"]

FORMAT = "ris"
TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def sniff(head: str, name: str) -> bool:
    """True when a ``TY  - `` line appears among the first non-blank lines of the head."""
    lines = [ln for ln in head.lstrip("\ufeff").splitlines() if ln.strip()][:5]
    return any(ln.startswith("TY  -") for ln in lines)


def read_ris(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per RIS record (``.gz`` too)."""
    name = str(source)
    from .medline import sniff as looks_like_medline

    if looks_like_medline(read_head(source), name.lower()):
        raise ParseError(
            "this is a MEDLINE / PubMed text file ('PMID- ' lines), not RIS",
            file=name,
            line=1,
            hint="read it as MEDLINE: format='medline' (CLI: --format medline), or leave the format out to detect it",
        )
    record = 0
    opened = 0
    tags: dict[str, list[str]] | None = None
    start = 0
    last: str | None = None
    orphan: int | None = None
    orphan_text = ""
    seen_tag = False
    with open_text(source) as fh:
        lineno = 0
        for raw in fh:
            lineno += 1
            text = raw.rstrip("\r\n")
            m = TAG_LINE.match(text)
            tag = m.group(1) if m else None
            value = (m.group(2) or "").strip() if m else text.strip()
            seen_tag = seen_tag or tag is not None
            if tag == "TY":
                if orphan is not None:
                    record += 1
                    yield _orphan(name, record, orphan, orphan_text)
                    orphan = None
                if tags is not None:  # previous record not closed by ER
                    yield _paper(tags, name, record, start, closed=False)
                record += 1
                opened += 1
                tags, start, last = {"TY": [value]}, lineno, "TY"
                continue
            if tags is None:
                if tag is not None and tag != "ER" and orphan is None:
                    orphan, orphan_text = lineno, text
                continue
            if tag == "ER":
                yield _paper(tags, name, record, start, closed=True)
                tags, last = None, None
                continue
            if tag is not None:
                tags.setdefault(tag, []).append(value)
                last = tag
            elif value and last is not None:
                tags[last][-1] = f"{tags[last][-1]}\n{value}" if tags[last][-1] else value
    if tags is not None:
        yield _paper(tags, name, record, start, closed=False)
    if seen_tag and not opened:
        raise ParseError(
            "tag lines ('XX  - value') but no record: no line starts one with 'TY  - '",
            file=name,
            line=orphan,
            hint="check that this is an RIS export (every record starts with 'TY  - ' and ends with 'ER  - '); "
            "a MEDLINE/PubMed file is format='medline'",
        )
    if orphan is not None:
        record += 1
        yield _orphan(name, record, orphan, orphan_text)
    if not seen_tag:
        raise ParseError(
            "no RIS tag line ('XX  - value') found",
            file=name,
            line=1,
            hint="check that this is an RIS export; every record starts with 'TY  - ' and ends with 'ER  - '",
        )


def _orphan(name: str, record: int, line: int, text: str) -> Reject:
    return Reject(
        name,
        record,
        "tag lines outside a record (no 'TY  - ' line opened a record before them)",
        field=text[:2],
        line=line,
        format=FORMAT,
        snippet=text[:120],
    )


def _first(tags: dict[str, list[str]], *names: str) -> str | None:
    for n in names:
        for v in tags.get(n, []):
            if c := clean(v):
                return c
    return None


def _paper(tags: dict[str, list[str]], file: str, record: int, line: int, *, closed: bool) -> Paper | Reject:
    title = _first(tags, "TI", "T1", "CT", "BT")
    if not title:
        return Reject(
            file,
            record,
            "record has no title (no TI or T1 line)"
            + ("" if closed else "; the record also has no 'ER  - ' end"),
            field="TI",
            line=line,
            format=FORMAT,
            snippet=(_first(tags, "AU", "DO", "TY") or "")[:120] or None,
        )
    extra: dict[str, Any] = {}
    if not closed:
        extra["warning"] = "record not closed by 'ER  - ' (file truncated or a line lost)"
    names = [a for n in tags.get("AU", []) + tags.get("A1", []) for a in n.split("\n")]
    authors = []
    seen = set()
    for n in names:  # IEEE's RIS repeats every author; keep the first of exact repeats
        if n.strip() and n.strip() not in seen and (a := make_author(n)) is not None:
            seen.add(n.strip())
            authors.append(a)
    date = None
    for tag in ("DA", "PY", "Y1"):
        if (d := parse_ris_date(_first(tags, tag))) is not None and (date is None or _finer(d, date)):
            date = d if date is None or d.year == date.year else date
    doi_raw = _first(tags, "DO")
    doi = normalize_doi(doi_raw)
    if doi_raw and not doi:
        extra["invalid_doi"] = doi_raw
    refs = []
    notes = []
    for note in tags.get("N1", []):
        if note.startswith("References:"):
            body = note[len("References:") :]
            parts = body.split(";\n") if ";\n" in body else body.split("; ")
            refs.extend(scopus_reference(p) for p in parts if p.strip().strip(";"))
        elif c := clean(note):
            notes.append(c)
    if notes:
        extra["notes"] = notes
    for tag, key in (
        ("SN", "issn"),
        ("VL", "volume"),
        ("IS", "issue"),
        ("SP", "start_page"),
        ("EP", "end_page"),
    ):
        if v := _first(tags, tag):
            extra[key] = v
    keywords = [c for kw in tags.get("KW", []) for k in kw.split("\n") if (c := clean(k))]
    return Paper.create(
        title=title,
        abstract=_first(tags, "AB", "N2"),
        authors=authors,
        author_count=len(authors) or None,
        date=date,
        venue=_first(tags, "JO", "JF", "T2", "JA", "J2", "T3"),
        doi=doi,
        references=refs,
        keywords=keywords,
        language=_first(tags, "LA"),
        doc_type=_first(tags, "M3", "TY"),
        url=_first(tags, "UR"),
        provenance=[Provenance(file, record, line, FORMAT)],
        extra=extra,
    )


_RANK = {"year": 0, "month": 1, "month-day": 1, "day": 2}


def _finer(a: PaperDate, b: PaperDate) -> bool:
    return _RANK[a.precision] > _RANK[b.precision]


def parse_ris_date(text: str | None) -> PaperDate | None:
    """Date from RIS ``PY``/``DA``/``Y1`` text: 'YYYY', 'YYYY/MM/DD/other', 'YYYY///', '1 Jan.-Feb. 2019'."""
    if not text:
        return None
    m = re.match(r"\s*(\d{4})(?:[/-](\d{1,2})?)?(?:[/-](\d{1,2})?)?", text)
    if m:
        y, mo, d = (int(g) if g else None for g in m.groups())
        if mo is not None and not 1 <= mo <= 12:
            mo, d = None, None
        if d is not None and not 1 <= d <= 31:
            d = None
        if mo is None:
            return PaperDate(y)
        return PaperDate(y, mo, d, "day" if d else "month")
    year = year_of(text)
    return PaperDate(year) if year is not None else None
