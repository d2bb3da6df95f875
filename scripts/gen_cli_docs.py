"""Generate docs/cli.md (the CLI reference) from the argparse parsers, so the reference says what the code does.

    python scripts/gen_cli_docs.py            # (re)write docs/cli.md
    python scripts/gen_cli_docs.py --check    # exit 1 if docs/cli.md is out of date (used by the tests)

Every command (and sub-command) gets its description, usage, a table of its options (with the defaults of
settings that may come from a TOML file or SCHOLARGRAPH_* variables) and its example. Exit codes come from
``scholargraph.cli``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "cli.md"

EXIT_CODES = [
    (0, "success"),
    (1, "error (any other scholargraph error)"),
    (2, "bad arguments or settings (unknown option, value not allowed, bad TOML)"),
    (3, "unreadable input (file missing, format not detected, a file that cannot be parsed)"),
    (4, "store error (missing, damaged or incompatible store directory)"),
    (5, "Neo4j error (unreachable, bad credentials, missing database, failed write)"),
    (6, "online fetch error (arXiv, OpenAlex, PubMed, Crossref, OpenCitations)"),
    (130, "interrupted (Ctrl-C)"),
]


# the exit codes each command can end with (besides 130, interrupted); unknown commands: 0, 1, 2
COMMAND_EXIT_CODES = {
    "analyze": (0, 2, 4),
    "build": (0, 2, 3, 4),
    "demo": (0, 1, 2, 4),
    "export": (0, 2, 4),
    "fetch": (0, 2, 6),
    "neo4j": (0, 2, 4, 5),
    "read": (0, 2, 3),
    "report": (0, 2, 4),
    "update": (0, 2, 3, 4),
    "view": (0, 2, 4),
}


def _subparsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser, str]]:
    """(name, parser, help) of the parser's sub-commands, in name order."""
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name in sorted(action.choices):
                out.append((name, action.choices[name], helps.get(name, "")))
    return out


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _options(parser: argparse.ArgumentParser, skip: set[str]) -> list[str]:
    settings = parser.get_default("_settings") or {}
    rows = []
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction | argparse._HelpAction) or a.help == argparse.SUPPRESS:
            continue
        if a.option_strings and set(a.option_strings) & skip:
            continue
        if a.option_strings:
            name = ", ".join(f"`{o}`" for o in a.option_strings)
            if a.nargs != 0:
                name += f" {a.metavar or a.dest.upper()}"
        else:
            name = f"`{a.metavar or a.dest}`" + (" (optional)" if a.nargs in ("?", "*") else "")
        default = settings.get(a.dest, a.default)
        if a.nargs == 0 or default in (None, "", argparse.SUPPRESS) or isinstance(default, bool):
            default_text = ""
        else:
            default_text = f"`{default}`"
        choices = (
            f" (one of: {', '.join(map(str, a.choices))})" if a.choices and not a.option_strings == [] else ""
        )
        if a.required and a.option_strings:
            choices += " **required**"
        rows.append(f"| {name} | {_cell((a.help or '') + choices)} | {default_text} |")
    if not rows:
        return []
    return ["| argument | meaning | default |", "|---|---|---|", *rows, ""]


def _command(
    lines: list[str], path: str, parser: argparse.ArgumentParser, help_text: str, common: set[str]
) -> None:
    subs = _subparsers(parser)
    depth = path.count(" ")
    lines += [f"{'#' * min(depth + 1, 4)} `{path}`", ""]
    if parser.description:
        lines += [_cell(parser.description), ""]
    elif help_text:
        lines += [_cell(help_text[:1].upper() + help_text[1:]) + ".", ""]
    usage = parser.format_usage().replace("usage: ", "").strip().splitlines()
    lines += ["```", usage[0], *("    " + u.strip() for u in usage[1:]), "```", ""]
    lines += _options(parser, common)
    schema = parser.get_default("_json")
    if schema and not subs:
        lines += [
            "JSON output (`--json`): one object with these keys.",
            "",
            "| key | type: meaning |",
            "|---|---|",
        ]
        lines += [f"| `{k}` | {_cell(v)} |" for k, v in schema.items()]
        lines += [""]
    if parser.epilog:
        lines += ["```", parser.epilog.strip(), "```", ""]
    top = path.split(" ")[1] if " " in path else path
    codes = COMMAND_EXIT_CODES.get(top, (0, 1, 2))
    meaning = dict(EXIT_CODES)
    lines += ["Exit codes: " + "; ".join(f"{c} {meaning[c].split(' (')[0]}" for c in (*codes, 130)) + ".", ""]
    for name, sub, sub_help in subs:
        _command(lines, f"{path} {name}", sub, sub_help, common)


def render() -> str:
    os.environ["COLUMNS"] = "100"  # argparse wraps usage lines at the terminal width: fix it
    sys.path.insert(0, str(ROOT / "src"))
    from scholargraph.cli import build_parser

    parser = build_parser()
    parser.prog = "scholargraph"
    common = {"-q", "--quiet", "-v", "--verbose", "--config", "-h", "--help"}
    lines = [
        "# Command-line reference",
        "",
        "<!-- generated by scripts/gen_cli_docs.py from the argparse parsers; do not edit by hand -->",
        "",
        _cell(parser.description or ""),
        "",
        "Every command takes the common options `-q/--quiet` (only results, warnings and errors), `-v/--verbose`",
        "(what each stage does, with timings; tracebacks on errors) and `--config TOML` (a settings file; default",
        "`$SCHOLARGRAPH_CONFIG`).",
        "Settings with a default in the tables below can also come from the TOML file (a table per command, e.g.",
        "`[report]`) or from `SCHOLARGRAPH_<COMMAND>_<NAME>` environment variables; a flag on the command line wins.",
        "",
        "## Feedback on long work",
        "",
        "On a terminal, every step that can take more than a few seconds (reading each file, extraction, the topic",
        "fit, building, saving and loading the store, each analysis, the report's figures, exports, Neo4j pushes,",
        "fetches) prints one line when it starts, and work with a count shows a progress bar. `-v` adds what each",
        "stage did and how long it took (`[  51.2s] reading 13 files: done in 50.8 s (6519 papers, ...)`). With `-q`,",
        "or when stderr is not a terminal (a pipe, a log file, CI), only warnings and errors are printed. A warning",
        "is one line, `scholargraph <command>: warning: <message>`, printed once. In Python, the same lines are",
        "logged at INFO on the `scholargraph` logger (`logging.basicConfig(level=logging.INFO)` shows them).",
        "",
        "## Exit codes",
        "",
        "| code | meaning |",
        "|---|---|",
        *[f"| {c} | {m} |" for c, m in EXIT_CODES],
        "",
        "## Commands",
        "",
        *[f"- [`{name}`](#scholargraph-{name}): {_cell(h)}" for name, _, h in _subparsers(parser)],
        "",
    ]
    for name, sub, help_text in _subparsers(parser):
        _command(lines, f"scholargraph {name}", sub, help_text, common)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if docs/cli.md is out of date")
    ap.add_argument("--out", type=Path, default=OUT, help=f"output file (default {OUT.relative_to(ROOT)})")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run python scripts/gen_cli_docs.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
