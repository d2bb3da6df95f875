#!/usr/bin/env python
"""One entry point for every benchmark: ``python scripts/benchmark.py STAGE [--quick] [--json]``.

Stages: read, extract, graph, neo4j, analysis, peers, scale. Each stage lives in ``scripts/bench_<stage>.py`` and defines
``run(quick: bool) -> (rows, figures)``: ``rows`` is a list of dicts printed as a table (measured figures and
ratios against a baseline measured in the same run), ``figures`` the flat dict printed by ``--json`` with the
keys the issues name. Speed targets live here, never in unit tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

STAGES = ("read", "extract", "graph", "neo4j", "analysis", "peers", "scale")


def print_table(rows: list[dict]) -> None:
    if not rows:
        return
    cols: list[str] = []
    for r in rows:
        cols += [c for c in r if c not in cols]

    def fmt(v: object) -> str:
        if isinstance(v, float):
            return f"{v:,.3f}" if abs(v) < 100 else f"{v:,.1f}"
        return "" if v is None else str(v)

    cells = [[fmt(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stage", choices=STAGES)
    ap.add_argument("--quick", action="store_true", help="smaller inputs, for a smoke run")
    ap.add_argument("--json", action="store_true", help="print one JSON object with the figures")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    mod = importlib.import_module(f"bench_{args.stage}")
    rows, figures = mod.run(quick=args.quick)
    if args.json:
        print(json.dumps(figures, indent=1, sort_keys=True))
    else:
        print_table(rows)
        print()
        for k, v in figures.items():
            print(f"{k} = {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
