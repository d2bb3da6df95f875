"""Figures of the descriptive overview: ``plot_*(table, ax=None) -> matplotlib Figure`` drawn from the tables of
:mod:`scholargraph.analysis.descriptive` (the figure reads a table; it computes nothing the table lacks but the
layout). Like :mod:`.figures`: pyplot-free, byte-deterministic through :func:`.figures.save_figure`.

>>> import pandas as pd
>>> annual = pd.DataFrame({"year": [2020, 2021, 2022], "papers": [3, 5, 8],
...                        "mean_times_cited_per_year": [1.0, 0.5, 0.2]})
>>> fig = plot_annual_production(annual, growth_rate=0.633)
>>> fig.axes[0].get_title()
'Annual scientific production (growth rate 63.3% a year)'
"""

from __future__ import annotations

import math
from typing import Any

from .._validation import check_int
from .figures import PALETTE, _empty, _new_axes, _require, _short, log_log

__all__ = [
    "plot_annual_production",
    "plot_bradford",
    "plot_lotka",
    "plot_countries",
    "plot_keyword_map",
    "plot_three_field",
]


def _begin(
    data: Any, columns: list[str], owner: str, ax: Any, size: tuple[float, float], title: str, empty: str
) -> tuple[Any, Any, bool]:
    """(figure, axes, has rows): the columns checked, the axes made and titled, the empty message drawn."""
    _require(data, columns, owner)
    fig, ax = _new_axes(ax, size)
    ax.set_title(title)
    if not len(data):
        _empty(ax, empty)
    return fig, ax, bool(len(data))


def plot_annual_production(
    annual: Any, ax: Any = None, *, growth_rate: float | None = None, citations: bool = True
) -> Any:
    """Papers per year (bars) and, with ``citations``, the mean times-cited per citable year of the papers of
    each year (line, right axis). ``annual``: the ``annual_production`` table (``year``, ``papers``,
    ``mean_times_cited_per_year``); ``growth_rate`` (a fraction) goes into the title."""
    title = "Annual scientific production"
    if growth_rate is not None and growth_rate == growth_rate:
        title += f" (growth rate {100 * growth_rate:.1f}% a year)"
    fig, ax, ok = _begin(
        annual, ["year", "papers"], "plot_annual_production", ax, (8.0, 4.0), title, "no dated papers"
    )
    if not ok:
        return fig
    years = [int(y) for y in annual["year"]]
    ax.bar(years, [int(n) for n in annual["papers"]], color=PALETTE[0], width=0.75, label="papers")
    ax.set_xlabel("publication year")
    ax.set_ylabel("papers", color=PALETTE[0])
    ax.grid(True, axis="y", alpha=0.3)
    step = max(1, math.ceil(len(years) / 14))
    ax.set_xticks(years[::step])
    ax.tick_params(axis="x", labelrotation=45 if len(years) > 8 else 0)
    col = "mean_times_cited_per_year"
    if citations and col in annual.columns and annual[col].notna().any():
        ax2 = ax.twinx()
        ax2.plot(years, [float(v) for v in annual[col]], color=PALETTE[5], marker="o", ms=3, lw=1.6)
        ax2.set_ylabel("mean times cited per citable year", color=PALETTE[5])
        ax2.set_ylim(bottom=0)
    return fig


