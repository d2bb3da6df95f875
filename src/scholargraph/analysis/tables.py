"""The analysis tables: one registry that names each table, its columns and its files in the store.

``analyze`` produces these tables, the store keeps them (``STORE/analysis/<name>.csv`` for people and
``<name>.json`` for programs), and the report, the view and the CLI read them by these names. A table whose
columns differ from its entry here is refused when saved (:func:`check`), so the registry and the tables cannot
drift apart.

>>> TABLES["centrality"].csv
'analysis/centrality.csv'
>>> trend_table("bursts", "concept")
'bursts_concept'
>>> [t.name for t in tables_of_kind("topic")]
['trends_topic', 'bursts_topic', 'series_topic', 'history_topic']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import SchemaError

__all__ = [
    "Table",
    "TABLES",
    "ITEM_KINDS",
    "TREND_STAGES",
    "COMMUNITIES",
    "COMMUNITY_SUMMARY",
    "COMMUNITY_LINKS",
    "CENTRALITY",
    "PAGERANK_TOP",
    "COLLABORATION",
    "COLLABORATION_SUMMARY",
    "trend_table",
    "tables_of_kind",
    "check",
]


@dataclass(frozen=True)
class Table:
    """An analysis table: its ``name``, ``columns`` (in order) and what it holds."""

    name: str
    columns: tuple[str, ...]
    description: str

    @property
    def csv(self) -> str:
        """The table for people, relative to the store."""
        return f"analysis/{self.name}.csv"

    @property
    def json(self) -> str:
        """The lossless table for programs (columns, dtypes, rows), relative to the store."""
        return f"analysis/{self.name}.json"


# what trends are computed over: topics (annotations), concepts (annotations), author keywords (papers)
ITEM_KINDS = ("topic", "concept", "keyword")
TREND_STAGES = ("trends", "bursts", "series", "history")

_EVIDENCE = ("n_papers", "paper_ids", "paper_titles", "evidence")
_CENTRALITY = ("node", "paper_id", "title", "year", "pagerank", "in_degree", "out_degree", "betweenness",
               "eigenvector", "hub", "authority", "cited_by")  # fmt: skip

COMMUNITIES = "communities"
COMMUNITY_SUMMARY = "community_summary"
COMMUNITY_LINKS = "community_links"
CENTRALITY = "centrality"
PAGERANK_TOP = "pagerank_top"
COLLABORATION = "collaboration"
COLLABORATION_SUMMARY = "collaboration_summary"

_ALL = [
    Table(COMMUNITIES, ("node", "community"), "the community of every node of the partitioned projection"),
    Table(
        COMMUNITY_SUMMARY,
        (
            "community",
            "size",
            "label",
            "top_topics",
            "top_concepts",
            "top_members",
            "top_member_names",
            *_EVIDENCE,
        ),
        "one row per community: size, label, top topics/concepts/members and the papers behind it",
    ),
    Table(
        COMMUNITY_LINKS,
        ("source", "target", "weight", "via"),
        "links between communities: citations between their papers, or papers they share (concept communities)",
    ),
    Table(
        CENTRALITY, _CENTRALITY, "every paper's citation centralities (PageRank, degrees, betweenness, ...)"
    ),
    Table(PAGERANK_TOP, ("rank", *_CENTRALITY), "the top papers by PageRank, ranked"),
    Table(
        COLLABORATION,
        ("node", "name", "coauthors", "papers", "paper_ids"),
        "every author: distinct co-authors and papers written, most connected first",
    ),
    Table(
        COLLABORATION_SUMMARY,
        ("authors", "groups", "largest_group", "pairs"),
        "the co-authorship network in one row: authors, connected groups, the largest group, co-author pairs",
    ),
]
for _kind in ITEM_KINDS:
    _ALL += [
        Table(
            f"trends_{_kind}",
            (
                "item",
                "status",
                "first_period",
                "share",
                "count",
                "slope",
                "rel_slope",
                "cagr",
                "bursting",
                *_EVIDENCE,
            ),
            f"every {_kind} seen often enough: status as of the last period, growth, whether it is bursting",
        ),
        Table(
            f"bursts_{_kind}",
            ("item", "start", "end", "periods", "strength", "ongoing", *_EVIDENCE),
            f"Kleinberg bursts of {_kind}s",
        ),
        Table(
            f"series_{_kind}",
            ("item", "period", "count", "total", "share"),
            f"papers per period of every classified {_kind}, with the period's total and the share",
        ),
        Table(
            f"history_{_kind}",
            ("item", "period", "status", "bursting"),
            f"status of every {_kind} per period",
        ),
    ]
TABLES: dict[str, Table] = {t.name: t for t in _ALL}
del _kind, _ALL


def trend_table(stage: str, kind: str) -> str:
    """The name of a trend table: ``stage`` in :data:`TREND_STAGES`, ``kind`` in :data:`ITEM_KINDS`."""
    name = f"{stage}_{kind}"
    if name not in TABLES:
        raise SchemaError(f"no analysis table {name!r}: stages {TREND_STAGES}, kinds {ITEM_KINDS}")
    return name


def tables_of_kind(kind: str) -> list[Table]:
    """The trend tables of one item kind, in :data:`TREND_STAGES` order."""
    return [TABLES[trend_table(stage, kind)] for stage in TREND_STAGES]


def check(name: str, columns: Iterable[str]) -> None:
    """SchemaError unless ``name`` is a registered table with exactly these columns, in this order."""
    table = TABLES.get(name)
    if table is None:
        raise SchemaError(f"{name!r} is not an analysis table; the tables are {', '.join(sorted(TABLES))}")
    got = tuple(str(c) for c in columns)
    if got != table.columns:
        raise SchemaError(
            f"analysis table {name!r} must have the columns {list(table.columns)}, got {list(got)}"
        )
