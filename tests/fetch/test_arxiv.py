"""fetch_arxiv against the RECORDED arXiv API responses (../shared/corpora/arxiv-api), offline."""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET

import pytest

from scholargraph.errors import ConfigError, FetchError
from scholargraph.fetch.arxiv import MIN_INTERVAL, fetch_arxiv
from scholargraph.readers import read

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://export.arxiv.org/api/query"


def url(query="", ids="", start=0, m=100):
    return (
        f"{BASE}?search_query={query}&id_list={ids}&sortBy=relevance&sortOrder=descending"
        f"&start={start}&max_results={m}"
    )


def entries(path) -> list[str]:
    return [e.findtext(f"{ATOM}id") for e in ET.parse(path).getroot().iter(f"{ATOM}entry")]


def test_paging_requests_recorded_urls_and_respects_rate_limit(arxiv_replay, fake_time, tmp_path):
    res = fetch_arxiv(
        "testing",
        out=tmp_path,
        max_results=60,
        page_size=10,
        opener=arxiv_replay,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
    )
    assert arxiv_replay.urls == [url("testing", start=s, m=10) for s in range(0, 60, 10)]
    # at least 3 s from the end of one request to the start of the next, and no wait before the first
    starts = [t for t, _ in arxiv_replay.calls]
    assert all(
        nxt - end >= MIN_INTERVAL - 1e-9 for end, nxt in zip(arxiv_replay.ends, starts[1:], strict=False)
    )
    assert all(b - a >= MIN_INTERVAL for a, b in zip(starts, starts[1:], strict=False))
    assert len(fake_time.sleeps) == 5 and all(s == pytest.approx(3.0) for s in fake_time.sleeps)
    assert [p.name for p in res.files] == [f"arxiv-{s:06d}.xml" for s in range(0, 60, 10)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in res.files]
    assert res.records == 60 and res.total == 214881 and res.missing == []
    assert sum(len(entries(p)) for p in res.files) == 60
    corpus = read(res.files)
    assert {f.format for f in corpus.files} == {"arxiv"}
    assert sum(f.records for f in corpus.files) == 60
    assert sum(f.papers + f.merged for f in corpus.files) == 60 and not corpus.rejects


def test_pages_are_written_unchanged(arxiv_replay, arxiv_recorded, fake_time, tmp_path):
    res = fetch_arxiv(
        "testing",
        out=tmp_path,
        max_results=100,
        opener=arxiv_replay,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
    )
    assert arxiv_replay.urls == [url("testing", m=100)] and fake_time.sleeps == []
    assert res.files[0].read_bytes() == arxiv_recorded[url("testing", m=100)][1]
    assert len(read(res.files)) + len(read(res.files).merges) == 100


def test_id_list_reports_ids_not_found(arxiv_replay, fake_time, tmp_path):
    res = fetch_arxiv(
        id_list=["0808.05394", "1707.08567"],
        out=tmp_path,
        opener=arxiv_replay,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
    )
    assert arxiv_replay.urls == [url(ids="0808.05394%2C1707.08567")]
    assert res.records == 1 and res.missing == ["0808.05394"]
    (paper,) = read(res.files).papers
    assert paper.arxiv_id == "1707.08567"


@pytest.mark.parametrize("ident", ["astro-ph/0601001", "quant-ph/0201082v1", "2104.12255v1", "1605.08386"])
def test_single_ids_old_and_new_style(arxiv_replay, fake_time, tmp_path, ident):
    res = fetch_arxiv(
        id_list=ident, out=tmp_path, opener=arxiv_replay, sleep=fake_time.sleep, clock=fake_time.clock
    )
    assert res.records == 1 and res.missing == []
    assert arxiv_replay.urls == [url(ids=ident.replace("/", "%2F"))]
    (paper,) = read(res.files).papers
    assert paper.arxiv_id == re.sub(r"v\d+$", "", ident)


def test_empty_result_writes_no_file(arxiv_replay, fake_time, tmp_path):
    res = fetch_arxiv(
        id_list="0000.0000", out=tmp_path, opener=arxiv_replay, sleep=fake_time.sleep, clock=fake_time.clock
    )
    assert res.records == 0 and res.files == [] and res.total == 0 and res.missing == ["0000.0000"]
    assert list(tmp_path.iterdir()) == []


