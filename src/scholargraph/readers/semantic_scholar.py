"""Semantic Scholar: Graph API JSON (``s2``) and the 2018 Open Research Corpus JSON Lines (``s2-open-corpus``).

Graph API shapes read by :func:`read_semantic_scholar` (one record per paper object):

* a paper (``GET /paper/{id}``): one record; its ``references`` become References and the ids of its
  ``citations`` are kept in ``extra['cited_by']`` (``s2:<paperId>``);
* a list (``{"data": [...]}`` from search / bulk search / author papers, ``{"recommendedPapers": [...]}``, or a
  JSON array from ``paper/batch`` where ``null`` means "not found" and becomes a Reject);
* references / citations responses (``{"data": [{"citedPaper": ...}]}`` / ``citingPaper``): each edge's paper
  is a record, the edge's ``contexts``/``intents``/``isInfluential`` go to ``extra['edge']``;
* an author with ``papers`` (``GET /author/{id}?fields=papers``): each paper is a record.

An ``{"error": ...}`` response raises ParseError with the API's message. A paper object without a title is kept
when it has a ``paperId`` (``title=""``, ``extra['missing']=['title']``); an object that is not a paper (an
author in a list) becomes a Reject.

The Open Research Corpus (:func:`read_s2_open_corpus`): one JSON object per line with ``id``, ``title``,
``paperAbstract``, ``authors[{name, ids}]``, ``year``, ``inCitations``/``outCitations`` (S2 ids), ``doi``,
``venue``, ``journalName``; empty strings mean "missing".

>>> paper = s2_paper_to_paper({"paperId": "abc", "title": "T", "externalIds": {"DOI": "10.1000/X", "ArXiv": "2401.00001"}},
...                           "f.json", 1, None)
>>> paper.id, paper.s2_id, paper.arxiv_id
('doi:10.1000/x', 'abc', '2401.00001')
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..model import Author, Paper, PaperDate, Provenance, Reference, Reject, normalize_arxiv_id, normalize_doi
from ._text import clean, iter_json_lines, load_json, snippet, split_name, to_int

__all__ = ["read_semantic_scholar", "read_s2_open_corpus", "sniff", "sniff_open_corpus", "s2_paper_to_paper"]

FORMAT = "s2"
FORMAT_OC = "s2-open-corpus"


def sniff(head: str, name: str) -> bool:
    """Graph API JSON: ``"paperId"`` keys (or an author object with ``"authorId"`` and ``"papers"``)."""
    if head.lstrip()[:1] not in ("{", "["):  # JSON only (recorded HTTP cassettes in YAML mention paperId too)
        return False
    if '"paperId"' in head:
        return True
    return '"authorId"' in head and '"papers"' in head


def sniff_open_corpus(head: str, name: str) -> bool:
    """Open Research Corpus JSON Lines: ``inCitations``/``outCitations`` with ``paperAbstract``."""
    return head.lstrip().startswith("{") and (
        ('"inCitations"' in head or '"outCitations"' in head) and '"paperAbstract"' in head
    )


# ----------------------------------------------------------------------------------------------- Graph API


def read_semantic_scholar(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Read a Semantic Scholar Graph API response: one Paper or Reject per paper object."""
    file = str(source)
    data = load_json(source, what="Semantic Scholar API JSON")
    if isinstance(data, dict) and "error" in data and "paperId" not in data:
        raise ParseError(
            f"the Semantic Scholar API answered an error: {data.get('error')!r}",
            file=file,
            field="error",
            hint="the saved response holds no papers; repeat the request with valid parameters",
        )
    items: list[Any]
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict) and isinstance(data.get("data"), list):
        items = data["data"]
    elif isinstance(data, dict) and isinstance(data.get("recommendedPapers"), list):
        items = data["recommendedPapers"]
    elif isinstance(data, dict) and "authorId" in data and "paperId" not in data:
        if not isinstance(data.get("papers"), list):
            raise ParseError(
                "an author response without 'papers'",
                file=file,
                field="papers",
                hint="request the author with fields=papers (or /author/{id}/papers) to get papers",
            )
        items = data["papers"]
    elif isinstance(data, dict) and ("paperId" in data or "citedPaper" in data or "citingPaper" in data):
        items = [data]
    elif isinstance(data, dict) and "data" not in data and {"total", "offset"} & set(data):
        items = []  # an empty page of results
    else:
        raise ParseError(
            "not a Semantic Scholar paper response (no paperId, data, papers or recommendedPapers)",
            file=file,
            hint="expected a Graph API paper, search, batch, references/citations or author-papers response",
        )
    for i, item in enumerate(items, start=1):
        yield _item(item, file, i)


