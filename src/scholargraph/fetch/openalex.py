"""Fetch works from the OpenAlex API (``api.openalex.org/works``) into a JSONL file the OpenAlex reader reads.

Three ways to choose works:

* a search and/or filter: ``search="knowledge graph"``, ``filter="publication_year:2024,type:article"``;
* the references of seed papers (``seed="W2741809807", direction="references"``): the seeds'
  ``referenced_works`` are fetched in batches with ``filter=openalex:W1|W2|…``;
* the works citing seed papers (``direction="citations"``): ``filter=cites:W1|W2``; ``"both"`` does both.

Every list is paged with OpenAlex cursors (``cursor=*``, then ``meta.next_cursor`` until it is null), up to
200 works per page. Each work is written as one JSON line, unchanged; duplicates (the same work reached twice)
are written once. ``mailto=`` (the polite pool) and ``api_key=`` are added when given.

>>> works_url("https://api.openalex.org", {"filter": "cites:W2741809807", "per_page": 200, "cursor": "*"})
'https://api.openalex.org/works?filter=cites%3AW2741809807&per_page=200&cursor=%2A'
>>> split_seeds("https://openalex.org/W2741809807|w3046863325")
['W2741809807', 'W3046863325']
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
from ._http import FetchResult, HttpClient, Opener, check_base_url, check_email, one_line, out_file, redact

__all__ = [
    "DEFAULT_URL",
    "MAX_PER_PAGE",
    "OR_BATCH",
    "DIRECTIONS",
    "fetch_openalex",
    "works_url",
    "split_seeds",
]

log = logging.getLogger(__name__)

DEFAULT_URL = "https://api.openalex.org"
URL_ENV = "SCHOLARGRAPH_OPENALEX_URL"
EMAIL_ENV = "OPENALEX_EMAIL"
KEY_ENV = "OPENALEX_API_KEY"
MIN_INTERVAL = 0.1  # OpenAlex allows 10 requests per second
MAX_PER_PAGE = 200
OR_BATCH = 50  # ids per filter=openalex:W1|W2|… request (OpenAlex accepts up to 100 values per OR filter)
DIRECTIONS = ("references", "citations", "both")

_WORK_RE = re.compile(r"^(?:https?://(?:api\.)?openalex\.org/(?:works/)?)?(W\d+)$", re.I)


def split_seeds(seed: str | Iterable[str] | None) -> list[str]:
    """OpenAlex work ids (``W123``) from ``W1|W2``, ``W1,W2``, URLs or a list; ConfigError names a bad one."""
    if seed is None:
        return []
    items = re.split(r"[|,\s]+", seed) if isinstance(seed, str) else [str(s) for s in seed]
    ids: list[str] = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        m = _WORK_RE.match(item)
        if not m:
            raise ConfigError(
                f"seed must be OpenAlex work ids like W2741809807 (or https://openalex.org/W2741809807), got {item!r}"
            )
        wid = m.group(1).upper()
        if wid not in ids:
            ids.append(wid)
    return ids


def works_url(base: str, params: dict[str, Any]) -> str:
    """The ``/works`` URL with ``params`` in the order given (None values left out)."""
    query = urllib.parse.urlencode([(k, str(v)) for k, v in params.items() if v is not None])
    return f"{base.rstrip('/')}/works?{query}"


def _short(work_id: str) -> str:
    return str(work_id).rsplit("/", 1)[-1].upper()


def _error_message(body: bytes) -> str | None:
    data = json.loads(body)
    if isinstance(data, dict):
        parts = [str(data[k]) for k in ("error", "message") if data.get(k)]
        return " - ".join(parts) or None
    return None


def _parse_page(body: bytes, url: str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise FetchError(
            f"OpenAlex API answered something that is not JSON ({e.__class__.__name__}: {one_line(str(e), 80)}; "
            f"starts with {one_line(body[:80].decode('utf-8', 'replace'), 80)!r}) (GET {redact(url)}). "
            "How to fix: try again later; check --base-url / SCHOLARGRAPH_OPENALEX_URL points to the OpenAlex API"
        ) from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("results"), list)
        or not isinstance(data.get("meta"), dict)
    ):
        raise FetchError(
            "OpenAlex API answered JSON without a 'results' list and a 'meta' object "
            f"(GET {redact(url)}). How to fix: check --base-url / SCHOLARGRAPH_OPENALEX_URL points to the OpenAlex API"
        )
    return data


class _Writer:
    """Writes works as JSON lines, each work id once, up to ``limit`` works."""

    def __init__(self, fh: TextIO, limit: int) -> None:
        self.fh = fh
        self.limit = limit
        self.seen: set[str] = set()
        self.count = 0

    @property
    def full(self) -> bool:
        return self.count >= self.limit

    def write(self, work: dict[str, Any]) -> bool:
        wid = work.get("id")
        key = _short(wid) if wid else None
        if key is not None and key in self.seen:
            return False
        if self.full:
            return False
        if key is not None:
            self.seen.add(key)
        self.fh.write(json.dumps(work, ensure_ascii=False) + "\n")
        self.count += 1
        return True


class _Session:
    def __init__(self, client: HttpClient, base: str, auth: dict[str, str | None], per_page: int) -> None:
        self.client = client
        self.base = base
        self.auth = auth
        self.per_page = per_page
        self.total: int | None = None

    def pages(self, *, search: str | None, filter: str | None) -> Iterator[list[dict[str, Any]]]:
        """The results of every page of one list query, following the cursor until it ends."""
        cursor: str | None = "*"
        first = True
        while cursor:
            params = {
                "search": search,
                "filter": filter,
                "per_page": self.per_page,
                "cursor": cursor,
                **self.auth,
            }
            url = works_url(self.base, params)
            data = _parse_page(self.client.get(url), url)
            if first:
                count = data["meta"].get("count")
                if isinstance(count, int):
                    self.total = (self.total or 0) + count
                first = False
            results = data["results"]
            bad = next((i for i, w in enumerate(results, 1) if not isinstance(w, dict)), None)
            if bad is not None:
                raise FetchError(
                    f"OpenAlex API answered a page whose result {bad} is not a work object (GET {redact(url)}). "
                    "How to fix: check --base-url / SCHOLARGRAPH_OPENALEX_URL points to the OpenAlex API"
                )
            if not results:
                return
            yield results
            cursor = data["meta"].get("next_cursor")


def _join(*filters: str | None) -> str | None:
    parts = [f for f in filters if f]
    return ",".join(parts) if parts else None


def fetch_openalex(
    search: str | None = None,
    filter: str | None = None,
    seed: str | Iterable[str] | None = None,
    direction: str = "references",
    *,
    out: str | os.PathLike[str],
    email: str | None = None,
    api_key: str | None = None,
    max_results: int = 1000,
    page_size: int = MAX_PER_PAGE,
    include_seed: bool = True,
    overwrite: bool = False,
    base_url: str | None = None,
    opener: Opener | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    retries: int = 3,
    backoff: float = 1.0,
    timeout: float = 30.0,
) -> FetchResult:
    """Fetch OpenAlex works and write them, one JSON work per line, to the file ``out``.

    Without ``seed``: the works matching ``search`` and/or ``filter`` (OpenAlex syntax). With ``seed`` (one
    or more work ids): the seeds themselves (unless ``include_seed=False``), then their references
    (``direction="references"``), the works citing them (``"citations"``) or both; ``filter`` then narrows
    those lists (e.g. ``"publication_year:>2020"``). At most ``max_results`` works are written,
    ``page_size`` (<= 200) per request. ``email`` (default ``$OPENALEX_EMAIL``) joins the polite pool,
    ``api_key`` (default ``$OPENALEX_API_KEY``) is sent as ``api_key=``. ``base_url`` defaults to
    ``$SCHOLARGRAPH_OPENALEX_URL`` or the public API; ``opener`` (url -> bytes) replaces the network.

    The file is written to ``out + ".part"`` and renamed when complete. Referenced works OpenAlex did not
    return are listed in ``result.missing``. Raises FetchError when the API fails after ``retries`` retries
    or answers something unreadable (the works fetched so far stay in the ``.part`` file); ConfigError for
    bad parameters.
    """
    seeds = split_seeds(seed)
    if not seeds and not (search and search.strip()) and not (filter and filter.strip()):
        raise ConfigError("give search=, filter= or seed= (CLI: --search, --filter, --seed); all are empty")
    if direction not in DIRECTIONS:
        raise ConfigError(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    check_int(max_results, "max_results", "fetch_openalex", low=1)
    check_int(page_size, "page_size", "fetch_openalex", low=1, high=MAX_PER_PAGE)
    email = check_email(email or os.environ.get(EMAIL_ENV) or None, "email", "fetch_openalex")
    api_key = api_key or os.environ.get(KEY_ENV) or None
    if email is None and api_key is None:
        log.info("OpenAlex: no e-mail or API key given; set OPENALEX_EMAIL or OPENALEX_API_KEY to be polite")
    base = check_base_url(base_url or os.environ.get(URL_ENV) or DEFAULT_URL, "base_url")
    out = out_file(out, overwrite)
    part = out.with_name(out.name + ".part")

    client = HttpClient(
        "OpenAlex",
        opener,
        min_interval=MIN_INTERVAL,
        retries=retries,
        backoff=backoff,
        timeout=timeout,
        sleep=sleep,
        clock=clock,
        describe_error=_error_message,
    )
    session = _Session(client, base, {"mailto": email, "api_key": api_key}, page_size)
    result = FetchResult()
    try:
        with part.open("w", encoding="utf-8", newline="\n") as fh:
            writer = _Writer(fh, max_results)
            try:
                if seeds:
                    _snowball(session, writer, result, seeds, direction, search, filter, include_seed)
                else:
                    for results in session.pages(search=search, filter=filter):
                        for work in results:
                            writer.write(work)
                        if writer.full:
                            break
                    result.total = session.total
            except FetchError as err:
                fh.flush()
                raise FetchError(
                    f"{err}; the {writer.count} work(s) fetched before the error are in {part}"
                ) from None
            result.records = writer.count
    finally:
        result.requests = list(client.requests)
    part.replace(out)
    result.files = [out]
    return result


def _snowball(
    session: _Session,
    writer: _Writer,
    result: FetchResult,
    seeds: list[str],
    direction: str,
    search: str | None,
    filter: str | None,
    include_seed: bool,
) -> None:
    # 1. the seeds themselves (their referenced_works are needed for the references direction)
    seed_works: dict[str, dict[str, Any]] = {}
    for results in session.pages(search=None, filter=f"openalex:{'|'.join(seeds)}"):
        for work in results:
            seed_works.setdefault(_short(work.get("id", "")), work)
    missing_seeds = [s for s in seeds if s not in seed_works]
    if len(missing_seeds) == len(seeds):
        raise FetchError(
            f"OpenAlex has no work with the seed id(s) {', '.join(seeds)}. "
            "How to fix: check the ids (https://openalex.org/W… ids, e.g. W2741809807)"
        )
    if missing_seeds:
        log.info("OpenAlex: seed(s) not found: %s", ", ".join(missing_seeds))
    result.missing.extend(missing_seeds)
    if include_seed:
        for s in seeds:
            if s in seed_works:
                writer.write(seed_works[s])
    session.total = None
    # 2. references: the union of the seeds' referenced_works, fetched by id in batches
    if direction in ("references", "both"):
        refs = sorted(
            {_short(r) for w in seed_works.values() for r in (w.get("referenced_works") or [])},
            key=lambda w: int(w[1:]) if w[1:].isdigit() else 0,
        )
        returned: set[str] = set()
        for i in range(0, len(refs), OR_BATCH):
            if writer.full:
                break
            batch = refs[i : i + OR_BATCH]
            for results in session.pages(search=search, filter=_join(f"openalex:{'|'.join(batch)}", filter)):
                for work in results:
                    returned.add(_short(work.get("id", "")))
                    writer.write(work)
                if writer.full:
                    break
        if not writer.full and not search and not filter:
            lost = [r for r in refs if r not in returned]
            if lost:
                log.info("OpenAlex: %d referenced work(s) not returned: %s", len(lost), ", ".join(lost))
            result.missing.extend(lost)
    # 3. citations: works whose referenced_works contain a seed
    if direction in ("citations", "both") and not writer.full:
        found = [s for s in seeds if s in seed_works]
        for results in session.pages(search=search, filter=_join(f"cites:{'|'.join(found)}", filter)):
            for work in results:
                writer.write(work)
            if writer.full:
                break
    result.total = session.total
