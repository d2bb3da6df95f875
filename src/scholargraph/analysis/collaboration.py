"""Who writes with whom: the co-authorship network summarised as tables (what the report's collaboration section
shows, computed here so the report only reads).

Counting is *fractional* by default: a paper with n authors gives each of them 1/n of a paper, so the 25 Global
Burden of Disease papers with 100-1,000 authors of a Web of Science set do not make their authors the "most
collaborative" of the field. Papers with more than ``max_authors`` authors (default 50) are *hyper-authored*:
they are named in their own table and left out of the co-author network (distinct co-authors, groups, pairs),
as VOSviewer's "ignore documents with a large number of authors" does.

>>> from scholargraph.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> for p, cited in (("a", 3), ("b", 40)):
...     _ = kg.add_node("Paper", p, title=p.upper(), citation_count=cited, year=2020)
>>> for a in ("x", "y", "z"):
...     _ = kg.add_node("Author", a, name=a.upper())
>>> for a, p in [("x", "a"), ("y", "a"), ("x", "b"), ("z", "b")]:
...     kg.add_edge("AUTHORED", f"Author:{a}", f"Paper:{p}")
>>> table, summary, hyper = collaboration(kg)
>>> table[["name", "papers", "papers_fractional", "coauthors"]].values.tolist()
[['X', 2, 1.0, 2], ['Y', 1, 0.5, 1], ['Z', 1, 0.5, 1]]
>>> table.loc[0, "paper_ids"]  # X's papers, the most cited first
['b', 'a']
>>> summary.iloc[0].tolist()
[3, 1, 3, 2, 0, 50]
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

from .._validation import check_int
from ..graph import schema

if TYPE_CHECKING:
    from ..graph.kg import KnowledgeGraph

__all__ = ["collaboration", "HYPER_AUTHORS"]

HYPER_AUTHORS = 50


def collaboration(
    kg: KnowledgeGraph, *, max_authors: int = HYPER_AUTHORS
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(authors, summary, hyper-authored papers).

    ``authors``: node, name, papers (full count), papers_fractional (sum of 1/n over their papers),
    coauthors (distinct co-authors on papers with at most ``max_authors`` authors), hyper_papers, paper_ids
    (the most cited first -- the export's times-cited --, then the latest, then id);
    ranked by fractional papers, then co-authors, then id. ``summary``: one row -- authors, connected groups,
    the largest group and co-author pairs of the network without hyper-authored papers, how many papers are
    hyper-authored and the threshold. ``hyper``: paper_id, title, year, authors -- every hyper-authored paper,
    most authors first.
    """
    from ..graph.projections import co_authorship

    check_int(max_authors, "max_authors", "collaboration", low=2)
    written: dict[str, list[str]] = defaultdict(list)
    team: dict[str, int] = defaultdict(int)
    for u, v, _ in kg.edges(schema.AUTHORED):
        written[u].append(v)
        team[v] += 1
    g = co_authorship(kg, isolates=True, max_authors=max_authors)
    nodes = kg.graph.nodes

    def cited_first(p: str) -> tuple[int, int, str]:
        d = nodes[p]
        return (-int(d.get("citation_count") or 0), -int(d.get("year") or 0), p)

    rows = []
    for a, papers in written.items():
        rows.append(
            (
                a,
                kg.graph.nodes[a].get("name") or schema.split_node_id(a)[1],
                len(papers),
                round(sum(1.0 / team[p] for p in papers), 6),
                int(g.degree(a)) if a in g else 0,
                sum(1 for p in papers if team[p] > max_authors),
                [schema.split_node_id(p)[1] for p in sorted(papers, key=cited_first)],
            )
        )
    rows.sort(key=lambda r: (-r[3], -r[4], r[0]))
    table = pd.DataFrame(
        rows,
        columns=["node", "name", "papers", "papers_fractional", "coauthors", "hyper_papers", "paper_ids"],
    ).astype(
        {"papers": "int64", "papers_fractional": "float64", "coauthors": "int64", "hyper_papers": "int64"}
    )
    hyper_rows = []
    for p, n in team.items():
        if n > max_authors:
            d = kg.graph.nodes[p]
            hyper_rows.append((schema.split_node_id(p)[1], d.get("title") or "", d.get("year"), n))
    hyper_rows.sort(key=lambda r: (-r[3], r[0]))
    hyper = pd.DataFrame(hyper_rows, columns=["paper_id", "title", "year", "authors"]).astype(
        {"authors": "int64"}
    )
    comps = sorted((len(c) for c in nx.connected_components(g)), reverse=True)
    summary = pd.DataFrame(
        [
            (
                g.number_of_nodes(),
                len(comps),
                comps[0] if comps else 0,
                g.number_of_edges(),
                len(hyper),
                max_authors,
            )
        ],
        columns=["authors", "groups", "largest_group", "pairs", "hyper_authored_papers", "hyper_threshold"],
    ).astype("int64")
    return table, summary, hyper
