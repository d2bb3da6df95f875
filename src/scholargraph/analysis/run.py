"""Run every analysis: :func:`analyze` on a graph in memory, :func:`analyze_store` on a store (saving the tables).

The tables (names, columns and files in :mod:`.tables`; ``analysis/settings.json`` holds the settings of each):

- ``communities`` (node, community), ``community_summary`` (community, size, label, top topics/concepts/members,
  n_papers, paper_ids, paper_titles, evidence) and ``community_links`` (links between communities). The graph
  partitioned is the bibliographic coupling projection when the papers have references, else the concept
  co-occurrence projection.
- ``centrality`` (every paper: pagerank, degrees, betweenness, eigenvector, hub, authority, cited_by) and
  ``pagerank_top`` (the ``top`` papers by PageRank, ranked).
- ``collaboration`` (authors with co-authors and papers) and ``collaboration_summary`` (one row).
- for each kind of item available -- ``topic`` (annotations with topics), ``concept`` (annotations with
  mentions), ``keyword`` (papers with author keywords), ``mesh`` (papers with MeSH headings) --
  ``trends_<kind>`` (the trend test and status as of the last period), ``bursts_<kind>`` (online Kleinberg
  bursts), ``series_<kind>`` (count, exposure, share and its 95% interval per period, for the tested items:
  in at least ``min_support`` papers) and ``history_<kind>`` (status as of every period).

The graph is annotated (``community`` on the partitioned nodes, ``pagerank`` on Paper nodes) through the
validated :meth:`~scholargraph.graph.kg.KnowledgeGraph.set_node_properties`.

>>> import tempfile
>>> import scholargraph as sg
>>> from scholargraph.synthetic import planted_corpus
>>> corpus, truth = planted_corpus(80, seed=2)
>>> kg = sg.build_graph(corpus)
>>> tables = analyze(kg, corpus=corpus, seed=0, stability_runs=2)
>>> sorted(tables)[:4]
['bursts_keyword', 'centrality', 'collaboration', 'collaboration_summary']
>>> "pagerank" in kg.graph.nodes[tables["pagerank_top"].loc[0, "node"]]
True
>>> with tempfile.TemporaryDirectory() as store:
...     _ = sg.save(sg.build_graph(corpus), store, corpus=corpus)
...     saved = analyze_store(store, seed=0, stability_runs=2)
...     same = all(saved[t].equals(tables[t]) for t in tables)
>>> same
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._gc import paused
from .._validation import check_choice, check_instance, check_int, check_number, check_options
from ..errors import StoreError
from ..graph import schema
from ..graph.kg import KnowledgeGraph
from . import tables as T

if TYPE_CHECKING:
    from ..model import Corpus
    from ..nlp.annotations import Annotations

__all__ = ["AnalysisSettings", "analyze", "analyze_store", "structure_strength"]


# below these, a partition is reported as weak: on an unrecoverable planted graph Leiden still returns 15-30
# communities at modularity 0.07-0.36 with stability 0.12-0.44, while recoverable ones give 0.34+ and 0.8+
WEAK_MODULARITY = 0.3
WEAK_STABILITY = 0.7


def structure_strength(modularity: float, stability: float | None) -> str:
    """``"weak"`` when the modularity is below :data:`WEAK_MODULARITY` or the stability (mean NMI between seeds)
    below :data:`WEAK_STABILITY`, else ``"clear"``.

    >>> structure_strength(0.7, 0.95), structure_strength(0.25, 0.95), structure_strength(0.6, 0.4)
    ('clear', 'weak', 'weak')
    """
    if modularity < WEAK_MODULARITY or (stability is not None and stability < WEAK_STABILITY):
        return "weak"
    return "clear"


def _projection(kg: KnowledgeGraph, log: list[str]) -> tuple[Any, str]:
    from ..graph import projections

    has_refs = kg.has(rel_type=schema.CITES) or any(
        d.get("unresolved_references") for _, d in kg.nodes(schema.PAPER)
    )
    # association strength (VOSviewer's default): count weights let large groups swallow small ones -- on a
    # planted corpus of 8 groups of Zipf sizes, count weights find 4 of them, association strength all 8
    if has_refs:
        return projections.bibliographic_coupling(kg, normalization="association"), "bibliographic_coupling"
    if kg.has(schema.CONCEPT):
        return projections.concept_cooccurrence(kg, normalization="association"), "concept_cooccurrence"
    log.append("no references and no concepts: communities were not computed")
    return None, "none"


@dataclass(frozen=True)
class AnalysisSettings:
    """The settings of an analysis (keyword arguments of :func:`analyze` and :func:`analyze_store`).

    - ``seed``: seed of community detection, sampled betweenness and layouts (default 0).
    - ``resolution``: Leiden/Louvain resolution, > 0 (default 1.0); ``method``: ``"leiden"`` or ``"louvain"``.
    - ``stability_runs``: partitions with other seeds compared to the chosen one (NMI; default 5).
    - ``top``: papers in the PageRank top table (default 10).
    - ``period``: ``"year"``, ``"quarter"`` or ``"month"``; ``s``, ``gamma``: Kleinberg's burst parameters;
      ``min_support``: papers an item needs to be tested for a trend (default 10); ``fdr``: the
      false-discovery rate of the trend tests (default 0.05).
    """

    seed: int = 0
    resolution: float = 1.0
    period: str = "year"
    method: str = "leiden"
    top: int = 10
    stability_runs: int = 5
    s: float = 2.0
    gamma: float = 1.0
    min_support: int = 10
    fdr: float = 0.05

    @classmethod
    def of(cls, owner: str, options: dict[str, Any]) -> AnalysisSettings:
        """The settings of a call to ``owner``, every one validated (a misspelt name names the close match)."""
        from .communities import METHODS
        from .trend_detection import PERIODS

        check_options(options, [f.name for f in fields(cls)], owner, what="a setting of the analysis")
        o = cls(**options)
        check_int(o.seed, "seed", owner, low=0)
        check_number(o.resolution, "resolution", owner, low=0.0, low_open=True)
        check_choice(o.period, "period", owner, PERIODS)
        check_choice(o.method, "method", owner, METHODS)
        check_int(o.top, "top", owner, low=1)
        check_int(o.stability_runs, "stability_runs", owner, low=0)
        check_number(o.s, "s", owner, low=1.0)
        check_number(o.gamma, "gamma", owner, low=0.0)
        check_int(o.min_support, "min_support", owner, low=1)
        check_number(o.fdr, "fdr", owner, low=0.0, high=1.0, low_open=True)
        return o


def analyze(
    kg: KnowledgeGraph,
    *,
    corpus: Corpus | None = None,
    annotations: Annotations | None = None,
    **settings: Any,
) -> dict[str, pd.DataFrame]:
    """Communities, centrality, collaboration, trends and bursts of a graph (and its corpus and annotations,
    when given); returns the tables by name (see the module docstring) and annotates ``kg``. ``settings``: see
    :class:`AnalysisSettings`. Each table's settings are in ``table.attrs["settings"]``. ConfigError for bad
    settings."""
    opts = AnalysisSettings.of("analyze", settings)
    check_instance(kg, "kg", "analyze", KnowledgeGraph, "a KnowledgeGraph")
    tables, _ = _analyze(kg, corpus, annotations, opts)
    return tables


# the corpus and graph are millions of objects: with the collector on, the temporary dicts and lists of the
# analysis (Brandes' betweenness makes a few per node per source) trigger full passes over all of them again
# and again -- on the WoS set 7 of the 12 CPU seconds of an analysis
@paused(collect=True)
def _analyze(
    kg: KnowledgeGraph, corpus: Corpus | None, ann: Annotations | None, opts: AnalysisSettings
) -> tuple[dict[str, pd.DataFrame], dict[str, dict[str, Any]]]:
    from .centralities import annotate_centrality, centrality, top_papers
    from .collaboration import HYPER_AUTHORS, collaboration
    from .communities import annotate_communities, community_links, detect_communities, label_communities
    from .trend_detection import trends

    seed, period = opts.seed, opts.period
    common = {
        "seed": seed,
        "resolution": opts.resolution,
        "period": period,
        "method": opts.method,
        "top": opts.top,
    }
    tables: dict[str, pd.DataFrame] = {}
    settings: dict[str, dict[str, Any]] = {}
    notes: list[str] = []

    G, proj = _projection(kg, notes)
    if G is not None:
        res = detect_communities(
            G,
            method=opts.method,
            resolution=opts.resolution,
            seed=seed,
            stability_runs=opts.stability_runs,
        )
        label_communities(res, kg=kg, annotations=ann, corpus=corpus)
        annotate_communities(kg, res)
        structure = structure_strength(res.modularity, res.stability)
        comm_settings = {
            **common,
            **res.settings,
            "projection": proj,
            "normalization": "association",
            "modularity": res.modularity,
            "stability_nmi": res.stability,
            "structure": structure,
        }
        if structure == "weak":
            notes.append(
                f"weak community structure: modularity {res.modularity:.2f}, stability (NMI across seeds) "
                f"{res.stability if res.stability is not None else 'not measured'}; the communities may be artefacts"
            )
        tables[T.COMMUNITIES] = res.table.assign(node=lambda d: d["node"].astype(str))
        tables[T.COMMUNITY_SUMMARY] = res.summary
        tables[T.COMMUNITY_LINKS] = community_links(kg, res.membership)
        for name in (T.COMMUNITIES, T.COMMUNITY_SUMMARY, T.COMMUNITY_LINKS):
            settings[name] = comm_settings

    cent = centrality(kg, seed=seed)
    annotate_centrality(kg, cent)
    tables[T.CENTRALITY] = cent
    tables[T.PAGERANK_TOP] = top_papers(cent, by=schema.PAGERANK, n=opts.top)
    settings[T.CENTRALITY] = settings[T.PAGERANK_TOP] = {**common, **cent.attrs.get("settings", {})}

    tables[T.COLLABORATION], tables[T.COLLABORATION_SUMMARY], tables[T.HYPER_AUTHORED] = collaboration(kg)
    for name in (T.COLLABORATION, T.COLLABORATION_SUMMARY, T.HYPER_AUTHORED):
        settings[name] = {
            "projection": "co_authorship",
            "counting": "fractional",
            "hyper_authors": HYPER_AUTHORS,
        }

    if corpus is not None and any(p.upvotes is not None for p in corpus.papers):
        from .upvotes import most_upvoted, upvoted_concepts

        tables[T.MOST_UPVOTED] = most_upvoted(corpus)
        settings[T.MOST_UPVOTED] = {"source": "Paper.upvotes"}
        if ann is not None:
            tables[T.UPVOTED_CONCEPTS] = upvoted_concepts(corpus, ann)
            settings[T.UPVOTED_CONCEPTS] = {
                "weight": "sum of the upvotes of the papers mentioning the concept"
            }

    kinds = []
    if ann is not None and ann.paper_topics:
        kinds.append("topic")
    if ann is not None and ann.mentions:
        kinds.append("concept")
    papers = corpus.papers if corpus is not None else []
    if any(p.keywords for p in papers) or any(d.get("keywords") for _, d in kg.nodes(schema.PAPER)):
        kinds.append("keyword")
    if any(p.mesh for p in papers) or kg.has(rel_type=schema.HAS_MESH):
        kinds.append("mesh")
    source = corpus if corpus is not None else kg
    for kind in kinds:
        tr = trends(source, ann, kind=kind, period=period, s=opts.s, gamma=opts.gamma,
                    min_support=opts.min_support, fdr=opts.fdr)  # fmt: skip
        tr_settings = {**common, **tr.settings, "notes": tr.notes}
        # series of the tested items only (a corpus has many items seen once or twice)
        series = tr.series[tr.series["item"].isin(set(tr.table["item"]))].reset_index(drop=True)
        for stage, df in (
            ("trends", tr.table),
            ("bursts", tr.bursts),
            ("series", series),
            ("history", tr.history),
        ):
            name = T.trend_table(stage, kind)
            tables[name] = df
            settings[name] = tr_settings
    for name, df in list(tables.items()):
        if df.empty and not len(df.columns):  # an empty result: the registry's columns, no rows
            tables[name] = df = pd.DataFrame(columns=list(T.TABLES[name].columns))
        T.check(name, df.columns)
        settings[name] = {**settings[name], "notes": settings[name].get("notes", notes)}
        df.attrs["settings"] = settings[name]
    return dict(sorted(tables.items())), settings


def analyze_store(
    store: str | os.PathLike[str], *, save: bool = True, **settings: Any
) -> dict[str, pd.DataFrame]:
    """:func:`analyze` the store at ``store`` (its graph, corpus and annotations); returns the tables by name.
    ``settings``: see :class:`AnalysisSettings`.

    With ``save=True`` (default) the tables go to ``STORE/analysis/`` with their settings (replacing those of an
    earlier analysis), and the annotated graph back to the store. Raises StoreError (CLI exit 4) when the store
    is missing or damaged, ConfigError for bad settings (checked before anything is read).
    """
    from ..store import embedded

    opts = AnalysisSettings.of("analyze_store", settings)
    kg = embedded.load(store)
    try:
        corpus = embedded.load_corpus(store)
    except StoreError:
        corpus = None
    ann = embedded.load_annotations(store)
    tables, table_settings = _analyze(kg, corpus, ann, opts)
    if save:
        embedded.clear_tables(store)
        for name, df in tables.items():
            embedded.save_table(store, name, df, table_settings[name])
        embedded.save(kg, store)
    return tables
