"""Web of Science exports: "Tab-delimited" and "Plain text" (tagged) — one reader, :func:`read_wos`.

Both carry the same two-letter field tags (``TI`` title, ``AU``/``AF`` authors, ``CR`` cited references, …).
The tab-delimited export has one header line of tags and one line per record; the plain-text export has one
tag per line (``AU Smith, J``), continuation lines indented by three spaces and ``ER`` closing each record.
:func:`read_wos` looks at the first line of the file to tell which one it has.

Mapping: ``TI`` title (required), ``AB`` abstract, ``AF`` (full names, preferred) or ``AU`` authors with
ORCIDs from ``OI``/``RI`` attached by name, ``PY``/``PD`` date (precision year, month or day; ``EA`` early
access date when ``PY`` is empty), ``SO`` venue, ``DI`` DOI, ``DE`` author keywords, ``ID`` Keywords Plus
(``extra["keywords_plus"]``), ``WC`` categories, ``CR`` cited references, ``TC`` citation count, ``DT``
document type, ``LA`` language, ``UT`` WoS id (``extra["wos_id"]``).

>>> ref = parse_cited_reference("Afzal M, 2014, PUBLIC CHOICE, V161, P51, DOI 10.1007/s11127-013-0126-2")
>>> ref.doi, ref.year
('10.1007/s11127-013-0126-2', 2014)
>>> parse_cited_reference("Lee K, 2017, MEDICINE, V96, DOI [10.1097/MD.0000000000006157, 10.1097/md.1]").doi
'10.1097/md.0000000000006157'
>>> parse_wos_date("2020", "NOV 25")
PaperDate(year=2020, month=11, day=25, precision='day', year_assumed=False, note=None)
>>> parse_wos_date("2020", "JUL-DEC").precision
'year'
>>> sniff("PT\\tAU\\tTI\\tSO\\tUT\\n", "x.txt"), sniff("FN Clarivate Analytics Web of Science\\nVR 1.0\\nPT J\\n", "x.txt")
(True, True)
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..model import Author, Paper, PaperDate, Provenance, Reference, Reject, normalize_doi, normalize_name
from ._text import clean, make_author, open_text, to_int, year_of

__all__ = ["read_wos", "sniff", "parse_cited_reference", "parse_wos_date", "paper_from_tags"]

FORMAT = "wos"
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
# Tags whose plain-text continuation lines are separate items (joined with "; " like the tab export does).
_LIST_TAGS = frozenset({"AU", "AF", "CR", "C1", "BA", "BF", "CA", "GP", "BE"})
_HEADER_TAGS = frozenset({"FN", "VR", "EF"})
_DOI_IN_REF = re.compile(r"\bDOI\s+(?:DOI\s+)?(\[[^\]]*\]?|\S+)", re.I)
_REF_YEAR = re.compile(r"[^,]*,\s*([12]\d{3})\s*(?:,|$)")
_SEASONS = frozenset({"SPR", "SUM", "FAL", "AUT", "WIN", "WINTER", "SPRING", "SUMMER", "FALL"})


def sniff(head: str, name: str) -> bool:
    """True for a WoS tab-delimited header (tags ``PT``, ``TI``/``AU``, ``UT``) or a plain-text export."""
    head = head.lstrip("\ufeff")
    first = head.split("\n", 1)[0].rstrip("\r")
    if "\t" in first:
        cols = set(first.split("\t"))
        return "PT" in cols and "UT" in cols and bool(cols & {"TI", "AU"})
    lines = head.splitlines()[:40]
    if not lines or not re.match(r"^(FN |VR |PT )", lines[0]):
        return False
    tags = {ln[:2] for ln in lines if _TAG_LINE.match(ln)}
    return bool(tags & {"TI", "AU", "UT", "ER", "PT"}) and (
        "FN" in tags or {"PT", "TI"} <= tags or "AU" in tags
    )


def read_wos(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per record of a WoS tab-delimited or plain-text export (``.gz`` too)."""
    name = str(source)
    with open_text(source) as fh:
        first = fh.readline()
        if not first.strip():
            raise ParseError(
                "the file is empty or starts with a blank line, so it is not a Web of Science export",
                file=name,
                line=1,
                hint="export from Web of Science as 'Tab-delimited' or 'Plain text'",
            )
        if "\t" in first:
            yield from _read_tabbed(fh, first, name)
        elif _TAG_LINE.match(first.rstrip("\r\n")):
            yield from _read_plain(fh, first, name)
        else:
            raise ParseError(
                f"first line is neither a tab-separated tag header nor a tagged line: {first[:60]!r}",
                file=name,
                line=1,
                hint="export from Web of Science as 'Tab-delimited' or 'Plain text', or pass the right format",
            )


