"""unarXive: arXiv full text with linked references, JSON Lines (usually gzipped), one paper per line.

Read: ``metadata`` (arXiv id, title, authors — from ``authors_parsed`` when present, else the one-string
``authors`` split on commas and "and" —, abstract, DOI, categories, journal-ref, license), the date of the
first version (``versions[0].created``, day precision; ``update_date`` otherwise), and ``bib_entries`` as
References carrying their OpenAlex / arXiv / DOI ids and the raw citation string. Body text is not kept.

>>> split_authors("A. Smith, B. Jones and C. Doe")
['A. Smith', 'B. Jones', 'C. Doe']
>>> first_version_date([{"version": "v1", "created": "Thu, 22 Dec 2022 17:01:56 GMT"}])
PaperDate(year=2022, month=12, day=22, precision='day', year_assumed=False, note=None)
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from typing import Any

from ..model import Author, Paper, PaperDate, Provenance, Reference, Reject, normalize_arxiv_id, normalize_doi
from ._text import clean, iter_json_lines, json_list, make_author, snippet

__all__ = ["read_unarxive", "sniff", "split_authors", "first_version_date"]

FORMAT = "unarxive"


def sniff(head: str, name: str) -> bool:
    """unarXive records start with ``paper_id`` and the source hashes / metadata keys."""
    return (
        head.lstrip().startswith("{")
        and '"paper_id"' in head
        and ('"_source_name"' in head or '"bib_entries"' in head)
    )


def split_authors(text: str | None) -> list[str]:
    """Names from arXiv's one-string author list ('A, B and C')."""
    if not text:
        return []
    parts = re.split(r",\s*|\s+and\s+", clean(text) or "")
    return [p.strip() for p in parts if p.strip()]


def first_version_date(versions: object) -> PaperDate | None:
    """Day-precision date of the first version from arXiv's ``versions`` list (RFC 2822 'created')."""
    if not isinstance(versions, list) or not versions or not isinstance(versions[0], dict):
        return None
    created = versions[0].get("created")
    if not isinstance(created, str):
        return None
    try:
        dt = parsedate_to_datetime(created)
    except (TypeError, ValueError, IndexError):
        return None
    return PaperDate(dt.year, dt.month, dt.day, "day")


def read_unarxive(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Read unarXive JSON Lines: one Paper (or Reject) per line."""
    file = str(source)
    for i, (line, obj, error) in enumerate(iter_json_lines(source), start=1):
        if error is not None:
            yield Reject(file, i, error, None, line, FORMAT, None)
            continue
        yield record_to_paper(obj, file, i, line)


def record_to_paper(obj: Any, file: str, record: int, line: int | None) -> Paper | Reject:
    """One unarXive record -> Paper, or a Reject naming the field that is wrong."""

    def rej(reason: str, fld: str | None) -> Reject:
        return Reject(file, record, reason, fld, line, FORMAT, snippet(json.dumps(obj)[:300]))

    if not isinstance(obj, dict):
        return rej(f"expected a JSON object, got {type(obj).__name__}", None)
    meta = obj.get("metadata")
    if not isinstance(meta, dict):
        return rej("record has no 'metadata' object", "metadata")
    arxiv_id = normalize_arxiv_id(_s(meta.get("id")) or _s(obj.get("paper_id")))
    title = clean(_s(meta.get("title")))
    if not title:
        return rej("metadata has no title", "title")
    if not arxiv_id:
        return rej(f"no arXiv id in metadata.id / paper_id ({meta.get('id')!r})", "id")
    authors: list[Author] = []
    parsed = meta.get("authors_parsed")
    if isinstance(parsed, list) and parsed and all(isinstance(a, list) for a in parsed):
        for a in parsed:
            family = clean(_s(a[0])) if a else None
            given = clean(_s(a[1])) if len(a) > 1 else None
            suffix = clean(_s(a[2])) if len(a) > 2 else None
            if not family:
                continue
            name = f"{given} {family}" if given else family
            if suffix:
                name += f" {suffix}"
            authors.append(Author(name=name, raw=name, family=family, given=given))
    else:
        for n in split_authors(_s(meta.get("authors"))):
            if a := make_author(n):
                authors.append(a)
    date = first_version_date(meta.get("versions")) or PaperDate.parse_iso(_s(meta.get("update_date")))
    abstract = clean(_s(meta.get("abstract")))
    if not abstract and isinstance(obj.get("abstract"), dict):
        abstract = clean(_s(obj["abstract"].get("text")))
    refs = []
    bib = obj.get("bib_entries")
    if bib is not None and not isinstance(bib, dict):
        return rej("bib_entries is not an object", "bib_entries")
    for key in sorted(bib or {}, key=_bib_order):
        entry = bib[key]
        if not isinstance(entry, dict):
            return rej(f"bib entry {key!r} is not an object", "bib_entries")
        ids = entry.get("ids") if isinstance(entry.get("ids"), dict) else {}
        contained = [x for x in json_list(entry.get("contained_arXiv_ids")) if isinstance(x, str)]
        refs.append(
            Reference(
                raw=clean(_s(entry.get("bib_entry_raw"))),
                doi=normalize_doi(_s(ids.get("doi"))),
                arxiv_id=normalize_arxiv_id(_s(ids.get("arxiv_id")) or (contained[0] if contained else None)),
                openalex_id=_openalex(_s(ids.get("open_alex_id"))),
            )
        )
    extra: dict[str, Any] = {}
    for key in ("journal-ref", "comments", "license", "submitter", "report-no", "update_date"):
        if value := clean(_s(meta.get(key))):
            extra[key.replace("-", "_")] = value
    if discipline := clean(_s(obj.get("discipline"))):
        extra["discipline"] = discipline
    return Paper.create(
        title=title,
        abstract=abstract,
        authors=authors,
        author_count=len(authors) or None,
        date=date,
        doi=_s(meta.get("doi")),
        arxiv_id=arxiv_id,
        references=refs,
        categories=(clean(_s(meta.get("categories"))) or "").split(),
        doc_type="preprint",
        url=f"https://arxiv.org/abs/{arxiv_id}",
        provenance=[Provenance(file, record, line, FORMAT)],
        extra=extra,
    )


def _openalex(value: str | None) -> str | None:
    from ..model import normalize_openalex_id

    oid = normalize_openalex_id(value)
    return oid if oid and oid.startswith("W") else None


def _bib_order(key: str) -> tuple[int, str]:
    m = re.search(r"(\d+)$", key)
    return (int(m.group(1)) if m else 10**9, key)


def _s(value: object) -> str | None:
    if value is None or isinstance(value, dict | list | bool):
        return None
    return str(value)
