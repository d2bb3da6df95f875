"""Fetch the references and citations of a list of DOIs from OpenCitations into a JSONL file the OpenCitations
reader reads: one step of snowballing out from a corpus.

For each DOI: ``references/<doi>`` (the works it cites), ``citations/<doi>`` (the works citing it) -- or both,
``direction`` -- and, unless ``metadata=False``, its bibliographic record. Every row the API answers is written
as one JSON line, unchanged (a citation reached twice, by its ``oci``, is written once). Reading the file gives
the seeds with their records and references, and every citing work as a title-less stub holding its reference
to the seed (see :mod:`scholargraph.readers.opencitations`).

Two API versions:

* ``"v2"`` (default): the OpenCitations Index API v2, ``https://api.opencitations.net/index/v2/references/doi:<doi>``
  (rows with id lists ``"omid:... doi:... pmid:..."``); metadata from the OpenCitations Meta API,
  ``https://api.opencitations.net/meta/v1/metadata/doi:<doi>``;
* ``"v1"``: the older COCI API, ``https://opencitations.net/index/coci/api/v1/references/<doi>`` and
  ``.../metadata/<doi>`` (bare DOIs), which the recordings in ../shared were made with.

A DOI OpenCitations does not know answers an empty list: it is reported in ``result.missing`` (when neither
its record nor any citation came back). Requests are spaced 0.2 s apart; HTTP 429/5xx are retried.

>>> endpoint_url("https://api.opencitations.net/index/v2", "references", "10.1108/JD-12-2013-0166", "v2")
'https://api.opencitations.net/index/v2/references/doi:10.1108/jd-12-2013-0166'
>>> endpoint_url("https://opencitations.net/index/coci/api/v1", "citations", "10.1108/jd-12-2013-0166", "v1")
'https://opencitations.net/index/coci/api/v1/citations/10.1108/jd-12-2013-0166'
"""

from __future__ import annotations

import json
import logging
import os
import time
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from .._validation import check_int
from ..errors import ConfigError, FetchError
from ._http import FetchResult, HttpClient, Opener, check_base_url, one_line, out_file, redact
from .crossref import split_dois, write_jsonl

__all__ = ["DEFAULT_URLS", "DIRECTIONS", "VERSIONS", "fetch_opencitations", "endpoint_url"]

log = logging.getLogger(__name__)

VERSIONS = ("v2", "v1")
DEFAULT_URLS = {
    "v2": ("https://api.opencitations.net/index/v2", "https://api.opencitations.net/meta/v1"),
    "v1": ("https://opencitations.net/index/coci/api/v1", "https://opencitations.net/index/coci/api/v1"),
}
URL_ENV = "SCHOLARGRAPH_OPENCITATIONS_URL"
META_URL_ENV = "SCHOLARGRAPH_OPENCITATIONS_META_URL"
MIN_INTERVAL = 0.2
DIRECTIONS = ("references", "citations", "both")


def endpoint_url(base: str, operation: str, doi: str, version: str) -> str:
    """The URL of ``operation`` (references, citations, metadata) for one DOI in API ``version``."""
    ident = f"doi:{doi.lower()}" if version == "v2" else doi.lower()
    return f"{base.rstrip('/')}/{operation}/{urllib.parse.quote(ident, safe='/:;()<>')}"


def _parse(body: bytes, url: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise FetchError(
            f"OpenCitations API answered something that is not JSON ({one_line(str(e), 80)}; starts with "
            f"{one_line(body[:80].decode('utf-8', 'replace'), 80)!r}) (GET {redact(url)}). "
            "How to fix: try again later; check --base-url / SCHOLARGRAPH_OPENCITATIONS_URL"
        ) from None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise FetchError(
            f"OpenCitations API answered {type(data).__name__}, not a list of rows (GET {redact(url)}). "
            "How to fix: check --base-url and --api-version (v1 COCI or v2 Index)"
        )
    return data


def fetch_opencitations(
    dois: str | Iterable[str],
    direction: str = "both",
    *,
    out: str | os.PathLike[str],
    metadata: bool = True,
    version: str = "v2",
    max_results: int = 100000,
    overwrite: bool = False,
    base_url: str | None = None,
    meta_url: str | None = None,
    opener: Opener | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    retries: int = 3,
    backoff: float = 1.0,
    timeout: float = 30.0,
) -> FetchResult:
    """Fetch the references and/or citations (``direction``) of ``dois`` and, with ``metadata``, their records;
    write every row as one JSON line to the file ``out``.

    At most ``max_results`` rows. ``version`` picks the API (``"v2"`` Index + Meta, ``"v1"`` COCI);
    ``base_url`` / ``meta_url`` default to ``$SCHOLARGRAPH_OPENCITATIONS_URL`` /
    ``$SCHOLARGRAPH_OPENCITATIONS_META_URL`` or the public addresses (for v1 the records come from
    ``base_url`` itself). ``result.missing`` lists the DOIs for
    which OpenCitations answered nothing at all. FetchError / ConfigError as the other fetchers.
    """
    ids = split_dois(dois)
    if not ids:
        raise ConfigError("give dois= (CLI: --dois), the DOIs to snowball from; it is empty")
    if direction not in DIRECTIONS:
        raise ConfigError(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    if version not in VERSIONS:
        raise ConfigError(f"version must be one of {', '.join(VERSIONS)}, got {version!r}")
    check_int(max_results, "max_results", "fetch_opencitations", low=1)
    base = check_base_url(base_url or os.environ.get(URL_ENV) or DEFAULT_URLS[version][0], "base_url")
    # COCI v1 serves the records itself; v2 records come from the separate Meta API
    meta_default = base if version == "v1" else DEFAULT_URLS[version][1]
    meta = check_base_url(meta_url or os.environ.get(META_URL_ENV) or meta_default, "meta_url")
    out = out_file(out, overwrite, "citations.jsonl")
    part = out.with_name(out.name + ".part")
    client = HttpClient(
        "OpenCitations",
        opener,
        min_interval=MIN_INTERVAL,
        retries=retries,
        backoff=backoff,
        timeout=timeout,
        sleep=sleep,
        clock=clock,
    )
    operations = [op for op in ("references", "citations") if direction in (op, "both")]
    result = FetchResult()
    seen: set[str] = set()
    written = 0
    try:
        with part.open("w", encoding="utf-8", newline="\n") as fh:
            try:
                for doi in ids:
                    answered = 0
                    calls = [(meta, "metadata")] if metadata else []
                    for where, op in [*calls, *((base, op) for op in operations)]:
                        if written >= max_results:
                            break
                        url = endpoint_url(where, op, doi, version)
                        rows = _parse(client.get(url), url)
                        answered += len(rows)
                        for row in rows:
                            key = str(row.get("oci") or row.get("id") or row.get("doi") or json.dumps(row))
                            if key in seen or written >= max_results:
                                continue
                            seen.add(key)
                            write_jsonl(fh, row)
                            written += 1
                    if not answered:
                        result.missing.append(doi)
            except FetchError as err:
                fh.flush()
                raise FetchError(
                    f"{err}; the {written} row(s) fetched before the error are in {part}"
                ) from None
    finally:
        result.requests = list(client.requests)
        result.records = written
    if result.missing:
        log.info(
            "OpenCitations: nothing known for %d DOI(s): %s", len(result.missing), ", ".join(result.missing)
        )
    part.replace(out)
    result.files = [out]
    return result
