"""Helpers every report section shares: numbered paper references with their appendix, and formatting."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from typing import Any

from ..graph import schema

__all__ = ["Papers", "anchor", "pct", "listish", "short", "span", "fmt_q"]


class Papers:
    """Numbers papers in the order the report first cites them; builds the appendix."""

    def __init__(self, corpus: Any, kg: Any) -> None:
        self.corpus = {p.id: p for p in corpus.papers} if corpus is not None else {}
        self.nodes = {d.get("key"): d for _, d in kg.nodes(schema.PAPER)} if kg is not None else {}
        self.order: dict[str, int] = {}

    def known(self, pid: str) -> bool:
        return pid in self.corpus or pid in self.nodes

    def ref(self, pid: str) -> dict[str, Any]:
        pid = str(pid)
        if pid.startswith(schema.PAPER + ":"):
            pid = schema.split_node_id(pid)[1]
        if pid not in self.order:
            self.order[pid] = len(self.order) + 1
        info = self._info(pid)
        return {
            "num": self.order[pid],
            "anchor": anchor(pid),
            "title": info["title"],
            "year": info["year"] or "",
        }

    def refs(self, pids: Iterable[str], n: int = 5) -> list[dict[str, Any]]:
        out, seen = [], set()
        for pid in pids:
            key = str(pid)
            if key in seen or not self.known(key.removeprefix(schema.PAPER + ":")):
                continue
            seen.add(key)
            out.append(self.ref(key))
            if len(out) >= n:
                break
        return out

    def _info(self, pid: str) -> dict[str, Any]:
        p = self.corpus.get(pid)
        d = self.nodes.get(pid, {})
        if p is not None:
            names = [a.name for a in p.authors]
            authors = ", ".join(names[:3]) + (" et al." if len(names) > 3 else "")
            if not names and p.author_count:
                authors = f"{p.author_count} author{'' if p.author_count == 1 else 's'}"
            return {
                "title": p.title,
                "year": p.year,
                "authors": authors,
                "venue": p.venue,
                "doi": p.doi,
                "arxiv_id": p.arxiv_id,
                "url": p.url,
            }
        return {
            "title": d.get("title", pid),
            "year": d.get("year"),
            "authors": "",
            "venue": d.get("venue"),
            "doi": d.get("doi"),
            "arxiv_id": d.get("arxiv_id"),
            "url": d.get("url"),
        }

    def appendix(self) -> list[dict[str, Any]]:
        from .subgraph_view import paper_link

        rows = []
        for pid, num in sorted(self.order.items(), key=lambda kv: kv[1]):
            info = self._info(pid)
            rows.append({"num": num, "anchor": anchor(pid), "id": pid, "link": paper_link(info), **info})
        return rows


def anchor(paper_id: str) -> str:
    """The HTML anchor of a paper in the appendix (stable: derived from its id).

    >>> anchor("doi:10.1/a")
    'paper-3e805bde1b'
    """
    return "paper-" + hashlib.sha1(str(paper_id).encode("utf-8")).hexdigest()[:10]


def pct(x: float | None) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.1f}%"


def main_fact(tables: Any, measure: str) -> float:
    """A measure of the main-information table as a number (0 when the table or the measure is missing or
    empty): what the overview and the sections decide on, read one way."""
    from ..analysis.tables import MAIN_INFORMATION

    main = tables.get(MAIN_INFORMATION)
    if main is None:
        return 0.0
    hit = main.loc[main["measure"] == measure, "value"]
    value = hit.iloc[0] if len(hit) else None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(value) else value


def listish(v: Any) -> list[Any]:
    if v is None:
        return []
    if isinstance(v, float) and math.isnan(v):
        return []
    if isinstance(v, str):
        return [x.strip() for x in v.replace(";", "|").split("|") if x.strip()]
    return list(v)


def short(text: Any, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def span(ps: list[str]) -> str:
    """'2014' or '2014–2016' for a list of periods."""
    return str(ps[0]) if len(ps) == 1 else f"{ps[0]}–{ps[-1]}"


def fmt_q(q: float) -> str:
    """A q-value (or p-value) for people: '<0.001', '0.012', '0.31'.

    >>> fmt_q(0.00002), fmt_q(0.01234), fmt_q(0.3141)
    ('<0.001', '0.012', '0.31')
    """
    if q < 0.001:
        return "<0.001"
    return f"{q:.3f}" if q < 0.1 else f"{q:.2f}"
