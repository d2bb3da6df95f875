"""The trend report: one self-contained HTML file and a Markdown file (with PNG figures) about a store.

:func:`write_report` reads a store (corpus, graph, annotations and the analysis tables in ``STORE/analysis``),
gathers what the report says into plain data (:func:`build_context`), draws the figures, and renders the jinja2
templates in ``report/templates``. It reads; it does not analyse: a store that ``scholargraph analyze`` has not
seen is a StoreError that says so. Every claim links to the papers behind it: topics, trends, communities,
central papers and collaborators cite numbered entries of a papers appendix (with DOI/arXiv links when known).
The same store and seed give byte-identical files.

>>> import tempfile
>>> import scholargraph as sg
>>> corpus = sg.Corpus([sg.Paper.create(title="A study", year=2020, doi="10.1/a")])
>>> with tempfile.TemporaryDirectory() as d:
...     _ = sg.save(sg.build_graph(corpus), d, corpus=corpus)
...     _ = sg.analyze_store(d)
...     paths = write_report(d)
...     sorted(p.name for p in paths.values() if p.suffix in (".html", ".md"))
['report.html', 'report.md']
"""

from __future__ import annotations

import base64
import hashlib
import math
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .._validation import check_choice, check_int
from ..analysis import tables as T
from ..errors import StoreError
from ..graph import schema

__all__ = ["write_report", "build_context", "render_report", "FIGURES"]

# the tables the report reads ("scholargraph analyze" writes them; the trend tables are optional)
REQUIRED_TABLES = (T.CENTRALITY, T.COLLABORATION, T.COLLABORATION_SUMMARY)

# figure name -> caption
FIGURES = {
    "topic_trends": "Share of papers per period for the largest topics",
    "burst_timeline": "Bursts of topics over time (Kleinberg burst detection)",
    "topic_heatmap": "Topic share per period",
    "community_map": "Map of the communities (seeded spring layout of the community graph)",
    "degree_distribution": "Degree distributions of the citation and co-authorship graphs",
    "coverage": "Which fields the papers have",
}


# ---------------------------------------------------------------------------------------------- paper refs


class _Papers:
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
                authors = f"{p.author_count} authors"
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


# ------------------------------------------------------------------------------------------------- helpers


def _pct(x: float | None) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.1f}%"


def _listish(v: Any) -> list[Any]:
    if v is None:
        return []
    if isinstance(v, float) and math.isnan(v):
        return []
    if isinstance(v, str):
        return [x.strip() for x in v.replace(";", "|").split("|") if x.strip()]
    return list(v)


def _load_tables(store: Path) -> dict[str, Any]:
    from ..store import embedded

    return {name: embedded.load_table(store, name) for name in embedded.list_tables(store)}


# ---------------------------------------------------------------------------------------------- sections


def _corpus_section(corpus: Any, kg: Any) -> dict[str, Any]:
    cov = corpus.coverage()
    total = cov.get("papers", 0)
    years = sorted(p.year for p in corpus.papers if p.year is not None)
    counts = kg.counts()
    cards = [
        {"name": "papers", "value": total},
        {"name": "authors", "value": counts["nodes"].get(schema.AUTHOR, 0)},
        {"name": "citations inside the corpus", "value": counts["edges"].get(schema.CITES, 0)},
        {"name": "topics", "value": counts["nodes"].get(schema.TOPIC, 0)},
        {"name": "years", "value": f"{years[0]}–{years[-1]}" if years else "unknown"},
        {"name": "rejected records", "value": len(corpus.rejects)},
    ]
    coverage = [
        {"field": k, "count": v, "share": _pct(v / total if total else None)}
        for k, v in cov.items()
        if k != "papers"
    ]
    files = [
        {
            "file": Path(f.file).name if not str(f.file).startswith("synthetic:") else f.file,
            "format": f.format,
            "records": f.records,
            "papers": f.papers,
            "rejects": f.rejects,
            "merged": f.merged,
        }
        for f in corpus.files
    ]
    return {
        "cards": cards,
        "coverage": coverage,
        "coverage_raw": cov,
        "files": files,
        "n_rejects": len(corpus.rejects),
        "reject_examples": [str(r) for r in corpus.rejects[:10]],
        "notes": list(corpus.notes),
    }


