"""`scholargraph build | update | export` as subprocesses: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "graph"


def sg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scholargraph", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "store"
    r = sg("build", str(DATA / "part1.txt"), "--out", str(out), "--no-extract", "--json")
    assert r.returncode == 0, r.stderr
    return out, json.loads(r.stdout)


def test_build_summary(store):
    _, info = store
    assert info["nodes"] == {"Author": 3, "Paper": 2, "Venue": 1}
    assert info["edges"] == {"AUTHORED": 4, "CITES": 1, "PUBLISHED_IN": 2}
    assert info["unresolved_references"] == 4 and info["rejects"] == 0


def test_build_text_summary_and_update(tmp_path):
    out = tmp_path / "s"
    r = sg("build", str(DATA / "part1.txt"), "--out", str(out), "--no-extract")
    assert r.returncode == 0 and "relationships: AUTHORED 4, CITES 1, PUBLISHED_IN 2" in r.stdout
    r = sg("update", str(out), str(DATA / "part2.txt"), "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["nodes"]["Paper"] == 4 and info["edges"]["CITES"] == 5 and info["merges"] == 1


@pytest.mark.parametrize(
    "fmt,suffix", [("graphml", ".graphml"), ("gexf", ".gexf"), ("node-link", ".json"), ("cytoscape", ".json")]
)
def test_export_files(store, tmp_path, fmt, suffix):
    path, info = store
    out = tmp_path / f"g{suffix}"
    r = sg("export", str(path), "--format", fmt, "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert out.is_file() and f"as {fmt}" in r.stdout
    if fmt == "graphml":
        assert nx.read_graphml(out).number_of_edges() == sum(info["edges"].values())


def test_export_directories(store, tmp_path):
    path, _ = store
    r = sg(
        "export",
        str(path),
        "--format",
        "vosviewer",
        "--projection",
        "co-authorship",
        "--out",
        str(tmp_path / "v"),
        "--json",
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["projection"] == "co-authorship"
    assert (tmp_path / "v" / "co_authorship_map.txt").is_file()
    r = sg("export", str(path), "--format", "neo4j-csv", "--out", str(tmp_path / "n"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "n" / "nodes_Paper.csv").is_file() and (tmp_path / "n" / "rels_CITES.csv").is_file()


def test_errors(tmp_path, store):
    r = sg("build", str(DATA / "bad.txt"), "--out", str(tmp_path / "x"), "--no-extract")
    assert r.returncode == 3
    assert r.stderr.count("\n") == 1 and "bad.txt" in r.stderr and "How to fix" in r.stderr
    r = sg("build", str(DATA / "nope.txt"), "--out", str(tmp_path / "x"), "--no-extract")
    assert r.returncode == 3 and "nope.txt" in r.stderr and "does not exist" in r.stderr
    r = sg("export", str(tmp_path / "missing"), "--format", "graphml", "--out", str(tmp_path / "g.graphml"))
    assert r.returncode == 4 and r.stderr.count("\n") == 1 and "no store at" in r.stderr
    r = sg("update", str(tmp_path / "missing"), str(DATA / "part2.txt"))
    assert r.returncode == 4 and "no store at" in r.stderr
    r = sg("export", str(store[0]), "--format", "graphml", "--out", str(tmp_path / "g"), "--top-k", "3")
    assert r.returncode == 2 and "need --projection" in r.stderr


def test_parser_needs_no_heavy_imports():
    code = (
        "import sys, scholargraph.cli as c; c.build_parser(); "
        "print(sorted(m for m in ('networkx', 'scipy', 'numpy', 'spacy') if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"  # every command starts without paying for them


def test_unwritable_outputs_are_one_error_line(store, tmp_path):
    """An export or a view to a path that cannot be written: one line naming the path, exit code 1, no traceback."""
    store = store[0]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for args in (
        ("export", str(store), "--format", "graphml", "--out", str(blocker / "g.graphml")),
        ("view", str(store), "--paper", "doi:10.5555/x", "--out", str(blocker / "v.html")),
    ):
        r = sg(*args)
        assert r.returncode in (1, 2), r.stderr
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        if r.returncode == 1:
            assert "cannot write" in r.stderr and "a-file" in r.stderr


def test_refs_option_changes_the_coupling(tmp_path):
    """--refs corpus|all changes what coupling counts (the old --all-refs flag was coupling's default and changed
    nothing). Two papers that cite the same outside work and no corpus paper are coupled only over all refs."""
    data = tmp_path / "two.jsonl"
    data.write_text(
        '{"title": "First paper about graphs", "year": 2020, "doi": "10.5555/r.1", "references": ["Smith J, 1999, NATURE, DOI 10.1038/abc"]}\n'
        '{"title": "Second paper about graphs", "year": 2021, "doi": "10.5555/r.2", "references": ["Smith J, 1999, NATURE, DOI 10.1038/abc"]}\n'
    )
    store = tmp_path / "s"
    assert sg("build", str(data), "--out", str(store), "--no-extract", "-q").returncode == 0
    r = sg("export", str(store), "--format", "graphml", "--projection", "coupling", "--refs", "all",
           "--out", str(tmp_path / "all.graphml"), "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert nx.read_graphml(tmp_path / "all.graphml").number_of_edges() == 1
    # over the corpus' own papers there is no link: nothing is written, and the message says why
    r = sg("export", str(store), "--format", "graphml", "--projection", "coupling", "--refs", "corpus",
           "--out", str(tmp_path / "corpus.graphml"))  # fmt: skip
    assert r.returncode == 2 and not (tmp_path / "corpus.graphml").exists()
    assert (
        "no paper of the corpus cites another one; --refs all counts the works cited outside it" in r.stderr
    )
