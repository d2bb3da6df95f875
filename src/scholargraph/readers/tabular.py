"""Tabular exports: Scopus, IEEE Xplore and Springer Link CSV, and generic CSV / JSON Lines with a mapping.

All CSV readers stream the file with the stdlib :mod:`csv` module: one row is one record, blank rows are not
records. A row whose field count differs from the header's, or that the csv module cannot split, becomes a
:class:`~scholargraph.model.Reject` naming its line; a row without a title becomes a Reject naming the title
column.

Generic CSV / JSONL (:func:`read_csv`, :func:`read_jsonl`): ``mapping`` maps a paper field to a column (CSV)
or key (JSONL; ``a.b`` reaches into nested objects). Fields: ``title`` (required), ``abstract``, ``authors``
(``;``-separated text, or a JSON list of names or of objects with ``name``), ``year``, ``date`` (ISO
``YYYY[-MM[-DD]]``), ``doi``, ``venue``, ``keywords`` (``;``-separated or a list), ``references`` (``;``-
separated or a list; DOIs in them are extracted), ``url``, ``synthetic`` (true: a generated record, as the
demo corpus writes; the report then carries a SYNTHETIC banner). Fields the mapping leaves out are looked up by the
common names in :data:`DEFAULT_COLUMNS` (case-insensitive); other columns are ignored. A mapping entry
naming a column the file does not have raises ConfigError listing the columns it has; a file with no title
column raises ParseError listing them. For JSONL the keys of the first object are the "columns".

>>> sniff_scopus('"Authors","Author full names","Title","Year","Source title","DOI","EID"', "x.csv")
True
>>> sniff_csv("id,title,abstract\\n1,A,B\\n", "x.csv"), sniff_csv("PT\\tAU\\tTI\\n", "x.txt")
(True, False)
>>> split_concatenated_names("Vivek K. PallipuramMohammad BhuiyanMelissa C. Smith")
['Vivek K. Pallipuram', 'Mohammad Bhuiyan', 'Melissa C. Smith']
>>> scopus_short_name("Gong B.")
Author(name='B. Gong', raw='Gong B.', family='Gong', given='B.', orcid=None, openalex_id=None, s2_id=None, affiliation=None, scopus_id=None)
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ..errors import ConfigError, ParseError
from ..model import Author, Paper, PaperDate, Provenance, Reference, Reject, find_doi, normalize_doi
from ._affiliations import scopus_affiliations, scopus_correspondence
from ._text import clean, json_loads, make_author, open_text, page_range, to_int, year_of

__all__ = [
    "read_scopus_csv",
    "read_ieee_csv",
    "read_springer_csv",
    "read_csv",
    "read_jsonl",
    "sniff_scopus",
    "sniff_ieee",
    "sniff_springer",
    "sniff_csv",
    "sniff_jsonl",
    "DEFAULT_COLUMNS",
    "split_concatenated_names",
    "scopus_short_name",
    "scopus_reference",
]

#: The column names (lower case) that the generic readers try, in order, for each paper field.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "document title", "item title", "article title", "paper title"),
    "abstract": ("abstract", "summary", "description"),
    "authors": ("authors", "author", "author names", "creators"),
    "year": ("year", "publication year", "pub year", "py"),
    "date": ("date", "publication date", "published", "pub date"),
    "doi": ("doi", "item doi"),
    "venue": ("venue", "journal", "source title", "publication title", "source", "container title"),
    "keywords": ("keywords", "author keywords", "tags"),
    "references": ("references", "cited references"),
    "url": ("url", "link"),
    "volume": ("volume", "journal volume"),
    "first_page": ("start page", "page start", "first page"),
    "last_page": ("end page", "page end", "last page"),
    "pages": ("pages", "page range"),
    "isbn": ("isbn", "isbns"),
    "synthetic": ("synthetic",),
}
_TITLE_COLS = frozenset(DEFAULT_COLUMNS["title"])
_INITIALS = re.compile(r"^(?:[A-Z\u00c0-\u00de][a-z]?\.?-?)+\.?$")
_NAME_JOIN = re.compile(r"(?<=[a-z\u00df-\u00ff\u2019'])(?<!\bMc)(?=[A-Z\u00c0-\u00de])")

Row = dict[str, str]
_IDENTIFYING = ("volume", "first_page", "last_page", "pages", "isbn")  # kept in extra (duplicate checks)
_FIELD_LIMIT = 2**31 - 1  # the largest field size every platform's csv module accepts


# ---------------------------------------------------------------------------------------------------- sniffers


def _header(head: str, delimiter: str | None = None) -> list[str]:
    """The column names of the first line, split at ``delimiter`` (default: the most frequent of ``,``, tab and
    ``;`` -- Excel in many European locales saves "CSV" with ``;``, and some users save tab-separated text)."""
    first = head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if delimiter is None:
        delimiter = _guess_delimiter(first)
    try:
        return [c.strip() for c in next(csv.reader([first], delimiter=delimiter))]
    except (csv.Error, StopIteration):
        return []


def sniff_scopus(head: str, name: str) -> bool:
    """Scopus CSV: a header with ``Title``, ``Source title`` and ``EID`` (or ``Authors`` + ``Link``), separated
    by ``,`` (as exported), ``;`` or tabs (as re-saved by Excel).

    >>> sniff_scopus('\ufeffAuthors;Title;Year;Source title;Link;EID', "scopus.csv")
    True
    """
    cols = set(_header(head))
    return "Title" in cols and "Source title" in cols and ("EID" in cols or {"Authors", "Link"} <= cols)


def sniff_ieee(head: str, name: str) -> bool:
    """IEEE Xplore CSV: a header with ``Document Title`` and ``Publication Title``."""
    cols = set(_header(head))
    return "Document Title" in cols and "Publication Title" in cols


def sniff_springer(head: str, name: str) -> bool:
    """Springer Link CSV: a header with ``Item Title`` and ``Item DOI``."""
    cols = set(_header(head))
    return "Item Title" in cols and "Item DOI" in cols


def sniff_csv(head: str, name: str) -> bool:
    """Generic delimited text (``,``, tab or ``;``) whose header has a title column (see DEFAULT_COLUMNS)."""
    text = head.lstrip("\ufeff")
    if not text or text[0] in "{[<@%#":
        return False
    return bool({c.lower() for c in _header(text)} & _TITLE_COLS)


def sniff_jsonl(head: str, name: str) -> bool:
    """JSON Lines whose first line is an object with a ``title`` key (checked after the specific sniffers)."""
    first = head.lstrip("\ufeff").lstrip().split("\n", 1)[0]
    if not first.startswith("{"):
        return False
    try:
        obj = json_loads(first)
    except ValueError:
        return False
    return isinstance(obj, dict) and any(str(k).lower() in _TITLE_COLS for k in obj)


def _guess_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


# ------------------------------------------------------------------------------------------------- the engine


def _read_table(
    source: str | os.PathLike[str],
    fmt: str,
    build: Callable[[Row, str, int, int], Paper | Reject],
    *,
    delimiter: str | None = None,
    check_header: Callable[[list[str], str], None] | None = None,
    repair: Callable[[list[str], list[str]], list[str] | None] | None = None,
    preamble: Callable[[str], bool] | None = None,
) -> Iterator[Paper | Reject]:
    name = str(source)
    # a row of a hyper-authored paper has fields far longer than the csv module's default limit (131,072
    # characters; real Scopus/WoS address fields reach 72,756): raise it (a process-wide csv setting)
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    with open_text(source) as fh:
        first = fh.readline()
        skipped = 0
        if preamble is not None and preamble(first):  # a line above the header (Dimensions: "About the data")
            first, skipped = fh.readline(), 1
        if not first.strip():
            raise ParseError(
                "the file is empty (no header line)", file=name, line=1 + skipped, hint="export it again"
            )
        delim = delimiter or _guess_delimiter(first)
        try:
            header = [h.strip() for h in next(csv.reader([first], delimiter=delim))]
        except csv.Error as e:
            raise ParseError(
                f"cannot split the header line: {e}", file=name, line=1 + skipped, hint="check quoting"
            ) from None
        while header and header[-1] == "":
            header.pop()
        if check_header is not None:
            check_header(header, name)
        width = len(header)
        reader = csv.reader(fh, delimiter=delim)
        record = 0
        prev = 1 + skipped  # physical lines consumed so far (the preamble and the header)
        errors_in_a_row = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                record += 1
                errors_in_a_row += 1
                yield Reject(
                    name,
                    record,
                    f"the CSV row cannot be split ({e}); a quote is probably unbalanced",
                    line=prev + 1,
                    format=fmt,
                )
                prev = 1 + skipped + reader.line_num
                if errors_in_a_row > 1000:
                    raise ParseError(
                        "too many rows that the csv module cannot split",
                        file=name,
                        line=prev,
                        hint="check that the file is a CSV export with balanced quotes",
                    ) from None
                continue
            errors_in_a_row = 0
            line = prev + 1
            prev = 1 + skipped + reader.line_num
            if not any(c.strip() for c in row):
                continue
            record += 1
            if len(row) > width and not any(c.strip() for c in row[width:]):
                row = row[:width]
            if len(row) != width and repair is not None:
                row = repair(header, row) or row
            if len(row) != width:
                yield Reject(
                    name,
                    record,
                    f"has {len(row)} fields but the header has {width} (a broken line or an unbalanced quote)",
                    line=line,
                    format=fmt,
                    snippet=delim.join(row)[:120],
                )
                continue
            yield build(dict(zip(header, row, strict=True)), name, record, line)


def _no_title(file: str, record: int, line: int, fmt: str, column: str, row: Row) -> Reject:
    snippet = next((v for v in row.values() if v and v.strip()), None)
    return Reject(
        file,
        record,
        "record has no title",
        field=column,
        line=line,
        format=fmt,
        snippet=(snippet or "")[:120] or None,
    )


def _split(value: str | None, sep: str = ";") -> list[str]:
    if not value:
        return []
    return [c for part in value.split(sep) if (c := clean(part))]


def _require(columns: tuple[str, ...], fmt: str, export: str) -> Callable[[list[str], str], None]:
    def check(header: list[str], name: str) -> None:
        missing = [c for c in columns if c not in header]
        if missing:
            raise ParseError(
                f"not a {export} CSV: the header lacks {', '.join(missing)}; columns: {', '.join(header[:40])}",
                file=name,
                line=1,
                hint=f"pass the right format, or use format='csv' with a mapping instead of {fmt!r}",
            )

    return check


# ------------------------------------------------------------------------------------------------------ Scopus


def scopus_short_name(raw: str) -> Author | None:
    """An Author from a Scopus short name ('Gong B.', 'Kalé L.'): family name first, initials last."""
    text = clean(raw)
    if not text:
        return None
    if "," in text:
        return make_author(text)
    parts = text.split(" ")
    if len(parts) > 1 and _INITIALS.match(parts[-1]):
        family, given = " ".join(parts[:-1]), parts[-1]
        return Author(name=f"{given} {family}", raw=raw, family=family, given=given)
    return make_author(text)


def _scopus_authors(row: Row) -> tuple[list[Author], list[str]]:
    full = row.get("Author full names") or ""
    authors: list[Author] = []
    ids: list[str] = []
    if full.strip():
        for part in _split(full):
            m = re.match(r"^(.*?)\s*\((\d+)\)$", part)
            name, sid = (m.group(1), m.group(2)) if m else (part, None)
            if (a := make_author(name)) is not None:
                authors.append(replace(a, scopus_id=sid) if sid else a)
                if sid:
                    ids.append(sid)
        return authors, ids
    short = row.get("Authors") or ""
    if short.strip() in ("[No author name available]", ""):
        return [], _split(row.get("Author(s) ID"))
    names = _split(short) if ";" in short else _split(short, ", ")
    ids = _split(row.get("Author(s) ID"))
    if len(ids) == len(names):  # one id per name, in order (else no name is given an id it may not have)
        authors = [
            replace(a, scopus_id=i) if i.isdigit() else a
            for n, i in zip(names, ids, strict=True)
            if (a := scopus_short_name(n)) is not None
        ]
    else:
        authors = [a for n in names if (a := scopus_short_name(n)) is not None]
    return authors, ids


def _scopus_row(row: Row, file: str, record: int, line: int) -> Paper | Reject:
    title = clean(row.get("Title"))
    if not title:
        return _no_title(file, record, line, "scopus-csv", "Title", row)
    authors, scopus_ids = _scopus_authors(row)
    extra: dict[str, Any] = {}
    if scopus_ids:
        extra["scopus_author_ids"] = scopus_ids
    for col, key in (
        ("EID", "eid"),
        ("Abbreviated Source Title", "source_abbrev"),
        ("Publisher", "publisher"),
        ("ISSN", "issn"),
        ("ISBN", "isbn"),
        ("Volume", "volume"),
        ("Issue", "issue"),
        ("Open Access", "open_access"),
    ):
        if v := clean(row.get(col)):
            extra[key] = v
    if pages := page_range(clean(row.get("Page start")), clean(row.get("Page end"))) or clean(
        row.get("Art. No.")
    ):
        extra["pages"] = pages
    if ik := _split(row.get("Index Keywords")):
        extra["index_keywords"] = ik
    abstract = clean(row.get("Abstract"))
    if abstract and abstract.lower().startswith("[no abstract available"):
        abstract = None
    doi_raw = clean(row.get("DOI"))
    if doi_raw and not normalize_doi(doi_raw):
        extra["invalid_doi"] = doi_raw
    return Paper.create(
        title=title,
        abstract=abstract,
        authors=authors,
        author_count=len(authors) or None,
        year=year_of(row.get("Year")),
        venue=clean(row.get("Source title")),
        doi=doi_raw,
        references=[scopus_reference(r) for r in _split(row.get("References"), "; ")],
        keywords=_split(row.get("Author Keywords")),
        citation_count=to_int(row.get("Cited by")),
        language=clean(row.get("Language of Original Document")),
        doc_type=clean(row.get("Document Type")),
        url=clean(row.get("Link")),
        affiliations=scopus_affiliations(row.get("Affiliations"), row.get("Authors with affiliations")),
        corresponding=scopus_correspondence(row.get("Correspondence Address")),
        provenance=[Provenance(file, record, line, "scopus-csv")],
        extra=extra,
    )


def _scopus_repair(header: list[str], row: list[str]) -> list[str] | None:
    """Scopus writes one header column 'Funding Text 1' but as many cells as the record has funding texts:
    fold the surplus cells into that column when the row then ends with a Scopus EID as it should."""
    extra = len(row) - len(header)
    if extra <= 0 or "Funding Text 1" not in header:
        return None
    i = header.index("Funding Text 1")
    fixed = row[:i] + ["\n".join(row[i : i + extra + 1])] + row[i + extra + 1 :]
    if header[-1] == "EID" and not fixed[-1].startswith("2-s2.0-"):
        return None
    return fixed


def read_scopus_csv(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per row of a Scopus CSV export (``.gz`` too)."""
    yield from _read_table(
        source,
        "scopus-csv",
        _scopus_row,
        delimiter=None,  # ',' as exported; ';' or tabs when re-saved by Excel
        check_header=_require(("Title",), "scopus-csv", "Scopus"),
        repair=_scopus_repair,
    )


