"""Who writes with whom: the co-authorship network summarised as tables (what the report's collaboration section
shows, computed here so the report only reads).

>>> from scholargraph.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> for p in ("a", "b"):
...     _ = kg.add_node("Paper", p)
>>> for a in ("x", "y", "z"):
...     _ = kg.add_node("Author", a, name=a.upper())
>>> for a, p in [("x", "a"), ("y", "a"), ("x", "b"), ("z", "b")]:
...     kg.add_edge("AUTHORED", f"Author:{a}", f"Paper:{p}")
>>> table, summary = collaboration(kg)
>>> table[["name", "coauthors", "papers"]].values.tolist()
[['X', 2, 2], ['Y', 1, 1], ['Z', 1, 1]]
>>> summary.iloc[0].tolist()
[3, 1, 3, 2]
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

from ..graph import schema

if TYPE_CHECKING:
    from ..graph.kg import KnowledgeGraph

__all__ = ["collaboration"]


def collaboration(kg: KnowledgeGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(authors, summary): every author with the number of distinct co-authors and of papers written (most
    co-authors first, then most papers, then id), and one row with the number of authors, connected groups, the
    size of the largest group and the number of co-author pairs."""
    from ..graph.projections import co_authorship

    g = co_authorship(kg, isolates=True)
    written: dict[str, list[str]] = defaultdict(list)
    for u, v, _ in kg.edges(schema.AUTHORED):
        written[u].append(schema.split_node_id(v)[1])
    order = sorted(g.nodes, key=lambda n: (-g.degree(n), -len(written.get(n, [])), n))
    rows = [
        (
            n,
            kg.graph.nodes[n].get("name") or schema.split_node_id(n)[1],
            int(g.degree(n)),
            len(written.get(n, [])),
            sorted(written.get(n, [])),
        )
        for n in order
    ]
    table = pd.DataFrame(rows, columns=["node", "name", "coauthors", "papers", "paper_ids"]).astype(
        {"coauthors": "int64", "papers": "int64"}
    )
    comps = sorted((len(c) for c in nx.connected_components(g)), reverse=True)
    summary = pd.DataFrame(
        [(g.number_of_nodes(), len(comps), comps[0] if comps else 0, g.number_of_edges())],
        columns=["authors", "groups", "largest_group", "pairs"],
    ).astype("int64")
    return table, summary
