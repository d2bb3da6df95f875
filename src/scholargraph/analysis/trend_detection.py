"""Trends of concepts, topics or keywords over time: series, growth, Kleinberg bursts, status.

**Periods.** ``period`` is ``"year"`` ('2021'), ``"quarter"`` ('2021-Q3') or ``"month"`` ('2021-07'). A paper is
placed in a period only when its date is precise enough: a year-only date cannot go into a quarter or a month,
so such papers are left out of sub-year series and counted in ``notes`` (as are papers without a year). Periods
run without gaps from the first to the last period with a paper.

**Series.** For each item and period: ``count`` (papers having the item, r_t), ``total`` (papers in the period,
d_t) and ``share = count / total`` (normalised by papers per period).

**No look-ahead.** Every figure for period t uses only papers of periods <= t:

- growth ``slope`` is the least-squares slope of the share over the ``window`` periods ending at t, ``rel_slope``
  that slope divided by the window's mean share; ``cagr`` is the compound growth of the share from the window's
  first to its last period (NaN when the first share is 0);
- burst state at t is the *online* Kleinberg state: the two-state automaton is solved on the prefix of periods
  <= t (with the base rate of that prefix) and its state at t is kept, so a later period never changes an earlier
  state; burst strength adds, over the burst's periods, the cost saved by the burst state at that period;
- the status as of t (``as_of``, default the last period) follows these rules, first match wins:

  1. ``new``: first seen in the last ``new_periods`` periods (default 2);
  2. ``emerging``: in a burst at t, or first seen within the window and ``rel_slope >= growth_threshold``;
  3. ``growing``: ``rel_slope >= growth_threshold`` (default 0.1, i.e. +10% of its mean share per period);
  4. ``declining``: ``rel_slope <= -growth_threshold``;
  5. ``stable``: otherwise.

  Items seen in fewer than ``min_count`` papers up to t are not classified (their number is in ``notes``).

**Kleinberg bursts** (Kleinberg 2002, "Bursty and hierarchical structure in streams", batched arrivals): state 0
emits relevant documents at the base rate ``p0 = R / D``, state 1 at ``p1 = min(s * p0, 0.9999)``; the cost of
state i at t is ``-ln[p_i^r_t (1 - p_i)^(d_t - r_t)]`` (the binomial coefficient is the same in both states),
entering state 1 costs ``gamma * ln(n)`` (n = number of periods), leaving it costs nothing. The optimal state
sequence is found by dynamic programming.

>>> kleinberg([1, 1, 9, 9, 1], [10, 10, 10, 10, 10])
[0, 0, 1, 1, 0]
>>> from scholargraph.synthetic import planted_corpus, planted_annotations
>>> corpus, truth = planted_corpus(300, seed=0)
>>> res = trends(corpus, planted_annotations(corpus, truth), kind="topic")
>>> res.status(truth.bursting_topic), res.status(truth.declining_topic)
('emerging', 'declining')
>>> res.bursts.query("item == @truth.bursting_topic")[["start", "end"]].values.tolist()
[['2021', '2024']]
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_int, check_number, fail
from ..errors import ConfigError
from ..graph import schema
from ..model import PaperDate
from ._common import paper_key

if TYPE_CHECKING:
    from ..graph.kg import KnowledgeGraph
    from ..model import Corpus
    from ..nlp.annotations import Annotations

__all__ = [
    "PERIODS",
    "KINDS",
    "TrendResult",
    "period_of",
    "paper_items",
    "time_series",
    "kleinberg",
    "trends",
]

PERIODS = ("year", "quarter", "month")
KINDS = ("concept", "topic", "keyword")
STATUSES = ("new", "emerging", "growing", "stable", "declining")


@dataclass
class _Doc:
    id: str
    title: str
    year: int | None
    month: int | None
    precision: str | None
    items: dict[str, list[str]]  # item -> evidence sentences


def period_of(year: int | None, month: int | None, precision: str | None, period: str) -> str | None:
    """The period key of a date, or None when the date is not precise enough for that period.

    >>> period_of(2021, 7, "day", "quarter"), period_of(2021, None, "year", "month"), period_of(2021, 7, "month", "year")
    ('2021-Q3', None, '2021')
    """
    if year is None:
        return None
    if period == "year":
        return f"{year:04d}"
    if month is None or precision not in ("day", "month"):
        return None
    if period == "quarter":
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    return f"{year:04d}-{month:02d}"


def _period_range(first: str, last: str, period: str) -> list[str]:
    if period == "year":
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    if period == "quarter":
        y0, q0 = int(first[:4]), int(first[-1])
        y1, q1 = int(last[:4]), int(last[-1])
        return [f"{i // 4:04d}-Q{i % 4 + 1}" for i in range(y0 * 4 + q0 - 1, y1 * 4 + q1)]
    y0, m0 = int(first[:4]), int(first[5:7])
    y1, m1 = int(last[:4]), int(last[5:7])
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(y0 * 12 + m0 - 1, y1 * 12 + m1)]


def _norm_keyword(k: str) -> str:
    return " ".join(str(k).lower().split())


def paper_items(
    source: Corpus | KnowledgeGraph,
    annotations: Annotations | None = None,
    *,
    kind: str = "concept",
    min_topic_weight: float = 0.2,
) -> list:
    """One record per paper: id, title, date parts and the items it has (with evidence sentences).

    ``source`` is a KnowledgeGraph (Paper nodes with year/date/date_precision; MENTIONS, HAS_TOPIC edges;
    keywords property) or a Corpus (with ``annotations`` for concepts and topics). ``kind``: 'concept',
    'topic' (papers count for a topic when its weight >= ``min_topic_weight``) or 'keyword' (author keywords,
    lower-cased).
    """
    check_choice(kind, "kind", "paper_items", KINDS)
    if hasattr(source, "papers"):
        return _items_from_corpus(source, annotations, kind, min_topic_weight)
    if hasattr(source, "graph") or hasattr(source, "nodes"):
        return _items_from_graph(source, kind, min_topic_weight)
    raise fail("source", "paper_items", "a Corpus or a KnowledgeGraph", type(source).__name__)


def _items_from_corpus(corpus: Any, ann: Any, kind: str, min_w: float) -> list[_Doc]:
    if kind in ("concept", "topic") and ann is None:
        raise ConfigError(
            f"The 'annotations' parameter of trends is needed for kind={kind!r} (from sg.extract); "
            "or use kind='keyword'."
        )
    labels = {t.id: t.label for t in ann.topics} if ann is not None else {}
    docs = []
    for p in corpus.papers:
        items: dict[str, list[str]] = {}
        if kind == "concept":
            for m in ann.mentions.get(p.id, []):
                items[m.concept] = [e.text for e in m.evidence]
        elif kind == "topic":
            for t, w in ann.paper_topics.get(p.id, []):
                if w >= min_w:
                    items[labels.get(t, str(t))] = []
        else:
            for k in p.keywords:
                if _norm_keyword(k):
                    items[_norm_keyword(k)] = []
        d = p.date
        docs.append(
            _Doc(
                p.id,
                p.title,
                d.year if d else None,
                d.month if d else None,
                d.precision if d else None,
                items,
            )
        )
    return docs


def _items_from_graph(kg: Any, kind: str, min_w: float) -> list[_Doc]:
    from ._common import graph_of, node_name

    g = graph_of(kg)
    docs: dict[str, _Doc] = {}
    for n, d in g.nodes(data=True):
        if d.get(schema.LABEL) != schema.PAPER:
            continue
        date = PaperDate.parse_iso(d.get("date")) if d.get("date") else None
        year = d.get("year", date.year if date else None)
        precision = d.get("date_precision") or (date.precision if date else None)
        month = date.month if date else None
        items: dict[str, list[str]] = {}
        if kind == "keyword":
            for k in d.get("keywords") or []:
                if _norm_keyword(k):
                    items[_norm_keyword(k)] = []
        docs[n] = _Doc(paper_key(n), d.get("title") or "", year, month, precision, items)
    if kind != "keyword":
        want = schema.MENTIONS if kind == "concept" else schema.HAS_TOPIC
        for u, v, e in g.edges(data=True):
            if e.get(schema.TYPE) != want or u not in docs:
                continue
            if kind == "concept":
                name = g.nodes[v].get("name") or g.nodes[v].get("key") or str(v)
                docs[u].items[name] = [
                    x.get("text", "") for x in e.get("evidence") or [] if isinstance(x, dict)
                ]
            elif float(e.get("weight", 1.0)) >= min_w:
                docs[u].items[node_name(g, v) if g.nodes[v].get("name") else _topic_name(g, v)] = []
    return sorted(docs.values(), key=lambda x: x.id)


def _topic_name(g: Any, v: Any) -> str:
    d = g.nodes[v]
    for attr in ("topic_label", "name", "title"):
        if isinstance(d.get(attr), str):
            return d[attr]
    label = d.get(schema.LABEL)
    if isinstance(label, str) and label != schema.TOPIC:
        return label
    return str(d.get("key", v))


def time_series(docs: list, period: str = "year") -> tuple[pd.DataFrame, list[str], list[str]]:
    """Long table (item, period, count, total, share) with every period for every item, the period list,
    and notes on papers left out. Rows sorted by item then period.

    >>> from scholargraph.synthetic import planted_corpus
    >>> corpus, _ = planted_corpus(40)
    >>> ts, periods, notes = time_series(paper_items(corpus, kind="keyword"), "quarter")
    >>> notes[0].startswith("quarter series leave out") and "year-only" in notes[0]
    True
    """
    check_choice(period, "period", "time_series", PERIODS)
    placed, no_year, too_coarse = [], 0, 0
    for d in docs:
        key = period_of(d.year, d.month, d.precision, period)
        if key is None:
            if d.year is None:
                no_year += 1
            else:
                too_coarse += 1
            continue
        placed.append((key, d))
    notes = []
    if too_coarse:
        notes.append(
            f"{period} series leave out {too_coarse} paper(s) whose date has year-only precision "
            f"(they cannot be placed in a {period}); they count in yearly series"
        )
    if no_year:
        notes.append(f"{no_year} paper(s) without a publication year are left out of every series")
    if not placed:
        return pd.DataFrame(columns=["item", "period", "count", "total", "share"]), [], notes
    periods = _period_range(min(k for k, _ in placed), max(k for k, _ in placed), period)
    index = {p: i for i, p in enumerate(periods)}
    total = np.zeros(len(periods), dtype=int)
    counts: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(periods), dtype=int))
    for key, d in placed:
        total[index[key]] += 1
        for item in d.items:
            counts[item][index[key]] += 1
    rows = []
    for item in sorted(counts):
        c = counts[item]
        for i, p in enumerate(periods):
            rows.append((item, p, int(c[i]), int(total[i]), float(c[i] / total[i]) if total[i] else 0.0))
    return pd.DataFrame(rows, columns=["item", "period", "count", "total", "share"]), periods, notes


# ------------------------------------------------------------------------------------------- Kleinberg bursts


def _rates(R: np.ndarray, D: np.ndarray, s: float) -> tuple[np.ndarray, np.ndarray]:
    p0 = R.sum(axis=-1) / max(D.sum(), 1)
    p0 = np.clip(p0, 1e-12, 1 - 1e-9)
    p1 = np.minimum(s * p0, 0.9999)
    return p0, p1


def _costs(R: np.ndarray, D: np.ndarray, p: np.ndarray) -> np.ndarray:
    p = p[..., None]
    return -(R * np.log(p) + (D - R) * np.log1p(-p))


def kleinberg(r, d, *, s: float = 2.0, gamma: float = 1.0) -> list[int]:
    """Two-state Kleinberg burst states (0 base, 1 burst) of r relevant out of d documents per period.

    Offline: the whole sequence decides every state. :func:`trends` uses the online version (each state from
    the prefix up to it); see the module docstring.

    >>> kleinberg([0, 0, 0], [5, 5, 5])
    [0, 0, 0]
    """
    check_number(s, "s", "kleinberg", low=1.0)
    check_number(gamma, "gamma", "kleinberg", low=0.0)
    R = np.asarray(r, dtype=float)
    D = np.asarray(d, dtype=float)
    if R.shape != D.shape or R.ndim != 1:
        raise ConfigError(
            f"The 'r' and 'd' parameters of kleinberg must be 1-d sequences of the same length, got {R.shape} "
            f"and {D.shape}."
        )
    if np.any(R > D) or np.any(R < 0):
        raise ConfigError("The 'r' parameter of kleinberg must have every r_t between 0 and d_t.")
    n = len(R)
    if n == 0 or R.sum() == 0:
        return [0] * n
    p0, p1 = _rates(R, D, s)
    c = np.stack([_costs(R, D, p0)[()], _costs(R, D, p1)[()]])  # (2, n)
    tau = gamma * math.log(n) if n > 1 else 0.0
    cost = np.array([c[0, 0], c[1, 0] + tau])
    back = np.zeros((n, 2), dtype=int)
    for t in range(1, n):
        stay0, from1to0 = cost[0], cost[1]
        to1_from0, stay1 = cost[0] + tau, cost[1]
        back[t, 0] = 0 if stay0 <= from1to0 else 1
        back[t, 1] = 0 if to1_from0 < stay1 else 1
        cost = np.array([min(stay0, from1to0) + c[0, t], min(to1_from0, stay1) + c[1, t]])
    state = 0 if cost[0] <= cost[1] else 1
    out = [state]
    for t in range(n - 1, 0, -1):
        state = int(back[t, state])
        out.append(state)
    return out[::-1]


def _online_states(R: np.ndarray, D: np.ndarray, s: float, gamma: float) -> tuple[np.ndarray, np.ndarray]:
    """For items x periods counts R and totals D: state at t of the automaton solved on periods <= t, and the
    cost saved by state 1 at t (with the prefix's rates). Both (items, periods)."""
    n_items, T = R.shape
    states = np.zeros((n_items, T), dtype=int)
    gain = np.zeros((n_items, T))
    for t in range(T):
        Rp, Dp = R[:, : t + 1], D[: t + 1]
        seen = Rp.sum(axis=1) > 0
        p0, p1 = _rates(Rp, Dp, s)
        c0, c1 = _costs(Rp, Dp, p0), _costs(Rp, Dp, p1)
        tau = gamma * math.log(t + 1) if t > 0 else 0.0
        a0, a1 = c0[:, 0], c1[:, 0] + tau
        for k in range(1, t + 1):
            a0, a1 = np.minimum(a0, a1) + c0[:, k], np.minimum(a0 + tau, a1) + c1[:, k]
        states[:, t] = np.where(seen & (a1 < a0), 1, 0)
        gain[:, t] = c0[:, t] - c1[:, t]
    return states, gain


# ---------------------------------------------------------------------------------------------------- trends


@dataclass
class TrendResult:
    """``series`` (item, period, count, total, share); ``table`` (one row per classified item as of ``as_of``:
    status, growth, burst flag, supporting papers and evidence); ``bursts`` (item, start, end, periods, strength,
    ongoing, supporting papers and evidence); ``history`` (item, period, status, bursting) — the status each
    item had as of every period; ``notes`` (papers left out, items not classified); ``settings``."""

    series: pd.DataFrame
    table: pd.DataFrame
    bursts: pd.DataFrame
    history: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    def status(self, item: str) -> str | None:
        """The item's status as of ``settings['as_of']`` (None when it was not classified)."""
        hit = self.table.loc[self.table["item"] == item, "status"]
        return None if hit.empty else str(hit.iloc[0])


def _classify(
    first: int, t: int, rel_slope: float, bursting: bool, new_periods: int, window: int, thr: float
) -> str:
    if first > t - new_periods:
        return "new"
    if bursting or (first > t - window and rel_slope >= thr):
        return "emerging"
    if rel_slope >= thr:
        return "growing"
    if rel_slope <= -thr:
        return "declining"
    return "stable"


def _growth(share: np.ndarray, t: int, window: int) -> tuple[float, float, float]:
    lo = max(0, t - window + 1)
    y = share[lo : t + 1]
    if len(y) < 2:
        return 0.0, 0.0, float("nan")
    x = np.arange(len(y), dtype=float)
    slope = float(np.polyfit(x, y, 1)[0])
    mean = float(y.mean())
    rel = slope / mean if mean > 0 else 0.0
    cagr = float((y[-1] / y[0]) ** (1 / (len(y) - 1)) - 1) if y[0] > 0 else float("nan")
    return slope, rel, cagr


def trends(
    source: Corpus | KnowledgeGraph,
    annotations: Annotations | None = None,
    *,
    kind: str = "concept",
    period: str = "year",
    as_of: str | None = None,
    min_count: int = 3,
    window: int = 5,
    growth_threshold: float = 0.1,
    new_periods: int = 2,
    s: float = 2.0,
    gamma: float = 1.0,
    min_topic_weight: float = 0.2,
    max_evidence: int = 5,
) -> TrendResult:
    """Series, growth, online Kleinberg bursts and status of every item (see the module docstring for rules).

    ``source``: Corpus (+ ``annotations``) or KnowledgeGraph. ``as_of``: period key at which the table is made
    (default: the last period); only papers up to it are used. ``max_evidence`` caps listed papers and
    sentences per row (the counts ``n_papers`` are complete).
    """
    check_choice(period, "period", "trends", PERIODS)
    for name, value, lo in (
        ("min_count", min_count, 1),
        ("window", window, 2),
        ("new_periods", new_periods, 0),
    ):
        check_int(value, name, "trends", low=lo)
    check_int(max_evidence, "max_evidence", "trends", low=1)
    check_number(growth_threshold, "growth_threshold", "trends", low=0.0)
    check_number(s, "s", "trends", low=1.0)
    check_number(gamma, "gamma", "trends", low=0.0)
    docs = paper_items(source, annotations, kind=kind, min_topic_weight=min_topic_weight)
    series, periods, notes = time_series(docs, period)
    settings = {
        "kind": kind,
        "period": period,
        "min_count": min_count,
        "window": window,
        "growth_threshold": growth_threshold,
        "new_periods": new_periods,
        "s": s,
        "gamma": gamma,
        "min_topic_weight": min_topic_weight,
        "max_evidence": max_evidence,
        "burst_model": "Kleinberg two-state, batched; online (state at t from periods <= t)",
    }
    empty_cols = ["item", "status", "n_papers"]
    if not periods:
        settings["as_of"] = None
        return TrendResult(
            series, pd.DataFrame(columns=empty_cols), pd.DataFrame(), pd.DataFrame(), notes, settings
        )
    if as_of is None:
        as_of = periods[-1]
    if as_of not in periods:
        raise fail("as_of", "trends", f"one of the periods {periods[0]}..{periods[-1]} ({period})", as_of)
    settings["as_of"] = as_of
    T = periods.index(as_of) + 1
    periods = periods[:T]
    series = series[series["period"].isin(periods)].reset_index(drop=True)
    items = sorted(series["item"].unique())
    n_per = len(periods)
    R = series["count"].to_numpy().reshape(len(items), -1)[:, :T] if items else np.zeros((0, T))
    D = series["total"].to_numpy()[:n_per].astype(float) if items else np.zeros(T)
    cum = R.sum(axis=1)
    keep = np.where(cum >= min_count)[0]
    dropped = len(items) - len(keep)
    if dropped:
        notes.append(
            f"{dropped} item(s) seen in fewer than {min_count} papers up to {as_of} are not classified"
        )
    Rk = R[keep].astype(float)
    states, gain = _online_states(Rk, D, s, gamma) if len(keep) else (np.zeros((0, T), int), np.zeros((0, T)))
    share = np.divide(Rk, D, out=np.zeros_like(Rk), where=D > 0)

    # supporting papers (most recent first) and evidence, as of as_of
    allowed = set(periods)
    by_item: dict[str, list[tuple[str, _Doc]]] = defaultdict(list)
    for d in docs:
        key = period_of(d.year, d.month, d.precision, period)
        if key in allowed:
            for item in d.items:
                by_item[item].append((key, d))
    for lst in by_item.values():
        lst.sort(key=lambda kd: (kd[0], kd[1].id), reverse=True)

    def support(item: str, in_periods: set[str] | None = None) -> dict[str, Any]:
        lst = [(k, d) for k, d in by_item.get(item, []) if in_periods is None or k in in_periods]
        listed = [d for _, d in lst[:max_evidence]]
        sentences: list[str] = []
        for _, d in lst:
            for sent in d.items.get(item, []):
                if sent not in sentences:
                    sentences.append(sent)
                    break
            if len(sentences) >= max_evidence:
                break
        return {
            "n_papers": len(lst),
            "paper_ids": [d.id for d in listed],
            "paper_titles": [d.title for d in listed],
            "evidence": sentences,
        }

    rows, hist, bursts = [], [], []
    for row_i, idx in enumerate(keep):
        item = items[idx]
        nz = np.nonzero(R[idx])[0]
        first = int(nz[0])
        for t in range(first, T):
            if R[idx, : t + 1].sum() < min_count:
                continue
            _, rel_t, _ = _growth(share[row_i], t, window)
            st = _classify(first, t, rel_t, bool(states[row_i, t]), new_periods, window, growth_threshold)
            hist.append((item, periods[t], st, bool(states[row_i, t])))
        slope, rel, cagr = _growth(share[row_i], T - 1, window)
        status = _classify(
            first, T - 1, rel, bool(states[row_i, T - 1]), new_periods, window, growth_threshold
        )
        rows.append(
            {
                "item": item,
                "status": status,
                "first_period": periods[first],
                "share": round(float(share[row_i, T - 1]), 10),
                "count": int(R[idx, T - 1]),
                "slope": round(slope, 10),
                "rel_slope": round(rel, 10),
                "cagr": round(cagr, 10) if not math.isnan(cagr) else float("nan"),
                "bursting": bool(states[row_i, T - 1]),
                **support(item),
            }
        )
        t = 0
        while t < T:
            if states[row_i, t]:
                start = t
                while t < T and states[row_i, t]:
                    t += 1
                span = periods[start:t]
                bursts.append(
                    {
                        "item": item,
                        "start": span[0],
                        "end": span[-1],
                        "periods": len(span),
                        "strength": round(float(gain[row_i, start:t].sum()), 10),
                        "ongoing": t == T,
                        **support(item, set(span)),
                    }
                )
            else:
                t += 1
    order = {s_: i for i, s_ in enumerate(STATUSES)}
    table = pd.DataFrame(rows)
    if len(table):
        table = table.sort_values(
            ["status", "rel_slope", "item"],
            key=lambda c: c.map(order) if c.name == "status" else c,
            ascending=[True, False, True],
        ).reset_index(drop=True)
    else:
        table = pd.DataFrame(columns=empty_cols)
    bursts_df = pd.DataFrame(bursts)
    if len(bursts_df):
        bursts_df = bursts_df.sort_values(
            ["strength", "item", "start"], ascending=[False, True, True]
        ).reset_index(drop=True)
    history = pd.DataFrame(hist, columns=["item", "period", "status", "bursting"])
    return TrendResult(series, table, bursts_df, history, notes, settings)
