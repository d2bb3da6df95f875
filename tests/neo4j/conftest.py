"""Fixtures of the Neo4j store tests: real WoS graphs (author keywords as concepts, NMF topics) and a hand-made
graph with every property type and hostile strings. The server fixtures live in tests/conftest.py."""

from __future__ import annotations

import re
from collections import Counter

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
        unresolved_reference_list=["Smith J, 1999, X"], community=0, pagerank=0.61, user_flag=True,
    )  # fmt: skip
    p2 = kg.add_node(schema.PAPER, "title:" + HOSTILE[1], title=HOSTILE[2], year=2021, date="2021-07",
                     date_precision="month", community=1, pagerank=0.39, user_scores=[1.5, 2.5])  # fmt: skip
    p3 = kg.add_node(schema.PAPER, "arxiv:2101.00001", title=HOSTILE[4], year=2022, date="2022",
                     date_precision="year", user_nested={"a": [1, 2], "b": None})  # fmt: skip
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
    m = kg.add_node(schema.MESH_TERM, HOSTILE[2].casefold(), name=HOSTILE[2], ui="D000001", df=1)
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
    kg.add_edge(schema.HAS_MESH, p1, m, major=True, qualifiers=["surgery", HOSTILE[3]])
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
    kg.set_node_properties(schema.COMMUNITY, {n: i for i, comm in enumerate(comms) for n in comm})
    kg.set_node_properties(schema.PAGERANK, {n: round(pr[n], 12) for n in papers})


@pytest.fixture
def small_kg() -> KnowledgeGraph:
    return hand_kg()


def keyword_annotations(papers, *, min_df: int = 2, n_topics: int = 8, seed: int = 0):
    """Annotations made from the WoS author keywords instead of spaCy: a keyword (stripped, lower case) used by at
    least ``min_df`` papers is a Concept; a paper mentions its keywords (TF-IDF weights; evidence = the sentences
    of ``Paper.text()`` that contain the keyword); topics are NMF over those rows (``nlp.topics``)."""
    from scholargraph.nlp.annotations import Annotations, Concept, Evidence, Mention
    from scholargraph.nlp.topics import fit_topics, tfidf_matrix

    own = {p.id: sorted({k.strip().lower() for k in p.keywords if k.strip()}) for p in papers}
    df = Counter(k for ks in own.values() for k in ks)
    ann = Annotations()
    for name in sorted(k for k, n in df.items() if n >= min_df):
        ann.concepts[name] = Concept(name, kind="keyphrase", surface_forms=[name], df=df[name])
    rows = sorted(pid for pid, ks in own.items() if any(k in ann.concepts for k in ks))
    X, vocab = tfidf_matrix([{k: 1 for k in own[pid] if k in ann.concepts} for pid in rows])
    col = {c: j for j, c in enumerate(vocab)}
    text = {p.id: p.text() for p in papers}
    for i, pid in enumerate(rows):
        row = X.getrow(i)
        weights = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]?", text[pid])]
        mentions = []
        for k in (k for k in own[pid] if k in ann.concepts):
            evidence = []
            for s, (a, b) in enumerate(sentences):
                at = text[pid].lower().find(k, a, b)
                if at >= 0 and len(evidence) < 3:
                    evidence.append(Evidence(sentence=s, start=at, end=at + len(k), text=text[pid][a:b]))
            mentions.append(Mention(k, count=1, weight=round(weights[col[k]], 6), evidence=evidence))
        ann.mentions[pid] = mentions
    model = fit_topics(X, vocab, n_topics=n_topics, seed=seed)
    ann.topics = model.topics
    ann.paper_topics = {pid: shares for pid, shares in zip(rows, model.paper_topics, strict=True) if shares}
    ann.settings = {"concepts": "WoS author keywords", "min_df": min_df, "n_topics": n_topics, "seed": seed}
    return ann


def _wos_kg(files) -> KnowledgeGraph:
    from scholargraph.graph.build import build_graph
    from scholargraph.readers import read

    corpus = read(files)
    kg = build_graph(corpus, keyword_annotations(corpus.papers))
    add_centrality(kg)
    return kg


def _wos_files(corpora) -> list:
    files = sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz"))
    assert len(files) == 13, f"expected the 13 WoS files of wos-javeriana-cali, found {len(files)}"
    return files


@pytest.fixture(scope="session")
def wos_graph(corpora) -> KnowledgeGraph:
    """The whole WoS set (13 files, about 6,000 papers) built into a graph, with author keywords as concepts,
    NMF topics over them, PageRank and communities: every label and relationship type of the schema."""
    return _wos_kg(_wos_files(corpora))


@pytest.fixture(scope="session")
def wos_file_graph(corpora) -> KnowledgeGraph:
    """One WoS file (500 papers) built the same way, for the tests that push several times."""
    return _wos_kg(_wos_files(corpora)[:1])
