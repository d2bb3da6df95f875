"""The trend report on a store of the planted synthetic corpus: structure, links, figures, determinism, and
rendering in headless Chromium."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scholargraph.errors import StoreError
from scholargraph.report.trend_report import FIGURES, build_context, write_report
from scholargraph.store import embedded


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A store of 160 planted papers (exact-match annotations, no spaCy), analysed; and the planted truth."""
    from scholargraph.analysis.run import analyze_store
    from scholargraph.graph.build import build_graph
    from scholargraph.synthetic import planted_annotations, planted_corpus

    corpus, truth = planted_corpus(160, seed=4)
    ann = planted_annotations(corpus, truth)
    store = tmp_path_factory.mktemp("planted") / "store"
    embedded.save(build_graph(corpus, ann), store, corpus=corpus, annotations=ann)
    analyze_store(store, seed=0, stability_runs=2)
    return store, truth


@pytest.fixture(scope="module")
def report(planted):
    store, _ = planted
    return write_report(store, seed=0)


class _Links(HTMLParser):
    """Collects ids, hrefs, img srcs and the rows of the trend tables."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.imgs: list[dict[str, str]] = []
        self.trend_rows: list[dict] = []  # {"kind": ..., "cells": [...], "support": [...]}
        self._kind: str | None = None
        self._row: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
            if self._row is not None and "support" in (a.get("class") or ""):
                self._row["support"].append(a["href"])
        if tag == "img":
            self.imgs.append(a)
        if tag == "table" and "trend-table" in (a.get("class") or ""):
            self._kind = a.get("data-kind")
        if tag == "tr" and "trend-row" in (a.get("class") or ""):
            self._row = {"kind": self._kind, "text": "", "support": []}
            self.trend_rows.append(self._row)

    def handle_endtag(self, tag):
        if tag == "tr":
            self._row = None
        if tag == "table":
            self._kind = None

    def handle_data(self, data):
        if self._row is not None:
            self._row["text"] += data


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_report_files_and_every_referenced_figure_exist(report):
    html = report["html"]
    assert html.name == "report.html" and report["markdown"].name == "report.md"
    page = _parse(html)
    referenced = {h for h in page.hrefs if h.startswith("figures/")} | {i["data-file"] for i in page.imgs}
    overview = {f"figures/{p.name}" for p in (html.parent / "figures").glob("overview_*.png")}
    assert overview and referenced == {f"figures/{name}.png" for name in FIGURES} | overview
    for ref in referenced:
        assert (html.parent / ref).is_file(), ref
    for img in page.imgs:  # self-contained: each figure is embedded, and is the PNG that was written
        assert img["src"].startswith("data:image/png;base64,")
        assert base64.b64decode(img["src"].split(",", 1)[1]) == (html.parent / img["data-file"]).read_bytes()
    md = report["markdown"].read_text(encoding="utf-8")
    md_figs = re.findall(r"!\[[^\]]*\]\((figures/[^)]+)\)", md)
    assert sorted(md_figs) == sorted(referenced)


def test_every_link_to_a_paper_lands_in_the_appendix(report):
    page = _parse(report["html"])
    internal = {h[1:] for h in page.hrefs if h.startswith("#paper-")}
    assert internal and internal <= page.ids
    appendix = re.findall(
        r'<li id="(paper-[0-9a-f]{10})" value="(\d+)">', report["html"].read_text(encoding="utf-8")
    )
    assert {a for a, _ in appendix} == internal  # nothing listed that is not cited
    assert [int(n) for _, n in appendix] == list(range(1, len(appendix) + 1))
    assert "https://doi.org/10.5555/scholargraph-synthetic." in report["html"].read_text(encoding="utf-8")


def test_planted_trends_are_reported_with_supporting_papers(planted, report):
    _, truth = planted
    rows = _parse(report["html"]).trend_rows
    emerging = [r for r in rows if r["kind"] == "emerging"]
    declining = [r for r in rows if r["kind"] == "declining"]
    assert emerging and declining
    for row in emerging:
        assert row["support"], f"emerging row without supporting papers: {row['text']!r}"
    burst_row = next(r for r in emerging if truth.bursting_topic in r["text"])
    assert f"{truth.burst_start}–" in burst_row["text"]  # its burst, starting where it was planted
    assert any(truth.declining_topic in r["text"] for r in declining)


def test_context_covers_every_section(planted):
    store, truth = planted
    context, data = build_context(store, seed=0, top=3)
    assert context["corpus"]["cards"][0] == {"name": "papers", "value": 160}
    assert {r["field"] for r in context["corpus"]["coverage"]} >= {"title", "abstract", "doi"}
    assert len(context["topics"]) == 3 and all(t["refs"] for t in context["topics"])
    assert len(context["communities"]["rows"]) == 3
    assert all(c["refs"] and c["authors"] for c in context["communities"]["rows"])
    assert len(context["central"]["rows"]) == 3 and context["central"]["rows"][0]["cited"] > 0
    assert "connected groups" in context["collaboration"]["summary"]
    assert data["community_map"].number_of_nodes() == len(set(truth.communities.values()))


def test_report_is_deterministic(planted, report, tmp_path):
    store, _ = planted
    again = write_report(store, tmp_path / "again", seed=0)
    for key in report:
        assert again[key].read_bytes() == report[key].read_bytes(), key


def test_store_without_analysis_says_how_to_get_it(tmp_path):
    from scholargraph.graph.build import build_graph
    from scholargraph.synthetic import planted_corpus

    corpus, _ = planted_corpus(30, seed=1)
    embedded.save(build_graph(corpus), tmp_path / "s", corpus=corpus)
    with pytest.raises(StoreError, match=r"has not been analysed .*; run `scholargraph analyze .*/s` first"):
        write_report(tmp_path / "s")
    assert not (tmp_path / "s" / "report").exists()  # nothing half-written


def test_not_a_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        write_report(tmp_path / "missing")
    with pytest.raises(ValueError, match="The 'top' parameter of write_report must be an int >= 1, got 0"):
        build_context(tmp_path, top=0)


def test_report_renders_in_chromium(report, chromium, tmp_path):
    png = chromium.screenshot(report["html"], tmp_path / "report.png", size=(1280, 2000))
    stats = chromium.image_stats(png)
    assert stats["width"] == 1280 and stats["height"] == 2000
    assert stats["colours"] > 200, stats  # text, tables, links in colour: not a blank or single-colour page
    assert 0.03 < stats["non_white"] < 0.9, stats


def test_every_markdown_table_has_as_many_cells_per_row_as_its_header(report):
    """A Markdown table whose separator or rows have another number of cells than its header renders broken
    (or not at all); counted with a plain split on '|' outside links (no cell of the report holds a '|')."""
    lines = report["markdown"].read_text(encoding="utf-8").splitlines()
    tables = 0
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and line.startswith("|") and re.fullmatch(r"\|(?:\s*-+:?\s*\|)+", lines[i + 1]):
            tables += 1
            width = line.count("|")
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert lines[j].count("|") == width, (
                    f"line {j + 1}: {lines[j][:120]!r} vs header {line[:120]!r}"
                )
                j += 1
    assert tables >= 8


@pytest.mark.parametrize("n_voted", [19, 20])
def test_upvoted_concepts_are_listed_only_over_enough_upvoted_papers(n_voted):
    """One popular paper's words would lead the concept table of a few upvoted papers: the section lists the
    concepts from MIN_UPVOTED_PAPERS upvoted papers on, and below that says why it does not."""
    from scholargraph.analysis import tables as T
    from scholargraph.analysis.upvotes import most_upvoted, upvoted_concepts
    from scholargraph.model import Corpus, Paper
    from scholargraph.nlp.annotations import Annotations, Mention
    from scholargraph.report._common import Papers
    from scholargraph.report.sections import MIN_UPVOTED_PAPERS, attention_section

    assert MIN_UPVOTED_PAPERS == 20
    corpus = Corpus(
        [Paper.create(title=f"P{i}", year=2025, doi=f"10.1000/{i}", upvotes=i + 1) for i in range(n_voted)]
        + [Paper.create(title="no votes", year=2025, doi="10.1000/x")]
    )
    ann = Annotations()
    ann.mentions = {p.id: [Mention("graph", 1, 1.0, [])] for p in corpus.papers}
    tables = {T.MOST_UPVOTED: most_upvoted(corpus), T.UPVOTED_CONCEPTS: upvoted_concepts(corpus, ann)}
    section = attention_section(tables, Papers(corpus, None), top=10)
    assert len(section["papers"]) == 10
    if n_voted < 20:
        assert section["concepts"] == []
        assert section["concepts_note"].startswith("19 papers carry upvotes: too few")
    else:
        assert section["concepts_note"] is None
        # every upvoted paper mentions "graph": 1 + 2 + ... + 20 upvotes
        assert [(c["concept"], c["papers"], c["upvotes"]) for c in section["concepts"]] == [
            ("graph", 20, 210)
        ]


def test_burst_labels_keep_their_kind_when_the_item_is_long():
    """The burst figure cuts labels at 38 characters: a long topic label was cut before " (topic)", and the
    row read as if it were a concept's."""
    import pandas as pd

    from scholargraph.analysis import tables as T
    from scholargraph.report.sections import burst_rows

    topic = "association, older adult, physical activity"
    bursts = pd.DataFrame(
        {"item": [topic], "start": [2014], "end": [2015], "strength": [2.0], "n_papers": [12]}
    )
    concept = pd.DataFrame(
        {"item": ["covid-19"], "start": [2020], "end": [2022], "strength": [3.0], "n_papers": [40]}
    )
    tables = {T.trend_table("bursts", "topic"): bursts, T.trend_table("bursts", "concept"): concept}
    rows = burst_rows(tables, [("topic", "topic", "Topics"), ("concept", "concept", "Concepts")])
    assert rows["label"].tolist() == ["covid-19 (concept)", "association, older adult, phy\u2026 (topic)"]
    assert all(len(x) <= 38 for x in rows["label"])
    assert rows["topic"].tolist() == ["covid-19 (concept)", f"{topic} (topic)"]


