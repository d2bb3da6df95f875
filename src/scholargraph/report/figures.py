"""Figures of the trend report: ``plot_*(data, ax=None) -> matplotlib Figure``.

Every function takes plain data (a pandas DataFrame, a mapping or a networkx graph), draws on ``ax`` when one
is given (or on a new figure), and returns the Figure. Figures are built with ``matplotlib.figure.Figure``
directly, never through pyplot, so nothing global changes (no backend switch, no open-figure list); in a
notebook they display like any other figure. :func:`save_figure` writes byte-identical files for identical
input (no dates, no software version, fixed SVG hash salt).

>>> import pandas as pd
>>> trends = pd.DataFrame({"period": [2020, 2021, 2020, 2021], "topic": [0, 0, 1, 1],
...                        "share": [0.2, 0.5, 0.8, 0.5]})
>>> fig = plot_topic_trends(trends)
>>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]  # the largest topic first
['1', '0']
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .._validation import check_int, fail
from ..errors import ConfigError

__all__ = [
    "plot_topic_trends",
    "plot_topic_panels",
    "plot_burst_timeline",
    "plot_topic_heatmap",
    "plot_community_map",
    "plot_degree_distribution",
    "plot_coverage",
    "save_figure",
]

# One qualitative palette for topics and communities, in the figures and the interactive view: Okabe-Ito
# (colour-blind-safe) plus greys first, then colours from Kelly's list of maximum contrast and a few more, so
# that 24 groups get 24 different colours (a 10-colour palette repeated on community maps of 11+ communities)
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
    "#8C564B",
    "#875692",
    "#BE0032",
    "#C2B280",
    "#8DB600",
    "#17BECF",
    "#F99379",
    "#2B3D26",
    "#E7298A",
    "#604E97",
    "#808000",
    "#A1CAF1",
    "#654522",
    "#B3446C",
    "#7FC97F",
)


def _new_axes(ax: Any, size: tuple[float, float]) -> tuple[Any, Any]:
    """(figure, axes): ``ax`` and its figure, or a fresh pyplot-free Figure with one Axes."""
    if ax is not None:
        return ax.figure, ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def _require(data: Any, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in getattr(data, "columns", [])]
    if missing:
        have = list(getattr(data, "columns", []))
        raise ConfigError(
            f"The 'data' parameter of {name} must have the columns {list(columns)}; missing {missing} "
            f"(given columns: {have})."
        )


def _short(text: Any, width: int = 38) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _labels(data: Any, key: str, label: str | None, width: int | None = 38) -> dict[Any, str]:
    """key value -> display label (from the ``label`` column when present), cut at ``width`` (None: whole)."""

    def cut(v: Any) -> str:
        return _short(v, width) if width else str(v)

    if label and label in data.columns:
        pairs = data[[key, label]].drop_duplicates(subset=[key])
        return {k: cut(v) for k, v in zip(pairs[key], pairs[label], strict=True)}
    return {k: cut(k) for k in data[key].unique()}


def _empty(ax: Any, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


def plot_topic_trends(
    data: Any,
    ax: Any = None,
    *,
    period: str = "period",
    topic: str = "topic",
    value: str = "share",
    label: str | None = "label",
    total: str | None = "total",
    band: tuple[str, str] | None = ("share_low", "share_high"),
    top: int = 8,
    title: str = "Topic trends",
    min_papers: int = 30,
) -> Any:
    """Topic shares over time: one line per topic (the ``top`` topics with the most papers, i.e. the largest
    sum of the ``count`` column when there is one, else of ``value``).

    ``data`` is a long table with one row per (period, topic): columns ``period``, ``topic``, ``value`` and
    optionally ``label`` (the topic's readable name, used in the legend), ``total`` (papers in the period,
    drawn as grey bars behind the lines so that shares of thin periods are read with care) and the ``band``
    columns (the share's 95% interval, drawn as a shaded band around each line).

    With ``count`` and ``total`` columns (the analysis' series tables), consecutive periods are pooled until
    each point holds at least ``min_papers`` papers (30: as the trend table's end windows), from the latest period back (a remainder at the start joins the earliest point): the share of a
    year of one paper is 0% or 100%, and the bibx Scopus export's 1978-1997 drew a wall of such spikes. A
    pooled point is the pooled share, count / total, with its 95% Wilson interval, drawn at the middle of its
    periods; periods without papers draw nothing. ``min_papers=1`` draws every period.
    """
    _require(data, [period, topic, value], "plot_topic_trends")
    check_int(top, "top", "plot_topic_trends", low=1)
    check_int(min_papers, "min_papers", "plot_topic_trends", low=1)
    fig, ax = _new_axes(ax, (8.0, 4.5))
    if len(data) == 0:
        _empty(ax, "no topic time series (no dated papers with topics)")
        return fig
    totals = data.groupby(topic, sort=True)[_rank_column(data, value)].sum()
    chosen = sorted(totals.index, key=lambda t: (-totals[t], str(t)))[:top]
    names = _labels(data, topic, label)
    periods = sorted(data[period].unique())
    xs = list(range(len(periods)))
    if total and total in data.columns:
        per = data.groupby(period)[total].max()
        ax2 = ax.twinx()
        ax2.bar(xs, [float(per.get(p, 0)) for p in periods], color="#dddddd", width=0.7, zorder=0)
        ax2.set_ylabel("papers in the period (grey bars)", color="#888888", fontsize=8)
        ax2.tick_params(axis="y", colors="#888888", labelsize=7)
        ax.set_zorder(ax2.get_zorder() + 1)
        ax.patch.set_visible(False)
    has_band = band is not None and all(c in data.columns for c in band)
    pooled = _pooled(data, period, topic, total, periods, chosen, min_papers)
    cols = (period, topic, value, band if has_band else None)
    for i, t in enumerate(chosen):
        colour = PALETTE[i % len(PALETTE)]
        px, ys, lo, hi = _topic_series(data, t, cols, periods, [float(x) for x in xs], pooled)
        if lo is not None:
            ax.fill_between(px, lo, hi, color=colour, alpha=0.12, lw=0)
        ax.plot(px, ys, marker="o", ms=3, lw=1.8, color=colour, label=names[t])
    _period_ticks(ax, periods)
    ax.set_ylabel(value.replace("_", " ") + (" (band: 95% interval)" if has_band or pooled else ""))
    if pooled is not None and any(b - a > 1 for a, b in pooled[0]):
        ax.set_xlabel(f"period (thin periods pooled: each point holds at least {min_papers} papers)")
    else:
        ax.set_xlabel("period")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(
        fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.12 if total and total in data.columns else 1.01, 1.0),
        frameon=False,
    )
    return fig


def plot_topic_panels(
    data: Any,
    *,
    period: str = "period",
    topic: str = "topic",
    value: str = "share",
    label: str | None = "label",
    total: str | None = "total",
    band: tuple[str, str] | None = ("share_low", "share_high"),
    top: int = 8,
    ncols: int = 4,
    title: str = "Topic trends",
    min_papers: int = 30,
) -> Any:
    """The data of :func:`plot_topic_trends` as small multiples: one panel per topic (the ``top`` with the most
    papers, largest first, row by row), on shared axes, each with its full label and papers. Eight overlaid
    lines with their bands cross one another and hide each other's intervals; a panel each can be read alone
    and compared level with level (VOSviewer and CiteSpace draw one topic's history at a time, too).
    Periods are pooled as in :func:`plot_topic_trends` (each point holds ``min_papers`` papers, with its 95%
    Wilson interval shaded); without ``count`` and ``total`` columns every period is drawn with the ``band``
    columns when present.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"period": [2020, 2021] * 3, "topic": [0, 0, 1, 1, 2, 2], "count": [9, 1, 5, 5, 1, 2],
    ...                   "total": [20, 20] * 3, "share": [0.45, 0.05, 0.25, 0.25, 0.05, 0.1]})
    >>> fig = plot_topic_panels(t, min_papers=1, ncols=2)
    >>> [ax.get_title() for ax in fig.axes if ax.get_visible()]
    ['0\\n10 papers', '1\\n10 papers', '2\\n3 papers']
    """
    import textwrap

    from matplotlib.figure import Figure

    _require(data, [period, topic, value], "plot_topic_panels")
    check_int(top, "top", "plot_topic_panels", low=1)
    check_int(ncols, "ncols", "plot_topic_panels", low=1)
    check_int(min_papers, "min_papers", "plot_topic_panels", low=1)
    if len(data) == 0:
        fig, ax = _new_axes(None, (8.0, 3.0))
        _empty(ax, "no topic time series (no dated papers with topics)")
        return fig
    rank = _rank_column(data, value)
    totals = data.groupby(topic, sort=True)[rank].sum()
    chosen = sorted(totals.index, key=lambda t: (-totals[t], str(t)))[:top]
    names = _labels(data, topic, label, width=None)
    periods = sorted(data[period].unique())
    cols = min(ncols, len(chosen))
    rows = math.ceil(len(chosen) / cols)
    fig = Figure(figsize=(2.4 * cols + 0.7, 2.1 * rows + 0.9), dpi=100, layout="constrained")
    axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False).ravel()
    pooled = _pooled(data, period, topic, total, periods, chosen, min_papers)
    if pooled is not None and len(pooled[0]) < 2:
        fig.clear()
        fig.set_size_inches(8.0, 2.5)
        _empty(
            fig.add_subplot(),
            f"Too few papers for a time series: pooled until each point holds {min_papers} papers, the "
            f"{int(pooled[1].sum()):,} papers make a single point.",
        )
        return fig
    has_band = band is not None and all(c in data.columns for c in band)
    # years on a time axis (a gap of ten years is ten years wide); other periods one step apart
    numeric = all(isinstance(p, int | np.integer) or (isinstance(p, str) and p.isdigit()) for p in periods)
    where = [float(p) for p in periods] if numeric else [float(i) for i in range(len(periods))]
    cols = (period, topic, value, band if has_band else None)
    for i, (ax, t) in enumerate(zip(axes, chosen, strict=False)):
        colour = PALETTE[i % len(PALETTE)]
        px, ys, lo, hi = _topic_series(data, t, cols, periods, where, pooled)
        if lo is not None:
            ax.fill_between(px, lo, hi, color=colour, alpha=0.2, lw=0)
        ax.plot(px, ys, marker="o", ms=2.5, lw=1.6, color=colour)
        lines = textwrap.wrap(names[t], 36) or [""]
        if len(lines) > 2:
            lines = [lines[0], _short(lines[1] + " " + lines[2], 36)]
        if rank == "count":
            lines.append(f"{int(totals[t]):,} papers")
        ax.set_title("\n".join(lines), fontsize=7.5)
        ax.grid(True, alpha=0.3)
        ax.tick_params(labelsize=7)
    for ax in axes[len(chosen) :]:
        ax.set_visible(False)
    if numeric:
        from matplotlib.ticker import MaxNLocator

        axes[0].xaxis.set_major_locator(MaxNLocator(4, integer=True))
    else:
        step = max(1, math.ceil(len(periods) / 4))
        axes[0].set_xticks(range(0, len(periods), step))
        axes[0].set_xticklabels([str(periods[j]) for j in range(0, len(periods), step)])
    for ax in axes[: len(chosen)]:
        ax.tick_params(axis="x", labelrotation=45)
    pooled_any = pooled is not None and any(b - a > 1 for a, b in pooled[0])
    fig.supxlabel(
        f"period (thin periods pooled: each point holds at least {min_papers} papers)"
        if pooled_any
        else "period",
        fontsize=8,
    )
    fig.supylabel(
        value.replace("_", " ") + (" (band: 95% interval)" if has_band or pooled else ""), fontsize=8
    )
    fig.suptitle(title, fontsize=10)
    return fig


def _topic_series(
    data: Any,
    t: Any,
    cols: tuple[str, str, str, tuple[str, str] | None],
    periods: list[Any],
    where: list[float],
    pooled: Any,
) -> tuple[list[float], np.ndarray, np.ndarray | None, np.ndarray | None]:
    """(x, share, band low, band high) of topic ``t``: per pooled run (:func:`_pooled`: the pooled share and its
    95% Wilson interval, at the middle of the run's ``where``), else per period (``value`` and the ``band``
    columns, None when there are none). ``cols``: the period, topic, value and band column names."""
    period, topic, value, band = cols
    if pooled is not None:
        from ..analysis.trend_detection import wilson_interval

        runs, n, counts = pooled
        lo, hi = (np.where(n > 0, x, np.nan) for x in wilson_interval(counts[t], n))
        return [(where[a] + where[b - 1]) / 2 for a, b in runs], _shares(counts[t], n), lo, hi
    sub = data[data[topic] == t].set_index(period)
    ys = np.array([float(sub[value].get(p, 0.0)) for p in periods])
    if band is None:
        return list(where), ys, None, None
    lo = np.array([float(sub[band[0]].get(p, 0.0)) for p in periods])
    hi = np.array([float(sub[band[1]].get(p, 0.0)) for p in periods])
    return list(where), ys, lo, hi


def _pooled(
    data: Any,
    period: str,
    topic: str,
    total: str | None,
    periods: list[Any],
    chosen: list[Any],
    min_papers: int,
) -> tuple[list[tuple[int, int]], np.ndarray, dict[Any, np.ndarray]] | None:
    """The pooled runs of periods (:func:`_pooled_runs`), the papers of each run, and per chosen topic its papers
    per run; None when the table has no ``count`` and ``total`` columns to pool."""
    if not total or total not in data.columns or "count" not in data.columns:
        return None
    per = data.groupby(period)[total].max()
    tots = np.array([float(per.get(p, 0)) for p in periods])
    runs = _pooled_runs(list(tots), min_papers)
    table = data.pivot_table(index=topic, columns=period, values="count", aggfunc="sum", fill_value=0)
    counts = {}
    for t in chosen:
        c = np.array([float(table.loc[t, p]) if p in table.columns else 0.0 for p in periods])
        counts[t] = np.array([c[a:b].sum() for a, b in runs])
    return runs, np.array([tots[a:b].sum() for a, b in runs]), counts


def _shares(counts: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """counts / totals, NaN where a run holds no papers."""
    return np.where(totals > 0, counts / np.where(totals > 0, totals, 1), np.nan)


def _pooled_runs(totals: Sequence[float], min_papers: int) -> list[tuple[int, int]]:
    """Consecutive periods ``[a, b)`` pooled until each run holds ``min_papers`` papers, from the latest period
    back (recent years keep their own points, a thin early tail is pooled, and the last point matches the
    trend table's last window when that is one period); a remainder at the start joins the earliest run (all
    periods are one run when they hold fewer in all).

    >>> _pooled_runs([1, 0, 2, 30, 5, 25, 3], 20)
    [(0, 5), (5, 7)]
    >>> _pooled_runs([1, 2], 20), _pooled_runs([5, 5], 1)
    ([(0, 2)], [(0, 1), (1, 2)])
    """
    runs: list[tuple[int, int]] = []
    end, acc = len(totals), 0.0
    for t in range(len(totals) - 1, -1, -1):
        acc += totals[t]
        if acc >= min_papers:
            runs.append((t, end))
            end, acc = t, 0.0
    if end > 0:
        if runs:
            runs[-1] = (0, runs[-1][1])
        else:
            runs.append((0, end))
    return runs[::-1]


def _rank_column(data: Any, value: str) -> str:
    """Rank topics by papers ('count') when the table has it: a share of 1.0 in a one-paper period is no trend."""
    return "count" if "count" in data.columns else value


def _period_ticks(ax: Any, periods: Sequence[Any]) -> None:
    step = max(1, math.ceil(len(periods) / 12))
    idx = list(range(0, len(periods), step))
    ax.set_xticks(idx)
    ax.set_xticklabels([str(periods[i]) for i in idx], rotation=45 if len(periods) > 6 else 0, ha="right")


def plot_burst_timeline(
    data: Any,
    ax: Any = None,
    *,
    topic: str = "topic",
    start: str = "start",
    end: str = "end",
    weight: str | None = "weight",
    label: str | None = "label",
    periods: Sequence[Any] | None = None,
) -> Any:
    """Bursts as horizontal bars from ``start`` to ``end`` (periods), one row per topic; darker = stronger.

    ``data``: one row per burst with columns ``topic``, ``start``, ``end`` and optionally ``weight`` and
    ``label``. Periods may be numbers or sortable strings (e.g. '2024-02'); ``periods`` (all periods of the
    corpus) makes the time axis complete, otherwise whole years are filled in between the first and last.
    """
    _require(data, [topic, start, end], "plot_burst_timeline")
    n_topics = data[topic].nunique() if len(data) else 0
    fig, ax = _new_axes(ax, (8.0, max(2.2, 0.35 * n_topics + 1.2)))
    if len(data) == 0:
        _empty(ax, "no bursts detected")
        ax.set_title("Burst timeline")
        return fig
    given = list(periods) if periods is not None else []
    periods = sorted(set(given) | set(data[start]) | set(data[end]), key=_sort_key)
    if len(periods) > 1 and all(_sort_key(p)[0] == 0 for p in periods) and not given:
        lo, hi = int(float(periods[0])), int(float(periods[-1]))
        if hi - lo < 200 and all(float(p).is_integer() for p in periods):
            periods = list(range(lo, hi + 1))  # a year axis without gaps
    pos = {p: i for i, p in enumerate(periods)}
    pos.update({float(p): i for i, p in enumerate(periods) if _sort_key(p)[0] == 0})
    names = _labels(data, topic, label)
    topics = sorted(
        data[topic].unique(), key=lambda t: (min(_sort_key(s) for s in data[data[topic] == t][start]), str(t))
    )
    has_w = bool(weight) and weight in data.columns
    wmax = float(data[weight].max()) if has_w and float(data[weight].max()) > 0 else 1.0
    for row, t in enumerate(topics):
        sub = data[data[topic] == t]
        for _, r in sub.iterrows():
            x0, x1 = _at(pos, r[start]), _at(pos, r[end])
            alpha = 0.35 + 0.65 * (float(r[weight]) / wmax if has_w else 1.0)
            ax.barh(row, x1 - x0 + 0.8, left=x0 - 0.4, height=0.6, color=PALETTE[0], alpha=min(1.0, alpha))
    ax.set_yticks(range(len(topics)))
    ax.set_yticklabels([names[t] for t in topics], fontsize=8)
    ax.invert_yaxis()
    _period_ticks(ax, periods)
    ax.set_xlim(-0.6, len(periods) - 0.4)
    ax.set_title("Burst timeline (darker = stronger burst)")
    ax.grid(True, axis="x", alpha=0.3)
    return fig


def _at(pos: dict[Any, int], value: Any) -> int:
    if value in pos:
        return pos[value]
    return pos[float(value)]


def _sort_key(v: Any) -> tuple[int, Any]:
    try:
        return (0, float(v))
    except (TypeError, ValueError):
        return (1, str(v))


def plot_topic_heatmap(
    data: Any,
    ax: Any = None,
    *,
    period: str = "period",
    topic: str = "topic",
    value: str = "share",
    label: str | None = "label",
    top: int = 15,
    total: str | None = "total",
    min_papers: int = 30,
) -> Any:
    """Topic x period heatmap of ``value`` (same long table as :func:`plot_topic_trends`). With ``count`` and
    ``total`` columns, thin periods are pooled as in :func:`plot_topic_trends` and each period of a pooled run
    shows the run's share (count / total), so a year of one paper is no 100% cell and a year of none no 0%."""
    _require(data, [period, topic, value], "plot_topic_heatmap")
    check_int(min_papers, "min_papers", "plot_topic_heatmap", low=1)
    totals = data.groupby(topic, sort=True)[_rank_column(data, value)].sum() if len(data) else None
    chosen = sorted(totals.index, key=lambda t: (-totals[t], str(t)))[:top] if totals is not None else []
    fig, ax = _new_axes(ax, (8.0, max(2.5, 0.32 * len(chosen) + 1.5)))
    if not chosen:
        _empty(ax, "no topic time series")
        return fig
    names = _labels(data, topic, label)
    periods = sorted(data[period].unique())
    pooled = _pooled(data, period, topic, total, periods, chosen, min_papers)
    title = f"Topic {value.replace('_', ' ')} per period"
    if pooled is not None:
        runs, n, counts = pooled
        widths = [b - a for a, b in runs]
        matrix = [
            np.repeat(_shares(counts[t], n), widths) for t in chosen
        ]  # each period shows its run's share
        if any(w > 1 for w in widths):
            title += f" (thin periods pooled: {min_papers}+ papers)"
    else:
        table = data.pivot_table(index=topic, columns=period, values=value, aggfunc="sum", fill_value=0.0)
        matrix = [[float(table.loc[t, p]) if p in table.columns else 0.0 for p in periods] for t in chosen]
    im = ax.imshow(matrix, aspect="auto", cmap="viridis", interpolation="nearest")
    ax.set_yticks(range(len(chosen)))
    ax.set_yticklabels([names[t] for t in chosen], fontsize=8)
    _period_ticks(ax, periods)
    ax.set_title(title)
    fig.colorbar(im, ax=ax, shrink=0.8, label=value.replace("_", " "))
    return fig


def plot_community_map(
    graph: Any,
    ax: Any = None,
    *,
    seed: int = 0,
    size: str = "size",
    label: str = "label",
    weight: str = "weight",
    max_labels: int = 8,
    max_nodes: int = 24,  # = len(PALETTE): no colour repeats
) -> Any:
    """A map of communities: one numbered disc per community (area ~ ``size``), links weighted by ``weight``
    (with many links, each community's 3 strongest), placed by a seeded spring layout; the ``max_labels``
    largest communities carry their ``label``; only the ``max_nodes`` largest communities are drawn.
    ``graph`` is a networkx graph whose nodes are communities."""
    import networkx as nx

    fig, ax = _new_axes(ax, (9.0, 5.5))
    ax.set_title("Community map (disc area = papers; lines = links between communities)")
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        _empty(ax, "no communities")
        return fig
    by_size = sorted(graph.nodes, key=lambda n: (-float(graph.nodes[n].get(size, 1) or 1), str(n)))
    nodes = sorted(
        by_size[:max_nodes], key=lambda n: (isinstance(n, str), n if not isinstance(n, str) else 0, str(n))
    )
    if len(by_size) > max_nodes:
        ax.set_title(
            f"Community map: the {max_nodes} largest of {len(by_size)} communities (disc area = papers)"
        )
    edges = sorted(
        (
            (u, v, float(d.get(weight, 1.0)))
            for u, v, d in graph.edges(data=True)
            if u != v and u in nodes and v in nodes
        ),
        key=str,
    )
    if len(edges) > 3 * len(nodes):  # keep each community's 3 strongest links, so the map stays readable
        keep = set()
        for n in nodes:
            mine = sorted((e for e in edges if n in (e[0], e[1])), key=lambda e: (-e[2], str(e)))[:3]
            keep.update((e[0], e[1]) for e in mine)
        edges = [e for e in edges if (e[0], e[1]) in keep]
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_weighted_edges_from(edges)
    sizes = {n: float(graph.nodes[n].get(size, 1) or 1) for n in nodes}
    pos = _community_positions(g, sizes, seed)
    smax = max(sizes.values())
    wmax = max((d["weight"] for _, _, d in g.edges(data=True)), default=1.0) or 1.0
    for u, v, d in g.edges(data=True):
        (x0, y0), (x1, y1) = pos[u], pos[v]
        ax.plot([x0, x1], [y0, y1], color="#888888", lw=0.4 + 3.0 * d["weight"] / wmax, alpha=0.5, zorder=1)
    xs = [pos[n][0] for n in nodes]
    ys = [pos[n][1] for n in nodes]
    big = 1400 if len(nodes) <= 10 else 700
    areas = {n: 60 + big * sizes[n] / smax for n in nodes}
    ax.scatter(
        xs,
        ys,
        s=[areas[n] for n in nodes],
        c=[PALETTE[i % len(PALETTE)] for i in range(len(nodes))],  # as in the legend
        edgecolors="white",
        linewidths=1.0,
        zorder=2,
    )
    from matplotlib.lines import Line2D

    colour = {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(nodes)}
    for n in nodes:
        ax.text(pos[n][0], pos[n][1], str(n), ha="center", va="center", fontsize=7, color="white", zorder=3)
    alone = [n for n in nodes if g.degree(n) == 0]
    if alone and len(alone) < len(nodes):
        top = max(pos[n][1] for n in alone)
        below = 0.05 * max(max(ys) - min(ys), 1e-9)
        ax.text(min(pos[n][0] for n in alone), top + below, "without a link to the others:", fontsize=7,
                color="#555555", va="bottom")  # fmt: skip
    biggest = sorted(nodes, key=lambda n: (-sizes[n], str(n)))[:max_labels]
    handles = [
        Line2D([], [], marker="o", ls="", color=colour[n], label=_short(graph.nodes[n].get(label, n), 44))
        for n in biggest
    ]
    title = "largest communities" if len(biggest) < len(nodes) else None
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=7,
        frameon=False,
        title=title,
        title_fontsize=7,
    )
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    ax.set_xlim(min(xs) - 0.12 * span, max(xs) + 0.12 * span)
    ax.set_ylim(min(ys) - 0.12 * span, max(ys) + 0.12 * span)
    return fig


def _community_positions(g: Any, sizes: Mapping[Any, float], seed: int) -> dict[Any, tuple[float, float]]:
    """Where the community map puts each community: the linked ones by a seeded spring layout (link weights
    scaled to at most 1, so that strong links do not pull the discs on top of one another), the ones without a
    link in a row under them, largest first. (A spring layout of everything sends the unlinked ones to the
    edges of the canvas and squeezes the linked ones into a corner.)"""
    import networkx as nx

    linked = [n for n in g.nodes if g.degree(n) > 0]
    alone = sorted((n for n in g.nodes if g.degree(n) == 0), key=lambda n: (-sizes[n], str(n)))
    pos: dict[Any, tuple[float, float]] = {}
    if len(linked) > 1:
        sub = g.subgraph(linked)
        wmax = max(d["weight"] for _, _, d in sub.edges(data=True)) or 1.0
        scaled = nx.Graph()
        scaled.add_nodes_from(linked)
        scaled.add_weighted_edges_from(
            (u, v, 0.1 + 0.9 * d["weight"] / wmax) for u, v, d in sub.edges(data=True)
        )
        layout = nx.spring_layout(scaled, seed=seed, weight="weight", k=1.5 / math.sqrt(len(linked)))
        pos = {n: (float(x), float(y)) for n, (x, y) in layout.items()}
    elif linked:
        pos = {linked[0]: (0.0, 0.0)}
    if alone:
        xs = [x for x, _ in pos.values()] or [0.0]
        ys = [y for _, y in pos.values()] or [0.0]
        left, right = (min(xs), max(xs)) if max(xs) > min(xs) else (-1.0, 1.0)
        per_row = max(1, min(len(alone), 12))
        step = (right - left) / max(per_row - 1, 1)
        gap = 0.25 * max(right - left, max(ys) - min(ys), 1.0)
        for i, n in enumerate(alone):
            row, col = divmod(i, per_row)
            x = left + col * step if per_row > 1 else (left + right) / 2
            pos[n] = (x, min(ys) - gap * (1 + row))
    return pos


def plot_degree_distribution(data: Mapping[str, Sequence[int]] | Any, ax: Any = None) -> Any:
    """Degree distributions on log-log axes: for each named series of degrees, the share of nodes with
    degree >= k (complementary CDF). ``data``: mapping name -> degrees (or a pandas Series of degrees)."""
    if not isinstance(data, Mapping):
        data = {"degree": list(data)}
    fig, ax = _new_axes(ax, (7.0, 4.2))
    ax.set_title("Degree distributions (share of nodes with degree \u2265 k)")
    drawn = 0
    without = []  # the series with no link at all: said on the figure, not left out silently
    for i, name in enumerate(sorted(data)):
        degrees = sorted(int(d) for d in data[name] if int(d) > 0)
        if not degrees:
            n_all = len(list(data[name]))
            without.append(f"{name}: " + (f"none of the {n_all} nodes has a link" if n_all else "no nodes"))
            continue
        n = len(degrees)
        ks = sorted(set(degrees))
        ccdf = [sum(1 for d in degrees if d >= k) / n for k in ks]
        ax.plot(
            ks,
            ccdf,
            marker="o",
            ms=3,
            lw=1.4,
            color=PALETTE[i % len(PALETTE)],
            label=f"{name}: {n} nodes with k \u2265 1",
        )
        drawn += 1
    if not drawn:
        _empty(ax, "Nothing to plot: no node has a link.\n\n" + "\n".join(without))
        return fig
    log_log(ax, "degree k", "share of nodes", legend=8)
    if without:
        ax.text(0.01, 0.01, "not drawn, no links: " + "; ".join(without), transform=ax.transAxes,
                fontsize=7, color="#555555", va="bottom")  # fmt: skip
    return fig


def log_log(ax: Any, xlabel: str, ylabel: str, *, legend: float | None = None) -> None:
    """Log-scaled axes with their labels, a light grid and (with a font size) a frameless legend."""
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="both", alpha=0.25)
    if legend:
        ax.legend(fontsize=legend, frameon=False)


