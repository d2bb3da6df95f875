"""Projections: hand-computed values, sparse == pairwise-loop baseline, thresholds, validation."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest
from projection_oracle import loop_project

from scholargraph.errors import ConfigError
from scholargraph.graph import projections as P
from scholargraph.graph import references as R
from scholargraph.graph.build import build_graph
from scholargraph.graph.kg import KnowledgeGraph


def _authorship(docs: dict[str, list[str]]) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for p in sorted(docs):
        kg.add_node("Paper", p)
    for a in sorted({a for au in docs.values() for a in au}):
        kg.add_node("Author", a)
    for p, au in docs.items():
        for a in au:
            kg.add_edge("AUTHORED", f"Author:{a}", f"Paper:{p}")
    return kg


TINY = {"p1": ["x", "y"], "p2": ["x", "y", "z"], "p3": ["z", "w"], "p4": ["x"]}
# occurrences: x 3, y 2, z 2, w 1; counts: xy 2, xz 1, yz 1, zw 1


def _w(g, u, v):
    return g[f"Author:{u}"][f"Author:{v}"]["weight"]


def test_normalisations_by_hand():
    kg = _authorship(TINY)
    g = P.co_authorship(kg)
    assert {(u[7:], v[7:]): d["count"] for u, v, d in g.edges(data=True)} == {
        ("x", "y"): 2, ("x", "z"): 1, ("y", "z"): 1, ("w", "z"): 1,
    }  # fmt: skip
    assert g.nodes["Author:x"]["occurrences"] == 3
    assert _w(P.co_authorship(kg, normalization="cosine"), "x", "y") == pytest.approx(2 / math.sqrt(6))
    assert _w(P.co_authorship(kg, normalization="jaccard"), "x", "y") == pytest.approx(2 / 3)
    assert _w(P.co_authorship(kg, normalization="inclusion"), "z", "w") == pytest.approx(1.0)
    # association strength 2 m c_ij / (s_i s_j): m = 5, s_x = 3, s_y = 3, s_z = 3, s_w = 1
    assert _w(P.co_authorship(kg, normalization="association"), "x", "y") == pytest.approx(2 * 5 * 2 / 9)
    # fractional: p2 has 3 authors -> 1/2 per pair; p1 -> 1
    frac = P.co_authorship(kg, counting="fractional")
    assert _w(frac, "x", "y") == pytest.approx(1.5) and frac["Author:x"]["Author:y"]["count"] == 2
    # each paper with n >= 2 items adds n/2 in total to the link strength
    assert sum(d["weight"] for _, _, d in frac.edges(data=True)) == pytest.approx(1 + 1.5 + 1)


def test_thresholds():
    kg = _authorship(TINY)
    assert sorted(P.co_authorship(kg, min_weight=2).edges()) == [("Author:x", "Author:y")]
    top1 = P.co_authorship(kg, top_k=1)
    # x, y -> xy; z's strongest (tie 1,1,1) -> by name: w; w -> zw
    assert sorted(top1.edges()) == [("Author:w", "Author:z"), ("Author:x", "Author:y")]
    assert "Author:w" not in P.co_authorship(kg, min_occurrences=2)
    assert P.co_authorship(kg, max_authors=2).number_of_edges() == 2  # p2 (3 authors) left out
    assert "Author:q" not in P.co_authorship(_authorship({**TINY, "p5": ["q"]}))
    assert "Author:q" in P.co_authorship(_authorship({**TINY, "p5": ["q"]}), isolates=True)


def _random_kg(seed: int) -> KnowledgeGraph:
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    papers = [f"p{i:03d}" for i in range(60)]
    for p in papers:
        kg.add_node(
            "Paper",
            p,
            unresolved_reference_list=[f"Ext {rng.randrange(25)}, 1999" for _ in range(rng.randrange(6))],
        )
    for a in range(30):
        kg.add_node("Author", f"a{a:02d}")
    for c in range(15):
        kg.add_node("Concept", f"c{c:02d}")
    for t in range(4):
        kg.add_node("Topic", str(t))
    for i, p in enumerate(papers):
        for a in rng.sample(range(30), rng.randrange(1, 6)):
            kg.add_edge("AUTHORED", f"Author:a{a:02d}", f"Paper:{p}")
        for q in rng.sample(papers[:i], min(i, rng.randrange(5))):
            kg.add_edge("CITES", f"Paper:{p}", f"Paper:{q}")
        for c in rng.sample(range(15), rng.randrange(6)):
            kg.add_edge("MENTIONS", f"Paper:{p}", f"Concept:c{c:02d}")
        for t in rng.sample(range(4), rng.randrange(3)):
            kg.add_edge("HAS_TOPIC", f"Paper:{p}", f"Topic:{t}")
    mrng = random.Random(seed + 1000)  # its own stream: the graphs above stay as they were
    for m in range(12):
        kg.add_node("MeshTerm", f"m{m:02d}", name=f"M{m}")
    for p in papers:
        for m in mrng.sample(range(12), mrng.randrange(5)):
            kg.add_edge("HAS_MESH", f"Paper:{p}", f"MeshTerm:m{m:02d}", major=mrng.random() < 0.3)
    return kg


def _edges(g):
    return {(u, v) if u < v else (v, u): (d["count"], d["weight"]) for u, v, d in g.edges(data=True)}


@pytest.mark.parametrize("kind", sorted(P.KINDS))
@pytest.mark.parametrize("normalization", P.NORMALIZATIONS)
@pytest.mark.parametrize("counting", P.COUNTINGS)
def test_sparse_equals_loop(kind, normalization, counting):
    kg = _random_kg(7)
    opts = {"normalization": normalization, "counting": counting}
    if kind in ("co-citation", "coupling"):
        opts["all_refs"] = True
    for extra in ({}, {"top_k": 3}, {"min_weight": 0.3}):
        s = P.project(kg, kind, **opts, **extra)
        lo = loop_project(kg, kind, **opts, **extra)
        assert list(s.nodes(data=True)) == list(lo.nodes(data=True))
        es, el = _edges(s), _edges(lo)
        assert es.keys() == el.keys() and (len(es) > 0 or extra)
        for k in es:
            assert es[k][0] == el[k][0]
            assert es[k][1] == pytest.approx(el[k][1], rel=1e-12)


def test_citation_projections(corpus):
    kg = build_graph(corpus)
    cc = P.co_citation(kg)
    # c cites a and b; d cites a and c
    assert sorted(cc.edges()) == [
        ("Paper:arxiv:2101.00001", "Paper:doi:10.1000/a"),
        ("Paper:doi:10.1000/a", "Paper:doi:10.1000/c"),
    ]
    cc_all = P.co_citation(kg, all_refs=True, min_occurrences=2)
    assert cc_all["Ref:doi:10.9999/old1"]["Ref:raw:lost r 2001 science"]["count"] == 2
    bc = P.bibliographic_coupling(kg)
    # b and c share a, old1 and the 'Lost R' reference
    assert bc["Paper:arxiv:2101.00001"]["Paper:doi:10.1000/c"]["count"] == 3
    assert (
        P.bibliographic_coupling(kg, all_refs=False)["Paper:doi:10.1000/c"]["Paper:title:0fddb3bc8a6ab205"][
            "count"
        ]
        == 1
    )


def test_annotation_projections(corpus, annotations):
    kg = build_graph(corpus, annotations)
    co = P.concept_cooccurrence(kg)
    assert co["Concept:citation"]["Concept:graph neural network"]["count"] == 2
    assert P.topic_cooccurrence(kg)["Topic:0"]["Topic:1"]["count"] == 2
    assert co.graph["projection"] == "CO_OCCURS" and co.graph["items"] == "concepts"


def test_validation_names_the_parameter():
    kg = _authorship(TINY)
    with pytest.raises(
        ConfigError,
        match="The 'normalization' parameter of co_authorship must be one of 'count', 'association'.*got 'salton'",
    ):
        P.co_authorship(kg, normalization="salton")
    with pytest.raises(
        ConfigError, match="The 'counting' parameter of .* must be one of 'full', 'fractional'"
    ):
        P.co_authorship(kg, counting="half")
    with pytest.raises(ConfigError, match="The 'top_k' parameter of .* must be an int >= 1 or None"):
        P.co_authorship(kg, top_k=0)
    with pytest.raises(ConfigError, match="The 'kind' parameter of project must be one of"):
        P.project(kg, "bogus")
    with pytest.raises(
        ConfigError,
        match="The 'normalisation' parameter of co_authorship is not an option of this projection .did you mean 'normalization'",
    ):
        P.co_authorship(kg, normalisation="cosine")


def test_reference_keys_batch_equals_single():
    texts = [
        "Smith J, 1999, NATURE, V1, P2, DOI 10.1038/ABC).",
        "Lost R., 2001, <i>Science</i>, V3",
        "x<y and z>w <b>bold</b>",
        "Tab\tand  many   spaces, _under_score; end.",
        "Pérez A, 2003, REV ECON, DOI 10.1000/Xé",
        "10.1 is not a DOI",
        "two\nlines",
        "",
    ]
    assert R.reference_keys(texts) == [R.reference_key(t) for t in texts]


def test_reference_index_follows_graph_changes():
    kg = _random_kg(3)
    before = P.bibliographic_coupling(kg)
    # the index is cached on the graph object; a reference list changed in place must not be missed
    node, refs = next((n, r) for n, r in kg.graph.nodes(data="unresolved_reference_list") if r)
    refs.append("Brand New Work, 2024, X")
    other = next(n for n, r in kg.graph.nodes(data="unresolved_reference_list") if r and n != node)
    kg.graph.nodes[other]["unresolved_reference_list"] = [*kg.graph.nodes[other]["unresolved_reference_list"],
                                                           "Brand New Work, 2024, X"]  # fmt: skip
    after = P.bibliographic_coupling(kg)
    fresh = P.bibliographic_coupling(KnowledgeGraph(kg.graph, kg.meta))  # no cached index
    assert _edges(after) == _edges(fresh) != _edges(before)
    was = before[node][other]["count"] if before.has_edge(node, other) else 0
    assert after[node][other]["count"] == was + 1


def test_fast_edge_filling_equals_networkx():
    kg = _random_kg(11)
    g = P.co_citation(kg, all_refs=True, normalization="association")
    ref = nx.Graph()
    ref.graph.update(g.graph)
    ref.add_nodes_from(g.nodes(data=True))
    ref.add_edges_from((u, v, dict(d)) for u, v, d in g.edges(data=True))
    assert nx.utils.graphs_equal(g, ref) and g.number_of_edges() > 50
    for u, v in g.edges():
        assert g.adj[u][v] is g.adj[v][u]  # one attribute dict per edge, as networkx keeps it
    # canonical order: nodes by name, every node's neighbours in node order
    order = {n: k for k, n in enumerate(g)}
    assert list(g) == sorted(g)
    assert all(list(g.adj[n]) == sorted(g.adj[n], key=order.get) for n in g)


def test_fast_and_public_edge_filling_give_equal_graphs():
    """The one reach into networkx internals (projections.fill_edges' fast path) against add_nodes_from +
    add_edges_from, for shared (count normalisation) and per-edge (association) weight objects."""
    kg = _random_kg(13)
    for normalization in ("association", "count"):
        m = P.co_citation(kg, all_refs=True, normalization=normalization, to="matrix")
        graphs = []
        for fast in (True, False):
            g = nx.Graph(**m.graph)
            P.fill_edges(g, m.nodes, m.count, m.weight, occurrences=m.occurrences, fast=fast)
            graphs.append(g)
        fast_g, public_g = graphs
        assert fast_g.number_of_edges() == m.count.nnz > 50
        assert nx.utils.graphs_equal(fast_g, public_g)
        assert list(fast_g.nodes(data=True)) == list(public_g.nodes(data=True))
        assert list(fast_g.edges(data=True)) == list(public_g.edges(data=True))
    assert P._fast_fill_ok(fast_g) and not P._fast_fill_ok(nx.MultiGraph())
    # nodes added beforehand (no occurrences given): the edges are filled the same way
    g = nx.Graph()
    g.add_nodes_from(m.nodes)
    P.fill_edges(g, m.nodes, m.count, m.weight)
    assert list(g.edges(data=True)) == list(public_g.edges(data=True))


def test_edge_dicts_are_ordinary_dicts():
    """The fast fill's edge attribute dicts share one keys table (memory) but behave as separate dicts."""
    import copy
    import json
    import pickle

    g = P.co_authorship(_authorship(TINY))
    d1, d2, d3 = (
        g.adj[u][v] for u, v in [("Author:x", "Author:y"), ("Author:x", "Author:z"), ("Author:w", "Author:z")]
    )
    assert type(d1) is dict and d1 == {"count": 2, "weight": 2.0} and list(d1) == ["count", "weight"]
    d2["weight"] = 9.5
    d3["colour"] = "red"
    del d1["count"]
    assert d1 == {"weight": 2.0} and d2 == {"count": 1, "weight": 9.5}
    assert d3 == {"count": 1, "weight": 1.0, "colour": "red"} and g["Author:y"]["Author:z"] == {
        "count": 1,
        "weight": 1.0,
    }
    assert json.loads(json.dumps(d3)) == d3 and copy.deepcopy(d3) == d3
    h = pickle.loads(pickle.dumps(g))
    assert nx.utils.graphs_equal(g, h) and h["Author:x"]["Author:z"]["weight"] == 9.5
    assert g.nodes["Author:x"] == {"occurrences": 3} and type(g.nodes["Author:x"]) is dict


@pytest.mark.parametrize("kind", sorted(P.KINDS))
def test_every_form_is_the_same_projection(kind):
    """to="frame" and to="igraph" hold exactly the nodes, edges, counts and weights of the nx.Graph."""
    kg = _random_kg(9)
    opts = {"all_refs": True} if kind in ("co-citation", "coupling") else {}
    for extra in ({}, {"normalization": "association", "counting": "fractional", "isolates": True}):
        g = P.project(kg, kind, **opts, **extra)
        edges = [(u, v, d["count"], d["weight"]) for u, v, d in g.edges(data=True)]
        df = P.project(kg, kind, **opts, **extra, to="frame")
        assert list(df.columns) == ["source", "target", "count", "weight"] and df.attrs == g.graph
        assert list(df.source.cat.categories) == list(g)
        assert (
            list(zip(df.source.astype(str), df.target.astype(str), df["count"], df.weight, strict=True))
            == edges
        )
        ig = P.project(kg, kind, **opts, **extra, to="igraph")
        assert not ig.is_directed() and ig.vs["name"] == list(g)
        assert ig.vs["occurrences"] == [o for _, o in g.nodes(data="occurrences")]
        assert [
            (ig.vs[e.source]["name"], ig.vs[e.target]["name"], e["count"], e["weight"]) for e in ig.es
        ] == edges
        assert {k: ig[k] for k in ig.attributes()} == g.graph


def test_to_option():
    kg = _authorship(TINY)
    assert isinstance(P.co_authorship(kg, to="matrix"), P.ProjectionMatrix)
    assert isinstance(P.co_authorship(kg, as_matrix=True, to="matrix"), P.ProjectionMatrix)
    with pytest.raises(
        ConfigError, match="The 'to' parameter of co_authorship must be one of 'networkx', 'matrix'"
    ):
        P.co_authorship(kg, to="pandas")
    with pytest.raises(
        ConfigError, match="'as_matrix' parameter of co_authorship is to='matrix', but to='frame'"
    ):
        P.co_authorship(kg, as_matrix=True, to="frame")
    with pytest.raises(ConfigError, match="but to='networkx' was given"):
        P.co_authorship(kg, as_matrix=True, to="networkx")
    empty = P.co_authorship(_authorship({"p1": ["x"]}), to="frame")
    assert len(empty) == 0 and list(empty.columns) == ["source", "target", "count", "weight"]
    assert P.co_authorship(_authorship({"p1": ["x"]}), to="igraph").vcount() == 0


def test_names_module_matches_the_functions():
    from scholargraph.graph import _names
    from scholargraph.graph.exports import FORMATS

    assert tuple(P.PROJECTIONS) == _names.KINDS and all(callable(f) for f in P.PROJECTIONS.values())
    assert _names.FORMATS is FORMATS and P.NORMALIZATIONS is _names.NORMALIZATIONS


@pytest.mark.parametrize("kind", sorted(P.KINDS))
def test_as_matrix_is_the_same_projection(kind):
    kg = _random_kg(5)
    opts = {"all_refs": True} if kind in ("co-citation", "coupling") else {}
    for extra in (
        {},
        {"top_k": 2, "normalization": "association"},
        {"isolates": True, "counting": "fractional"},
    ):
        g = P.project(kg, kind, **opts, **extra)
        m = P.project(kg, kind, **opts, **extra, as_matrix=True)
        assert m.nodes == list(g) and m.graph == g.graph
        h = m.to_networkx()
        assert nx.utils.graphs_equal(g, h) and list(h.edges(data=True)) == list(g.edges(data=True))
        assert m.count.nnz == g.number_of_edges() and (m.count.tocoo().row < m.count.tocoo().col).all()


@pytest.mark.parametrize("to,passes", [("networkx", 1), ("frame", 0), ("igraph", 0), ("matrix", 0)])
def test_only_a_large_networkx_result_gets_a_full_collection(monkeypatch, to, passes):
    """A networkx result of many edges leaves an object per edge behind, so one full collection follows it
    (_gc.paused); the array forms leave none, and a full pass after them would walk the caller's heap for
    nothing. The threshold is lowered to this graph's size; gc.get_stats counts the passes."""
    import gc

    monkeypatch.setattr(P, "_COLLECT_EDGES", 1)
    kg = _authorship(TINY)
    before = gc.get_stats()[2]["collections"]
    P.co_authorship(kg, to=to)
    assert gc.get_stats()[2]["collections"] - before == passes


def _same_projection(a, b) -> None:
    if isinstance(a, P.ProjectionMatrix):
        assert a.nodes == b.nodes and a.graph == b.graph
        assert (a.occurrences == b.occurrences).all()
        assert (a.count != b.count).nnz == 0 and (a.weight != b.weight).nnz == 0
    else:
        assert list(a.nodes(data=True)) == list(b.nodes(data=True)) and a.graph == b.graph
        assert list(a.edges(data=True)) == list(b.edges(data=True))


@pytest.mark.parametrize("to", ["networkx", "matrix"])
def test_co_authorship_of_a_corpus_is_that_of_its_graph(corpora, to):
    """co_authorship(corpus) keys the authors as build_graph does without building the graph: the same nodes,
    edges, counts and weights as co_authorship(build_graph(corpus)), on records where every author identity
    rule fires (Scopus ids, ORCIDs, initials) and on a hand-made corpus with what the graph leaves out (an
    author without a name, a name repeated on a paper, two papers sharing an id)."""
    from scholargraph.model import Author, Corpus, Paper
    from scholargraph.readers import read

    bibx = corpora / "bibx-exports"
    mixed = read([bibx / "scopus.csv", bibx / "bit-pattern-savedrecs.txt", bibx / "scopus.ris"])
    ann, bo, cy = Author("Ann Lee"), Author("Bo Chen"), Author("Cy Diaz")
    hand = [
        Paper.create(title="One", doi="10.1000/a", authors=[ann, bo, Author(""), ann]),
        Paper.create(title="Two", doi="10.1000/a", authors=[bo, cy]),
        Paper.create(title="Three", authors=[ann, Author("A. Lee"), cy]),
    ]
    for corpus in (mixed, Corpus(papers=hand), hand):
        kg = build_graph(corpus, layers=["authors"])
        if corpus is hand:
            skipped = {"authors_without_name": 1, "duplicate_paper_ids": 1, "repeated_authors": 1}
            assert kg.meta["skipped"] == skipped
        for opts in ({}, {"max_authors": 3, "min_occurrences": 2, "normalization": "association"}):
            ours = P.co_authorship(corpus, **opts, to=to)
            _same_projection(ours, P.co_authorship(kg, **opts, to=to))
    # Ann-Bo, Bo-Cy, and on "Three" Ann, A. Lee (no surname given: not the initials of a known full name), Cy
    assert P.co_authorship(hand, to="matrix").count.nnz == 5


def test_co_authorship_names_what_it_takes():
    with pytest.raises(
        ConfigError, match="'kg' parameter of co_authorship must be a KnowledgeGraph, a Corpus"
    ):
        P.co_authorship(nx.Graph([(1, 2)]))