def _item(item: Any, file: str, record: int) -> Paper | Reject:
    if item is None:
        return Reject(
            file, record, "the API found no paper for this requested id (null)", "paperId", None, FORMAT
        )
    if not isinstance(item, dict):
        return Reject(
            file,
            record,
            f"expected a paper object, got {type(item).__name__}",
            None,
            None,
            FORMAT,
            snippet(item),
        )
    edge = None
    for key in ("citedPaper", "citingPaper"):
        if key in item:
            edge = {k: v for k, v in item.items() if k in ("contexts", "intents", "isInfluential")}
            edge["kind"] = key
            item = item[key]
            break
    if isinstance(item, dict) and "paper" in item and "snippet" in item:  # snippet search result
        item = item["paper"]
    paper = s2_paper_to_paper(item, file, record, None)
    if edge is not None and isinstance(paper, Paper):
        paper.extra["edge"] = edge
    return paper


def s2_paper_to_paper(obj: Any, file: str, record: int, line: int | None) -> Paper | Reject:
    """One Graph API paper object -> Paper, or a Reject naming the field that is wrong."""

    def rej(reason: str, fld: str | None) -> Reject:
        return Reject(file, record, reason, fld, line, FORMAT, snippet(json.dumps(obj)[:300]))

    if not isinstance(obj, dict):
        return rej(f"expected a paper object, got {type(obj).__name__}", None)
    if "paperId" not in obj and "authorId" in obj:
        return rej(f"not a paper: an author ({obj.get('authorId')!r})", "paperId")
    s2_id = _s(obj.get("paperId"))
    title = clean(_s(obj.get("title")))
    extra: dict[str, Any] = {}
    if not title:
        if not s2_id:
            return rej("paper has neither a title nor a paperId", "title")
        extra["missing"] = ["title"]
    ext = obj.get("externalIds") if isinstance(obj.get("externalIds"), dict) else {}
    for key in ("CorpusId", "MAG", "DBLP", "PubMed", "PubMedCentral", "ACL"):
        if ext.get(key) not in (None, ""):
            extra[key] = ext[key]
    date = PaperDate.parse_iso(_s(obj.get("publicationDate")))
    year = to_int(obj.get("year"))
    if date is None and year is not None:
        date = PaperDate(year)
    authors = []
    for k, a in enumerate(_l(obj.get("authors"))):
        if not isinstance(a, dict):
            return rej(f"author {k + 1} is not an object", "authors")
        name = clean(_s(a.get("name")))
        if not name:
            continue
        family, given = split_name(name)
        affs = [clean(_s(x)) for x in _l(a.get("affiliations"))]
        authors.append(
            Author(
                name=name,
                raw=name,
                family=family,
                given=given,
                s2_id=_s(a.get("authorId")),
                affiliation="; ".join(x for x in affs if x) or None,
            )
        )
    refs = []
    for r in _l(obj.get("references")):
        ref = _reference(r)
        if ref is not None:
            refs.append(ref)
    cited_by = [
        f"s2:{c['paperId']}" for c in _l(obj.get("citations")) if isinstance(c, dict) and c.get("paperId")
    ]
    if cited_by:
        extra["cited_by"] = cited_by
    journal = obj.get("journal") if isinstance(obj.get("journal"), dict) else {}
    pvenue = obj.get("publicationVenue") if isinstance(obj.get("publicationVenue"), dict) else {}
    venue = clean(_s(obj.get("venue"))) or clean(_s(journal.get("name"))) or clean(_s(pvenue.get("name")))
    for key in ("referenceCount", "influentialCitationCount", "isOpenAccess"):
        if obj.get(key) is not None:
            extra[key] = obj[key]
    tldr = obj.get("tldr")
    if isinstance(tldr, dict) and tldr.get("text"):
        extra["tldr"] = tldr["text"]
    fields = [clean(_s(f)) for f in _l(obj.get("fieldsOfStudy"))]
    s2_fields = [clean(_s(f.get("category"))) for f in _l(obj.get("s2FieldsOfStudy")) if isinstance(f, dict)]
    categories = list(dict.fromkeys(f for f in fields + s2_fields if f))
    types = [t for t in _l(obj.get("publicationTypes")) if isinstance(t, str)]
    return Paper.create(
        title=title or "",
        abstract=clean(_s(obj.get("abstract"))),
        authors=authors,
        author_count=len(authors) or None,
        date=date,
        venue=venue,
        doi=_s(ext.get("DOI")),
        arxiv_id=_s(ext.get("ArXiv")),
        s2_id=s2_id,
        references=refs,
        categories=categories,
        citation_count=to_int(obj.get("citationCount")),
        doc_type=types[0] if types else None,
        url=_s(obj.get("url")),
        provenance=[Provenance(file, record, line, FORMAT)],
        extra=extra,
    )


