"""Fetch papers from the arXiv API (``export.arxiv.org/api/query``) into Atom XML files the arXiv reader reads.

Each page the API answers is written unchanged to ``OUT/arxiv-<start>.xml`` (``start`` zero-padded, so the
files sort in fetch order); ``scholargraph read OUT/*.xml`` or ``scholargraph build`` reads them. Requests are
spaced at least 3 seconds apart, as the arXiv API terms ask.

>>> query_url(DEFAULT_URL, query="ti:graph AND cat:cs.LG", id_list=[], start=0, max_results=10)
'https://export.arxiv.org/api/query?search_query=ti%3Agraph+AND+cat%3Acs.LG&id_list=&sortBy=relevance&sortOrder=descending&start=0&max_results=10'
>>> split_ids("2104.12255v1, astro-ph/0601001")
['2104.12255v1', 'astro-ph/0601001']
"""

from __future__ import annotations

import logging
import os
import re
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable

from .._validation import check_int
from ..errors import ConfigError, FetchError
from ._http import FetchResult, HttpClient, Opener, check_base_url, one_line, page_dir

__all__ = [
    "DEFAULT_URL",
    "MIN_INTERVAL",
    "MAX_PAGE_SIZE",
    "SORT_BY",
    "SORT_ORDER",
    "fetch_arxiv",
    "query_url",
    "split_ids",
    "page_name",
]

log = logging.getLogger(__name__)

DEFAULT_URL = "https://export.arxiv.org/api/query"
URL_ENV = "SCHOLARGRAPH_ARXIV_URL"
MIN_INTERVAL = 3.0  # seconds between requests (arXiv API terms of use)
MAX_PAGE_SIZE = 2000  # the API's largest slice per request
MAX_TOTAL = 30000  # the API does not page beyond this many results of one query
SORT_BY = ("relevance", "lastUpdatedDate", "submittedDate")
SORT_ORDER = ("ascending", "descending")

_ATOM = "{http://www.w3.org/2005/Atom}"
_OS = "{http://a9.com/-/spec/opensearch/1.1/}"
_PAGE_RE = re.compile(r"arxiv-\d{6,}\.xml")
_VERSION_RE = re.compile(r"v\d+$")


def split_ids(id_list: str | Iterable[str] | None) -> list[str]:
    """arXiv ids from a comma/space separated string or a list (blanks dropped, order kept)."""
    if id_list is None:
        return []
    items = re.split(r"[,\s]+", id_list) if isinstance(id_list, str) else [str(i) for i in id_list]
    return [i.strip() for i in items if i and i.strip()]


def query_url(
    base: str,
    *,
    query: str | None,
    id_list: list[str],
    start: int,
    max_results: int,
    sort_by: str = "relevance",
    sort_order: str = "descending",
) -> str:
    """The API URL of one page (parameters in a fixed order so the same request gives the same URL)."""
    params = [
        ("search_query", query or ""),
        ("id_list", ",".join(id_list)),
        ("sortBy", sort_by),
        ("sortOrder", sort_order),
        ("start", str(start)),
        ("max_results", str(max_results)),
    ]
    return f"{base}?{urllib.parse.urlencode(params)}"


def page_name(start: int) -> str:
    """File name of the page that starts at result ``start``.

    >>> page_name(40)
    'arxiv-000040.xml'
    """
    return f"arxiv-{start:06d}.xml"


def _error_summary(body: bytes) -> str | None:
    """The summary of an arXiv error feed (``<entry><id>…/api/errors#…``), else None."""
    root = ET.fromstring(body)
    for entry in root.iter(f"{_ATOM}entry"):
        if "/api/errors" in (entry.findtext(f"{_ATOM}id") or ""):
            return entry.findtext(f"{_ATOM}summary") or entry.findtext(f"{_ATOM}title")
    return None


