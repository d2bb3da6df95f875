"""``scholargraph read PATH...``: read files, merge duplicates and report what was read.

Prints, per file, the format and ``records / papers / rejects / merged`` (records = papers + rejects + merged),
then the totals and the per-field coverage (how many papers have an abstract, authors, a date, references,
keywords, ...). ``--rejects`` lists every rejected record with its file, record number, field and reason;
``--json`` prints the same as one JSON object. A directory stands for the files directly inside it (files whose
format cannot be detected are listed as skipped).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

NAME = "read"
JSON_SCHEMA = {
    "files": "[{file, format, records, papers, rejects, merged}]: per input file (records = papers + rejects + merged)",
    "totals": "{records, papers, rejects, merged, unique_papers}: over every file",
    "coverage": "{field: int}: papers having title, abstract, authors, date, venue, references, keywords, doi",
    "notes": "[str]: assumed years, skipped files, unresolvable references, ...",
    "rejects": "[{file, record, line, field, reason}]: with --rejects only",
}
COVERAGE_FIELDS = ("title", "abstract", "authors", "date", "venue", "references", "keywords", "doi")


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    from ..readers import FORMATS

    p = sub.add_parser(
        NAME,
        parents=parents,
        help="read bibliographic files and report papers, rejects, merges and field coverage",
        description=__doc__,
        epilog="example: scholargraph read exports/*.bib listing.txt --listing-date 2025-11-20 --rejects",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="input files (.gz read transparently) or directories"
    )
    p.add_argument(
        "--format",
        choices=list(FORMATS),
        default=None,
        metavar="F",
        help=f"force one format for every file (default: detect from content); one of: {', '.join(FORMATS)}",
    )
    p.add_argument(
        "--listing-date",
        default=None,
        metavar="YYYY-MM-DD",
        help="date of a Daily Papers listing (fills the years the page does not print)",
    )
    p.add_argument(
        "--summary", action="store_true", help="print only the totals and the coverage, not every file"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    p.add_argument("--rejects", action="store_true", help="also list every rejected record and why")
    p.add_argument("--no-merge", action="store_true", help="keep duplicates instead of merging them")
    add_mapping(p)
    p.set_defaults(func=run, _json=JSON_SCHEMA)


def add_mapping(p: argparse.ArgumentParser) -> None:
    """The ``--mapping FIELD=COLUMN`` option (read, build, update): which column of a generic CSV (or key of a
    JSONL file) holds a paper field, for files whose column names the readers do not know."""
    p.add_argument(
        "--mapping",
        action="append",
        default=None,
        metavar="FIELD=COLUMN",
        help="generic CSV/JSONL: the column (or key) holding a paper field, e.g. --mapping 'title=Article Name' "
        "(repeat for more fields: title, abstract, authors, year, date, doi, venue, keywords, references, url)",
    )


def mapping_of(args: argparse.Namespace) -> dict[str, str] | None:
    """``--mapping`` as the readers' ``mapping=`` dict (None when not given); ConfigError on a malformed item."""
    from ..errors import ConfigError

    if not getattr(args, "mapping", None):
        return None
    out: dict[str, str] = {}
    for item in args.mapping:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ConfigError(
                f"--mapping wants FIELD=COLUMN, e.g. --mapping 'title=Article Name'; got {item!r}"
            )
        out[field.strip()] = column.strip()
    return out


def summarize(corpus: Any, *, rejects: bool = False, skipped: list[str] | None = None) -> dict[str, Any]:
    """The report as a plain dict (what ``--json`` prints)."""
    files = [
        {
            "file": s.file,
            "format": s.format,
            "records": s.records,
            "papers": s.papers,
            "rejects": s.rejects,
            "merged": s.merged,
        }
        for s in corpus.files
    ]
    totals = {k: sum(f[k] for f in files) for k in ("records", "papers", "rejects", "merged")}
    totals["unique_papers"] = len(corpus.papers)
    cov = corpus.coverage()
    coverage = {k: cov.get(k, 0) for k in COVERAGE_FIELDS}
    out: dict[str, Any] = {
        "files": files,
        "totals": totals,
        "coverage": coverage,
        "notes": list(corpus.notes) + list(skipped or []),
    }
    if rejects:
        out["rejects"] = [
            {"file": r.file, "record": r.record, "line": r.line, "field": r.field, "reason": r.reason}
            for r in corpus.rejects
        ]
    return out


def run(args: argparse.Namespace) -> int:
    from ..readers import expand_paths, read

    files, skipped = expand_paths(args.paths)
    options: dict[str, Any] = {}
    if args.listing_date:
        options["listing_date"] = args.listing_date
    if (mapping := mapping_of(args)) is not None:
        options["mapping"] = mapping
    # warnings (e.g. an assumed year) are printed as they come, one line each, by the CLI's main
    corpus = read([str(f) for f in files], format=args.format, merge=not args.no_merge, **options)
    report = summarize(corpus, rejects=args.rejects, skipped=skipped)
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return 0
    _print_text(report, per_file=not args.summary)
    return 0


def _table(rows: list[list[str]], header: list[str]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def _print_text(report: dict[str, Any], *, per_file: bool) -> None:
    cols = ["records", "papers", "rejects", "merged"]
    rows = []
    if per_file:
        rows = [[f["file"], f["format"], *(str(f[c]) for c in cols)] for f in report["files"]]
    t = report["totals"]
    rows.append([f"total ({len(report['files'])} files)", "", *(str(t[c]) for c in cols)])
    _table(rows, ["file", "format", *cols])
    print(
        f"\n{t['unique_papers']} papers after merging {t['merged']} duplicates; {t['rejects']} records rejected"
    )
    n = t["unique_papers"] or 1
    print()
    _table(
        [[k, str(v), f"{100 * v / n:.0f}%"] for k, v in report["coverage"].items()],
        ["field", "papers", "coverage"],
    )
    for note in report["notes"]:
        print(f"note: {note}")
    for r in report.get("rejects", []):
        where = f"{r['file']}: record {r['record']}" + (f" (line {r['line']})" if r["line"] else "")
        fld = f": field {r['field']!r}" if r["field"] else ""
        print(f"reject: {where}{fld}: {r['reason']}")
