"""Interactive view: subgraph selection, the self-contained page, and drawing in headless Chromium."""

from __future__ import annotations

import html
import json
import re

import pytest

from scholargraph.graph.kg import KnowledgeGraph
from scholargraph.report.figures import PALETTE
from scholargraph.report.subgraph_view import (
    ASPECT,
    LARGE_VIEW,
    layout,
    render_view,
    select_subgraph,
    view_notes,
    write_view,
)


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
    assert view_notes(sub) == ["showing the 2 best-connected of the paper's neighbourhood's 7 nodes"]


def test_a_community_of_concepts_is_shown_with_the_papers_that_mention_them():
    """Without references the communities partition concept co-occurrence: concepts alone have no relationship
    in the graph (a ring of dots). The papers that mention them show what holds them together."""
    kg = KnowledgeGraph()
    p = [kg.add_node("Paper", f"doi:10.1/{i}", title=f"P{i}", year=2024) for i in range(4)]
    c = [kg.add_node("Concept", name, name=name, kind="keyphrase") for name in ("a b", "c d", "e f", "g h")]
    for i, j in [(0, 0), (0, 1), (1, 1), (1, 2), (2, 0), (3, 3)]:
        kg.add_edge("MENTIONS", p[i], c[j], count=1)
    membership = {c[0]: 0, c[1]: 0, c[2]: 0, c[3]: 1}
    sub = select_subgraph(kg, community=0, membership=membership)
    assert sorted(n for n, _ in sub.nodes("Concept")) == sorted(c[:3])
    assert sorted(n for n, _ in sub.nodes("Paper")) == sorted(p[:3])  # p[3] mentions only community 1
    assert sub.graph.number_of_edges() == 5
    assert view_notes(sub) == ["a community of concepts: its 3 concepts, with the 3 papers that mention them"]
    capped = select_subgraph(kg, community=0, membership=membership, max_nodes=4)
    assert len(list(capped.nodes("Concept"))) == 2 and len(list(capped.nodes("Paper"))) == 2
    assert "with the 2 papers (of 3) that mention them" in view_notes(capped)[0]


def test_layout_uses_the_drawing_and_packs_unlinked_nodes():
    """A spring layout of the whole subgraph flung unlinked nodes to the edges and squeezed the rest into a
    corner; components are laid out alone and packed, unlinked nodes go to a grid under them."""
    import networkx as nx

    g = nx.barabasi_albert_graph(300, 2, seed=1)
    g.add_nodes_from(f"lone-{i}" for i in range(40))
    pos = layout(g, seed=0)
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    assert min(xs) >= 0 and max(xs) <= ASPECT + 1e-9 and min(ys) >= 0 and max(ys) <= 1 + 1e-9
    # the drawing is filled in one direction at least, and the linked nodes are spread over most of it
    assert max(max(xs) - min(xs) - ASPECT, max(ys) - min(ys) - 1) > -1e-6
    linked = [pos[n] for n in range(300)]
    lx = [x for x, _ in linked]
    ly = [y for _, y in linked]
    assert (max(lx) - min(lx)) > 0.8 * (max(xs) - min(xs)) and (max(ly) - min(ly)) > 0.6 * (max(ys) - min(ys))
    # the unlinked nodes sit in rows under the linked ones
    assert min(pos[f"lone-{i}"][1] for i in range(40)) > max(ly)
    assert layout(g, seed=0) == pos  # deterministic


def test_a_very_large_view_says_how_to_narrow_it():
    kg = KnowledgeGraph()
    kg.add_nodes_from("Paper", [(f"doi:10.1/{i}", {"title": f"P{i}"}) for i in range(LARGE_VIEW + 1)])
    notes = view_notes(kg)
    assert len(notes) == 1 and notes[0].startswith(f"{LARGE_VIEW + 1} nodes: a drawing this large is slow")
    assert "--topic" in notes[0] and "--max-nodes" in notes[0]
    assert f"<p class=note>{html.escape(notes[0])}</p>" in render_view(kg)


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
    aspect = data["aspect"]
    assert all(0 <= n["x"] <= aspect and 0 <= n["y"] <= 1 and 0 <= n["size"] <= 1 for n in data["nodes"])
    assert data["palette"] == list(PALETTE)  # one palette for the figures and the view
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