def plot_bradford(sources: Any, ax: Any = None, *, labels: int = 8) -> Any:
    """Bradford's law: cumulated papers against the sources' rank (log scale), the three zones shaded, the
    ``labels`` largest sources of zone 1 named. ``sources``: the ``sources`` table."""
    title = "Bradford's law: sources by papers, in three zones of about a third of the papers each"
    fig, ax, ok = _begin(
        sources,
        ["rank", "source", "papers", "cumulative", "zone"],
        "plot_bradford",
        ax,
        (8.0, 4.4),
        title,
        "no sources",
    )
    if not ok:
        return fig
    ranks = [int(r) for r in sources["rank"]]
    cum = [int(c) for c in sources["cumulative"]]
    zones = [int(z) for z in sources["zone"]]
    shades = {1: "#d6e6f4", 2: "#eeeeee", 3: "#fbe9d7"}
    for z in (1, 2, 3):
        rs = [r for r, zz in zip(ranks, zones, strict=True) if zz == z]
        if rs:
            n = sum(1 for zz in zones if zz == z)
            ax.axvspan(rs[0] - 0.5 if rs[0] > 1 else 0.7, rs[-1] + 0.5, color=shades[z], zorder=0)
            ax.text(math.sqrt(max(rs[0], 0.7) * (rs[-1] + 0.5)), 0.97, f"zone {z}\n{n} sources",
                    transform=ax.get_xaxis_transform(), ha="center", va="top", fontsize=8, color="#444444")  # fmt: skip
    ax.plot(ranks, cum, color=PALETTE[0], lw=1.8)
    ax.set_xscale("log")
    ax.set_xlim(0.7, ranks[-1] * 1.3)
    ax.set_ylim(0, cum[-1] * 1.15)
    ax.set_xlabel("source rank (log scale)")
    ax.set_ylabel("cumulated papers")
    first = sources[sources["zone"] == 1].head(labels)
    listing = "\n".join(
        f"{int(r['rank'])}. {_short(r['source'], 34)} ({int(r['papers'])})" for _, r in first.iterrows()
    )
    ax.text(0.02, 0.80, "largest sources (papers)\n" + listing, transform=ax.transAxes, ha="left", va="top",
            fontsize=6.5, color="#222222", bbox={"facecolor": "white", "alpha": 0.8, "lw": 0})  # fmt: skip
    return fig


def plot_lotka(lotka: Any, ax: Any = None, *, fit: Any = None) -> Any:
    """Lotka's law: the share of authors with n papers (points) and the fitted law (line), log-log.
    ``lotka``: the ``lotka`` table; ``fit``: the one-row ``lotka_fit`` table (its beta, R squared and
    Kolmogorov-Smirnov test go into the legend)."""
    cols = ["papers", "authors", "share", "expected_share"]
    fig, ax, ok = _begin(
        lotka, cols, "plot_lotka", ax, (6.5, 4.4), "Lotka's law: author productivity", "no authors"
    )
    if not ok:
        return fig
    xs = [int(n) for n in lotka["papers"]]
    ax.scatter(xs, [float(s) for s in lotka["share"]], color=PALETTE[0], s=16, zorder=3, label="observed")
    label = "fitted law"
    if fit is not None and len(fit) and fit.iloc[0]["beta"] == fit.iloc[0]["beta"]:
        f = fit.iloc[0]
        label = (
            f"fitted: share = {float(f['constant']):.3f} / n^{float(f['beta']):.2f} (R\u00b2 {float(f['r_squared']):.3f})\n"
            f"K-S D = {float(f['ks_statistic']):.3f} vs {float(f['ks_critical']):.3f} at 0.01: "
            + ("fits" if bool(f["fits"]) else "does not fit")
        )  # fmt: skip
    if lotka["expected_share"].notna().any():
        ax.plot(xs, [float(e) for e in lotka["expected_share"]], color=PALETTE[5], lw=1.6, label=label)
    log_log(ax, "papers per author (n)", "share of authors", legend=7)
    return fig