def plot_coverage(coverage: Mapping[str, int], ax: Any = None) -> Any:
    """Field coverage as horizontal bars: share of papers that have each field (``Corpus.coverage()``)."""
    total = int(coverage.get("papers", 0))
    fields = [k for k in coverage if k != "papers"]
    fig, ax = _new_axes(ax, (7.0, max(2.2, 0.32 * len(fields) + 1.0)))
    ax.set_title(f"Field coverage ({total} papers)")
    if not total or not fields:
        _empty(ax, "no papers")
        return fig
    shares = [coverage[f] / total for f in fields]
    ax.barh(range(len(fields)), shares, color=PALETTE[4])
    for i, f in enumerate(fields):
        ax.text(min(shares[i], 0.86) + 0.01, i, f"{coverage[f]} ({shares[i]:.0%})", va="center", fontsize=8)
    ax.set_yticks(range(len(fields)))
    ax.set_yticklabels(fields)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.0)
    ax.set_xlabel("share of papers")
    return fig


def save_figure(fig: Any, path: str | os.PathLike[str], *, dpi: int = 110) -> Path:
    """Write ``fig`` to ``path`` (format from the suffix: png, svg or pdf), byte-identical for identical
    figures: no date or software metadata, a fixed SVG hash salt. Returns the path."""
    import matplotlib

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    metadata: dict[str, dict[str, None]] = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }
    if fmt not in metadata:
        raise fail("path", "save_figure", "a file ending in .png, .svg or .pdf", path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"svg.hashsalt": "scholargraph", "svg.fonttype": "path"}):
        fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata[fmt], facecolor="white")
    return path
