"""Web of Science exports: "Tab-delimited" and "Plain text" (tagged) — one reader, :func:`read_wos`.

Both carry the same two-letter field tags (``TI`` title, ``AU``/``AF`` authors, ``CR`` cited references, …).
The tab-delimited export has one header line of tags and one line per record; the plain-text export has one
tag per line (``AU Smith, J``), continuation lines indented by three spaces and ``ER`` closing each record.
:func:`read_wos` looks at the first line of the file to tell which one it has.

Mapping: ``TI`` title (required), ``AB`` abstract, ``AF`` (full names, preferred) or ``AU`` authors with
ORCIDs from ``OI``/``RI`` attached by name, ``PY``/``PD`` date (precision year, month or day; ``EA`` early
access date when ``PY`` is empty), ``SO`` venue, ``DI`` DOI, ``DE`` author keywords, ``ID`` Keywords Plus
(``extra["keywords_plus"]``), ``WC`` categories, ``CR`` cited references, ``TC`` citation count, ``DT``
document type, ``C1`` addresses (``affiliations``, with the bracketed author names), ``RP`` the corresponding
author's address (``corresponding``), ``LA`` language, ``UT`` WoS id (``extra["wos_id"]``), ``VL`` volume, ``BP``/``EP``/``AR`` pages
(``extra["volume"]``, ``extra["pages"]``), ``BN`` ISBN (``extra["isbn"]``). A name without a comma is kept as
given (no family / given name guessed).

Cited references: the tab-delimited export separates them with ``"; "`` (a ``;`` inside an item belongs to it:
SICI DOIs such as ``10.1002/(SICI)1097-4547(19991215)58:6<815::AID-JNR8>3.0.CO;2-R``), the plain-text export
puts one per line. Every DOI of a ``DOI [a, b]`` list is kept (:attr:`Reference.alt_dois`). Placeholders
(``[No title captured]``, ``[Anonymous], **NON-TRADITIONAL**``) and fragments that name no work are not cited
works: they are counted in ``extra["unresolvable_references"]`` instead.

Lines end at ``\\n`` only (``\\r\\n`` too), so a stray ``\\r`` inside a field does not split a record.

>>> ref = parse_cited_reference("Afzal M, 2014, PUBLIC CHOICE, V161, P51, DOI 10.1007/s11127-013-0126-2")
>>> ref.doi, ref.year
('10.1007/s11127-013-0126-2', 2014)
>>> ref = parse_cited_reference("Lee K, 2017, MEDICINE, V96, DOI [10.1097/MD.0000000000006157, 10.1097/md.1]")
>>> ref.doi, ref.alt_dois
('10.1097/md.0000000000006157', ('10.1097/md.1',))
>>> [r.doi for r in cited_references(
...     "Adams GA, 2000, BIOSCIENCE, V50, DOI 10.1641/0006-3568(2000)050[1043:BAABTS]2.0.CO;2; "
...     "[No title captured]; Old W, 1990, NATURE")[0]]
['10.1641/0006-3568(2000)050[1043:baabts]2.0.co;2', None]
>>> parse_wos_date("2020", "NOV 25")
PaperDate(year=2020, month=11, day=25, precision='day', year_assumed=False, note=None)
>>> parse_wos_date("2020", "JUL-DEC").precision
'year'
>>> sniff("PT\\tAU\\tTI\\tSO\\tUT\\n", "x.txt"), sniff("FN Clarivate Analytics Web of Science\\nVR 1.0\\nPT J\\n", "x.txt")
(True, True)
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from typing import Any

from .. import model
from ..errors import ParseError
from ..model import Author, Paper, PaperDate, Provenance, Reference, Reject, normalize_doi, normalize_name
from ._affiliations import wos_addresses, wos_reprint
from ._text import clean, make_author, open_text, page_range, to_int, year_of

__all__ = [
    "read_wos",
    "sniff",
    "parse_cited_reference",
    "cited_references",
    "is_placeholder_reference",
    "parse_wos_date",
    "paper_from_tags",
]

FORMAT = "wos"
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
# Tags whose plain-text continuation lines are separate items (joined with "; " like the tab export does;
# CR stays a list: one cited reference per line).
_LIST_TAGS = frozenset({"AU", "AF", "CR", "C1", "BA", "BF", "CA", "GP", "BE"})
_HEADER_TAGS = frozenset({"FN", "VR", "EF"})
# "DOI " at a word boundary (written literal first, the boundary checked behind it: the regex engine then
# jumps to each "DOI" instead of trying every position, 5x faster on cited references)
_DOI_IN_REF = re.compile(r"DOI(?<=\bDOI)\s+(?:DOI\s+)?")
_DOI_LIST_SEP = re.compile(r",\s*(?=(?:DOI\s+)*10\.)")
# what WoS writes where it has no cited work: "[No title captured]", "[Anonymous]", "**NON-TRADITIONAL**", ...
_PLACEHOLDER = re.compile(r"\[(?:anonymous|no title captured)\]|\*\*[^*]*\*\*", re.I)
_NOT_NAMING = re.compile(r"\b(?:[12]\d{3}|[VP]\d+)\b")  # years, volume and page numbers
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# the year after the first comma (possessive quantifiers: giving back characters can never help here, and
# not trying is 3x faster)
_REF_YEAR = re.compile(r"[^,]*+,\s*+([12]\d{3})\s*+(?:,|$)")
# a DOI that normalize_doi returns lower-cased and otherwise unchanged: no whitespace (which it removes or
# stops at), no "&" (HTML entities are decoded), ending in a letter or digit (trailing punctuation and
# unbalanced closing brackets are dropped); tests/readers check the equality on every DOI of the WoS set
_PLAIN_DOI = model._PLAIN_DOI
# _DOI_IN_REF, then (group 1) a plain DOI to the end of the text when there is one: the same match as
# _DOI_IN_REF.search and its _PLAIN_DOI.fullmatch in one call (the optional group cannot move the tag's end:
# backtracking into "\s+(?:DOI\s+)?" leaves a space or a "D" where a DOI would have to start "10.")
_DOI_TAG_PLAIN = re.compile(rf"{_DOI_IN_REF.pattern}(?:({_PLAIN_DOI.pattern})\Z)?")
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
    fh = open_text(source, newline="\n")
    try:
        first = fh.readline()
        if "\r" in first.rstrip("\r\n"):  # old Mac line ends (a lone \r ends every line): read it that way
            fh.close()
            fh = open_text(source)
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
    finally:
        fh.close()


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
    record = 0
    for line, raw in enumerate(fh, start=2):
        text = raw.rstrip("\r\n")
        if not text.strip():  # every field blank (the tabs are whitespace too)
            continue
        row = text.split("\t")
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
        joined: dict[str, str | list[str]] = {
            t: v if t == "CR" else ("; " if t in _LIST_TAGS else " ").join(v) for t, v in tags.items()
        }
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


def paper_from_tags(tags: dict[str, Any], file: str, record: int, line: int | None) -> Paper | Reject:
    """Build a Paper (or a Reject) from one WoS record given as ``{tag: text}`` (list tags ``"; "``-joined;
    ``CR`` may also be a list of cited references, one item each)."""
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
    short = _split(tags.get("AU"))
    authors = _authors(tags, short)
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
    refs, unresolvable = cited_references(tags.get("CR"))
    if unresolvable:
        extra["unresolvable_references"] = len(unresolvable)
    for tag, key in (
        ("UT", "wos_id"),
        ("Z9", "times_cited_all"),
        ("NR", "reference_count"),
        ("PT", "pub_type"),
        ("VL", "volume"),
        ("BN", "isbn"),
    ):
        if value := clean(tags.get(tag)):
            extra[key] = to_int(value) if tag in ("Z9", "NR") else value
    if pages := _pages(tags):
        extra["pages"] = pages
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
        affiliations=wos_addresses(tags.get("C1")),
        corresponding=wos_reprint(tags.get("RP")),
        provenance=[Provenance(file, record, line, FORMAT)],
        extra=extra,
    )


def _split(value: str | None, sep: str = ";") -> list[str]:
    """Non-empty, whitespace-collapsed parts of a separated list (fast: no regex)."""
    if not value:
        return []
    if value.isprintable() and "  " not in value:
        # no whitespace but single spaces (str.isprintable is False for any other): what clean() makes of a
        # part is the part without its spaces at either end
        return [text for part in value.split(sep) if (text := part.strip(" "))]
    return [text for part in value.split(sep) if (text := clean(part))]


def _authors(tags: dict[str, str], short: list[str]) -> list[Author]:
    """The authors of ``AF`` (else of ``AU``, split already: ``short``) with their ORCIDs from ``OI``/``RI``."""
    names = _split(tags.get("AF")) or short
    authors = [a for n in names if (a := make_author(n, guess_order=False)) is not None]
    if not authors:
        return authors
    ids = _person_ids(tags.get("OI")) + _person_ids(tags.get("RI"))
    if not ids:
        return authors
    by_key: dict[str, list[Author]] = {}
    for a in authors:
        by_key.setdefault(_name_key(a.raw), []).append(a)
    by_family: dict[str, list[Author]] | None = None  # made when a name is not found as it is
    for person, orcid in ids:
        if not orcid:
            continue
        match = by_key.get(_name_key(person))
        if not match:  # same family name and initial, if that picks exactly one author
            if by_family is None:
                by_family = {}
                for a in authors:
                    by_family.setdefault(_name_key(a.family), []).append(a)
            fam, _, given = person.partition(",")
            cands = [
                a
                for a in by_family.get(_name_key(fam), [])
                if given.strip()[:1].lower() == (a.given or "")[:1].lower()
            ]
            match = cands if len(cands) == 1 else None
        if match and len(match) == 1 and match[0].orcid is None:
            match[0].orcid = orcid
    return authors


# normalize_name of the names on records with ORCIDs / researcher ids: the same people recur on many records
# (a consortium paper lists a thousand of them), and accent folding is the costly part of reading them
_name_key = functools.lru_cache(maxsize=1 << 16)(normalize_name)


def _person_ids(value: str | None) -> list[tuple[str, str | None]]:
    """``[(name, orcid)]`` from ``"Name, Given/0000-0002-...; Name2/AAK-7021-2020"`` (non-ORCID ids -> None)."""
    out = []
    for part in _split(value):
        person, sep, ident = part.rpartition("/")
        if sep:
            out.append((person.strip(), model.normalize_orcid(ident)))
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


def _pages(tags: dict[str, Any]) -> str | None:
    """'BP-EP', 'BP', or the article number ``AR``."""
    return page_range(clean(tags.get("BP")), clean(tags.get("EP"))) or clean(tags.get("AR"))


def cited_references(value: str | list[str] | None) -> tuple[list[Reference], list[str]]:
    """(references, unresolvable items) of a WoS cited-reference list: ``"; "``-separated text (tab-delimited
    export) or a list of items (plain-text and BibTeX exports: one per line). Placeholders and fragments
    (:func:`is_placeholder_reference`) are not references; they come back as the second list."""
    if not value:
        return [], []
    if isinstance(value, list):
        items, tidy = value, False
    else:
        items = value.split("; ")
        # the items are what clean() makes of them when the text has no whitespace but single spaces
        # (str.isprintable is False for any other) and no item starts or ends with one; an empty item stays
        # empty, skipped below like the None clean() makes of it
        tidy = (
            value.isprintable()
            and "  " not in value
            and " ; " not in value
            and value[0] != " "
            and value[-1] != " "
        )
    refs: list[Reference] = []
    bad: list[str] = []
    for item in items:
        text = item if tidy else clean(item)
        if not text:
            continue
        # (inline, the common case of is_placeholder_reference: a text that starts with two alphabetic
        # characters names something -- they are letters for _LETTERS, and no placeholder or number that it
        # removes can take them: those start with "[", "*", a digit, or "V"/"P" and a digit)
        if (len(text) < 2 or not text[:2].isalpha()) and is_placeholder_reference(text):
            bad.append(text)
        else:
            refs.append(_parse_clean_reference(text))
    return refs, bad


def is_placeholder_reference(text: str) -> bool:
    """True when a cited-reference string names no work: WoS placeholders (``[No title captured]``,
    ``[Anonymous], **NON-TRADITIONAL**``, ``**DROPPED REF**``) or a fragment such as ``2-Z`` -- nothing but
    years, volume/page numbers and punctuation once the placeholders are removed, and no DOI.

    >>> [is_placeholder_reference(t) for t in ("[No title captured]", "[Anonymous], 2020, **DROPPED REF**", "2-Z")]
    [True, True, True]
    >>> [is_placeholder_reference(t) for t in ("[Anonymous], THESIS", "ONU, US", "[No title captured], DOI 10.1/x")]
    [False, False, False]
    """
    if "[" not in text and "*" not in text:
        return _LETTERS.search(text) is None and model.find_doi(text) is None
    rest = _NOT_NAMING.sub(" ", _PLACEHOLDER.sub(" ", text))
    return _LETTERS.search(rest) is None and model.find_doi(text) is None


def parse_cited_reference(raw: str) -> Reference:
    """A :class:`Reference` from one WoS cited-reference string (``Author, Year, Source, V, P, DOI x``); every
    DOI of a ``DOI [a, b]`` list is kept (the first valid one as ``doi``, the others in ``alt_dois``)."""
    return _parse_clean_reference(raw.strip())


def _parse_clean_reference(raw: str) -> Reference:
    """:func:`parse_cited_reference` of a string without surrounding whitespace."""
    doi = None
    alt: tuple[str, ...] = ()
    if "DOI" in raw or "doi" in raw or "10." in raw:
        if raw.endswith("."):  # the WoS BibTeX export ends every cited reference with a full stop
            raw = raw[:-1]
        m = _DOI_TAG_PLAIN.search(raw)
        if m is not None and (plain := m.group(1)) is not None:  # most: what _reference_dois would give
            doi = plain.lower()
        elif dois := _reference_dois(raw, m):
            doi = dois[0]
            if len(dois) > 1:
                alt = tuple(dois[1:])
    m = _REF_YEAR.match(raw)
    year = _year(m.group(1)) if m else None
    # raw, doi, arxiv_id, openalex_id, s2_id, title, year, pmid, pmcid, lens_id, alt_dois: positional, as the
    # keywords cost a tenth of the whole parse (tests/readers/test_fast_paths.py builds them with keywords)
    return Reference(raw, doi, None, None, None, None, year, None, None, None, alt)


# one int object per cited year (years are above the 256 small ints Python shares itself: 8 MB on the WoS set)
_year = functools.lru_cache(maxsize=1 << 12)(int)


def _reference_dois(raw: str, m: re.Match[str] | None) -> list[str]:
    """Every distinct DOI of a cited reference: the DOI field is the last one, a DOI or a ``[a, b, ...]`` list
    (``m``: ``_DOI_IN_REF.search(raw)``, or the ``_DOI_TAG_PLAIN`` match that ends where it does)."""
    if m is None:
        doi = model.find_doi(raw)
        return [doi] if doi else []
    rest = raw[m.end() :].strip()
    if not rest.startswith("["):
        doi = normalize_doi(rest)
        return [doi] if doi else []
    rest = rest[1:]
    if rest.endswith("]") and rest.count("]") > rest.count("["):
        rest = rest[:-1]
    out: list[str] = []
    for part in _DOI_LIST_SEP.split(rest):
        doi = normalize_doi(part)
        if doi and doi not in out:
            out.append(doi)
    return out