def _reference(r: Any) -> Reference | None:
    if not isinstance(r, dict):
        return None
    ext = r.get("externalIds") if isinstance(r.get("externalIds"), dict) else {}
    ref = Reference(
        raw=clean(_s(r.get("title"))),
        doi=normalize_doi(_s(ext.get("DOI"))),
        arxiv_id=normalize_arxiv_id(_s(ext.get("ArXiv"))),
        s2_id=_s(r.get("paperId")),
        title=clean(_s(r.get("title"))),
        year=to_int(r.get("year")),
    )
    return ref if (ref.ids() or ref.title) else None


# ----------------------------------------------------------------------------------------- Open Research Corpus


def read_s2_open_corpus(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Read the Semantic Scholar Open Research Corpus (2018 JSON Lines): one Paper or Reject per line."""
    file = str(source)
    for i, (line, obj, error) in enumerate(iter_json_lines(source), start=1):
        if error is not None:
            yield Reject(file, i, error, None, line, FORMAT_OC, None)
            continue
        yield open_corpus_to_paper(obj, file, i, line)


def open_corpus_to_paper(obj: Any, file: str, record: int, line: int | None) -> Paper | Reject:
    """One Open Research Corpus record -> Paper, or a Reject naming the field that is wrong."""

    def rej(reason: str, fld: str | None) -> Reject:
        return Reject(file, record, reason, fld, line, FORMAT_OC, snippet(json.dumps(obj)[:300]))

    if not isinstance(obj, dict):
        return rej(f"expected a JSON object, got {type(obj).__name__}", None)
    s2_id = clean(_s(obj.get("id")))
    title = clean(_s(obj.get("title")))
    if not title:
        return rej("record has no title", "title")
    if not s2_id:
        return rej("record has no S2 'id'", "id")
    authors = []
    for k, a in enumerate(_l(obj.get("authors"))):
        if not isinstance(a, dict):
            return rej(f"author {k + 1} is not an object", "authors")
        name = clean(_s(a.get("name")))
        if not name:
            continue
        family, given = split_name(name)
        ids = [x for x in _l(a.get("ids")) if isinstance(x, str | int)]
        authors.append(
            Author(name=name, raw=name, family=family, given=given, s2_id=str(ids[0]) if ids else None)
        )
    year = to_int(obj.get("year"))
    out_c = _l(obj.get("outCitations"))
    in_c = _l(obj.get("inCitations"))
    if not all(isinstance(x, str) for x in out_c):
        return rej("outCitations must be a list of S2 ids (strings)", "outCitations")
    extra: dict[str, Any] = {}
    if in_c := [f"s2:{x}" for x in in_c if isinstance(x, str) and x]:
        extra["cited_by"] = in_c
    for key in ("pmid", "journalVolume", "journalPages", "s2PdfUrl"):
        if value := clean(_s(obj.get(key))):
            extra[key] = value
    entities = [clean(_s(e)) for e in _l(obj.get("entities"))]
    return Paper.create(
        title=title,
        abstract=clean(_s(obj.get("paperAbstract"))),
        authors=authors,
        author_count=len(authors) or None,
        date=PaperDate(year) if year is not None else None,
        venue=clean(_s(obj.get("venue"))) or clean(_s(obj.get("journalName"))),
        doi=clean(_s(obj.get("doi"))),
        s2_id=s2_id,
        references=[Reference(s2_id=x) for x in out_c if x],
        keywords=[e for e in entities if e],
        url=clean(_s(obj.get("s2Url"))),
        provenance=[Provenance(file, record, line, FORMAT_OC)],
        extra=extra,
    )


def _s(value: object) -> str | None:
    if value is None or isinstance(value, dict | list | bool):
        return None
    return str(value)


def _l(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
