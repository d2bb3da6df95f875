"""Outputs meant for people are safe to open: report.md renders input values as text (a real Markdown
renderer), CSV tables defuse spreadsheet formulas, GEXF files carry no date."""

from __future__ import annotations

import csv
import json

import networkx as nx

import scholargraph as sg
from scholargraph.model import Corpus, Paper, PaperDate

HOSTILE = '<script>alert(1)</script> [click](javascript:alert(2)) | =HYPERLINK("http://evil")'


def _store(tmp_path):
    papers = [
        Paper.create(
            title=f"{HOSTILE} {i}",
            date=PaperDate(2015 + i % 8, None, None, "year"),
            doi=f"10.5555/safe.{i}",
            keywords=["=cmd|' /C calc'!A0", "graphs"],
        )  # fmt: skip
        for i in range(30)
    ]
    corpus = Corpus(papers=papers)
    store = tmp_path / "s"
    sg.save(sg.build_graph(corpus), store, corpus=corpus)
    sg.analyze_store(store, stability_runs=1)
    return store


def test_report_md_keeps_input_values_as_text(tmp_path):
    from markdown_it import MarkdownIt

    store = _store(tmp_path)
    md = sg.write_report(store)["markdown"].read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").render(md)  # CommonMark passes raw HTML through: escaping is ours to do
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    report_html = sg.write_report(store)["html"].read_text(encoding="utf-8")
    assert "<script>alert(1)" not in report_html  # the HTML report escapes too (jinja2 autoescape)


def test_csv_tables_defuse_formulas_and_json_keeps_them(tmp_path):
    store = _store(tmp_path)
    rows = list(csv.DictReader((store / "analysis" / "trends_keyword.csv").open(encoding="utf-8")))
    items = {r["item"] for r in rows} | {
        r["item"] for r in csv.DictReader((store / "analysis" / "series_keyword.csv").open(encoding="utf-8"))
    }
    assert "'=cmd|' /c calc'!a0" in {i.lower() for i in items} and not any(i.startswith("=") for i in items)
    raw = json.loads((store / "analysis" / "series_keyword.json").read_text(encoding="utf-8"))
    assert any(str(r[0]).startswith("=cmd") for r in raw["rows"])  # the program format keeps the raw value
    assert sg.load_table(store, "series_keyword")["item"].str.startswith("=cmd").any()


def test_vosviewer_map_defuses_formulas(tmp_path):
    from scholargraph.graph.exports import write_vosviewer

    g = nx.Graph()
    g.add_edge("a", "b", weight=1.0)
    paths = write_vosviewer(
        g, tmp_path / "map.txt", tmp_path / "net.txt", labels={"a": "=1+1", "b": "@SUM(A1)"}
    )
    lines = paths["map"].read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[1] for line in lines[1:]] == ["'=1+1", "'@SUM(A1)"]


def test_gexf_has_no_date(tmp_path, monkeypatch):
    import time

    kg = sg.build_graph(Corpus(papers=[Paper.create(title="A", year=2020, doi="10.5555/g.1")]))
    sg.export(kg, "gexf", tmp_path / "a.gexf")
    monkeypatch.setattr(time, "strftime", lambda *a, **k: "1999-12-31")  # another day
    sg.export(kg, "gexf", tmp_path / "b.gexf")
    a, b = (tmp_path / "a.gexf").read_bytes(), (tmp_path / "b.gexf").read_bytes()
    assert a == b and b"lastmodifieddate" not in a
    assert nx.read_gexf(tmp_path / "a.gexf").number_of_nodes() == 1
