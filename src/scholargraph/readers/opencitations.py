"""OpenCitations Index / COCI REST API answers (v1 and v2): ``references``, ``citations``, ``citation`` (one OCI)
and ``metadata``. Each answer is a JSON array of flat objects; JSON Lines of such objects (what
``scholargraph fetch opencitations`` writes) are read too.

**Citation rows** (``oci``, ``citing``, ``cited``, ``creation``, ``timespan``, ``journal_sc``, ``author_sc``)
become references between works, following the convention of the OpenAlex reader for works known only by an
id: each row is one record and becomes a *stub Paper of the citing work* -- ``title=""``,
``extra['missing']=['title']``, its ids, ``creation`` as its date -- holding one Reference to the cited work.
:func:`scholargraph.readers.read` then merges the stubs of one citing work (same DOI) into one paper whose
references are all its cited works (the merges are recorded, so ``records == papers + rejects + merged``),
and into the full record of that work when a metadata answer or another source has it. A cited work is a
paper only when it is in the corpus itself; otherwise it stays an unresolved reference ``doi:...``.

Ids: v1 gives bare lower-case DOIs; v2 gives space-separated id lists (``"omid:br/06... doi:10.1108/x
openalex:W... pmid:..."``), of which DOI, PMID and OpenAlex ids are kept (:func:`parse_ids`). A row whose
citing work has no such id (only an OMID) is a Reject naming the field.

**Metadata rows** become Papers: v1 (``doi``, ``title``, ``author`` "Family, Given; ...", ``year``,
``source_title``, ``volume``, ``issue``, ``page``, ``citation_count``, ``reference`` "; "-joined DOIs,
``citation``, ``oa_link``) and v2 (``id`` list, ``title``, ``author`` with ``[orcid:... omid:...]``,
``pub_date``, ``venue`` "Title [issn:...]", ``volume``, ``issue``, ``page``, ``type``, ``publisher``).
``reference`` becomes references; ``citation`` (the DOIs citing the work) goes to ``extra['cited_by']``.
DOI lists are split before each ``10.`` prefix, not on every ";": a SICI DOI such as
``10.1002/(sici)1097-4571(198909)40:5<342::aid-asi7>3.0.co;2-u`` contains one (PROVENANCE quirk).

>>> parse_ids("omid:br/0612058700 doi:10.1108/JD-12-2013-0166 pmid:1234 openalex:W2105149034")
{'omid': 'br/0612058700', 'doi': '10.1108/jd-12-2013-0166', 'pmid': '1234', 'openalex': 'W2105149034'}
>>> split_dois("10.1000/a; 10.1002/(sici)1097-4571(198909)40:5<342::aid-asi7>3.0.co;2-u; 10.2000/b")
['10.1000/a', '10.1002/(sici)1097-4571(198909)40:5<342::aid-asi7>3.0.co;2-u', '10.2000/b']
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
    Paper,
    PaperDate,
    Provenance,
    Reference,
    Reject,
    normalize_doi,
    normalize_openalex_id,
    normalize_orcid,
    normalize_pmid,
)
from ._text import clean, json_line_records, load_json_or_lines, make_author, snippet, to_int

__all__ = ["read_opencitations", "sniff", "parse_ids", "split_dois"]

FORMAT = "opencitations"
_ID = re.compile(r"\b(omid|doi|pmid|pmcid|openalex|issn|isbn|orcid|wikidata|url):(\S+)", re.I)


def sniff(head: str, name: str) -> bool:
    """OpenCitations JSON: objects with ``oci`` + ``citing`` + ``cited``, or metadata rows
    (v1 ``source_title`` + ``citation_count``; v2 an ``id`` list with ``omid:`` and ``pub_date``)."""
    text = head.lstrip("\ufeff").lstrip()
    if text[:1] not in ("{", "["):
        return False
    if '"oci"' in text and '"citing"' in text and '"cited"' in text:
        return True
    if '"source_title"' in text and '"citation_count"' in text:
        return True
    return '"pub_date"' in text and "omid:" in text


def parse_ids(value: object) -> dict[str, str]:
    """``{scheme: id}`` from an OpenCitations id list (first of each scheme; DOI/PMID/OpenAlex normalised).
    A v1 bare DOI counts as ``doi``."""
    text = str(value or "").strip()
    out: dict[str, str] = {}
    if text and not _ID.search(text):
        if d := normalize_doi(text):
            out["doi"] = d
        return out
    for scheme, ident in _ID.findall(text):
        scheme = scheme.lower()
        norm = {
            "doi": normalize_doi,
            "pmid": normalize_pmid,
            "openalex": normalize_openalex_id,
        }.get(scheme, lambda x: x)(ident)
        if norm and scheme not in out:
            out[scheme] = norm
    return out


def split_dois(text: object) -> list[str]:
    """DOIs of a "; "-joined list, split only where the next item starts a DOI (``10.``)."""
    out = []
    for part in re.split(r";\s*(?=10\.\d{4,9}/)", str(text or "")):
        if d := normalize_doi(part.strip()):
            out.append(d)
    return out


def _ref(ids: dict[str, str]) -> Reference:
    return Reference(doi=ids.get("doi"), pmid=ids.get("pmid"), openalex_id=ids.get("openalex"))


def _date(value: object) -> PaperDate | None:
    return PaperDate.parse_iso(clean(str(value))) if value else None


def _row(row: Any, file: str, record: int, line: int | None) -> Paper | Reject:
    def rej(reason: str, fld: str | None) -> Reject:
        return Reject(
            file, record, reason, fld, line, FORMAT, snippet(json.dumps(row, ensure_ascii=False)[:300])
        )

    if not isinstance(row, dict):
        return rej(f"expected an object, got {type(row).__name__}", None)
    if "citing" in row or "cited" in row:
        citing, cited = parse_ids(row.get("citing")), parse_ids(row.get("cited"))
        if not (citing.keys() & {"doi", "pmid", "openalex"}):
            return rej(f"the citing work has no DOI, PMID or OpenAlex id: {row.get('citing')!r}", "citing")
        if not (cited.keys() & {"doi", "pmid", "openalex"}):
            return rej(f"the cited work has no DOI, PMID or OpenAlex id: {row.get('cited')!r}", "cited")
        extra: dict[str, Any] = {"missing": ["title"]}
        if "omid" in citing:
            extra["omid"] = citing["omid"]
        return Paper.create(
            title="",
            date=_date(row.get("creation")),
            doi=citing.get("doi"),
            pmid=citing.get("pmid"),
            openalex_id=citing.get("openalex"),
            references=[_ref(cited)],
            url=f"https://doi.org/{citing['doi']}" if citing.get("doi") else None,
            provenance=[Provenance(file, record, line, FORMAT)],
            extra=extra,
        )
    return _metadata(row, file, record, line, rej)


def _metadata(row: dict[str, Any], file: str, record: int, line: int | None, rej) -> Paper | Reject:
    ids = parse_ids(row.get("id") or row.get("doi"))
    title = clean(str(row.get("title") or "")) or ""
    extra: dict[str, Any] = {}
    if not (ids.keys() & {"doi", "pmid", "openalex"}):
        return rej("metadata row has no DOI, PMID or OpenAlex id", "doi" if "doi" in row else "id")
    if not title:
        extra["missing"] = ["title"]
    venue_raw = clean(str(row.get("venue") or row.get("source_title") or "")) or None
    venue = re.sub(r"\s*\[[^\]]*\]\s*$", "", venue_raw).strip() if venue_raw else None
    for key, value in (
        ("volume", clean(str(row.get("volume") or ""))),
        ("issue", clean(str(row.get("issue") or ""))),
        ("pages", clean(str(row.get("page") or ""))),
        ("publisher", clean(str(row.get("publisher") or ""))),
        ("source_id", clean(str(row.get("source_id") or ""))),
        ("oa_link", clean(str(row.get("oa_link") or ""))),
        ("omid", ids.get("omid")),
        ("cited_by", split_dois(row.get("citation")) or None),
    ):
        if value:
            extra[key] = value
    authors = [a for part in str(row.get("author") or "").split(";") if (a := _author(part))]
    date = _date(row.get("pub_date")) or (PaperDate(y) if (y := to_int(row.get("year"))) else None)
    return Paper.create(
        title=title,
        authors=authors,
        author_count=len(authors) or None,
        date=date,
        venue=venue,
        doi=ids.get("doi"),
        pmid=ids.get("pmid"),
        openalex_id=ids.get("openalex"),
        references=[Reference(doi=d) for d in split_dois(row.get("reference"))],
        citation_count=to_int(row.get("citation_count")),
        doc_type=clean(str(row.get("type") or "")) or None,
        url=f"https://doi.org/{ids['doi']}" if ids.get("doi") else None,
        provenance=[Provenance(file, record, line, FORMAT)],
        extra=extra,
    )


def _author(part: str) -> Author | None:
    """An author of a metadata row: 'Family, Given' (v1) or 'Family, Given [orcid:... omid:...]' (v2)."""
    m = re.match(r"^(.*?)\s*(?:\[([^\]]*)\])?\s*$", part.strip())
    if not m or not m.group(1).strip():
        return None
    orcid = parse_ids(m.group(2)).get("orcid") if m.group(2) else None
    return make_author(m.group(1), orcid=normalize_orcid(orcid))


def read_opencitations(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per OpenCitations row (citation rows as stubs, see the module docs)."""
    file = str(source)
    lines, data = load_json_or_lines(source, what="OpenCitations JSON")
    if lines:
        yield from json_line_records(source, FORMAT, _row)
        return
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ParseError(
            f"expected a JSON array of OpenCitations rows, got {type(data).__name__}",
            file=file,
            hint="expected an answer of the OpenCitations Index API (references, citations, metadata)",
        )
    for i, row in enumerate(data, start=1):
        yield _row(row, file, i, None)
