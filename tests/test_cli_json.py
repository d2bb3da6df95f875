"""`--json` on every command, and the JSON of each command has the keys its documented schema (docs/cli.md,
generated from the parsers) lists."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from scholargraph.cli import build_parser, main

DATA = Path(__file__).resolve().parent / "data" / "graph"


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for action in subs:
        for name, sub in action.choices.items():
            yield from _leaves(sub, (*path, name))


def test_every_command_takes_json_and_documents_its_schema():
    leaves = list(_leaves(build_parser()))
    assert len(leaves) >= 20
    for path, parser in leaves:
        options = {o for a in parser._actions for o in a.option_strings}
        assert "--json" in options, path
        schema = parser.get_default("_json")
        assert schema and all(isinstance(v, str) and v for v in schema.values()), path


def _schema(*command: str) -> dict:
    parser = dict(_leaves(build_parser()))[command]
    return parser.get_default("_json")


def _json_of(capsys, argv: list[str]) -> dict:
    assert main(argv) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def _keys_match(info: dict, schema: dict, optional: set[str] = frozenset()) -> None:
    patterns = [re.escape(k).replace("<kind>", "[a-z]+") for k in schema]
    for key in info:
        assert any(re.fullmatch(p, key) for p in patterns), (key, sorted(schema))
    assert {k for k in schema if "<" not in k} - set(info) <= optional


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("json") / "store"
    assert main(["build", str(DATA / "part1.txt"), str(DATA / "part2.txt"), "--out", str(out), "--no-extract",
                 "-q"]) == 0  # fmt: skip
    assert main(["analyze", str(out), "-q"]) == 0
    return out


def test_json_of_the_store_commands(store, tmp_path, capsys):
    _keys_match(_json_of(capsys, ["read", str(DATA / "part1.txt"), "--json"]), _schema("read"), {"rejects"})
    info = _json_of(capsys, ["build", str(DATA / "part1.txt"), "--out", str(tmp_path / "b"), "--no-extract",
                             "--json"])  # fmt: skip
    _keys_match(info, _schema("build"))
    _keys_match(_json_of(capsys, ["analyze", str(store), "--json"]), _schema("analyze"), {"communities"})
    info = _json_of(capsys, ["report", str(store), "--out", str(tmp_path / "r"), "--json"])
    _keys_match(info, _schema("report"))
    assert Path(info["html"]).is_file() and all(Path(f).is_file() for f in info["figures"].values())
    paper = "doi:10.5555/sg.a"  # tests/data/graph/part1.txt: the paper the others cite
    info = _json_of(
        capsys, ["view", str(store), "--paper", paper, "--out", str(tmp_path / "v.html"), "--json"]
    )
    _keys_match(info, _schema("view"))
    assert info["nodes"]["Paper"] >= 2 and info["title"] == f"paper {paper}"
    info = _json_of(capsys, ["export", str(store), "--format", "gexf", "--out", str(tmp_path / "g.gexf"),
                             "--json"])  # fmt: skip
    _keys_match(info, _schema("export"), {"projection", "replaced_delimiters"})
    assert info["graph"] == "the paper, author, topic and venue graph"


def test_json_of_the_neo4j_commands_that_need_no_server(tmp_path, capsys):
    info = _json_of(
        capsys, ["neo4j", "browser", "--out", str(tmp_path / "b"), "--home", str(tmp_path), "--json"]
    )
    _keys_match(info, _schema("neo4j", "browser"))
    info = _json_of(capsys, ["neo4j", "server", "stop", "--home", str(tmp_path), "--json"])
    assert info == {"home": str(tmp_path), "stopped": False}
    _keys_match(info, _schema("neo4j", "server", "stop"))
