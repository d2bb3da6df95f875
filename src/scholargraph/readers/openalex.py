"""OpenAlex ``works``: one work object, a list response (``{"meta": ..., "results": [...]}``), a JSON array of
works, or JSON Lines with one work per line.

The abstract is rebuilt from ``abstract_inverted_index`` (word -> positions); ``referenced_works`` become
References by OpenAlex id; authorships give Authors with ORCID and OpenAlex author ids, and ``affiliations``:
each institution with its ISO country code, and each raw affiliation string linked to no institution;
``is_corresponding`` authorships give ``corresponding``.

Non-work entities: a file holding a single author / institution / source / concept / ... raises ParseError
saying it is not a works response (the whole file is the wrong kind of thing); a non-work object inside a list
becomes a Reject naming its id. A work without a title (OpenAlex has some) is kept when it has an OpenAlex id or
DOI, with ``title=""`` and ``extra['missing']=['title']``: it is still a node other works cite.

>>> rebuild_abstract({"deep": [0], "nets": [2], "neural": [1]})
'deep neural nets'
>>> entity_kind("https://openalex.org/A5023888391")
'author'
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..model import (
    Affiliation,
    Author,
    Paper,
    PaperDate,
    Provenance,
    Reference,
    Reject,
    normalize_doi,
    normalize_openalex_id,
    normalize_orcid,
)
from ._affiliations import group_affiliations
from ._text import clean, json_line_records, json_list, load_json_or_lines, snippet, split_name, to_int

__all__ = ["read_openalex", "sniff", "rebuild_abstract", "entity_kind", "authorship_affiliations"]

FORMAT = "openalex"
_ID_RE = re.compile(r'"id"\s*:\s*"https://openalex\.org/')
_KINDS = {
    "W": "work",
    "A": "author",
    "I": "institution",
    "S": "source",
    "C": "concept",
    "P": "publisher",
    "F": "funder",
    "T": "topic",
}


def sniff(head: str, name: str) -> bool:
    """OpenAlex JSON: an ``"id": "https://openalex.org/..."`` field, a list response's ``meta``, or works-only fields."""
    if head.lstrip()[:1] not in ("{", "["):
        return False
    if _ID_RE.search(head):
        return True
    if '"db_response_time_ms"' in head and '"results"' in head:  # a list response, possibly an empty page
        return True
    return '"abstract_inverted_index"' in head or ('"referenced_works"' in head and '"authorships"' in head)


def entity_kind(openalex_id: object) -> str:
    """'work', 'author', ... from an OpenAlex id URL ('keyword' for /keywords/...; 'unknown' otherwise)."""
    text = str(openalex_id or "")
    if "/keywords/" in text:
        return "keyword"
    m = re.search(r"openalex\.org/([A-Z])\d+$", text) or re.fullmatch(r"([A-Z])\d+", text)
    return _KINDS.get(m.group(1), "unknown") if m else "unknown"


def rebuild_abstract(index: object) -> str | None:
    """The abstract text from an inverted index ``{word: [positions]}``; ValueError if it is malformed."""
    if index is None:
        return None
    if not isinstance(index, dict):
        raise ValueError(f"expected an object {{word: [positions]}}, got {type(index).__name__}")
    slots: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(positions, list) or not all(isinstance(p, int) and p >= 0 for p in positions):
            raise ValueError(f"positions of {word!r} are not a list of non-negative integers")
        for p in positions:
            slots[p] = word
    return clean(" ".join(slots[p] for p in sorted(slots)))