def test_recorded_http_400_error_feed_is_a_fetch_error_without_retry(arxiv_replay, fake_time, tmp_path):
    with pytest.raises(FetchError, match=r"HTTP 400 Bad Request: incorrect id format for abc") as ei:
        fetch_arxiv(
            id_list="abc", out=tmp_path, opener=arxiv_replay, sleep=fake_time.sleep, clock=fake_time.clock
        )
    assert "\n" not in str(ei.value) and "id_list=abc" in str(ei.value)
    assert len(arxiv_replay.calls) == 1 and fake_time.sleeps == []


def test_5xx_is_retried_with_backoff_then_succeeds(
    arxiv_recorded, fake_time, make_replay, make_http_error, tmp_path
):
    failures = []
    base = make_replay(lambda u: arxiv_recorded[u][1])

    def flaky(u: str) -> bytes:
        if len(failures) < 2:
            failures.append(u)
            raise make_http_error(u, 503, b"<html>busy</html>")
        return base(u)

    replay = make_replay(flaky, fake_time)
    res = fetch_arxiv(
        id_list="1605.08386",
        out=tmp_path,
        opener=replay,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        retries=3,
        backoff=3.0,
    )
    assert res.records == 1 and len(replay.calls) == 3 and len(set(replay.urls)) == 1
    assert fake_time.sleeps[0] == 3.0 and fake_time.sleeps[1] == 6.0  # exponential backoff
    assert res.requests == replay.urls


def test_5xx_after_retries_is_a_fetch_error(fake_time, make_replay, make_http_error, tmp_path):
    replay = make_replay(lambda u: (_ for _ in ()).throw(make_http_error(u, 503, b"")), fake_time)
    with pytest.raises(FetchError, match=r"failed after 3 attempts: HTTP 503 Service Unavailable"):
        fetch_arxiv(
            "testing",
            out=tmp_path,
            opener=replay,
            sleep=fake_time.sleep,
            clock=fake_time.clock,
            retries=2,
            backoff=1.0,
        )
    assert len(replay.calls) == 3
    assert fake_time.sleeps[:1] == [1.0] and sum(fake_time.sleeps) >= 1.0 + 2.0


def test_429_retry_after_is_honoured(arxiv_recorded, fake_time, make_replay, make_http_error, tmp_path):
    calls = []

    def limited(u: str) -> bytes:
        calls.append(u)
        if len(calls) == 1:
            raise make_http_error(u, 429, b"", {"Retry-After": "20"})
        return arxiv_recorded[u][1]

    replay = make_replay(limited, fake_time)
    fetch_arxiv(
        id_list="1605.08386", out=tmp_path, opener=replay, sleep=fake_time.sleep, clock=fake_time.clock
    )
    assert fake_time.sleeps[0] == 20.0


@pytest.mark.parametrize(
    "body, message",
    [
        (b"Rate exceeded.", "not Atom XML"),
        (b"<html><body>maintenance</body></html>", "not an Atom <feed>"),
        (b"", "not Atom XML"),
    ],
)
def test_unreadable_body_is_a_fetch_error(fake_time, make_replay, tmp_path, body, message):
    replay = make_replay(lambda u: body, fake_time)
    with pytest.raises(FetchError, match=message):
        fetch_arxiv("testing", out=tmp_path, opener=replay, sleep=fake_time.sleep, clock=fake_time.clock)
    assert list(tmp_path.iterdir()) == []


def test_error_mid_way_keeps_pages_and_says_so(
    arxiv_recorded, fake_time, make_replay, make_http_error, tmp_path
):
    def answer(u: str) -> bytes:
        if "start=0&" in u:
            return arxiv_recorded[u][1]
        raise make_http_error(u, 500)

    replay = make_replay(answer, fake_time)
    with pytest.raises(FetchError, match=r"the 1 page\(s\) fetched before the error are in"):
        fetch_arxiv(
            "testing",
            out=tmp_path,
            max_results=30,
            page_size=10,
            opener=replay,
            sleep=fake_time.sleep,
            clock=fake_time.clock,
            retries=0,
        )
    assert [p.name for p in tmp_path.iterdir()] == ["arxiv-000000.xml"]