def plot_countries(countries: Any, ax: Any = None, *, top: int = 15) -> Any:
    """Papers by the corresponding author's country, split into single-country (SCP) and multi-country (MCP)
    papers: stacked horizontal bars of the ``top`` countries. ``countries``: the ``countries`` table."""
    _require(countries, ["country", "corresponding", "scp", "mcp"], "plot_countries")
    check_int(top, "top", "plot_countries", low=1)
    rows = countries[countries["corresponding"] > 0].sort_values(
        ["corresponding", "country"], ascending=[False, True], kind="mergesort"
    )
    rows = rows.head(top)
    fig, ax = _new_axes(ax, (7.5, max(2.4, 0.3 * len(rows) + 1.3)))
    ax.set_title("Corresponding author's country: single- (SCP) and multi-country (MCP) papers")
    if not len(rows):
        _empty(ax, "no countries in the addresses")
        return fig
    ys = list(range(len(rows)))
    scp = [int(v) for v in rows["scp"]]
    mcp = [int(v) for v in rows["mcp"]]
    ax.barh(ys, scp, color=PALETTE[0], label="SCP (one country)")
    ax.barh(ys, mcp, left=scp, color=PALETTE[1], label="MCP (several countries)")
    for y, a, b in zip(ys, scp, mcp, strict=True):
        ax.text(a + b, y, f" {a + b}", va="center", fontsize=7)
    ax.set_yticks(ys)
    ax.set_yticklabels([_short(c, 28) for c in rows["country"]], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("papers")
    ax.set_xlim(0, max(a + b for a, b in zip(scp, mcp, strict=True)) * 1.12)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    return fig


def plot_keyword_map(
    keywords: Any,
    cooccurrence: Any,
    ax: Any = None,
    *,
    kind: str | None = None,
    seed: int = 0,
    labels: int = 50,
) -> Any:
    """The keyword co-occurrence map of one ``kind`` (default: the first kind of the table): keywords as discs
    (area ~ papers, colour = cluster), co-occurrences as lines (width ~ papers), placed by a seeded spring layout
    weighted by association strength; the ``labels`` most frequent keywords are named."""
    import networkx as nx

    _require(keywords, ["kind", "keyword", "papers", "cluster"], "plot_keyword_map")
    _require(cooccurrence, ["kind", "keyword_a", "keyword_b", "papers", "association"], "plot_keyword_map")
    kind = kind or (str(keywords["kind"].iloc[0]) if len(keywords) else "author")
    nodes = keywords[(keywords["kind"] == kind) & (keywords["cluster"] >= 0)]
    edges = cooccurrence[cooccurrence["kind"] == kind]
    fig, ax = _new_axes(ax, (9.0, 6.5))
    ax.set_title(f"Co-occurrence map of {kind} keywords (disc area = papers; colour = cluster)")
    ax.set_axis_off()
    if not len(nodes) or not len(edges):
        _empty(ax, "no keywords occur together")
        return fig
    g = nx.Graph()
    size = dict(zip(nodes["keyword"], nodes["papers"].astype(int), strict=True))
    cluster = dict(zip(nodes["keyword"], nodes["cluster"].astype(int), strict=True))
    g.add_nodes_from(sorted(size))
    for a, b, n, w in zip(
        edges["keyword_a"], edges["keyword_b"], edges["papers"], edges["association"], strict=True
    ):
        if a in size and b in size:
            g.add_edge(a, b, papers=int(n), weight=math.log1p(float(w)))
    pos = nx.spring_layout(
        g, seed=seed, weight="weight", k=1.6 / math.sqrt(g.number_of_nodes()), iterations=200
    )
    pmax = max(d["papers"] for _, _, d in g.edges(data=True))
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[2]["papers"], e[0], e[1])):
        ax.plot([pos[u][0], pos[v][0]], [pos[u][1], pos[v][1]], color="#999999",
                lw=0.3 + 2.5 * d["papers"] / pmax, alpha=0.35, zorder=1)  # fmt: skip
    order = sorted(g.nodes)
    smax = max(size.values())
    ax.scatter([pos[n][0] for n in order], [pos[n][1] for n in order],
               s=[40 + 900 * size[n] / smax for n in order],
               c=[PALETTE[cluster[n] % len(PALETTE)] for n in order], alpha=0.85, edgecolors="white", zorder=2)  # fmt: skip
    named = sorted(order, key=lambda n: (-size[n], n))[:labels]
    for n in named:
        ax.annotate(_short(n, 26), pos[n], xytext=(0, 5 + 9 * math.sqrt(size[n] / smax)), textcoords="offset points",
                    fontsize=6.5, ha="center", va="bottom", zorder=3)  # fmt: skip
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    ax.set_xlim(min(xs) - 0.08 * span, max(xs) + 0.08 * span)
    ax.set_ylim(min(ys) - 0.08 * span, max(ys) + 0.08 * span)
    return fig


_FIELD_TITLES = {"author": "Authors", "keyword": "Keywords", "source": "Sources"}


