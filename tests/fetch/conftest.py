"""Replay of RECORDED API responses from ../shared/corpora (arxiv-api, openalex-api), and a fake clock.

No test in tests/fetch touches the network: the fetchers get an ``opener`` (url -> bytes) that answers from
the recorded files, keyed by the request's parameters, and fails the test on any request that was not
recorded. The CLI tests use a loopback HTTP server that answers from the same recordings.
"""

from __future__ import annotations

import io
import json
import re
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


# ------------------------------------------------------------------------------------ PubMed (E-utilities)


@dataclass
class PubmedRecording:
    """Recorded efetch records (real): PMID -> the ``<PubmedArticle>`` text of a recorded efetch answer, the
    recorded envelope (XML declaration, DOCTYPE) and the PMIDs in file order."""

    records: dict[str, str]
    head: str
    pmids: list[str]


@pytest.fixture(scope="session")
def pubmed_recorded(corpora: Path) -> PubmedRecording:
    records: dict[str, str] = {}
    head = ""
    for f in sorted((corpora / "pubmed-xml" / "metapub-pmid-xml").glob("*.xml")):
        text = f.read_text(encoding="utf-8")
        head = head or text[: text.index("<PubmedArticleSet>")]
        for rec in re.findall(r"<PubmedArticle>.*?</PubmedArticle>", text, re.S):
            pmid = re.search(r"<PMID[^>]*>(\d+)</PMID>", rec).group(1)
            records[pmid] = rec
    assert len(records) == 50  # PROVENANCE: 50 one-PMID efetch answers
    return PubmedRecording(records, head, sorted(records, key=int))


def pubmed_answer(
    rec: PubmedRecording, params_seen: list[dict[str, str]] | None = None, term: str = "graphs"
):
    """E-utilities as a replay. efetch answers are the RECORDED records, wrapped in the recorded envelope and
    sliced by retstart/retmax or selected by id=. No esearch answer is recorded in ../shared, so esearch is
    answered here in the documented JSON layout (count, webenv, querykey) for one search ``term`` whose
    result set is the 50 recorded PMIDs in ascending order."""

    def envelope(pmids: list[str]) -> bytes:
        body = "".join(rec.records[p] for p in pmids if p in rec.records)
        return f"{rec.head}<PubmedArticleSet>\n{body}\n</PubmedArticleSet>\n".encode()

    def answer(url: str) -> bytes:
        parts = urllib.parse.urlsplit(url)
        params = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        if params_seen is not None:
            params_seen.append(params)
        assert params.get("db") == "pubmed" and params.get("tool") == "scholargraph", url
        if parts.path.endswith("/esearch.fcgi"):
            assert params["usehistory"] == "y" and params["retmode"] == "json", url
            if params["term"] != term:
                raise AssertionError(f"no esearch answer for {url}")
            result = {"count": str(len(rec.pmids)), "retmax": "0", "retstart": "0", "idlist": [],
                      "querykey": "1", "webenv": "MCID_replay"}  # fmt: skip
            return json.dumps(
                {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
            ).encode()
        assert parts.path.endswith("/efetch.fcgi") and params["retmode"] == "xml", url
        if "id" in params:
            return envelope(params["id"].split(","))
        assert (params["WebEnv"], params["query_key"]) == ("MCID_replay", "1"), url
        start, size = int(params["retstart"]), int(params["retmax"])
        assert size <= 200, url
        return envelope(rec.pmids[start : start + size])

    return answer


# ---------------------------------------------------------------------------------------------- Crossref

CROSSREF_QUERY = (
    "engineering",
    "type:journal-article",
)  # (query, filter) answered with the funders recording


@dataclass
class CrossrefRecording:
    works: dict[str, bytes]  # DOI -> recorded /works/{doi} answer
    listing: dict  # the recorded work-list answer (100 items, total-results 13,869)


@pytest.fixture(scope="session")
def crossref_recorded(corpora: Path) -> CrossrefRecording:
    import gzip

    works = {}
    for f in sorted((corpora / "crossref-api").glob("*/work-*.json")):
        body = f.read_bytes()
        works[normalize_doi(json.loads(body)["message"]["DOI"])] = body
    assert len(works) == 8  # PROVENANCE: 8 single-work answers
    listing = json.loads(
        gzip.decompress(
            (
                corpora / "crossref-api/habanero/funders-100000001-works-rows100-field-queries.json.gz"
            ).read_bytes()
        )
    )
    return CrossrefRecording(works, listing)


def crossref_answer(rec: CrossrefRecording, params_seen: list[dict[str, str]] | None = None):
    """Crossref as a replay: ``/works/{doi}`` answers the RECORDED single works (HTTP 404 for others); a
    ``/works`` list query for CROSSREF_QUERY pages through the RECORDED 100 items of the funders answer. That
    answer was recorded without a cursor, so the replay adds the ``next-cursor`` tokens ("c1", "c2", ...)."""

    def answer(url: str) -> bytes:
        parts = urllib.parse.urlsplit(url)
        params = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        if params_seen is not None:
            params_seen.append(params)
        path = urllib.parse.unquote(parts.path)
        if "/works/" in path:
            doi = normalize_doi(path.split("/works/", 1)[1])
            if doi not in rec.works:
                body = json.dumps(
                    {"status": "error", "message-type": "not-found", "message": "Resource not found."}
                )
                raise http_error(url, 404, body.encode())
            return rec.works[doi]
        assert path.endswith("/works"), url
        if (params.get("query"), params.get("filter")) != CROSSREF_QUERY:
            raise AssertionError(f"no recorded Crossref list for {url}")
        rows, cursor = int(params["rows"]), params["cursor"]
        page = 0 if cursor == "*" else int(cursor[1:])
        items = rec.listing["message"]["items"][page * rows : (page + 1) * rows]
        message = {
            **rec.listing["message"],
            "items": items,
            "items-per-page": rows,
            "next-cursor": f"c{page + 1}",
        }
        return json.dumps({**rec.listing, "message": message}).encode()

    return answer


# ------------------------------------------------------------------------------------------ OpenCitations

OC_DOI = "10.1108/jd-12-2013-0166"


@pytest.fixture(scope="session")
def opencitations_recorded(corpora: Path) -> dict[str, bytes]:
    """Recorded COCI v1 answers: operation -> body, for OC_DOI."""
    folder = corpora / "opencitations-api" / "citecorp-coci-v1"
    return {
        op: (folder / f"{op}-10.1108_jd-12-2013-0166.json").read_bytes()
        for op in ("references", "citations", "metadata")
    }


def opencitations_answer(rec: dict[str, bytes], seen: list[str] | None = None):
    """COCI v1 as a replay: the RECORDED answers for OC_DOI; ``[]`` (what the API answers) for any other DOI."""

    def answer(url: str) -> bytes:
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
        if seen is not None:
            seen.append(path)
        m = re.search(r"/index/coci/api/v1/(references|citations|metadata)/(.+)$", path)
        if not m:
            raise AssertionError(f"not a COCI v1 URL: {url}")
        return rec[m.group(1)] if m.group(2) == OC_DOI else b"[]"

    return answer
