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
- with a corpus, the descriptive overview (:mod:`.descriptive`, :data:`.tables.DESCRIPTIVE`): main information,
  annual production, paper citations, author production, sources and Bradford zones, Lotka's law, countries,
  country collaboration, institutions, keywords and their co-occurrence, the three-field view.

The graph is annotated (``community`` on the partitioned nodes, ``pagerank`` on Paper nodes) through the
validated :meth:`~scholargraph.graph.kg.KnowledgeGraph.set_node_properties`.

``engine="gds"`` (with a ``driver`` of a Neo4j server that has Graph Data Science and holds the store's graph)
runs PageRank, betweenness and the community detection in GDS (:mod:`.gds`) and everything else here: the same
tables, with the engine in their settings.

>>> import tempfile
>>> import scholargraph as sg
>>> from scholargraph.synthetic import planted_corpus
>>> corpus, truth = planted_corpus(80, seed=2)
>>> kg = sg.build_graph(corpus)
>>> tables = analyze(kg, corpus=corpus, seed=0, stability_runs=2)
>>> sorted(tables)[:4]
['annual_production', 'author_production', 'bradford_zones', 'bursts_keyword']
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._gc import frozen, paused
from .._progress import stage
from .._validation import check_bool, check_choice, check_instance, check_int, check_number, check_options
from ..errors import StoreError
from ..graph import schema
from ..graph.kg import KnowledgeGraph
from . import tables as T

if TYPE_CHECKING:
    from ..model import Corpus
    from ..nlp.annotations import Annotations

__all__ = ["AnalysisSettings", "ENGINES", "analyze", "analyze_store", "structure_strength"]

ENGINES = ("local", "gds")


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
    - descriptive analysis (:mod:`.descriptive`): ``citation_year``, the year the export's times-cited counts
      were taken (default None: the latest publication year); ``uk_nations``: keep England, Scotland, Wales and
      Northern Ireland apart (default False: United Kingdom); ``keyword_map_size``: keywords on the
      co-occurrence map (default 50); ``three_field_top``: items per field of the three-field view (default 12).
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
    citation_year: int | None = None
    uk_nations: bool = False
    keyword_map_size: int = 50
    three_field_top: int = 12

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
        check_int(o.citation_year, "citation_year", owner, low=1, none_ok=True)
        check_bool(o.uk_nations, "uk_nations", owner)
        check_int(o.keyword_map_size, "keyword_map_size", owner, low=2)
        check_int(o.three_field_top, "three_field_top", owner, low=1)
        return o


def analyze(
    kg: KnowledgeGraph,
    *,
    corpus: Corpus | None = None,
    annotations: Annotations | None = None,
    engine: str = "local",
    driver: Any = None,
    database: str | None = None,
    **settings: Any,
) -> dict[str, pd.DataFrame]:
    """Communities, centrality, collaboration, trends and bursts of a graph (and its corpus and annotations,
    when given); returns the tables by name (see the module docstring) and annotates ``kg``. ``settings``: see
    :class:`AnalysisSettings`. Each table's settings are in ``table.attrs["settings"]``. ConfigError for bad
    settings. ``engine="gds"``: see the module docstring (``driver``: a Neo4j driver, default
    :func:`scholargraph.neo4j.connect`; ``database``: default the server's)."""
    opts = AnalysisSettings.of("analyze", settings)
    check_instance(kg, "kg", "analyze", KnowledgeGraph, "a KnowledgeGraph")
    with _backend("analyze", engine, driver, database) as backend:
        tables, _ = _analyze(kg, corpus, annotations, opts, backend)
    return tables


@contextmanager
def _backend(owner: str, engine: str, driver: Any, database: str | None) -> Iterator[Any]:
    """None for the local engine; a GdsBackend (its GDS graphs dropped at the end) for ``engine="gds"``."""
    check_choice(engine, "engine", owner, ENGINES)
    if engine == "local":
        yield None
        return
    from .gds import GdsBackend

    own = driver is None
    if own:
        from ..neo4j.client import connect

        driver = connect(database=database)
    backend = GdsBackend(driver, database)
    try:
        yield backend
    finally:
        backend.close()
        if own:
            driver.close()


# the corpus and graph are millions of objects: with the collector on, the temporary dicts and lists of the
# analysis (Brandes' betweenness makes a few per node per source) trigger full passes over all of them again
# and again -- on the WoS set 7 of the 12 CPU seconds of an analysis
@paused(collect=True)
def _analyze(
    kg: KnowledgeGraph,
    corpus: Corpus | None,
    ann: Annotations | None,
    opts: AnalysisSettings,
    backend: Any = None,
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
        **(backend.settings() if backend is not None else {}),
    }
    tables: dict[str, pd.DataFrame] = {}
    settings: dict[str, dict[str, Any]] = {}
    notes: list[str] = []

    with stage("projecting the graph for community detection") as st:
        G, proj = _projection(kg, notes)
        st.done(
            f"{proj}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges" if G is not None else proj
        )
    if G is not None:
        with stage(
            "communities (%s, resolution %s, %d stability runs)",
            opts.method,
            opts.resolution,
            opts.stability_runs,
        ) as st:
            res = detect_communities(
                G,
                method=opts.method,
                resolution=opts.resolution,
                seed=seed,
                stability_runs=opts.stability_runs,
                finder=backend.finder(opts.method) if backend is not None else None,
            )
            label_communities(res, kg=kg, annotations=ann, corpus=corpus)
            st.done("%d communities, modularity %.2f", res.n_communities, res.modularity)
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

    with stage("centrality of the papers (PageRank, betweenness, eigenvector, HITS)") as st:
        cent = centrality(kg, seed=seed, backend=backend)
        annotate_centrality(kg, cent)
        st.done("%d papers", len(cent))
    tables[T.CENTRALITY] = cent
    tables[T.PAGERANK_TOP] = top_papers(cent, by=schema.PAGERANK, n=opts.top)
    settings[T.CENTRALITY] = settings[T.PAGERANK_TOP] = {**common, **cent.attrs.get("settings", {})}

    with stage("collaboration (the co-authorship network)"):
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

    if corpus is not None and corpus.papers:
        from .descriptive import descriptive

        with stage("descriptive overview (production, citations, sources, authors, countries, keywords)"):
            described = descriptive(corpus, kg, citation_year=opts.citation_year, uk_nations=opts.uk_nations,
                                    map_size=opts.keyword_map_size, field_top=opts.three_field_top, seed=seed)  # fmt: skip
        for name, df in described.items():
            tables[name], settings[name] = df, df.attrs["settings"]

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
        with stage("trends and bursts of the %ss (per %s)", kind, period) as st:
            tr = trends(source, ann, kind=kind, period=period, s=opts.s, gamma=opts.gamma,
                        min_support=opts.min_support, fdr=opts.fdr)  # fmt: skip
            st.done("%d tested, %d bursts", len(tr.table), len(tr.bursts))
        tr_settings = {**common, **tr.settings, "notes": tr.notes}
        # series of the tested items only (a corpus has many items seen once or twice)
        series = tr.series[tr.series["item"].isin(set(tr.table["item"]))].reset_index(drop=True)
        for step, df in (
            ("trends", tr.table),
            ("bursts", tr.bursts),
            ("series", series),
            ("history", tr.history),
        ):
            name = T.trend_table(step, kind)
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
    store: str | os.PathLike[str],
    *,
    save: bool = True,
    engine: str = "local",
    driver: Any = None,
    database: str | None = None,
    **settings: Any,
) -> dict[str, pd.DataFrame]:
    """:func:`analyze` the store at ``store`` (its graph, corpus and annotations); returns the tables by name.
    ``settings``: see :class:`AnalysisSettings`.

    With ``save=True`` (default) the tables go to ``STORE/analysis/`` with their settings (replacing those of an
    earlier analysis), and the annotated graph back to the store. Raises StoreError (CLI exit 4) when the store
    is missing or damaged, ConfigError for bad settings (checked before anything is read). ``engine``,
    ``driver``, ``database``: as for :func:`analyze` (with ``engine="gds"`` the database must hold the store's
    graph: ``scholargraph neo4j import`` or ``push`` it first).
    """
    from ..store import embedded

    opts = AnalysisSettings.of("analyze_store", settings)
    check_choice(engine, "engine", "analyze_store", ENGINES)
    # the collector is off from the first file read to the last file written, with one full pass at the end:
    # decoding and rebuilding the store makes millions of containers, and with the collector on, its passes
    # over them were half of the loading time (on the WoS store ~4 of 8 s of JSON decoding alone)
    with paused():
        kg = embedded.load(store)
        try:
            corpus = embedded.load_corpus(store)
        except StoreError:
            corpus = None
        ann = embedded.load_annotations(store)
        with frozen(collect=True), _backend("analyze_store", engine, driver, database) as backend:
            tables, table_settings = _analyze(kg, corpus, ann, opts, backend)
            if save:
                with stage("saving %d tables to %s", len(tables), os.path.join(store, "analysis")):
                    embedded.clear_tables(store)
                    for name, df in tables.items():
                        embedded.save_table(store, name, df, table_settings[name])
                embedded.save(kg, store)
    return tables
