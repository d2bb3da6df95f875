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
import html
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._gc import paused
from .._validation import check_choice, check_int
from ..analysis import tables as T
from ..errors import StoreError
from ..nlp.topics import MIN_TOPIC_FIT, REFIT_SHARE, UNSTABLE_BELOW

__all__ = ["write_report", "build_context", "render_report", "FIGURES", "REQUIRED_TABLES"]

# the tables the report reads ("scholargraph analyze" writes them; the trend tables are optional)
REQUIRED_TABLES = (T.CENTRALITY, T.COLLABORATION, T.COLLABORATION_SUMMARY)

# figure name -> caption
FIGURES = {
    "topic_trends": "Share of papers per period of the items with the most papers, a panel each on shared axes, "
    "with 95% intervals (bands); thin periods pooled until a point holds 30 papers",
    "burst_timeline": "The strongest bursts (Kleinberg burst detection), by burst strength x papers",
    "topic_heatmap": "Share per period",
    "community_map": "Map of the communities (seeded spring layout of the community graph)",
    "degree_distribution": "Degree distributions of the citation and co-authorship graphs",
    "coverage": "Which fields the papers have",
}


def _sources(corpus: Any) -> str:
    """The input files in a few words: "scopus.csv", "wos_1.txt.gz and wos_2.txt.gz", "13 files (wos-tab)".

    >>> from scholargraph.model import Corpus, FileStats
    >>> _sources(Corpus(files=[FileStats("/data/scopus.csv", "scopus-csv")]))
    'scopus.csv'
    >>> _sources(Corpus(files=[FileStats(f"w{i}.txt", "wos-tab") for i in range(3)]))
    '3 files (wos-tab)'
    """
    names = [Path(f.file).name if not str(f.file).startswith("synthetic:") else f.file for f in corpus.files]
    if not names:
        return "no recorded file"
    if len(names) <= 2:
        return " and ".join(names)
    formats = sorted({f.format for f in corpus.files})
    return f"{len(names):,} files ({', '.join(formats)})"


def _load_tables(store: Path) -> dict[str, Any]:
    from ..store import embedded

    return {name: embedded.load_table(store, name) for name in embedded.list_tables(store)}


