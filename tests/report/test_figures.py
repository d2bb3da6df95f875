"""Figures: each plot draws its data, handles empty input, validates columns, and saves byte-identical files."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from scholargraph.report import figures as F


def _series() -> pd.DataFrame:
    rows = []
    for t, label in enumerate(["graph learning", "quantum computing", "climate science"]):
        for y in range(2018, 2024):
            rows.append(
                {
                    "period": str(y),
                    "topic": label,
                    "share": (t + 1) * 0.05 + (y - 2018) * 0.01 * t,
                    "label": label,
                }
            )
    return pd.DataFrame(rows)


def test_topic_trends_draws_one_line_per_topic_largest_first():
    fig = F.plot_topic_trends(_series(), top=2)
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["climate science", "quantum computing"]
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["2018", "2019"]


def test_topic_panels_one_panel_per_topic_with_the_pooled_share():
    """Small multiples: a panel per topic, largest first, titled with its papers; each point is the pooled
    count / total of its run of years (hand-computed here), drawn on a time axis at the run's middle year."""
    rows = []
    # papers per year 10, 10, 10, 40 (2010, 2011, 2015, 2016): pooled to 30 from the latest back, the runs are
    # 2016 and 2010-2015
    totals = {"2010": 10, "2011": 10, "2015": 10, "2016": 40}
    counts = {
        "a": {"2010": 2, "2011": 3, "2015": 1, "2016": 20},
        "b": {"2010": 1, "2011": 0, "2015": 0, "2016": 4},
    }
    for t, per in counts.items():
        for y, c in per.items():
            rows.append({"period": y, "topic": t, "count": c, "total": totals[y], "share": c / totals[y]})
    fig = F.plot_topic_panels(pd.DataFrame(rows), label=None, ncols=4)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in shown] == ["a\n26 papers", "b\n5 papers"]
    (line,) = shown[0].get_lines()
    assert list(line.get_xdata()) == [2012.5, 2016.0]  # the middle of 2010-2015, then 2016
    assert list(line.get_ydata()) == pytest.approx([6 / 30, 20 / 40])
    assert list(shown[1].get_lines()[0].get_ydata()) == pytest.approx([1 / 30, 4 / 40])
    # one pooled point only: the figure says so instead of drawing dots
    thin = pd.DataFrame([{"period": "2020", "topic": "a", "count": 3, "total": 12, "share": 0.25}])
    texts = [t.get_text() for ax in F.plot_topic_panels(thin).axes for t in ax.texts]
    assert texts == [
        "Too few papers for a time series: pooled until each point holds 30 papers, the 12 papers make a single "
        "point."
    ]


def test_topic_trends_draws_on_a_given_axes():
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert F.plot_topic_trends(_series(), ax=ax) is fig
    assert len(ax.get_lines()) == 3


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"missing \['share'\]"):
        F.plot_topic_trends(pd.DataFrame({"period": [1], "topic": [1]}))
    with pytest.raises(
        ValueError, match="The .top. parameter of plot_topic_trends must be an int >= 1, got 0"
    ):
        F.plot_topic_trends(_series(), top=0)


def test_heatmap_has_a_row_per_topic_and_a_column_per_period():
    fig = F.plot_topic_heatmap(_series())
    image = fig.axes[0].get_images()[0]
    assert image.get_array().shape == (3, 6)


def test_burst_timeline_uses_a_complete_year_axis():
    bursts = pd.DataFrame(
        {
            "topic": ["a", "b", "a"],
            "start": [2015, 2011, 2021],
            "end": [2019, 2012, 2022],
            "weight": [3.0, 1.0, 1.0],
        }
    )
    fig = F.plot_burst_timeline(bursts, label=None)
    ax = fig.axes[0]
    assert len(ax.patches) == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "a"]  # earliest burst first
    assert len(ax.get_xticks()) == 12  # 2011..2022 without gaps


def test_empty_inputs_say_so_instead_of_drawing_nothing():
    empty = pd.DataFrame(columns=["period", "topic", "share"])
    for fig in (
        F.plot_topic_trends(empty),
        F.plot_topic_panels(empty),
        F.plot_topic_heatmap(empty),
        F.plot_burst_timeline(pd.DataFrame(columns=["topic", "start", "end"])),
        F.plot_community_map(nx.Graph()),
        F.plot_degree_distribution({"citation": []}),
        F.plot_coverage({"papers": 0}),
    ):
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert any(t.startswith(("no ", "Nothing to plot")) for t in texts), texts


def test_an_empty_degree_distribution_says_what_has_no_link():
    """The Daily Papers listing has no citation and no author name: the figure says so instead of an empty box."""
    fig = F.plot_degree_distribution({"citations (papers)": [0, 0, 0], "co-authors (authors)": []})
    (text,) = [t.get_text() for t in fig.axes[0].texts]
    assert text.splitlines() == [
        "Nothing to plot: no node has a link.",
        "",
        "citations (papers): none of the 3 nodes has a link",
        "co-authors (authors): no nodes",
    ]
    fig = F.plot_degree_distribution({"citations (papers)": [1, 2], "co-authors (authors)": [0, 0]})
    assert [t.get_text() for t in fig.axes[0].texts] == [
        "not drawn, no links: co-authors (authors): none of the 2 nodes has a link"
    ]


def test_twenty_communities_get_twenty_colours():
    """The palette had 10 colours: community 10 looked like community 0 on the map and in the view."""
    assert len(set(F.PALETTE)) == len(F.PALETTE) >= 20
    g = nx.Graph()
    for c in range(20):
        g.add_node(c, size=5 + c, label=f"community {c}")
    fig = F.plot_community_map(g, seed=0)
    faces = fig.axes[0].collections[0].get_facecolors()
    assert len(faces) == 20 and len({tuple(f) for f in faces}) == 20


