"""The graph schema: node labels, relationship types and property names.

One source of truth shared by the NetworkX graph, the Neo4j store, the exports and the docs. Nothing else in
the package spells a label or a relationship type; Cypher takes labels and types only from here.

Node ids in the NetworkX graph are ``"<Label>:<key>"`` strings, e.g. ``"Paper:doi:10.1/x"``,
``"Author:orcid:0000-..."``, ``"Concept:graph neural network"``, ``"Topic:3"``, ``"Venue:nature"``.
Every node has the attribute ``label`` and a ``key`` (the part after the first colon), unique within its label.
Every edge has the attribute ``type``; the MultiDiGraph edge key is the type too.

>>> node_id(PAPER, "doi:10.1/x")
'Paper:doi:10.1/x'
>>> split_node_id("Paper:doi:10.1/x")
('Paper', 'doi:10.1/x')
>>> RELATIONSHIPS[CITES]
('Paper', 'Paper')
"""

from __future__ import annotations

__all__ = [
    "PAPER",
    "AUTHOR",
    "TOPIC",
    "CONCEPT",
    "VENUE",
    "MESH_TERM",
    "LABELS",
    "AUTHORED",
    "CITES",
    "HAS_TOPIC",
    "MENTIONS",
    "BELONGS_TO",
    "PUBLISHED_IN",
    "HAS_MESH",
    "RELATIONSHIPS",
    "PROJECTIONS",
    "CO_AUTHOR",
    "CO_CITED",
    "COUPLED",
    "CO_OCCURS",
    "KEY",
    "LABEL",
    "TYPE",
    "COMMUNITY",
    "PAGERANK",
    "CENTRALITY_PROPERTIES",
    "ANALYSIS_PROPERTIES",
    "PROPERTY_TYPES",
    "USER_PREFIX",
    "NODE_PROPERTIES",
    "EDGE_PROPERTIES",
    "CAPTIONS",
    "node_id",
    "split_node_id",
]

# Node labels
PAPER = "Paper"
AUTHOR = "Author"
TOPIC = "Topic"
CONCEPT = "Concept"
VENUE = "Venue"
MESH_TERM = "MeshTerm"  # a MeSH descriptor (PubMed / MEDLINE / Lens records): the controlled vocabulary
LABELS = (PAPER, AUTHOR, TOPIC, CONCEPT, VENUE, MESH_TERM)

# Relationship types: (start label, end label)
AUTHORED = "AUTHORED"
CITES = "CITES"
HAS_TOPIC = "HAS_TOPIC"
MENTIONS = "MENTIONS"
BELONGS_TO = "BELONGS_TO"
PUBLISHED_IN = "PUBLISHED_IN"
HAS_MESH = "HAS_MESH"
RELATIONSHIPS = {
    AUTHORED: (AUTHOR, PAPER),
    CITES: (PAPER, PAPER),
    HAS_TOPIC: (PAPER, TOPIC),
    MENTIONS: (PAPER, CONCEPT),
    BELONGS_TO: (CONCEPT, TOPIC),
    PUBLISHED_IN: (PAPER, VENUE),
    HAS_MESH: (PAPER, MESH_TERM),
}

# Projections (undirected, weighted; computed on demand, never stored as base relationships)
CO_AUTHOR = "CO_AUTHOR"
CO_CITED = "CO_CITED"
COUPLED = "COUPLED"
CO_OCCURS = "CO_OCCURS"
PROJECTIONS = (CO_AUTHOR, CO_CITED, COUPLED, CO_OCCURS)

# The unique key property of every label (Neo4j uniqueness constraint on (label, KEY)).
KEY = "key"
# Every NetworkX node has the attribute LABEL (its schema label) and every edge the attribute TYPE.
LABEL = "label"
TYPE = "type"

# Properties the analysis writes onto nodes (analysis/communities.py, analysis/centralities.py) -- declared here
# like every other property, so Neo4j indexes, pushes and pulls them with their types.
COMMUNITY = "community"
PAGERANK = "pagerank"
CENTRALITY_PROPERTIES: dict[str, str] = {
    PAGERANK: "float",
    "in_degree": "int",
    "out_degree": "int",
    "betweenness": "float",
    "eigenvector": "float",
    "hub": "float",
    "authority": "float",
}
ANALYSIS_PROPERTIES: dict[str, dict[str, str]] = {
    PAPER: {COMMUNITY: "int", **CENTRALITY_PROPERTIES},
    AUTHOR: {COMMUNITY: "int"},
    CONCEPT: {COMMUNITY: "int"},
}
# Properties of a user's own (a score computed in a notebook, a flag) go under this prefix: any label or type
# accepts them, with any JSON value; they are saved, pushed and pulled like the others.
USER_PREFIX = "user_"
# The property types, and what each holds.
PROPERTY_TYPES = ("str", "int", "float", "bool", "date", "list[str]", "json")