def build_context(
    store: str | os.PathLike[str], *, seed: int = 0, top: int = 10
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Everything the report says, as plain data (``context``), and the data of its figures (``figure_data``).

    The report reads the analysis tables; it does not analyse. Raises StoreError when ``store`` is not a store,
    or has not been analysed ("run `scholargraph analyze STORE` first").
    """
    import pandas as pd

    from .. import __version__
    from ..store import embedded
    from . import sections as S
    from ._common import Papers

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
    table_settings = embedded.load_table_settings(store)
    # the collector is off while the store loads (millions of decoded containers: see analysis.run)
    with paused():
        corpus = embedded.load_corpus(store)
        kg = embedded.load(store)
        ann = embedded.load_annotations(store)
    papers = Papers(corpus, kg)
    ann_settings = dict(ann.settings) if ann is not None else {}

    corpus_ctx = S.corpus_section(corpus, kg)
    from .overview import overview_section

    overview = overview_section(tables, papers, top, table_settings)
    kinds = S.trend_kinds(tables, ann_settings)
    # the "top items" table and the trend figure follow the most specific signal: topics, then author keywords,
    # MeSH, concepts
    main = next(
        (k for k in sorted(kinds, key=lambda k: ("topic", "keyword", "mesh", "concept").index(k[0]))), None
    )
    topic_ids = {t.label: int(t.id) for t in ann.topics} if ann is not None else {}
    if main is not None:
        by_topic = (
            {t.label: list(t.papers) for t in ann.topics if t.papers}
            if main[0] == "topic" and ann is not None
            else {}
        )
        items, periods = S.items_section(
            tables, table_settings, main, papers, top, topic_ids if main[0] == "topic" else {}, by_topic
        )
        periods["by_weight"] = "yes" if by_topic else ""
        unfit = ann_settings.get("papers_fitting_no_topic") if main[0] == "topic" else None
        periods["unfit"] = f"{int(unfit):,}" if unfit else ""
        periods["model"] = topic_model_sentence(ann_settings) if main[0] == "topic" else ""
        series = tables[T.trend_table("series", main[0])].assign(period=lambda d: d["period"].astype(str))
        series = series.rename(columns={"item": "topic"}).assign(label=lambda d: d["topic"])
    else:
        items, periods = (
            [],
            {"first": "", "last": "", "first_n": "", "last_n": "", "unfit": "", "by_weight": "", "model": ""},
        )
        series = pd.DataFrame(columns=["period", "topic", "share", "label"])
    trends = S.trend_sections(tables, table_settings, kinds, papers, top, S.concept_acronyms(ann))
    bursts = S.burst_rows(tables, kinds)
    communities, cgraph = S.communities_section(tables, table_settings, kg, papers, top)
    central = S.central_section(tables, papers, top)
    collaboration = S.collaboration_section(tables, papers, top)
    attention = S.attention_section(tables, papers, top)
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
        ("analysis settings", "analysis/settings.json"),
    ]
    for k in sorted(ann_settings):
        if isinstance(ann_settings[k], str | int | float | bool):
            settings.append((f"extraction {k}", ann_settings[k]))
    context = {
        "title": f"Trend report: {store.name}",
        "subtitle": f"{len(corpus):,} papers from {_sources(corpus)} · generated by scholargraph {__version__} · "
        f"seed {seed}",
        "version": __version__,
        "synthetic": corpus_ctx["synthetic"],
        "corpus": corpus_ctx,
        "overview": overview,
        "overview_figures": {},  # filled by write_report, which draws them
        "kind": {"name": main[1], "plural": main[2], "plural_lower": S.lower_first(main[2])}
        if main
        else None,
        "topics": items,
        "periods": periods,
        "min_fit": f"{MIN_TOPIC_FIT:.0%}",
        "unstable_topics": _unstable_topics(ann, ann_settings),
        "trends": trends,
        "communities": communities,
        "central": central,
        "collaboration": collaboration,
        "attention": attention,
        "settings": settings,
        "view": None,  # write_report links an interactive view written beside the report (the demo's)
    }
    context["appendix"] = papers.appendix()
    context["sections"] = [
        {"id": i, "title": t}
        for i, t in (
            ("corpus", "Corpus"),
            *((("overview", "Overview"),) if overview else ()),
            ("topics", main[2] if main else "Topics"),
            ("trends", "Emerging & declining"),
            ("communities", "Communities"),
            ("central", "Central papers"),
            ("collaboration", "Collaboration"),
            *((("attention", "Most upvoted"),) if attention else ()),
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
        "trend_title": f"{main[2]}: share of papers per period" if main else "Trends",
        "tables": tables,
    }
    return context, figure_data


def _unstable_topics(ann: Any, settings: Mapping[str, Any]) -> str:
    """The sentence that says why a small corpus' topics are not shown (extraction flags them unstable below
    ``UNSTABLE_BELOW`` papers), or "" when they are shown or there are none."""
    if ann is None or not ann.topics or not settings.get("topics_unstable"):
        return ""
    n = settings.get("topic_fit_papers")
    on = f"on {int(n):,} papers" if isinstance(n, int) else "on so few papers"
    return (
        f"{len(ann.topics)} topics were fitted, but {on} (under {UNSTABLE_BELOW}) a topic model is unstable: "
        "another seed or number of topics gives other topics. None is shown; the concepts below and the "
        "concept clusters under Communities speak instead."
    )


def _draw(name: str, data: Mapping[str, Any], seed: int) -> Any:
    from . import figures as F

    if name == "topic_trends":
        return F.plot_topic_panels(data[name], title=data.get("trend_title", "Topic trends"))
    if name == "burst_timeline":
        return F.plot_burst_timeline(data[name], periods=data["periods"])
    if name == "topic_heatmap":
        return F.plot_topic_heatmap(data[name])
    if name == "community_map":
        return F.plot_community_map(data[name], seed=seed)
    if name == "degree_distribution":
        return F.plot_degree_distribution(data[name])
    return F.plot_coverage(data[name])


_MD_SPECIAL = {
    "\\": "\\\\",
    "|": "\\|",
    "[": "\\[",
    "]": "\\]",
    "`": "\\`",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}


def _md_escape(text: Any) -> str:
    """A value from the input data as Markdown text: HTML special characters as entities (a title
    ``<script>...`` stays text), table pipes and link brackets escaped, on one line.

    >>> _md_escape("<script>alert(1)</script> | [x](javascript:y)")
    '&lt;script&gt;alert(1)&lt;/script&gt; \\\\| \\\\[x\\\\](javascript:y)'
    """
    return "".join(_MD_SPECIAL.get(ch, ch) for ch in " ".join(str(text).split()))


def _thousands(value: Any) -> Any:
    """A count with thousands separators ("6,018"), as the report's sentences write them; anything else as it is.

    >>> _thousands(6018), _thousands("2022"), _thousands("12.7%"), _thousands(True), _thousands(2021.5)
    ('6,018', '2022', '12.7%', True, 2021.5)
    """
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value


def _safe_url(text: Any) -> str:
    """The link if it is a plain http(s) URL (what the appendix links to), else ''."""
    s = str(text or "")
    return s if re.fullmatch(r"https?://[^\s<>\"'`]+", s) else ""


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
    env.filters["url"] = _safe_url
    env.filters["n"] = _thousands
    return env.get_template(f"report.{fmt}.j2").render(**context)


def write_report(
    store: str | os.PathLike[str], out: str | os.PathLike[str] | None = None, seed: int = 0, *, top: int = 10
) -> dict[str, Path]:
    """Write ``report.html``, ``report.md`` and ``figures/*.png`` into ``out`` (default ``STORE/report``).

    The HTML file is self-contained (figures embedded as data URIs; they are also written to ``figures/`` and
    linked, which the Markdown file uses). An interactive view written beside the report (``out/view.html``,
    :func:`~scholargraph.report.subgraph_view.write_view`) is linked from its header. Returns {'html': path, 'markdown': path, '<figure name>': path, ...}.
    """
    from .._progress import bar, stage

    with stage("reading the store and its analysis tables"):
        context, data = build_context(store, seed=seed, top=top)
    out = Path(out) if out is not None else Path(store) / "report"
    figdir = out / "figures"
    figdir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    with stage("drawing the figures"), bar(FIGURES.items(), total=len(FIGURES), unit="figure") as items:
        figures = _figures(items, data, seed, figdir, paths)
    # the overview's figures sit in its section (drawn from the descriptive tables when they exist)
    from .overview import OVERVIEW_FIGURES, overview_figures

    with stage("drawing the overview's figures"):
        overview_figs = [
            _embed(fig, figdir, f"overview_{name}", OVERVIEW_FIGURES[name], paths) | {"name": name}
            for name, fig in overview_figures(data["tables"], seed=seed).items()
        ]
    context["figures"] = figures
    context["overview_figures"] = {f["name"]: f for f in overview_figs}
    context["view"] = _view_beside(out)
    html_path, md_path = out / "report.html", out / "report.md"
    with stage("writing %s and %s", html_path, md_path.name):
        html_path.write_text(render_report(context, "html"), encoding="utf-8")
        md_path.write_text(render_report(context, "md"), encoding="utf-8")
    return {"html": html_path, "markdown": md_path, **paths}


VIEW_FILE = "view.html"


def _view_beside(out: Path) -> dict[str, str] | None:
    """The interactive view written beside the report (``out/view.html``, as the demo writes it): its link and
    its title, for the report's header; None when there is none."""
    page = out / VIEW_FILE
    if not page.is_file():
        return None
    m = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8", errors="replace")[:4000], re.S)
    title = html.unescape(m.group(1)).strip() if m else "interactive view"
    return {"href": VIEW_FILE, "title": title or "interactive view"}


def _embed(fig: Any, figdir: Path, name: str, caption: str, paths: dict[str, Path]) -> dict[str, str]:
    """Save a figure as ``figdir/<name>.png`` (recorded in ``paths``) and return its template entry."""
    from .figures import save_figure

    path = save_figure(fig, figdir / f"{name}.png")
    paths[name] = path
    uri = "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    return {"name": name, "file": f"figures/{name}.png", "caption": caption, "data_uri": uri}


def _figures(items: Any, data: Mapping[str, Any], seed: int, figdir: Path, paths: dict[str, Path]) -> list:
    figures = []
    for name, caption in items:
        fig = _draw(name, data, seed)
        figures.append(_embed(fig, figdir, name, caption, paths))
    return figures


def topic_model_sentence(settings: Mapping[str, Any]) -> str:
    """How many topics there are and why, from the extraction settings: the number given, or chosen by
    coherence among the candidates (with the tie the refits measured), and how far the topics come back when
    refitted on samples of the papers.

    >>> print(topic_model_sentence({"n_topics": 20, "n_topics_chosen_by": "NPMI ...", "topic_npmi": 0.3644,
    ...     "n_topics_candidates": {"2": 0.1, "20": 0.3}, "topic_npmi_tie": 0.0199, "topic_stability": 0.5267}))
    The 20 topics: NMF over the papers' concepts, the number chosen by coherence among 2-20 (mean NPMI of each topic's top-10 concepts 0.36; differences below 0.020, the spread of refits on samples of 80% of the papers, taken as ties; of tied numbers the one whose largest topic is smallest). Refitted on those samples, the matched topics' top-10 concepts have a mean Jaccard index of 0.53 with those of the fit on all papers (1: the same concepts).
    >>> print(topic_model_sentence({"n_topics": 3, "n_topics_chosen_by": "given"}))
    The 3 topics: NMF over the papers' concepts, the number given.
    """
    k = settings.get("n_topics")
    if not k:
        return ""
    candidates = settings.get("n_topics_candidates")  # only where the number was chosen
    if not candidates:
        return f"The {k} topics: NMF over the papers' concepts, the number {settings.get('n_topics_chosen_by') or 'given'}."
    ks = sorted(int(c) for c in candidates)
    out = (
        f"The {k} topics: NMF over the papers' concepts, the number chosen by coherence among "
        f"{ks[0]}-{ks[-1]} (mean NPMI of each topic's top-10 concepts {float(settings.get('topic_npmi', 0)):.2f}"
    )
    tie, stability = settings.get("topic_npmi_tie"), settings.get("topic_stability")
    if tie is None or stability is None:
        return out + ")."
    return (
        out
        + f"; differences below {float(tie):.3f}, the spread of refits on samples of {REFIT_SHARE:.0%} of the "
        f"papers, taken as ties; of tied numbers the one whose largest topic is smallest). Refitted on those samples, the "
        f"matched topics' top-10 concepts have a mean Jaccard index of {float(stability):.2f} with those of the fit on "
        "all papers (1: the same concepts)."
    )
