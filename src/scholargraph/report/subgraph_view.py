"""Interactive view: one self-contained HTML page showing a subgraph (a community, a topic's neighbourhood or
a paper's citation neighbourhood).

Positions are computed in Python with a seeded spring layout (so the page is deterministic); a little inline
JavaScript draws the nodes and edges as SVG, and adds search, colouring by node type or community, zoom/pan,
and a details panel with links to DOI/arXiv. No external scripts or styles: the page works offline. After
drawing, the script sets ``data-rendered="<number of nodes drawn>"`` on ``<body>``.

>>> from scholargraph.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> a = kg.add_node("Paper", "doi:10.1/a", title="A paper", year=2020, doi="10.1/a")
>>> b = kg.add_node("Paper", "doi:10.1/b", title="B paper", year=2021)
>>> kg.add_edge("CITES", b, a)
>>> sub = select_subgraph(kg, paper="doi:10.1/a")
>>> sorted(sub.graph.nodes)
['Paper:doi:10.1/a', 'Paper:doi:10.1/b']
>>> html = render_view(sub, title="Around A")
>>> html.count('"id":'), "<script src" in html
(2, False)
"""

from __future__ import annotations

import html as _html
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._validation import check_int, fail
from ..analysis import tables as T
from ..errors import ConfigError
from ..graph import schema
from ..graph.kg import KnowledgeGraph

__all__ = [
    "view",
    "select_subgraph",
    "render_view",
    "write_view",
    "paper_link",
    "load_membership",
    "community_title",
    "layout",
    "view_notes",
    "LARGE_VIEW",
]

TYPE_COLOURS = {
    schema.PAPER: "#0072B2",
    schema.AUTHOR: "#E69F00",
    schema.TOPIC: "#D55E00",
    schema.CONCEPT: "#009E73",
    schema.VENUE: "#CC79A7",
    schema.MESH_TERM: "#56B4E9",
}


def paper_link(attrs: Mapping[str, Any]) -> str | None:
    """The best public link of a paper node: DOI > arXiv > its url.

    >>> paper_link({"doi": "10.1/x"}), paper_link({"arxiv_id": "2401.00001"}), paper_link({})
    ('https://doi.org/10.1/x', 'https://arxiv.org/abs/2401.00001', None)
    """
    if attrs.get("doi"):
        return f"https://doi.org/{attrs['doi']}"
    if attrs.get("arxiv_id"):
        return f"https://arxiv.org/abs/{attrs['arxiv_id']}"
    url = attrs.get("url")
    return str(url) if url and str(url).startswith(("http://", "https://")) else None


def load_membership(store: str | os.PathLike[str]) -> dict[str, int]:
    """node id -> community from a store's ``analysis/communities`` table ({} when the store has none)."""
    from ..store import embedded

    if T.COMMUNITIES not in embedded.list_tables(store):
        return {}
    df = embedded.load_table(store, T.COMMUNITIES)
    return dict(zip(df["node"].astype(str), (int(c) for c in df["community"]), strict=True))


def community_title(store: str | os.PathLike[str], community: Any) -> str:
    """'community 3: <its label> (<n> papers)' from a store's community summary; 'community 3' without one."""
    from ..store import embedded

    if T.COMMUNITY_SUMMARY in embedded.list_tables(store):
        df = embedded.load_table(store, T.COMMUNITY_SUMMARY)
        row = df[df["community"].astype(str) == str(community)]
        if len(row):
            r = row.iloc[0]
            papers = f" ({int(r['n_papers'])} papers)" if "n_papers" in row and int(r["n_papers"]) else ""
            return f"community {community}: {r['label']}{papers}"
    return f"community {community}"


def _node_for(kg: KnowledgeGraph, label: str, value: Any, what: str) -> str:
    """Find the node of ``label`` given its id, its key, or (Topic) its number or a word of its label."""
    text = str(value)
    for cand in (text, schema.node_id(label, text)):
        if cand in kg.graph and kg.graph.nodes[cand].get("label") == label:
            return cand
    if label == schema.TOPIC:
        hits = sorted(n for n, d in kg.nodes(schema.TOPIC) if text.lower() in _caption(d).lower())
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise ConfigError(
                f"{what} {text!r} matches {len(hits)} topics ({', '.join(hits[:5])}); give the topic number"
            )
    known = sorted(d.get("key") for _, d in kg.nodes(label))[:5]
    raise ConfigError(
        f"{what} {text!r} is not in the graph; {label} keys look like: {', '.join(map(str, known)) or 'none'}"
    )


