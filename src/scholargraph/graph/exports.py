"""Export the KnowledgeGraph (or a projection) to the formats other tools read.

- ``graphml`` and ``gexf`` (networkx writers; Gephi, Cytoscape, yEd): these formats hold only scalar
  attributes, so list and dict attributes (``keywords``, ``evidence`` ...) are written as JSON text
  (``'["a", "b"]'``) and None values are left out. GEXF reserves a node's ``label`` and an edge's ``type``
  (directed/undirected), so there the node caption (title or name) is the GEXF label, the schema label is the
  attribute ``kind`` and the relationship type is the attribute ``rel_type``.
- ``node-link`` (``nx.node_link_data`` JSON) and ``cytoscape`` (``nx.cytoscape_data`` JSON for Cytoscape.js):
  every attribute as it is (lists stay lists).
- ``vosviewer``: a map file (tab-separated: id, label, cluster, weight<Occurrences>, weight<Links>,
  weight<Total link strength>) and a network file (id1, id2, weight; no header) for one projection, plus the
  VOSviewer JSON file (network items and links).
- ``neo4j-csv``: node and relationship CSV files for ``neo4j-admin database import full``: one nodes file per
  label (``key:ID(<Label>)``, typed property columns, ``:LABEL``) and one relationships file per type
  (``:START_ID(<Label>)``, ``:END_ID(<Label>)``, ``:TYPE``, typed properties). Arrays use ``;`` as delimiter
  (a ``;`` inside an array item becomes ``,``, counted in the returned summary); ``import.sh`` holds the
  command. Dates are written as the first day of their period (``date:date``) next to ``date_precision``.
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path
from typing import Any

import networkx as nx

from .._csvsafe import spreadsheet_safe
from .._progress import stage
from .._validation import check_bool
from ..errors import ConfigError, StoreError
from . import schema
from ._names import FORMATS
from .kg import KnowledgeGraph
from .references import REF_PREFIX

__all__ = [
    "FORMATS",
    "CORE_LABELS",
    "core_graph",
    "export",
    "first_author_surname",
    "reference_label",
    "write_graphml",
    "write_gexf",
    "write_node_link",
    "write_cytoscape",
    "write_vosviewer",
    "write_neo4j_csv",
    "NEO4J_TYPES",
]

# schema property type -> neo4j-admin column type
NEO4J_TYPES = {
    "str": "string",
    "int": "int",
    "float": "double",
    "bool": "boolean",
    "date": "date",
    "list[str]": "string[]",
    "json": "string",
}
ARRAY_DELIMITER = ";"


def _scalar_graph(g: nx.Graph, *, gexf: bool = False) -> nx.Graph:
    """A copy of ``g`` whose attributes are all str/int/float/bool (lists and dicts as JSON text)."""

    def conv(d: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for k, v in d.items():
            if v is None:
                continue
            if isinstance(v, list | tuple | dict):
                v = json.dumps(v, ensure_ascii=False, sort_keys=True)
            out[k] = v
        return out

    h = g.__class__()
    h.graph.update(conv(g.graph))
    for n, d in g.nodes(data=True):
        attrs = conv(d)
        if gexf and "label" in attrs:
            kind = attrs.pop("label")
            attrs["kind"] = kind
            cap = d.get(schema.CAPTIONS.get(kind, ""), None)
            attrs["label"] = str(cap if cap is not None else n)
        h.add_node(n, **attrs)
    if g.is_multigraph():
        for u, v, k, d in g.edges(keys=True, data=True):
            attrs = conv(d)
            if gexf and "type" in attrs:
                attrs["rel_type"] = attrs.pop("type")
            h.add_edge(u, v, key=k, **attrs)
    else:
        for u, v, d in g.edges(data=True):
            h.add_edge(u, v, **conv(d))
    return h


def _graph_of(obj: KnowledgeGraph | nx.Graph) -> nx.Graph:
    return obj.graph if isinstance(obj, KnowledgeGraph) else obj


def write_graphml(obj: KnowledgeGraph | nx.Graph, path: str | os.PathLike[str]) -> Path:
    """GraphML (list/dict attributes as JSON text)."""
    nx.write_graphml(_scalar_graph(_graph_of(obj)), path)
    return Path(path)


def write_gexf(obj: KnowledgeGraph | nx.Graph, path: str | os.PathLike[str]) -> Path:
    """GEXF 1.2 (list/dict attributes as JSON text; schema label as ``kind``, relationship type as ``rel_type``).
    networkx stamps the file with today's date (``lastmodifieddate``); it is left out, so the same graph gives
    the same bytes on any day, like every other output."""
    text = "\n".join(nx.generate_gexf(_scalar_graph(_graph_of(obj), gexf=True)))
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    Path(path).write_text('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n", encoding="utf-8")
    return Path(path)


def write_node_link(obj: KnowledgeGraph | nx.Graph, path: str | os.PathLike[str]) -> Path:
    """node-link JSON (``nx.node_link_data``, edges under ``"edges"``)."""
    g = _graph_of(obj)
    data = nx.node_link_data(g, edges="edges")
    if isinstance(obj, KnowledgeGraph):
        data["graph"] = {**data.get("graph", {}), "meta": obj.meta}
    Path(path).write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8"
    )
    return Path(path)


def write_cytoscape(obj: KnowledgeGraph | nx.Graph, path: str | os.PathLike[str]) -> Path:
    """Cytoscape.js JSON (``nx.cytoscape_data``; the node caption is ``name``)."""
    g = _graph_of(obj)
    h = g.__class__()
    for n, d in g.nodes(data=True):
        cap = d.get(schema.CAPTIONS.get(d.get("label", ""), ""), None)
        h.add_node(n, **{**d, "name": str(cap if cap is not None else n)})
    if g.is_multigraph():
        h.add_edges_from((u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True))
    else:
        h.add_edges_from(g.edges(data=True))
    data = nx.cytoscape_data(h)
    Path(path).write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8"
    )
    return Path(path)


def _clusters(g: nx.Graph) -> dict[Any, int]:
    """Node -> cluster: the node attribute ``cluster`` / ``community`` if set, else its connected component
    (1 = largest; ties by smallest node id)."""
    given = {n: d.get("cluster", d.get("community")) for n, d in g.nodes(data=True)}
    if g.number_of_nodes() and all(c is not None for c in given.values()):
        order = {c: k for k, c in enumerate(sorted(set(given.values()), key=str), start=1)}
        return {n: order[c] for n, c in given.items()}
    comps = sorted(
        (sorted(c, key=str) for c in nx.connected_components(g)), key=lambda c: (-len(c), str(c[0]))
    )
    return {n: k for k, comp in enumerate(comps, start=1) for n in comp}


def write_vosviewer(
    projection: nx.Graph,
    map_path: str | os.PathLike[str],
    network_path: str | os.PathLike[str],
    json_path: str | os.PathLike[str] | None = None,
    *,
    labels: dict[Any, str] | None = None,
) -> dict[str, Path]:
    """VOSviewer map and network files (and the VOSviewer JSON) for a projection graph.

    ``labels`` maps node -> label (default: the node id). Items are numbered 1..n in sorted node order.
    """
    g = projection
    if g.is_directed() or g.is_multigraph():
        raise ConfigError(
            "write_vosviewer needs an undirected projection graph (see scholargraph.graph.projections)"
        )
    nodes = sorted(g.nodes, key=str)
    ids = {n: k for k, n in enumerate(nodes, start=1)}
    clusters = _clusters(g)
    labels = labels or {}
    strength = dict(g.degree(weight="weight"))
    lines = ["id\tlabel\tcluster\tweight<Occurrences>\tweight<Links>\tweight<Total link strength>"]
    items = []
    for n in nodes:
        label = spreadsheet_safe(" ".join(str(labels.get(n, n)).split()))
        occ = int(g.nodes[n].get("occurrences", 0))
        lines.append(f"{ids[n]}\t{label}\t{clusters[n]}\t{occ}\t{g.degree(n)}\t{strength[n]:.6g}")
        items.append(
            {
                "id": ids[n],
                "label": label,
                "cluster": clusters[n],
                "weights": {
                    "Occurrences": occ,
                    "Links": g.degree(n),
                    "Total link strength": round(strength[n], 6),
                },
            }
        )
    Path(map_path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    links = sorted(
        (min(ids[u], ids[v]), max(ids[u], ids[v]), d.get("weight", 1.0)) for u, v, d in g.edges(data=True)
    )
    Path(network_path).write_text("".join(f"{a}\t{b}\t{w:.6g}\n" for a, b, w in links), encoding="utf-8")
    out = {"map": Path(map_path), "network": Path(network_path)}
    if json_path is not None:
        data = {
            "network": {
                "items": items,
                "links": [{"source_id": a, "target_id": b, "strength": round(w, 6)} for a, b, w in links],
            }
        }
        Path(json_path).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        out["json"] = Path(json_path)
    return out


# ------------------------------------------------------------------------------------------------ neo4j-admin


def _neo4j_value(value: Any, ptype: str, replaced: list[int]) -> str:
    if value is None:
        return ""
    if ptype == "list[str]":
        items = []
        for x in value:
            s = str(x)
            if ARRAY_DELIMITER in s:
                replaced[0] += 1
                s = s.replace(ARRAY_DELIMITER, ",")
            items.append(s)
        return ARRAY_DELIMITER.join(items)
    if ptype == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if ptype == "date":
        text = str(value)
        parts = text.split("-")
        if len(parts) == 1:
            return f"{text}-01-01"
        if len(parts) == 2:
            return f"{text}-01"
        return text
    if ptype == "bool":
        return "true" if value else "false"
    return str(value)


def _extra_props(rows: list[dict[str, Any]], known: dict[str, str], skip: set[str]) -> dict[str, str]:
    """Properties present in the data but not in the schema: typed from their values."""
    extra: dict[str, str] = {}
    for d in rows:
        for k, v in d.items():
            if k in known or k in skip or k in extra or v is None:
                continue
            if isinstance(v, bool):
                extra[k] = "bool"
            elif isinstance(v, int):
                extra[k] = "int"
            elif isinstance(v, float):
                extra[k] = "float"
            elif isinstance(v, list) and all(isinstance(x, str) for x in v):
                extra[k] = "list[str]"
            elif isinstance(v, list | dict):
                extra[k] = "json"
            else:
                extra[k] = "str"
    return dict(sorted(extra.items()))


def write_neo4j_csv(kg: KnowledgeGraph, out_dir: str | os.PathLike[str]) -> dict[str, Any]:
    """Write ``nodes_<Label>.csv`` and ``rels_<TYPE>.csv`` for ``neo4j-admin database import full`` into
    ``out_dir``, plus ``import.sh``. Returns ``{"files": [...], "replaced_delimiters": n, "args": [...]}``
    (``args``: the import's options after ``database import full <db>``, file names relative to ``out_dir``)."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"cannot create {out}: {e.strerror or e}") from None
    replaced = [0]
    files: list[Path] = []
    node_args, rel_args = [], []
    for label in schema.LABELS:
        rows = [d for _, d in kg.nodes(label)]
        if not rows:
            continue
        props = {k: t for k, t in schema.NODE_PROPERTIES[label].items() if k != schema.KEY}
        props.update(_extra_props(rows, props, {"label", schema.KEY}))
        header = [f"{schema.KEY}:ID({label})"]
        header += [f"{k}:{NEO4J_TYPES[t]}" if NEO4J_TYPES[t] != "string" else k for k, t in props.items()]
        header.append(":LABEL")
        f = out / f"nodes_{label}.csv"
        with f.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            for d in rows:
                w.writerow(
                    [d[schema.KEY], *(_neo4j_value(d.get(k), t, replaced) for k, t in props.items()), label]
                )
        files.append(f)
        node_args.append(f"--nodes={label}={f.name}")
    for rel, (start, end) in schema.RELATIONSHIPS.items():
        rows3 = list(kg.edges(rel))
        if not rows3:
            continue
        props = dict(schema.EDGE_PROPERTIES[rel])
        props.update(_extra_props([d for _, _, d in rows3], props, {"type"}))
        header = [f":START_ID({start})", f":END_ID({end})", ":TYPE"]
        header += [f"{k}:{NEO4J_TYPES[t]}" if NEO4J_TYPES[t] != "string" else k for k, t in props.items()]
        f = out / f"rels_{rel}.csv"
        with f.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            for u, v, d in rows3:
                w.writerow(
                    [
                        schema.split_node_id(u)[1],
                        schema.split_node_id(v)[1],
                        rel,
                        *(_neo4j_value(d.get(k), t, replaced) for k, t in props.items()),
                    ]
                )
        files.append(f)
        rel_args.append(f"--relationships={rel}={f.name}")
    script = out / "import.sh"
    script.write_text(
        "#!/bin/sh\n# Import into an empty database (stop the server first). Run from this directory.\n"
        "neo4j-admin database import full neo4j --overwrite-destination "
        f"--array-delimiter='{ARRAY_DELIMITER}' --multiline-fields=true \\\n  "
        + " \\\n  ".join(node_args + rel_args)
        + "\n",
        encoding="utf-8",
    )
    files.append(script)
    args = ["--overwrite-destination", f"--array-delimiter={ARRAY_DELIMITER}", "--multiline-fields=true"]
    return {"files": files, "replaced_delimiters": replaced[0], "args": args + node_args + rel_args}


# the graph a whole-graph export writes by default: what Gephi, yEd and Cytoscape can lay out. Concepts (and
# MeSH terms) are most of a large store -- 18,026 of the WoS set's 47,266 nodes, with 91,733 MENTIONS -- and
# make files of hundreds of MB; ``full=True`` (CLI ``--full``) writes them too, a projection writes one network.
CORE_LABELS = (schema.PAPER, schema.AUTHOR, schema.TOPIC, schema.VENUE)
_CORE_NAME = "the paper, author, topic and venue graph"


def core_graph(kg: KnowledgeGraph) -> KnowledgeGraph:
    """The papers, authors, topics and venues of ``kg`` and the relationships among them (a copy)."""
    return kg.subgraph(n for n, d in kg.graph.nodes(data=True) if d.get("label") in CORE_LABELS)


def export(
    kg: KnowledgeGraph,
    fmt: str,
    out: str | os.PathLike[str],
    *,
    projection: str | None = None,
    full: bool = False,
    **projection_options: Any,
) -> dict[str, Any]:
    """Export in ``fmt`` (one of :data:`FORMATS`) to ``out`` (a file; a directory for ``neo4j-csv`` and
    ``vosviewer``); returns ``{"files": [...], "graph": what was written, "nodes", "edges", "notes", ...}``.

    - graphml, gexf, node-link, cytoscape: by default the papers, authors, topics and venues
      (:data:`CORE_LABELS`; ``left_out`` counts the nodes of other labels); ``full=True`` the whole graph;
      ``projection`` (co-authorship, co-citation, coupling, concepts, topics, mesh) one projection instead.
    - vosviewer: one projection, co-citation by default. When no paper of the corpus cites another one,
      co-citation of the cited works inside the corpus is empty, so bibliographic coupling is written instead
      and ``notes`` says so.
    - neo4j-csv: the whole graph, always.

    A projection without a single link writes nothing: ConfigError (CLI exit 2) naming the projections whose
    relation the store has.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    check_bool(full, "full", "export")
    out = Path(out)
    if full and projection is not None:
        raise ConfigError("full exports the whole graph and projection one network of it: give one of them")
    if fmt == "neo4j-csv":
        if projection is not None:
            raise ConfigError("neo4j-csv exports the whole graph; --projection is not allowed with it")
        with stage("writing neo4j-admin CSV files to %s", out):
            info = write_neo4j_csv(kg, out)
        c = kg.counts()
        return {**info, "graph": "the full graph", "nodes": sum(c["nodes"].values()),
                "edges": sum(c["edges"].values()), "notes": []}  # fmt: skip
    if fmt == "vosviewer":
        if full:
            raise ConfigError("vosviewer writes one projection (--projection); full does not apply to it")
        return _export_vosviewer(kg, out, projection, projection_options)
    notes: list[str] = []
    left_out: dict[str, int] = {}
    obj: KnowledgeGraph | nx.Graph
    if projection is not None:
        obj = _projected(kg, projection, projection_options)
        what = f"the {projection} projection"
    elif full:
        obj, what = kg, "the full graph"
    else:
        obj, what = core_graph(kg), _CORE_NAME
        left_out = {k: v for k, v in kg.counts()["nodes"].items() if k not in CORE_LABELS}
        if left_out:
            notes.append(
                f"left out: {', '.join(f'{v} {k} nodes' for k, v in left_out.items())} and their relationships "
                "(--full writes the whole graph; --projection concepts a concept network)"
            )
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    writer = {
        "graphml": write_graphml,
        "gexf": write_gexf,
        "node-link": write_node_link,
        "cytoscape": write_cytoscape,
    }[fmt]
    with stage("writing %s as %s to %s", what, fmt, out):
        writer(obj, out)
    g = _graph_of(obj)
    return {"files": [out], "graph": what, "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
            "left_out": left_out, "notes": notes, **({"projection": projection} if projection else {})}  # fmt: skip


def _export_vosviewer(
    kg: KnowledgeGraph, out: Path, projection: str | None, options: dict[str, Any]
) -> dict[str, Any]:
    notes = []
    if projection is None:
        projection = "co-citation"
        if not options.get("all_refs") and not kg.has(rel_type=schema.CITES) and _has_references(kg):
            projection = "coupling"
            notes.append(
                "no paper of the corpus cites another one, so co-citation (of the works cited inside the corpus) "
                "has no links: wrote bibliographic coupling instead (--projection co-citation --refs all: "
                "co-citation of every cited work)"
            )
    g = _projected(kg, projection, options)
    with stage("labelling and writing the VOSviewer files to %s", out):
        labels = _vos_labels(kg, g)
        out.mkdir(parents=True, exist_ok=True)
        stem = projection.replace("-", "_")
        files = write_vosviewer(
            g, out / f"{stem}_map.txt", out / f"{stem}_network.txt", out / f"{stem}.json", labels=labels
        )
    return {
        "files": list(files.values()),
        "graph": f"the {projection} projection",
        "projection": projection,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "notes": notes,
    }


def _projected(kg: KnowledgeGraph, projection: str, options: dict[str, Any]) -> nx.Graph:
    """The projection, or ConfigError when it has no link (an export of it would be a header and nothing)."""
    from .projections import project

    with stage("projecting the %s network", projection) as st:
        g = project(kg, projection, **options)
        st.done("%d nodes, %d links", g.number_of_nodes(), g.number_of_edges())
    if g.number_of_edges() == 0:
        have = [k for k, ok in _relations(kg).items() if ok and k != projection]
        raise ConfigError(
            f"the {projection} projection of this store has no links ({_why_empty(kg, projection, options)}); "
            "nothing was written. "
            + (
                f"Projections whose relation this store has: {', '.join(have)} (--projection {have[0]})"
                if have
                else "This store has no relation any projection needs (references, authors, concepts, topics)"
            )
        )
    return g


def _has_references(kg: KnowledgeGraph) -> bool:
    return kg.has(rel_type=schema.CITES) or any(
        d.get("unresolved_references") for _, d in kg.nodes(schema.PAPER)
    )


def _relations(kg: KnowledgeGraph) -> dict[str, bool]:
    """projection kind -> whether the store has the relation it needs (a cheap check, not the projection)."""
    g = kg.graph
    refs = _has_references(kg)
    coauthored = any(
        sum(1 for u in g.predecessors(p) if g.nodes[u].get("label") == schema.AUTHOR) >= 2
        for p, _ in kg.nodes(schema.PAPER)
    )
    return {
        "co-authorship": coauthored,
        "co-citation": refs,
        "coupling": refs,
        "concepts": kg.has(rel_type=schema.MENTIONS),
        "topics": kg.has(rel_type=schema.HAS_TOPIC),
        "mesh": kg.has(rel_type=schema.HAS_MESH),
    }


def _why_empty(kg: KnowledgeGraph, projection: str, options: dict[str, Any]) -> str:
    ok = _relations(kg).get(projection, True)
    if projection in ("co-citation", "coupling"):
        if not ok:
            return "the papers have no references"
        corpus_only = not options.get(
            "all_refs", projection == "coupling"
        )  # coupling counts every ref by default
        if corpus_only and not kg.has(rel_type=schema.CITES):
            return "no paper of the corpus cites another one; --refs all counts the works cited outside it"
        return "no two papers share a reference, or the thresholds left none"
    if projection == "co-authorship" and not ok:
        return "no paper has two authors with names (some sources give author counts only)"
    if not ok:
        needs = {
            "concepts": "concepts (build without --no-extract)",
            "topics": "topics",
            "mesh": "MeSH terms",
        }
        return f"the papers have no {needs.get(projection, projection)}"
    return "no two items share a paper, or the thresholds left none"


def first_author_surname(name: str) -> str:
    """The surname in a display name: before the comma ('Waltman, L.'), after leading initials
    ('A. A. Garcia Pena'), else the last word ('Ludo Waltman').

    >>> [first_author_surname(n) for n in ("Waltman, L.", "A. A. Garcia Pena", "Ludo Waltman", "Plato")]
    ['Waltman', 'Garcia Pena', 'Waltman', 'Plato']
    """
    name = " ".join(str(name).split())
    if "," in name:
        return name.split(",", 1)[0].strip()
    words = name.split(" ")
    i = 0
    while i < len(words) - 1 and re.fullmatch(r"(?:[A-Z]\.?-?)+", words[i]):
        i += 1
    return " ".join(words[i:]) if i else words[-1]


def reference_label(text: str) -> str | None:
    """'Surname (Year)' of a citation string that starts with the first author and gives a year (WoS:
    'Smith J, 1999, NATURE, ...'; Scopus: 'Smith, J., Title, 1999'), else None.

    >>> reference_label("Small H, 1973, J AM SOC INFORM SCI, V24, P265, DOI 10.1002/asi.4630240406")
    'Small (1973)'
    >>> reference_label("Garfield E., Citation indexes for science, Science, 122, (1955)")
    'Garfield (1955)'
    >>> reference_label("[Anonymous], 2020, WHO REPORT") is None
    True
    """
    m = re.match(r"\s*([^\W\d_][\w'\-]*)", text)
    year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", text)
    if not m or not year:
        return None
    return f"{m.group(1)[:1].upper()}{m.group(1)[1:].lower()} ({year.group(1)})"


def _vos_labels(kg: KnowledgeGraph, g: nx.Graph) -> dict[Any, str]:
    """Labels as VOSviewer writes its own: 'Surname (Year)' of the first author for papers and cited works
    (a, b, ... added when two are alike: 'Smith (2020a)'), names for authors, concepts, topics and venues."""
    out: dict[Any, str] = {}
    raw = _reference_texts(kg, g)
    for n in g.nodes:
        d = kg.graph.nodes[n] if n in kg.graph else None
        if d is None:
            key = str(n).removeprefix(REF_PREFIX)
            out[n] = (
                reference_label(raw[key])
                if key in raw and reference_label(raw[key])
                else key.split(":", 1)[1]
            )
            continue
        if d.get("label") == schema.PAPER:
            out[n] = _paper_label(kg, n, d)
            continue
        cap = d.get(schema.CAPTIONS.get(d.get("label", ""), ""), None)
        out[n] = str(cap if cap is not None else d.get("key"))
    return _distinct(out)


def _paper_label(kg: KnowledgeGraph, node: str, d: dict[str, Any]) -> str:
    g = kg.graph
    firsts = sorted(
        (ed.get("position", 0), u)
        for u, _, ed in g.in_edges(node, data=True)
        if ed.get("type") == schema.AUTHORED and g.nodes[u].get("label") == schema.AUTHOR
    )
    year = d.get("year")
    if firsts:
        surname = first_author_surname(g.nodes[firsts[0][1]].get("name") or "")
        return f"{surname} ({year})" if year is not None else surname
    title = str(d.get("title") or d.get("key"))
    return f"{title[:60]} ({year})" if year is not None else title[:60]


def _distinct(labels: dict[Any, str]) -> dict[Any, str]:
    """Equal 'Name (Year)' labels get a, b, c ... in node order: 'Smith (2020a)', 'Smith (2020b)'."""
    groups: dict[str, list[Any]] = {}
    for n in sorted(labels, key=str):
        groups.setdefault(labels[n], []).append(n)
    for label, nodes in groups.items():
        m = re.fullmatch(r"(.*) \((\d{4})\)", label)
        if len(nodes) < 2 or not m:
            continue
        for k, n in enumerate(nodes):
            suffix = chr(ord("a") + k) if k < 26 else f"-{k + 1}"
            labels[n] = f"{m.group(1)} ({m.group(2)}{suffix})"
    return labels


def _reference_texts(kg: KnowledgeGraph, g: nx.Graph) -> dict[str, str]:
    """reference key -> the first citation string with that key, for the cited works outside the corpus in
    ``g`` (co-citation over every cited work)."""
    wanted = {str(n).removeprefix(REF_PREFIX) for n in g.nodes if str(n).startswith(REF_PREFIX)}
    if not wanted:
        return {}
    from .references import reference_keys

    found: dict[str, str] = {}
    for _, d in kg.nodes(schema.PAPER):
        texts = d.get("unresolved_reference_list") or []
        for key, text in zip(reference_keys(list(texts)), texts, strict=True):
            if key in wanted and key not in found:
                found[key] = text
    return found
