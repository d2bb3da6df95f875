"""Fetch works from the Crossref REST API (``api.crossref.org``) into a JSONL file the Crossref reader reads.

Two ways to choose works:

* a query and/or filter on ``/works`` (``query=`` full-text bibliographic search, ``filter=`` in Crossref
  syntax such as ``from-pub-date:2020-01-01,type:journal-article``), paged with Crossref's deep-paging cursor:
  ``cursor=*`` on the first request, then the ``next-cursor`` of each answer until a page comes back empty
  (``rows`` works per page, at most 1000);
* a list of DOIs: one ``/works/{doi}`` request each; a DOI Crossref does not know (HTTP 404) is reported in
  ``result.missing``, not an error.

Each work is written as one JSON line, unchanged; a work reached twice is written once. ``mailto=`` puts the
requests in Crossref's polite pool (default ``$CROSSREF_MAILTO``); requests are spaced 0.1 s apart with it and
0.2 s without (Crossref allows more, but asks clients to stay well below its limits; a 429 answer is retried
after its ``Retry-After``).

>>> works_url("https://api.crossref.org", {"query": "psoas abscess", "rows": 100, "cursor": "*"})
'https://api.crossref.org/works?query=psoas+abscess&rows=100&cursor=%2A'
>>> work_url("https://api.crossref.org", "10.1038/SREP16696")
'https://api.crossref.org/works/10.1038/srep16696'
>>> split_dois("https://doi.org/10.1038/srep16696 10.2196/22081,10.2196/22081")
['10.1038/srep16696', '10.2196/22081']
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from .._validation import check_int
from ..errors import ConfigError, FetchError
from ..model import normalize_doi
from ._http import FetchResult, HttpClient, Opener, check_base_url, check_email, one_line, out_file, redact

__all__ = ["DEFAULT_URL", "MAX_ROWS", "fetch_crossref", "works_url", "work_url", "split_dois", "write_jsonl"]

log = logging.getLogger(__name__)

DEFAULT_URL = "https://api.crossref.org"
URL_ENV = "SCHOLARGRAPH_CROSSREF_URL"
MAILTO_ENV = "CROSSREF_MAILTO"
INTERVAL_POLITE = 0.1
INTERVAL_PUBLIC = 0.2
MAX_ROWS = 1000  # Crossref's largest page


def works_url(base: str, params: dict[str, Any]) -> str:
    """The ``/works`` URL with ``params`` in the order given (None values left out)."""
    query = urllib.parse.urlencode([(k, str(v)) for k, v in params.items() if v is not None])
    return f"{base.rstrip('/')}/works?{query}"


def work_url(base: str, doi: str, params: dict[str, Any] | None = None) -> str:
    """The ``/works/{doi}`` URL of one (normalised) DOI."""
    query = urllib.parse.urlencode([(k, str(v)) for k, v in (params or {}).items() if v is not None])
    path = urllib.parse.quote(normalize_doi(doi) or doi, safe="/:;()")
    return f"{base.rstrip('/')}/works/{path}" + (f"?{query}" if query else "")


def split_dois(dois: str | Iterable[str] | None) -> list[str]:
    """Normalised DOIs from a comma/space separated string or a list (duplicates dropped, order kept);
    ConfigError names a value that is not a DOI."""
    if dois is None:
        return []
    items = re.split(r"[,\s]+", dois) if isinstance(dois, str) else [str(d) for d in dois]
    out: list[str] = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        doi = normalize_doi(item)
        if doi is None:
            raise ConfigError(f"dois must be DOIs like 10.1038/srep16696, got {item!r}")
        if doi not in out:
            out.append(doi)
    return out


def _error_message(body: bytes) -> str | None:
    data = json.loads(body)
    if isinstance(data, dict) and data.get("status") != "ok":
        msg = data.get("message")
        if isinstance(msg, list):
            return "; ".join(str(m.get("message", m)) if isinstance(m, dict) else str(m) for m in msg)
        return str(msg) if msg else None
    return None


def _parse(body: bytes, url: str, kind: str) -> dict[str, Any]:
    """The ``message`` of a Crossref answer of ``kind`` ("work" or "work-list"); FetchError otherwise."""
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise FetchError(
            f"Crossref API answered something that is not JSON ({e.__class__.__name__}: {one_line(str(e), 80)}; "
            f"starts with {one_line(body[:80].decode('utf-8', 'replace'), 80)!r}) (GET {redact(url)}). "
            "How to fix: try again later; check --base-url / SCHOLARGRAPH_CROSSREF_URL points to the Crossref API"
        ) from None
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("message-type") != kind or not isinstance(message, dict):
        detail = _error_message(body) if isinstance(data, dict) else None
        raise FetchError(
            f"Crossref API answered {data.get('message-type') if isinstance(data, dict) else type(data).__name__!r}"
            f", not a {kind}" + (f": {one_line(detail)}" if detail else "") + f" (GET {redact(url)}). "
            "How to fix: check the query and filter (Crossref syntax), and --base-url"
        )
    if kind == "work-list" and not isinstance(message.get("items"), list):
        raise FetchError(f"Crossref API answered a work list without 'items' (GET {redact(url)})")
    return message


def write_jsonl(fh: TextIO, obj: dict[str, Any]) -> None:
    """One JSON object as one line (UTF-8, unchanged)."""
    fh.write(json.dumps(obj, ensure_ascii=False) + "\n")


class _Writer:
    """Writes works as JSON lines, each DOI once, up to ``limit`` works."""

    def __init__(self, fh: TextIO, limit: int) -> None:
        self.fh, self.limit, self.count = fh, limit, 0
        self.seen: set[str] = set()

    @property
    def full(self) -> bool:
        return self.count >= self.limit

    def write(self, work: dict[str, Any]) -> bool:
        doi = normalize_doi(str(work.get("DOI") or ""))
        if self.full or (doi is not None and doi in self.seen):
            return False
        if doi is not None:
            self.seen.add(doi)
        write_jsonl(self.fh, work)
        self.count += 1
        return True


def _pages(client: HttpClient, base: str, params: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """(message, url) of every page of one cursor-paged ``/works`` query."""
    cursor: str | None = "*"
    while cursor:
        url = works_url(base, {**params, "cursor": cursor})
        message = _parse(client.get(url), url, "work-list")
        if not message["items"]:
            return
        yield message, url
        nxt = message.get("next-cursor")
        cursor = str(nxt) if nxt and nxt != cursor else None


def fetch_crossref(
    query: str | None = None,
    filter: str | None = None,
    dois: str | Iterable[str] | None = None,
    *,
    out: str | os.PathLike[str],
    mailto: str | None = None,
    max_results: int = 1000,
    page_size: int = 100,
    overwrite: bool = False,
    base_url: str | None = None,
    opener: Opener | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    retries: int = 3,
    backoff: float = 1.0,
    timeout: float = 30.0,
) -> FetchResult:
    """Fetch Crossref works -- a ``query`` and/or ``filter``, or a list of ``dois`` -- and write them, one JSON
    work per line, to the file ``out``.

    At most ``max_results`` works, ``page_size`` (<= 1000) per page. The file is written to ``out + ".part"``
    and renamed when complete. ``result.total`` is Crossref's ``total-results`` (for a query) or the number of
    DOIs asked for; ``result.missing`` the DOIs Crossref does not know. Raises FetchError when the API fails
    after ``retries`` retries or answers something unreadable (the works so far stay in the ``.part`` file);
    ConfigError for bad parameters.
    """
    ids = split_dois(dois)
    searching = bool((query and query.strip()) or (filter and filter.strip()))
    if not searching and not ids:
        raise ConfigError("give query=, filter= or dois= (CLI: --query, --filter, --dois); all are empty")
    if searching and ids:
        raise ConfigError("give query/filter or dois, not both (to narrow DOIs, use filter=doi:...)")
    check_int(max_results, "max_results", "fetch_crossref", low=1)
    check_int(page_size, "page_size", "fetch_crossref", low=1, high=MAX_ROWS)
    mailto = check_email(mailto or os.environ.get(MAILTO_ENV) or None, "mailto", "fetch_crossref")
    base = check_base_url(base_url or os.environ.get(URL_ENV) or DEFAULT_URL, "base_url")
    out = out_file(out, overwrite)
    part = out.with_name(out.name + ".part")
    client = HttpClient(
        "Crossref",
        opener,
        min_interval=INTERVAL_POLITE if mailto else INTERVAL_PUBLIC,
        retries=retries,
        backoff=backoff,
        timeout=timeout,
        sleep=sleep,
        clock=clock,
        describe_error=_error_message,
    )
    result = FetchResult()
    try:
        with part.open("w", encoding="utf-8", newline="\n") as fh:
            writer = _Writer(fh, max_results)
            try:
                if ids:
                    result.total = len(ids)
                    for doi in ids[:max_results]:
                        url = work_url(base, doi, {"mailto": mailto})
                        body = client.get(url, missing_ok=True)
                        if body is None:
                            result.missing.append(doi)
                            continue
                        writer.write(_parse(body, url, "work"))
                else:
                    params = {
                        "query": query or None,
                        "filter": filter or None,
                        "rows": page_size,
                        "mailto": mailto,
                    }
                    for message, _url in _pages(client, base, params):
                        if result.total is None and isinstance(message.get("total-results"), int):
                            result.total = message["total-results"]
                        for work in message["items"]:
                            if isinstance(work, dict):
                                writer.write(work)
                        if writer.full:
                            break
            except FetchError as err:
                fh.flush()
                raise FetchError(
                    f"{err}; the {writer.count} work(s) fetched before the error are in {part}"
                ) from None
            result.records = writer.count
    finally:
        result.requests = list(client.requests)
    if result.missing:
        log.info("Crossref: %d DOI(s) not found: %s", len(result.missing), ", ".join(result.missing))
    part.replace(out)
    result.files = [out]
    return result
