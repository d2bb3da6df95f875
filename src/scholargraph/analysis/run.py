"""Run every analysis on an embedded store and save the tables: :func:`analyze_store`.

Tables written to ``STORE/analysis/`` (CSV for people, JSON for programs; ``analysis/settings.json`` holds the
settings of each table under its name):

- ``communities`` (node, community) and ``community_summary`` (community, size, label, top topics/concepts,
  top members, n_papers, paper_ids, paper_titles, evidence). The graph partitioned is the bibliographic
  coupling projection when the papers have references, else the concept co-occurrence projection.
- ``centrality`` (every paper: pagerank, degrees, betweenness, eigenvector, hub, authority, cited_by) and
  ``pagerank_top`` (the ``top`` papers by PageRank, ranked).
- for each kind of item available -- ``topic`` (annotations with topics), ``concept`` (annotations with
  mentions), ``keyword`` (papers with author keywords) -- ``trends_<kind>`` (status as of the last period),
  ``bursts_<kind>`` (online Kleinberg bursts), ``series_<kind>`` (count, total, share per period, for the
  classified items: seen in at least ``min_count`` papers) and
  ``history_<kind>`` (status as of every period).

The graph is annotated (``community`` on the partitioned nodes, ``pagerank`` on Paper nodes) and saved back.

>>> import tempfile
>>> from scholargraph.synthetic import planted_corpus
>>> from scholargraph.graph.build import build_graph
>>> from scholargraph.graph import io
>>> corpus, truth = planted_corpus(80, seed=2)
>>> with tempfile.TemporaryDirectory() as store:
...     _ = io.save(build_graph(corpus), store, corpus=corpus)
...     tables = analyze_store(store, seed=0, stability_runs=2)
...     kg = io.load(store)
>>> sorted(tables)[:4]
['bursts_keyword', 'centrality', 'communities', 'community_summary']
>>> "pagerank" in kg.graph.nodes[tables["pagerank_top"].loc[0, "node"]]
True
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from ..errors import ConfigError, StoreError
from ._common import check_choice, check_number

__all__ = ["analyze_store"]


def _projection(kg: Any, log: list[str]) -> tuple[Any, str]:
    from ..graph import projections

    has_refs = any(d.get("type") == "CITES" for _, _, d in kg.graph.edges(data=True)) or any(
        d.get("unresolved_references") for _, d in kg.nodes("Paper")
    )
    if has_refs:
        return projections.bibliographic_coupling(kg), "bibliographic_coupling"
    if any(True for _ in kg.nodes("Concept")):
        return projections.concept_cooccurrence(kg), "concept_cooccurrence"
    log.append("no references and no concepts: communities were not computed")
    return None, "none"


def analyze_store(
    store: str | os.PathLike[str],
    *,
    seed: int = 0,
    resolution: float = 1.0,
    period: str = "year",
    method: str = "leiden",
    top: int = 10,
    stability_runs: int = 5,
    s: float = 2.0,
    gamma: float = 1.0,
    min_count: int = 3,
    save: bool = True,
) -> dict[str, pd.DataFrame]:
    """Communities, centrality, trends and bursts of the store at ``store``; returns the tables by name.

    With ``save=True`` (default) the tables go to ``STORE/analysis/`` and the annotated graph back to the
    store. Raises StoreError (CLI exit 4) when the store is missing or damaged, ConfigError for bad settings.
    """
    from ..graph import io
    from .centrality import annotate_centrality, centrality, top_papers
    from .communities import METHODS, annotate_communities, detect_communities, label_communities
    from .trends import PERIODS, trends

    check_choice("method", method, METHODS)
    check_choice("period", period, PERIODS)
    check_number("seed", seed, 0, integer=True)
    check_number("resolution", resolution, 0.0)
    if resolution <= 0:
        raise ConfigError(f"resolution must be > 0, got {resolution!r}")
    check_number("top", top, 1, integer=True)

    kg = io.load(store)
    try:
        corpus = io.load_corpus(store)
    except StoreError:
        corpus = None
    ann = io.load_annotations(store)
    common = {"seed": seed, "resolution": resolution, "period": period, "method": method, "top": top}
    tables: dict[str, pd.DataFrame] = {}
    settings: dict[str, dict[str, Any]] = {}
    notes: list[str] = []

    G, proj = _projection(kg, notes)
    if G is not None:
        res = detect_communities(
            G, method=method, resolution=resolution, seed=seed, stability_runs=stability_runs
        )
        label_communities(res, kg=kg, annotations=ann, corpus=corpus)
        annotate_communities(kg, res)
        comm_settings = {
            **common,
            **res.settings,
            "projection": proj,
            "modularity": res.modularity,
            "stability_nmi": res.stability,
        }
        tables["communities"] = res.table.assign(node=lambda d: d["node"].astype(str))
        tables["community_summary"] = res.summary
        settings["communities"] = settings["community_summary"] = comm_settings

    cent = centrality(kg, seed=seed)
    annotate_centrality(kg, cent)
    tables["centrality"] = cent
    tables["pagerank_top"] = top_papers(cent, by="pagerank", n=top)
    settings["centrality"] = settings["pagerank_top"] = {**common, **cent.attrs.get("settings", {})}

    kinds = []
    if ann is not None and ann.paper_topics:
        kinds.append("topic")
    if ann is not None and ann.mentions:
        kinds.append("concept")
    papers = corpus.papers if corpus is not None else []
    if any(p.keywords for p in papers) or any(d.get("keywords") for _, d in kg.nodes("Paper")):
        kinds.append("keyword")
    source = corpus if corpus is not None else kg
    for kind in kinds:
        tr = trends(source, ann, kind=kind, period=period, s=s, gamma=gamma, min_count=min_count)
        tr_settings = {**common, **tr.settings, "notes": tr.notes}
        # series of the classified items only (a corpus has many items seen once or twice)
        series = tr.series[tr.series["item"].isin(set(tr.table["item"]))].reset_index(drop=True)
        for name, df in (
            ("trends", tr.table),
            ("bursts", tr.bursts),
            ("series", series),
            ("history", tr.history),
        ):
            tables[f"{name}_{kind}"] = df
            settings[f"{name}_{kind}"] = tr_settings
    if save:
        for name in sorted(tables):
            io.save_table(
                store, name, tables[name], {**settings[name], "notes": settings[name].get("notes", notes)}
            )
        io.save(kg, store)
    return tables
