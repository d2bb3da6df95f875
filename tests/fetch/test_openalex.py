"""fetch_openalex against the RECORDED OpenAlex responses (../shared/corpora/openalex-api), offline."""

from __future__ import annotations

import json
import re

import pytest

from scholargraph.errors import ConfigError, FetchError
from scholargraph.fetch.openalex import MIN_INTERVAL, fetch_openalex
from scholargraph.readers import read

SEEDS = "W3046863325|W3045921891"


@pytest.fixture(autouse=True)
def _no_credentials_from_the_environment(monkeypatch):
    monkeypatch.delenv("OPENALEX_EMAIL", raising=False)
    monkeypatch.delenv("OPENALEX_API_KEY", raising=False)
    monkeypatch.delenv("SCHOLARGRAPH_OPENALEX_URL", raising=False)


def lines(path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def run(replay, fake_time, **kw):
    return fetch_openalex(opener=replay, sleep=fake_time.sleep, clock=fake_time.clock, **kw)


def test_seed_references_follow_cursor_and_report_missing(
    openalex_replay, openalex_recorded, fake_time, tmp_path
):
    out = tmp_path / "refs.jsonl"
    res = run(openalex_replay, fake_time, seed=SEEDS, direction="references", out=out, email="me@example.org")
    p = openalex_replay.params
    assert [x["filter"].split(":")[0] for x in p] == ["openalex", "openalex", "openalex", "openalex"]
    assert [x["cursor"] for x in p][::2] == ["*", "*"]
    assert (
        p[1]["cursor"]
        == json.loads(openalex_recorded.pages[next(iter(openalex_recorded.pages))][0])["meta"]["next_cursor"]
    )
    assert all(x["mailto"] == "me@example.org" and x["per_page"] == "200" and "api_key" not in x for x in p)
    works = lines(out)
    ids = [w["id"].rsplit("/", 1)[-1] for w in works]
    assert ids[:2] == SEEDS.split("|") and len(ids) == len(set(ids)) == 2 + 41
    # one of the 42 referenced works was not returned by OpenAlex: reported, not lost silently
    assert res.missing == ["W3098501485"] and res.records == 43 and res.files == [out]
    assert not (tmp_path / "refs.jsonl.part").exists()
    corpus = read(out)
    assert corpus.files[0].format == "openalex" and corpus.files[0].records == 43
    # requests at least 0.1 s apart (OpenAlex: 10 per second)
    starts = [t for t, _ in openalex_replay.calls]
    assert all(b - e >= MIN_INTERVAL - 1e-9 for e, b in zip(openalex_replay.ends, starts[1:], strict=False))


def test_seed_citations(openalex_replay, fake_time, tmp_path):
    out = tmp_path / "cites.jsonl"
    res = run(openalex_replay, fake_time, seed=SEEDS, direction="citations", out=out)
    assert [x["filter"] for x in openalex_replay.params][2:] == [f"cites:{SEEDS}"] * 2
    works = lines(out)
    assert len(works) == 5 and res.total == 3 and res.missing == []
    seeds = {f"https://openalex.org/{s}" for s in SEEDS.split("|")}
    assert all(seeds & set(w["referenced_works"]) for w in works[2:])


def test_seed_both_directions_gives_the_whole_snowball(openalex_replay, fake_time, tmp_path):
    out = tmp_path / "snowball.jsonl"
    res = run(openalex_replay, fake_time, seed=SEEDS.split("|"), direction="both", out=out)
    assert len(openalex_replay.calls) == 6
    assert res.records == 46  # PROVENANCE: 2 key papers + 41 cited + 3 citing
    corpus = read(out)
    assert corpus.files[0].records == 46 and not corpus.rejects


def test_without_the_seeds(openalex_replay, fake_time, tmp_path):
    out = tmp_path / "c.jsonl"
    res = run(openalex_replay, fake_time, seed=SEEDS, direction="citations", include_seed=False, out=out)
    assert res.records == 3 == len(lines(out))


@pytest.mark.parametrize("chunk", [1, 2])
def test_filter_with_cursor_paging(openalex_replay, openalex_recorded, fake_time, tmp_path, chunk):
    dois = openalex_recorded.chunk_dois[chunk]
    out = tmp_path / "doi.jsonl"
    res = run(openalex_replay, fake_time, filter="doi:" + "|".join(dois), out=out)
    assert [x["cursor"] for x in openalex_replay.params] == ["*", openalex_replay.params[1]["cursor"]]
    assert openalex_replay.params[1]["cursor"] != "*"
    assert res.records == 50 and res.total == 50 and len(lines(out)) == 50
    assert {w["doi"] for w in lines(out)} == set(dois)
    assert read(out).files[0].records == 50


def test_max_results_stops_paging(openalex_replay, openalex_recorded, fake_time, tmp_path):
    out = tmp_path / "few.jsonl"
    res = run(
        openalex_replay,
        fake_time,
        filter="doi:" + "|".join(openalex_recorded.chunk_dois[1]),
        out=out,
        max_results=20,
    )
    assert len(openalex_replay.calls) == 1 and res.records == 20 and len(lines(out)) == 20


def test_api_key_from_environment_is_sent_and_redacted(openalex_replay, fake_time, monkeypatch, tmp_path):
    monkeypatch.setenv("OPENALEX_API_KEY", "secret-key-123")
    monkeypatch.setenv("OPENALEX_EMAIL", "env@example.org")
    res = run(
        openalex_replay,
        fake_time,
        seed="W3046863325|W3045921891",
        direction="citations",
        out=tmp_path / "x.jsonl",
    )
    assert all(
        p["api_key"] == "secret-key-123" and p["mailto"] == "env@example.org" for p in openalex_replay.params
    )
    assert all("api_key=***" in u and "secret" not in u for u in res.requests)


def test_http_403_is_not_retried_and_redacts_key(fake_time, make_replay, make_http_error, tmp_path):
    body = json.dumps({"error": "Forbidden", "message": "Invalid API key"}).encode()
    replay = make_replay(lambda u: (_ for _ in ()).throw(make_http_error(u, 403, body)), fake_time)
    with pytest.raises(FetchError, match=r"HTTP 403 Forbidden: Forbidden - Invalid API key") as ei:
        run(replay, fake_time, search="graphs", out=tmp_path / "x.jsonl", api_key="topsecret")
    assert "topsecret" not in str(ei.value) and "api_key=***" in str(ei.value)
    assert len(replay.calls) == 1 and "\n" not in str(ei.value)


def test_error_mid_way_keeps_the_part_file(
    openalex_replay, openalex_recorded, fake_time, make_replay, make_http_error, tmp_path
):
    def answer(u: str) -> bytes:
        if "cursor=%2A" in u:  # the first page is served, the next one fails
            return openalex_replay(u)
        raise make_http_error(u, 500, b"oops")

    replay = make_replay(answer, fake_time)
    out = tmp_path / "w.jsonl"
    with pytest.raises(
        FetchError, match=r"failed after 2 attempts: HTTP 500.*the 50 work\(s\) fetched before the error"
    ):
        run(
            replay,
            fake_time,
            filter="doi:" + "|".join(openalex_recorded.chunk_dois[2]),
            out=out,
            retries=1,
            backoff=0.5,
        )
    assert not out.exists() and len(lines(tmp_path / "w.jsonl.part")) == 50
    assert len(replay.calls) == 3


@pytest.mark.parametrize(
    "body, message",
    [
        (b"<html>Bad gateway</html>", "not JSON"),
        (b'{"results": 3}', "without a 'results' list"),
        (b'{"meta": {"count": 1, "next_cursor": null}, "results": ["W1"]}', "result 1 is not a work object"),
        (b"\xff\xfe garbage", "not JSON"),
    ],
)
def test_unreadable_body_is_a_fetch_error(fake_time, make_replay, tmp_path, body, message):
    with pytest.raises(FetchError, match=message):
        run(make_replay(lambda u: body, fake_time), fake_time, search="x", out=tmp_path / "x.jsonl")


def test_unknown_seed_is_a_fetch_error(openalex_recorded, fake_time, make_replay, tmp_path):
    # the recorded terminal page is OpenAlex's real answer with no results
    empty = [v for k, v in openalex_recorded.pages.items() if k[0] == "cites"][0][1]
    replay = make_replay(lambda u: empty, fake_time)
    with pytest.raises(FetchError, match=r"no work with the seed id\(s\) W1\b"):
        run(replay, fake_time, seed="W1", out=tmp_path / "x.jsonl")


def test_429_retry_after(openalex_replay, fake_time, make_replay, make_http_error, tmp_path):
    hits = []

    def answer(u: str) -> bytes:
        hits.append(u)
        if len(hits) == 1:
            raise make_http_error(u, 429, b"{}", {"Retry-After": "7"})
        return openalex_replay(u)

    res = run(
        make_replay(answer, fake_time), fake_time, seed=SEEDS, direction="citations", out=tmp_path / "x.jsonl"
    )
    assert fake_time.sleeps[0] == 7.0 and res.records == 5 and hits[0] == hits[1]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({}, "give search=, filter= or seed="),
        ({"seed": "X12"}, "seed must be OpenAlex work ids like W2741809807"),
        ({"seed": "W1", "direction": "up"}, "direction must be one of references, citations, both, got 'up'"),
        (
            {"search": "x", "page_size": 500},
            "'page_size' parameter of fetch_openalex must be an int >= 1 and <= 200, got 500",
        ),
        (
            {"search": "x", "max_results": 0},
            "'max_results' parameter of fetch_openalex must be an int >= 1, got 0",
        ),
        ({"search": "x", "email": "nobody"}, "'email' parameter of fetch_openalex must be an e-mail address"),
        ({"search": "x", "base_url": "api.openalex.org"}, "base_url must be an http:// or https:// URL"),
    ],
)
def test_bad_parameters_are_config_errors(tmp_path, kwargs, message):
    def opener(u: str) -> bytes:
        raise AssertionError("no request expected")

    with pytest.raises(ConfigError, match=re.escape(message)):
        fetch_openalex(out=tmp_path / "x.jsonl", opener=opener, **kwargs)


def test_existing_output_needs_overwrite(openalex_replay, fake_time, tmp_path):
    out = tmp_path / "x.jsonl"
    out.write_text("keep me\n")
    with pytest.raises(ConfigError, match="already exists"):
        run(openalex_replay, fake_time, seed=SEEDS, direction="citations", out=out)
    assert out.read_text() == "keep me\n"
    run(openalex_replay, fake_time, seed=SEEDS, direction="citations", out=out, overwrite=True)
    assert len(lines(out)) == 5
    with pytest.raises(ConfigError, match="must be a file path"):
        run(openalex_replay, fake_time, seed=SEEDS, out=tmp_path)
