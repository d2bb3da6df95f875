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
    "HYPER_AUTHORED",
    "MOST_UPVOTED",
    "UPVOTED_CONCEPTS",
    "MAIN_INFORMATION",
    "ANNUAL_PRODUCTION",
    "PAPER_CITATIONS",
    "AUTHOR_PRODUCTION",
    "SOURCES",
    "BRADFORD_ZONES",
    "LOTKA",
    "LOTKA_FIT",
    "COUNTRIES",
    "COUNTRY_COLLABORATION",
    "INSTITUTIONS",
    "KEYWORDS",
    "KEYWORD_COOCCURRENCE",
    "THREE_FIELD",
    "DESCRIPTIVE",
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
ITEM_KINDS = ("topic", "concept", "keyword", "mesh")
TREND_STAGES = ("trends", "bursts", "series", "history")

_EVIDENCE = ("n_papers", "paper_ids", "paper_titles", "evidence")
_CENTRALITY = ("node", "paper_id", "title", "year", "pagerank", "in_degree", "out_degree", "betweenness",
               "eigenvector", "hub", "authority", "cited_by", "times_cited")  # fmt: skip

COMMUNITIES = "communities"
COMMUNITY_SUMMARY = "community_summary"
COMMUNITY_LINKS = "community_links"
CENTRALITY = "centrality"
PAGERANK_TOP = "pagerank_top"
COLLABORATION = "collaboration"
COLLABORATION_SUMMARY = "collaboration_summary"
HYPER_AUTHORED = "hyper_authored"
MOST_UPVOTED = "most_upvoted"
UPVOTED_CONCEPTS = "upvoted_concepts"
MAIN_INFORMATION = "main_information"
ANNUAL_PRODUCTION = "annual_production"
PAPER_CITATIONS = "paper_citations"
AUTHOR_PRODUCTION = "author_production"
SOURCES = "sources"
BRADFORD_ZONES = "bradford_zones"
LOTKA = "lotka"
LOTKA_FIT = "lotka_fit"
COUNTRIES = "countries"
COUNTRY_COLLABORATION = "country_collaboration"
INSTITUTIONS = "institutions"
KEYWORDS = "keywords"
KEYWORD_COOCCURRENCE = "keyword_cooccurrence"
THREE_FIELD = "three_field"