def _parse_page(body: bytes, url: str) -> tuple[int | None, list[str]]:
    """(totalResults, entry ids) of one Atom page; FetchError if it is not an arXiv Atom feed or an error feed."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise FetchError(
            f"arXiv API answered something that is not Atom XML ({e}; starts with "
            f"{one_line(body[:80].decode('utf-8', 'replace'), 80)!r}) (GET {url}). "
            "How to fix: try again later; check --base-url / SCHOLARGRAPH_ARXIV_URL points to the arXiv API"
        ) from None
    if root.tag != f"{_ATOM}feed":
        raise FetchError(
            f"arXiv API answered XML whose root is <{root.tag}>, not an Atom <feed> (GET {url}). "
            "How to fix: check --base-url / SCHOLARGRAPH_ARXIV_URL points to the arXiv API query endpoint"
        )
    summary = _error_summary(body)
    if summary is not None:
        raise FetchError(
            f"arXiv API reported an error: {one_line(summary)} (GET {url}). "
            "How to fix: correct the query or the arXiv ids (e.g. 2104.12255 or astro-ph/0601001)"
        )
    total_text = root.findtext(f"{_OS}totalResults")
    try:
        total = int(total_text) if total_text is not None else None
    except ValueError:
        total = None
    ids = [(e.findtext(f"{_ATOM}id") or "").strip() for e in root.iter(f"{_ATOM}entry")]
    return total, ids


def _missing_ids(requested: list[str], returned: list[str]) -> list[str]:
    found: set[str] = set()
    for url in returned:
        key = url.split("/abs/", 1)[-1]
        found.add(key)
        found.add(_VERSION_RE.sub("", key))
    return [i for i in requested if i not in found]


def fetch_arxiv(
    query: str | None = None,
    id_list: str | Iterable[str] | None = None,
    *,
    out: str | os.PathLike[str],
    max_results: int = 100,
    page_size: int = 100,
    sort_by: str = "relevance",
    sort_order: str = "descending",
    overwrite: bool = False,
    base_url: str | None = None,
    opener: Opener | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    retries: int = 3,
    backoff: float = 3.0,
    timeout: float = 30.0,
) -> FetchResult:
    """Query the arXiv API and write each answered page to ``out/arxiv-<start>.xml``.

    ``query`` is an arXiv ``search_query`` (e.g. ``"cat:cs.DL AND abs:citation"``), ``id_list`` arXiv ids
    (a list or a comma-separated string); give either or both (both: the ids filtered by the query). At most
    ``max_results`` results are fetched, ``page_size`` per request (the last request asks only for what is
    left), with at least 3 seconds between requests (``sleep``/``clock`` are injectable for tests).
    ``base_url`` defaults to ``$SCHOLARGRAPH_ARXIV_URL`` or the public API; ``opener`` (url -> bytes)
    replaces the network. Pages with no entries are not written. Ids asked for but not returned are listed
    in ``result.missing`` (and logged). Raises FetchError when the API fails after ``retries`` retries,
    answers an error feed or something that is not Atom XML; ConfigError for bad parameters.
    """
    ids = split_ids(id_list)
    if not (query and query.strip()) and not ids:
        raise ConfigError("give query= (CLI: --query) or id_list= (CLI: --id-list); both are empty")
    check_int(max_results, "max_results", "fetch_arxiv", low=1, high=MAX_TOTAL)
    check_int(page_size, "page_size", "fetch_arxiv", low=1, high=MAX_PAGE_SIZE)
    if len(ids) > max_results:
        raise ConfigError(
            f"max_results ({max_results}) is smaller than the number of ids in id_list ({len(ids)}); "
            f"pass max_results={len(ids)} (CLI: --max-results {len(ids)}) or more"
        )
    if sort_by not in SORT_BY:
        raise ConfigError(f"sort_by must be one of {', '.join(SORT_BY)}, got {sort_by!r}")
    if sort_order not in SORT_ORDER:
        raise ConfigError(f"sort_order must be one of {', '.join(SORT_ORDER)}, got {sort_order!r}")
    base = check_base_url(base_url or os.environ.get(URL_ENV) or DEFAULT_URL, "base_url")
    out = page_dir(out, overwrite, _PAGE_RE, "arXiv")

    client = HttpClient(
        "arXiv",
        opener,
        min_interval=MIN_INTERVAL,
        retries=retries,
        backoff=backoff,
        timeout=timeout,
        sleep=sleep,
        clock=clock,
        describe_error=_error_summary,
    )
    result = FetchResult()
    returned: list[str] = []
    start = 0
    empty_retries = 0
    try:
        while start < max_results:
            n = min(page_size, max_results - start)
            url = query_url(
                base,
                query=query,
                id_list=ids,
                start=start,
                max_results=n,
                sort_by=sort_by,
                sort_order=sort_order,
            )
            body = client.get(url)
            total, entries = _parse_page(body, url)
            if total is not None:
                result.total = total
            available = min(max_results, result.total if result.total is not None else max_results)
            if not entries and start < available:
                # a known arXiv quirk: an empty page in the middle of a result set; asking again usually helps
                if empty_retries < retries:
                    empty_retries += 1
                    log.info("arXiv: empty page at start=%d of %s results; asking again", start, result.total)
                    continue
                raise FetchError(
                    f"arXiv API answered an empty page at start={start} although it reported {result.total} "
                    f"results (GET {url}). How to fix: arXiv does this under load; run the fetch again later"
                )
            empty_retries = 0
            if entries:
                path = out / page_name(start)
                path.write_bytes(body)
                result.files.append(path)
                result.records += len(entries)
                returned.extend(entries)
                log.info("arXiv: wrote %d entries to %s", len(entries), path)
                if len(entries) < n and start + len(entries) < available:
                    log.warning("arXiv: page at start=%d has %d of %d entries", start, len(entries), n)
            start += n
            if start >= available:
                break
    except FetchError as err:
        if result.files:
            raise FetchError(
                f"{err}; the {len(result.files)} page(s) fetched before the error are in {out}"
            ) from None
        raise
    finally:
        result.requests = list(client.requests)
    if ids:
        result.missing = _missing_ids(ids, returned)
        if result.missing:
            log.info("arXiv: %d id(s) not found: %s", len(result.missing), ", ".join(result.missing))
    return result
