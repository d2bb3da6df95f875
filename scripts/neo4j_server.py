#!/usr/bin/env python
"""Assemble, start, stop and inspect a local Neo4j Community 5.26 server built from Maven Central jars.

A thin wrapper around :mod:`scholargraph.neo4j.server` (the same code behind ``scholargraph neo4j server``):

    python scripts/neo4j_server.py assemble
    python scripts/neo4j_server.py start [--home H] [--bolt-port P] [--http-port P] [--password PW] [--plugin gds]
                                         [--foreground]
    python scripts/neo4j_server.py stop --home H
    python scripts/neo4j_server.py status [--home H]

``start`` without ``--home`` uses a new temporary home and free ports (printed); the jars are cached in
~/.cache/scholargraph/neo4j-<version> (or $SCHOLARGRAPH_NEO4J_CACHE). The pom.xml Maven runs is written there
too (see ``scholargraph.neo4j.server.render_pom``).
"""

from __future__ import annotations

import argparse
import json
import sys

from scholargraph.errors import ScholarGraphError
from scholargraph.neo4j import server


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("assemble", help="copy the jars into the cache with Maven (reused when present)")
    st = sub.add_parser("start", help="start a server on 127.0.0.1")
    st.add_argument("--home", default=None, help="server home (default: a new temporary directory)")
    st.add_argument("--bolt-port", type=int, default=None, help="Bolt port (default: a free port)")
    st.add_argument("--http-port", type=int, default=None, help="HTTP port (default: a free port)")
    st.add_argument(
        "--password", default=None, help="initial password of user neo4j (default: auth disabled)"
    )
    st.add_argument(
        "--foreground", action="store_true", help="block until the server exits (Ctrl-C stops it)"
    )
    st.add_argument(
        "--plugin", action="append", default=[], choices=list(server.PLUGINS), help="gds: Graph Data Science"
    )
    sp = sub.add_parser("stop", help="stop the server of a home")
    sp.add_argument("--home", required=True)
    ss = sub.add_parser("status", help="show the server of a home")
    ss.add_argument("--home", default=str(server.DEFAULT_HOME))
    args = ap.parse_args(argv)
    try:
        if args.cmd == "assemble":
            print(server.assemble(quiet=False))
        elif args.cmd == "start":
            s = server.start(
                args.home,
                bolt_port=args.bolt_port,
                http_port=args.http_port,
                password=args.password,
                plugins=tuple(args.plugin),
            )
            print(
                json.dumps(
                    {
                        "home": s.home,
                        "pid": s.pid,
                        "uri": s.uri,
                        "browser": s.browser_url,
                        "auth": s.password is not None,
                        "startup_s": round(s.startup_s or 0, 1),
                        "rss_mb": server.rss_mb(s.pid),
                    },
                    indent=1,
                )
            )
            if args.foreground:
                import time

                try:
                    while s.alive():
                        time.sleep(1)
                except KeyboardInterrupt:
                    server.stop(s.home)
        elif args.cmd == "stop":
            print("stopped" if server.stop(args.home) else f"no server running in {args.home}")
        else:
            print(json.dumps(server.status(args.home), indent=1))
    except ScholarGraphError as e:
        print(f"neo4j_server: error: {e}", file=sys.stderr)
        return e.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
