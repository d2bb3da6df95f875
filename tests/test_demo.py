"""`python -m scholargraph demo DIR`: the whole pipeline on the bundled synthetic corpus, as a user runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from scholargraph.report.trend_report import FIGURES
from scholargraph.store import embedded
from scholargraph.synthetic import TOPIC_VOCABULARY


def test_demo_writes_a_report_without_network_neo4j_or_shared(tmp_path):
    out = tmp_path / "demo"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "SCHOLARGRAPH_"))}
    env["SCHOLARGRAPH_SHARED"] = str(tmp_path / "no-shared-here")  # the demo must not need ../shared
    res = subprocess.run(
        [sys.executable, "-m", "scholargraph", "demo", str(out)],
        capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr[-3000:]
    lines = res.stdout.strip().splitlines()
    assert f"report: {out / 'report' / 'report.html'}" in lines
    assert any(re.search(r"read \+ extract \+ build: KnowledgeGraph\(\d+ nodes", line) for line in lines)
    # after the demo, what to try on one's own files
    assert lines[-2].startswith("next, on your own files")
    assert lines[-1].strip() == (
        "scholargraph build YOUR-FILES --out mystore && scholargraph analyze mystore && scholargraph report mystore"
    )
    html = (out / "report" / "report.html").read_text(encoding="utf-8")
    md = (out / "report" / "report.md").read_text(encoding="utf-8")
    # marked SYNTHETIC in the report too, in both formats
    assert '<p class="banner">SYNTHETIC DATA' in html and md.startswith("> **SYNTHETIC DATA**")
    # the report links to the view, and the view says which community it shows (with its label)
    view = (out / "report" / "view.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", view).group(1)
    assert re.fullmatch(r"Demo \(SYNTHETIC\): community \d+: [a-z ]+(; [a-z ]+)* \(\d+ papers\)", title), (
        title
    )
    assert f'<a href="view.html">{title}</a>' in html
    assert f"]({'view.html'})" in md
    for name in FIGURES:
        assert (out / "report" / "figures" / f"{name}.png").is_file()
        assert f'href="figures/{name}.png"' in html
    assert (out / "report" / "report.md").is_file() and (out / "report" / "view.html").is_file()
    # the report says how the number of topics was chosen; the four planted topics come back in the refits
    # on 80% samples (their top concepts nearly the same: a mean Jaccard index of at least 0.8)
    said = re.search(
        r"The (\d+) topics: NMF .*? mean Jaccard index of ([\d.]+) with those of the fit on all", md
    )
    assert said and said.group(1) == "4" and float(said.group(2)) >= 0.8, said
    assert os.listdir(tmp_path) == ["demo"]  # nothing written into the working directory
    corpus = embedded.load_corpus(out)
    assert len(corpus) == 300 and corpus.files[0].format == "jsonl"
    assert all(p.venue.startswith("Synthetic") for p in corpus.papers)  # marked synthetic all the way through
    # the planted bursting topic's vocabulary is reported among the emerging concepts
    assert re.search(r'data-kind="emerging".*?large language model', html, re.S)
    # spaCy finds exactly the planted phrases: no "chain" and "thought" from "chain of thought prompting", no
    # "work revisits graph"; what emerges is the bursting topic's vocabulary, what declines the declining one's
    planted = {c for words in TOPIC_VOCABULARY.values() for c in words}
    assert set(embedded.load_annotations(out).concepts) <= planted
    trends = embedded.load_table(out, "trends_concept")
    status = dict(zip(trends["item"], trends["status"], strict=True))
    emerging = {c for c, s in status.items() if s == "emerging"}
    declining = {c for c, s in status.items() if s == "declining"}
    assert len(emerging) >= 3 and emerging <= set(TOPIC_VOCABULARY["large language models"])
    assert len(declining) >= 3 and declining <= set(TOPIC_VOCABULARY["support vector machines"])


def test_demo_refuses_a_directory_with_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    res = subprocess.run(
        [sys.executable, "-m", "scholargraph", "demo", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 2
    assert "is not an empty directory or a store" in res.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"
