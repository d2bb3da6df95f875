"""Fixtures of the Neo4j store tests: a real WoS graph (with real annotations on a slice) and a hand-made
graph with every property type and hostile strings. The server fixtures live in tests/conftest.py."""

from __future__ import annotations

import pytest

from scholargraph.graph import schema
from scholargraph.graph.kg import KnowledgeGraph

HOSTILE = [
    'O\'Brien "quoted" `backtick`',
    "}) DETACH DELETE n //",
    "MATCH (n) DETACH DELETE n; RETURN 1",
    "{braces} $param ${x} \\backslash\\ // comment /* block */",
    "Ünïcödé — ½ ≠ 😀 𝔘 中文 עִברִית \u200b zero-width \u0000 nul",
    "CREATE (x:Hacked) RETURN x",
]


def hand_kg() -> KnowledgeGraph:
    """Every label, relationship type and property type (date at each precision, lists, json evidence, an empty
    list, extra analysis properties), with hostile strings in titles, names and keys."""
    kg = KnowledgeGraph()
    p1 = kg.add_node(
        schema.PAPER, "doi:10.1/a", title=HOSTILE[0], abstract=HOSTILE[3], year=2020, date="2020-03-05",
        date_precision="day", doi="10.1/a", keywords=["graphs", HOSTILE[1]], categories=[], author_count=2,
        citation_count=7, upvotes=0, sources=["x.txt"], unresolved_references=1,
        unresolved_reference_list=["Smith J, 1999, X"], community=0, pagerank=0.61, flag=True,
    )  # fmt: skip
    p2 = kg.add_node(schema.PAPER, "title:" + HOSTILE[1], title=HOSTILE[2], year=2021, date="2021-07",
                     date_precision="month", community=1, pagerank=0.39, scores=[1.5, 2.5])  # fmt: skip
    p3 = kg.add_node(schema.PAPER, "arxiv:2101.00001", title=HOSTILE[4], year=2022, date="2022",
                     date_precision="year", nested={"a": [1, 2], "b": None})  # fmt: skip
    a1 = kg.add_node(
        schema.AUTHOR, "name:" + HOSTILE[5].lower(), name=HOSTILE[5], name_variants=[HOSTILE[5], "X"]
    )
    a2 = kg.add_node(schema.AUTHOR, "orcid:0000-0002-1825-0097", name="Ann Lee", orcid="0000-0002-1825-0097")
    t = kg.add_node(schema.TOPIC, "0", name="graphs / citations", top_concepts=["graph", HOSTILE[0]], size=2)
    c1 = kg.add_node(
        schema.CONCEPT, "graph", name="graph", kind="method", surface_forms=["graphs"], aliases=[], df=2
    )
    c2 = kg.add_node(schema.CONCEPT, HOSTILE[0], name=HOSTILE[0], kind="keyphrase", df=1)
    v = kg.add_node(schema.VENUE, "journal of graphs", name="Journal of Graphs")
    kg.add_edge(schema.AUTHORED, a1, p1, position=1)
    kg.add_edge(schema.AUTHORED, a2, p1, position=2)
    kg.add_edge(schema.AUTHORED, a2, p2, position=1)
    kg.add_edge(schema.CITES, p2, p1, matched_by="doi")
    kg.add_edge(schema.CITES, p3, p2, matched_by="title")
    kg.add_edge(schema.HAS_TOPIC, p1, t, weight=0.75)
    kg.add_edge(schema.HAS_TOPIC, p2, t, weight=0.25)
    evidence = [
        {"sentence": 0, "start": 0, "end": 6, "text": HOSTILE[1]},
        {"sentence": 2, "start": 3, "end": 9, "text": "ok"},
    ]
    kg.add_edge(schema.MENTIONS, p1, c1, count=2, weight=0.5, evidence=evidence)
    kg.add_edge(schema.MENTIONS, p2, c2, count=1, weight=0.1, evidence=[])
    kg.add_edge(schema.BELONGS_TO, c1, t, weight=0.6)
    kg.add_edge(schema.BELONGS_TO, c2, t, weight=0.4)
    kg.add_edge(schema.PUBLISHED_IN, p1, v)
    return kg


def add_centrality(kg: KnowledgeGraph, seed: int = 0) -> None:
    """PageRank on the citation graph and Louvain communities on the undirected paper graph, as Paper
    properties ``pagerank`` and ``community`` (what the analysis stores), computed here with networkx."""
    import networkx as nx

    papers = [n for n, _ in kg.nodes(schema.PAPER)]
    cites = nx.DiGraph()
    cites.add_nodes_from(papers)
    cites.add_edges_from((u, v) for u, v, _ in kg.edges(schema.CITES))
    pr = nx.pagerank(cites)
    und = nx.Graph()
    und.add_nodes_from(papers)
    und.add_edges_from(cites.edges())
    comms = sorted(nx.community.louvain_communities(und, seed=seed), key=lambda c: (-len(c), min(c)))
    for i, comm in enumerate(comms):
        for n in comm:
            kg.graph.nodes[n]["community"] = i
    for n in papers:
        kg.graph.nodes[n]["pagerank"] = round(pr[n], 12)


@pytest.fixture
def small_kg() -> KnowledgeGraph:
    return hand_kg()


@pytest.fixture(scope="session")
def wos_graph(corpora) -> KnowledgeGraph:
    """One real WoS file (500 papers) built into a graph, with real spaCy annotations (concepts, topics,
    mentions with evidence) on the first 60 papers, plus PageRank and communities."""
    from scholargraph.graph.build import build_graph
    from scholargraph.nlp.pipeline import extract, load_nlp
    from scholargraph.readers import read

    files = sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz"))[:1]
    corpus = read(files)
    papers = sorted(corpus.papers, key=lambda p: p.id)
    with_text = [p for p in papers if p.abstract][:60]
    ann = extract(load_nlp(), with_text, n_topics=4, seed=0, progress=False)
    kg = build_graph(corpus, ann)
    add_centrality(kg)
    return kg
