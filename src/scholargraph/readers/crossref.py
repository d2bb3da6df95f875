"""Crossref REST API works (``api.crossref.org``): a work list (``/works``, ``/journals/{issn}/works``,
``/funders/{id}/works``, ... with ``"message-type": "work-list"`` and ``message.items``), a single work
(``/works/{doi}``, ``"message-type": "work"``), a plain work object or JSON array of works, and JSON Lines of
works or of responses (what ``scholargraph fetch crossref`` writes). ``.gz`` is read transparently.

Mapping of a work:

* ``DOI`` -> doi; ``title[0]`` -> title (markup such as ``<i>`` dropped; ``subtitle`` -> ``extra['subtitle']``);
  a work with a DOI but no title is kept with ``title=""`` and ``extra['missing']=['title']`` (as the OpenAlex
  reader does); a work with neither is a Reject;
* ``author``: ``given``/``family`` -> Author ("given family"), ``ORCID``, ``affiliation[].name`` joined by "; ";
  an organisation (``name`` only) -> an author with that name;
* ``container-title[0]`` -> venue; ``type`` -> doc_type; ``is-referenced-by-count`` -> citation_count;
  ``language``; ``subject`` -> categories; ``URL`` -> url; ``publisher``, ``volume``, ``issue``, ``page``,
  ``ISSN``, ``reference-count``, funder names -> extra;
* date (``date-parts`` at their precision: ``[[2015, 11, 19]]`` day, ``[[2015, 11]]`` month, ``[[2015]]``
  year, ``[[null]]`` none): ``issued`` (Crossref's earliest of print and online), else ``published``,
  ``published-print``, ``published-online``; the print and online dates also go to
  ``extra['published_print']`` / ``extra['published_online']`` (ISO);
* ``abstract`` (JATS XML) -> plain text (:func:`jats_text`): a section title becomes "Title: " before its
  text, a lone "Abstract" heading is dropped;
* ``reference[]`` -> references, one per item: ``DOI`` when present (lower-cased), the ``unstructured``
  citation string kept raw (otherwise a raw string made of author, year, article and journal title, volume,
  first page), ``article-title`` and ``year``.

A Crossref error response (``"status": "error"``) or a response of another kind (a member, a journal, ...)
raises ParseError. A non-object inside a list is a Reject.

>>> jats_text("<jats:title>Abstract</jats:title><jats:p>Oligomers &amp; <jats:italic>fibrils</jats:italic>.</jats:p>")
'Oligomers & fibrils.'
>>> jats_text("<jats:sec><jats:title>Background</jats:title><jats:p>A.</jats:p></jats:sec><jats:sec><jats:title>Methods</jats:title><jats:p>B.</jats:p></jats:sec>")
'Background: A. Methods: B.'
>>> date_of({"date-parts": [[2022, 7]]}).iso(), date_of({"date-parts": [[None]]})
('2022-07', None)
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..model import Author, Paper, PaperDate, Provenance, Reference, Reject, normalize_doi, normalize_orcid
from ._text import clean, iter_json_lines, json_list, load_json_or_lines, snippet, to_int

__all__ = ["read_crossref", "sniff", "jats_text", "date_of", "work_to_paper"]

FORMAT = "crossref"
_TAG = re.compile(r"<[^>]+>")
_TITLE = re.compile(r"<(?:jats:)?title[^>]*>(.*?)</(?:jats:)?title>", re.S)


def sniff(head: str, name: str) -> bool:
    """Crossref JSON: a ``"message-type": "work..."`` envelope, or work objects with Crossref-only keys."""
    text = head.lstrip("\ufeff").lstrip()
    if text[:1] not in ("{", "["):
        return False
    if re.search(r'"message-type"\s*:\s*"work', text):
        return True
    return '"DOI"' in text and any(
        k in text for k in ('"is-referenced-by-count"', '"container-title"', '"reference-count"')
    )


def jats_text(value: object) -> str | None:
    """Plain text of a JATS (or HTML) abstract: tags dropped, entities decoded, section titles kept as
    'Title: ' before their text; a title that only says 'Abstract' is dropped."""
    if not isinstance(value, str) or not value.strip():
        return None

    def title(m: re.Match[str]) -> str:
        text = clean(_TAG.sub(" ", m.group(1))) or ""
        return " " if text.rstrip(":").lower() in ("abstract", "summary", "") else f" {text.rstrip(':')}: "

    text = _TITLE.sub(title, value)
    text = _TAG.sub(" ", text)
    text = clean(html.unescape(text))
    if text:
        text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
        text = re.sub(r"([(])\s+", r"\1", text)
    return text or None


def _markup_free(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return clean(html.unescape(_TAG.sub("", value)))


def date_of(value: object) -> PaperDate | None:
    """A Crossref date object (``{"date-parts": [[y, m, d]]}``) at its precision; None when empty or malformed."""
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return None
    nums = [to_int(p) for p in parts[0][:3]]
    if not nums or nums[0] is None or not 1000 <= nums[0] <= 2999:
        return None
    text = "-".join(f"{n:02d}" for n in _prefix(nums))
    return PaperDate.parse_iso(text)


def _prefix(nums: list[int | None]) -> list[int]:
    out = []
    for n in nums:
        if n is None:
            break
        out.append(n)
    return out


def _first(value: object) -> str | None:
    if isinstance(value, list):
        return next((c for v in value if (c := _markup_free(v))), None)
    return _markup_free(value)


def _str(value: object) -> str | None:
    if value is None or isinstance(value, dict | list | bool):
        return None
    return clean(str(value))


def _authors(items: object) -> list[Author]:
    out: list[Author] = []
    for a in json_list(items):
        if not isinstance(a, dict):
            continue
        given, family = _str(a.get("given")), _str(a.get("family"))
        affs = [
            n for x in json_list(a.get("affiliation")) if isinstance(x, dict) and (n := _str(x.get("name")))
        ]
        name = f"{given} {family}" if given and family else family or given or _str(a.get("name"))
        if not name:
            continue
        raw = f"{family}, {given}" if given and family else name
        out.append(
            Author(
                name=name,
                raw=raw,
                family=family,
                given=given if family else None,
                orcid=normalize_orcid(_str(a.get("ORCID"))),
                affiliation="; ".join(affs) or None,
            )
        )
    return out


def _reference(r: dict[str, Any]) -> Reference | None:
    doi = normalize_doi(_str(r.get("DOI")))
    raw = _str(r.get("unstructured"))
    title = _markup_free(r.get("article-title"))
    year = to_int(r.get("year")) if re.fullmatch(r"\d{4}[a-z]?", str(r.get("year") or "")[:5]) else None
    if year is None and (y := re.match(r"(\d{4})", str(r.get("year") or ""))):
        year = int(y.group(1))
    if raw is None:
        parts = [
            _str(r.get(k))
            for k in (
                "author",
                "year",
                "article-title",
                "journal-title",
                "volume-title",
                "volume",
                "first-page",
            )
        ]
        raw = ", ".join(p for p in parts if p) or None
    if not (doi or raw):
        return None
    return Reference(raw=raw, doi=doi, title=title, year=year)


def work_to_paper(work: Any, file: str, record: int, line: int | None) -> Paper | Reject:
    """One Crossref work object -> Paper, or a Reject saying which field is wrong."""

    def rej(reason: str, fld: str | None) -> Reject:
        return Reject(
            file, record, reason, fld, line, FORMAT, snippet(json.dumps(work, ensure_ascii=False)[:300])
        )

    if not isinstance(work, dict):
        return rej(f"expected a work object, got {type(work).__name__}", None)
    doi = normalize_doi(_str(work.get("DOI")))
    title = _first(work.get("title"))
    extra: dict[str, Any] = {}
    if not title:
        if not doi:
            return rej("work has neither a title nor a DOI", "title")
        extra["missing"] = ["title"]
    if _str(work.get("DOI")) and not doi:
        extra["invalid_doi"] = _str(work.get("DOI"))
    dates = {k: date_of(work.get(k)) for k in ("issued", "published", "published-print", "published-online")}
    date = next((d for d in dates.values() if d is not None), None)
    refs = [ref for r in json_list(work.get("reference")) if isinstance(r, dict) and (ref := _reference(r))]
    funders = [n for f in json_list(work.get("funder")) if isinstance(f, dict) and (n := _str(f.get("name")))]
    issn = [i for i in json_list(work.get("ISSN")) if isinstance(i, str)]
    for key, value in (
        ("subtitle", _first(work.get("subtitle"))),
        ("publisher", _str(work.get("publisher"))),
        ("volume", _str(work.get("volume"))),
        ("issue", _str(work.get("issue"))),
        ("pages", _str(work.get("page"))),
        ("issn", issn or None),
        ("reference_count", to_int(work.get("reference-count"))),
        ("funders", funders or None),
        ("published_print", dates["published-print"].iso() if dates["published-print"] else None),
        ("published_online", dates["published-online"].iso() if dates["published-online"] else None),
        ("short_venue", _first(work.get("short-container-title"))),
    ):
        if value is not None:
            extra[key] = value
    authors = _authors(work.get("author"))
    return Paper.create(
        title=title or "",
        abstract=jats_text(work.get("abstract")),
        authors=authors,
        author_count=len(authors) or None,
        date=date,
        venue=_first(work.get("container-title")),
        doi=doi,
        references=refs,
        categories=[c for s in json_list(work.get("subject")) if (c := _str(s))],
        citation_count=to_int(work.get("is-referenced-by-count")),
        language=_str(work.get("language")),
        doc_type=_str(work.get("type")),
        url=_str(work.get("URL")) or (f"https://doi.org/{doi}" if doi else None),
        provenance=[Provenance(file, record, line, FORMAT)],
        extra=extra,
    )


def _works_of(data: Any, file: str, line: int | None = None) -> list[Any]:
    """The works of one parsed JSON document: an envelope, a work list message, a work or a list of works."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ParseError(
            f"expected a JSON object or list, got {type(data).__name__}",
            file=file,
            line=line,
            hint="expected a Crossref /works response",
        )
    if data.get("status") == "error" or (
        "message-type" in data and data.get("message-type") not in ("work", "work-list")
    ):
        kind = data.get("message-type") or "error"
        detail = data.get("message")
        if isinstance(detail, list):
            detail = "; ".join(str(d.get("message", d)) if isinstance(d, dict) else str(d) for d in detail)
        raise ParseError(
            f"not a works response: message-type {kind!r}"
            + (f" ({snippet(str(detail), 150)})" if detail else ""),
            file=file,
            line=line,
            field="message-type",
            hint="scholargraph reads Crossref works: /works, /works/{doi}, /journals/{issn}/works, ...",
        )
    message = data.get("message", data)
    if isinstance(message, dict) and "items" in message:
        items = message["items"]
        if not isinstance(items, list):
            raise ParseError("'message.items' is not a list", file=file, line=line, field="items")
        return items
    return [message]


def read_crossref(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per Crossref work (work list, single work, array, or JSON Lines)."""
    file = str(source)
    lines, data = load_json_or_lines(source, what="Crossref JSON")
    if lines:
        yield from _read_lines(source)
        return
    for i, work in enumerate(_works_of(data, file), start=1):
        yield work_to_paper(work, file, i, None)


def _read_lines(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    file = str(source)
    record = 0
    for line, value, error in iter_json_lines(source):
        if error is not None:
            record += 1
            yield Reject(file, record, error, None, line, FORMAT, None)
            continue
        for work in _works_of(value, file, line):
            record += 1
            yield work_to_paper(work, file, record, line)
