"""fetch_pubmed against the RECORDED efetch records of ../shared/corpora/pubmed-xml (replayed offline; the esearch
answer is built in the documented layout, see conftest), and error paths over a loopback HTTP server."""

from __future__ import annotations

import json
import re

import pytest

from scholargraph.errors import ConfigError, FetchError
from scholargraph.fetch.pubmed import INTERVAL_KEY, INTERVAL_NO_KEY, fetch_pubmed
from scholargraph.readers import read

from .conftest import pubmed_answer
from .test_cli import LoopbackServer


@pytest.fixture(autouse=True)
def _no_credentials(monkeypatch):
    for var in ("NCBI_API_KEY", "NCBI_EMAIL", "SCHOLARGRAPH_PUBMED_URL"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def replay(pubmed_recorded, fake_time, make_replay):
    seen: list[dict[str, str]] = []
    r = make_replay(pubmed_answer(pubmed_recorded, seen), fake_time, latency=0.05)
    r.params = seen
    return r


def run(replay, fake_time, **kw):
    return fetch_pubmed(opener=replay, sleep=fake_time.sleep, clock=fake_time.clock, **kw)


def starts_and_ends(replay):
    return [t for t, _ in replay.calls], replay.ends


def test_search_uses_the_history_server_and_pages_efetch(replay, pubmed_recorded, fake_time, tmp_path):
    res = run(
        replay, fake_time, query="graphs", mindate="2015", maxdate="2023/12/31", out=tmp_path, page_size=20
    )
    p = replay.params
    assert [x.get("usehistory") for x in p] == ["y", None, None, None]
    assert (p[0]["datetype"], p[0]["mindate"], p[0]["maxdate"], p[0]["retmax"]) == (
        "pdat",
        "2015",
        "2023/12/31",
        "0",
    )
    assert [(x["retstart"], x["retmax"]) for x in p[1:]] == [("0", "20"), ("20", "20"), ("40", "10")]
    assert all(x["WebEnv"] == "MCID_replay" and x["query_key"] == "1" for x in p[1:])
    assert res.total == 50 and res.records == 50 and res.missing == []
    assert [f.name for f in res.files] == ["pubmed-000000.xml", "pubmed-000020.xml", "pubmed-000040.xml"]
    corpus = read(tmp_path)
    assert corpus.files[0].format == "pubmed" and sum(s.records for s in corpus.files) == 50
    assert [p.pmid for p in corpus.papers] == pubmed_recorded.pmids
    starts, ends = starts_and_ends(replay)  # at most 3 requests per second without a key
    assert all(b - e >= INTERVAL_NO_KEY - 1e-9 for e, b in zip(ends, starts[1:], strict=False))


def test_api_key_from_the_environment_allows_ten_per_second_and_is_redacted(
    replay, fake_time, monkeypatch, tmp_path
):
    monkeypatch.setenv("NCBI_API_KEY", "secret-ncbi-key")
    res = run(
        replay, fake_time, query="graphs", out=tmp_path, max_results=30, page_size=10, email="me@example.org"
    )
    assert all(x["api_key"] == "secret-ncbi-key" and x["email"] == "me@example.org" for x in replay.params)
    assert all("api_key=***" in u and "secret" not in u for u in res.requests)
    starts, ends = starts_and_ends(replay)
    gaps = [b - e for e, b in zip(ends, starts[1:], strict=False)]
    assert all(g >= INTERVAL_KEY - 1e-9 for g in gaps) and min(gaps) < INTERVAL_NO_KEY
    assert res.records == 30 and len(res.files) == 3


def test_pmid_list_in_batches_reports_missing(replay, pubmed_recorded, fake_time, tmp_path):
    wanted = pubmed_recorded.pmids[:5] + ["99999999"]
    res = run(replay, fake_time, pmids=",".join(wanted), out=tmp_path, page_size=4)
    assert [x["id"] for x in replay.params] == [",".join(wanted[:4]), ",".join(wanted[4:])]
    assert res.records == 5 and res.missing == ["99999999"]
    assert {p.pmid for p in read(tmp_path).papers} == set(wanted[:5])


def test_esearch_error_is_a_fetch_error_with_the_message(fake_time, make_replay, tmp_path):
    body = json.dumps({"esearchresult": {"ERROR": "Invalid query: unbalanced parentheses"}}).encode()
    replay = make_replay(lambda u: body, fake_time)
    with pytest.raises(FetchError, match="esearch reported an error: Invalid query: unbalanced parentheses"):
        run(replay, fake_time, query="((graphs", out=tmp_path)
    assert len(replay.calls) == 1 and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "esearch, efetch, message",
    [
        (b"<html>Service unavailable</html>", None, "esearch answered something that is not JSON"),
        (
            None,
            b"<PubmedArticleSet><PubmedArticle><MedlineCitation>",
            "efetch answered something that is not XML",
        ),
        (
            None,
            b"<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>",
            "Unable to obtain query #1",
        ),
    ],
)
def test_malformed_answers(pubmed_recorded, fake_time, make_replay, tmp_path, esearch, efetch, message):
    real = pubmed_answer(pubmed_recorded)

    def answer(u: str) -> bytes:
        if "esearch" in u:
            return esearch or real(u)
        return efetch or real(u)

    with pytest.raises(FetchError, match=message):
        run(make_replay(answer, fake_time), fake_time, query="graphs", out=tmp_path)


