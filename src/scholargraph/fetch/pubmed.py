"""Fetch PubMed records with the NCBI E-utilities into PubMed XML files the PubMed reader reads.

Two ways to choose records:

* a search: ``esearch`` (``db=pubmed``, the query in PubMed syntax, optionally a date range ``mindate`` /
  ``maxdate`` on ``datetype`` -- ``pdat`` publication date by default) with ``usehistory=y``: NCBI keeps the
  result set on its history server and answers a ``WebEnv`` and ``query_key``; then ``efetch`` pages through
  that set (``retstart``/``retmax``) -- no PMID list travels back and forth, however large the set;
* a list of PMIDs: ``efetch`` with ``id=`` in batches.

``efetch`` asks for ``retmode=xml`` in batches of at most 200 records (``page_size``). Each answered page is
written unchanged to ``OUT/pubmed-<retstart>.xml`` (zero-padded so the files sort in fetch order); ``scholargraph
read OUT`` reads them. Every request carries ``tool=scholargraph`` and, when given, ``email=`` and ``api_key=``
(default ``$NCBI_API_KEY``), as NCBI asks. Rate limits (NCBI): at most 3 requests per second without an API key,
10 with one; the client spaces requests 0.34 s or 0.1 s apart.

Errors: an esearch answer with an ``ERROR`` (a malformed query), an answer that is not JSON / not PubMed XML,
or a page that holds no records although the set says there are more raise FetchError; HTTP 429 / 5xx are
retried by :class:`~scholargraph.fetch._http.HttpClient` (honouring ``Retry-After``).

>>> eutils_url("https://eutils.ncbi.nlm.nih.gov/entrez/eutils", "esearch", {"db": "pubmed", "term": "psoas abscess", "retmax": 0})
'https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi?db=pubmed&term=psoas+abscess&retmax=0'
>>> split_pmids("30514039, PMID:30045346 30045346")
['30514039', '30045346']
>>> page_name(200)
'pubmed-000200.xml'
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import Any

from .._validation import check_int
from ..errors import ConfigError, FetchError
from ..model import normalize_pmid
from ._http import FetchResult, HttpClient, Opener, check_base_url, one_line, page_dir, redact

__all__ = [
    "DEFAULT_URL",
    "MAX_PAGE_SIZE",
    "DATE_TYPES",
    "fetch_pubmed",
    "eutils_url",
    "split_pmids",
    "page_name",
]

log = logging.getLogger(__name__)

DEFAULT_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
URL_ENV = "SCHOLARGRAPH_PUBMED_URL"
KEY_ENV = "NCBI_API_KEY"
EMAIL_ENV = "NCBI_EMAIL"
INTERVAL_NO_KEY = 0.34  # NCBI: at most 3 requests per second without an API key
INTERVAL_KEY = 0.1  # 10 per second with one
MAX_PAGE_SIZE = 200  # records per efetch request
MAX_TOTAL = 10000  # since 2022 the PubMed E-utilities return only the first 10,000 records of a search
DATE_TYPES = ("pdat", "edat", "mdat")
_DATE_RE = re.compile(r"\d{4}(/\d{1,2}(/\d{1,2})?)?")
_PAGE_RE = re.compile(r"pubmed-\d{6,}\.xml")


def eutils_url(base: str, tool: str, params: dict[str, Any]) -> str:
    """The URL of one E-utility (``esearch`` / ``efetch``) with ``params`` in the order given (None left out)."""
    query = urllib.parse.urlencode([(k, str(v)) for k, v in params.items() if v is not None])
    return f"{base.rstrip('/')}/{tool}.fcgi?{query}"


def split_pmids(ids: str | Iterable[str] | None) -> list[str]:
    """PMIDs from a comma/space separated string or a list (normalised, duplicates dropped, order kept);
    ConfigError names a value that is not a PMID."""
    if ids is None:
        return []
    items = re.split(r"[,;\s]+", ids) if isinstance(ids, str) else [str(i) for i in ids]
    out: list[str] = []
    for item in (i.strip() for i in items):
        if not item or item.upper() == "PMID:":
            continue
        pmid = normalize_pmid(item)
        if pmid is None:
            raise ConfigError(f"pmids must be PubMed ids like 30514039, got {item!r}")
        if pmid not in out:
            out.append(pmid)
    return out


def page_name(retstart: int) -> str:
    """File name of the efetch page that starts at record ``retstart``."""
    return f"pubmed-{retstart:06d}.xml"


def _check_date(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    value = str(value).strip().replace("-", "/")
    if not _DATE_RE.fullmatch(value):
        raise ConfigError(f"{name} must be a date like 2019, 2019/05 or 2019/05/31, got {value!r}")
    return value


def _esearch_error(body: bytes) -> str | None:
    data = json.loads(body)
    if isinstance(data, dict):
        if data.get("error"):
            return str(data["error"])
        result = data.get("esearchresult")
        if isinstance(result, dict) and result.get("ERROR"):
            return str(result["ERROR"])
    return None


def _parse_esearch(body: bytes, url: str) -> tuple[int, str, str]:
    """(count, WebEnv, query_key) of an esearch JSON answer; FetchError when it is not one or reports an error."""
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise FetchError(
            f"PubMed esearch answered something that is not JSON ({one_line(str(e), 80)}; starts with "
            f"{one_line(body[:80].decode('utf-8', 'replace'), 80)!r}) (GET {redact(url)}). "
            "How to fix: try again later; check --base-url / SCHOLARGRAPH_PUBMED_URL points to the E-utilities"
        ) from None
    error = _esearch_error(body)
    if error:
        raise FetchError(
            f"PubMed esearch reported an error: {one_line(error)} (GET {redact(url)}). "
            "How to fix: check the query syntax (PubMed search syntax, e.g. 'psoas abscess[tiab] AND drainage')"
        )
    result = data.get("esearchresult") if isinstance(data, dict) else None
    if (
        not isinstance(result, dict)
        or "count" not in result
        or "webenv" not in result
        or "querykey" not in result
    ):
        raise FetchError(
            f"PubMed esearch answered JSON without count, webenv and querykey (GET {redact(url)}). "
            "How to fix: check --base-url / SCHOLARGRAPH_PUBMED_URL points to the E-utilities"
        )
    try:
        count = int(result["count"])
    except (TypeError, ValueError):
        raise FetchError(
            f"PubMed esearch answered a count that is not a number: {result['count']!r}"
        ) from None
    return count, str(result["webenv"]), str(result["querykey"])


def _efetch_error(body: bytes) -> str | None:
    text = body.decode("utf-8", "replace")
    m = re.search(r"<ERROR>(.*?)</ERROR>", text, re.S) or re.search(r'"error"\s*:\s*"([^"]+)"', text)
    return m.group(1) if m else None


def _parse_page(body: bytes, url: str) -> list[str]:
    """PMIDs of the records of one efetch page; FetchError when it is not PubMed XML."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        error = _efetch_error(body)
        raise FetchError(
            f"PubMed efetch answered something that is not XML ({error or e}; starts with "
            f"{one_line(body[:80].decode('utf-8', 'replace'), 80)!r}) (GET {redact(url)}). "
            "How to fix: try again later (an expired WebEnv needs a new search); check --base-url"
        ) from None
    if root.tag != "PubmedArticleSet":
        error = root.findtext(".//ERROR")
        raise FetchError(
            f"PubMed efetch answered <{root.tag}>, not <PubmedArticleSet>"
            + (f": {one_line(error)}" if error else "")
            + f" (GET {redact(url)}). How to fix: run the fetch again (a WebEnv expires after some hours)"
        )
    pmids = []
    for rec in list(root):
        if rec.tag in ("PubmedArticle", "PubmedBookArticle"):
            pmids.append(
                (rec.findtext("MedlineCitation/PMID") or rec.findtext("BookDocument/PMID") or "").strip()
            )
    return pmids


