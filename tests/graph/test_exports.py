"""Exports: GraphML, GEXF, node-link, Cytoscape, VOSviewer, neo4j-admin CSV."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import networkx as nx
import pytest

from scholargraph.errors import ConfigError
from scholargraph.graph.build import build_graph
from scholargraph.graph.exports import export, write_neo4j_csv

_spec = importlib.util.spec_from_file_location(
    "neo4j_csv_check", Path(__file__).with_name("neo4j_csv_check.py")
)
neo4j_csv_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(neo4j_csv_check)


@pytest.fixture
def kg(corpus, annotations):
    return build_graph(corpus, annotations)


def test_graphml_and_gexf_read_back(kg, tmp_path):
    n, m = kg.graph.number_of_nodes(), kg.graph.number_of_edges()
    export(kg, "graphml", tmp_path / "g.graphml")
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert (g.number_of_nodes(), g.number_of_edges()) == (n, m)
    node = g.nodes["Paper:doi:10.1000/a"]
    assert json.loads(node["keywords"]) == ["gnn", "citations"] and node["year"] == 2020
    export(kg, "gexf", tmp_path / "g.gexf")
    h = nx.read_gexf(tmp_path / "g.gexf")
    assert (h.number_of_nodes(), h.number_of_edges()) == (n, m)
    assert h.nodes["Paper:doi:10.1000/a"]["kind"] == "Paper"
    assert h.nodes["Paper:doi:10.1000/a"]["label"] == "Graph neural networks for citations"
    assert {d["rel_type"] for _, _, d in h.edges(data=True)} == set(kg.counts()["edges"])


def test_json_exports(kg, tmp_path):
    export(kg, "node-link", tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text())
    assert (
        len(data["nodes"]) == kg.graph.number_of_nodes() and len(data["edges"]) == kg.graph.number_of_edges()
    )
    g = nx.node_link_graph(data, edges="edges")
    assert g.nodes["Paper:doi:10.1000/a"]["keywords"] == ["gnn", "citations"]
    export(kg, "cytoscape", tmp_path / "c.json")
    cy = json.loads((tmp_path / "c.json").read_text())
    assert len(cy["elements"]["nodes"]) == kg.graph.number_of_nodes()
    assert len(cy["elements"]["edges"]) == kg.graph.number_of_edges()
    export(kg, "graphml", tmp_path / "p.graphml", projection="coupling", normalization="cosine")
    p = nx.read_graphml(tmp_path / "p.graphml")
    assert p.number_of_edges() > 0 and all(0 < d["weight"] <= 1 for _, _, d in p.edges(data=True))


def test_vosviewer(kg, tmp_path):
    info = export(kg, "vosviewer", tmp_path / "vos", projection="coupling")
    rows = list(csv.reader((tmp_path / "vos" / "coupling_map.txt").open(), delimiter="\t"))
    assert rows[0][:4] == ["id", "label", "cluster", "weight<Occurrences>"]
    ids = {int(r[0]) for r in rows[1:]}
    assert ids == set(range(1, info["nodes"] + 1))
    links = [
        line.split("\t") for line in (tmp_path / "vos" / "coupling_network.txt").read_text().splitlines()
    ]
    assert len(links) == info["edges"] > 0
    assert all(int(a) in ids and int(b) in ids and float(w) > 0 for a, b, w in links)
    vj = json.loads((tmp_path / "vos" / "coupling.json").read_text())
    assert len(vj["network"]["items"]) == info["nodes"] and len(vj["network"]["links"]) == info["edges"]
    assert export(kg, "vosviewer", tmp_path / "v2")["projection"] == "co-citation"  # the default


def test_neo4j_csv_passes_the_schema_check(kg, tmp_path):
    info = write_neo4j_csv(kg, tmp_path / "neo")
    rows = neo4j_csv_check.check(tmp_path / "neo")
    c = kg.counts()
    for label, n in c["nodes"].items():
        assert rows[f"nodes_{label}.csv"] == n
    for rel, n in c["edges"].items():
        assert rows[f"rels_{rel}.csv"] == n
    header = (tmp_path / "neo" / "nodes_Paper.csv").read_text().splitlines()[0].split(",")
    assert header[0] == "key:ID(Paper)" and header[-1] == ":LABEL"
    assert {"year:int", "keywords:string[]", "date:date", "unresolved_reference_list:string[]"} <= set(header)
    rel_header = (tmp_path / "neo" / "rels_AUTHORED.csv").read_text().splitlines()[0]
    assert rel_header == ":START_ID(Author),:END_ID(Paper),:TYPE,position:int"
    assert info["replaced_delimiters"] == 0
    assert "--array-delimiter=';'" in (tmp_path / "neo" / "import.sh").read_text()


def test_neo4j_check_catches_a_dangling_relationship(kg, tmp_path):
    write_neo4j_csv(kg, tmp_path)
    with (tmp_path / "rels_CITES.csv").open("a") as fh:
        fh.write("doi:10.1000/nope,doi:10.1000/a,CITES,doi\n")
    with pytest.raises(AssertionError, match="start 'doi:10.1000/nope' not in id space Paper"):
        neo4j_csv_check.check(tmp_path)


def test_array_delimiter_inside_an_item(corpus, tmp_path):
    corpus.papers[0].keywords = ["a;b", "c"]
    info = write_neo4j_csv(build_graph(corpus), tmp_path)
    assert info["replaced_delimiters"] == 1
    neo4j_csv_check.check(tmp_path)


def test_bad_format_and_options(kg, tmp_path):
    with pytest.raises(ConfigError, match="format must be one of graphml, gexf"):
        export(kg, "pdf", tmp_path / "x")
    with pytest.raises(ConfigError, match="neo4j-csv exports the whole graph"):
        export(kg, "neo4j-csv", tmp_path / "x", projection="coupling")
