"""``scholargraph neo4j`` as a user runs it (subprocesses against the session's real server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from scholargraph.neo4j.browser import grass, queries_cypher
from scholargraph.neo4j.client import counts
from scholargraph.neo4j.server import free_port
from scholargraph.store import embedded

from .conftest import hand_kg

pytestmark = pytest.mark.neo4j


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scholargraph", "-q", "neo4j", *args],
        capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})},
    )  # fmt: skip


def test_push_and_pull_through_the_cli(neo4j_driver, tmp_path):
    kg = hand_kg()
    embedded.save(kg, tmp_path / "store")
    res = _run("push", str(tmp_path / "store"), "--batch-size", "3")
    assert res.returncode == 0, res.stderr
    n_nodes, n_rels = kg.graph.number_of_nodes(), kg.graph.number_of_edges()  # the hand-made graph: 10 and 13
    assert f"pushed {n_nodes} nodes and {n_rels} relationships" in res.stdout
    assert sum(counts(neo4j_driver)["nodes"].values()) == n_nodes
    res = _run("pull", "--out", str(tmp_path / "back"))
    assert res.returncode == 0, res.stderr
    assert embedded.load(tmp_path / "back") == kg
    res = _run("pull", "--out", str(tmp_path / "sub"), "--years", "2021", "--labels", "Paper")
    assert res.returncode == 0, res.stderr
    assert [d["year"] for _, d in embedded.load(tmp_path / "sub").nodes()] == [2021]


def test_unreachable_server_is_one_line_and_exit_5(tmp_path):
    embedded.save(hand_kg(), tmp_path / "store")
    res = _run("push", str(tmp_path / "store"), "--uri", f"bolt://127.0.0.1:{free_port()}")
    assert res.returncode == 5
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach Neo4j" in lines[0] and "How to fix" in lines[0]


def test_wrong_password_is_one_line_and_exit_5(neo4j_server, tmp_path):
    embedded.save(hand_kg(), tmp_path / "store")
    res = _run("push", str(tmp_path / "store"), env={"NEO4J_PASSWORD": "not-the-password"})
    assert res.returncode == 5
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "refused the credentials" in lines[0]


def test_pull_from_an_unreachable_server_is_one_line_and_exit_5(tmp_path):
    res = _run("pull", "--out", str(tmp_path / "back"), "--uri", f"bolt://127.0.0.1:{free_port()}")
    assert res.returncode == 5, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scholargraph neo4j: error: cannot reach Neo4j")
    assert "How to fix" in lines[0]
    assert not (tmp_path / "back").exists()  # nothing half-written


def test_bad_arguments_are_one_line_errors(tmp_path):
    res = _run("pull", "--out", str(tmp_path / "x"), "--years", "nineteen", "--uri", "bolt://127.0.0.1:1")
    assert res.returncode == 2 and "--years must be FROM-TO or YEAR" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    res = _run("push", str(tmp_path / "no-such-store"))
    assert res.returncode == 4, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "no-such-store" in res.stderr


def test_missing_action_prints_usage_and_exits_2():
    res = _run()
    assert res.returncode == 2 and "push" in res.stdout and "browser" in res.stdout
    res = _run("server")
    assert res.returncode == 2 and "status" in res.stdout and "assemble" in res.stdout


def test_browser_writes_assets_and_prints_how_to_load_them(tmp_path):
    out = tmp_path / "b"
    res = _run("browser", "--out", str(out))
    assert res.returncode == 0, res.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == ["README.txt", "guide.html", "queries.cypher", "style.grass"]
    assert (out / "style.grass").read_text(encoding="utf-8") == grass()
    assert (out / "queries.cypher").read_text(encoding="utf-8") == queries_cypher()
    # the printed instructions name the files written and how to load each
    assert str(out / "style.grass") in res.stdout and ":style" in res.stdout
    assert str(out / "queries.cypher") in res.stdout and ":play" in res.stdout
    assert res.stdout.strip() == (out / "README.txt").read_text(encoding="utf-8").strip()


def test_server_status_and_stop_of_a_home_without_a_server(tmp_path):
    res = _run("server", "status", "--home", str(tmp_path))
    assert res.returncode == 1
    info = json.loads(res.stdout)
    assert info["running"] is False and info["reason"] == "no server was started in this home"
    res = _run("server", "stop", "--home", str(tmp_path))
    assert res.returncode == 0 and res.stdout.strip() == f"no server running in {tmp_path}"


def test_server_status_of_the_running_server(neo4j_server, tmp_path):
    res = _run("server", "status", "--home", str(neo4j_server.home))
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert info["running"] is True and info["pid"] == neo4j_server.server.pid
    # `neo4j browser` prints the Browser address of that server, its real HTTP port
    res = _run("browser", "--out", str(tmp_path / "assets"), "--home", str(neo4j_server.home), "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["browser"] == f"http://127.0.0.1:{neo4j_server.server.http_port}/browser/"
