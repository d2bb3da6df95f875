"""fetch_crossref against RECORDED Crossref answers (../shared/corpora/crossref-api; cursor tokens added by the
replay, see conftest), and error paths over a loopback HTTP server."""

from __future__ import annotations

import json

import pytest

from scholargraph.errors import ConfigError, FetchError
from scholargraph.fetch.crossref import INTERVAL_POLITE, INTERVAL_PUBLIC, fetch_crossref
from scholargraph.readers import read

from .conftest import CROSSREF_QUERY, crossref_answer, http_error
from .test_cli import LoopbackServer

QUERY, FILTER = CROSSREF_QUERY


@pytest.fixture(autouse=True)
def _no_credentials(monkeypatch):
    for var in ("CROSSREF_MAILTO", "SCHOLARGRAPH_CROSSREF_URL"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def replay(crossref_recorded, fake_time, make_replay):
    seen: list[dict[str, str]] = []
    r = make_replay(crossref_answer(crossref_recorded, seen), fake_time, latency=0.05)
    r.params = seen
    return r


def run(replay, fake_time, **kw):
    return fetch_crossref(opener=replay, sleep=fake_time.sleep, clock=fake_time.clock, **kw)


def lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_query_follows_the_cursor_until_an_empty_page(replay, crossref_recorded, fake_time, tmp_path):
    out = tmp_path / "works.jsonl"
    res = run(replay, fake_time, query=QUERY, filter=FILTER, out=out, page_size=40, mailto="me@example.org")
    p = replay.params
    assert [x["cursor"] for x in p] == ["*", "c1", "c2", "c3"]  # the 4th page is empty: the end
    assert all(x["rows"] == "40" and x["mailto"] == "me@example.org" for x in p)
    recorded = crossref_recorded.listing["message"]
    assert res.total == recorded["total-results"] == 13869 and res.records == len(recorded["items"]) == 100
    assert [w["DOI"] for w in lines(out)] == [w["DOI"] for w in recorded["items"]]
    corpus = read(out)
    assert corpus.files[0].format == "crossref" and corpus.files[0].records == 100 and not corpus.rejects
    starts = [t for t, _ in replay.calls]
    assert all(b - e >= INTERVAL_POLITE - 1e-9 for e, b in zip(replay.ends, starts[1:], strict=False))


def test_max_results_stops_paging_and_public_pool_is_slower(replay, fake_time, tmp_path):
    res = run(
        replay, fake_time, query=QUERY, filter=FILTER, out=tmp_path / "w.jsonl", page_size=20, max_results=30
    )
    assert [x["cursor"] for x in replay.params] == ["*", "c1"] and res.records == 30
    assert all("mailto" not in x for x in replay.params)
    starts = [t for t, _ in replay.calls]
    assert all(b - e >= INTERVAL_PUBLIC - 1e-9 for e, b in zip(replay.ends, starts[1:], strict=False))


def test_doi_list_fetches_each_work_and_reports_unknown_dois(replay, crossref_recorded, fake_time, tmp_path):
    dois = sorted(crossref_recorded.works) + ["10.1000/does-not-exist"]
    out = tmp_path / "dois.jsonl"
    res = run(replay, fake_time, dois=" ".join(d.upper() for d in dois), out=out)
    assert res.records == 8 and res.missing == ["10.1000/does-not-exist"] and res.total == 9
    assert len(replay.calls) == 9  # a 404 is not retried
    corpus = read(out)
    assert {p.doi for p in corpus.papers} == set(crossref_recorded.works)
    refs = sum(len(json.loads(b)["message"].get("reference", [])) for b in crossref_recorded.works.values())
    assert sum(len(p.references) for p in corpus.papers) == refs


def test_429_retry_after_and_5xx_over_loopback(crossref_recorded, fake_time, tmp_path):
    real = crossref_answer(crossref_recorded)
    statuses = [429, 502]

    def answer(u: str) -> bytes:
        if statuses:
            status = statuses.pop(0)
            raise http_error(u, status, b"", {"Retry-After": "12"} if status == 429 else {})
        return real(u)

    with LoopbackServer(answer) as srv:
        res = fetch_crossref(
            dois="10.1038/srep16696", out=tmp_path / "x.jsonl", base_url=srv.url,
            sleep=fake_time.sleep, clock=fake_time.clock, backoff=0.25,
        )  # fmt: skip
    assert (
        res.records == 1 and len(res.requests) == 3 and 12.0 in fake_time.sleeps and 0.5 in fake_time.sleeps
    )


def test_error_answer_is_not_retried_and_names_crossrefs_message(fake_time, tmp_path):
    body = json.dumps(
        {
            "status": "failed",
            "message-type": "validation-failure",
            "message": [{"message": "Filter foo specified but there is no such filter"}],
        }
    ).encode()

    def answer(u: str) -> bytes:
        raise http_error(u, 400, body)

    with LoopbackServer(answer) as srv, pytest.raises(FetchError, match="HTTP 400.*no such filter") as ei:
        fetch_crossref(
            filter="foo:1",
            out=tmp_path / "x.jsonl",
            base_url=srv.url,
            sleep=fake_time.sleep,
            clock=fake_time.clock,
        )
    assert "\n" not in str(ei.value)


@pytest.mark.parametrize(
    "body, message",
    [
        (b"<html>down</html>", "not JSON"),
        (b'{"status": "ok", "message-type": "member", "message": {}}', "not a work-list"),
    ],
)
def test_malformed_answers(fake_time, make_replay, tmp_path, body, message):
    with pytest.raises(FetchError, match=message):
        run(make_replay(lambda u: body, fake_time), fake_time, query="x", out=tmp_path / "x.jsonl")
    assert not (tmp_path / "x.jsonl").exists()


def test_error_mid_way_keeps_the_part_file(crossref_recorded, fake_time, make_replay, tmp_path):
    real = crossref_answer(crossref_recorded)

    def answer(u: str) -> bytes:
        if "cursor=%2A" in u:
            return real(u)
        raise http_error(u, 500, b"oops")

    out = tmp_path / "w.jsonl"
    with pytest.raises(
        FetchError, match=r"the 25 work\(s\) fetched before the error are in .*w\.jsonl\.part"
    ):
        run(
            make_replay(answer, fake_time),
            fake_time,
            query=QUERY,
            filter=FILTER,
            out=out,
            page_size=25,
            retries=0,
        )
    assert len((tmp_path / "w.jsonl.part").read_text().splitlines()) == 25 and not out.exists()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(), "give query=, filter= or dois="),
        (dict(query="x", dois="10.1038/srep16696"), "not both"),
        (dict(dois="10.1038/x, nope"), "DOIs like 10.1038/srep16696, got 'nope'"),
        (
            dict(query="x", page_size=5000),
            "'page_size' parameter of fetch_crossref must be an int >= 1 and <= 1000",
        ),
        (
            dict(query="x", mailto="not-an-address"),
            "'mailto' parameter of fetch_crossref must be an e-mail address",
        ),
    ],
)
def test_bad_parameters_are_config_errors(tmp_path, kwargs, message):
    with pytest.raises(ConfigError, match=message):
        fetch_crossref(out=tmp_path / "x.jsonl", **kwargs)