def read_openalex(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Read OpenAlex works (single work, list response, array or JSON Lines): one Paper or Reject per work."""
    file = str(source)
    lines, data = load_json_or_lines(source, what="OpenAlex JSON")
    if lines:
        yield from json_line_records(source, FORMAT, work_to_paper)
        return
    if isinstance(data, dict) and "results" in data:
        works = data["results"]
        if not isinstance(works, list):
            raise ParseError(
                "'results' is not a list",
                file=file,
                field="results",
                hint="expected an OpenAlex list response",
            )
    elif isinstance(data, list):
        works = data
    elif isinstance(data, dict):
        kind = entity_kind(data.get("id"))
        if kind != "work" and not ("title" in data and "authorships" in data):
            raise ParseError(
                f"not a works response: this is an OpenAlex {kind} ({data.get('id')!r})",
                file=file,
                field="id",
                hint="scholargraph reads works (ids https://openalex.org/W...); fetch /works for this entity",
            )
        works = [data]
    else:
        raise ParseError(
            f"expected a JSON object or list of works, got {type(data).__name__}",
            file=file,
            hint="expected an OpenAlex works response",
        )
    for i, work in enumerate(works, start=1):
        yield work_to_paper(work, file, i, None)


def work_to_paper(work: Any, file: str, record: int, line: int | None) -> Paper | Reject:
    """One OpenAlex work object -> Paper, or a Reject saying which field is wrong."""

    def rej(reason: str, fld: str | None) -> Reject:
        return Reject(file, record, reason, fld, line, FORMAT, snippet(json.dumps(work)[:300]))

    if not isinstance(work, dict):
        return rej(f"expected a work object, got {type(work).__name__}", None)
    raw_id = work.get("id")
    kind = entity_kind(raw_id)
    if raw_id is not None and kind not in ("work", "unknown"):
        return rej(f"not a work: an OpenAlex {kind} ({raw_id})", "id")
    oa_id = normalize_openalex_id(raw_id) if kind == "work" else None
    doi = normalize_doi(_str(work.get("doi")))
    title = clean(_str(work.get("title")) or _str(work.get("display_name")))
    extra: dict[str, Any] = {}
    if not title:
        if not (oa_id or doi):
            return rej("work has neither a title nor an OpenAlex id or DOI", "title")
        extra["missing"] = ["title"]
    try:
        abstract = rebuild_abstract(work.get("abstract_inverted_index"))
    except ValueError as e:
        return rej(f"abstract_inverted_index is malformed: {e}", "abstract_inverted_index")
    date = PaperDate.parse_iso(_str(work.get("publication_date")))
    if date is None and (year := to_int(work.get("publication_year"))) is not None:
        date = PaperDate(year)
    authors = []
    places: list[Affiliation] = []
    corresponding: list[Affiliation] = []
    for k, a in enumerate(json_list(work.get("authorships"))):
        if not isinstance(a, dict):
            return rej(f"authorship {k + 1} is not an object", "authorships")
        author = a.get("author") if isinstance(a.get("author"), dict) else {}
        name = clean(_str(author.get("display_name")) or _str(a.get("raw_author_name")))
        mine = authorship_affiliations(a, name)
        places += mine
        if a.get("is_corresponding") is True:
            corresponding += mine
        if not name:
            continue
        family, given = split_name(name)
        insts = [
            clean(_str(i.get("display_name")))
            for i in json_list(a.get("institutions"))
            if isinstance(i, dict)
        ]
        authors.append(
            Author(
                name=name,
                raw=_str(a.get("raw_author_name")) or name,
                family=family,
                given=given,
                orcid=normalize_orcid(_str(author.get("orcid"))),
                openalex_id=normalize_openalex_id(_str(author.get("id"))),
                affiliation="; ".join(i for i in insts if i) or None,
            )
        )
    refs = []
    for r in json_list(work.get("referenced_works")):
        rid = normalize_openalex_id(_str(r))
        if rid:
            refs.append(Reference(openalex_id=rid))
        else:
            return rej(f"referenced work {r!r} is not an OpenAlex work id", "referenced_works")
    loc = work.get("primary_location") if isinstance(work.get("primary_location"), dict) else {}
    src = loc.get("source") if isinstance(loc.get("source"), dict) else {}
    keywords = [
        clean(_str(k.get("display_name"))) for k in json_list(work.get("keywords")) if isinstance(k, dict)
    ]
    concepts = [
        clean(_str(c.get("display_name"))) for c in json_list(work.get("concepts")) if isinstance(c, dict)
    ]
    topics = [
        clean(_str(t.get("display_name"))) for t in json_list(work.get("topics")) if isinstance(t, dict)
    ]
    if concepts := [c for c in concepts if c]:
        extra["concepts"] = concepts
    biblio = work.get("biblio") if isinstance(work.get("biblio"), dict) else {}
    for key in ("volume", "issue", "first_page", "last_page"):
        if biblio.get(key):
            extra[key] = biblio[key]
    return Paper.create(
        title=title or "",
        abstract=abstract,
        authors=authors,
        author_count=len(authors) or None,
        date=date,
        venue=clean(_str(src.get("display_name"))),
        doi=doi,
        openalex_id=oa_id,
        references=refs,
        keywords=[k for k in keywords if k],
        categories=[t for t in topics if t],
        citation_count=to_int(work.get("cited_by_count")),
        language=_str(work.get("language")),
        doc_type=_str(work.get("type")),
        url=_str(work.get("doi")) or _str(raw_id),
        affiliations=group_affiliations(places),
        corresponding=group_affiliations(corresponding),
        provenance=[Provenance(file, record, line, FORMAT)],
        extra=extra,
    )


def authorship_affiliations(authorship: dict[str, Any], name: str | None) -> list[Affiliation]:
    """The addresses of one authorship: each institution (name, ISO country code), and each raw affiliation
    string that names no institution OpenAlex linked (its country is then read from the text).

    >>> [(a.address, a.country) for a in authorship_affiliations({
    ...     "institutions": [{"id": "https://openalex.org/I1", "display_name": "Univ X", "country_code": "CO"}],
    ...     "affiliations": [{"raw_affiliation_string": "Univ X, Cali", "institution_ids": ["https://openalex.org/I1"]},
    ...                      {"raw_affiliation_string": "Lab Y, Lima, Peru", "institution_ids": []}]}, "A")]
    [('Univ X', 'CO'), ('Lab Y, Lima, Peru', None)]
    """
    people = [name] if name else []
    out = []
    for inst in json_list(authorship.get("institutions")):
        if isinstance(inst, dict) and (iname := clean(_str(inst.get("display_name")))):
            code = clean(_str(inst.get("country_code")))
            out.append(Affiliation(iname, list(people), iname, code.upper() if code else None))
    linked = json_list(authorship.get("affiliations"))
    raw = [
        (clean(_str(x.get("raw_affiliation_string"))), json_list(x.get("institution_ids")))
        for x in linked
        if isinstance(x, dict)
    ]
    if not linked:  # older responses: the strings alone
        raw = [(clean(_str(t)), []) for t in json_list(authorship.get("raw_affiliation_strings"))]
    if not out:  # no institution linked at all: every string stands for itself
        raw = [(text, []) for text, _ in raw]
    out += [Affiliation(text, list(people)) for text, ids in raw if text and not ids]
    return out


def _str(value: object) -> str | None:
    """A string value, or None for null / non-strings (numbers are turned into text)."""
    if value is None or isinstance(value, dict | list | bool):
        return None
    return str(value)
