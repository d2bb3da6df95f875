"""Shared HTTP for the online fetchers: stdlib ``urllib`` only, with retries, backoff, rate limiting and timeouts.

An *opener* is any function ``url -> bytes``. The default one (:func:`urllib_opener`) sends a User-Agent that
names scholargraph; tests pass their own opener that replays recorded responses, so nothing touches the
network. :class:`HttpClient` wraps an opener with

* a minimum interval between requests (arXiv asks for one request every 3 seconds), measured with an
  injectable ``clock`` and enforced with an injectable ``sleep`` so tests can use a fake clock;
* retries with exponential backoff for transient failures (connection errors, timeouts, HTTP 429 and 5xx;
  a ``Retry-After`` header is honoured);
* a :class:`~scholargraph.errors.FetchError` with a one-line message for everything else.

>>> redact("https://api.openalex.org/works?search=x&api_key=SECRET&mailto=a%40b.org")
'https://api.openalex.org/works?search=x&api_key=***&mailto=a%40b.org'
>>> one_line("  An error\\n   spread over\\tlines ", limit=16)
'An error spread…'
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from .. import __version__
from .._progress import advance
from .._validation import check_int, fail
from ..errors import ConfigError, FetchError

__all__ = [
    "Opener",
    "USER_AGENT",
    "RETRY_STATUSES",
    "FetchResult",
    "HttpClient",
    "urllib_opener",
    "redact",
    "one_line",
    "check_base_url",
    "out_file",
    "page_dir",
]

log = logging.getLogger(__name__)

Opener = Callable[[str], bytes]

USER_AGENT = f"scholargraph/{__version__} (literature knowledge-graph toolkit; Python-urllib)"

# HTTP statuses worth retrying: rate limited, or the server is having a bad moment.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

_SECRET_PARAMS = ("api_key",)


@dataclass
class FetchResult:
    """What a fetch wrote: the files, the number of records in them, the requests sent and what was missing.

    ``requests`` are the URLs in the order sent (secrets redacted), ``total`` the number of results the API
    reported as available (None if it did not say), ``missing`` the ids that were asked for but not returned.
    """

    files: list[Path] = field(default_factory=list)
    records: int = 0
    requests: list[str] = field(default_factory=list)
    total: int | None = None
    missing: list[str] = field(default_factory=list)


def redact(url: str) -> str:
    """The URL with secret query parameters (``api_key``) replaced by ``***``, for logs and messages."""
    for name in _SECRET_PARAMS:
        url = re.sub(rf"([?&]{name}=)[^&#]*", r"\1***", url)
    return url


def one_line(text: str, limit: int = 200) -> str:
    """Whitespace collapsed to single spaces and cut to ``limit`` characters (for one-line error messages)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check_email(value: str | None, name: str, owner: str) -> str | None:
    """``value`` if it is None or looks like an e-mail address (the polite pools' contact); else ConfigError.

    >>> check_email("name@example.org", "mailto", "fetch_crossref")
    'name@example.org'
    >>> check_email("nobody", "email", "fetch_openalex")
    Traceback (most recent call last):
    ...
    scholargraph.errors.ConfigError: The 'email' parameter of fetch_openalex must be an e-mail address like name@example.org, got 'nobody'.
    """
    if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise fail(name, owner, "an e-mail address like name@example.org", value)
    return value


def check_base_url(url: str, parameter: str) -> str:
    """Validate an API base URL (http or https with a host); ConfigError names the parameter otherwise.

    >>> check_base_url("http://127.0.0.1:9/api/query", "base_url")
    'http://127.0.0.1:9/api/query'
    >>> check_base_url("file:///etc/passwd", "base_url")
    Traceback (most recent call last):
    ...
    scholargraph.errors.ConfigError: base_url must be an http:// or https:// URL with a host, got 'file:///etc/passwd'
    """
    parts = urllib.parse.urlsplit(str(url))
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(f"{parameter} must be an http:// or https:// URL with a host, got {url!r}")
    return str(url)


