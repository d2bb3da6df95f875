"""The ``scholargraph`` command line: thin commands that parse arguments and call the library.

Each command lives in its own module ``cli/<name>.py`` defining ``register(subparsers, parents)``, which adds
its sub-parser and sets ``func=run``; commands are discovered from this package, so a new command is a new
module. Errors the library raises on purpose (ScholarGraphError) become one line on stderr and the error's
exit code; the traceback is shown only with ``--verbose``.

Feedback is configured here, once for every command (see :mod:`scholargraph._progress`): on a terminal each
long stage prints one line and counted work a progress bar; ``-v`` logs every stage with its timings and what
it found; ``-q``, or stderr that is not a terminal, leaves warnings and errors only. A warning the library
emits (``warnings.warn``) is one line, ``scholargraph <command>: warning: <message>``, printed once.

Exit codes: 0 success; 1 error; 2 bad arguments or settings; 3 unreadable input; 4 store error;
5 Neo4j error; 6 online fetch error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import warnings

from ..errors import ScholarGraphError

__all__ = ["main", "build_parser"]

EPILOG = """exit codes: 0 ok, 1 error, 2 bad arguments/settings, 3 unreadable input, 4 store error,
5 Neo4j error, 6 fetch error, 130 interrupted.  Settings: --config FILE (TOML) or SCHOLARGRAPH_* variables."""


def _common(suppress: bool) -> argparse.ArgumentParser:
    # The same options on the top-level parser (real defaults) and on every sub-command (defaults suppressed,
    # so "scholargraph -q read x" and "scholargraph read x -q" both work and neither resets the other).
    common = argparse.ArgumentParser(add_help=False)
    default = {"default": argparse.SUPPRESS} if suppress else {}
    g = common.add_argument_group("output")
    g.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only results, warnings and errors; no stage lines or progress bars",
        **default,
    )
    g.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="log what each stage does, with timings; show tracebacks on errors",
        **default,
    )
    g.add_argument(
        "--config", metavar="TOML", help="settings file (default: $SCHOLARGRAPH_CONFIG if set)", **default
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common(suppress=True)
    parser = argparse.ArgumentParser(
        prog="scholargraph",
        description="Turn scientific literature into a citation/topic knowledge graph and report on a field.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_common(suppress=False)],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "register"):
            mod.register(sub, [common])
    return parser


def _mode(args: argparse.Namespace) -> str:
    from .._progress import _isatty

    if args.verbose:
        return "verbose"
    return "quiet" if args.quiet or not _isatty(sys.stderr) else "normal"


def _show_warnings(command: str, verbose: bool) -> None:
    """Library warnings (UserWarning) as one clean line each, once per message; other warnings (a library's
    RuntimeWarning, DeprecationWarning) only with ``-v``, in Python's own format."""
    seen: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
        if issubclass(category, UserWarning):
            text = f"scholargraph {command}: warning: {message}"
        elif verbose:
            text = warnings.formatwarning(message, category, filename, lineno, line).rstrip()
        else:
            return
        if text in seen:
            return
        seen.add(text)
        from tqdm import tqdm

        tqdm.write(text, file=sys.stderr)

    warnings.simplefilter("always", UserWarning)
    warnings.showwarning = show


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from .._progress import cli_logging

    with warnings.catch_warnings(), cli_logging(_mode(args), args.command):
        _show_warnings(args.command, args.verbose)
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        from ._settings import apply_settings

        apply_settings(args)
        return int(args.func(args) or 0)
    except ScholarGraphError as err:
        if args.verbose:
            import traceback

            traceback.print_exc()
        print(f"scholargraph {args.command}: error: {err}", file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit-time flush quiet
        return 0
    # an output path that cannot be written (permissions, a full disk, a missing drive)
    except OSError as err:
        if args.verbose:
            import traceback

            traceback.print_exc()
        where = f" {err.filename!r}" if err.filename else ""
        print(
            f"scholargraph {args.command}: error: cannot write{where}: {err.strerror or err}", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        print("scholargraph: interrupted", file=sys.stderr)
        return 130
