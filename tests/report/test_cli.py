"""`scholargraph report` and `scholargraph view` on real data: the Daily Papers listing (with extraction) and a
sample of the WoS export (without extraction, so it stays fast). The tests check structure, not prose."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scholargraph.cli import main
from scholargraph.store import embedded

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ["corpus", "topics", "trends", "communities", "central", "collaboration", "figures", "papers"]


def _built(corpora: Path, tmp: Path, name: str, files: list[Path], extract: bool) -> Path:
    from scholargraph.analysis.run import analyze_store
    from scholargraph.pipeline import build_store

    store = tmp / name
    build_store(files, store, extract=extract, progress=False)
    analyze_store(store, seed=0, stability_runs=1)
    return store


@pytest.fixture(scope="module")
def daily_store(corpora, tmp_path_factory) -> Path:
    listing = corpora / "hf-daily-papers" / "daily-papers-listing.txt"
    with pytest.warns(UserWarning, match="year not printed"):
        return _built(corpora, tmp_path_factory.mktemp("daily"), "store", [listing], extract=True)


@pytest.fixture(scope="module")
def wos_store(corpora, tmp_path_factory) -> Path:
    # two of the thirteen chunks (1,000 records); extraction off: trends run on the author keywords
    files = [corpora / "wos-javeriana-cali" / f for f in ("wos_5001_5500.txt.gz", "wos_5501_6000.txt.gz")]
    return _built(corpora, tmp_path_factory.mktemp("wos"), "store", files, extract=False)


def _check_report(out: Path, store: Path) -> str:
    html = (out / "report.html").read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f'<h2 id="{section}">' in html, section
    for ref in set(re.findall(r'href="(figures/[^"]+)"', html)):
        assert (out / ref).is_file(), ref
    overview = sorted(p.name for p in (out / "figures").glob("overview_*.png"))
    assert len(re.findall(r'src="data:image/png;base64,', html)) == 6 + len(overview)
    assert all(f'href="figures/{name}"' in html for name in overview)
    corpus = embedded.load_corpus(store)
    for f in corpus.files:
        assert (
            f'<code>{Path(f.file).name}</code></td><td>{f.format}</td><td class="num">{f.records}</td>'
            in html
        )
    assert f"<b>{len(corpus.rejects)}</b>rejected records" in html
    anchors = set(re.findall(r'<li id="(paper-[0-9a-f]{10})"', html))
    assert anchors and set(re.findall(r'href="#(paper-[0-9a-f]{10})"', html)) == anchors
    for row in re.findall(r'<tr class="trend-row">(.*?)</tr>', html, re.S):
        assert 'class="support"' in row, row[:200]
    md = (out / "report.md").read_text(encoding="utf-8")
    for ref in re.findall(r"\]\((figures/[^)]+)\)", md):
        assert (out / ref).is_file(), ref
    return html


@pytest.mark.shared
def test_report_daily_papers(daily_store, tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["report", str(daily_store), "--out", str(out), "--seed", "0"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == str(out / "report.html")
    html = _check_report(out, daily_store)
    assert "year not printed; assumed" in html  # the reader's note on the assumed year reaches the reader
    # 49 papers over a few years: no concept passes the trend test, and the report says so instead of listing
    assert re.search(r"Year-level trends of concepts are not supported here: 0 of \d+ concepts", html)
    assert "Emerging concepts" not in html
    assert "No author names in this corpus" in html  # the listing gives author counts only
    assert "authors (the source gives counts, not names)" in html
    assert "No paper of this corpus cites another one" in html
    assert '<h2 id="attention">Most upvoted</h2>' in html  # the listing's upvotes are used
    # 9 of the listing's papers carry upvotes (tests/readers/test_hf_papers.py counts them from the raw lines):
    # too few for a table of the concepts they favour, and the report says so
    assert "9 papers carry upvotes: too few to say which concepts" in html
    assert "upvotes of its papers" not in html


@pytest.mark.shared
def test_report_wos_sample(wos_store, tmp_path):
    out = tmp_path / "report"
    assert main(["report", str(wos_store), "--out", str(out), "-q"]) == 0
    html = _check_report(out, wos_store)
    assert "Top author keywords and how they moved" in html
    central = re.search(r'<h2 id="central">.*?</table>', html, re.S).group(0)
    assert central.count("<tr>") == 11  # header + 10 papers cited inside the sample
    first = re.search(r'href="#(paper-[0-9a-f]{10})"', central).group(1)
    entry = re.search(rf'<li id="{first}" value="\d+">(.*?)</li>', html, re.S).group(1)
    assert '<a href="https://doi.org/10.' in entry  # the appendix links the paper to its DOI
    assert re.search(r"[\d,]+ authors in [\d,]+ connected groups; the largest group has [\d,]+ authors", html)


@pytest.mark.shared
def test_view_cli_on_real_store(daily_store, tmp_path, chromium):
    out = tmp_path / "topic.html"
    assert main(["view", str(daily_store), "--topic", "0", "--out", str(out)]) == 0
    dom = chromium.dump_dom(out)
    n = int(re.search(r'data-rendered="(\d+)"', dom).group(1))
    assert n > 5 and len(re.findall(r"<circle\b", dom)) == n
    assert main(["view", str(daily_store), "--community", "0", "--out", str(tmp_path / "c.html")]) == 0


@pytest.mark.shared
def test_no_silent_empties_on_the_daily_papers_listing(corpora, daily_store, tmp_path, capsys):
    """The listing has no references and no author names (PROVENANCE.md: author counts only)."""
    # VOSviewer: co-citation has nothing to show; nothing is written, the exit code says so, the message says why
    # and what the store has data for
    out = tmp_path / "vos"
    assert main(["export", str(daily_store), "--format", "vosviewer", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "the co-citation projection of this store has no links (the papers have no references)" in err
    assert "--projection concepts" in err and not out.exists()
    assert main(["export", str(daily_store), "--format", "vosviewer", "--projection", "concepts",
                 "--out", str(out)]) == 0  # fmt: skip
    assert (out / "concepts_map.txt").read_text().count("\n") > 10
    assert "exported the concepts projection" in capsys.readouterr().out

    # the degree-distribution figure says that nothing has a link instead of drawing an empty box
    from scholargraph.report.trend_report import _draw, build_context

    context, data = build_context(daily_store)
    # under 100 papers the topics are not shown, and the report says why; the papers counted from the raw file
    # (PROVENANCE.md: every '·' line closes a paper block; 49)
    raw = (corpora / "hf-daily-papers" / "daily-papers-listing.txt").read_text(encoding="utf-8").splitlines()
    blocks = sum(ln.strip() == "\u00b7" for ln in raw)
    assert re.match(
        rf"\d+ topics were fitted, but on {blocks} papers \(under 100\) a topic model is unstable",
        context["unstable_topics"],
    )
    from scholargraph.report.trend_report import write_report

    paths = write_report(daily_store, tmp_path / "report")
    md = paths["markdown"].read_text(encoding="utf-8")
    assert "## Top concepts and how they moved\n\n" + context["unstable_topics"] in md
    assert context["unstable_topics"] in paths["html"].read_text(encoding="utf-8")
    texts = [t.get_text() for t in _draw("degree_distribution", data, 0).axes[0].texts]
    assert texts and texts[0].startswith("Nothing to plot: no node has a link.")
    assert "citations in + out (papers): none of the 49 nodes has a link" in texts[0]

    # a community of concepts is shown with the papers that mention them, not as a ring of unconnected dots
    page = tmp_path / "c0.html"
    assert main(["view", str(daily_store), "--community", "0", "--out", str(page), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["nodes"]["Concept"] > 5 and info["nodes"]["Paper"] >= 1
    assert info["edges"]["MENTIONS"] >= info["nodes"]["Concept"]  # every concept linked to a paper
    assert info["notes"][0].startswith("a community of concepts: ")
    assert info["title"].startswith("community 0: ")  # names the community with its label
    html = page.read_text(encoding="utf-8")
    assert f"<title>{info['title']}</title>" in html and "a community of concepts" in html


def test_cli_errors_have_exit_codes(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nowhere")]) == 4
    assert "no store at" in capsys.readouterr().err
    assert main(["report", str(tmp_path), "--top", "0"]) == 2
    assert "--top must be >= 1, got 0" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["view", str(tmp_path), "--out", "x.html"])  # neither --community, --topic nor --paper
    assert e.value.code == 2
    assert main(["view", str(tmp_path), "--topic", "1", "--out", str(tmp_path / "x.png")]) == 2


def test_cli_reference_is_up_to_date():
    res = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stderr