def test_community_map_and_degree_distribution_draw_every_node_and_series():
    g = nx.Graph()
    for c in range(5):
        g.add_node(c, size=10 * (c + 1), label=f"community {c}")
    g.add_edge(0, 1, weight=3.0)
    g.add_edge(1, 2, weight=1.0)
    fig = F.plot_community_map(g, seed=1)
    assert len(fig.axes[0].collections[0].get_offsets()) == 5
    assert len(fig.axes[0].get_lines()) == 2
    # the two communities without a link sit in a row under the linked ones (not flung to the canvas edges),
    # the larger first, and the figure says why they are apart
    at = {int(t.get_text()): t.get_position() for t in fig.axes[0].texts if t.get_text().isdigit()}
    assert max(at[3][1], at[4][1]) < min(at[n][1] for n in (0, 1, 2))
    assert at[3][1] == at[4][1] and at[4][0] < at[3][0]
    assert "without a link to the others:" in [t.get_text() for t in fig.axes[0].texts]
    fig = F.plot_degree_distribution({"a": [1, 2, 2, 3], "b": [1, 1]})
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == [
        "a: 4 nodes with k \u2265 1",
        "b: 2 nodes with k \u2265 1",
    ]


def test_saved_figures_are_byte_identical(tmp_path):
    for suffix in ("png", "svg"):
        a = F.save_figure(F.plot_topic_trends(_series()), tmp_path / f"a.{suffix}")
        b = F.save_figure(F.plot_topic_trends(_series()), tmp_path / f"b.{suffix}")
        assert a.read_bytes() == b.read_bytes()
        p1 = F.save_figure(F.plot_topic_panels(_series()), tmp_path / f"p1.{suffix}")
        p2 = F.save_figure(F.plot_topic_panels(_series()), tmp_path / f"p2.{suffix}")
        assert p1.read_bytes() == p2.read_bytes()
    svg = (tmp_path / "a.svg").read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    g = nx.random_geometric_graph(12, 0.4, seed=3)
    m1 = F.save_figure(F.plot_community_map(g, seed=7), tmp_path / "m1.png").read_bytes()
    m2 = F.save_figure(F.plot_community_map(g, seed=7), tmp_path / "m2.png").read_bytes()
    assert m1 == m2


def test_save_figure_rejects_unknown_formats(tmp_path):
    with pytest.raises(
        ValueError,
        match=r"The .path. parameter of save_figure must be a file ending in \.png, \.svg or \.pdf, got .x\.gif.",
    ):
        F.save_figure(F.plot_coverage({"papers": 1, "title": 1}), tmp_path / "x.gif")


def test_thin_periods_are_pooled_until_a_point_holds_enough_papers():
    """One paper in 1990 is a share of 0% or 100%: with counts and totals, periods are pooled until a point holds
    min_papers papers, and the point is the pooled share. Hand-checked: totals 1, 0, 4, 25 | 30 | 10, 12 with
    min_papers=30 pool from the latest year back: 1994-1996 (52 papers), then 1990-1993 (30)."""
    totals = {"1990": 1, "1991": 0, "1992": 4, "1993": 25, "1994": 30, "1995": 10, "1996": 12}
    counts = {"1990": 1, "1991": 0, "1992": 2, "1993": 6, "1994": 3, "1995": 5, "1996": 6}
    rows = [
        {
            "period": p,
            "topic": "t",
            "count": counts[p],
            "total": totals[p],
            "share": counts[p] / totals[p] if totals[p] else 0.0,
        }
        for p in totals
    ]
    fig = F.plot_topic_trends(pd.DataFrame(rows), min_papers=30)
    (line,) = fig.axes[0].get_lines()
    assert list(line.get_xdata()) == [1.5, 5.0]  # the middles of periods 0-3 and 4-6
    assert list(line.get_ydata()) == pytest.approx([9 / 30, 14 / 52])
    assert "pooled" in fig.axes[0].get_xlabel()
    # min_papers=1 draws every period with papers; the empty 1991 joins 1990 (no 0% of no papers)
    fig = F.plot_topic_trends(pd.DataFrame(rows), min_papers=1)
    line = fig.axes[0].get_lines()[0]
    assert list(line.get_xdata()) == [0.5, 2, 3, 4, 5, 6]
    assert list(line.get_ydata()) == pytest.approx([1.0, 0.5, 6 / 25, 0.1, 0.5, 0.5])


def test_heatmap_cells_of_thin_periods_show_the_pooled_share():
    """The same hand-checked pools as the trend figure: 1990-1993 (9 of 30), then 1994-1996 (14 of 52)."""
    totals = {"1990": 1, "1991": 0, "1992": 4, "1993": 25, "1994": 30, "1995": 10, "1996": 12}
    counts = {"1990": 1, "1991": 0, "1992": 2, "1993": 6, "1994": 3, "1995": 5, "1996": 6}
    rows = [{"period": p, "topic": "t", "count": counts[p], "total": totals[p], "share": 0.0} for p in totals]
    fig = F.plot_topic_heatmap(pd.DataFrame(rows), min_papers=30)
    cells = fig.axes[0].get_images()[0].get_array()[0]
    assert list(cells) == pytest.approx([9 / 30] * 4 + [14 / 52] * 3)
    assert "pooled" in fig.axes[0].get_title()
