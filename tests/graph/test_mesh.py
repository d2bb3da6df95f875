"""MeSH descriptors become MeshTerm nodes with HAS_MESH {major, qualifiers}: counted against a few lines of
stdlib parsing of the raw PubMed XML, equal from the MEDLINE text of the same records, usable in projections."""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from pathlib import Path

import pytest

import scholargraph as sg
from scholargraph.graph import schema

pytestmark = pytest.mark.shared

XML = "pubmed-xml/p1m-ortho-pubmed_result.xml.gz"


def _oracle(path: Path) -> dict[tuple[str, str], bool]:
    """(PMID, case-folded descriptor) -> major, straight from the XML text with regular expressions."""
    text = gzip.open(path, "rt", encoding="utf-8").read()
    out: dict[tuple[str, str], bool] = defaultdict(bool)
    for art in re.findall(r"<PubmedArticle>.*?</PubmedArticle>", text, re.S):
        pmid = re.search(r'<PMID Version="\d+">(\d+)</PMID>', art).group(1)
        for head in re.findall(r"<MeshHeading>(.*?)</MeshHeading>", art, re.S):
            desc = re.search(r'<DescriptorName[^>]*MajorTopicYN="(Y|N)"[^>]*>([^<]+)</DescriptorName>', head)
            quals_major = re.findall(r'<QualifierName[^>]*MajorTopicYN="Y"', head)
            name = " ".join(desc.group(2).split()).casefold()
            out[(pmid, name)] |= desc.group(1) == "Y" or bool(quals_major)
    return dict(out)


@pytest.fixture(scope="module")
def pubmed_kg(corpora):
    return sg.build_graph(sg.read(corpora / XML))


def test_mesh_nodes_and_edges_match_the_raw_xml(corpora, pubmed_kg):
    oracle = _oracle(corpora / XML)
    got = {}
    for u, v, d in pubmed_kg.edges(schema.HAS_MESH):
        pmid = pubmed_kg.graph.nodes[u]["pmid"]
        got[(pmid, pubmed_kg.graph.nodes[v]["key"])] = d["major"]
    assert len(oracle) > 3000
    assert got == oracle
    names = {name for _, name in oracle}
    assert {d["key"] for _, d in pubmed_kg.nodes(schema.MESH_TERM)} == names
    df = {d["key"]: d["df"] for _, d in pubmed_kg.nodes(schema.MESH_TERM)}
    assert df["humans"] == sum(1 for _, n in oracle if n == "humans")
    assert pubmed_kg.graph.nodes["MeshTerm:psoas abscess"]["ui"] == "D016659"


def test_medline_text_gives_the_same_mesh_graph(corpora, pubmed_kg):
    files = sorted((corpora / "medline-nbib").glob("p1m-ortho-citations*.nbib"))
    kg = sg.build_graph(sg.read(files))

    def edges(g):
        return {
            (g.graph.nodes[u]["pmid"], v, d["major"], tuple(d["qualifiers"]))
            for u, v, d in g.edges(schema.HAS_MESH)
        }

    assert edges(kg) == edges(pubmed_kg)
    assert all("ui" not in d for _, d in kg.nodes(schema.MESH_TERM))  # MEDLINE text has no descriptor UI


def test_mesh_cooccurrence_and_store_round_trip(pubmed_kg, tmp_path):
    g = sg.project(pubmed_kg, "mesh", min_occurrences=20)
    assert g.graph["items"] == "mesh" and g.number_of_edges() > 50
    assert all(n.startswith(schema.MESH_TERM + ":") for n in g)
    major = sg.graph.projections.mesh_cooccurrence(pubmed_kg, major_only=True)
    assert major.number_of_nodes() < sg.project(pubmed_kg, "mesh").number_of_nodes()
    sg.save(pubmed_kg, tmp_path)
    assert sg.load(tmp_path) == pubmed_kg