_ALL = [
    Table(COMMUNITIES, ("node", "community"), "the community of every node of the partitioned projection"),
    Table(
        COMMUNITY_SUMMARY,
        (
            "community",
            "size",
            "label",
            "label_terms",
            "label_lift",
            "top_topics",
            "top_concepts",
            "top_members",
            "top_member_names",
            *_EVIDENCE,
        ),
        "one row per community: size, contrastive label with each term's support and lift, top topics/concepts/"
        "members and the papers behind it",
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
        ("node", "name", "papers", "papers_fractional", "coauthors", "hyper_papers", "paper_ids"),
        "every author: papers (full and fractional counting), distinct co-authors (hyper-authored papers aside); "
        "by fractional papers",
    ),
    Table(
        COLLABORATION_SUMMARY,
        ("authors", "groups", "largest_group", "pairs", "hyper_authored_papers", "hyper_threshold"),
        "the co-authorship network in one row (hyper-authored papers aside) and how many papers were set aside",
    ),
    Table(
        HYPER_AUTHORED,
        ("paper_id", "title", "year", "authors"),
        "papers with more authors than the threshold, named: they are left out of the co-author network",
    ),
    Table(
        MOST_UPVOTED,
        ("paper_id", "title", "date", "upvotes"),
        "papers with upvotes (the Daily Papers listing), most upvoted first",
    ),
    Table(
        UPVOTED_CONCEPTS,
        ("concept", "papers", "upvotes", "upvotes_per_paper", "paper_ids"),
        "concepts ranked by the upvotes of the papers that mention them",
    ),
]
# the descriptive analysis (analysis/descriptive.py): what a bibliometric report starts with
_ALL += [
    Table(
        MAIN_INFORMATION,
        ("measure", "value", "description"),
        "the corpus in numbers: papers, years, annual growth rate, citations, sources, authors, keywords, countries",
    ),
    Table(
        ANNUAL_PRODUCTION,
        (
            "year",
            "papers",
            "cumulative",
            "times_cited",
            "mean_times_cited",
            "citable_years",
            "mean_times_cited_per_year",
        ),
        "papers per publication year (every year of the range) and their mean times-cited, per paper and per "
        "citable year",
    ),  # fmt: skip
    Table(
        PAPER_CITATIONS,
        (
            "paper_id",
            "title",
            "year",
            "first_author",
            "source",
            "times_cited",
            "times_cited_per_year",
            "local_citations",
        ),
        "every paper's global citations (the export's times-cited) and local citations (from this corpus); by "
        "times-cited",
    ),  # fmt: skip
    Table(
        AUTHOR_PRODUCTION,
        (
            "node",
            "name",
            "papers",
            "papers_fractional",
            "first_year",
            "times_cited",
            "local_citations",
            "h_index",
        ),
        "every author: papers (full and fractional counting), times-cited and local citations of their papers, "
        "h-index; by papers",
    ),
    Table(
        SOURCES,
        ("rank", "source", "papers", "cumulative", "zone", "times_cited"),
        "sources ranked by papers with their Bradford zone (1-3: a third of the papers each)",
    ),
    Table(
        BRADFORD_ZONES,
        ("zone", "sources", "papers", "share"),
        "the three Bradford zones: how many sources hold each third of the papers",
    ),
    Table(
        LOTKA,
        ("papers", "authors", "share", "expected_share", "expected_authors"),
        "Lotka's law: authors with n papers, observed and expected from the fitted law",
    ),
    Table(
        LOTKA_FIT,
        ("authors", "beta", "constant", "r_squared", "ks_statistic", "ks_critical", "fits"),
        "Lotka's law fit: share = constant / papers^beta by least squares on log-log, R squared, "
        "Kolmogorov-Smirnov D against Pao's critical value (0.01)",
    ),
    Table(
        COUNTRIES,
        ("country", "papers", "papers_fractional", "corresponding", "scp", "mcp", "mcp_ratio", "times_cited"),
        "countries of the addresses: papers (full, fractional), papers by the corresponding author's country "
        "split into single- (SCP) and multi-country (MCP) papers, times-cited",
    ),
    Table(
        COUNTRY_COLLABORATION,
        ("country_a", "country_b", "papers"),
        "pairs of countries with papers co-authored from both",
    ),
    Table(
        INSTITUTIONS,
        ("institution", "country", "papers"),
        "institutions of the addresses (the source's name, else the address part naming an organisation)",
    ),
    Table(
        KEYWORDS,
        ("kind", "keyword", "papers", "rank", "cluster"),
        "papers per keyword (a synonym group) of each kind (author, indexed, mesh); cluster on the co-occurrence "
        "map (-1: not on it)",
    ),
    Table(
        KEYWORD_COOCCURRENCE,
        ("kind", "keyword_a", "keyword_b", "papers", "association"),
        "co-occurrence of the most frequent keywords of each kind: papers with both, association strength",
    ),
    Table(
        THREE_FIELD,
        ("field_from", "item_from", "field_to", "item_to", "papers"),
        "three-field view: top authors -> top keywords -> top sources, linked by the papers they share",
    ),
]
#: the tables of the descriptive analysis, in the order the overview shows them
DESCRIPTIVE = (
    MAIN_INFORMATION,
    ANNUAL_PRODUCTION,
    PAPER_CITATIONS,
    AUTHOR_PRODUCTION,
    SOURCES,
    BRADFORD_ZONES,
    LOTKA,
    LOTKA_FIT,
    COUNTRIES,
    COUNTRY_COLLABORATION,
    INSTITUTIONS,
    KEYWORDS,
    KEYWORD_COOCCURRENCE,
    THREE_FIELD,
)
for _kind in ITEM_KINDS:
    _ALL += [
        Table(
            f"trends_{_kind}",
            (
                "item",
                "status",
                "n_papers",
                "first_period",
                "share_first",
                "share_last",
                "peak_period",
                "share_peak",
                "low_period",
                "share_low_run",
                "z",
                "p_value",
                "q_value",
                "bursting",
                "burst_strength",
                "score",
                "paper_ids",
                "paper_titles",
                "evidence",
            ),  # fmt: skip
            f"every {_kind} in enough papers: trend test (z, p, BH q), status, bursts, ranked",
        ),
        Table(
            f"bursts_{_kind}",
            ("item", "start", "end", "periods", "strength", "ongoing", *_EVIDENCE),
            f"Kleinberg bursts of {_kind}s",
        ),
        Table(
            f"series_{_kind}",
            ("item", "period", "count", "total", "share", "share_low", "share_high"),
            f"papers per period of every tested {_kind}, with the exposure and the share's 95% interval",
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
