"""Push / pull against a real Neo4j server: incremental pushes (one WoS file), every property type and hostile
strings, validation of arguments. The whole WoS set's round trip, subgraphs and saved queries: test_neo4j_wos.py."""

from __future__ import annotations

import pytest

from scholargraph.errors import ConfigError, Neo4jError
from scholargraph.graph import schema
from scholargraph.neo4j.client import connect, counts, pull, push

from .conftest import HOSTILE, hand_kg

pytestmark = pytest.mark.neo4j


def _db_counts(driver) -> dict:
    c = counts(driver)
    return {"nodes": dict(sorted(c["nodes"].items())), "edges": dict(sorted(c["edges"].items()))}


def _expected_counts(kg) -> dict:
    c = kg.counts()
    return {
        "nodes": {k: v for k, v in c["nodes"].items() if v},
        "edges": {k: v for k, v in c["edges"].items() if v},
    }


def test_incremental_push_adds_only_what_is_new(neo4j_driver, wos_file_graph):
    wos_graph = wos_file_graph
    old = wos_graph.subgraph([n for n, d in wos_graph.graph.nodes(data=True)
                              if d["label"] != schema.PAPER or (d.get("year") or 0) <= 2015])  # fmt: skip
    push(old, neo4j_driver, progress=False)
    assert _db_counts(neo4j_driver) == _expected_counts(old)
    push(wos_graph, neo4j_driver, progress=False)
    assert _db_counts(neo4j_driver) == _expected_counts(wos_graph)
    assert pull(neo4j_driver) == wos_graph


def test_every_property_type_and_hostile_strings_are_stored_verbatim(neo4j_driver):
    kg = hand_kg()
    sentinel = neo4j_driver.execute_query("CREATE (s:Sentinel {name: 'keep me'}) RETURN elementId(s) AS id")
    push(kg, neo4j_driver, batch_size=2, progress=False)
    back = pull(neo4j_driver)
    assert back == kg
    titles = {d["title"] for _, d in back.nodes(schema.PAPER)}
    assert titles == {HOSTILE[0], HOSTILE[2], HOSTILE[4]}
    assert back.graph.nodes["Paper:doi:10.1/a"]["date"] == "2020-03-05"
    assert back.graph.nodes["Paper:arxiv:2101.00001"]["user_nested"] == {"a": [1, 2], "b": None}
    assert (
        back.graph.edges["Paper:doi:10.1/a", "Concept:graph", schema.MENTIONS]["evidence"][0]["text"]
        == HOSTILE[1]
    )
    # nothing else changed: the unrelated node survives, no other label appeared
    labels = {
        r["l"]
        for r in neo4j_driver.execute_query("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l").records
    }
    assert labels == set(schema.LABELS) | {"Sentinel"}
    left = neo4j_driver.execute_query("MATCH (s:Sentinel) RETURN elementId(s) AS id").records
    assert [r["id"] for r in left] == [sentinel.records[0]["id"]]


def test_arguments_are_validated(neo4j_driver, neo4j_server):
    with pytest.raises(ConfigError, match="batch_size"):
        push(hand_kg(), neo4j_driver, batch_size=0)
    with pytest.raises(ConfigError, match="labels"):
        pull(neo4j_driver, labels=["Paper", "Person"])
    with pytest.raises(ConfigError, match="years"):
        pull(neo4j_driver, years=(2020, 2010))
    with pytest.raises(Neo4jError, match="no database 'nosuchdb'"):
        connect(neo4j_server.uri, neo4j_server.user, neo4j_server.password, database="nosuchdb")
    with pytest.raises(Neo4jError, match="refused the credentials"):
        connect(neo4j_server.uri, neo4j_server.user, "wrong-password")
    with pytest.raises(Neo4jError, match="cannot reach Neo4j"):
        from scholargraph.neo4j.server import free_port

        connect(f"bolt://127.0.0.1:{free_port()}", "neo4j", "x")


@pytest.mark.shared
def test_pubmed_graph_with_mesh_round_trips(neo4j_driver, corpora):
    import scholargraph as sg

    kg = sg.build_graph(sg.read(corpora / "pubmed-xml" / "p1m-ortho-pubmed_result.xml.gz"))
    push(kg, neo4j_driver, progress=False)
    assert _db_counts(neo4j_driver) == _expected_counts(kg)
    assert pull(neo4j_driver) == kg
    rows = neo4j_driver.execute_query(
        "MATCH (p:Paper)-[r:HAS_MESH {major: true}]->(m:MeshTerm {key: $k}) RETURN count(p) AS n",
        k="psoas abscess",
    ).records
    major = sum(1 for u, v, d in kg.edges(schema.HAS_MESH) if v == "MeshTerm:psoas abscess" and d["major"])
    assert rows[0]["n"] == major > 50