# A Scopus reference is 'Authors, Title, Source, Volume, Issue, pp. Pages, (Year)' (CSV exports since about
# 2020) or 'Surname, I., Surname, J., Title (Year) Source, Volume, pp. Pages' (older CSV, RIS and BibTeX).
_REF_YEAR = re.compile(r"\((1[5-9]\d{2}|20\d{2})[a-z]?\)")
_REF_LINK = re.compile(r"[\s.,;]*(?:https?://\S+|(?:doi|DOI):?\s*10\.\S+)[\s.,;]*$")
# initials: 'W.', 'H.J.', 'K.-S.', 'M. D.', 'J-E', 'S.S-L.', 'R F L'; surname words have two letters or more
_INITIALS_RE = r"(?:[A-Z][a-z]?(?:(?:\.[- ]?|[- ])[A-Z][a-z]?){0,3}\.?)"
_NAME_WORDS = r"[^\W\d_][\w'\u2019-]+(?: [^\W\d_][\w'\u2019-]+)*"
_REF_AUTHOR = re.compile(rf"({_NAME_WORDS}) {_INITIALS_RE}|[Ee]t [Aa]l\.?")  # 'Kang W.', 'Evans R F L'
_REF_AUTHORS_OLD = re.compile(rf"(?:[^,()'\u2018]{{1,80}}?, {_INITIALS_RE}(?:, |\s*$)|[Ee]t [Aa]l\.?,? )+")
_REF_NOT_TITLE = re.compile(  # volume, issue, pages, article number
    r"(?:pp?\.\s*\S+|\d[\w\u2013-]*(?: ?\(\S+\))?|[A-Z]?\d+[\w\u2013-]*|Art\.? ?[Nn]o\.? ?\S+|[Pp]art \d+)"
)
_ABBREVIATED = re.compile(r"\b[A-Z][a-z]{0,6}\.(?:\s|$)")  # 'Phys. Rev.', 'Proc. IEEE': a source, not a title