def _cap(kg: KnowledgeGraph, nodes: set[str], keep: set[str], max_nodes: int) -> set[str]:
    if len(nodes) <= max_nodes:
        return nodes
    deg = dict(kg.graph.degree(nodes))
    rest = sorted(nodes - keep, key=lambda n: (-deg[n], n))
    return set(keep) | set(rest[: max(0, max_nodes - len(keep))])


def select_subgraph(
    kg: KnowledgeGraph,
    *,
    community: Any = None,
    topic: Any = None,
    paper: str | None = None,
    membership: Mapping[str, Any] | None = None,
    hops: int = 1,
    max_nodes: int = 400,
) -> KnowledgeGraph:
    """The part of ``kg`` to show — give exactly one of:

    - ``community``: the papers in that community (``membership`` maps node ids or paper ids to community),
      with their topics;
    - ``topic``: the Topic node (number, node id or a unique word of its label), its papers (HAS_TOPIC), its
      concepts (BELONGS_TO) and the citations among those papers;
    - ``paper``: the paper (id or node id), the papers it cites and that cite it up to ``hops`` steps, and
      its authors and topics.

    At most ``max_nodes`` nodes are kept (the best connected ones, always keeping the focus).
    """
    chosen = [
        name for name, v in (("community", community), ("topic", topic), ("paper", paper)) if v is not None
    ]
    if len(chosen) != 1:
        raise ConfigError(f"give exactly one of community=, topic=, paper=; got {chosen or 'none'}")
    check_int(hops, "hops", "select_subgraph", low=1)
    check_int(max_nodes, "max_nodes", "select_subgraph", low=1)
    g = kg.graph
    if community is not None:
        if not membership:
            raise ConfigError(
                "community= needs membership= (node id -> community), e.g. from the communities table"
            )
        members = set()
        for node, c in membership.items():
            if str(c) != str(community):
                continue
            nid = node if node in g else schema.node_id(schema.PAPER, str(node))
            if nid in g:
                members.add(nid)
        if not members:
            have = sorted({str(c) for c in membership.values()}, key=lambda s: (len(s), s))[:10]
            raise ConfigError(
                f"community {community!r} has no nodes in the graph; communities: {', '.join(have)}"
            )
        total = len(members)
        if not any(g.nodes[n].get("label") == schema.PAPER for n in members):
            return _concept_community(kg, members, max_nodes)
        members = _cap(kg, members, set(), max_nodes)
        topics = {v for n in members for v in g.successors(n) if g.nodes[v].get("label") == schema.TOPIC}
        sub = kg.subgraph(members | topics)
        if len(members) < total:
            _note(sub, f"showing the {len(members)} best-connected of the community's {total} nodes")
        return sub
    if topic is not None:
        focus = _node_for(kg, schema.TOPIC, topic, "topic")
        near = {u for u in g.predecessors(focus) if g.nodes[u].get("label") in (schema.PAPER, schema.CONCEPT)}
        return _focused(_capped(kg, near | {focus}, {focus}, max_nodes, "the topic's neighbourhood"), focus)
    focus = _node_for(kg, schema.PAPER, paper, "paper")
    frontier, seen = {focus}, {focus}
    for _ in range(hops):
        nxt = set()
        for n in frontier:
            for m in list(g.successors(n)) + list(g.predecessors(n)):
                if g.nodes[m].get("label") == schema.PAPER and m not in seen:
                    nxt.add(m)
        seen |= nxt
        frontier = nxt
    extra = {m for m in g.predecessors(focus) if g.nodes[m].get("label") == schema.AUTHOR}
    extra |= {m for m in g.successors(focus) if g.nodes[m].get("label") == schema.TOPIC}
    return _focused(_capped(kg, seen | extra, {focus}, max_nodes, "the paper's neighbourhood"), focus)