def test_429_retry_after_and_5xx_over_loopback(pubmed_recorded, fake_time, tmp_path):
    real = pubmed_answer(pubmed_recorded)
    failures = {"efetch": [429, 503]}
    from .conftest import http_error

    def answer(u: str) -> bytes:
        if "efetch" in u and failures["efetch"]:
            status = failures["efetch"].pop(0)
            raise http_error(u, status, b"busy", {"Retry-After": "7"} if status == 429 else {})
        return real(u)

    with LoopbackServer(answer) as srv:
        res = fetch_pubmed(
            "graphs",
            out=tmp_path,
            base_url=srv.url,
            max_results=10,
            sleep=fake_time.sleep,
            clock=fake_time.clock,
            backoff=0.5,
        )
    assert res.records == 10 and len(res.requests) == 4  # esearch, 429, 503, then the page
    assert 7.0 in fake_time.sleeps and 1.0 in fake_time.sleeps  # Retry-After, then backoff 0.5 * 2


def test_5xx_after_the_retries_keeps_the_pages_and_says_so(pubmed_recorded, fake_time, tmp_path):
    real = pubmed_answer(pubmed_recorded)
    from .conftest import http_error

    def answer(u: str) -> bytes:
        if "retstart=10" in u:
            raise http_error(u, 500, b"oops")
        return real(u)

    with (
        LoopbackServer(answer) as srv,
        pytest.raises(FetchError, match=r"after 2 attempts: HTTP 500.*1 page\(s\) fetched"),
    ):
        fetch_pubmed(
            "graphs",
            out=tmp_path,
            base_url=srv.url,
            page_size=10,
            retries=1,
            sleep=fake_time.sleep,
            clock=fake_time.clock,
        )
    assert [p.name for p in tmp_path.iterdir()] == ["pubmed-000000.xml"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(), "give query= .* or pmids="),
        (dict(query="x", pmids="1"), "not both"),
        (dict(pmids="1,abc"), "PubMed ids like 30514039, got 'abc'"),
        (dict(query="x", mindate="2019-13-45x"), "mindate must be a date"),
        (dict(query="x", mindate="2019"), "give both mindate and maxdate"),
        (
            dict(query="x", max_results=20000),
            "'max_results' parameter of fetch_pubmed must be an int >= 1 and <= 10000",
        ),
        (
            dict(query="x", page_size=500),
            "'page_size' parameter of fetch_pubmed must be an int >= 1 and <= 200",
        ),
        (dict(query="x", datetype="xdat"), "datetype must be one of pdat, edat, mdat"),
    ],
)
def test_bad_parameters_are_config_errors(tmp_path, kwargs, message):
    with pytest.raises(ConfigError, match=message):
        fetch_pubmed(out=tmp_path, **kwargs)


def test_existing_pages_need_overwrite(replay, fake_time, tmp_path):
    run(replay, fake_time, query="graphs", out=tmp_path, max_results=5)
    with pytest.raises(ConfigError, match=r"already holds 1 PubMed page file\(s\).*--overwrite"):
        run(replay, fake_time, query="graphs", out=tmp_path, max_results=5)
    res = run(replay, fake_time, query="graphs", out=tmp_path, max_results=5, overwrite=True)
    assert res.records == 5 and re.fullmatch(r"pubmed-0+\.xml", res.files[0].name)