def fetch_pubmed(
    query: str | None = None,
    pmids: str | Iterable[str] | None = None,
    *,
    out: str | os.PathLike[str],
    mindate: str | None = None,
    maxdate: str | None = None,
    datetype: str = "pdat",
    max_results: int = 1000,
    page_size: int = MAX_PAGE_SIZE,
    api_key: str | None = None,
    email: str | None = None,
    overwrite: bool = False,
    base_url: str | None = None,
    opener: Opener | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    retries: int = 3,
    backoff: float = 1.0,
    timeout: float = 30.0,
) -> FetchResult:
    """Search PubMed (``query``, optional ``mindate``/``maxdate``) or take ``pmids``, and write the records as
    PubMed XML pages ``out/pubmed-<retstart>.xml``.

    At most ``max_results`` records, ``page_size`` (<= 200) per efetch request. ``api_key`` defaults to
    ``$NCBI_API_KEY`` (10 requests/s instead of 3), ``email`` to ``$NCBI_EMAIL``. ``base_url`` defaults to
    ``$SCHOLARGRAPH_PUBMED_URL`` or NCBI's; ``opener`` (url -> bytes) replaces the network. ``result.total``
    is the number of records the search found; ``result.missing`` the PMIDs asked for but not returned.
    Raises FetchError when the API fails after ``retries`` retries or answers something unreadable (the pages
    fetched so far stay in ``out``); ConfigError for bad parameters.
    """
    ids = split_pmids(pmids)
    if not (query and query.strip()) and not ids:
        raise ConfigError("give query= (CLI: --query) or pmids= (CLI: --pmids); both are empty")
    if query and query.strip() and ids:
        raise ConfigError(
            "give query= or pmids=, not both (to narrow a PMID list, add the PMIDs to the query)"
        )
    check_int(max_results, "max_results", "fetch_pubmed", low=1, high=MAX_TOTAL)
    check_int(page_size, "page_size", "fetch_pubmed", low=1, high=MAX_PAGE_SIZE)
    if datetype not in DATE_TYPES:
        raise ConfigError(f"datetype must be one of {', '.join(DATE_TYPES)}, got {datetype!r}")
    mindate, maxdate = _check_date("mindate", mindate), _check_date("maxdate", maxdate)
    if ids and (mindate or maxdate):
        raise ConfigError("mindate/maxdate narrow a search; they cannot be used with pmids=")
    if bool(mindate) != bool(maxdate):
        raise ConfigError("give both mindate and maxdate (E-utilities need both ends of a date range)")
    api_key = api_key or os.environ.get(KEY_ENV) or None
    email = email or os.environ.get(EMAIL_ENV) or None
    base = check_base_url(base_url or os.environ.get(URL_ENV) or DEFAULT_URL, "base_url")
    out = page_dir(out, overwrite, _PAGE_RE, "PubMed")
    client = HttpClient(
        "PubMed",
        opener,
        min_interval=INTERVAL_KEY if api_key else INTERVAL_NO_KEY,
        retries=retries,
        backoff=backoff,
        timeout=timeout,
        sleep=sleep,
        clock=clock,
        describe_error=_efetch_error,
    )
    common = {"tool": "scholargraph", "email": email, "api_key": api_key}
    result = FetchResult()
    returned: list[str] = []
    try:
        if ids:
            batches = [ids[i : i + page_size] for i in range(0, min(len(ids), max_results), page_size)]
            pages = [({"id": ",".join(b)}, i * page_size, len(b)) for i, b in enumerate(batches)]
            result.total = len(ids)
        else:
            search = {"db": "pubmed", "term": query, "usehistory": "y", "retmax": 0, "retmode": "json"}
            if mindate:
                search.update(datetype=datetype, mindate=mindate, maxdate=maxdate)
            url = eutils_url(base, "esearch", {**search, **common})
            count, webenv, key = _parse_esearch(client.get(url), url)
            result.total = count
            n = min(count, max_results)
            pages = [
                ({"query_key": key, "WebEnv": webenv}, start, min(page_size, n - start))
                for start in range(0, n, page_size)
            ]
        for params, start, size in pages:
            fetch = {"db": "pubmed", **params, "retstart": start, "retmax": size, "retmode": "xml"}
            if "id" in params:
                fetch.pop("retstart")
            url = eutils_url(base, "efetch", {**fetch, **common})
            body = client.get(url)
            got = _parse_page(body, url)
            if not got:
                raise FetchError(
                    f"PubMed efetch answered no records for retstart={start} although {size} were expected "
                    f"(GET {redact(url)}). How to fix: run the fetch again later"
                )
            path = out / page_name(start)
            path.write_bytes(body)
            result.files.append(path)
            result.records += len(got)
            returned.extend(got)
            log.info("PubMed: wrote %d records to %s", len(got), path)
    except FetchError as err:
        if result.files:
            raise FetchError(
                f"{err}; the {len(result.files)} page(s) fetched before the error are in {out}"
            ) from None
        raise
    finally:
        result.requests = list(client.requests)
    if ids:
        found = set(returned)
        result.missing = [i for i in ids[:max_results] if i not in found]
        if result.missing:
            log.info("PubMed: %d PMID(s) not returned: %s", len(result.missing), ", ".join(result.missing))
    return result