def _capped(kg: KnowledgeGraph, nodes: set[str], keep: set[str], max_nodes: int, what: str) -> KnowledgeGraph:
    kept = _cap(kg, nodes, keep, max_nodes)
    sub = kg.subgraph(kept)
    if len(kept) < len(nodes):
        _note(sub, f"showing the {len(kept)} best-connected of {what}'s {len(nodes)} nodes")
    return sub


def _concept_community(kg: KnowledgeGraph, concepts: set[str], max_nodes: int) -> KnowledgeGraph:
    """A community of concepts (partitioned from concept co-occurrence: the corpus has no references) has no
    relationship inside the graph -- drawn alone it is a ring of unconnected dots. What holds it together are the
    papers mentioning its concepts: shown with them, those mentioning the most of its concepts first."""
    g = kg.graph
    total = len(concepts)
    concepts = _cap(kg, concepts, set(), max(1, (2 * max_nodes) // 3))
    mentions: dict[str, int] = {}
    for c in concepts:
        for p in g.predecessors(c):
            if g.nodes[p].get("label") == schema.PAPER:
                mentions[p] = mentions.get(p, 0) + 1
    papers = sorted(mentions, key=lambda p: (-mentions[p], p))[: max(0, max_nodes - len(concepts))]
    sub = kg.subgraph(concepts | set(papers))
    shown = f"{len(concepts)} of its {total} concepts" if len(concepts) < total else f"its {total} concepts"
    more = f" (of {len(mentions)})" if len(papers) < len(mentions) else ""
    _note(sub, f"a community of concepts: {shown}, with the {len(papers)} papers{more} that mention them")
    return sub


def _note(sub: KnowledgeGraph, text: str) -> None:
    sub.meta["view_notes"] = [*sub.meta.get("view_notes", []), text]


def _focused(sub: KnowledgeGraph, focus: str) -> KnowledgeGraph:
    sub.meta["view_focus"] = focus  # render_view outlines and labels it
    return sub


def _caption(d: Mapping[str, Any]) -> str:
    label = d.get("label", "")
    if label == schema.TOPIC:
        # the Topic property 'label' shares its name with the node-label attribute, so a builder may store the
        # readable label under another name; fall back to the top concepts
        for prop in ("name", "topic_label", "caption"):
            if d.get(prop):
                return str(d[prop])
        concepts = d.get("top_concepts") or []
        return f"topic {d.get('key')}" + (f": {', '.join(map(str, concepts[:3]))}" if concepts else "")
    if label == schema.CONCEPT and d.get("display"):
        return str(d["display"])  # as its papers write it ("FePt"; nlp/display.py)
    prop = schema.CAPTIONS.get(label, "key")
    return str(d.get(prop) or d.get("key") or "")


def _view_data(
    kg: KnowledgeGraph,
    membership: Mapping[str, Any] | None,
    centrality: Mapping[str, float] | None,
    seed: int,
) -> dict[str, Any]:
    import networkx as nx

    nodes = sorted(kg.graph.nodes)
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in kg.graph.edges() if u != v}))
    if centrality is None:
        centrality = nx.pagerank(simple, alpha=0.85) if simple.number_of_edges() else {n: 1.0 for n in nodes}
    pos = layout(simple, seed=seed)
    cmax = max((float(centrality.get(n, 0.0)) for n in nodes), default=1.0) or 1.0
    out_nodes = []
    for n in nodes:
        d = kg.graph.nodes[n]
        comm = None
        if membership:
            comm = membership.get(n, membership.get(d.get("key")))
        item = {
            "id": n,
            "type": d.get("label", ""),
            "caption": _caption(d),
            "x": round(pos[n][0], 5),
            "y": round(pos[n][1], 5),
            "size": round(float(centrality.get(n, 0.0)) / cmax, 5),
            "community": None if comm is None else str(comm),
            "focus": n == kg.meta.get("view_focus"),
        }
        if d.get("year") is not None:
            item["year"] = d["year"]
        link = paper_link(d) if d.get("label") == schema.PAPER else None
        if link:
            item["link"] = link
        out_nodes.append(item)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted(
        {(index[u], index[v], d.get("type", "")) for u, v, d in kg.graph.edges(data=True) if u != v}
    )
    from .figures import PALETTE

    return {
        "nodes": out_nodes,
        "edges": [list(e) for e in edges],
        "colours": TYPE_COLOURS,
        "palette": list(PALETTE),
        "aspect": ASPECT,
    }