def scopus_reference(raw: str) -> Reference:
    """A Reference from one Scopus free-text reference: its DOI when it carries one, the year ``(2010)``, the
    title and the first author's surname when the string has them (see :func:`scopus_reference_parts`).

    >>> r = scopus_reference("Roy, B., The outranking approach (1991) Theory Decis, 31, pp. 49-73")
    >>> r.year, r.doi, r.title, r.first_author
    (1991, None, 'The outranking approach', 'Roy')
    >>> scopus_reference("Kang W., Proc. IEEE, 104, (2016), https://doi.org/10.1109/JPROC.2016.2591578").doi
    '10.1109/jproc.2016.2591578'
    """
    raw = raw.strip()
    first, title, year = scopus_reference_parts(raw)
    return Reference(raw=raw, doi=find_doi(raw), year=year, title=title, first_author=first)


def scopus_reference_parts(raw: str) -> tuple[str | None, str | None, int | None]:
    """(first author's surname, title, year) of a Scopus reference string; None for what it does not give.

    The title is what stands between the authors and the source; when the source itself holds a comma, the
    title comes back with the source's first part after it (title matching tries the comma-separated prefixes).
    A single part between the authors and the volume is taken for a title unless it is abbreviated like a
    journal name.

    >>> scopus_reference_parts("Hasimoto H., A soliton on a vortex filament, J. Fluid Mech., 51, pp. 477-485, (1972)")
    ('Hasimoto', 'A soliton on a vortex filament', 1972)
    >>> scopus_reference_parts("Petrovic M. D., Mondal P., Quantum spin torque, Phys. Rev. Lett, 126, (2021)")
    ('Petrovic', 'Quantum spin torque', 2021)
    >>> scopus_reference_parts("Kang W., Huang Y., Proc. IEEE, 104, pp. 2040-2061, (2016)")
    ('Kang', None, 2016)
    >>> scopus_reference_parts("Brown W.F., Micromagnetics, (1963)")
    ('Brown', 'Micromagnetics', 1963)
    >>> scopus_reference_parts("Park, K.-S., Park, Y.-P., 'Prospect of recording technologies (2011) IEEE Trans. Magn, 47")
    ('Park', 'Prospect of recording technologies', 2011)
    >>> scopus_reference_parts("Mayergoyz, I.D., (1986) Phys. Rev. Lett., 56, p. 1518")
    ('Mayergoyz', None, 1986)
    >>> scopus_reference_parts("Islam M T, Wang X, Fast reversal, J. Phys, 34, (2021)")[:2]
    ('Islam', 'Fast reversal')
    >>> scopus_reference_parts("Zhang S., Zhang S.S-L., Wegrowe J-E, A generalization, Phys. Rev. Lett., 102, (2009)")[1]
    'A generalization'
    """
    text = raw.strip().rstrip(";").strip()
    while (m := _REF_LINK.search(text)) is not None and m.start() > 0:
        text = text[: m.start()]
    years = list(_REF_YEAR.finditer(text))
    year = int(years[-1].group(1)) if years else None
    if years and text[years[-1].end() :].strip(" .,;"):
        return _old_scopus_reference(text, years[0])
    segments = [s for s in (p.strip() for p in text[: years[-1].start() if years else None].split(", ")) if s]
    first = None
    k = 0
    while k < len(segments) and (m := _REF_AUTHOR.fullmatch(segments[k])) is not None:
        if k == 0:
            first = m.group(1)
        k += 1
    rest = segments[k:] if k else segments
    while rest and _REF_NOT_TITLE.fullmatch(rest[-1]):
        rest.pop()
    if len(rest) >= 2:
        return first, _title_text(", ".join(rest[:-1])), year
    if rest and not _ABBREVIATED.search(rest[0] + " "):
        return first, _title_text(rest[0]), year
    return first, None, year


