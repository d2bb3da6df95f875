"""scripts/weekly_trend_report.py: first run builds the store, later runs add only the new files."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from scholargraph.store import embedded
from scholargraph.synthetic import demo_corpus

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "weekly_trend_report.py"


def _script():
    spec = importlib.util.spec_from_file_location("weekly_trend_report", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_weekly_runs_add_new_files_and_write_dated_reports(tmp_path, capsys):
    weekly = _script()
    lines = demo_corpus(tmp_path / "all.jsonl", n_papers=80, seed=2).read_text().splitlines()
    inbox, store, reports = tmp_path / "inbox", tmp_path / "store", tmp_path / "reports"
    inbox.mkdir()
    (inbox / "week1.jsonl").write_text("\n".join(lines[:50]) + "\n")
    common = ["--store", str(store), "--inbox", str(inbox), "--reports", str(reports), "--no-extract"]

    assert weekly.main([*common, "--date", "2025-01-06"]) == 0
    out = capsys.readouterr().out
    assert "1 new file(s): week1.jsonl" in out
    assert out.strip().splitlines()[-1] == str(reports / "2025-01-06" / "report.html")
    assert len(embedded.load_corpus(store)) == 50

    (inbox / "week2.jsonl").write_text("\n".join(lines[50:]) + "\n")
    assert weekly.main([*common, "--date", "2025-01-13"]) == 0
    out = capsys.readouterr().out
    assert "1 new file(s): week2.jsonl" in out  # week1 is not read again
    assert len(embedded.load_corpus(store)) == 80
    html = (reports / "2025-01-13" / "report.html").read_text(encoding="utf-8")
    assert re.search(r"<b>80</b>papers", html) and "week2.jsonl" in html
    assert (reports / "2025-01-06" / "report.html").is_file()  # last week's report is kept

    assert weekly.main([*common, "--date", "2025-01-20", "--skip-unchanged"]) == 0
    assert "no new files: report skipped" in capsys.readouterr().out
    assert not (reports / "2025-01-20").exists()


def test_weekly_needs_an_inbox(tmp_path, capsys):
    weekly = _script()
    args = [
        "--store",
        str(tmp_path / "s"),
        "--inbox",
        str(tmp_path / "none"),
        "--reports",
        str(tmp_path / "r"),
    ]
    assert weekly.main(args) == 2
    assert "is not a directory" in capsys.readouterr().err
