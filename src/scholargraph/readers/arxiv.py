"""arXiv API responses: the Atom feed of ``export.arxiv.org/api/query`` (``.xml``), or the same feed stored as
``{"url": ..., "status_code": ..., "body": "<feed ...>"}`` JSON (as recorded by API client test suites).

One record per ``<entry>``. The id keeps its version in ``extra['arxiv_version']`` (``arxiv_id`` itself is
bare); title and abstract are hard-wrapped in the feed and come out on one line. The API's error feed carries
one ``<entry>`` describing the error: it becomes a Reject with the API's message.

>>> sniff('<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">', "x.xml")
True
>>> sniff('<rss version="2.0">', "x.xml")
False
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from ..errors import ParseError
from ..model import Paper, PaperDate, Provenance, Reject, normalize_arxiv_id
from ._text import clean, json_loads, make_author, open_text, snippet

__all__ = ["read_arxiv", "sniff"]

FORMAT = "arxiv"
_NS = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_VERSION_RE = re.compile(r"v(\d+)$")


def sniff(head: str, name: str) -> bool:
    """An Atom feed from the arXiv API (raw XML, or JSON whose ``body`` is that feed)."""
    if "<feed" not in head and "\\u003cfeed" not in head:
        return False
    return "arxiv.org/schemas/atom" in head or "arxiv.org/api" in head


def _feed_text(path: str | os.PathLike[str]) -> tuple[str, bool]:
    """The XML text of the feed, and whether it came from a JSON wrapper (line numbers then refer to the body)."""
    with open_text(path) as f:
        text = f.read()
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json_loads(text)
        except json.JSONDecodeError as e:
            raise ParseError(
                f"not valid JSON: {e.msg} (column {e.colno})",
                file=str(path),
                line=e.lineno,
                hint="expected a recorded arXiv API response {url, status_code, body}",
            ) from None
        body = data.get("body") if isinstance(data, dict) else None
        if not isinstance(body, str):
            raise ParseError(
                "JSON without a string 'body' holding the Atom feed",
                file=str(path),
                field="body",
                hint="expected a recorded arXiv API response {url, status_code, body}",
            )
        return body, True
    return text, False


def read_arxiv(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Read an arXiv API Atom feed: one Paper (or Reject) per ``<entry>``."""
    file = str(source)
    text, wrapped = _feed_text(source)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        line = None if wrapped else e.position[0]
        raise ParseError(
            f"not well-formed XML: {e}",
            file=file,
            line=line,
            field="body" if wrapped else None,
            hint="the feed is truncated or damaged; download it again",
        ) from None
    if root.tag != f"{{{_NS['a']}}}feed":
        raise ParseError(
            f"the XML root is <{root.tag}>, not an Atom <feed>",
            file=file,
            hint="expected an arXiv API response (export.arxiv.org/api/query)",
        )
    starts = (
        [] if wrapped else [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<entry[\s>]", text)]
    )
    for i, entry in enumerate(root.findall("a:entry", _NS), start=1):
        line = starts[i - 1] if i - 1 < len(starts) else None
        yield _entry(entry, file, i, line)


def _txt(el: ET.Element, path: str) -> str | None:
    found = el.find(path, _NS)
    return clean(found.text) if found is not None and found.text else None


def _entry(entry: ET.Element, file: str, record: int, line: int | None) -> Paper | Reject:
    raw_id = _txt(entry, "a:id")
    title = _txt(entry, "a:title")

    def rej(reason: str, fld: str) -> Reject:
        return Reject(file, record, reason, fld, line, FORMAT, snippet(raw_id or title))

    if raw_id and "/api/errors" in raw_id:
        return rej(f"the arXiv API answered an error: {_txt(entry, 'a:summary') or raw_id}", "id")
    if not raw_id:
        return rej("entry has no <id>", "id")
    arxiv_id = normalize_arxiv_id(raw_id)
    if arxiv_id is None:
        return rej(f"<id> {raw_id!r} holds no arXiv identifier", "id")
    if not title:
        return rej("entry has no <title>", "title")
    versioned = normalize_arxiv_id(raw_id, keep_version=True) or ""
    extra: dict[str, object] = {}
    if v := _VERSION_RE.search(versioned):
        extra["arxiv_version"] = int(v.group(1))
    authors = []
    for a in entry.findall("a:author", _NS):
        name = _txt(a, "a:name")
        if not name:
            continue
        affs = [clean(x.text) for x in a.findall("arxiv:affiliation", _NS) if x.text and clean(x.text)]
        author = make_author(name)
        if author is not None:
            author.affiliation = "; ".join(x for x in affs if x) or None
            authors.append(author)
    published = _txt(entry, "a:published")
    date = PaperDate.parse_iso(published)
    if published and date is None:
        return rej(f"<published> {published!r} is not an ISO date", "date")
    if updated := _txt(entry, "a:updated"):
        extra["updated"] = updated[:10]
    categories = [c.get("term", "") for c in entry.findall("a:category", _NS) if c.get("term")]
    primary = entry.find("arxiv:primary_category", _NS)
    if primary is not None and primary.get("term"):
        extra["primary_category"] = primary.get("term")
    for tag, key in (("arxiv:journal_ref", "journal_ref"), ("arxiv:comment", "comment")):
        if value := _txt(entry, tag):
            extra[key] = value
    url = None
    for link in entry.findall("a:link", _NS):
        if link.get("rel") == "alternate" and link.get("href"):
            url = link.get("href")
    return Paper.create(
        title=title,
        abstract=_txt(entry, "a:summary"),
        authors=authors,
        author_count=len(authors) or None,
        date=date,
        doi=_txt(entry, "arxiv:doi"),
        arxiv_id=arxiv_id,
        categories=categories,
        url=url,
        doc_type="preprint",
        provenance=[Provenance(file, record, line, FORMAT)],
        extra=extra,
    )