# Every node also has the attribute ``label`` (its schema label), so no property may be called "label": a
# Topic's readable label (Annotations' Topic.label) is its ``name`` property.
# Property names and their types per label ("str", "int", "float", "bool", "date", "list[str]", "json").
# "date" is an ISO string at its precision ('2024', '2024-02', '2024-02-08'); Neo4j stores it as a date at
# the first day of the period plus the precision string. "json" is a JSON-encoded value (nested data).
NODE_PROPERTIES: dict[str, dict[str, str]] = {
    PAPER: {
        "key": "str",
        "title": "str",
        "abstract": "str",
        "year": "int",
        "date": "date",
        "date_precision": "str",
        "doi": "str",
        "arxiv_id": "str",
        "openalex_id": "str",
        "s2_id": "str",
        "venue": "str",
        "keywords": "list[str]",
        "categories": "list[str]",
        "author_count": "int",
        "upvotes": "int",
        "citation_count": "int",
        "doc_type": "str",
        "pub_types": "list[str]",
        "pmid": "str",
        "pmcid": "str",
        "lens_id": "str",
        "language": "str",
        "url": "str",
        "unresolved_references": "int",
        "unresolved_reference_list": "list[str]",
        "sources": "list[str]",
    },
    AUTHOR: {
        "key": "str",
        "name": "str",
        "orcid": "str",
        "openalex_id": "str",
        "s2_id": "str",
        "scopus_id": "str",
        "name_variants": "list[str]",
        "affiliation": "str",
    },
    # papers: the ids of the topic's highest-weight papers (cited by the report)
    TOPIC: {"key": "str", "name": "str", "top_concepts": "list[str]", "size": "int", "papers": "list[str]"},
    CONCEPT: {
        "key": "str",
        "name": "str",
        # the name with the capitals its papers write ("FePt", "COVID-19", "Chagas"; nlp/display.py)
        "display": "str",
        "kind": "str",
        "surface_forms": "list[str]",
        "aliases": "list[str]",
        "df": "int",
        # termhood: corpus vs general-English frequency with a C-value correction; generic: judged a generic
        # academic word ("approach", "task") by nlp/termhood.py
        "termhood": "float",
        "generic": "bool",
    },
    VENUE: {"key": "str", "name": "str"},
    # key: the descriptor name, case-folded; name: its spelling; ui: the descriptor id (D001000) when known
    MESH_TERM: {"key": "str", "name": "str", "ui": "str", "df": "int"},
}
for _label, _props in ANALYSIS_PROPERTIES.items():
    NODE_PROPERTIES[_label].update(_props)
del _label, _props

EDGE_PROPERTIES: dict[str, dict[str, str]] = {
    AUTHORED: {"position": "int"},
    CITES: {"matched_by": "str"},
    HAS_TOPIC: {"weight": "float"},
    # inferred: how many of the mentions come from an acronym expanded with the corpus' one definition, not the
    # paper's own (nlp/acronyms.py)
    MENTIONS: {"count": "int", "weight": "float", "evidence": "json", "inferred": "int"},
    BELONGS_TO: {"weight": "float"},
    PUBLISHED_IN: {},
    # major: a major topic of the paper (the descriptor or a qualifier starred); qualifiers: subheading names
    HAS_MESH: {"major": "bool", "qualifiers": "list[str]"},
}

# Which property a viewer shows as a node's caption.
CAPTIONS = {PAPER: "title", AUTHOR: "name", TOPIC: "name", CONCEPT: "name", VENUE: "name", MESH_TERM: "name"}


def node_id(label: str, key: str) -> str:
    """The NetworkX node id of a node with this label and key."""
    if label not in LABELS:
        from ..errors import SchemaError

        raise SchemaError(f"label must be one of {', '.join(LABELS)}; got {label!r}")
    return f"{label}:{key}"


def split_node_id(nid: str) -> tuple[str, str]:
    """Inverse of :func:`node_id`."""
    label, _, key = nid.partition(":")
    return label, key
