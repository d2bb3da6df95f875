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
    info = export(kg, "graphml", tmp_path / "g.graphml", full=True)
    assert info["graph"] == "the full graph" and info["left_out"] == {} and info["notes"] == []
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert (g.number_of_nodes(), g.number_of_edges()) == (n, m)
    node = g.nodes["Paper:doi:10.1000/a"]
    assert json.loads(node["keywords"]) == ["gnn", "citations"] and node["year"] == 2020
    export(kg, "gexf", tmp_path / "g.gexf", full=True)
    h = nx.read_gexf(tmp_path / "g.gexf")
    assert (h.number_of_nodes(), h.number_of_edges()) == (n, m)
    assert h.nodes["Paper:doi:10.1000/a"]["kind"] == "Paper"
    assert h.nodes["Paper:doi:10.1000/a"]["label"] == "Graph neural networks for citations"
    assert {d["rel_type"] for _, _, d in h.edges(data=True)} == set(kg.counts()["edges"])


def test_graph_exports_leave_the_concepts_out_by_default(kg, tmp_path):
    """Concepts are most of a real store (and of its GEXF); by default the papers, authors, topics and venues are
    written, the output says so, and --full writes the rest."""
    labels = {d["label"] for _, d in kg.graph.nodes(data=True)}
    assert "Concept" in labels
    core = {n for n, d in kg.graph.nodes(data=True) if d["label"] in ("Paper", "Author", "Topic", "Venue")}
    core_edges = [(u, v) for u, v in kg.graph.edges() if u in core and v in core]
    for fmt, name, read in (("graphml", "g.graphml", nx.read_graphml), ("gexf", "g.gexf", nx.read_gexf)):
        info = export(kg, fmt, tmp_path / name)
        g = read(tmp_path / name)
        assert set(g.nodes) == core and g.number_of_edges() == len(core_edges) == info["edges"]
        assert info["graph"] == "the paper, author, topic and venue graph"
        n_concepts = sum(1 for _, d in kg.graph.nodes(data=True) if d["label"] == "Concept")
        assert info["left_out"] == {"Concept": n_concepts}
        assert info["notes"] == [
            f"left out: {n_concepts} Concept nodes and their relationships (--full writes the whole graph; "
            "--projection concepts a concept network)"
        ]
    with pytest.raises(ConfigError, match="give one of them"):
        export(kg, "graphml", tmp_path / "x.graphml", full=True, projection="coupling")


def test_vosviewer_labels_papers_by_first_author_and_year(kg, tmp_path):
    """Like VOSviewer's own document labels. Hand-checked against tests/_support/samples.py: the co-cited papers
    are a (Ann Lee, 2020), b (Bo Chen, 2021) and c (A. Lee first, 2022): c cites a and b, d cites a and c."""
    info = export(kg, "vosviewer", tmp_path / "v")
    assert info["projection"] == "co-citation" and info["notes"] == []
    rows = list(csv.reader((tmp_path / "v" / "co_citation_map.txt").open(), delimiter="\t"))
    assert sorted(r[1] for r in rows[1:]) == ["Chen (2021)", "Lee (2020)", "Lee (2022)"]


def test_first_author_labels_of_equal_names_get_letters():
    from scholargraph.graph.exports import _distinct

    got = _distinct({"P:2": "Smith (2020)", "P:1": "Smith (2020)", "P:3": "Smith (2021)", "P:4": "A title"})
    assert got == {"P:1": "Smith (2020a)", "P:2": "Smith (2020b)", "P:3": "Smith (2021)", "P:4": "A title"}


def _papers(*refs_per_paper):
    from scholargraph.model import Author, Corpus, Paper, Reference

    return Corpus(
        [
            Paper.create(
                title=f"Paper number {i}",
                year=2020 + i,
                doi=f"10.5555/t.{i}",
                authors=[Author(f"Ann Author{i}"), Author("Bo Second")],
                references=[Reference(raw=r) for r in refs],
            )  # fmt: skip
            for i, refs in enumerate(refs_per_paper)
        ]
    )


def test_vosviewer_announces_coupling_when_no_paper_cites_another(tmp_path):
    shared = "Small H, 1973, J AM SOC INFORM SCI, V24, P265"
    kg = build_graph(_papers([shared, "Other A, 2001, X"], [shared]))
    info = export(kg, "vosviewer", tmp_path / "v")
    assert info["projection"] == "coupling" and (tmp_path / "v" / "coupling_map.txt").is_file()
    assert len(info["notes"]) == 1 and "no paper of the corpus cites another one" in info["notes"][0]
    rows = list(csv.reader((tmp_path / "v" / "coupling_map.txt").open(), delimiter="\t"))
    assert sorted(r[1] for r in rows[1:]) == ["Author0 (2020)", "Author1 (2021)"]
    # co-citation of every cited work, labelled from the citation strings
    info = export(kg, "vosviewer", tmp_path / "w", projection="co-citation", all_refs=True)
    rows = list(csv.reader((tmp_path / "w" / "co_citation_map.txt").open(), delimiter="\t"))
    assert sorted(r[1] for r in rows[1:]) == ["Other (2001)", "Small (1973)"]


def test_a_projection_without_links_writes_nothing_and_says_what_has_data(tmp_path):
    kg = build_graph(_papers([], []))
    with pytest.raises(ConfigError) as err:
        export(kg, "vosviewer", tmp_path / "v")
    msg = str(err.value)
    assert "the co-citation projection of this store has no links (the papers have no references)" in msg
    assert "nothing was written" in msg and "co-authorship (--projection co-authorship)" in msg
    assert not (tmp_path / "v").exists()
    with pytest.raises(ConfigError, match=r"the concepts projection .*\(the papers have no concepts"):
        export(kg, "gexf", tmp_path / "c.gexf", projection="concepts")
    assert not (tmp_path / "c.gexf").exists()


def test_json_exports(kg, tmp_path):
    export(kg, "node-link", tmp_path / "g.json", full=True)
    data = json.loads((tmp_path / "g.json").read_text())
    assert (
        len(data["nodes"]) == kg.graph.number_of_nodes() and len(data["edges"]) == kg.graph.number_of_edges()
    )
    g = nx.node_link_graph(data, edges="edges")
    assert g.nodes["Paper:doi:10.1000/a"]["keywords"] == ["gnn", "citations"]
    export(kg, "cytoscape", tmp_path / "c.json", full=True)
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