# the drawing's width / height: about what the page leaves beside the details panel on a laptop screen
ASPECT = 1.35


def layout(g: Any, *, seed: int = 0, aspect: float = ASPECT) -> dict[Any, tuple[float, float]]:
    """Positions in [0, aspect] x [0, 1] that use the whole drawing: each connected component laid out alone
    (seeded spring layout) in a box whose area grows with its size, the boxes packed in rows (largest first),
    and the nodes without any link in a grid under them. A spring layout of the whole graph flings the
    unlinked nodes and small components to the edges, which squeezed a community of 300 papers into one corner.

    >>> import networkx as nx
    >>> g = nx.path_graph(30)
    >>> g.add_nodes_from(["lone-1", "lone-2"])
    >>> pos = layout(g, seed=0)
    >>> xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    >>> round(min(ys), 3), round(max(ys), 3), max(xs) <= ASPECT + 1e-9
    (0.0, 1.0, True)
    """
    import networkx as nx

    nodes = sorted(g.nodes, key=str)
    if len(nodes) <= 1:
        return {n: (aspect / 2, 0.5) for n in nodes}
    comps = sorted(
        (sorted(c, key=str) for c in nx.connected_components(g) if len(c) > 1),
        key=lambda c: (-len(c), str(c[0])),
    )
    lonely = sorted((n for n in nodes if g.degree(n) == 0), key=str)
    # boxes (width, height, positions in a unit square): a component of n nodes gets an area of ~1.4 n,
    # stretched to the drawing's aspect (a spring layout is about round; a little stretch fills the width)
    stretch = math.sqrt(aspect)
    boxes: list[tuple[float, float, dict[Any, tuple[float, float]]]] = []
    for comp in comps:
        if len(comp) == 2:
            local = {comp[0]: (0.25, 0.5), comp[1]: (0.75, 0.5)}
        else:
            local = _unit(nx.spring_layout(g.subgraph(comp), seed=seed))
        side = math.sqrt(len(comp)) * 1.2
        boxes.append((side * stretch, side / stretch, local))
    area = sum(w * h for w, h, _ in boxes) + len(lonely)
    width = max([w for w, _, _ in boxes] + [math.sqrt(area * aspect)])
    placed: dict[Any, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for w, h, local in boxes:  # shelf packing, largest first
        if x > 0 and x + w > width * 1.001:
            x, y, row_h = 0.0, y + row_h, 0.0
        for n, (u, v) in local.items():
            placed[n] = (x + u * w, y + v * h)
        x += w
        row_h = max(row_h, h)
    if lonely:  # the nodes without a link: a grid of unit cells under the rest, as wide as the drawing
        y += row_h
        cols = max(1, min(len(lonely), math.floor(width)))
        for i, n in enumerate(lonely):
            placed[n] = (i % cols + 0.5, y + i // cols + 0.5)
    return _fit(placed, aspect)


def _unit(pos: Mapping[Any, Any]) -> dict[Any, tuple[float, float]]:
    """Positions scaled into [0.05, 0.95]^2 (aspect kept, centred)."""
    xs = [float(p[0]) for p in pos.values()]
    ys = [float(p[1]) for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    dx = (span - (max(xs) - min(xs))) / 2
    dy = (span - (max(ys) - min(ys))) / 2
    return {
        n: (
            0.05 + 0.9 * (float(p[0]) - min(xs) + dx) / span,
            0.05 + 0.9 * (float(p[1]) - min(ys) + dy) / span,
        )
        for n, p in pos.items()
    }


def _fit(pos: Mapping[Any, tuple[float, float]], aspect: float) -> dict[Any, tuple[float, float]]:
    """Scale positions (aspect kept) to fill [0, aspect] x [0, 1] as far as their shape allows, centred."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    scale = min(aspect / w if w > 1e-12 else math.inf, 1.0 / h if h > 1e-12 else math.inf)
    if not math.isfinite(scale):
        scale = 1.0
    ox = (aspect - w * scale) / 2
    oy = (1.0 - h * scale) / 2
    return {n: (ox + (x - min(xs)) * scale, oy + (y - min(ys)) * scale) for n, (x, y) in pos.items()}


def render_view(
    kg: KnowledgeGraph,
    *,
    title: str = "scholargraph view",
    membership: Mapping[str, Any] | None = None,
    centrality: Mapping[str, float] | None = None,
    seed: int = 0,
) -> str:
    """The HTML page (a string) showing every node and relationship of ``kg``; node size follows
    ``centrality`` (default: PageRank on the subgraph), colour the node type or ``membership`` community."""
    data = _view_data(kg, membership, centrality, seed)
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).replace(
        "</", "<\\/"
    )
    notes = "".join(f"<p class=note>{_html.escape(n)}</p>" for n in view_notes(kg))
    return (
        _PAGE.replace("%%TITLE%%", _html.escape(title))
        .replace("%%DATA%%", payload)
        .replace("%%SUMMARY%%", _html.escape(_summary(kg)))
        .replace("%%NOTES%%", notes)
    )


# above this many nodes an SVG drawing gets slow and no one can read it: the page says how to narrow it
LARGE_VIEW = 2000


def view_notes(kg: KnowledgeGraph) -> list[str]:
    """What the page says about its selection: how it was capped or completed (``select_subgraph``), and how to
    narrow a selection of more than :data:`LARGE_VIEW` nodes."""
    notes = list(kg.meta.get("view_notes", []))
    n = kg.graph.number_of_nodes()
    if n > LARGE_VIEW:
        notes.append(
            f"{n} nodes: a drawing this large is slow and unreadable; narrow the selection -- a topic (--topic), a "
            "paper's citations (--paper ID --hops 1), a smaller community (the report lists them), or --max-nodes "
            f"{LARGE_VIEW // 4} (the best-connected nodes)"
        )
    return notes


def _summary(kg: KnowledgeGraph) -> str:
    c = kg.counts()
    parts = [f"{n} {label}" for label, n in c["nodes"].items()] + [f"{n} {t}" for t, n in c["edges"].items()]
    return ", ".join(parts) or "empty graph"


def view(
    kg: KnowledgeGraph,
    out: str | os.PathLike[str],
    *,
    community: Any = None,
    topic: Any = None,
    paper: str | None = None,
    membership: Mapping[str, Any] | None = None,
    hops: int = 1,
    max_nodes: int = 400,
    title: str | None = None,
    seed: int = 0,
) -> Path:
    """Select a subgraph (:func:`select_subgraph`: one of ``community``, ``topic``, ``paper``) and write its
    interactive, self-contained HTML view to ``out`` (:func:`write_view`). ``membership`` defaults to the
    ``community`` property the analysis wrote on the nodes. Returns the path.

    >>> import tempfile, pathlib
    >>> import scholargraph as sg
    >>> from scholargraph.synthetic import planted_corpus
    >>> corpus, _ = planted_corpus(40, seed=1)
    >>> kg = sg.build_graph(corpus)
    >>> paper = sorted(n for n, _ in kg.nodes("Paper"))[0]
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = view(kg, pathlib.Path(d) / "v.html", paper=paper)
    ...     path.read_text().startswith("<!DOCTYPE html>")
    True
    """
    if membership is None:
        membership = {n: c for n, c in kg.graph.nodes(data=schema.COMMUNITY) if c is not None}
    sub = select_subgraph(
        kg,
        community=community,
        topic=topic,
        paper=paper,
        membership=membership,
        hops=hops,
        max_nodes=max_nodes,
    )
    if title is None:
        what = "community" if community is not None else "topic" if topic is not None else "around"
        title = f"{what} {community if community is not None else topic if topic is not None else paper}"
    return write_view(sub, out, title=title, membership=membership or None, seed=seed)


def write_view(kg: KnowledgeGraph, out: str | os.PathLike[str], **options: Any) -> Path:
    """Write :func:`render_view` to ``out`` (an .html file; parent folders are created). Returns the path."""
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise fail("out", "write_view", "an .html file", str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_view(kg, **options), encoding="utf-8")
    return out


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%%TITLE%%</title>
<style>
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;background:#fff;
display:flex;flex-direction:column;height:100vh}
header{padding:8px 14px;border-bottom:1px solid #ddd;display:flex;gap:14px;align-items:center;flex-wrap:wrap}
header h1{font-size:17px;margin:0}
#summary{color:#666;font-size:12px}
.note{margin:0;padding:4px 14px;background:#fff8e1;border-bottom:1px solid #f0e0a0;font-size:13px}
#main{display:flex;flex:1;min-height:0}
#canvas{flex:1;position:relative;min-height:0}
svg{display:block;width:100%;height:100%;cursor:grab;background:#fcfcfc}
#panel{width:300px;border-left:1px solid #ddd;padding:10px 12px;overflow:auto;font-size:13px}
#legend div{display:flex;align-items:center;gap:6px;margin:2px 0}
#legend span.sw{width:12px;height:12px;border-radius:50%;display:inline-block}
circle{stroke:#fff;stroke-width:1}
circle.hit{stroke:#000;stroke-width:2.5}
circle.focus{stroke:#000;stroke-width:3}
circle.dim,line.dim,text.dim{opacity:.15}
line{stroke:#999;stroke-opacity:.45}
text.lbl{font-size:10px;fill:#333;pointer-events:none}
input[type=search]{width:220px;padding:3px 6px}
</style></head>
<body>
<header><h1>%%TITLE%%</h1>
<label>Search <input id="search" type="search" placeholder="title, name, concept"></label>
<label>Colour by <select id="colour"><option value="type">node type</option>
<option value="community">community</option></select></label>
<span id="count"></span><span id="summary">%%SUMMARY%%</span></header>
%%NOTES%%
<div id="main"><div id="canvas"><svg id="svg" xmlns="http://www.w3.org/2000/svg" viewBox="-40 -40 1080 1080">
<g id="edges"></g><g id="nodes"></g><g id="labels"></g></svg></div>
<div id="panel"><div id="legend"></div><hr><div id="details">Click a node for details.
Drag to pan, wheel to zoom. Node size: centrality.</div></div></div>
<script type="application/json" id="sg-data">%%DATA%%</script>
<script>
(function(){
"use strict";
var data=JSON.parse(document.getElementById("sg-data").textContent);
var NS="http://www.w3.org/2000/svg", S=1000, W=S*(data.aspect||1);
var palette=data.palette;
var svg=document.getElementById("svg"), gE=document.getElementById("edges"),
    gN=document.getElementById("nodes"), gL=document.getElementById("labels");
var circles=[], lines=[], labels=[];
function el(tag,attrs){var e=document.createElementNS(NS,tag);for(var k in attrs){e.setAttribute(k,attrs[k]);}return e;}
function radius(n){return 4+14*Math.sqrt(n.size||0);}
data.edges.forEach(function(e){
  var a=data.nodes[e[0]], b=data.nodes[e[1]];
  var l=el("line",{x1:a.x*S,y1:a.y*S,x2:b.x*S,y2:b.y*S,"data-type":e[2]});
  gE.appendChild(l); lines.push({el:l,a:e[0],b:e[1]});
});
var order=data.nodes.map(function(n,i){return i;}).sort(function(i,j){
  return (data.nodes[j].focus-data.nodes[i].focus)||(data.nodes[j].size-data.nodes[i].size)||i-j;});
data.nodes.forEach(function(n,i){
  var c=el("circle",{cx:n.x*S,cy:n.y*S,r:radius(n),"data-id":n.id,"data-type":n.type,"class":n.focus?"focus":""});
  var t=el("title",{}); t.textContent=n.type+": "+n.caption; c.appendChild(t);
  c.addEventListener("click",function(ev){ev.stopPropagation();show(i);});
  gN.appendChild(c); circles.push(c);
});
var placed=[];
order.slice(0,40).forEach(function(i){
  if(labels.length>=15){return;}
  var n=data.nodes[i], txt=n.caption.length>40?n.caption.slice(0,39)+"\\u2026":n.caption;
  var x=n.x*S+radius(n)+2, y=n.y*S+3, w=5.6*txt.length, box=[x,y-10,x+w,y+3];
  if(placed.some(function(b){return box[0]<b[2]&&b[0]<box[2]&&box[1]<b[3]&&b[1]<box[3];})){return;}
  placed.push(box);
  var t=el("text",{x:x,y:y,"class":"lbl"}); t.textContent=txt; gL.appendChild(t); labels.push({el:t,i:i});
});
function colourOf(n,mode){
  if(mode==="community"){ if(n.community===null){return "#cccccc";}
    var k=parseInt(n.community,10); if(isNaN(k)){k=0;for(var j=0;j<n.community.length;j++){k=(k*31+n.community.charCodeAt(j))%9973;}}
    return palette[k%palette.length]; }
  return data.colours[n.type]||"#777777";
}
function legend(mode){
  var box=document.getElementById("legend"); box.textContent="";
  var seen={}, keys=[];
  data.nodes.forEach(function(n){var k=mode==="community"?(n.community===null?"none":n.community):n.type;
    if(!(k in seen)){seen[k]=colourOf(n,mode);keys.push(k);}});
  keys.sort(function(a,b){return (parseInt(a,10)-parseInt(b,10))||(a<b?-1:a>b?1:0);}).slice(0,palette.length).forEach(function(k){var d=document.createElement("div");
    var sw=document.createElement("span");sw.className="sw";sw.style.background=seen[k];d.appendChild(sw);
    d.appendChild(document.createTextNode((mode==="community"?"community ":"")+k));box.appendChild(d);});
}
function recolour(){var mode=document.getElementById("colour").value;
  data.nodes.forEach(function(n,i){circles[i].setAttribute("fill",colourOf(n,mode));}); legend(mode);}
function show(i){
  var n=data.nodes[i], box=document.getElementById("details"); box.textContent="";
  var h=document.createElement("h3"); h.textContent=n.caption; box.appendChild(h);
  var p=document.createElement("p"); p.textContent=n.type+(n.year?", "+n.year:"")+(n.community!==null?", community "+n.community:"");
  box.appendChild(p);
  var idp=document.createElement("p"); idp.textContent=n.id; idp.style.color="#666"; box.appendChild(idp);
  if(n.link){var a=document.createElement("a"); a.href=n.link; a.textContent=n.link; a.target="_blank"; box.appendChild(a);}
  var nb=document.createElement("ul");
  lines.forEach(function(l){var o=l.a===i?l.b:(l.b===i?l.a:-1); if(o>=0){var li=document.createElement("li");
    li.textContent=data.nodes[o].type+": "+data.nodes[o].caption; nb.appendChild(li);}});
  box.appendChild(nb);
}
function search(){
  var q=document.getElementById("search").value.trim().toLowerCase(), hits=0;
  data.nodes.forEach(function(n,i){var m=q&&(n.caption.toLowerCase().indexOf(q)>=0||n.id.toLowerCase().indexOf(q)>=0);
    circles[i].setAttribute("class",q?(m?"hit":"dim"):(n.focus?"focus":"")); if(m){hits++;}});
  lines.forEach(function(l){l.el.setAttribute("class",q?"dim":"");});
  labels.forEach(function(l){l.el.setAttribute("class",q?"lbl dim":"lbl");});
  document.getElementById("count").textContent=q?hits+" match"+(hits===1?"":"es"):"";
}
var vb=[-40,-40,W+80,S+80], drag=null;
function setVB(){svg.setAttribute("viewBox",vb.join(" "));}
setVB();
svg.addEventListener("wheel",function(ev){ev.preventDefault(); var f=ev.deltaY>0?1.15:1/1.15;
  var r=svg.getBoundingClientRect(), mx=vb[0]+vb[2]*(ev.clientX-r.left)/r.width, my=vb[1]+vb[3]*(ev.clientY-r.top)/r.height;
  vb=[mx-(mx-vb[0])*f,my-(my-vb[1])*f,vb[2]*f,vb[3]*f]; setVB();},{passive:false});
svg.addEventListener("mousedown",function(ev){drag=[ev.clientX,ev.clientY,vb[0],vb[1]];});
window.addEventListener("mouseup",function(){drag=null;});
window.addEventListener("mousemove",function(ev){ if(!drag){return;} var r=svg.getBoundingClientRect();
  vb[0]=drag[2]-(ev.clientX-drag[0])*vb[2]/r.width; vb[1]=drag[3]-(ev.clientY-drag[1])*vb[3]/r.height; setVB();});
document.getElementById("search").addEventListener("input",search);
document.getElementById("colour").addEventListener("change",recolour);
if(!data.nodes.some(function(n){return n.community!==null;})){document.getElementById("colour").options[1].disabled=true;}
recolour();
document.body.setAttribute("data-rendered",String(circles.length));
})();
</script>
</body></html>
"""