def _old_scopus_reference(text: str, year_at: re.Match[str]) -> tuple[str | None, str | None, int | None]:
    """'Surname, I., Surname, J., Title (Year) Source...' (a quoted title may also follow the year)."""
    head = text[: year_at.start()].strip()
    m = _REF_AUTHORS_OLD.match(head + " ")
    authors = m.group(0) if m else ""
    first = authors.partition(",")[0].strip() or None
    title = _title_text(head[len(authors) :]) if m else _title_text(head)
    if title is None and (q := re.match(r"\s*['\u2018\"](.+?)['\u2019\"]", text[year_at.end() :])):
        title = _title_text(q.group(1))
    return first, title, int(year_at.group(1))


def _title_text(text: str) -> str | None:
    text = re.sub(r"\[[A-Z]\]$", "", text.strip())  # 'Title[J]' (a Chinese citation style marks the kind)
    return text.strip(" ,.;:'\"\u2018\u2019") or None


# -------------------------------------------------------------------------------------------------------- IEEE


def _ieee_row(row: Row, file: str, record: int, line: int) -> Paper | Reject:
    title = clean(row.get("Document Title"))
    if not title:
        return _no_title(file, record, line, "ieee-csv", "Document Title", row)
    authors = [a for n in _split(row.get("Authors")) if (a := make_author(n)) is not None]
    extra: dict[str, Any] = {}
    if terms := _split(row.get("IEEE Terms")):
        extra["ieee_terms"] = terms
    if inspec := _split(row.get("INSPEC Controlled Terms")):
        extra["inspec_terms"] = inspec
    for col, key in (("Publisher", "publisher"), ("ISSN", "issn"), ("Reference Count", "reference_count")):
        if v := clean(row.get(col)):
            extra[key] = v
    return Paper.create(
        title=title,
        abstract=clean(row.get("Abstract")),
        authors=authors,
        author_count=len(authors) or None,
        year=year_of(row.get("Publication Year")),
        venue=clean(row.get("Publication Title")),
        doi=clean(row.get("DOI")),
        keywords=_split(row.get("Author Keywords")),
        citation_count=to_int(row.get("Article Citation Count")),
        doc_type=clean(row.get("Document Identifier")),
        url=clean(row.get("PDF Link")),
        provenance=[Provenance(file, record, line, "ieee-csv")],
        extra=extra,
    )