def test_empty_page_mid_stream_is_asked_again(arxiv_recorded, fake_time, make_replay, tmp_path):
    # arXiv sometimes answers a page with totalResults but no entries; simulate it once on the recorded page
    served = []

    def answer(u: str) -> bytes:
        body = arxiv_recorded[u][1]
        if "start=10&" in u and u not in served:
            served.append(u)
            return re.sub(rb"<entry>.*?</entry>\s*", b"", body, flags=re.S)
        return body

    replay = make_replay(answer, fake_time)
    res = fetch_arxiv(
        "testing",
        out=tmp_path,
        max_results=20,
        page_size=10,
        opener=replay,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
    )
    assert res.records == 20 and len(replay.calls) == 3
    assert replay.urls[1] == replay.urls[2] == url("testing", start=10, m=10)


def test_closed_loopback_port_real_urllib_retries_then_fails(fake_time, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match=r"failed after 3 attempts: URLError: .*refused") as ei:
        fetch_arxiv(
            "testing",
            out=tmp_path,
            base_url=f"http://127.0.0.1:{port}/api/query",
            sleep=fake_time.sleep,
            clock=fake_time.clock,
            retries=2,
            backoff=0.5,
            timeout=5,
        )
    assert f"127.0.0.1:{port}" in str(ei.value)
    assert fake_time.sleeps[0] == 0.5 and 1.0 in fake_time.sleeps


def test_existing_pages_need_overwrite(arxiv_replay, fake_time, tmp_path):
    kw = dict(out=tmp_path, opener=arxiv_replay, sleep=fake_time.sleep, clock=fake_time.clock)
    fetch_arxiv("testing", max_results=20, page_size=10, **kw)
    with pytest.raises(ConfigError, match=r"already holds 2 arXiv page file\(s\).*--overwrite"):
        fetch_arxiv(id_list="1605.08386", **kw)
    res = fetch_arxiv(id_list="1605.08386", overwrite=True, **kw)
    assert [p.name for p in tmp_path.iterdir()] == ["arxiv-000000.xml"] == [p.name for p in res.files]
    assert len(entries(res.files[0])) == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({}, "give query="),
        (
            {"query": "x", "page_size": 0},
            "'page_size' parameter of fetch_arxiv must be an int >= 1 and <= 2000, got 0",
        ),
        (
            {"query": "x", "max_results": 10**6},
            "'max_results' parameter of fetch_arxiv must be an int >= 1 and <= 30000",
        ),
        ({"id_list": "1605.08386,1707.08567", "max_results": 1}, "pass max_results=2 (CLI: --max-results 2)"),
        (
            {"query": "x", "sort_by": "date"},
            "sort_by must be one of relevance, lastUpdatedDate, submittedDate",
        ),
        ({"query": "x", "sort_order": "up"}, "sort_order must be one of ascending, descending, got 'up'"),
        ({"query": "x", "base_url": "ftp://example.org/"}, "base_url must be an http:// or https:// URL"),
    ],
)
def test_bad_parameters_are_config_errors(tmp_path, kwargs, message):
    def opener(u: str) -> bytes:
        raise AssertionError("no request expected")

    with pytest.raises(ConfigError, match=re.escape(message)):
        fetch_arxiv(out=tmp_path, opener=opener, **kwargs)


def test_base_url_from_environment(monkeypatch, fake_time, make_replay, tmp_path):
    monkeypatch.setenv("SCHOLARGRAPH_ARXIV_URL", "http://127.0.0.1:9/mirror/query")
    seen = []

    def answer(u: str) -> bytes:
        seen.append(u)
        raise OSError("closed")

    with pytest.raises(FetchError):
        fetch_arxiv(
            "x",
            out=tmp_path,
            opener=make_replay(answer, fake_time),
            retries=0,
            sleep=fake_time.sleep,
            clock=fake_time.clock,
        )
    assert seen[0].startswith("http://127.0.0.1:9/mirror/query?search_query=x&")
