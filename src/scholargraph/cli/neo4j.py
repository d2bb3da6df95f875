"""``scholargraph neo4j``: push a store to Neo4j, pull it back, write Browser assets, run a local server.

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
