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
from ..errors import ConfigError, StoreError
from . import schema
from ._names import FORMATS
from .kg import KnowledgeGraph

__all__ = [
    "FORMATS",
    "export",
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


def export(
    kg: KnowledgeGraph,
    fmt: str,
    out: str | os.PathLike[str],
    *,
    projection: str | None = None,
    **projection_options: Any,
) -> dict[str, Any]:
    """Export in ``fmt`` (one of :data:`FORMATS`) to ``out`` (a file; a directory for ``neo4j-csv`` and
    ``vosviewer``). ``projection`` (co-authorship, co-citation, coupling, concepts, topics) exports that
    projection instead of the whole graph (``vosviewer`` default: co-citation, or coupling when the corpus
    has no citation inside it). Returns ``{"files": [...], ...}``."""
    if fmt not in FORMATS:
        raise ConfigError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    from .projections import project

    out = Path(out)
    if fmt == "neo4j-csv":
        if projection is not None:
            raise ConfigError("neo4j-csv exports the whole graph; --projection is not allowed with it")
        return write_neo4j_csv(kg, out)
    if fmt == "vosviewer":
        if projection is None:
            projection = "co-citation" if any(True for _ in kg.edges(schema.CITES)) else "coupling"
        g = project(kg, projection, **projection_options)
        labels = _vos_labels(kg, g)
        out.mkdir(parents=True, exist_ok=True)
        stem = projection.replace("-", "_")
        files = write_vosviewer(
            g, out / f"{stem}_map.txt", out / f"{stem}_network.txt", out / f"{stem}.json", labels=labels
        )
        return {
            "files": list(files.values()),
            "projection": projection,
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
        }
    obj: KnowledgeGraph | nx.Graph = (
        kg if projection is None else project(kg, projection, **projection_options)
    )
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    writer = {
        "graphml": write_graphml,
        "gexf": write_gexf,
        "node-link": write_node_link,
        "cytoscape": write_cytoscape,
    }[fmt]
    writer(obj, out)
    g = _graph_of(obj)
    return {"files": [out], "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def _vos_labels(kg: KnowledgeGraph, g: nx.Graph) -> dict[Any, str]:
    """Readable labels: 'Family (year)' style for papers, names for authors/concepts, the raw key for refs."""
    out = {}
    for n in g.nodes:
        d = kg.graph.nodes[n] if n in kg.graph else None
        if d is None:
            out[n] = str(n).split(":", 1)[1]
            continue
        cap = d.get(schema.CAPTIONS.get(d.get("label", ""), ""), None)
        text = str(cap if cap is not None else d.get("key"))
        if d.get("label") == schema.PAPER and d.get("year") is not None:
            text = f"{text[:80]} ({d['year']})"
        out[n] = text
    return out
