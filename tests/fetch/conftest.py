"""Replay of RECORDED API responses from ../shared/corpora (arxiv-api, openalex-api), and a fake clock.

No test in tests/fetch touches the network: the fetchers get an ``opener`` (url -> bytes) that answers from
the recorded files, keyed by the request's parameters, and fails the test on any request that was not
recorded. The CLI tests use a loopback HTTP server that answers from the same recordings.
"""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.parse
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import pytest

from scholargraph.model import normalize_doi

ARXIV_BASE = "https://export.arxiv.org/api/query"


@dataclass
class FakeTime:
    """A clock that only moves when ``sleep`` is called (and by ``latency`` per request)."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def http_error(url: str, status: int, body: bytes = b"", headers: dict[str, str] | None = None):
    msg = Message()
    for k, v in (headers or {}).items():
        msg[k] = v
    reason = {
        400: "Bad Request",
        403: "Forbidden",
        429: "Too Many Requests",
        500: "Internal Server Error",
        503: "Service Unavailable",
    }.get(status, "Error")
    return urllib.error.HTTPError(url, status, reason, msg, io.BytesIO(body))


class Replay:
    """An opener answering from recordings; logs (time, url) of every call."""

    def __init__(self, answer, time: FakeTime | None = None, latency: float = 0.25) -> None:
        self.answer = answer
        self.time = time
        self.latency = latency
        self.calls: list[tuple[float, str]] = []
        self.ends: list[float] = []

    def __call__(self, url: str) -> bytes:
        start = self.time.clock() if self.time else 0.0
        self.calls.append((start, url))
        if self.time:
            self.time.now += self.latency
            self.ends.append(self.time.now)
        return self.answer(url)

    @property
    def urls(self) -> list[str]:
        return [u for _, u in self.calls]


# ------------------------------------------------------------------------------------------------- arXiv


@pytest.fixture(scope="session")
def arxiv_recorded(corpora: Path) -> dict[str, tuple[int, bytes]]:
    """Exact request URL -> (HTTP status, body) for every recorded arXiv API response."""
    table = {}
    for f in sorted((corpora / "arxiv-api" / "fixtures-json").glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        table[d["url"]] = (d["status_code"], d["body"].encode("utf-8"))
    assert len(table) == 20
    return table


def arxiv_answer(table: dict[str, tuple[int, bytes]]):
    def answer(url: str) -> bytes:
        if url not in table:
            raise AssertionError(f"no recorded arXiv response for {url}")
        status, body = table[url]
        if status != 200:
            raise http_error(url, status, body)
        return body

    return answer


# ---------------------------------------------------------------------------------------------- OpenAlex


@dataclass
class OpenAlexRecording:
    """Recorded list responses keyed by (filter name, frozenset of values) -> [page 1 bytes, page 2 bytes]."""

    pages: dict[tuple[str, frozenset[str]], list[bytes]]
    keypapers: list[str]
    chunk_dois: dict[int, list[str]]


def _short(x: str) -> str:
    return x.rsplit("/", 1)[-1].upper()


@pytest.fixture(scope="session")
def openalex_recorded(corpora: Path) -> OpenAlexRecording:
    snow = corpora / "openalex-api" / "openalexPro-snowball"
    search = corpora / "openalex-api" / "openalexPro-search-pages"

    def pages(folder: Path, stem: str) -> list[bytes]:
        return [(folder / f"{stem}_page_{i}.json").read_bytes() for i in (1, 2)]

    key_pages = pages(snow, "keypaper_results")
    keys = [w["id"] for w in json.loads(key_pages[0])["results"]]
    refs = {_short(r) for w in json.loads(key_pages[0])["results"] for r in w["referenced_works"]}
    table = {
        # openalexPro fetched the key papers by id, their referenced works by id, and the works citing them
        ("openalex", frozenset(_short(k) for k in keys)): key_pages,
        ("openalex", frozenset(refs)): pages(snow, "cited_results"),
        ("cites", frozenset(_short(k) for k in keys)): pages(snow, "citing_results"),
    }
    chunk_dois = {}
    for c in (1, 2):
        chunk = pages(search, f"chunk_{c}_results")
        # openalexPro's parallel test fetched works by DOI in chunks (filter=doi:d1|d2|...)
        dois = [w["doi"] for w in json.loads(chunk[0])["results"]]
        chunk_dois[c] = dois
        table[("doi", frozenset(normalize_doi(d) for d in dois))] = chunk
    return OpenAlexRecording(table, [_short(k) for k in keys], chunk_dois)


def openalex_answer(rec: OpenAlexRecording, params_seen: list[dict[str, str]] | None = None):
    def answer(url: str) -> bytes:
        parts = urllib.parse.urlsplit(url)
        assert parts.path.endswith("/works"), url
        params = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        if params_seen is not None:
            params_seen.append(params)
        flt = params.get("filter", "")
        name, _, values = flt.partition(":")
        if "," in flt or "search" in params:
            raise AssertionError(f"no recorded OpenAlex response for {url}")
        vals = values.split("|")
        key = (
            name,
            frozenset(normalize_doi(v) for v in vals)
            if name == "doi"
            else frozenset(_short(v) for v in vals),
        )
        if key not in rec.pages:
            raise AssertionError(f"no recorded OpenAlex response for {url}")
        page1, page2 = rec.pages[key]
        meta = json.loads(page1)["meta"]
        assert params.get("per_page") == str(meta["per_page"]), (
            f"recorded with per_page={meta['per_page']}: {url}"
        )
        if params.get("cursor") == "*":
            return page1
        if params.get("cursor") == meta["next_cursor"]:
            return page2
        raise AssertionError(f"cursor not recorded: {url}")

    return answer


# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def arxiv_replay(arxiv_recorded, fake_time):
    """A Replay opener over the recorded arXiv responses, on the fake clock."""
    return Replay(arxiv_answer(arxiv_recorded), fake_time)


@pytest.fixture
def openalex_replay(openalex_recorded, fake_time):
    """A Replay opener over the recorded OpenAlex pages, on the fake clock; ``.params`` logs parsed queries."""
    seen: list[dict[str, str]] = []
    replay = Replay(openalex_answer(openalex_recorded, seen), fake_time, latency=0.05)
    replay.params = seen
    return replay


@pytest.fixture
def make_http_error():
    return http_error


@pytest.fixture
def make_replay():
    return Replay