# ------------------------------------------------------------------------------------------ the two layouts


def _read_tabbed(fh: Any, first: str, name: str) -> Iterator[Paper | Reject]:
    header = [h.strip().lstrip("\ufeff") for h in first.rstrip("\r\n").split("\t")]
    while header and header[-1] == "":
        header.pop()
    if "TI" not in header:
        raise ParseError(
            f"the tab-separated header has no TI (title) column; columns: {', '.join(header[:30])}",
            file=name,
            line=1,
            hint="export the full record from Web of Science (Tab-delimited), or use format='csv' with a mapping",
        )
    width = len(header)
    reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
    record = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:  # e.g. a field over the csv module's size limit
            record += 1
            yield Reject(
                name,
                record,
                f"the line cannot be split into fields ({e})",
                line=reader.line_num + 1,
                format=FORMAT,
            )
            continue
        line = reader.line_num + 1  # the header was read before the csv reader started
        if not any(cell.strip() for cell in row):
            continue
        record += 1
        if len(row) > width and not any(c.strip() for c in row[width:]):
            row = row[:width]
        if len(row) != width:
            yield Reject(
                name,
                record,
                f"has {len(row)} tab-separated fields but the header has {width} (a broken line or a stray tab)",
                line=line,
                format=FORMAT,
                snippet="\t".join(row)[:120],
            )
            continue
        yield paper_from_tags(dict(zip(header, row, strict=True)), name, record, line)


def _read_plain(fh: Any, first: str, name: str) -> Iterator[Paper | Reject]:
    record = 0
    tags: dict[str, list[str]] | None = None
    start = 0
    last: str | None = None
    stray_start: int | None = None
    stray_text = ""

    def finish() -> Paper | Reject:
        assert tags is not None
        joined = {t: ("; " if t in _LIST_TAGS else " ").join(v) for t, v in tags.items()}
        return paper_from_tags(joined, name, record, start)

    lines = iter([first])
    lineno = 0
    for source in (lines, fh):
        for raw in source:
            lineno += 1
            text = raw.rstrip("\r\n")
            m = _TAG_LINE.match(text)
            tag = m.group(1) if m else None
            if tags is None:
                if tag is None:
                    if text.strip() and stray_start is None:
                        stray_start, stray_text = lineno, text
                    continue
                if stray_start is not None:
                    record += 1
                    yield _stray(name, record, stray_start, stray_text)
                    stray_start = None
                if tag in _HEADER_TAGS or tag == "ER":
                    continue
                record += 1
                tags, start, last = {}, lineno, None
            if tag == "ER":
                yield finish()
                tags = None
                continue
            if tag == "PT" and tags:
                # a new record begins before the previous one was closed by ER
                yield finish()
                record += 1
                tags, start, last = {}, lineno, None
            if tag is not None and tag not in _HEADER_TAGS:
                last = tag
                tags.setdefault(tag, []).append((m.group(2) or "").strip())
            elif text.strip() and last is not None:
                tags[last].append(text.strip())
            elif text.strip() and last is None:
                last = "??"
                tags.setdefault("??", []).append(text.strip())
    if tags is not None:
        yield finish()
    elif stray_start is not None:
        record += 1
        yield _stray(name, record, stray_start, stray_text)


def _stray(name: str, record: int, line: int, text: str) -> Reject:
    return Reject(
        name,
        record,
        "text outside a record (not a 'XX value' tag line between PT and ER)",
        line=line,
        format=FORMAT,
        snippet=text[:120],
    )


# ---------------------------------------------------------------------------------------------- one record


def paper_from_tags(tags: dict[str, str], file: str, record: int, line: int | None) -> Paper | Reject:
    """Build a Paper (or a Reject) from one WoS record given as ``{tag: text}`` (list tags ``"; "``-joined)."""
    title = clean(tags.get("TI"))
    if not title:
        return Reject(
            file,
            record,
            "record has no title (TI is empty or missing)",
            field="TI",
            line=line,
            format=FORMAT,
            snippet=(clean(tags.get("UT")) or clean(tags.get("AU")) or "")[:120] or None,
        )
    extra: dict[str, Any] = {}
    authors = _authors(tags)
    short = _split(tags.get("AU"))
    if short and tags.get("AF"):
        extra["authors_short"] = short
    date = parse_wos_date(tags.get("PY"), tags.get("PD"))
    if date is None and (ea := clean(tags.get("EA"))):
        date = parse_wos_date(None, ea)
        if date is not None:
            extra["date_source"] = "EA (early access)"
    doi_raw = clean(tags.get("DI"))
    doi = normalize_doi(doi_raw)
    if doi_raw and not doi:
        extra["invalid_doi"] = doi_raw
    refs = [parse_cited_reference(r) for r in _split(tags.get("CR"))]
    for tag, key in (
        ("UT", "wos_id"),
        ("Z9", "times_cited_all"),
        ("NR", "reference_count"),
        ("PT", "pub_type"),
    ):
        if value := clean(tags.get(tag)):
            extra[key] = to_int(value) if tag in ("Z9", "NR") else value
    if kp := _split(tags.get("ID")):
        extra["keywords_plus"] = kp
    if sc := _split(tags.get("SC")):
        extra["research_areas"] = sc
    if "??" in tags:
        extra["untagged_text"] = tags["??"]
    return Paper.create(
        title=title,
        abstract=clean(tags.get("AB")),
        authors=authors,
        author_count=len(authors) or None,
        date=date,
        venue=clean(tags.get("SO")),
        doi=doi,
        references=refs,
        keywords=_split(tags.get("DE")),
        categories=_split(tags.get("WC")),
        citation_count=to_int(clean(tags.get("TC"))),
        language=clean(tags.get("LA")),
        doc_type=clean(tags.get("DT")),
        provenance=[Provenance(file, record, line, FORMAT)],
        extra=extra,
    )