def out_file(out: str | os.PathLike[str], overwrite: bool, example: str = "works.jsonl") -> Path:
    """The path of a one-file fetch output (its folder created); ConfigError for a directory, or for an existing
    file unless ``overwrite``."""
    path = Path(out)
    if path.is_dir():
        raise ConfigError(f"out must be a file path (e.g. {example}), got the directory {str(path)!r}")
    if path.exists() and not overwrite:
        raise ConfigError(
            f"out file {str(path)!r} already exists; pass overwrite=True (CLI: --overwrite) or choose another file"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def page_dir(out: str | os.PathLike[str], overwrite: bool, pattern: re.Pattern[str], what: str) -> Path:
    """The output directory of a fetch that writes one file per page (created): ConfigError for a file, or when
    it already holds page files (names matching ``pattern``) unless ``overwrite``, which deletes them (and
    only them)."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise ConfigError(f"out must be a directory for the {what} pages, got the file {str(path)!r}")
    path.mkdir(parents=True, exist_ok=True)
    old = sorted(p for p in path.iterdir() if pattern.fullmatch(p.name))
    if old and not overwrite:
        raise ConfigError(
            f"out directory {str(path)!r} already holds {len(old)} {what} page file(s) ({old[0].name}, …); "
            "pass overwrite=True (CLI: --overwrite) to replace them, or choose another directory"
        )
    for p in old:
        p.unlink()
    return path


def urllib_opener(*, timeout: float = 30.0, user_agent: str = USER_AGENT, accept: str = "*/*") -> Opener:
    """An opener that GETs a URL with :mod:`urllib` (User-Agent naming scholargraph, ``timeout`` seconds).

    It raises what urllib raises (``HTTPError`` for 4xx/5xx, ``URLError``/``TimeoutError`` for network
    trouble); :class:`HttpClient` turns those into retries or a FetchError.
    """
    if timeout <= 0:
        raise ConfigError(f"timeout must be > 0 seconds, got {timeout!r}")

    def open_url(url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": accept})
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            return response.read()

    return open_url


class HttpClient:
    """GET with rate limiting, retries and clear errors around an opener (see the module docstring).

    ``api`` names the service in messages ("arXiv", "OpenAlex"); ``min_interval`` is the minimum number of
    seconds between the end of one request and the start of the next; ``retries`` is how many times a
    transient failure is retried (so at most ``retries + 1`` attempts), waiting ``backoff * 2**n`` seconds
    (capped at ``max_backoff``) before retry ``n + 1``; ``describe_error`` turns an error body into a short
    explanation (e.g. the arXiv error feed's summary).
    """

    def __init__(
        self,
        api: str,
        opener: Opener | None = None,
        *,
        min_interval: float = 0.0,
        retries: int = 3,
        backoff: float = 2.0,
        max_backoff: float = 60.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        describe_error: Callable[[bytes], str | None] | None = None,
    ) -> None:
        check_int(retries, "retries", "HttpClient", low=0)
        if backoff < 0:
            raise ConfigError(f"backoff must be >= 0 seconds, got {backoff!r}")
        if min_interval < 0:
            raise ConfigError(f"min_interval must be >= 0 seconds, got {min_interval!r}")
        self.api = api
        self.opener = opener if opener is not None else urllib_opener(timeout=timeout)
        self.min_interval = float(min_interval)
        self.retries = retries
        self.backoff = float(backoff)
        self.max_backoff = float(max_backoff)
        self.sleep = sleep
        self.clock = clock
        self.describe_error = describe_error
        self.requests: list[str] = []
        self._last: float | None = None

    def _wait_turn(self) -> None:
        if self._last is None or self.min_interval <= 0:
            return
        wait = self.min_interval - (self.clock() - self._last)
        if wait > 0:
            log.debug("%s: waiting %.2f s (rate limit)", self.api, wait)
            self.sleep(wait)

    def _delay(self, attempt: int, headers: Message | None) -> float:
        delay = self.backoff * (2**attempt)
        retry_after = headers.get("Retry-After") if headers is not None else None
        if retry_after:
            try:
                delay = max(delay, float(retry_after))
            except ValueError:
                pass  # an HTTP date: keep the exponential backoff
        return min(delay, self.max_backoff)

    def _explain(self, body: bytes) -> str:
        if not body or self.describe_error is None:
            return ""
        try:
            text = self.describe_error(body)
        except Exception:  # noqa: BLE001 - an unreadable error body must not hide the HTTP error itself
            text = None
        return f": {one_line(text)}" if text else ""

    def get(self, url: str, *, missing_ok: bool = False) -> bytes | None:
        """The body of ``url``; FetchError after the retries are used up or on a non-retryable HTTP error.
        With ``missing_ok``, an HTTP 404 (the thing asked for does not exist) returns None instead."""
        safe = redact(url)
        reason = ""
        for attempt in range(self.retries + 1):
            self._wait_turn()
            self.requests.append(safe)
            headers: Message | None = None
            try:
                log.info("%s: GET %s", self.api, safe)
                body = self.opener(url)
            except urllib.error.HTTPError as e:
                try:
                    err_body = e.read() or b""
                except Exception:  # noqa: BLE001 - the connection may already be gone
                    err_body = b""
                reason = f"HTTP {e.code} {e.reason or ''}".rstrip() + self._explain(err_body)
                if e.code == 404 and missing_ok:
                    log.info("%s: %s (GET %s): not found", self.api, reason, safe)
                    return None
                if e.code not in RETRY_STATUSES:
                    raise FetchError(
                        f"{self.api} API refused the request: {reason} (GET {safe}). "
                        "How to fix: check the query parameters (and the API key, if any)"
                    ) from None
                headers = e.headers
            except (urllib.error.URLError, http.client.HTTPException, OSError) as e:
                detail = getattr(e, "reason", None) or e
                reason = f"{type(e).__name__}: {one_line(str(detail))}"
            else:
                if not isinstance(body, bytes | bytearray):
                    raise FetchError(
                        f"{self.api} opener returned {type(body).__name__}, expected bytes (GET {safe})"
                    )
                advance(1, "request")  # the fetch's stage counts its requests (a bar on a terminal)
                return bytes(body)
            finally:
                self._last = self.clock()
            if attempt < self.retries:
                delay = self._delay(attempt, headers)
                log.info(
                    "%s: %s; retry %d of %d in %.1f s", self.api, reason, attempt + 1, self.retries, delay
                )
                self.sleep(delay)
        attempts = self.retries + 1
        raise FetchError(
            f"{self.api} API request failed after {attempts} attempt{'s' if attempts != 1 else ''}: {reason} "
            f"(GET {safe}). How to fix: check the network connection and the service status, then try again "
            "later; more retries: --retries N"
        )