def test_the_topics_section_cites_each_topics_own_papers_and_counts_the_unfit(planted, report, tmp_path):
    """Extraction counts the papers no topic accounts for (nlp.topics.MIN_TOPIC_FIT): the topics section says
    how many, and that they count in no share; the planted store, where every paper fits, says nothing. A topic
    with papers to cite (Topic.papers: its highest-weight ones) is shown with those, not with its most recent
    papers; here the planted topics are given their five oldest papers, which no recent-first list holds."""
    from scholargraph.analysis.run import analyze_store
    from scholargraph.graph.build import build_graph
    from scholargraph.report._common import anchor
    from scholargraph.synthetic import planted_annotations, planted_corpus

    assert "fit no topic" not in report["markdown"].read_text(encoding="utf-8")
    assert "highest-weight papers" not in report["markdown"].read_text(encoding="utf-8")
    corpus, truth = planted_corpus(160, seed=4)
    ann = planted_annotations(corpus, truth)
    ann.settings["papers_fitting_no_topic"] = 1234
    oldest = {}
    for t in ann.topics:
        mine = [p for p in corpus.papers if any(i == t.id for i, _ in ann.paper_topics.get(p.id, []))]
        t.papers = [p.id for p in sorted(mine, key=lambda p: (p.year, p.id))[:5]]
        oldest[t.label] = [anchor(pid) for pid in t.papers]
    store = tmp_path / "store"
    embedded.save(build_graph(corpus, ann), store, corpus=corpus, annotations=ann)
    analyze_store(store, seed=0, stability_runs=1)
    out = write_report(store, tmp_path / "report", seed=0)
    sentence = "1,234 papers with concepts fit no topic: no topic accounts for 3% of their concepts"
    for fmt in ("markdown", "html"):
        text = out[fmt].read_text(encoding="utf-8")
        assert sentence in text and "Papers behind it: the topic's highest-weight papers" in text
    context, _ = build_context(store, seed=0, top=3)
    assert context["topics"]
    for row in context["topics"]:
        assert [r["anchor"] for r in row["refs"]] == oldest[row["label"]]
