"""Lens.org scholarly works: the CSV export of the web app (:func:`read_lens`) and the JSON layout of the
Scholarly API / bulk export (:func:`read_lens_json`).

**CSV** (columns as in the real export in ../shared/corpora/lens-exports; newer exports add open-access
columns at the end, so no fixed column count is assumed): ``Lens ID`` -> ``lens_id``; ``Title``;
``Date Published`` (ISO day) else ``Publication Year`` -> date; ``Publication Type`` -> doc_type;
``Source Title`` -> venue; ``Author/s`` ("First Last; First Last"; Lens writes a missing given name as the
word ``null``, which is dropped) -> authors; ``Abstract``; ``Fields of Study`` -> categories; ``Keywords``;
``MeSH Terms`` ("Descriptor/qualifier; ...") -> mesh; ``DOI``, ``PMID``, ``PMCID``; ``References`` (Lens IDs)
-> references by Lens id; ``Citing Works Count`` -> citation_count; ``External URL`` (else the first of
``Source URLs``) -> url; ``ISSNs``, ``Publisher``, ``Volume``, ``Issue Number``, ``Start Page``, ``End Page``,
``Chemicals``, ``Funding``, ``Microsoft Academic ID``, ``Citing Patents Count`` -> extra.

**JSON** (``read_lens_json``): a Scholarly API response (``{"data": [...], "total": n}``), a JSON array of
works, one work, or JSON Lines with one work a line (the bulk export). Field names from the Lens API
documentation, "Scholar Response" (https://docs.api.lens.org/response-scholar.html): ``lens_id``, ``title``,
``publication_type``, ``authors`` (``first_name``, ``last_name``, ``initials``, ``collective_name``,
``ids`` [{type: orcid, value}], ``affiliations`` [{name}]), ``external_ids`` [{type: doi|pmid|pmcid|magid|coreid,
value}], ``date_published`` / ``date_published_parts`` / ``year_published``, ``source`` {title, publisher,
issn [{type, value}]}, ``abstract``, ``fields_of_study``, ``keywords``, ``mesh_terms``, ``references``
[{lens_id}], ``scholarly_citations`` [lens ids], ``scholarly_citations_count``, ``volume``, ``issue``,
``start_page``, ``end_page``, ``languages``. The sub-fields of a MeSH term object are not spelled out in that
page; a term given as text ("Descriptor/qualifier") or as an object with ``mesh_heading`` /
``descriptor_name`` (+ ``mesh_id``, ``qualifier_name``) is read. No real JSON export is in ../shared (its
PROVENANCE describes one that was not shipped), so the tests use a hand-made file built from the documented
layout (tests/data/readers_exports/lens_sample.jsonl, marked as such).

Both: a row with neither a title nor an id (Lens ID, DOI, PMID, PMCID) is a Reject; a row with an id but no
title is kept with ``title=""`` and ``extra['missing']=['title']`` (other works cite it by Lens ID). A Lens id
is never the stable id (see :mod:`scholargraph.model`), but it resolves references between Lens records.

>>> lens_author("null Tobler").name, lens_author("Waldo R Tobler").family
('Tobler', 'Tobler')
>>> sniff("\\ufeffLens ID,Title,Date Published,Publication Year\\n", "x.csv"), sniff_json('{"lens_id": "000-1"}', "x.json")
(True, True)
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..model import (
    Author,
    MeshHeading,
    Paper,
    PaperDate,
    Provenance,
    Reference,
    Reject,
    normalize_doi,
    normalize_lens_id,
    normalize_orcid,
)
from ._text import (
    clean,
    json_line_records,
    json_list,
    load_json_or_lines,
    make_author,
    snippet,
    to_int,
    year_of,
)
from .medline import parse_mh
from .tabular import _header, _no_title, _read_table, _require, _split

__all__ = ["read_lens", "read_lens_json", "sniff", "sniff_json", "lens_author"]

FORMAT = "lens"
FORMAT_JSON = "lens-json"


def sniff(head: str, name: str) -> bool:
    """Lens CSV: a header with ``Lens ID`` and ``Title``."""
    cols = set(_header(head))
    return "Lens ID" in cols and "Title" in cols


def sniff_json(head: str, name: str) -> bool:
    """Lens JSON: objects with a ``lens_id`` key."""
    text = head.lstrip("\ufeff").lstrip()
    return text[:1] in ("{", "[") and '"lens_id"' in text


def lens_author(raw: str) -> Author | None:
    """An Author from a Lens CSV name ('First Last'; a leading 'null' stands for a missing given name)."""
    text = clean(re.sub(r"^null\s+", "", raw.strip()))
    return make_author(text) if text else None


def _mesh_term(term: object) -> MeshHeading | None:
    if isinstance(term, str):
        return parse_mh(term) if term.strip("* ") else None
    if not isinstance(term, dict):
        return None
    name = clean(str(term.get("mesh_heading") or term.get("descriptor_name") or term.get("heading") or ""))
    if not name:
        return None
    qual = clean(str(term.get("qualifier_name") or term.get("qualifier") or ""))
    return MeshHeading(name, clean(str(term.get("mesh_id") or "")) or None, False, [qual] if qual else [])


def _finish(fields: dict[str, Any], extra: dict[str, Any], file: str, record: int, line: int | None, fmt: str,
            row: Any, title_field: str) -> Paper | Reject:  # fmt: skip
    """The Paper of one Lens record, or a Reject when it has neither a title nor an id."""
    ids = [fields.get(k) for k in ("lens_id", "doi", "pmid", "pmcid")]
    if not fields.get("title"):
        if not any(ids):
            if isinstance(row, dict) and fmt == FORMAT:
                return _no_title(file, record, line, fmt, title_field, row)
            return Reject(file, record, "record has neither a title nor an id", title_field, line, fmt,
                          snippet(json.dumps(row, ensure_ascii=False)[:300]))  # fmt: skip
        extra["missing"] = ["title"]
    fields["title"] = fields.get("title") or ""
    fields["author_count"] = len(fields.get("authors") or []) or None
    return Paper.create(**fields, provenance=[Provenance(file, record, line, fmt)], extra=extra)


def _extra(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return {k: v for k, v in pairs if v not in (None, "", [])}


# ----------------------------------------------------------------------------------------------------- CSV


def _row(row: dict[str, str], file: str, record: int, line: int) -> Paper | Reject:
    date = PaperDate.parse_iso(clean(row.get("Date Published")))
    year = year_of(row.get("Publication Year"))
    if date is None and year is not None:
        date = PaperDate(year)
    urls = (row.get("Source URLs") or "").split()
    lens_id = normalize_lens_id(row.get("Lens ID"))
    # an id cell may hold several ids ("21010415; 21065698"): the first is the record's, all are kept in extra
    ids = {col: _split(row.get(col)) for col in ("DOI", "PMID", "PMCID")}
    extra = _extra(
        [
            ("issn", _split(row.get("ISSNs"))),
            ("publisher", clean(row.get("Publisher"))),
            ("source_country", clean(row.get("Source Country"))),
            ("volume", clean(row.get("Volume"))),
            ("issue", clean(row.get("Issue Number"))),
            ("start_page", clean(row.get("Start Page"))),
            ("end_page", clean(row.get("End Page"))),
            ("chemicals", _split(row.get("Chemicals"))),
            ("funding", clean(row.get("Funding"))),
            ("mag_id", clean(row.get("Microsoft Academic ID"))),
            ("citing_patents", to_int(row.get("Citing Patents Count"))),
            ("invalid_lens_id", clean(row.get("Lens ID")) if row.get("Lens ID") and not lens_id else None),
            *((f"{col.lower()}s", v) for col, v in ids.items() if len(v) > 1),
        ]
    )
    fields = {
        "title": clean(row.get("Title")),
        "abstract": clean(row.get("Abstract")),
        "authors": [a for n in _split(row.get("Author/s")) if (a := lens_author(n))],
        "date": date,
        "venue": clean(row.get("Source Title")),
        "doi": next(iter(ids["DOI"]), None),
        "pmid": next(iter(ids["PMID"]), None),
        "pmcid": next(iter(ids["PMCID"]), None),
        "lens_id": lens_id,
        "references": [
            Reference(lens_id=r) for x in _split(row.get("References")) if (r := normalize_lens_id(x))
        ],
        "keywords": _split(row.get("Keywords")),
        "categories": _split(row.get("Fields of Study")),
        "mesh": [m for t in _split(row.get("MeSH Terms")) if (m := _mesh_term(t))],
        "citation_count": to_int(row.get("Citing Works Count")),
        "doc_type": clean(row.get("Publication Type")),
        "url": clean(row.get("External URL")) or (urls[0] if urls else None),
    }
    return _finish(fields, extra, file, record, line, FORMAT, row, "Title")


def read_lens(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per row of a Lens.org scholarly CSV export (``.gz`` too)."""
    yield from _read_table(
        source, FORMAT, _row, delimiter=",", check_header=_require(("Lens ID", "Title"), FORMAT, "Lens.org")
    )


