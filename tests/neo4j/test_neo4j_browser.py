"""Browser assets: the style sheet covers every label; the files are written. (The saved queries run on the pushed
WoS graph in test_neo4j_wos.py.)"""

from __future__ import annotations

import re

from scholargraph.graph import schema
from scholargraph.neo4j.browser import grass, write_browser_assets
from scholargraph.neo4j.cypher import SAVED_QUERIES


def test_style_sheet_has_a_colour_and_caption_per_label():
    text = grass()
    for label in schema.LABELS:
        block = re.search(rf"node\.{label} \{{(.*?)\}}", text, re.S).group(1)
        assert re.search(r"color: #[0-9A-F]{6};", block)
        assert "caption: '{" in block
    colours = re.findall(r"node\.\w+ \{\s*color: (#[0-9A-F]{6})", text)
    assert len(set(colours)) == len(schema.LABELS)


def test_assets_are_written(tmp_path):
    files = write_browser_assets(tmp_path / "b")
    assert {p.name for p in files.values()} == {"style.grass", "queries.cypher", "guide.html", "README.txt"}
    queries = files["queries"].read_text(encoding="utf-8")
    assert queries.count(";\n") == len(SAVED_QUERIES)
    assert all(q.name in queries for q in SAVED_QUERIES)
    assert "runnable" in files["guide"].read_text(encoding="utf-8")


def test_browser_command_prints_the_http_port_of_the_running_server(tmp_path, capsys):
    """`neo4j browser` used to print http://127.0.0.1:7474 whatever port the server listens on. The server records
    its ports in HOME/run when `neo4j server start` starts it; a record of a live process (this one) stands in."""
    import json
    import os

    from scholargraph.cli import main
    from scholargraph.neo4j import server

    home = tmp_path / "home"
    (home / "run").mkdir(parents=True)
    state = server.Server(str(home), bolt_port=17687, http_port=17474, pid=os.getpid())
    (home / "run" / server.STATE_FILE).write_text(json.dumps(server.asdict(state)), encoding="utf-8")
    out = tmp_path / "assets"
    assert main(["neo4j", "browser", "--out", str(out), "--home", str(home)]) == 0
    printed = capsys.readouterr().out
    assert "Open http://127.0.0.1:17474/browser/ and connect." in printed and ":7474" not in printed
    assert "http://127.0.0.1:17474/browser/" in (out / "README.txt").read_text(encoding="utf-8")
    assert main(["neo4j", "browser", "--out", str(out), "--home", str(home), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["browser"] == "http://127.0.0.1:17474/browser/"
    # no server in the home: the note says where the address comes from
    assert main(["neo4j", "browser", "--out", str(out), "--home", str(tmp_path / "none")]) == 0
    assert "no running server in" in capsys.readouterr().err
