"""Feedback on long work, designed once: stage lines with timings on the ``scholargraph`` logger, and progress
bars where there is something to count.

The library never configures logging and never prints. A long step runs inside :func:`stage`, which logs at
INFO what it starts and, when it ends, how long it took and what it found; :meth:`Stage.detail` logs what happens
inside; :func:`bar` is a tqdm bar on stderr for steps with a count (records read, stability runs, rows pushed),
and :func:`advance` counts in the innermost stage when the number is not known beforehand (requests sent).

Who sees what is the application's choice. The CLI calls :func:`cli_logging` (``-v``: every line with the time
since the start; on a terminal: one line per stage; ``-q`` or not a terminal: warnings only). In Python,
``logging.basicConfig(level=logging.INFO)`` shows the stage lines; bars show on a terminal unless the
``scholargraph`` logger is set above INFO (``logging.getLogger("scholargraph").setLevel(logging.WARNING)``).

>>> import io, logging
>>> out = io.StringIO()
>>> with cli_logging("verbose", "demo", stream=out, clock=iter([0.0, 0.0, 1.5, 2.0]).__next__):
...     with stage("reading %d files", 2) as st:
...         st.detail("a.txt: %d records", 10)
...         st.done("10 papers")
>>> print(out.getvalue(), end="")  # doctest: +ELLIPSIS
[   0.0s] reading 2 files ...
[   1.5s]   a.txt: 10 records
[   2.0s] reading 2 files: done in ... s (10 papers)
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

__all__ = ["LOGGER", "stage", "Stage", "bar", "bars_enabled", "advance", "cli_logging", "CliHandler"]

LOGGER = logging.getLogger("scholargraph")

# the kind of a record, in the record's ``sg`` attribute: a stage's start, end or detail line
START, END, DETAIL = "start", "end", "detail"

_current: contextvars.ContextVar[Stage | None] = contextvars.ContextVar("scholargraph_stage", default=None)


def bars_enabled(progress: bool | None = None) -> bool:
    """Whether to draw a bar: ``progress`` True/False decides; None (auto) = stderr is a terminal and the
    ``scholargraph`` logger is not set above INFO (the CLI's ``-q`` sets it to WARNING).

    >>> bars_enabled(True), bars_enabled(False)
    (True, False)
    """
    if progress is not None:
        return bool(progress)
    quiet = LOGGER.level > logging.INFO  # NOTSET (0) = nobody said: bars on a terminal
    return not quiet and _isatty(sys.stderr)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def bar(
    iterable: Iterable[Any] | None = None,
    *,
    total: int | None = None,
    desc: str = "",
    unit: str = "it",
    progress: bool | None = None,
    leave: bool = False,
) -> Any:
    """A tqdm progress bar on stderr (a no-op bar when :func:`bars_enabled` says no). Use it as a context
    manager or close it. In auto mode it appears only after half a second, so quick steps leave no trace."""
    from tqdm import tqdm

    show = bars_enabled(progress)
    return tqdm(
        iterable,
        total=total,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        disable=not show,
        leave=leave,
        delay=0.5 if progress is None else 0.0,
        dynamic_ncols=True,
    )


class Stage:
    """One long step: see :func:`stage`."""

    def __init__(self, message: str, args: tuple[Any, ...], logger: logging.Logger) -> None:
        self.what = message % args if args else message
        self.logger = logger
        self.note: str | None = None
        self.started = time.perf_counter()
        self._bar: Any = None

    def detail(self, message: str, *args: Any) -> None:
        """Log what happens inside the stage (shown with ``-v``)."""
        self.logger.info("  " + message, *args, extra={"sg": DETAIL})

    def done(self, note: str, *args: Any) -> None:
        """What the stage found, added to its end line ("done in 2.0 s (6,525 papers)")."""
        self.note = note % args if args else note

    def advance(self, n: int = 1, unit: str = "it") -> None:
        if self._bar is None:
            self._bar = bar(desc=self.what, unit=unit)
        self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


@contextlib.contextmanager
def stage(message: str, *args: Any, logger: logging.Logger | None = None) -> Iterator[Stage]:
    """Run a long step: logs ``message % args`` at INFO when it starts, and "<message>: done in <s> s (<note>)"
    when it ends (the note from :meth:`Stage.done`). ``logger`` defaults to the ``scholargraph`` logger."""
    st = Stage(message, args, logger or LOGGER)
    st.logger.info("%s ...", st.what, extra={"sg": START})
    token = _current.set(st)
    try:
        yield st
    finally:
        _current.reset(token)
        st.close()
    seconds = time.perf_counter() - st.started
    note = f" ({st.note})" if st.note else ""
    st.logger.info("%s: done in %.1f s%s", st.what, seconds, note, extra={"sg": END, "sg_seconds": seconds})


def advance(n: int = 1, unit: str = "it") -> None:
    """Count ``n`` more in the innermost running stage (a bar without a total, e.g. requests sent); nothing
    when no stage is running."""
    st = _current.get()
    if st is not None:
        st.advance(n, unit)


# ------------------------------------------------------------------------------------------- the CLI's side


class CliHandler(logging.Handler):
    """The CLI's log handler: writes through ``tqdm.write`` so lines never break a bar.

    ``mode``: ``"verbose"`` (every record, with the time since the start), ``"normal"`` (a stage's start line
    and warnings), ``"quiet"`` (warnings and errors). Warnings read ``scholargraph <command>: warning: ...``.
    """

    def __init__(
        self, mode: str, command: str, stream: IO[str] | None = None, clock: Callable[[], float] | None = None
    ) -> None:
        super().__init__(logging.INFO if mode != "quiet" else logging.WARNING)
        self.mode = mode
        self.command = command
        self.stream = stream
        self.clock = clock or time.perf_counter
        self.t0 = self.clock()

    def format(self, record: logging.LogRecord) -> str:
        msg = record.getMessage()
        if record.levelno >= logging.WARNING:
            return f"scholargraph {self.command}: {record.levelname.lower()}: {msg}"
        if self.mode == "verbose":
            return f"[{self.clock() - self.t0:6.1f}s] {msg}"
        return msg

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        if self.mode == "normal":
            return getattr(record, "sg", None) == START
        return self.mode == "verbose"

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        try:
            tqdm.write(self.format(record), file=self.stream or sys.stderr)
        except Exception:  # noqa: BLE001 - logging must never break the command
            self.handleError(record)


@contextlib.contextmanager
def cli_logging(
    mode: str, command: str, *, stream: IO[str] | None = None, clock: Callable[[], float] | None = None
) -> Iterator[CliHandler]:
    """While the block runs, the ``scholargraph`` logger writes through a :class:`CliHandler` (and not to the
    root logger's handlers); its level, handlers and propagation are restored afterwards. ``mode``: "verbose",
    "normal" or "quiet"; the CLI picks "quiet" for ``-q`` and when stderr is not a terminal."""
    handler = CliHandler(mode, command, stream, clock)
    saved = (LOGGER.level, LOGGER.propagate)
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO if mode != "quiet" else logging.WARNING)
    LOGGER.propagate = False
    try:
        yield handler
    finally:
        LOGGER.removeHandler(handler)
        LOGGER.setLevel(saved[0])
        LOGGER.propagate = saved[1]
