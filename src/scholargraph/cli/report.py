"""``scholargraph report STORE``: write the trend report (HTML + Markdown + figures) of a store.

The store must hold the analysis tables (``scholargraph analyze STORE`` writes them). Settings (flag >
``SCHOLARGRAPH_REPORT_<NAME>`` > ``[report]`` in the TOML file > default): ``seed``, ``top``.
"""

from __future__ import annotations

import argparse
import json

NAME = "report"
JSON_SCHEMA = {
    "html": "str: report.html (self-contained)",
    "markdown": "str: report.md",
    "figures": "{name: str}: every figure's PNG file (figures/<name>.png)",
}


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        NAME,
        parents=parents,
        help="write the trend report (HTML + Markdown + figures) of a store",
        description=(
            "Write the trend report of a store: corpus and field coverage, top topics, emerging and declining "
            "topics with their bursts, communities, central papers, collaboration, and figures. report.html is "
            "one self-contained file; report.md references figures/*.png."
        ),
        epilog="example: scholargraph report store/ --out store/report",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("store", metavar="STORE", help="store directory (made by `scholargraph build`)")
    p.add_argument("--out", metavar="DIR", default=None, help="output directory (default: STORE/report)")
    p.add_argument(
        "--seed", type=int, default=None, metavar="N", help="seed of the figure layouts (default 0)"
    )
    p.add_argument("--top", type=int, default=None, metavar="N", help="rows per table (default 10)")
    p.add_argument("--json", action="store_true", help="print the files written as one JSON object")
    p.set_defaults(func=run, _settings={"seed": 0, "top": 10}, _json=JSON_SCHEMA)


def run(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..report.trend_report import write_report

    if args.seed < 0:
        raise ConfigError(f"--seed must be >= 0, got {args.seed}")
    if args.top < 1:
        raise ConfigError(f"--top must be >= 1, got {args.top}")
    paths = write_report(args.store, args.out, seed=args.seed, top=args.top)
    if args.json:
        files = {k: str(v) for k, v in paths.items() if k not in ("html", "markdown")}
        info = {"html": str(paths["html"]), "markdown": str(paths["markdown"]), "figures": files}
        print(json.dumps(info, indent=1, ensure_ascii=False))
        return 0
    print(paths["html"])
    if not args.quiet:
        print(paths["markdown"])
    return 0