# ---------------------------------------------------------------------------------------------------- JSON


def _s(value: object) -> str | None:
    return clean(str(value)) if value is not None and not isinstance(value, dict | list | bool) else None


def _json_author(a: object) -> Author | None:
    if not isinstance(a, dict):
        return None
    first, last = _s(a.get("first_name")) or _s(a.get("initials")), _s(a.get("last_name"))
    orcid = next((normalize_orcid(_s(i.get("value"))) for i in json_list(a.get("ids"))
                  if isinstance(i, dict) and str(i.get("type")).lower() == "orcid"), None)  # fmt: skip
    affs = [n for x in json_list(a.get("affiliations")) if isinstance(x, dict) and (n := _s(x.get("name")))]
    name = f"{first} {last}" if first and last else last or first or _s(a.get("collective_name"))
    if not name:
        return None
    return Author(
        name=name,
        raw=f"{last}, {first}" if first and last else name,
        family=last,
        given=first if last else None,
        orcid=orcid,
        affiliation="; ".join(affs) or None,
    )


def _json_date(work: dict[str, Any]) -> PaperDate | None:
    parts = [to_int(p) for p in json_list(work.get("date_published_parts"))[:3]]
    if parts and parts[0]:
        text = "-".join(f"{p:02d}" for p in parts if p)
        if d := PaperDate.parse_iso(text):
            return d
    if d := PaperDate.parse_iso(_s(work.get("date_published"))):
        return d
    year = to_int(work.get("year_published"))
    return PaperDate(year) if year else None


