"""``scholargraph fetch``: success paths against a LOOPBACK server replaying the recorded responses, and the
error path (closed loopback port -> exit 6, one line) in a subprocess. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scholargraph.cli import main
from scholargraph.readers import read

from .conftest import ARXIV_BASE, arxiv_answer, openalex_answer


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in (
        "OPENALEX_EMAIL",
        "OPENALEX_API_KEY",
        "SCHOLARGRAPH_OPENALEX_URL",
        "SCHOLARGRAPH_ARXIV_URL",
        "SCHOLARGRAPH_CONFIG",
        "SCHOLARGRAPH_FETCH_RETRIES",
        "SCHOLARGRAPH_FETCH_MAX_RESULTS",
    ):
        monkeypatch.delenv(var, raising=False)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LoopbackServer:
    """Serves ``answer(url) -> bytes`` on 127.0.0.1; HTTPError from ``answer`` becomes that status (with its
    headers, e.g. Retry-After)."""

    def __init__(self, answer, public_base: str = "") -> None:
        self.answer = answer
        self.public_base = public_base
        self.agents: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.agents.append(self.headers.get("User-Agent", ""))
                path = self.path
                url = outer.public_base + path[path.index("?") :] if outer.public_base else f"http://x{path}"
                headers = {}
                try:
                    body, status = outer.answer(url), 200
                except urllib.error.HTTPError as e:
                    body, status = e.read(), e.code
                    headers = dict(e.headers.items()) if e.headers is not None else {}
                self.send_response(status)
                for k, v in headers.items():  # e.g. Retry-After of a 429
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_help_has_examples(capsys):
    for source in ("arxiv", "openalex"):
        with pytest.raises(SystemExit) as ei:
            main(["fetch", source, "--help"])
        assert ei.value.code == 0
        text = capsys.readouterr().out
        assert (
            "examples:" in text and f"scholargraph fetch {source} " in text and "scholargraph build" in text
        )


def test_fetch_arxiv_cli_over_loopback(arxiv_recorded, tmp_path, capsys):
    with LoopbackServer(arxiv_answer(arxiv_recorded), public_base=ARXIV_BASE) as srv:
        code = main(
            [
                "fetch",
                "arxiv",
                "--id-list",
                "0808.05394,1707.08567",
                "--out",
                str(tmp_path / "ax"),
                "--base-url",
                srv.url + "/api/query",
            ]
        )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "wrote 1 arXiv entries in 1 page file(s)" in out and "1 ids not found: 0808.05394" in out
    assert srv.agents and all(a.startswith("scholargraph/") for a in srv.agents)
    assert len(read(sorted((tmp_path / "ax").glob("*.xml")))) == 1
    assert main(["read", str(tmp_path / "ax"), "--summary"]) == 0
    assert "1 papers after merging" in capsys.readouterr().out


def test_fetch_arxiv_cli_recorded_400_is_exit_6(arxiv_recorded, tmp_path, capsys):
    with LoopbackServer(arxiv_answer(arxiv_recorded), public_base=ARXIV_BASE) as srv:
        code = main(
            [
                "fetch",
                "arxiv",
                "--id-list",
                "abc",
                "--out",
                str(tmp_path / "ax"),
                "--base-url",
                srv.url + "/api/query",
            ]
        )
    err = capsys.readouterr().err.strip()
    assert code == 6 and len(err.splitlines()) == 1
    assert err.startswith("scholargraph fetch: error: arXiv API refused the request: HTTP 400")
    assert "incorrect id format for abc" in err


def test_fetch_openalex_cli_snowball_over_loopback(openalex_recorded, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OPENALEX_EMAIL", "me@example.org")
    seen: list[dict] = []
    with LoopbackServer(openalex_answer(openalex_recorded, seen)) as srv:
        monkeypatch.setenv("SCHOLARGRAPH_OPENALEX_URL", srv.url)
        out = tmp_path / "snow.jsonl"
        code = main(
            [
                "fetch",
                "openalex",
                "--seed",
                "W3046863325|W3045921891",
                "--direction",
                "both",
                "--out",
                str(out),
            ]
        )
    text = capsys.readouterr().out
    assert code == 0, text
    assert "wrote 46 OpenAlex works" in text and "1 works not returned by OpenAlex: W3098501485" in text
    assert len(seen) == 6 and all(p["mailto"] == "me@example.org" for p in seen)
    assert len(out.read_text().splitlines()) == 46
    assert all("id" in json.loads(x) for x in out.read_text().splitlines())
    assert all(a.startswith("scholargraph/") for a in srv.agents)


def test_bad_setting_is_exit_2(tmp_path, capsys):
    code = main(
        ["fetch", "openalex", "--search", "x", "--page-size", "1000", "--out", str(tmp_path / "x.jsonl")]
    )
    err = capsys.readouterr().err
    assert (
        code == 2
        and "'page_size' parameter of fetch_openalex must be an int >= 1 and <= 200, got 1000" in err
    )


@pytest.mark.parametrize("source", ["arxiv", "openalex"])
def test_closed_port_subprocess_exit_6_one_line(tmp_path, source):
    port = closed_port()
    env = {**os.environ, "SCHOLARGRAPH_FETCH_RETRIES": "0"}
    for var in ("OPENALEX_API_KEY", "OPENALEX_EMAIL", "SCHOLARGRAPH_CONFIG"):
        env.pop(var, None)
    if source == "arxiv":
        env["SCHOLARGRAPH_ARXIV_URL"] = f"http://127.0.0.1:{port}/api/query"
        args = ["arxiv", "--query", "cat:cs.DL", "--out", str(tmp_path / "ax")]
    else:
        args = [
            "openalex",
            "--search",
            "graphs",
            "--out",
            str(tmp_path / "w.jsonl"),
            "--base-url",
            f"http://127.0.0.1:{port}",
        ]
    proc = subprocess.run(
        [sys.executable, "-m", "scholargraph", "fetch", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 6, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    name = "arXiv" if source == "arxiv" else "OpenAlex"
    assert lines[0].startswith(
        f"scholargraph fetch: error: {name} API request failed after 1 attempt: URLError"
    )
    assert f"127.0.0.1:{port}" in lines[0] and proc.stdout == ""


def test_fetch_json_follows_its_documented_schema(arxiv_recorded, tmp_path, capsys):
    from scholargraph.cli.fetch import JSON_SCHEMA
    from scholargraph.fetch.arxiv import page_name

    with LoopbackServer(arxiv_answer(arxiv_recorded), public_base=ARXIV_BASE) as srv:
        code = main(["fetch", "arxiv", "--id-list", "0808.05394,1707.08567", "--out", str(tmp_path / "ax"),
                     "--base-url", srv.url + "/api/query", "--json"])  # fmt: skip
    assert code == 0
    info = json.loads(capsys.readouterr().out)
    assert set(info) == set(JSON_SCHEMA)
    assert info["source"] == "arxiv" and info["records"] == 1 and info["missing"] == ["0808.05394"]
    assert info["requests"] == 1 and [os.path.basename(f) for f in info["files"]] == [page_name(0)]
