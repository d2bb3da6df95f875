"""``scholargraph analyze STORE``: communities, centrality, trends and bursts of a built store.

Writes the tables to ``STORE/analysis/`` (CSV + JSON, with ``analysis/settings.json``), annotates the graph
(``community``, ``pagerank``) and saves it back; prints a short summary. The same store, settings and seed give
identical tables. Settings can also come from a TOML file (``[analyze]`` table) or ``SCHOLARGRAPH_ANALYZE_*``.

``--engine gds`` runs PageRank, betweenness and the communities in Neo4j Graph Data Science on the server given by
the connection options (NEO4J_URI, ...), which must hold the store's graph (``scholargraph neo4j import STORE`` or
``push``); the tables are the same (docs/scale.md).
"""

from __future__ import annotations

import argparse
import json

NAME = "analyze"
JSON_SCHEMA = {
    "store": "str: the store directory",
    "tables": "{name: int}: rows of every table written to STORE/analysis/",
    "communities": "[{community, size, label}]: the 10 largest communities",
    "pagerank_top": "[{rank, paper_id, title}]: the papers with the highest PageRank",
    "bursts_<kind>": "[{item, start, end, strength}]: the 10 strongest bursts of topics, concepts, keywords, mesh",
}
DEFAULTS = {"seed": 0, "resolution": 1.0, "period": "year", "method": "leiden", "top": 10}


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        NAME,
        parents=parents,
        help="find communities, central papers, trends and bursts in a store",
        description=__doc__,
        epilog="example: scholargraph analyze mystore --seed 0 --resolution 1.0 --period quarter --method leiden",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("store", metavar="STORE", help="store directory made by `scholargraph build`")
    p.add_argument(
        "--seed", type=int, default=None, help="random seed of community detection and sampling (default 0)"
    )
    p.add_argument(
        "--resolution",
        type=float,
        default=None,
        help="community resolution; higher = smaller communities (default 1.0)",
    )
    p.add_argument(
        "--period", choices=["year", "quarter", "month"], default=None, help="trend period (default year)"
    )
    p.add_argument(
        "--method", choices=["leiden", "louvain"], default=None, help="community method (default leiden)"
    )
    p.add_argument(
        "--top", type=int, default=None, help="how many papers in the PageRank top table (default 10)"
    )
    p.add_argument(
        "--engine",
        choices=["local", "gds"],
        default="local",
        help="local (default) or gds: PageRank, betweenness and communities in Neo4j Graph Data Science",
    )
    from .neo4j import _connection

    _connection(p)
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    p.set_defaults(func=run, _settings=dict(DEFAULTS), _json=JSON_SCHEMA)


def summarize(tables: dict, store: str) -> dict:
    """What the command prints: table sizes, communities and their labels, PageRank top titles, bursts."""
    from ..analysis import tables as T

    out: dict = {"store": store, "tables": {k: len(v) for k, v in sorted(tables.items())}}
    if T.COMMUNITY_SUMMARY in tables:
        cs = tables[T.COMMUNITY_SUMMARY]
        out["communities"] = [
            {"community": int(r.community), "size": int(r.size), "label": r.label}
            for r in cs.head(10).itertuples()
        ]
    top = tables.get(T.PAGERANK_TOP)
    if top is not None:
        out["pagerank_top"] = [
            {"rank": int(r.rank), "paper_id": r.paper_id, "title": r.title} for r in top.itertuples()
        ]
    for kind in T.ITEM_KINDS:
        name = T.trend_table("bursts", kind)
        b = tables.get(name)
        if b is not None and len(b):
            out[name] = [
                {"item": r.item, "start": r.start, "end": r.end, "strength": float(r.strength)}
                for r in b.head(10).itertuples()
            ]
    return out


def run(args: argparse.Namespace) -> int:
    from ..analysis.run import analyze_store

    driver = None
    if args.engine == "gds":
        from .neo4j import _driver

        driver = _driver(args)
    try:
        tables = analyze_store(
            args.store,
            seed=args.seed,
            resolution=args.resolution,
            period=args.period,
            method=args.method,
            top=args.top,
            engine=args.engine,
            driver=driver,
            database=args.database if driver is not None else None,
        )
    finally:
        if driver is not None:
            driver.close()
    report = summarize(tables, str(args.store))
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return 0
    if args.quiet:
        return 0
    print(f"analysis of {args.store}: tables written to {args.store}/analysis/")
    for c in report.get("communities", []):
        print(f"  community {c['community']} ({c['size']} nodes): {c['label']}")
    for r in report.get("pagerank_top", []):
        print(f"  pagerank #{r['rank']}: {r['title']} [{r['paper_id']}]")
    for kind in ("topic", "concept", "keyword"):  # = analysis.tables.ITEM_KINDS
        for b in report.get(f"bursts_{kind}", [])[:5]:
            print(f"  burst ({kind}): {b['item']} {b['start']}..{b['end']} strength {b['strength']:.2f}")
    return 0
