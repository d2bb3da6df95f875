"""The report and the interactive view as a user sees them, in headless Chromium, on the three corpora a new user
meets first: the Daily Papers listing (no references, no author names), a sample of the Web of Science set and
the demo. Each screenshot is checked for what was wrong before issue 15: the demo's SYNTHETIC banner is on top,
the report links the view, and a view's drawing spreads over the canvas instead of a corner.

Set SCHOLARGRAPH_SCREENSHOTS=DIR to keep the PNGs (to look at them); otherwise they go to pytest's tmp_path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from scholargraph.cli import main

VIEW_SIZE = (1280, 900)
PANEL = 330  # the view's details panel on the right (300 px + padding and border)
HEADER = 150  # the view's header, summary and notes, at most


def _shots(tmp_path: Path) -> Path:
    d = Path(os.environ.get("SCHOLARGRAPH_SCREENSHOTS") or tmp_path)
    d.mkdir(parents=True, exist_ok=True)
    return d


def _pixels(png: Path):
    import matplotlib.image as mpimg
    import numpy as np

    return (np.asarray(mpimg.imread(str(png)))[..., :3] * 255).round().astype(int)


def _drawing_extent(png: Path) -> tuple[float, float]:
    """The share of the canvas' width and height that the coloured nodes span (the canvas: below the header, left
    of the details panel)."""
    img = _pixels(png)
    canvas = img[HEADER:, : VIEW_SIZE[0] - PANEL]
    coloured = (canvas.max(axis=2) - canvas.min(axis=2)) > 60  # node fills, not grey lines or the background
    ys, xs = coloured.nonzero()
    assert len(xs) > 200, f"{png}: almost nothing drawn"
    return (xs.max() - xs.min()) / canvas.shape[1], (ys.max() - ys.min()) / canvas.shape[0]


def _check_view(chromium, page: Path, png: Path) -> str:
    dom = chromium.dump_dom(page)
    n = int(re.search(r'data-rendered="(\d+)"', dom).group(1))
    assert n > 5 and len(re.findall(r"<circle\b", dom)) == n
    chromium.screenshot(page, png, size=VIEW_SIZE)
    width, height = _drawing_extent(png)
    # before: the spring layout flung unlinked nodes to the edges and squeezed the rest into a corner
    assert width > 0.6 and height > 0.45, (png, width, height)
    return dom


def _check_report(chromium, html: Path, png: Path) -> dict:
    chromium.screenshot(html, png, size=(1280, 2000))
    stats = chromium.image_stats(png)
    assert stats["non_white"] > 0.08 and stats["colours"] > 200, (
        stats
    )  # text, tables, figures: not a blank page
    return stats


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    from scholargraph.cli.demo import run_demo

    out = tmp_path_factory.mktemp("demo") / "demo"
    run_demo(out, n_papers=300, seed=0, say=lambda *a: None)
    return out


@pytest.mark.slow
def test_demo_report_and_view(demo, chromium, tmp_path):
    shots = _shots(tmp_path)
    report = demo / "report" / "report.html"
    _check_report(chromium, report, shots / "demo-report.png")
    top = _pixels(shots / "demo-report.png")[:120]
    banner = ((abs(top[..., 0] - 0xD5) < 12) & (abs(top[..., 1] - 0x5E) < 12) & (top[..., 2] < 20)).sum()
    assert banner > 20_000  # the SYNTHETIC banner (#D55E00) is on top of the page, where a reader looks first
    html = report.read_text(encoding="utf-8")
    assert '<a href="view.html">Demo (SYNTHETIC): community ' in html
    dom = _check_view(chromium, demo / "report" / "view.html", shots / "demo-view.png")
    assert re.search(r"<h1>Demo \(SYNTHETIC\): community \d+: [^<]+ \(\d+ papers\)</h1>", dom)


@pytest.mark.shared
@pytest.mark.slow
def test_daily_papers_listing_report_and_view(corpora, chromium, tmp_path):
    from scholargraph.analysis.run import analyze_store
    from scholargraph.pipeline import build_store

    shots = _shots(tmp_path)
    store = tmp_path / "daily"
    with pytest.warns(UserWarning, match="year not printed"):
        build_store([corpora / "hf-daily-papers" / "daily-papers-listing.txt"], store, progress=False)
    analyze_store(store, seed=0, stability_runs=1)
    assert main(["report", str(store), "-q"]) == 0
    _check_report(chromium, store / "report" / "report.html", shots / "daily-report.png")
    page = tmp_path / "daily-community.html"
    assert main(["view", str(store), "--community", "0", "--out", str(page), "-q"]) == 0
    dom = _check_view(chromium, page, shots / "daily-view.png")
    # a community of concepts, with the papers that mention them (not a ring of unconnected concepts)
    assert 'data-type="Paper"' in dom and 'data-type="Concept"' in dom and "<line " in dom
    assert "a community of concepts" in dom


@pytest.mark.shared
@pytest.mark.slow
def test_wos_sample_report_and_view(corpora, chromium, tmp_path):
    from scholargraph.analysis.run import analyze_store
    from scholargraph.pipeline import build_store
    from scholargraph.store import embedded

    shots = _shots(tmp_path)
    store = tmp_path / "wos"
    files = [corpora / "wos-javeriana-cali" / f for f in ("wos_5001_5500.txt.gz", "wos_5501_6000.txt.gz")]
    build_store(files, store, extract=False, progress=False)
    analyze_store(store, seed=0, stability_runs=1)
    assert main(["report", str(store), "-q"]) == 0
    _check_report(chromium, store / "report" / "report.html", shots / "wos-report.png")
    summary = embedded.load_table(store, "community_summary")
    largest = int(summary.sort_values(["size", "community"], ascending=[False, True]).iloc[0]["community"])
    page = tmp_path / "wos-community.html"
    assert main(["view", str(store), "--community", str(largest), "--out", str(page), "-q"]) == 0
    dom = _check_view(chromium, page, shots / "wos-view.png")
    label = summary.set_index("community").loc[largest, "label"]
    assert f"<h1>community {largest}: {label}" in dom.replace("&amp;", "&")