def read_ieee_csv(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per row of an IEEE Xplore CSV export."""
    yield from _read_table(
        source,
        "ieee-csv",
        _ieee_row,
        delimiter=None,  # ',' as exported; ';' or tabs when re-saved by Excel
        check_header=_require(("Document Title",), "ieee-csv", "IEEE"),
    )


# ---------------------------------------------------------------------------------------------------- Springer


def split_concatenated_names(text: str | None) -> list[str]:
    """Split Springer's run-together author list ('Ann SmithBob Jones') where a lower-case letter is directly
    followed by a capital. Best effort: a name with an inner capital ('DeVries') is split too, except 'Mc'."""
    if not text or not text.strip():
        return []
    return [c for part in _NAME_JOIN.split(text) if (c := clean(part))]


def _springer_row(row: Row, file: str, record: int, line: int) -> Paper | Reject:
    title = clean(row.get("Item Title"))
    if not title:
        return _no_title(file, record, line, "springer-csv", "Item Title", row)
    raw_authors = clean(row.get("Authors"))
    authors = [a for n in split_concatenated_names(raw_authors) if (a := make_author(n)) is not None]
    extra: dict[str, Any] = {}
    if raw_authors:
        extra["authors_raw"] = raw_authors
        extra["authors_split"] = "heuristic: Springer runs author names together without a separator"
    for col, key in (
        ("Book Series Title", "series"),
        ("Journal Volume", "volume"),
        ("Journal Issue", "issue"),
    ):
        if v := clean(row.get(col)):
            extra[key] = v
    return Paper.create(
        title=title,
        authors=authors,
        author_count=len(authors) or None,
        year=year_of(row.get("Publication Year")),
        venue=clean(row.get("Publication Title")),
        doi=clean(row.get("Item DOI")),
        doc_type=clean(row.get("Content Type")),
        url=clean(row.get("URL")),
        provenance=[Provenance(file, record, line, "springer-csv")],
        extra=extra,
    )


def read_springer_csv(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per row of a Springer Link CSV export."""
    yield from _read_table(
        source,
        "springer-csv",
        _springer_row,
        delimiter=None,  # ',' as exported; ';' or tabs when re-saved by Excel
        check_header=_require(("Item Title",), "springer-csv", "Springer"),
    )


# ----------------------------------------------------------------------------------------- generic CSV / JSONL


def _resolve_mapping(
    mapping: dict[str, str] | None, available: list[str], file: str, what: str
) -> dict[str, str]:
    """field -> column/key actually present. Explicit mapping entries must exist; defaults are looked up."""
    if mapping is not None and not isinstance(mapping, dict):
        raise ConfigError(f"mapping must be a dict of field -> {what}, got {type(mapping).__name__}")
    mapping = dict(mapping or {})
    unknown = sorted(set(mapping) - set(DEFAULT_COLUMNS))
    if unknown:
        raise ConfigError(
            f"mapping has unknown field(s) {', '.join(unknown)}; allowed fields: {', '.join(DEFAULT_COLUMNS)}"
        )
    lower = {c.lower(): c for c in available}
    out: dict[str, str] = {}
    for fld, col in mapping.items():
        found = col if col in available else lower.get(str(col).lower())
        if found is None and what == "key" and "." in str(col):
            found = str(col)  # a nested path: checked per record
        if found is None:
            raise ConfigError(
                f"{file}: mapping['{fld}'] names {what} {col!r}, which is not in the file; "
                f"available {what}s: {', '.join(available)}"
            )
        out[fld] = found
    for fld, names in DEFAULT_COLUMNS.items():
        if fld not in out:
            for n in names:
                if n in lower:
                    out[fld] = lower[n]
                    break
    if "title" not in out:
        raise ParseError(
            f"no title {what} found; available {what}s: {', '.join(available)}",
            file=file,
            line=1,
            field="title",
            hint=f"pass mapping={{'title': '<{what} name>', ...}} (CLI: --mapping title=<{what}>)",
        )
    return out


def _as_list(value: Any, sep: str = ";") -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        out = []
        for v in value:
            if isinstance(v, dict):
                v = v.get("name") or v.get("raw") or v.get("title")
            if c := clean(None if v is None else str(v)):
                out.append(c)
        return out
    return _split(str(value), sep)


def _generic_paper(
    values: dict[str, Any], file: str, record: int, line: int, fmt: str, title_col: str
) -> Paper | Reject:
    title = clean(None if values.get("title") is None else str(values["title"]))
    if not title:
        return Reject(file, record, "record has no title", field=title_col, line=line, format=fmt)
    date = None
    if values.get("date") not in (None, ""):
        date = PaperDate.parse_iso(str(values["date"]))
    year = year_of(values.get("year")) if values.get("year") not in (None, "") else None
    if date is None and year is not None:
        date = PaperDate(year)
    refs = []
    for r in _as_list(values.get("references")):
        refs.append(scopus_reference(r) if "10." in r or "(" in r else Reference(raw=r))
    authors = [a for n in _as_list(values.get("authors")) if (a := make_author(n)) is not None]
    doi_raw = clean(None if values.get("doi") is None else str(values["doi"]))
    extra = {"invalid_doi": doi_raw} if doi_raw and not normalize_doi(doi_raw) else {}
    text = {f: clean(None if values.get(f) is None else str(values[f])) for f in _IDENTIFYING}
    extra.update((f, v) for f in ("volume", "isbn") if (v := text[f]))
    if pages := text["pages"] or page_range(text["first_page"], text["last_page"]):
        extra["pages"] = pages
    if str(values.get("synthetic")).strip().lower() in ("true", "1", "yes"):
        extra["synthetic"] = True  # a generated record (the demo's): the report carries a SYNTHETIC banner
    return Paper.create(
        title=title,
        abstract=clean(None if values.get("abstract") is None else str(values["abstract"])),
        authors=authors,
        author_count=len(authors) or None,
        date=date,
        venue=clean(None if values.get("venue") is None else str(values["venue"])),
        doi=doi_raw,
        references=refs,
        keywords=_as_list(values.get("keywords")),
        url=clean(None if values.get("url") is None else str(values["url"])),
        provenance=[Provenance(file, record, line, fmt)],
        extra=extra,
    )


def read_csv(
    source: str | os.PathLike[str], mapping: dict[str, str] | None = None, delimiter: str | None = None
) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per row of any delimited file with a header.

    ``mapping`` maps paper fields to column names (see the module docstring; unmapped fields use
    :data:`DEFAULT_COLUMNS`); ``delimiter`` defaults to the most frequent of ``,``, tab and ``;`` in the header.
    """
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        raise ConfigError(f"delimiter must be one character such as ',' or '\\t', got {delimiter!r}")
    resolved: dict[str, str] = {}

    def check(header: list[str], name: str) -> None:
        resolved.update(_resolve_mapping(mapping, header, name, "column"))

    def build(row: Row, file: str, record: int, line: int) -> Paper | Reject:
        values = {fld: row.get(col) for fld, col in resolved.items()}
        return _generic_paper(values, file, record, line, "csv", resolved["title"])

    yield from _read_table(source, "csv", build, delimiter=delimiter, check_header=check)


def _lookup(obj: dict[str, Any], key: str) -> Any:
    if key in obj:
        return obj[key]
    cur: Any = obj
    for part in key.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def read_jsonl(
    source: str | os.PathLike[str], mapping: dict[str, str] | None = None
) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per non-blank line of a JSON Lines file (one JSON object a line).

    The keys of the first object decide the default mapping (see :func:`read_csv`); a line that is not a JSON
    object becomes a Reject naming the line.
    """
    name = str(source)
    explicit: dict[str, str] | None = None
    record = 0
    with open_text(source) as fh:
        for lineno, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            record += 1
            try:
                obj = json_loads(text)
            except ValueError as e:
                yield Reject(
                    name, record, f"not valid JSON ({e})", line=lineno, format="jsonl", snippet=text[:120]
                )
                continue
            if not isinstance(obj, dict):
                yield Reject(
                    name,
                    record,
                    f"a JSON {type(obj).__name__}, not an object",
                    line=lineno,
                    format="jsonl",
                    snippet=text[:120],
                )
                continue
            if explicit is None:  # the first object's keys validate the mapping (and that titles exist)
                explicit = {
                    f: k
                    for f, k in _resolve_mapping(mapping, list(map(str, obj)), name, "key").items()
                    if mapping and f in mapping
                }
            resolved = dict(explicit)
            lower = {str(k).lower(): str(k) for k in obj}
            for fld, names in DEFAULT_COLUMNS.items():
                if fld not in resolved:
                    resolved[fld] = next((lower[n] for n in names if n in lower), names[0])
            values = {fld: _lookup(obj, key) for fld, key in resolved.items()}
            yield _generic_paper(values, name, record, lineno, "jsonl", resolved["title"])
    if record == 0:
        raise ParseError("the file has no JSON lines", file=name, hint="one JSON object per line is expected")