# what the trend sections are about, best first: (table suffix, singular, plural)
KINDS = (
    ("topic", "topic", "Topics"),
    ("concept", "concept", "Concepts"),
    ("keyword", "author keyword", "Author keywords"),
)


def _kind(tables: Mapping[str, Any]) -> tuple[str, str, str] | None:
    for k in KINDS:
        if T.trend_table("series", k[0]) in tables and len(tables[T.trend_table("series", k[0])]):
            return k
    return None


def _topic_ids(ann: Any) -> dict[str, int]:
    """topic label -> topic number (trend tables name topics by label)."""
    return {t.label: int(t.id) for t in ann.topics} if ann is not None else {}


def _windows(periods: list[str]) -> tuple[list[str], list[str]]:
    """The first and last few periods (1-3, a third of the range at most) that the 'how they moved' columns pool."""
    w = max(1, min(3, len(periods) // 3))
    return periods[:w], periods[-w:]


def _span(ps: list[str]) -> str:
    return str(ps[0]) if len(ps) == 1 else f"{ps[0]}–{ps[-1]}"


def _items_section(
    tables: Mapping[str, Any], kind: tuple[str, str, str], ann: Any, papers: _Papers, top: int
):
    """Top items (by papers over the whole range) with their share in the first and last periods."""
    series = tables[T.trend_table("series", kind[0])]
    trend = tables.get(T.trend_table("trends", kind[0]))
    ids = _topic_ids(ann) if kind[0] == "topic" else {}
    series = series.assign(period=series["period"].astype(str))
    periods = sorted(series["period"].unique())
    first, last = _windows(periods)
    tot = series.groupby("period")["total"].first()
    counts = series.pivot_table(index="item", columns="period", values="count", aggfunc="sum", fill_value=0)
    totals = {item: int(n) for item, n in counts.sum(axis=1).items()}
    support: dict[str, list[str]] = {}
    status: dict[str, str] = {}
    if trend is not None and len(trend):
        support = {r["item"]: _listish(r["paper_ids"]) for _, r in trend.iterrows()}
        status = {r["item"]: r["status"] for _, r in trend.iterrows()}
    den_a, den_b = float(tot.reindex(first).fillna(0).sum()), float(tot.reindex(last).fillna(0).sum())
    rows = []
    for item in sorted(totals, key=lambda i: (-totals[i], str(i)))[:top]:
        c = counts.loc[item]
        a = float(c.reindex(first).fillna(0).sum()) / den_a if den_a else None
        b = float(c.reindex(last).fillna(0).sum()) / den_b if den_b else None
        rows.append(
            {
                "id": ids.get(item, ""),
                "label": item,
                "papers": totals[item],
                "first": _pct(a),
                "last": _pct(b),
                "change": "—" if a is None or b is None else f"{100 * (b - a):+.1f} pts",
                "status": status.get(item, "not classified"),
                "refs": papers.refs(support.get(item, []), 5),
            }
        )
    return rows, {"first": _span(first), "last": _span(last)}


def _bursts(tables: Mapping[str, Any], kind: tuple[str, str, str], suffix: str = "") -> Any:
    """The burst table of a kind in the figure's columns (topic, start, end, weight, label)."""
    import pandas as pd

    bursts = tables.get(T.trend_table("bursts", kind[0]))
    if bursts is None or not len(bursts):
        return pd.DataFrame(columns=["topic", "start", "end", "weight", "label"])
    return pd.DataFrame(
        {
            "topic": [f"{x}{suffix}" for x in bursts["item"]],
            "start": bursts["start"].astype(str),
            "end": bursts["end"].astype(str),
            "weight": bursts["strength"].astype(float),
            "label": [f"{x}{suffix}" for x in bursts["item"]],
        }
    )


def _trend_tables(
    tables: Mapping[str, Any], kind: tuple[str, str, str], papers: _Papers, top: int
) -> list[dict]:
    """Emerging (new, emerging, growing) and declining items of a kind with their bursts, evidence and papers."""
    import pandas as pd

    trend = tables.get(T.trend_table("trends", kind[0]))
    bursts = tables.get(T.trend_table("bursts", kind[0]))
    burst_text: dict[str, str] = {}
    if bursts is not None and len(bursts):
        for item, sub in bursts.sort_values(["item", "start"]).groupby("item", sort=True):
            burst_text[item] = ", ".join(
                (f"{a}–{b}" if str(a) != str(b) else str(a)) + (" (ongoing)" if o else "")
                for a, b, o in zip(sub["start"], sub["end"], sub["ongoing"], strict=True)
            )
    out = []
    for kid, title, statuses, empty in (
        (
            "emerging",
            f"Emerging {kind[2].lower()}",
            ("new", "emerging", "growing"),
            f"No {kind[1]} is new, bursting or growing.",
        ),
        ("declining", f"Declining {kind[2].lower()}", ("declining",), f"No {kind[1]} is declining."),
    ):
        rows = []
        if trend is not None and len(trend):
            sub = trend[trend["status"].isin(statuses)]
            order = {s_: i for i, s_ in enumerate(statuses)}
            sub = sub.assign(_o=sub["status"].map(order)).sort_values(
                ["_o", "rel_slope", "item"], ascending=[True, kid == "declining", True]
            )
            for _, r in sub.head(top).iterrows():
                evidence = _listish(r["evidence"]) if "evidence" in sub.columns else []
                rows.append(
                    {
                        "label": r["item"],
                        "status": r["status"],
                        "score": f"{100 * float(r['rel_slope']):+.0f}%"
                        if not pd.isna(r["rel_slope"])
                        else "—",
                        "share": _pct(float(r["share"])),
                        "bursts": burst_text.get(r["item"], ""),
                        "evidence": _short(evidence[0], 220) if evidence else "",
                        "refs": papers.refs(_listish(r["paper_ids"]), 5),
                    }
                )
        out.append(
            {
                "id": f"{kid}-{kind[0]}",
                "kind": kid,
                "name": kind[1],
                "title": title,
                "rows": rows,
                "empty": empty,
                "has_evidence": any(r["evidence"] for r in rows),
            }
        )
    return out


def _short(text: Any, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _communities_section(tables: Mapping[str, Any], kg: Any, papers: _Papers, top: int):
    import networkx as nx

    summary, members = tables.get(T.COMMUNITY_SUMMARY), tables.get(T.COMMUNITIES)
    cgraph = nx.Graph()
    if summary is None or not len(summary):
        return {
            "rows": [],
            "summary": "No communities: the graph has neither references nor concepts to group.",
        }, cgraph
    membership = (
        dict(zip(members["node"].astype(str), members["community"].astype(int), strict=True))
        if members is not None
        else {}
    )
    paper_comms = _paper_communities(kg, membership)
    written: dict[int, Counter] = defaultdict(Counter)
    for u, v, _ in kg.edges(schema.AUTHORED):
        for c in paper_comms.get(v, ()):
            written[c][kg.graph.nodes[u].get("name") or schema.split_node_id(u)[1]] += 1
    rows = []
    for _, r in summary.sort_values("community").iterrows():
        c = int(r["community"])
        label = str(r["label"])
        n_papers = int(r["n_papers"])
        cgraph.add_node(c, size=max(n_papers, 1), label=f"{c}: {label}")
        if len(rows) < top:
            authors = sorted(written[c].items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            rows.append(
                {
                    "id": c,
                    "label": label,
                    "size": int(r["size"]),
                    "papers": n_papers,
                    "refs": papers.refs(_listish(r["paper_ids"]), 5),
                    "authors": ", ".join(f"{a} ({n})" for a, n in authors),
                }
            )
    links = tables.get(T.COMMUNITY_LINKS)
    if links is not None:
        for a, b, w in zip(links["source"], links["target"], links["weight"], strict=True):
            if a in cgraph and b in cgraph:
                cgraph.add_edge(int(a), int(b), weight=float(w))
    text = f"{len(summary)} communities"
    if len(summary) > len(rows):
        text += f"; the {len(rows)} largest are listed"
    text += ". Labels are the concepts most distinctive of each community's papers."
    return {"rows": rows, "summary": text}, cgraph


def _paper_communities(kg: Any, membership: Mapping[str, int]) -> dict[str, set[int]]:
    """Paper node -> communities: its own (paper partitions) or those of the concepts it mentions."""
    out: dict[str, set[int]] = defaultdict(set)
    for n, _ in kg.nodes(schema.PAPER):
        if n in membership:
            out[n].add(membership[n])
    if not out:
        for u, v, _ in kg.edges(schema.MENTIONS):
            if v in membership:
                out[u].add(membership[v])
    return out


def _central_section(tables: Mapping[str, Any], kg: Any, papers: _Papers, top: int) -> list[dict[str, Any]]:
    df = tables[T.CENTRALITY]
    if not len(df) or int(df["in_degree"].max()) == 0:
        return []
    df = df.sort_values(["pagerank", "paper_id"], ascending=[False, True])
    return [
        {
            "ref": papers.ref(str(r["paper_id"])),
            "pagerank": f"{float(r['pagerank']):.4f}",
            "cited": int(r["in_degree"]),
        }
        for _, r in df.head(top).iterrows()
        if papers.known(str(r["paper_id"]))
    ]


def _collaboration_section(tables: Mapping[str, Any], papers: _Papers, top: int) -> dict[str, Any]:
    table, summary = tables[T.COLLABORATION], tables[T.COLLABORATION_SUMMARY]
    facts = summary.iloc[0] if len(summary) else None
    if facts is None or int(facts["authors"]) == 0:
        return {"summary": "No author names in this corpus, so no co-authorship network.", "rows": []}
    rows = [
        {
            "name": r["name"],
            "coauthors": int(r["coauthors"]),
            "papers": int(r["papers"]),
            "refs": papers.refs(_listish(r["paper_ids"]), 3),
        }
        for _, r in table.head(top).iterrows()
    ]
    authors, largest = int(facts["authors"]), int(facts["largest_group"])
    text = (
        f"{authors} authors in {int(facts['groups'])} connected groups; the largest group has {largest} authors "
        f"({_pct(largest / authors)}); {int(facts['pairs'])} co-author pairs."
    )
    return {"summary": text, "rows": rows}


# ------------------------------------------------------------------------------------------------ context


def build_context(
    store: str | os.PathLike[str], *, seed: int = 0, top: int = 10
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Everything the report says, as plain data (``context``), and the data of its figures (``figure_data``).

    The trend sections are about topics when the store has topic trends, else concepts, else author keywords.
    The report reads the analysis tables; it does not analyse. Raises StoreError when ``store`` is not a store,
    or has not been analysed ("run `scholargraph analyze STORE` first").
    """
    from .. import __version__
    from ..store import embedded

    check_int(top, "top", "write_report", low=1)
    check_int(seed, "seed", "write_report", low=0)
    store = Path(store)
    manifest = embedded.read_manifest(store)  # StoreError naming the problem when it is not a store
    tables = _load_tables(store)
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise StoreError(
            f"store {store} has not been analysed (no {', '.join(missing)} table); "
            f"run `scholargraph analyze {store}` first (or sg.analyze_store(store) in Python)"
        )
    corpus = embedded.load_corpus(store)
    kg = embedded.load(store)
    ann = embedded.load_annotations(store)
    papers = _Papers(corpus, kg)

    corpus_ctx = _corpus_section(corpus, kg)
    kind = _kind(tables)
    if kind is not None:
        items, periods = _items_section(tables, kind, ann, papers, top)
        series = tables[T.trend_table("series", kind[0])].assign(period=lambda d: d["period"].astype(str))
        series = series.rename(columns={"item": "topic"}).assign(label=lambda d: d["topic"])
    else:
        import pandas as pd

        items, periods = [], {"first": "", "last": ""}
        series = pd.DataFrame(columns=["period", "topic", "share", "label"])
    kinds, bursts = [], _bursts(tables, KINDS[0])
    if kind is not None:
        kinds = _trend_tables(tables, kind, papers, top)
        if (
            kind[0] == "topic" and T.trend_table("trends", "concept") in tables
        ):  # topics are coarse: concepts show finer movements
            kinds += _trend_tables(tables, KINDS[1], papers, top)
            import pandas as pd

            concept_bursts = _bursts(tables, KINDS[1], " (concept)").sort_values(
                ["weight", "topic"], ascending=[False, True]
            )
            bursts = pd.concat(
                [_bursts(tables, KINDS[0], " (topic)"), concept_bursts.head(15)], ignore_index=True
            )
        else:
            bursts = _bursts(tables, kind)
    communities, cgraph = _communities_section(tables, kg, papers, top)
    central = _central_section(tables, kg, papers, top)
    collaboration = _collaboration_section(tables, papers, top)
    cent = tables[T.CENTRALITY]
    degrees = {
        "citations in + out (papers)": (cent["in_degree"] + cent["out_degree"]).astype(int).tolist(),
        "co-authors (authors)": tables[T.COLLABORATION]["coauthors"].astype(int).tolist(),
    }

    settings = [
        ("store", store.name),
        ("scholargraph", __version__),
        ("store written by", manifest.get("scholargraph_version", "")),
        ("seed", seed),
    ]
    analysis_settings = store / "analysis" / "settings.json"
    if analysis_settings.exists():
        settings.append(("analysis settings", "analysis/settings.json"))
    if ann is not None:
        for k in sorted(ann.settings):
            if isinstance(ann.settings[k], str | int | float | bool):
                settings.append((f"extraction {k}", ann.settings[k]))
    context = {
        "title": f"Trend report: {store.name}",
        "subtitle": f"{len(corpus)} papers · generated by scholargraph {__version__} · seed {seed}",
        "version": __version__,
        "corpus": corpus_ctx,
        "kind": {"name": kind[1], "plural": kind[2]} if kind else None,
        "topics": items,
        "periods": periods,
        "trend_kinds": kinds,
        "communities": communities,
        "central": central,
        "collaboration": collaboration,
        "settings": settings,
    }
    context["appendix"] = papers.appendix()
    context["sections"] = [
        {"id": i, "title": t}
        for i, t in (
            ("corpus", "Corpus"),
            ("topics", kind[2] if kind else "Topics"),
            ("trends", "Emerging & declining"),
            ("communities", "Communities"),
            ("central", "Central papers"),
            ("collaboration", "Collaboration"),
            ("figures", "Figures"),
            ("papers", "Papers"),
        )
    ]
    figure_data = {
        "topic_trends": series,
        "burst_timeline": bursts,
        "topic_heatmap": series,
        "community_map": cgraph,
        "degree_distribution": degrees,
        "coverage": corpus_ctx["coverage_raw"],
        "periods": sorted(series["period"].unique()) if len(series) else None,
    }
    return context, figure_data


def _draw(name: str, data: Mapping[str, Any], seed: int) -> Any:
    from . import figures as F

    if name == "topic_trends":
        return F.plot_topic_trends(data[name])
    if name == "burst_timeline":
        return F.plot_burst_timeline(data[name], periods=data["periods"])
    if name == "topic_heatmap":
        return F.plot_topic_heatmap(data[name])
    if name == "community_map":
        return F.plot_community_map(data[name], seed=seed)
    if name == "degree_distribution":
        return F.plot_degree_distribution(data[name])
    return F.plot_coverage(data[name])


def _md_escape(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_report(context: Mapping[str, Any], fmt: str = "html") -> str:
    """Render a context (from :func:`build_context`, with ``figures`` filled) as 'html' or 'md'."""
    import jinja2

    check_choice(fmt, "fmt", "render_report", ("html", "md"))
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scholargraph.report", "templates"),
        autoescape=fmt == "html",
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = _md_escape
    return env.get_template(f"report.{fmt}.j2").render(**context)


def write_report(
    store: str | os.PathLike[str], out: str | os.PathLike[str] | None = None, seed: int = 0, *, top: int = 10
) -> dict[str, Path]:
    """Write ``report.html``, ``report.md`` and ``figures/*.png`` into ``out`` (default ``STORE/report``).

    The HTML file is self-contained (figures embedded as data URIs; they are also written to ``figures/`` and
    linked, which the Markdown file uses). Returns {'html': path, 'markdown': path, '<figure name>': path, ...}.
    """
    from .figures import save_figure

    context, data = build_context(store, seed=seed, top=top)
    out = Path(out) if out is not None else Path(store) / "report"
    figdir = out / "figures"
    figdir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    figures = []
    for name, caption in FIGURES.items():
        fig = _draw(name, data, seed)
        path = save_figure(fig, figdir / f"{name}.png")
        paths[name] = path
        uri = "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        figures.append({"name": name, "file": f"figures/{name}.png", "caption": caption, "data_uri": uri})
    context["figures"] = figures
    html_path, md_path = out / "report.html", out / "report.md"
    html_path.write_text(render_report(context, "html"), encoding="utf-8")
    md_path.write_text(render_report(context, "md"), encoding="utf-8")
    return {"html": html_path, "markdown": md_path, **paths}
