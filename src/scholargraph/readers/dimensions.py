"""Dimensions (app.dimensions.ai) publication exports as CSV: "Export full record" and "Export for bibliometric
mapping".

No redistributable Dimensions export exists (its terms forbid sharing), so this reader is built from the
documented layout and tested on a hand-made file (tests/data/readers_exports/dimensions_sample.csv, marked as
hand-made). Sources for the layout:

* the Dimensions DSL "Publications" field reference (https://docs.dimensions.ai/dsl/datasource-publications.html)
  for what the fields mean (``id`` "pub.…", ``doi``, ``pmid``, ``pmcid``, ``times_cited``, ``mesh_terms``,
  ``date``, ``date_online``, ``date_print``, ``type``, ``reference_ids``);
* the column names and file shape of the web exports as documented by the importers that read them:
  bibliometrix' ``dimensions2df`` (R, github.com/massimoaria/bibliometrix, R/dimensions2df.R: the first line
  is a preamble above the header, "Cited references" entries are split at ``;[`` and their fields at ``|``:
  authors | author ids | source | year | volume | issue | pages | DOI | publication id) and
  A. Goutsmedt, "Extracting and Cleaning Bibliometric Data with R (2): Exploring Dimensions" (2022), which
  describes the two export kinds.

Layout: an optional first line ``About the data: Exported on <date>. Criteria: ...`` (quoted or not) above a
comma-separated header. Columns read (either spelling where Dimensions has two):

* ``Publication ID`` -> ``extra['dimensions_id']``; ``DOI``, ``PMID``, ``PMCID``; ``Title``; ``Abstract``;
* ``Source title`` / ``Source title/Anthology title`` -> venue (``Anthology title`` for a chapter);
* ``Publication Date`` (ISO) else ``PubYear`` -> date; ``Publication Date (online)`` / ``(print)`` -> extra;
* ``Authors`` ("Family, Given; Family, Given") -> authors; ``Authors Affiliations`` /
  ``Authors Affiliations - Name of Research organization`` -> ``extra['affiliations']``;
* ``Publication Type`` / ``Document Type`` -> doc_type (and ``pub_types``); ``MeSH terms`` -> mesh;
  ``Fields of Research (ANZSRC 2020)`` / ``(ANZSRC 2008)`` -> categories; ``Times cited`` -> citation_count;
  ``Dimensions URL`` (else ``Source Linkout``) -> url; ``Volume``, ``Issue``, ``Pagination``, ``Open Access``
  -> extra;
* ``Cited references`` (bibliometric-mapping export) -> references with their DOI, year and a raw text.

A row without a title is a Reject naming the ``Title`` column.

>>> cited_references("[Smith, John; Doe, Jane]|[ur.01; ur.02]|Nature|2001|410|6824|123-125|10.1038/35065000|pub.1001|;[Lee, Ann]||Cell|1999|||1-2||pub.1002|")[0].doi
'10.1038/35065000'
>>> is_preamble('"About the data: Exported on Sep 30, 2024. Criteria: ""graphs"" in title and abstract."')
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

from ..model import Paper, PaperDate, Provenance, Reference, Reject, normalize_doi
from ._text import clean, make_author, to_int, year_of
from .lens import _mesh_term
from .tabular import _header, _no_title, _read_table, _require, _split

__all__ = ["read_dimensions", "sniff", "cited_references", "is_preamble"]

FORMAT = "dimensions"


def is_preamble(line: str) -> bool:
    """True for the 'About the data: Exported on ...' line Dimensions writes above the header."""
    return line.lstrip("\ufeff").lstrip('"').startswith("About the data")


def sniff(head: str, name: str) -> bool:
    """Dimensions CSV: a header (after an optional 'About the data' line) with ``Publication ID`` and ``Title``
    and a Dimensions-only column (``PubYear``, ``Dimensions URL``, ``Times cited``)."""
    text = head.lstrip("\ufeff")
    if is_preamble(text):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    cols = set(_header(text))
    return {"Publication ID", "Title"} <= cols and bool(cols & {"PubYear", "Dimensions URL", "Times cited"})


def cited_references(text: str | None) -> list[Reference]:
    """References of a ``Cited references`` cell: entries split at ``;[``, fields at ``|``."""
    if not text or not text.strip():
        return []
    out = []
    for entry in re.split(r";(?=\[)", text.strip()):
        fields = [f.strip().strip("[]").strip() for f in entry.split("|")]
        fields += [""] * (9 - len(fields))
        authors, _ids, source, year, volume, issue, pages, doi, _pub = fields[:9]
        first = authors.split(";")[0].strip()
        raw = ", ".join(p for p in (first, year, source, f"V{volume}" if volume else "", pages) if p)
        doi_n = normalize_doi(doi)
        if raw or doi_n:
            out.append(Reference(raw=raw or None, doi=doi_n, year=year_of(year)))
    return out


def _col(row: dict[str, str], *names: str) -> str | None:
    return next((c for n in names if (c := clean(row.get(n)))), None)


def _row(row: dict[str, str], file: str, record: int, line: int) -> Paper | Reject:
    title = _col(row, "Title")
    if not title:
        return _no_title(file, record, line, FORMAT, "Title", row)
    date = PaperDate.parse_iso(_col(row, "Publication Date"))
    if date is None and (year := year_of(row.get("PubYear"))) is not None:
        date = PaperDate(year)
    types = [t for t in (_col(row, "Publication Type"), _col(row, "Document Type")) if t]
    extra: dict[str, Any] = {}
    for key, value in (
        ("dimensions_id", _col(row, "Publication ID")),
        ("online_date", _col(row, "Publication Date (online)")),
        ("print_date", _col(row, "Publication Date (print)")),
        ("volume", _col(row, "Volume")),
        ("issue", _col(row, "Issue")),
        ("pages", _col(row, "Pagination")),
        ("open_access", _col(row, "Open Access")),
        (
            "affiliations",
            _col(row, "Authors Affiliations", "Authors Affiliations - Name of Research organization"),
        ),
        (
            "countries",
            _col(
                row,
                "Country of Research organization",
                "Authors Affiliations - Country of Research organization",
            ),
        ),
        ("anthology", _col(row, "Anthology title")),
    ):
        if value:
            extra[key] = value
    authors = [a for n in _split(row.get("Authors")) if (a := make_author(n))]
    return Paper.create(
        title=title,
        abstract=_col(row, "Abstract"),
        authors=authors,
        author_count=len(authors) or None,
        date=date,
        venue=_col(row, "Source title", "Source title/Anthology title", "Source Title", "Anthology title"),
        doi=_col(row, "DOI"),
        pmid=_col(row, "PMID"),
        pmcid=_col(row, "PMCID"),
        references=cited_references(row.get("Cited references")),
        categories=_split(
            _col(
                row,
                "Fields of Research (ANZSRC 2020)",
                "Fields of Research (ANZSRC 2008)",
                "FOR (ANZSRC) Categories",
            )
        ),
        mesh=[m for t in _split(row.get("MeSH terms")) if (m := _mesh_term(t))],
        citation_count=to_int(row.get("Times cited")),
        doc_type=types[-1] if types else None,
        pub_types=types,
        url=_col(row, "Dimensions URL", "Source Linkout"),
        provenance=[Provenance(file, record, line, FORMAT)],
        extra=extra,
    )


def read_dimensions(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per row of a Dimensions publications CSV export (``.gz`` too)."""
    yield from _read_table(
        source,
        FORMAT,
        _row,
        delimiter=",",
        check_header=_require(("Title",), FORMAT, "Dimensions"),
        preamble=is_preamble,
    )
