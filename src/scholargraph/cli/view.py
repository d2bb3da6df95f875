"""``scholargraph view STORE``: write an interactive HTML view of part of the graph.

Choose what to show with exactly one of ``--community C`` (a community from the analysis tables),
``--topic T`` (a topic number or a word of its label) or ``--paper ID`` (a paper id such as ``doi:10.1/x``).
The page is self-contained (no internet needed): search, colour by node type or community, node size by
centrality, zoom and pan, and a details panel with DOI/arXiv links. Its title says what it shows (a community
with its label); a community of concepts (a corpus without references) is shown with the papers that mention
its concepts; a capped or very large selection is named on the page and on stderr, with how to narrow it.
"""

from __future__ import annotations

import argparse
import json
import sys

NAME = "view"
JSON_SCHEMA = {
    "file": "str: the HTML page written",
    "title": "str: what the page shows (e.g. 'community 3: <label> (120 papers)')",
    "nodes": "{label: int}: nodes drawn per label",
    "edges": "{type: int}: relationships drawn per type",
    "notes": "[str]: what the page says about the selection (capped, a community of concepts, too large)",
}


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        NAME,
        parents=parents,
        help="write an interactive HTML view of a community, a topic or a paper's neighbourhood",
        description=(
            "Write a self-contained interactive HTML page showing a community, a topic's neighbourhood or a "
            "paper's citation neighbourhood (search, colour by type/community, size by centrality)."
        ),
        epilog="example: scholargraph view store/ --topic 3 --out topic3.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("store", metavar="STORE", help="store directory (made by `scholargraph build`)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--community", metavar="C", help="a community number (from `scholargraph analyze`)")
    what.add_argument("--topic", metavar="T", help="a topic number, or a word of the topic's label")
    what.add_argument("--paper", metavar="ID", help="a paper id, e.g. doi:10.1000/xyz or arxiv:2401.00001")
    p.add_argument("--out", metavar="FILE", required=True, help="the HTML file to write")
    p.add_argument(
        "--hops", type=int, default=None, metavar="N", help="citation steps around --paper (default 1)"
    )
    p.add_argument(
        "--max-nodes", type=int, default=None, metavar="N", help="largest number of nodes shown (default 400)"
    )
    p.add_argument("--seed", type=int, default=None, metavar="N", help="seed of the layout (default 0)")
    p.add_argument("--json", action="store_true", help="print what was written as one JSON object")
    p.set_defaults(func=run, _settings={"hops": 1, "max_nodes": 400, "seed": 0}, _json=JSON_SCHEMA)


def run(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..report.subgraph_view import (
        community_title,
        load_membership,
        select_subgraph,
        view_notes,
        write_view,
    )
    from ..store import embedded

    for name in ("hops", "max_nodes"):
        if getattr(args, name) < 1:
            raise ConfigError(f"--{name.replace('_', '-')} must be >= 1, got {getattr(args, name)}")
    if not str(args.out).lower().endswith((".html", ".htm")):
        raise ConfigError(f"--out must be an .html file, got {args.out!r}")
    kg = embedded.load(args.store)
    membership = load_membership(args.store)
    if args.community is not None and not membership:
        raise ConfigError(
            f"{args.store} has no communities table; run `scholargraph analyze {args.store}` first"
        )
    try:
        sub = select_subgraph(
            kg,
            community=args.community,
            topic=args.topic,
            paper=args.paper,
            membership=membership,
            hops=args.hops,
            max_nodes=args.max_nodes,
        )
    except ValueError as e:
        raise ConfigError(str(e)) from None
    what = (
        community_title(args.store, args.community)
        if args.community is not None
        else f"topic {args.topic}"
        if args.topic
        else f"paper {args.paper}"
    )
    path = write_view(sub, args.out, title=what, membership=membership, seed=args.seed)
    notes = view_notes(sub)
    if args.json:
        c = sub.counts()
        info = {"file": str(path), "title": what, "nodes": c["nodes"], "edges": c["edges"], "notes": notes}
        print(json.dumps(info, indent=1, ensure_ascii=False))
        return 0
    print(path)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return 0