def _split(value: str | None, sep: str = ";") -> list[str]:
    """Non-empty, whitespace-collapsed parts of a separated list (fast: no regex)."""
    if not value:
        return []
    return [" ".join(part.split()) for part in value.split(sep) if part and not part.isspace()]


def _authors(tags: dict[str, str]) -> list[Author]:
    names = _split(tags.get("AF")) or _split(tags.get("AU"))
    authors = [a for n in names if (a := make_author(n)) is not None]
    if not authors:
        return authors
    ids = _person_ids(tags.get("OI")) + _person_ids(tags.get("RI"))
    if not ids:
        return authors
    by_key: dict[str, list[Author]] = {}
    by_family: dict[str, list[Author]] = {}
    for a in authors:
        by_key.setdefault(normalize_name(a.raw), []).append(a)
        by_family.setdefault(normalize_name(a.family), []).append(a)
    for person, orcid in ids:
        if not orcid:
            continue
        match = by_key.get(normalize_name(person))
        if not match:  # same family name and initial, if that picks exactly one author
            fam, _, given = person.partition(",")
            cands = [
                a
                for a in by_family.get(normalize_name(fam), [])
                if given.strip()[:1].lower() == (a.given or "")[:1].lower()
            ]
            match = cands if len(cands) == 1 else None
        if match and len(match) == 1 and match[0].orcid is None:
            match[0].orcid = orcid
    return authors


def _person_ids(value: str | None) -> list[tuple[str, str | None]]:
    """``[(name, orcid)]`` from ``"Name, Given/0000-0002-...; Name2/AAK-7021-2020"`` (non-ORCID ids -> None)."""
    from ..model import normalize_orcid

    out = []
    for part in _split(value):
        person, sep, ident = part.rpartition("/")
        if sep:
            out.append((person.strip(), normalize_orcid(ident)))
    return out


def parse_wos_date(py: str | None, pd: str | None) -> PaperDate | None:
    """Date from ``PY`` (year) and ``PD`` ('NOV 25', 'MAY', 'JUL-DEC', 'SPR', '2019', 'MAY 2022')."""
    year = year_of(py)
    pd_text = (clean(pd) or "").upper()
    if year is None:
        year = year_of(pd_text)
    if year is None:
        return None
    month = day = None
    tokens = re.findall(r"[A-Z]+|\d+", pd_text)
    if tokens and tokens[0].isalpha() and "-" not in pd_text.split(" ")[0] and tokens[0] not in _SEASONS:
        month = PaperDate.month_number(tokens[0]) if len(tokens[0]) >= 3 else None
        if (
            month
            and len(tokens) > 1
            and tokens[1].isdigit()
            and len(tokens[1]) <= 2
            and 1 <= int(tokens[1]) <= 31
        ):
            day = int(tokens[1])
    if month is None:
        return PaperDate(year)
    return PaperDate(year, month, day, "day" if day else "month")


def parse_cited_reference(raw: str) -> Reference:
    """A :class:`Reference` from one WoS cited-reference string (``Author, Year, Source, V, P, DOI x``)."""
    raw = raw.strip()
    doi = None
    if "DOI" in raw or "doi" in raw:
        if raw.endswith("."):  # the WoS BibTeX export ends every cited reference with a full stop
            raw = raw[:-1]
        m = _DOI_IN_REF.search(raw)
        if m:
            for cand in m.group(1).strip("[]").split(","):
                if d := normalize_doi(cand.replace("DOI ", "")):
                    doi = d
                    break
    m = _REF_YEAR.match(raw)
    return Reference(raw=raw, doi=doi, year=int(m.group(1)) if m else None)
