"""``scholargraph fetch pubmed|crossref|opencitations`` against a LOOPBACK server replaying the recorded answers
(see conftest), and the closed-port error path (exit 6, one line). Nothing leaves 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from scholargraph.cli import main
from scholargraph.readers import read

from .conftest import CROSSREF_QUERY, OC_DOI, crossref_answer, opencitations_answer, pubmed_answer
from .test_cli import LoopbackServer, closed_port


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in (
        "NCBI_API_KEY",
        "NCBI_EMAIL",
        "CROSSREF_MAILTO",
        "SCHOLARGRAPH_PUBMED_URL",
        "SCHOLARGRAPH_CROSSREF_URL",
        "SCHOLARGRAPH_OPENCITATIONS_URL",
        "SCHOLARGRAPH_OPENCITATIONS_META_URL",
        "SCHOLARGRAPH_CONFIG",
        "SCHOLARGRAPH_FETCH_RETRIES",
        "SCHOLARGRAPH_FETCH_MAX_RESULTS",
    ):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize("source", ["pubmed", "crossref", "opencitations"])
def test_help_has_examples(capsys, source):
    with pytest.raises(SystemExit) as ei:
        main(["fetch", source, "--help"])
    text = capsys.readouterr().out
    assert ei.value.code == 0 and "examples:" in text and f"scholargraph fetch {source} " in text


def test_fetch_pubmed_cli(pubmed_recorded, tmp_path, capsys, monkeypatch):
    seen: list[dict] = []
    with LoopbackServer(pubmed_answer(pubmed_recorded, seen)) as srv:
        monkeypatch.setenv("SCHOLARGRAPH_PUBMED_URL", srv.url)
        code = main(["fetch", "pubmed", "--query", "graphs", "--mindate", "2000", "--maxdate", "2024",
                     "--out", str(tmp_path / "pm"), "--page-size", "25", "--email", "me@example.org"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert "wrote 50 PubMed records in 2 page file(s)" in out and "(50 available); 3 request(s)" in out
    assert all(p["email"] == "me@example.org" for p in seen) and all(
        a.startswith("scholargraph/") for a in srv.agents
    )
    assert main(["read", str(tmp_path / "pm"), "--summary"]) == 0
    assert "50 papers after merging" in capsys.readouterr().out


def test_fetch_crossref_cli(crossref_recorded, tmp_path, capsys):
    query, flt = CROSSREF_QUERY
    with LoopbackServer(crossref_answer(crossref_recorded)) as srv:
        code = main(["fetch", "crossref", "--query", query, "--filter", flt, "--out", str(tmp_path / "c.jsonl"),
                     "--max-results", "60", "--page-size", "30", "--base-url", srv.url])  # fmt: skip
        out = capsys.readouterr().out
        assert code == 0, out
        assert "wrote 60 Crossref works" in out and "(13869 available)" in out
        code = main(["fetch", "crossref", "--dois", "10.1038/srep16696,10.1000/nope", "--out", str(tmp_path / "d.jsonl"),
                     "--base-url", srv.url])  # fmt: skip
    out = capsys.readouterr().out
    assert (
        code == 0 and "wrote 1 Crossref works" in out and "1 DOIs not found by Crossref: 10.1000/nope" in out
    )
    assert len(read([tmp_path / "c.jsonl", tmp_path / "d.jsonl"]).papers) == 61


def test_fetch_opencitations_cli_with_a_doi_file(opencitations_recorded, tmp_path, capsys):
    dois = tmp_path / "dois.txt"
    dois.write_text(f"{OC_DOI}\n10.1000/unknown\n", encoding="utf-8")
    with LoopbackServer(opencitations_answer(opencitations_recorded)) as srv:
        base = srv.url + "/index/coci/api/v1"
        code = main(["fetch", "opencitations", "--dois-from", str(dois), "--api-version", "v1", "--base-url", base,
                     "--out", str(tmp_path / "oc.jsonl")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert "wrote 21 OpenCitations rows" not in out and "wrote 58 OpenCitations rows" in out
    assert "1 DOIs unknown to OpenCitations: 10.1000/unknown" in out
    corpus = read(tmp_path / "oc.jsonl")
    assert len(corpus.papers) == 21 and corpus.files[0].balanced


def test_missing_doi_file_is_exit_2(tmp_path, capsys):
    code = main(
        [
            "fetch",
            "opencitations",
            "--dois-from",
            str(tmp_path / "nope.txt"),
            "--out",
            str(tmp_path / "x.jsonl"),
        ]
    )
    assert code == 2 and "cannot read the file" in capsys.readouterr().err


@pytest.mark.parametrize("source", ["pubmed", "crossref", "opencitations"])
def test_closed_port_subprocess_exit_6_one_line(tmp_path, source):
    port = closed_port()
    env = {**os.environ, "SCHOLARGRAPH_FETCH_RETRIES": "0"}
    for var in ("NCBI_API_KEY", "CROSSREF_MAILTO", "SCHOLARGRAPH_CONFIG"):
        env.pop(var, None)
    base = f"http://127.0.0.1:{port}"
    args = {
        "pubmed": ["pubmed", "--query", "graphs", "--out", str(tmp_path / "pm")],
        "crossref": ["crossref", "--query", "graphs", "--out", str(tmp_path / "c.jsonl")],
        "opencitations": [
            "opencitations",
            "--dois",
            OC_DOI,
            "--out",
            str(tmp_path / "o.jsonl"),
            "--meta-url",
            base,
        ],
    }[source]
    proc = subprocess.run(
        [sys.executable, "-m", "scholargraph", "fetch", *args, "--base-url", base],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 6, proc.stderr
    lines = proc.stderr.strip().splitlines()
    name = {"pubmed": "PubMed", "crossref": "Crossref", "opencitations": "OpenCitations"}[source]
    assert len(lines) == 1 and lines[0].startswith(
        f"scholargraph fetch: error: {name} API request failed after 1 attempt"
    )
    assert f"127.0.0.1:{port}" in lines[0] and proc.stdout == ""