def plot_three_field(links: Any, ax: Any = None, *, fields: tuple[str, str, str] = ("author", "keyword", "source")) -> Any:  # fmt: skip
    """The three-field view: three columns of boxes (``fields``, e.g. authors, keywords, sources; box height ~
    papers through the item) joined by bands (width ~ papers the two items share), like a Sankey diagram.
    ``links``: the ``three_field`` table (field_from, item_from, field_to, item_to, papers)."""
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MPath

    _require(links, ["field_from", "item_from", "field_to", "item_to", "papers"], "plot_three_field")
    items: list[dict[str, float]] = [dict(), dict(), dict()]
    flows = []
    for f0, a, f1, b, n in zip(links["field_from"], links["item_from"], links["field_to"], links["item_to"],
                               links["papers"], strict=True):  # fmt: skip
        if f0 in fields and f1 in fields and fields.index(f1) == fields.index(f0) + 1:
            i = fields.index(f0)
            items[i][a] = items[i].get(a, 0) + int(n)
            items[i + 1][b] = items[i + 1].get(b, 0) + int(n)
            flows.append((i, str(a), str(b), int(n)))
    n_items = max((len(c) for c in items), default=0)
    fig, ax = _new_axes(ax, (10.0, max(4.0, 0.32 * n_items + 1.5)))
    ax.set_title("Three-field view: " + " \u2013 ".join(_FIELD_TITLES.get(f, f) for f in fields) + " (band width = papers)")  # fmt: skip
    ax.set_axis_off()
    if not flows:
        _empty(ax, "no links between the three fields")
        return fig
    # the middle column's box is as high as the larger of what flows in and out of it
    inflow = {b: 0 for b in items[1]}
    outflow = {a: 0 for a in items[1]}
    for i, a, b, n in flows:
        (inflow if i == 0 else outflow)[b if i == 0 else a] += n
    items[1] = {k: max(inflow[k], outflow[k]) for k in items[1]}
    gap = 0.012
    xs, width = (0.0, 0.45, 0.9), 0.1
    boxes: list[dict[str, tuple[float, float]]] = []
    scale = min(
        (1.0 - gap * (len(col) - 1)) / sum(col.values()) for col in items if col and sum(col.values())
    )
    for c, col in enumerate(items):
        order = sorted(col, key=lambda k: (-col[k], k))
        total = sum(col[k] * scale for k in order) + gap * (len(order) - 1)
        y = 1.0 - (1.0 - total) / 2
        placed = {}
        for k in order:
            h = col[k] * scale
            placed[k] = (y - h, h)
            colour = PALETTE[c * 3 % len(PALETTE)]
            ax.add_patch(Rectangle((xs[c], y - h), width, h, color=colour, alpha=0.85, lw=0))
            ha, tx = ("right", xs[c] - 0.008) if c == 0 else ("left", xs[c] + width + 0.008)
            if c == 1:
                ha, tx = "center", xs[c] + width / 2
            ax.text(tx, y - h / 2, _short(k, 30), ha=ha, va="center", fontsize=7,
                    color="#111111", zorder=4)  # fmt: skip
            y -= h + gap
        boxes.append(placed)
    used_out = {c: {k: 0.0 for k in boxes[c]} for c in range(3)}
    used_in = {c: {k: 0.0 for k in boxes[c]} for c in range(3)}
    for i, a, b, n in sorted(flows, key=lambda f: (f[0], -f[3], f[1], f[2])):
        h = n * scale
        y0 = boxes[i][a][0] + boxes[i][a][1] - used_out[i][a] - h
        y1 = boxes[i + 1][b][0] + boxes[i + 1][b][1] - used_in[i + 1][b] - h
        used_out[i][a] += h
        used_in[i + 1][b] += h
        x0, x1 = xs[i] + width, xs[i + 1]
        mid = (x0 + x1) / 2
        verts = [
            (x0, y0),
            (mid, y0),
            (mid, y1),
            (x1, y1),
            (x1, y1 + h),
            (mid, y1 + h),
            (mid, y0 + h),
            (x0, y0 + h),
            (x0, y0),
        ]
        codes = [MPath.MOVETO, MPath.CURVE4, MPath.CURVE4, MPath.CURVE4, MPath.LINETO,
                 MPath.CURVE4, MPath.CURVE4, MPath.CURVE4, MPath.CLOSEPOLY]  # fmt: skip
        ax.add_patch(PathPatch(MPath(verts, codes), color=PALETTE[i * 3 % len(PALETTE)], alpha=0.25, lw=0))
    for c, f in enumerate(fields):
        ax.text(
            xs[c] + width / 2,
            1.04,
            _FIELD_TITLES.get(f, f),
            ha="center",
            va="bottom",
            fontsize=9,
            weight="bold",
        )
    ax.set_xlim(-0.32, 1.32)
    ax.set_ylim(-0.02, 1.08)
    return fig
