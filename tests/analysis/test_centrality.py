from __future__ import annotations

import networkx as nx
import pytest
from scipy.stats import spearmanr

from scholargraph.analysis import (
    annotate_centrality,
    betweenness,
    centrality,
    citation_graph,
    eigenvector,
    hits,
    pagerank,
    top_papers,
)
from scholargraph.errors import ConfigError
from scholargraph.graph.kg import KnowledgeGraph


def test_citation_graph_keeps_papers_and_cites_only(planted_kg):
    C = citation_graph(planted_kg)
    n_papers = sum(1 for _ in planted_kg.nodes("Paper"))
    assert C.number_of_nodes() == n_papers
    assert C.number_of_edges() == sum(1 for _ in planted_kg.edges("CITES"))
    assert all(str(n).startswith("Paper:") for n in C)


def test_centrality_table_on_planted_corpus(planted, planted_kg):
    corpus, _ = planted
    table = centrality(planted_kg)
    assert len(table) == len(corpus)
    assert table["pagerank"].sum() == pytest.approx(1.0)
    assert table["pagerank"].is_monotonic_decreasing
    top = top_papers(table, n=10)
    assert top["rank"].tolist() == list(range(1, 11))
    titles = {p.id: p.title for p in corpus}
    assert top["title"].tolist() == [titles[p] for p in top["paper_id"]]
    # evidence: the citing papers, which really cite the top paper
    for row in top.itertuples():
        assert len(row.cited_by) == row.in_degree
        for citing in row.cited_by:
            assert planted_kg.graph.has_edge(f"Paper:{citing}", row.node, key="CITES")
    assert table.attrs["settings"]["betweenness_exact"] is True
    assert centrality(planted_kg).equals(table)


def test_measures_agree_with_networkx():
    G = nx.gnp_random_graph(60, 0.08, seed=4, directed=True)
    pr = pagerank(G)
    assert pr == pytest.approx(nx.pagerank(G), abs=1e-6)
    U = nx.gnp_random_graph(60, 0.1, seed=5)
    ev = eigenvector(U)
    ref = nx.eigenvector_centrality(U, max_iter=5000, tol=1e-12)
    assert [ev[n] for n in U] == pytest.approx([ref[n] for n in U], abs=1e-5)
    h, a = hits(G)
    rh, ra = nx.hits(G, max_iter=5000, tol=1e-12)
    assert [h[n] for n in G] == pytest.approx([abs(rh[n]) for n in G], abs=1e-5)
    assert [a[n] for n in G] == pytest.approx([abs(ra[n]) for n in G], abs=1e-5)


def test_betweenness_exact_then_sampled_above_threshold():
    G = nx.barabasi_albert_graph(400, 2, seed=1)
    exact, how = betweenness(G)
    assert how == {"exact": True, "k": None, "seed": None}
    assert exact == pytest.approx(nx.betweenness_centrality(G))
    # above the threshold the default k is min(n, 500): with 400 nodes every source is used, i.e. exact
    assert betweenness(G, exact_max_nodes=100)[1]["exact"] is True
    sampled, how = betweenness(G, k=150, seed=7)
    assert how == {"exact": False, "k": 150, "seed": 7}
    assert betweenness(G, k=150, seed=7)[0] == sampled
    top = sorted(exact, key=exact.get, reverse=True)[:50]
    rho = spearmanr([exact[n] for n in top], [sampled[n] for n in top]).statistic
    assert rho > 0.7


def test_annotate_pagerank_into_graph():
    kg = KnowledgeGraph()
    for k in "abc":
        kg.add_node("Paper", k, title=k)
    kg.add_edge("CITES", "Paper:a", "Paper:c")
    kg.add_edge("CITES", "Paper:b", "Paper:c")
    table = centrality(kg)
    assert annotate_centrality(kg, table, ("pagerank", "in_degree")) == 3
    assert kg.graph.nodes["Paper:c"]["in_degree"] == 2
    assert kg.graph.nodes["Paper:c"]["pagerank"] == pytest.approx(table.loc[0, "pagerank"])
    assert table.loc[0, "cited_by"] == ["a", "b"]


def test_bad_parameters():
    table = centrality(KnowledgeGraph())
    assert len(table) == 0
    with pytest.raises(ConfigError, match="The 'by' parameter of top_papers must be one of"):
        top_papers(table, by="fame")
    with pytest.raises(ConfigError, match="The 'k' parameter of betweenness must be an int >= 1, got 0"):
        betweenness(nx.path_graph(3), k=0)
