"""fetch_opencitations against the RECORDED COCI v1 answers (../shared/corpora/opencitations-api), the v2 URL
layout, and error paths over a loopback HTTP server."""

from __future__ import annotations

import json

import pytest

from scholargraph.errors import ConfigError, FetchError
from scholargraph.fetch.opencitations import MIN_INTERVAL, fetch_opencitations
from scholargraph.readers import read

from .conftest import OC_DOI, http_error, opencitations_answer
from .test_cli import LoopbackServer

V1 = "https://opencitations.net/index/coci/api/v1"


@pytest.fixture(autouse=True)
def _no_env(monkeypatch):
    monkeypatch.delenv("SCHOLARGRAPH_OPENCITATIONS_URL", raising=False)
    monkeypatch.delenv("SCHOLARGRAPH_OPENCITATIONS_META_URL", raising=False)


def run(replay, fake_time, **kw):
    return fetch_opencitations(
        opener=replay, sleep=fake_time.sleep, clock=fake_time.clock, version="v1", **kw
    )


def test_one_step_snowball_both_directions_with_the_record(
    opencitations_recorded, fake_time, make_replay, tmp_path
):
    paths: list[str] = []
    replay = make_replay(opencitations_answer(opencitations_recorded, paths), fake_time, latency=0.05)
    out = tmp_path / "oc.jsonl"
    res = run(replay, fake_time, dois=[OC_DOI.upper(), "10.1000/unknown"], direction="both", out=out)
    assert paths[:3] == [
        f"/index/coci/api/v1/{op}/{OC_DOI}" for op in ("metadata", "references", "citations")
    ]
    rows = {op: json.loads(b) for op, b in opencitations_recorded.items()}
    assert res.records == sum(len(r) for r in rows.values()) == 1 + 37 + 20
    assert res.missing == ["10.1000/unknown"]
    corpus = read(out)
    assert corpus.files[0].format == "opencitations" and corpus.files[0].balanced
    seed = corpus[f"doi:{OC_DOI}"]
    assert seed.title == rows["metadata"][0]["title"] and len(seed.references) == 37
    citing = [p for p in corpus.papers if p is not seed]
    assert len(citing) == 20 and all(p.references[0].doi == OC_DOI for p in citing)
    starts = [t for t, _ in replay.calls]
    assert all(b - e >= MIN_INTERVAL - 1e-9 for e, b in zip(replay.ends, starts[1:], strict=False))


def test_references_only_without_metadata(opencitations_recorded, fake_time, make_replay, tmp_path):
    replay = make_replay(opencitations_answer(opencitations_recorded), fake_time)
    res = run(
        replay, fake_time, dois=OC_DOI, direction="references", metadata=False, out=tmp_path / "r.jsonl"
    )
    assert len(replay.calls) == 1 and res.records == 37
    (p,) = read(tmp_path / "r.jsonl").papers
    assert p.title == "" and len(p.references) == 37


def test_v2_urls_use_doi_prefixes_and_the_meta_api(fake_time, make_replay, tmp_path):
    # no v2 answer is recorded in ../shared; this one is made here in the v2 layout (id lists)
    row = {
        "oci": "061-062",
        "citing": f"omid:br/061 doi:{OC_DOI} pmid:1",
        "cited": "omid:br/062 doi:10.1000/x",
        "creation": "2015",
    }
    urls: list[str] = []

    def answer(u: str) -> bytes:
        urls.append(u)
        return json.dumps([row] if "/references/" in u else []).encode()

    res = fetch_opencitations(
        OC_DOI, "references", out=tmp_path / "v2.jsonl", opener=make_replay(answer, fake_time),
        sleep=fake_time.sleep, clock=fake_time.clock,
    )  # fmt: skip
    assert urls == [
        f"https://api.opencitations.net/meta/v1/metadata/doi:{OC_DOI}",
        f"https://api.opencitations.net/index/v2/references/doi:{OC_DOI}",
    ]
    assert res.records == 1 and read(tmp_path / "v2.jsonl").papers[0].pmid == "1"


def test_429_then_success_and_malformed_json_over_loopback(opencitations_recorded, fake_time, tmp_path):
    real = opencitations_answer(opencitations_recorded)
    statuses = [429]

    def answer(u: str) -> bytes:
        if statuses:
            raise http_error(u, statuses.pop(0), b"", {"Retry-After": "3"})
        if "/citations/" in u:
            return b"<html>gateway</html>"
        return real(u)

    with LoopbackServer(answer) as srv:
        base = srv.url + "/index/coci/api/v1"
        kw = dict(version="v1", base_url=base, meta_url=base, sleep=fake_time.sleep, clock=fake_time.clock)
        res = fetch_opencitations(OC_DOI, "references", out=tmp_path / "a.jsonl", **kw)
        assert res.records == 38 and 3.0 in fake_time.sleeps
        with pytest.raises(FetchError, match=r"not JSON.*the 38 row\(s\) fetched before the error"):
            fetch_opencitations(OC_DOI, "both", out=tmp_path / "b.jsonl", **kw)
    assert len((tmp_path / "b.jsonl.part").read_text().splitlines()) == 38


def test_not_a_list_is_a_fetch_error(fake_time, make_replay, tmp_path):
    replay = make_replay(lambda u: b'{"error": "quota"}', fake_time)
    with pytest.raises(FetchError, match="not a list of rows"):
        run(replay, fake_time, dois=OC_DOI, out=tmp_path / "x.jsonl")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(dois=""), "give dois="),
        (dict(dois="x"), "DOIs like"),
        (dict(dois=OC_DOI, direction="sideways"), "direction must be one of"),
        (dict(dois=OC_DOI, version="v3"), "version must be one of v2, v1"),
    ],
)
def test_bad_parameters_are_config_errors(tmp_path, kwargs, message):
    with pytest.raises(ConfigError, match=message):
        fetch_opencitations(out=tmp_path / "x.jsonl", **kwargs)
