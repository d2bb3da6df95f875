"""The whole WoS set pushed once into the real server (module fixture), then: a lossless pull (counts per label
and type, every property), typed storage, subgraphs, every saved query, and an idempotent re-push.

No test here uses ``neo4j_driver`` (it empties the database); the module has its own driver, and the tests run in
file order with the re-push last. Timing (2 shared cores, load ~7): push 75 s, pull 50 s, subgraphs 50 s."""

from __future__ import annotations

import pytest

from scholargraph.graph import schema
from scholargraph.neo4j.client import clear, connect, counts, pull, push
from scholargraph.neo4j.cypher import SAVED_QUERIES

pytestmark = pytest.mark.neo4j


def _db_counts(driver) -> dict:
    c = counts(driver)
    return {"nodes": dict(sorted(c["nodes"].items())), "edges": dict(sorted(c["edges"].items()))}


def _expected_counts(kg) -> dict:
    c = kg.counts()
    return {
        "nodes": {k: v for k, v in sorted(c["nodes"].items()) if v},
        "edges": {k: v for k, v in sorted(c["edges"].items()) if v},
    }


@pytest.fixture(scope="module")
def wos_db(neo4j_server, wos_graph):
    """A driver on a database holding exactly the pushed WoS graph; the push result is ``wos_db.pushed``."""
    driver = connect(neo4j_server.uri, neo4j_server.user, neo4j_server.password, max_transaction_retry_time=5)
    try:
        clear(driver)
        driver.pushed = push(wos_graph, driver, progress=False)
        yield driver
    finally:
        driver.close()


def test_the_whole_wos_set_is_pushed(wos_db, wos_graph):
    rows = wos_graph.graph.number_of_nodes() + wos_graph.graph.number_of_edges()
    assert wos_db.pushed["rows"] == rows > 90_000  # about 98,000 (a topic only where it fits: nlp.topics)
    assert wos_graph.counts()["nodes"][schema.PAPER] > 6000
    # identical counts per label and relationship type, and every one of the schema is present but MeSH (WoS
    # records carry no MeSH headings; the PubMed round trip is in test_neo4j_roundtrip.py)
    assert _db_counts(wos_db) == _expected_counts(wos_graph)
    assert set(_db_counts(wos_db)["nodes"]) == set(schema.LABELS) - {schema.MESH_TERM}
    assert set(_db_counts(wos_db)["edges"]) == set(schema.RELATIONSHIPS) - {schema.HAS_MESH}


def test_pull_gives_back_the_same_graph(wos_db, wos_graph):
    back = pull(wos_db)
    assert back.counts() == wos_graph.counts()
    # KnowledgeGraph equality: same nodes, edges and every property (types included)
    assert back == wos_graph
    some = sorted(wos_graph.graph.nodes)[::997]
    assert [back.graph.nodes[n] for n in some] == [wos_graph.graph.nodes[n] for n in some]


def test_values_are_stored_with_neo4j_types(wos_db, wos_graph):
    rec = wos_db.execute_query(
        "MATCH (p:Paper) WHERE p.date IS NOT NULL RETURN p.date AS d, p.date_precision AS prec LIMIT 1"
    ).records[0]
    assert type(rec["d"]).__name__ == "Date" and rec["prec"] in ("day", "month", "year")
    ev = wos_db.execute_query(
        "MATCH ()-[m:MENTIONS]->() WHERE m.evidence <> '[]' RETURN m.evidence AS e LIMIT 1"
    ).records[0]["e"]
    assert isinstance(ev, str) and ev.startswith('[{"')
    key, props = next(
        (d["key"], d) for _, d in wos_graph.nodes(schema.PAPER) if len(d.get("keywords", [])) > 1
    )
    kw = wos_db.execute_query("MATCH (p:Paper {key: $key}) RETURN p.keywords AS k", key=key).records[0]["k"]
    assert kw == props["keywords"]  # a list of strings, not JSON text (only empty lists are stored as JSON)


