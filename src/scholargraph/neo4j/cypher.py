"""Every Cypher statement scholargraph sends to Neo4j.

Values always travel as parameters (``$rows``, ``$keys``, ...); the only names written into a statement are
node labels and relationship types, and those come from :mod:`scholargraph.graph.schema` and are checked
against it here (a name that is not in the schema raises SchemaError, a ValueError). Nothing taken from the data is ever
spliced into a statement.

>>> print(merge_nodes("Paper"))
UNWIND $rows AS row MERGE (n:`Paper` {key: row.key}) SET n = row.props
>>> merge_nodes("Paper) DETACH DELETE n //")
Traceback (most recent call last):
...
scholargraph.errors.SchemaError: label must be one of Paper, Author, Topic, Concept, Venue, MeshTerm; got 'Paper) DETACH DELETE n //'
>>> [q.name for q in SAVED_QUERIES][:2]
['Top topics per year', "A topic's papers and authors"]
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SchemaError
from ..graph import schema

__all__ = [
    "label",
    "rel_type",
    "constraint",
    "index",
    "INDEXED_PROPERTIES",
    "merge_nodes",
    "merge_rels",
    "nodes_of",
    "nodes_by_keys",
    "rels_of",
    "rels_among",
    "seed_papers",
    "neighbours_of_papers",
    "topic_concepts",
    "COUNT_NODES",
    "COUNT_RELS",
    "DELETE_ALL",
    "PING",
    "GDS_VERSION",
    "GDS_PROJECT_NATIVE",
    "GDS_PROJECT_ROWS",
    "GDS_DROP",
    "GDS_ESTIMATE",
    "GDS_ALGORITHMS",
    "gds_stream",
    "SavedQuery",
    "SAVED_QUERIES",
]


def label(name: str) -> str:
    """``name`` as a quoted Cypher label, after checking it is one of ``schema.LABELS``."""
    if name not in schema.LABELS:
        raise SchemaError(f"label must be one of {', '.join(schema.LABELS)}; got {name!r}")
    return f"`{name}`"


def rel_type(name: str) -> str:
    """``name`` as a quoted Cypher relationship type, after checking it is in ``schema.RELATIONSHIPS``."""
    if name not in schema.RELATIONSHIPS:
        raise SchemaError(
            f"relationship type must be one of {', '.join(sorted(schema.RELATIONSHIPS))}; got {name!r}"
        )
    return f"`{name}`"


# Properties with a range index besides each label's unique key (year filters, community subgraphs, ranking).
INDEXED_PROPERTIES = {schema.PAPER: ("year", "community", "pagerank"), schema.TOPIC: ("size",)}


def constraint(name: str) -> str:
    """Uniqueness constraint on (label, key); also the index every MERGE uses.

    >>> print(constraint("Author"))
    CREATE CONSTRAINT sg_Author_key IF NOT EXISTS FOR (n:`Author`) REQUIRE n.key IS UNIQUE
    """
    return f"CREATE CONSTRAINT sg_{name}_key IF NOT EXISTS FOR (n:{label(name)}) REQUIRE n.{schema.KEY} IS UNIQUE"


def index(name: str, prop: str) -> str:
    """A range index on one of the properties in :data:`INDEXED_PROPERTIES`.

    >>> print(index("Paper", "year"))
    CREATE INDEX sg_Paper_year IF NOT EXISTS FOR (n:`Paper`) ON (n.year)
    """
    if prop not in INDEXED_PROPERTIES.get(name, ()):
        raise SchemaError(
            f"{name} has no index on {prop!r}; indexed: {', '.join(INDEXED_PROPERTIES.get(name, ()))}"
        )
    return f"CREATE INDEX sg_{name}_{prop} IF NOT EXISTS FOR (n:{label(name)}) ON (n.{prop})"


def merge_nodes(name: str) -> str:
    """Create-or-update a batch of nodes; ``$rows`` = ``[{key, props}]`` (props replace the node's properties)."""
    return f"UNWIND $rows AS row MERGE (n:{label(name)} {{key: row.key}}) SET n = row.props"


def merge_rels(name: str) -> str:
    """Create-or-update a batch of relationships; ``$rows`` = ``[{start, end, props}]``; returns how many matched.

    Both end nodes must already exist (nodes are pushed first); the count lets the caller notice a row whose
    end node is missing instead of losing it silently.
    """
    t = rel_type(name)
    start, end = schema.RELATIONSHIPS[name]
    return (
        f"UNWIND $rows AS row MATCH (a:{label(start)} {{key: row.start}}) MATCH (b:{label(end)} "
        f"{{key: row.end}}) MERGE (a)-[r:{t}]->(b) SET r = row.props RETURN count(r) AS n"
    )


def nodes_of(name: str) -> str:
    """Every node of a label with its properties."""
    return f"MATCH (n:{label(name)}) RETURN n.key AS key, properties(n) AS props"


def nodes_by_keys(name: str) -> str:
    """The nodes of a label whose key is in ``$keys``."""
    return f"UNWIND $keys AS k MATCH (n:{label(name)} {{key: k}}) RETURN n.key AS key, properties(n) AS props"


def rels_of(name: str) -> str:
    """Every relationship of a type, with its end keys and properties."""
    rel_type(name)
    start, end = schema.RELATIONSHIPS[name]
    return (
        f"MATCH (a:{label(start)})-[r:{rel_type(name)}]->(b:{label(end)}) "
        "RETURN a.key AS start, b.key AS end, properties(r) AS props"
    )


def rels_among(name: str) -> str:
    """Relationships of a type whose start key is in ``$starts`` and end key in ``$ends``."""
    rel_type(name)
    start, end = schema.RELATIONSHIPS[name]
    return (
        f"UNWIND $starts AS s MATCH (a:{label(start)} {{key: s}})-[r:{rel_type(name)}]->(b:{label(end)}) "
        "WHERE b.key IN $ends RETURN a.key AS start, b.key AS end, properties(r) AS props"
    )


def seed_papers(*, community: bool, topic: bool, years: bool) -> str:
    """Keys of the papers a subgraph starts from: all conditions given must hold.

    Parameters: ``$community`` (the Paper ``community`` property), ``$topic`` (a Topic key: papers with
    HAS_TOPIC to it), ``$year_from``/``$year_to`` (inclusive).

    >>> print(seed_papers(community=True, topic=False, years=True))
    MATCH (p:`Paper`) WHERE p.community = $community AND p.year >= $year_from AND p.year <= $year_to RETURN p.key AS key
    """
    where = []
    if community:
        where.append("p.community = $community")
    if years:
        where.append("p.year >= $year_from AND p.year <= $year_to")
    if topic:
        where.append(
            f"EXISTS {{ MATCH (p)-[:{rel_type(schema.HAS_TOPIC)}]->(:{label(schema.TOPIC)} {{key: $topic}}) }}"
        )
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return f"MATCH (p:{label(schema.PAPER)}){clause} RETURN p.key AS key"


def neighbours_of_papers(rel: str) -> str:
    """Keys of the nodes joined to the papers in ``$keys`` by relationships of type ``rel`` (either direction)."""
    rel_type(rel)
    start, end = schema.RELATIONSHIPS[rel]
    other = end if start == schema.PAPER else start
    return (
        f"UNWIND $keys AS k MATCH (p:{label(schema.PAPER)} {{key: k}})-[:{rel_type(rel)}]-(o:{label(other)}) "
        "RETURN DISTINCT o.key AS key"
    )


def topic_concepts() -> str:
    """Keys of the concepts that BELONG_TO the topic ``$topic``."""
    return (
        f"MATCH (c:{label(schema.CONCEPT)})-[:{rel_type(schema.BELONGS_TO)}]->(:{label(schema.TOPIC)} {{key: $topic}}) "
        "RETURN c.key AS key"
    )


COUNT_NODES = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
COUNT_RELS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"
DELETE_ALL = "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"  # auto-commit only
PING = "RETURN 1 AS ok"

# Graph Data Science (scholargraph.analysis.gds): graph names, labels, types and settings all travel as parameters
GDS_VERSION = "RETURN gds.version() AS v"
GDS_PROJECT_NATIVE = (
    "CALL gds.graph.project($name, $label, $rels) YIELD graphName, nodeCount, relationshipCount "
    "RETURN nodeCount, relationshipCount"
)
# a graph that is not in the database (a projection): rows of (integer, integer, weight), undirected
GDS_PROJECT_ROWS = (
    "UNWIND range(0, size($s) - 1) AS k "
    "WITH gds.graph.project($name, $s[k], $t[k], {relationshipProperties: {weight: $w[k]}}, "
    "{undirectedRelationshipTypes: ['*']}) AS g "
    "RETURN g.nodeCount AS nodeCount, g.relationshipCount AS relationshipCount"
)
GDS_DROP = "CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName"
GDS_ESTIMATE = (
    "CALL gds.graph.project.estimate('*', '*', {nodeCount: $n, relationshipCount: $r}) "
    "YIELD requiredMemory, bytesMin, bytesMax RETURN requiredMemory, bytesMin, bytesMax"
)
GDS_ALGORITHMS = ("pageRank", "betweenness", "leiden", "louvain")


def gds_stream(algorithm: str, *, by_key: bool) -> str:
    """``CALL gds.<algorithm>.stream($name, $config)``: (``key``, ``score``) of database nodes (``by_key``), or
    (``nodeId``, ``communityId``) of a projected rows graph.

    >>> print(gds_stream("leiden", by_key=False))
    CALL gds.leiden.stream($name, $config) YIELD nodeId, communityId RETURN nodeId, communityId
    """
    if algorithm not in GDS_ALGORITHMS:
        raise SchemaError(f"GDS algorithm must be one of {', '.join(GDS_ALGORITHMS)}; got {algorithm!r}")
    head = f"CALL gds.{algorithm}.stream($name, $config) "
    if by_key:
        return head + "YIELD nodeId, score RETURN gds.util.asNode(nodeId).key AS key, score"
    return head + "YIELD nodeId, communityId RETURN nodeId, communityId"


@dataclass(frozen=True)
class SavedQuery:
    """A query for Neo4j Browser's favourites; its LIMITs keep a result under Browser's 1,000-node display."""

    name: str
    description: str
    cypher: str


SAVED_QUERIES: tuple[SavedQuery, ...] = (
    SavedQuery(
        "Top topics per year",
        "For each publication year, the five topics with the most paper weight (a table).",
        "MATCH (p:Paper)-[h:HAS_TOPIC]->(t:Topic) WHERE p.year IS NOT NULL\n"
        "WITH p.year AS year, t, sum(h.weight) AS weight, count(p) AS papers\n"
        "ORDER BY year, weight DESC, t.key\n"
        "WITH year, collect({topic: t.key, name: coalesce(t.name, t.label), papers: papers, weight: weight})[..5] AS top\n"
        "RETURN year, top ORDER BY year LIMIT 200",
    ),
    SavedQuery(
        "A topic's papers and authors",
        "The largest topic's 50 strongest papers and their authors. For another topic replace the first line by "
        "MATCH (t:Topic {key: '3'}).",
        "MATCH (t:Topic) WITH t ORDER BY t.size DESC, t.key LIMIT 1\n"
        "MATCH (p:Paper)-[h:HAS_TOPIC]->(t)\n"
        "WITH t, p, h ORDER BY h.weight DESC, p.key LIMIT 50\n"
        "OPTIONAL MATCH (a:Author)-[w:AUTHORED]->(p)\n"
        "RETURN t, h, p, w, a LIMIT 500",
    ),
    SavedQuery(
        "Citation neighbourhood of a paper",
        "The most-cited paper with the papers it cites and that cite it. For another paper replace the first two "
        "lines by MATCH (p:Paper {key: 'doi:10...'}).",
        "MATCH (p:Paper) OPTIONAL MATCH (p)<-[c:CITES]-(:Paper)\n"
        "WITH p, count(c) AS cited ORDER BY cited DESC, p.key LIMIT 1\n"
        "MATCH path = (p)-[:CITES]-(:Paper)\n"
        "RETURN path LIMIT 300",
    ),
    SavedQuery(
        "Each community's most central members",
        "The 20 largest communities (Paper.community, set by the analysis) with their five papers of highest "
        "PageRank.",
        "MATCH (p:Paper) WHERE p.community IS NOT NULL\n"
        "WITH p ORDER BY coalesce(p.pagerank, 0.0) DESC, p.key\n"
        "WITH p.community AS community, collect(p) AS members\n"
        "WITH community, size(members) AS size, members[..5] AS central\n"
        "RETURN community, size, central ORDER BY size DESC, community LIMIT 20",
    ),
    SavedQuery(
        "Emerging concepts",
        "Concepts mentioned most in the last two publication years relative to the years before (a table of "
        "25 concepts).",
        "MATCH (p:Paper) WHERE p.year IS NOT NULL WITH max(p.year) AS last\n"
        "MATCH (p:Paper)-[:MENTIONS]->(c:Concept) WHERE p.year IS NOT NULL\n"
        "WITH c, sum(CASE WHEN p.year >= last - 1 THEN 1 ELSE 0 END) AS recent,\n"
        "     sum(CASE WHEN p.year < last - 1 THEN 1 ELSE 0 END) AS before\n"
        "WHERE recent > 0\n"
        "RETURN c.name AS concept, recent, before, toFloat(recent) / (before + 1) AS growth, c\n"
        "ORDER BY growth DESC, recent DESC, concept LIMIT 25",
    ),
    SavedQuery(
        "Most cited papers",
        "The 25 papers cited most often inside the collection.",
        "MATCH (p:Paper)<-[c:CITES]-(:Paper)\n"
        "WITH p, count(c) AS cited ORDER BY cited DESC, p.key LIMIT 25\n"
        "RETURN p.title AS title, p.year AS year, cited, p",
    ),
)
