"""``scholargraph neo4j`` as a user runs it (subprocesses against the session's real server)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from scholargraph.graph import io
from scholargraph.store.neo4j import counts
from scholargraph.store.server import free_port

from .conftest import hand_kg

pytestmark = pytest.mark.neo4j


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scholargraph", "-q", "neo4j", *args],
        capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})},
    )  # fmt: skip


def test_push_and_pull_through_the_cli(neo4j_driver, tmp_path):
    kg = hand_kg()
    io.save(kg, tmp_path / "store")
    res = _run("push", str(tmp_path / "store"), "--batch-size", "3")
    assert res.returncode == 0, res.stderr
    assert "pushed 9 nodes and 12 relationships" in res.stdout
    assert sum(counts(neo4j_driver)["nodes"].values()) == 9
    res = _run("pull", "--out", str(tmp_path / "back"))
    assert res.returncode == 0, res.stderr
    assert io.load(tmp_path / "back") == kg
    res = _run("pull", "--out", str(tmp_path / "sub"), "--years", "2021", "--labels", "Paper")
    assert res.returncode == 0, res.stderr
    assert [d["year"] for _, d in io.load(tmp_path / "sub").nodes()] == [2021]


def test_unreachable_server_is_one_line_and_exit_5(tmp_path):
    io.save(hand_kg(), tmp_path / "store")
    res = _run("push", str(tmp_path / "store"), "--uri", f"bolt://127.0.0.1:{free_port()}")
    assert res.returncode == 5
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach Neo4j" in lines[0] and "How to fix" in lines[0]


def test_wrong_password_is_one_line_and_exit_5(neo4j_server, tmp_path):
    io.save(hand_kg(), tmp_path / "store")
    res = _run("push", str(tmp_path / "store"), env={"NEO4J_PASSWORD": "not-the-password"})
    assert res.returncode == 5
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "refused the credentials" in lines[0]


def test_browser_writes_assets_and_prints_how_to_load_them(tmp_path):
    res = _run("browser", "--out", str(tmp_path / "b"))
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "b" / "style.grass").exists() and (tmp_path / "b" / "queries.cypher").exists()
    assert ":style" in res.stdout


def test_server_status_of_an_empty_home(tmp_path):
    res = _run("server", "status", "--home", str(tmp_path))
    assert res.returncode == 1
    assert '"running": false' in res.stdout
