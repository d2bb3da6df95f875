"""``scholargraph neo4j``: push a store to Neo4j (or bulk-import it), pull it back, write Browser assets, run a
local server (with Graph Data Science: --plugin gds).

Connection settings come from the flags, else SCHOLARGRAPH_NEO4J_* / the TOML ``[neo4j]`` table, else the
NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE variables (default bolt://127.0.0.1:7687).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..errors import ConfigError

NAME = "neo4j"
DEFAULT_HOME = Path.home() / ".local" / "share" / "scholargraph" / "neo4j"  # = neo4j.server.DEFAULT_HOME

EPILOG = """examples:
  scholargraph neo4j server start --password 'a-long-secret'      # long-lived server on 7687/7474
  NEO4J_PASSWORD='a-long-secret' scholargraph neo4j push mystore   # then open http://127.0.0.1:7474/browser/
  scholargraph neo4j server stop; scholargraph neo4j import bigstore  # bulk load (neo4j-admin), server stopped
  scholargraph neo4j import bigstore --restart                     # the same: stops and restarts the server
  scholargraph neo4j pull --out sub --years 2019-2021
  scholargraph neo4j browser --out browser-assets
  scholargraph neo4j server stop"""


def _connection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(
        "connection (default: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE)"
    )
    g.add_argument("--uri", default=None, help="Bolt URI (default $NEO4J_URI or bolt://127.0.0.1:7687)")
    g.add_argument("--user", default=None, help="user name (default $NEO4J_USERNAME or neo4j)")
    g.add_argument(
        "--password", default=None, help="password (default $NEO4J_PASSWORD; none = no authentication)"
    )
    g.add_argument(
        "--database", default=None, help="database name (default $NEO4J_DATABASE or the server's default)"
    )


def register(sub, parents) -> None:
    p = sub.add_parser(
        NAME,
        parents=parents,
        help="push a store to Neo4j, pull it back, Browser styling, a local Neo4j server",
        description=__doc__,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=lambda args: _usage(p))
    acts = p.add_subparsers(dest="action", metavar="ACTION")

    push = acts.add_parser(
        "push", help="write a store's graph into Neo4j (idempotent; rerun to finish a cut push)"
    )
    push.add_argument("store", help="store directory (written by 'scholargraph build')")
    _connection(push)
    push.add_argument("--batch-size", type=int, default=None, help="rows per transaction (default 1000)")
    _json(push)
    push.set_defaults(
        func=run_push,
        _settings={"uri": None, "user": None, "password": None, "database": None, "batch_size": 1000},
    )

    imp = acts.add_parser(
        "import",
        help="bulk-load a store into the local server's database with neo4j-admin (replaces its content)",
        description="Write the store's graph as neo4j-admin CSV and run 'neo4j-admin database import full' into "
        "the stopped database of the server in --home (the one 'neo4j server start' runs): the path for big "
        "stores, where push's batched MERGE is slow. The database's content is replaced.",
    )
    imp.add_argument("store", help="store directory (written by 'scholargraph build')")
    imp.add_argument("--home", default=str(DEFAULT_HOME), help=f"server home (default {DEFAULT_HOME})")
    imp.add_argument("--database", default="neo4j", help="database to replace (default neo4j)")
    imp.add_argument(
        "--restart", action="store_true", help="stop the running server first and start it again afterwards"
    )
    imp.add_argument("--heap", default="1g", help="Java heap of neo4j-admin (default 1g)")
    for a in ("--uri", "--user", "--password"):  # to create the key constraints after --restart
        imp.add_argument(a, default=None, help=argparse.SUPPRESS)
    _json(imp)
    imp.set_defaults(func=run_import)

    pull = acts.add_parser("pull", help="read the graph (or a subgraph) from Neo4j into a store")
    pull.add_argument("--out", required=True, help="store directory to write")
    _connection(pull)
    pull.add_argument(
        "--community", default=None, help="only this community (Paper.community) and its neighbours"
    )
    pull.add_argument("--topic", default=None, help="only this topic's papers, concepts and their neighbours")
    pull.add_argument(
        "--years", default=None, metavar="FROM-TO", help="only papers of these years, e.g. 2019-2021"
    )
    pull.add_argument("--labels", default=None, help="comma-separated labels to keep, e.g. Paper,Author")
    _json(pull)
    pull.set_defaults(
        func=run_pull, _settings={"uri": None, "user": None, "password": None, "database": None}
    )

    br = acts.add_parser("browser", help="write style.grass, queries.cypher and a guide for Neo4j Browser")
    br.add_argument("--out", default="neo4j-browser", help="directory to write (default ./neo4j-browser)")
    br.add_argument(
        "--home",
        default=str(DEFAULT_HOME),
        help=f"the home of a server started with `neo4j server start`, whose Browser address is printed "
        f"(default {DEFAULT_HOME})",
    )
    _json(br)
    br.set_defaults(func=run_browser)

    srv = acts.add_parser("server", help="run a local Neo4j Community server assembled from Maven Central")
    sacts = srv.add_subparsers(dest="server_action", metavar="ACTION")
    srv.set_defaults(func=lambda args: _usage(srv))
    sa = sacts.add_parser("assemble", help="download the jars with Maven into the cache (done by start too)")
    _json(sa)
    sa.set_defaults(func=run_server)
    st = sacts.add_parser("start", help="start a server on 127.0.0.1 and wait until it answers")
    st.add_argument("--home", default=str(DEFAULT_HOME), help=f"server home (default {DEFAULT_HOME})")
    st.add_argument("--bolt-port", type=int, default=7687, help="Bolt port (default 7687; 0 = any free port)")
    st.add_argument(
        "--http-port", type=int, default=7474, help="HTTP/Browser port (default 7474; 0 = any free port)"
    )
    st.add_argument(
        "--password", default=None, help="initial password of user neo4j (none = authentication off)"
    )
    st.add_argument("--foreground", action="store_true", help="stay attached; Ctrl-C stops the server")
    st.add_argument(
        "--plugin",
        action="append",
        default=[],
        choices=["gds"],
        help="load a plugin fetched from Maven Central at run time: gds = Graph Data Science 2.13.9 (GPL-3)",
    )
    _json(st)
    st.set_defaults(func=run_server)
    for name, text in (("stop", "stop the server of a home"), ("status", "show the server of a home")):
        sp = sacts.add_parser(name, help=text)
        sp.add_argument("--home", default=str(DEFAULT_HOME), help=f"server home (default {DEFAULT_HOME})")
        _json(sp)
        sp.set_defaults(func=run_server)


JSON_SCHEMAS = {
    "push": {
        "store": "str: the store pushed",
        "rows": "int: rows written",
        "total": "int: rows to write",
        "batches": "int: transactions",
        "nodes": "{label: int}: nodes written per label",
        "relationships": "{type: int}: relationships written per type",
    },
    "import": {
        "store": "str: the store imported",
        "home": "str: the server home",
        "database": "str: the database replaced",
        "rows": "int: nodes and relationships imported",
        "seconds": "float: the import alone",
        "rows_per_s": "float | null",
        "uri": "str | null: the restarted server's Bolt URI (null without --restart)",
    },
    "pull": {"store": "str: the store written", "nodes": "{label: int}", "edges": "{type: int}"},
    "browser": {
        "out": "str: the directory written",
        "files": "{style, queries, guide, readme: str}",
        "browser": "str | null: the Browser address of the server running in --home (its real HTTP port)",
        "note": "str | null: why no address is known",
    },
    "assemble": {"cache": "str: the directory holding the server's jars"},
    "start": {
        "home": "str",
        "pid": "int",
        "version": "str: Neo4j version",
        "uri": "str: bolt://127.0.0.1:<port>",
        "browser": "str: http://127.0.0.1:<port>/browser/",
        "bolt_port": "int",
        "http_port": "int",
        "auth": "bool: whether a password is required",
        "startup_s": "float: seconds until it answered",
    },
    "stop": {"home": "str", "stopped": "bool: false when no server ran there"},
    "status": {
        "home": "str",
        "running": "bool (exit code 1 when false)",
        "pid": "int",
        "uri": "str",
        "browser": "str",
        "rss_mb": "float | null",
        "reason": "str: only when no server was started there",
    },
}


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.set_defaults(_json=JSON_SCHEMAS[p.prog.split()[-1]])


def _print_json(info: dict) -> None:
    print(json.dumps(info, indent=1, ensure_ascii=False))


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 2


def _driver(args):
    import logging

    from ..neo4j.client import connect

    if not args.verbose:  # the driver logs each retry as a warning; the command reports one line instead
        logging.getLogger("neo4j").setLevel(logging.ERROR)
    # the environment is read here (and in connect()), never inside push/pull
    args.database = args.database or os.environ.get("NEO4J_DATABASE") or None
    return connect(args.uri, args.user, args.password, args.database)


def run_push(args) -> int:
    from .._progress import stage
    from ..neo4j.client import push
    from ..store import embedded

    kg = embedded.load(args.store)
    driver = _driver(args)
    try:
        with stage(
            "pushing %s to Neo4j at %s", args.store, args.uri or os.environ.get("NEO4J_URI") or "default"
        ):
            res = push(
                kg,
                driver,
                database=args.database,
                batch_size=args.batch_size,
                progress=False if args.quiet or args.json else None,
            )
    finally:
        driver.close()
    if args.json:
        _print_json({"store": str(args.store), **res})
        return 0
    print(
        f"pushed {sum(res['nodes'].values())} nodes and {sum(res['relationships'].values())} relationships "
        f"in {res['batches']} batches"
    )
    return 0


def _years(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    a, _, b = text.partition("-")
    try:
        first, last = int(a), int(b or a)
    except ValueError:
        raise ConfigError(f"--years must be FROM-TO or YEAR, e.g. 2019-2021; got {text!r}") from None
    return first, last


def run_pull(args) -> int:
    from ..neo4j.client import pull
    from ..store import embedded

    labels = [x.strip() for x in args.labels.split(",") if x.strip()] if args.labels else None
    community = args.community
    if community is not None and community.lstrip("-").isdigit():
        community = int(community)
    years = _years(args.years)  # before connecting: a typo is reported as such, not as a connection error
    driver = _driver(args)
    try:
        kg = pull(
            driver,
            args.database,
            labels=labels,
            community=community,
            topic=args.topic,
            years=years,
        )
    finally:
        driver.close()
    embedded.save(kg, args.out)
    c = kg.counts()
    if args.json:
        _print_json({"store": str(args.out), "nodes": c["nodes"], "edges": c["edges"]})
        return 0
    print(
        f"pulled {sum(c['nodes'].values())} nodes and {sum(c['edges'].values())} relationships into {args.out}"
    )
    return 0


def run_import(args) -> int:
    from ..neo4j import server
    from ..store import embedded

    kg = embedded.load(args.store)
    password = args.password or os.environ.get("NEO4J_PASSWORD")  # the environment is read here, in the CLI
    res = server.import_graph(kg, args.home, database=args.database, restart_server=args.restart, heap=args.heap,
                              password=password)  # fmt: skip
    s = res["server"]
    info = {"store": str(args.store), "home": str(args.home), "database": args.database,
            "rows": res["rows"], "seconds": res["seconds"], "rows_per_s": res["rows_per_s"],
            "uri": s.uri if s is not None else None}  # fmt: skip
    if not args.json:
        print(
            f"imported {res['rows']} nodes and relationships into database {args.database!r} of {args.home} "
            f"in {res['seconds']:.1f} s ({res['rows_per_s']:,.0f} rows/s)"
        )
    if s is not None:
        args.uri = args.uri or s.uri
        args.database = args.database if args.database != "neo4j" else None
        from ..neo4j.client import ensure_schema

        driver = _driver(args)
        try:
            ensure_schema(driver, args.database)
        finally:
            driver.close()
        if not args.json:
            print(f"server restarted on {s.uri}; key constraints and indexes created")
    elif not args.json:
        print("start the server to use it; key constraints and indexes are created by the next push")
    if args.json:
        _print_json(info)
    return 0


def run_browser(args) -> int:
    from ..neo4j import server
    from ..neo4j.browser import instructions, write_browser_assets

    state = server.status(args.home)  # the recorded ports of a server started here; nothing is started
    url = state["browser"] if state["running"] else None
    files = write_browser_assets(args.out, **({"http_url": url} if url else {}))
    note = None
    if url is None:
        note = (
            f"no running server in {args.home}: Browser is at http://127.0.0.1:<HTTP port>/browser/ of your "
            "server (`scholargraph neo4j server start` prints it; --home names another server home)"
        )
    if args.json:
        _print_json({"out": str(args.out), "files": {k: str(v) for k, v in files.items()}, "browser": url,
                     "note": note})  # fmt: skip
        return 0
    print(instructions(args.out, **({"http_url": url} if url else {})))
    if note:
        print(f"note: {note}", file=sys.stderr)
    return 0


def run_server(args) -> int:
    from ..neo4j import server

    action = args.server_action
    if action == "assemble":
        path = server.assemble(quiet=args.quiet or args.json)
        if args.json:
            _print_json({"cache": str(path)})
            return 0
        print(path)
        return 0
    if action == "start":
        s = server.start(
            args.home,
            bolt_port=args.bolt_port or None,
            http_port=args.http_port or None,
            password=args.password,
            foreground=False,
            plugins=tuple(args.plugin),
        )
        if args.json:
            _print_json({"home": s.home, "pid": s.pid, "version": server.NEO4J_VERSION, "uri": s.uri,
                         "browser": s.browser_url, "bolt_port": s.bolt_port, "http_port": s.http_port,
                         "auth": args.password is not None, "startup_s": s.startup_s})  # fmt: skip
            if args.foreground:
                _wait_foreground(server, s)
            return 0
        auth = (
            "user neo4j with the password you gave" if args.password else "authentication OFF (loopback only)"
        )
        print(f"Neo4j {server.NEO4J_VERSION} running (pid {s.pid}, started in {s.startup_s:.1f} s)")
        print(f"  bolt:    {s.uri}   ({auth})")
        print(f"  browser: {s.browser_url}")
        print(f"  connect: export NEO4J_URI={s.uri}" + (" NEO4J_PASSWORD=..." if args.password else ""))
        print(f"  stop:    scholargraph neo4j server stop --home {s.home}")
        if args.foreground:
            _wait_foreground(server, s)
        return 0
    if action == "stop":
        stopped = server.stop(args.home)
        if args.json:
            _print_json({"home": str(args.home), "stopped": bool(stopped)})
            return 0
        print("stopped" if stopped else f"no server running in {args.home}")
        return 0
    info = server.status(args.home)
    json.dump(info, sys.stdout, indent=1)
    print()
    return 0 if info["running"] else 1


def _wait_foreground(server, s) -> None:
    import time

    try:
        while s.alive():
            time.sleep(1)
    except KeyboardInterrupt:
        server.stop(s.home)
