"""Interactive view: subgraph selection, the self-contained page, and drawing in headless Chromium."""

from __future__ import annotations

import json
import re

import pytest

from scholargraph.graph.kg import KnowledgeGraph
from scholargraph.report.subgraph_view import render_view, select_subgraph, write_view


@pytest.fixture()
def kg() -> KnowledgeGraph:
    """Six papers in a citation chain a<-b<-c<-d plus e, f; two topics; authors; concepts."""
    kg = KnowledgeGraph()
    papers = {}
    for i, k in enumerate("abcdef"):
        papers[k] = kg.add_node(
            "Paper",
            f"doi:10.1/{k}",
            title=f"Paper {k.upper()} </script><b>x</b>",
            year=2018 + i,
            doi=f"10.1/{k}",
        )
    for u, v in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "a")]:
        kg.add_edge("CITES", papers[u], papers[v])
    t0 = kg.add_node("Topic", "0", name="graph learning", top_concepts=["graph neural network"])
    t1 = kg.add_node("Topic", "1", name="quantum computing", top_concepts=["logical qubit"])
    for k in "abc":
        kg.add_edge("HAS_TOPIC", papers[k], t0, weight=0.8)
    for k in "def":
        kg.add_edge("HAS_TOPIC", papers[k], t1, weight=0.7)
    gnn = kg.add_node("Concept", "graph neural network", name="graph neural network", kind="keyphrase")
    kg.add_edge("BELONGS_TO", gnn, t0, weight=0.5)
    kg.add_edge("MENTIONS", papers["a"], gnn, count=1)
    ann = kg.add_node("Author", "name:ann lee", name="Ann Lee")
    kg.add_edge("AUTHORED", ann, papers["b"], position=1)
    return kg


MEMBERSHIP = {
    "Paper:doi:10.1/a": 0,
    "Paper:doi:10.1/b": 0,
    "Paper:doi:10.1/c": 0,
    "doi:10.1/d": 1,
    "Paper:doi:10.1/e": 1,
}


def test_paper_neighbourhood_follows_citations_both_ways(kg):
    one = select_subgraph(kg, paper="doi:10.1/b")
    assert sorted(n for n, _ in one.nodes("Paper")) == [
        "Paper:doi:10.1/a",
        "Paper:doi:10.1/b",
        "Paper:doi:10.1/c",
    ]
    assert "Author:name:ann lee" in one.graph and "Topic:0" in one.graph
    two = select_subgraph(kg, paper="Paper:doi:10.1/b", hops=2)
    assert {"Paper:doi:10.1/d", "Paper:doi:10.1/e"} <= set(two.graph)
    assert two.meta["view_focus"] == "Paper:doi:10.1/b"


def test_topic_neighbourhood_by_number_or_word(kg):
    sub = select_subgraph(kg, topic=0)
    assert sorted(sub.graph) == [
        "Concept:graph neural network",
        "Paper:doi:10.1/a",
        "Paper:doi:10.1/b",
        "Paper:doi:10.1/c",
        "Topic:0",
    ]
    assert select_subgraph(kg, topic="quantum").meta["view_focus"] == "Topic:1"


def test_community_takes_node_ids_or_paper_ids(kg):
    sub = select_subgraph(kg, community=1, membership=MEMBERSHIP)
    assert sorted(n for n, _ in sub.nodes("Paper")) == ["Paper:doi:10.1/d", "Paper:doi:10.1/e"]
    assert "Topic:1" in sub.graph


def test_max_nodes_keeps_the_focus(kg):
    sub = select_subgraph(kg, paper="doi:10.1/b", hops=3, max_nodes=2)
    assert "Paper:doi:10.1/b" in sub.graph and sub.graph.number_of_nodes() == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give exactly one of community=, topic=, paper="),
        ({"paper": "doi:10.1/a", "topic": 0}, r"got \['topic', 'paper'\]"),
        (
            {"paper": "doi:10.9/none"},
            r"paper 'doi:10.9/none' is not in the graph; Paper keys look like: doi:10.1/a",
        ),
        ({"topic": "biology"}, "topic 'biology' is not in the graph"),
        ({"community": 0}, "community= needs membership="),
        (
            {"community": 7, "membership": MEMBERSHIP},
            "community 7 has no nodes in the graph; communities: 0, 1",
        ),
        (
            {"paper": "doi:10.1/a", "hops": 0},
            "The .hops. parameter of select_subgraph must be an int >= 1, got 0",
        ),
    ],
)
def test_bad_choices_are_explained(kg, kwargs, message):
    with pytest.raises(ValueError, match=message):
        select_subgraph(kg, **kwargs)


def _data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="sg-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_page_is_self_contained_escaped_and_deterministic(kg):
    sub = select_subgraph(kg, paper="doi:10.1/b", hops=2)
    html = render_view(sub, title="Around <B>", membership=MEMBERSHIP, seed=3)
    assert html == render_view(sub, title="Around <B>", membership=MEMBERSHIP, seed=3)
    assert "<script src" not in html and "<link" not in html and "@import" not in html
    assert "<title>Around &lt;B&gt;</title>" in html
    data = _data(html)  # the '</script>' inside a title did not end the data block
    assert len(data["nodes"]) == sub.graph.number_of_nodes()
    assert len(data["edges"]) == sub.graph.number_of_edges()
    b = next(n for n in data["nodes"] if n["id"] == "Paper:doi:10.1/b")
    assert b["focus"] and b["link"] == "https://doi.org/10.1/b" and b["community"] == "0"
    assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 and 0 <= n["size"] <= 1 for n in data["nodes"])
    assert max(n["size"] for n in data["nodes"]) == 1.0


def test_write_view_wants_an_html_path(kg, tmp_path):
    with pytest.raises(ValueError, match="The .out. parameter of write_view must be an .html file"):
        write_view(kg, tmp_path / "view.png")


def test_chromium_draws_every_node(kg, tmp_path, chromium):
    sub = select_subgraph(kg, paper="doi:10.1/b", hops=3)
    page = write_view(sub, tmp_path / "view.html", title="chain", membership=MEMBERSHIP)
    dom = chromium.dump_dom(page)
    n = sub.graph.number_of_nodes()
    assert f'data-rendered="{n}"' in dom
    assert len(re.findall(r"<circle\b", dom)) == n
    assert len(re.findall(r"<line\b", dom)) == len({tuple(sorted(e)) for e in sub.graph.edges()})
