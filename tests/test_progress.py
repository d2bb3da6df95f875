"""Feedback on long work (scholargraph._progress and the CLI's main): stage lines on a terminal, timings with -v,
warnings only with -q or when stderr is not a terminal, library warnings as one clean line."""

from __future__ import annotations

import io
import logging
import os
import pty
import select
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from scholargraph import _progress as P
from scholargraph.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _log_through(mode: str) -> str:
    out = io.StringIO()
    with P.cli_logging(mode, "build", stream=out):
        with P.stage("reading %d files", 3) as st:
            st.detail("a.txt: 10 records")
            st.done("10 papers")
        logging.getLogger("scholargraph.readers").warning("a file was skipped")
    return out.getvalue()


def test_normal_mode_prints_one_line_per_stage_and_the_warnings():
    assert _log_through("normal").splitlines() == [
        "reading 3 files ...",
        "scholargraph build: warning: a file was skipped",
    ]


def test_quiet_mode_prints_warnings_only():
    assert _log_through("quiet").splitlines() == ["scholargraph build: warning: a file was skipped"]


def test_verbose_mode_logs_details_and_timings():
    lines = _log_through("verbose").splitlines()
    assert [line.split("] ", 1)[1] for line in lines[:3]] == [
        "reading 3 files ...",
        "  a.txt: 10 records",
        lines[2].split("] ", 1)[1],
    ]
    assert lines[0].startswith("[") and lines[0][1:8].strip().endswith("s")
    assert lines[2].split("] ", 1)[1].startswith("reading 3 files: done in ")
    assert lines[2].endswith(" s (10 papers)")
    assert lines[3] == "scholargraph build: warning: a file was skipped"


def test_cli_logging_restores_the_logger():
    before = (P.LOGGER.level, P.LOGGER.propagate, list(P.LOGGER.handlers))
    with P.cli_logging("quiet", "x", stream=io.StringIO()):
        assert P.LOGGER.level == logging.WARNING and not P.LOGGER.propagate
    assert (P.LOGGER.level, P.LOGGER.propagate, list(P.LOGGER.handlers)) == before


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bars_follow_the_terminal_and_the_logger_level(monkeypatch):
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert P.bars_enabled(None)
    with P.cli_logging("quiet", "x", stream=io.StringIO()):
        assert not P.bars_enabled(None)  # -q
        assert P.bars_enabled(True)  # asked for explicitly
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not P.bars_enabled(None)  # not a terminal


def test_a_bar_counts_on_a_terminal(monkeypatch):
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    with P.bar(range(3), total=3, desc="runs", unit="run", progress=True) as runs:
        assert list(runs) == [0, 1, 2]
        assert runs.n == 3
    assert "runs:   0%|" in term.getvalue() and "0/3" in term.getvalue()


def test_advance_counts_in_the_running_stage_only(monkeypatch):
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    P.advance(1, "request")  # no stage: nothing
    assert term.getvalue() == ""
    with P.stage("fetching"):
        for _ in range(4):
            P.advance(1, "request")
        st = P._current.get()
        assert st is not None and st._bar.n == 4


def test_warnings_of_a_command_are_one_clean_line(tmp_path, capsys):
    """`build` used to print a raw UserWarning with its source line; main prints every command's warnings."""

    def warn_twice(args):
        warnings.warn("year not printed; assumed 2025", UserWarning, stacklevel=1)
        warnings.warn("year not printed; assumed 2025", UserWarning, stacklevel=1)
        return 0

    import scholargraph.cli.report as report_cli

    orig = report_cli.run
    report_cli.run = warn_twice
    try:
        assert main(["report", str(tmp_path)]) == 0
    finally:
        report_cli.run = orig
    err = capsys.readouterr().err
    assert err.splitlines() == ["scholargraph report: warning: year not printed; assumed 2025"]


def _run_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal (as a user at a terminal sees it); (exit code, stdout,
    stderr)."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "120"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scholargraph", *args],
        stdout=subprocess.PIPE,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    out = proc.stdout.read().decode()
    proc.wait(timeout=600)
    os.close(master)
    return proc.returncode, out, b"".join(chunks).decode(errors="replace").replace("\r\n", "\n")


@pytest.mark.shared
def test_build_on_a_terminal_shows_stages_and_one_line_warnings(corpora, tmp_path):
    listing = corpora / "hf-daily-papers" / "daily-papers-listing.txt"
    code, out, err = _run_on_a_terminal(["build", str(listing), "--out", "s1", "--no-extract"], tmp_path)
    assert code == 0, err
    lines = [line for line in err.splitlines() if line.strip()]
    for stage in ("reading 1 file ...", "building the graph ...", "saving the store s1 ..."):
        assert stage in lines, err
    warning = [line for line in lines if "warning" in line.lower()]
    assert len(warning) == 1 and warning[0].startswith("scholargraph build: warning: "), err
    assert "year not printed" in warning[0] and "UserWarning" not in err and "warnings.warn" not in err
    assert "papers: 49" in out

    # -v: what each stage did, with timings
    code, _, err = _run_on_a_terminal(["build", str(listing), "--out", "s2", "--no-extract", "-v"], tmp_path)
    assert code == 0
    assert "reading 1 file: done in " in err and "49 papers, 1 rejects, 0 merged" in err
    assert "  daily-papers-listing.txt (hf-papers): 50 records, 49 papers, 1 rejects, 0 merged" in err

    # -q: the warning (and the command's own result lines), no stage lines
    code, _, err = _run_on_a_terminal(["build", str(listing), "--out", "s3", "--no-extract", "-q"], tmp_path)
    assert code == 0
    assert [line for line in err.splitlines() if line.strip()] == [
        *warning,
        "1 records could not be read; see s3/rejects.jsonl",
    ]


@pytest.mark.shared
def test_not_a_terminal_means_warnings_only(corpora, tmp_path):
    listing = corpora / "hf-daily-papers" / "daily-papers-listing.txt"
    res = subprocess.run(
        [sys.executable, "-m", "scholargraph", "read", str(listing), "--summary"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )
    assert res.returncode == 0
    assert [line for line in res.stderr.splitlines() if line] == [
        line for line in res.stderr.splitlines() if line.startswith("scholargraph read: warning: ")
    ]
    assert res.stderr.count("warning:") == 1
