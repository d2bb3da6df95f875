"""``scholargraph export``: write a store's graph (or one projection) in a format other tools read."""

from __future__ import annotations

import argparse
import json
from typing import Any

NAME = "export"
JSON_SCHEMA = {
    "files": "[str]: the files written",
    "graph": "str: what was written ('the paper, author, topic and venue graph', 'the full graph', "
    "'the <kind> projection')",
    "nodes": "int: nodes written",
    "edges": "int: relationships (links of a projection) written",
    "notes": "[str]: what was left out or switched (e.g. coupling instead of an empty co-citation)",
    "left_out": "{label: int}: graph exports: nodes of the labels left out (--full keeps them)",
    "projection": "str: projection exports and vosviewer: the projection written",
    "replaced_delimiters": "int: neo4j-csv: ';' inside array items written as ','",
}


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    from ..graph._names import COUNTINGS, FORMATS, KINDS, NORMALIZATIONS

    p = sub.add_parser(
        NAME,
        parents=parents,
        help="export the graph: GraphML, GEXF, node-link/Cytoscape JSON, VOSviewer, neo4j-admin CSV",
        description="Export the knowledge graph of a store, or one projection of it (--projection), for Gephi, "
        "Cytoscape, VOSviewer or `neo4j-admin database import`. graphml/gexf/node-link/cytoscape write one file: "
        "by default the papers, authors, topics and venues (concepts are most of a large store and make files "
        "of hundreds of MB; --full writes them too); vosviewer (one projection, co-citation by default) and "
        "neo4j-csv (the whole graph) write a directory of files. The output says what was written. A "
        "projection without links writes nothing and exits with code 2, naming the projections this store "
        "has data for.",
        epilog="example: scholargraph export store/ --format vosviewer --projection coupling --out vos/",
    )
    p.add_argument("store", metavar="STORE", help="store directory made by `scholargraph build`")
    p.add_argument("--format", required=True, choices=FORMATS, help="output format")
    p.add_argument(
        "--out", required=True, metavar="PATH", help="output file (directory for vosviewer, neo4j-csv)"
    )
    p.add_argument("--projection", choices=sorted(KINDS), default=None,
                   help="export this projection instead of the graph (vosviewer default: co-citation; coupling, "
                        "announced, when no paper of the corpus cites another)")  # fmt: skip
    p.add_argument("--full", action="store_true",
                   help="graphml/gexf/node-link/cytoscape: the whole graph, concepts and MeSH terms included "
                        "(default: papers, authors, topics, venues)")  # fmt: skip
    p.add_argument(
        "--normalization", choices=NORMALIZATIONS, default=None, help="projection weights (default count)"
    )
    p.add_argument(
        "--counting", choices=COUNTINGS, default=None, help="full or fractional counting (default full)"
    )
    p.add_argument(
        "--min-weight", type=float, default=None, dest="min_weight", help="drop weaker projection edges"
    )
    p.add_argument("--top-k", type=int, default=None, dest="top_k", help="keep each node's k strongest edges")
    p.add_argument("--min-occurrences", type=int, default=None, dest="min_occurrences",
                   help="leave out items in fewer documents (e.g. works cited fewer times)")  # fmt: skip
    p.add_argument("--refs", choices=("corpus", "all"), default=None,
                   help="co-citation/coupling over the cited works inside the corpus, or over every cited work "
                        "(default: co-citation corpus, coupling all)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print what was written as JSON")
    p.set_defaults(func=run, _json=JSON_SCHEMA)


def run(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..graph.exports import export
    from ..store.embedded import load

    options: dict[str, Any] = {
        k: getattr(args, k)
        for k in ("normalization", "counting", "min_weight", "top_k", "min_occurrences")
        if getattr(args, k) is not None
    }
    if args.refs is not None:
        if args.projection not in (None, "co-citation", "coupling"):
            raise ConfigError(
                f"--refs applies to co-citation and coupling only; got --projection {args.projection}"
            )
        options["all_refs"] = args.refs == "all"
    if options and args.projection is None and args.format != "vosviewer":
        raise ConfigError("projection options (--normalization, --top-k, ...) need --projection")
    if args.full and (args.projection is not None or args.format in ("vosviewer", "neo4j-csv")):
        raise ConfigError(
            "--full applies to the whole-graph exports (graphml, gexf, node-link, cytoscape) only"
        )
    kg = load(args.store)
    info = export(kg, args.format, args.out, projection=args.projection, full=args.full, **options)
    info["files"] = [str(f) for f in info["files"]]
    if args.json:
        print(json.dumps(info, indent=1, sort_keys=True))
        return 0
    print(
        f"exported {info['graph']} ({info['nodes']} nodes, {info['edges']} "
        f"{'links' if 'projection' in info else 'relationships'}) as {args.format}: "
        + ", ".join(info["files"])
    )
    for note in info["notes"]:
        print(f"note: {note}")
    return 0