def test_subgraphs_equal_the_same_subgraphs_of_the_graph(wos_db, wos_graph):
    """Subgraphs pulled by year range, community and topic equal the same subgraphs of the KnowledgeGraph."""
    g = wos_graph.graph
    years = sorted(d["year"] for _, d in wos_graph.nodes(schema.PAPER) if d.get("year"))
    y = years[len(years) // 2]
    sub = pull(wos_db, years=(y - 1, y))
    papers = {n for n, d in wos_graph.nodes(schema.PAPER) if d.get("year") in (y - 1, y)}
    assert papers and {n for n, _ in sub.nodes(schema.PAPER)} == papers
    # neighbours of those papers come along, with every relationship among the selected nodes
    expected = set(papers) | {m for p in papers for m in (*g.successors(p), *g.predecessors(p))
                              if g.nodes[m]["label"] != schema.PAPER}  # fmt: skip
    assert set(sub.graph.nodes) == expected
    assert sub == wos_graph.subgraph(expected)

    community = g.nodes[max(papers, key=lambda n: g.nodes[n]["pagerank"])]["community"]
    sub = pull(wos_db, community=community, labels=[schema.PAPER])
    assert {n for n, _ in sub.nodes()} == {
        n for n, d in wos_graph.nodes(schema.PAPER) if d["community"] == community
    }

    topic = min((d["size"], schema.split_node_id(n)[1]) for n, d in wos_graph.nodes(schema.TOPIC))[1]
    tid = schema.node_id(schema.TOPIC, topic)
    sub = pull(wos_db, topic=topic)
    assert {n for n, _ in sub.nodes(schema.PAPER)} == {
        u for u, v, _ in wos_graph.edges(schema.HAS_TOPIC) if v == tid
    }
    assert {n for n, _ in sub.nodes(schema.CONCEPT)} >= {
        u for u, v, _ in wos_graph.edges(schema.BELONGS_TO) if v == tid
    }
    assert sub == wos_graph.subgraph(set(sub.graph.nodes))


def _nodes_in(value, seen: set) -> None:
    import neo4j.graph

    if isinstance(value, neo4j.graph.Node):
        seen.add(value.element_id)
    elif isinstance(value, neo4j.graph.Path):
        seen.update(n.element_id for n in value.nodes)
    elif isinstance(value, neo4j.graph.Relationship):
        seen.update(n.element_id for n in value.nodes)
    elif isinstance(value, list | tuple):
        for v in value:
            _nodes_in(v, seen)
    elif isinstance(value, dict):
        for v in value.values():
            _nodes_in(v, seen)


@pytest.mark.parametrize("query", SAVED_QUERIES, ids=lambda q: q.name)
def test_saved_query_runs_on_the_pushed_wos_graph(wos_db, wos_graph, query):
    records = wos_db.execute_query(query.cypher).records
    assert records, f"saved query {query.name!r} returned nothing"
    seen: set = set()
    for r in records:
        _nodes_in(list(r.values()), seen)
    assert len(seen) < 1000, f"{query.name!r} shows {len(seen)} nodes (Browser draws at most 1,000)"


def test_saved_queries_answer_what_they_promise(wos_db, wos_graph):
    """Spot checks of the results against the KnowledgeGraph itself."""
    by_name = {q.name: q.cypher for q in SAVED_QUERIES}
    g = wos_graph.graph
    cited = {}
    for _, v, _ in wos_graph.edges(schema.CITES):
        cited[v] = cited.get(v, 0) + 1
    top = wos_db.execute_query(by_name["Most cited papers"]).records
    assert [r["cited"] for r in top] == sorted(cited.values(), reverse=True)[: len(top)]
    assert top[0]["title"] == g.nodes[min(cited, key=lambda n: (-cited[n], n))]["title"]

    years = wos_db.execute_query(by_name["Top topics per year"]).records
    with_topics = {g.nodes[u].get("year") for u, _, _ in wos_graph.edges(schema.HAS_TOPIC)} - {None}
    assert [r["year"] for r in years] == sorted(with_topics)

    rows = wos_db.execute_query(by_name["A topic's papers and authors"]).records
    largest = max(wos_graph.nodes(schema.TOPIC), key=lambda nd: (nd[1]["size"], -int(nd[1]["key"])))
    assert {r["t"]["key"] for r in rows} == {largest[1]["key"]}
    assert len({r["p"]["key"] for r in rows}) == 50


def test_pushing_again_changes_nothing(wos_db, wos_graph):
    """The same push again (another batch size): same counts, and a pulled community equals the graph's (the
    whole graph's pull was checked above; pulling it again would double this test's time)."""
    push(wos_graph, wos_db, batch_size=5000, progress=False)
    assert _db_counts(wos_db) == _expected_counts(wos_graph)
    g = wos_graph.graph
    biggest = max(wos_graph.nodes(schema.PAPER), key=lambda nd: (nd[1]["pagerank"], nd[0]))[1]["community"]
    sub = pull(wos_db, community=biggest)
    assert sub.counts()["nodes"][schema.PAPER] == sum(
        1 for _, d in wos_graph.nodes(schema.PAPER) if d["community"] == biggest
    )
    assert sub == wos_graph.subgraph(set(sub.graph.nodes)) and len(sub.graph) < len(g)