def work_to_paper(work: Any, file: str, record: int, line: int | None) -> Paper | Reject:
    """One Lens scholarly work object -> Paper or Reject."""
    if not isinstance(work, dict):
        return Reject(
            file, record, f"expected a work object, got {type(work).__name__}", None, line, FORMAT_JSON
        )
    ext: dict[str, str] = {}
    for i in json_list(work.get("external_ids")):
        if isinstance(i, dict) and (v := _s(i.get("value"))):
            ext.setdefault(str(i.get("type") or "").lower(), v)
    source = work.get("source") if isinstance(work.get("source"), dict) else {}
    issn = [v for i in json_list(source.get("issn")) if isinstance(i, dict) and (v := _s(i.get("value")))]
    languages = [x for v in json_list(work.get("languages")) if (x := _s(v))]
    extra = _extra(
        [
            ("issn", issn),
            ("publisher", _s(source.get("publisher"))),
            ("volume", _s(work.get("volume"))),
            ("issue", _s(work.get("issue"))),
            ("start_page", _s(work.get("start_page"))),
            ("end_page", _s(work.get("end_page"))),
            ("mag_id", ext.get("magid")),
            ("core_id", ext.get("coreid")),
            (
                "cited_by_lens",
                [c for x in json_list(work.get("scholarly_citations")) if (c := normalize_lens_id(x))],
            ),
            (
                "supplementary_types",
                [x for v in json_list(work.get("publication_supplementary_type")) if (x := _s(v))],
            ),
        ]
    )
    refs = []
    for r in json_list(work.get("references")):
        rid = normalize_lens_id(r.get("lens_id") if isinstance(r, dict) else r)
        if rid:
            refs.append(Reference(lens_id=rid))
    fields = {
        "title": _s(work.get("title")),
        "abstract": _s(work.get("abstract")),
        "authors": [a for x in json_list(work.get("authors")) if (a := _json_author(x))],
        "date": _json_date(work),
        "venue": _s(source.get("title")),
        "doi": normalize_doi(ext.get("doi")),
        "pmid": ext.get("pmid"),
        "pmcid": ext.get("pmcid"),
        "lens_id": normalize_lens_id(work.get("lens_id")),
        "references": refs,
        "keywords": [x for v in json_list(work.get("keywords")) if (x := _s(v))],
        "categories": [x for v in json_list(work.get("fields_of_study")) if (x := _s(v))],
        "mesh": [m for t in json_list(work.get("mesh_terms")) if (m := _mesh_term(t))],
        "citation_count": to_int(work.get("scholarly_citations_count")),
        "doc_type": _s(work.get("publication_type")),
        "language": languages[0] if languages else None,
    }
    return _finish(fields, extra, file, record, line, FORMAT_JSON, work, "title")


def read_lens_json(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per Lens scholarly work (API response, array, one work, or JSON Lines)."""
    file = str(source)
    lines, data = load_json_or_lines(source, what="Lens JSON")
    if lines:
        yield from json_line_records(source, FORMAT_JSON, work_to_paper)
        return
    if isinstance(data, dict):
        data = data["data"] if isinstance(data.get("data"), list) else [data]
    if not isinstance(data, list):
        raise ParseError(
            f"expected Lens works (an API response, an array or one work), got {type(data).__name__}",
            file=file,
            hint="export Lens scholarly works as JSON",
        )
    for i, work in enumerate(data, start=1):
        yield work_to_paper(work, file, i, None)
