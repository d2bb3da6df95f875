#!/usr/bin/env python
"""Weekly trend report: add the week's new export files to a store, re-analyse it, and write a dated report.

Meant for a scheduler (cron, a CI schedule, a systemd timer). Copy it and adjust the paths, e.g. in crontab::

    # every Monday at 06:00: read what arrived in ~/exports/inbox, report into ~/reports/<date>/
    0 6 * * 1  python /path/to/weekly_trend_report.py --store ~/sg-store --inbox ~/exports/inbox --reports ~/reports

What it does, each run:

1. finds the files in ``--inbox`` that this store has not read yet (the store remembers every input it read);
2. ``scholargraph.pipeline.update_store`` reads them, merges duplicates, re-runs extraction (only new papers go
   through spaCy thanks to the store's cache) and rebuilds the graph -- or ``build_store`` on the first run;
3. ``scholargraph.analysis.run.analyze_store`` recomputes communities, centrality, trends and bursts;
4. ``scholargraph.report.trend_report.write_report`` writes ``<reports>/<YYYY-MM-DD>/report.html`` (+ .md and
   figures) and the path is printed.

With no new files it still writes the report (of the unchanged store) unless ``--skip-unchanged``. Exit codes
are the CLI's (0 ok, 2 bad arguments, 3 unreadable input, 4 store error).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

PATTERNS = ("*.bib", "*.ris", "*.txt", "*.txt.gz", "*.csv", "*.jsonl", "*.jsonl.gz", "*.json", "*.xml")


def new_inputs(store: Path, inbox: Path) -> list[Path]:
    """Files in ``inbox`` (matching PATTERNS) that the store was not built from, sorted by name."""
    from scholargraph.store import embedded

    read_before: set[str] = set()
    if embedded.is_store(store):
        settings = embedded.load(store).meta.get("settings", {})
        read_before = {str(Path(p).resolve()) for p in settings.get("inputs", [])}
    found = {p.resolve() for pattern in PATTERNS for p in inbox.glob(pattern) if p.is_file()}
    return sorted((p for p in found if str(p) not in read_before), key=lambda p: p.name)


def run(store: Path, inbox: Path, reports: Path, *, date: dt.date, seed: int = 0, extract: bool = True,
        skip_unchanged: bool = False, say=print) -> Path | None:  # fmt: skip
    """One weekly run; returns the report's path (None when skipped)."""
    from scholargraph.analysis.run import analyze_store
    from scholargraph.pipeline import build_store, update_store
    from scholargraph.report.trend_report import write_report
    from scholargraph.store import embedded

    files = new_inputs(store, inbox)
    if not files and not embedded.is_store(store):
        raise SystemExit(f"no input files in {inbox} and no store at {store} yet: nothing to report")
    if files:
        say(f"{len(files)} new file(s): {', '.join(p.name for p in files)}")
        if embedded.is_store(store):
            kg = update_store(store, files, progress=False)
        else:
            kg = build_store(files, store, seed=seed, extract=extract, progress=False)
        say(f"store {store}: {kg!r}")
    elif skip_unchanged:
        say("no new files: report skipped")
        return None
    else:
        say("no new files: reporting the unchanged store")
    analyze_store(store, seed=seed)
    paths = write_report(store, reports / date.isoformat(), seed=seed)
    return paths["html"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True, help="store directory (created on the first run)")
    ap.add_argument("--inbox", type=Path, required=True, help="directory where new export files arrive")
    ap.add_argument("--reports", type=Path, required=True, help="directory of the dated reports")
    ap.add_argument(
        "--date", type=dt.date.fromisoformat, default=None, help="report date YYYY-MM-DD (default today)"
    )
    ap.add_argument("--seed", type=int, default=0, help="seed of topics, communities and layouts (default 0)")
    ap.add_argument(
        "--no-extract", action="store_true", help="first run only: build without spaCy extraction"
    )
    ap.add_argument("--skip-unchanged", action="store_true", help="write no report when no file is new")
    args = ap.parse_args(argv)
    if not args.inbox.is_dir():
        print(f"--inbox {args.inbox} is not a directory", file=sys.stderr)
        return 2
    from scholargraph.errors import ScholarGraphError

    try:
        path = run(args.store, args.inbox, args.reports, date=args.date or dt.date.today(), seed=args.seed,
                   extract=not args.no_extract, skip_unchanged=args.skip_unchanged)  # fmt: skip
    except ScholarGraphError as err:
        print(f"weekly_trend_report: error: {err}", file=sys.stderr)
        return err.exit_code
    if path is not None:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
