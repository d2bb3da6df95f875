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
