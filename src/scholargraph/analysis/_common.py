"""Shared helpers of the analysis modules: validation, node ids <-> paper ids, paper titles, collapsing graphs."""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..errors import ConfigError
from ..graph import schema

PAPER_PREFIX = schema.PAPER + ":"


def paper_key(node: Any) -> str:
    """The paper id of a graph node id ('Paper:doi:10.1/x' -> 'doi:10.1/x'); other ids are returned as they are."""
    s = str(node)
    return s[len(PAPER_PREFIX) :] if s.startswith(PAPER_PREFIX) else s


def graph_of(obj: Any) -> nx.Graph:
    """The networkx graph inside a KnowledgeGraph (``.graph``), or the graph itself."""
    if isinstance(obj, nx.Graph):
        return obj
    g = getattr(obj, "graph", None)
    if not isinstance(g, nx.Graph):
        raise ConfigError(f"expected a networkx graph or a KnowledgeGraph, got {type(obj).__name__}")
    return g


def simple_undirected(G: nx.Graph, weight: str | None = "weight") -> nx.Graph:
    """An undirected simple graph with summed ``weight`` (default 1 per edge) and no self-loops."""
    if not G.is_directed() and not G.is_multigraph():
        H = nx.Graph()
        H.add_nodes_from(G.nodes)
        for u, v, d in G.edges(data=True):
            if u != v:
                H.add_edge(u, v, weight=float(d.get(weight, 1.0)) if weight else 1.0)
        return H
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = float(d.get(weight, 1.0)) if weight else 1.0
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def titles(kg: Any = None, corpus: Any = None) -> dict[str, str]:
    """paper id -> title, from a KnowledgeGraph's Paper nodes and/or a Corpus."""
    out: dict[str, str] = {}
    if corpus is not None:
        for p in corpus.papers:
            out[p.id] = p.title
    if kg is not None:
        g = graph_of(kg)
        for n, d in g.nodes(data=True):
            if d.get(schema.LABEL) == schema.PAPER and d.get("title") is not None:
                out.setdefault(paper_key(n), d["title"])
    return out


def node_name(G: nx.Graph, n: Any) -> str:
    """A readable caption of a node: title / name / label attribute, else its id."""
    d = G.nodes[n] if n in G else {}
    for attr in ("title", "name", "label_text", "label"):
        v = d.get(attr)
        if isinstance(v, str) and v and not (attr == schema.LABEL and v in schema.LABELS):
            return v
    return str(n)


def acronym_expansions(kg: Any = None, annotations: Any = None) -> dict[str, str]:
    """Acronym (lower case) -> the concept it stands for ("mtj" -> "magnetic tunnel junction"): the concepts'
    acronym aliases, from the annotations, else from the graph's Concept nodes (property ``aliases``)."""
    if annotations is not None:
        return {a.lower(): name for name, c in sorted(annotations.concepts.items()) for a in c.aliases}
    if kg is None:
        return {}
    return {
        str(a).lower(): d["name"]
        for _, d in sorted(graph_of(kg).nodes(data=True), key=lambda nd: str(nd[0]))
        if d.get(schema.LABEL) == schema.CONCEPT and d.get("name")
        for a in d.get("aliases") or ()
    }


def as_concept(term: str, shown: dict[str, str]) -> str:
    """``term`` (a keyword) written as the concept of that name is (``shown``: :func:`concept_display`), its
    plural too; else as given. Keywords' Title Case leaves first capitals undecided, a list in capitals all of them.

    >>> shown = {"hiv infection": "HIV infection", "landau-lifshitz-gilbert equation": "Landau-Lifshitz-Gilbert equation"}
    >>> as_concept("hiv infection", shown), as_concept("landau-lifshitz-gilbert equations", shown), as_concept("MTJ", shown)
    ('HIV infection', 'Landau-Lifshitz-Gilbert equations', 'MTJ')
    """
    low = term.lower()
    if (d := shown.get(low)) is not None:
        return d
    for suffix in ("s", "es"):
        stem = low[: -len(suffix)]
        if low.endswith(suffix) and (d := shown.get(stem)) is not None and d.lower() == stem:
            return d + term[len(stem) :]
    return term


def concept_display(kg: Any = None, annotations: Any = None) -> dict[str, str]:
    """Concept name -> its display form where the two differ ("covid-19" -> "COVID-19"; nlp/display.py), from the
    annotations, else from the graph's Concept nodes."""
    if annotations is not None:
        return {name: c.display for name, c in annotations.concepts.items() if c.display}
    if kg is None:
        return {}
    return {
        d["name"]: d["display"]
        for _, d in graph_of(kg).nodes(data=True)
        if d.get(schema.LABEL) == schema.CONCEPT and d.get("display") and d.get("display") != d.get("name")
    }
