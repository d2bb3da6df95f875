"""``scholargraph read`` run as a real subprocess on real files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "scholargraph", "read", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture(scope="module")
def listing(corpora):
    return corpora / "hf-daily-papers" / "daily-papers-listing.txt"


def test_json_report_per_file_and_coverage(corpora, listing, tmp_path):
    snow = corpora / "openalex-api" / "openalexPro-snowball"
    out = cli(listing, snow, "--json", "--rejects", "--listing-date", "2025-11-20", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    files = {f["file"]: f for f in report["files"]}
    assert files[str(listing)] == {
        "file": str(listing),
        "format": "hf-papers",
        "records": 50,
        "papers": 49,  # 48 blocks with '• N authors' (PROVENANCE.md) + 1 with an organisation line
        "rejects": 1,
        "merged": 0,
    }
    assert sum(f["papers"] for f in report["files"] if f["format"] == "openalex") == 46
    assert all(f["records"] == f["papers"] + f["rejects"] + f["merged"] for f in report["files"])
    assert report["totals"]["unique_papers"] == 95
    cov = report["coverage"]
    assert cov["abstract"] == 49 + 35 and cov["references"] == 40 and cov["date"] == 95
    assert [r["field"] for r in report["rejects"]] == ["date"]
    assert any("listing_date=2025-11-20" in n for n in report["notes"])
    assert "warning" not in out.stderr  # the listing date was given
    assert list(tmp_path.iterdir()) == []  # nothing written to the working directory


def test_text_report_and_year_warning(listing):
    out = cli(listing, "--rejects")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["file", "format", "records", "papers", "rejects", "merged"]
    assert lines[1].split() == [str(listing), "hf-papers", "50", "49", "1", "0"]
    assert any(ln.split()[:3] == ["abstract", "49", "100%"] for ln in lines)
    assert sum(ln.startswith("reject: ") for ln in lines) == 1
    assert "assumed 2025" in out.stderr and out.stderr.count("warning:") == 1


def test_summary_omits_files(corpora):
    out = cli(corpora / "unarxive-sample" / "arXiv_src_2212_086.jsonl.gz", "--summary")
    assert out.returncode == 0, out.stderr
    assert "unarxive-sample" not in out.stdout and "49 papers after merging 0 duplicates" in out.stdout


def test_missing_file_exits_3_with_one_line(tmp_path):
    missing = tmp_path / "nope.bib"
    out = cli(missing)
    assert out.returncode == 3
    err = out.stderr.strip().splitlines()
    assert len(err) == 1 and str(missing) in err[0] and "does not exist" in err[0]
    assert out.stdout == ""


def test_unknown_format_lists_the_formats(listing):
    out = cli(listing, "--format", "endnote")
    assert out.returncode == 2
    assert "endnote" in out.stderr
    for name in ("hf-papers", "arxiv", "openalex", "s2", "s2-open-corpus", "unarxive", "bibtex", "wos"):
        assert f"'{name}'" in out.stderr


def test_undetectable_file_exits_3_naming_it(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("just some notes\nnothing bibliographic\n")
    out = cli(f)
    assert out.returncode == 3
    assert str(f) in out.stderr and "--format" in out.stderr


def test_directories_expand_to_detected_files(corpora):
    out = cli(corpora / "semanticscholar-api", corpora / "s2-open-corpus-sample", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    names = sorted(f["file"].rsplit("/", 1)[-1] for f in report["files"])
    assert names == [
        "Author.json",
        "Citation.json",
        "Paper.json",
        "PaperWithNullValues.json",
        "Reference.json",
        "sample-S2-records.jsonl",
    ]
    skipped = [n for n in report["notes"] if n.endswith("skipped (format not detected)")]
    # cassettes/ is a sub-folder: not read; only the two PROVENANCE.md files are skipped
    assert len(skipped) == 2 and all("PROVENANCE.md" in n for n in skipped)
    assert report["totals"]["records"] == 60 + 1 + 1 + 1 + 1 + 92


def test_bad_listing_date_exits_2_naming_the_setting(listing):
    out = cli(listing, "--listing-date", "Nov 20")
    assert out.returncode == 2
    assert "listing_date" in out.stderr and "'Nov 20'" in out.stderr and "YYYY-MM-DD" in out.stderr


def test_read_api_expands_directories_and_notes_skipped_files(corpora):
    """read(DIR) is what `scholargraph read DIR` reads (it used to crash with IsADirectoryError)."""
    from scholargraph.readers import read

    corpus = read(corpora / "hf-daily-papers", listing_date="2025-11-20")
    assert [f.file.rsplit("/", 1)[-1] for f in corpus.files] == ["daily-papers-listing.txt"]
    assert len(corpus.papers) == 49 and len(corpus.rejects) == 1  # 48 + the organisation-line block
    assert any(n.endswith("PROVENANCE.md: skipped (format not detected)") for n in corpus.notes)


def test_build_and_update_accept_directories(corpora, tmp_path):
    store = tmp_path / "store"
    out = subprocess.run(
        [sys.executable, "-m", "scholargraph", "build", str(corpora / "hf-daily-papers"), "--out", str(store),
         "--no-extract", "--listing-date", "2025-11-20", "--json"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["papers"] == 49  # 48 + the organisation-line block
    out = subprocess.run(
        [sys.executable, "-m", "scholargraph", "update", str(store), str(corpora / "semanticscholar-api"), "--json"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["papers"] > 49


def test_mapping_flag_reads_a_csv_with_unknown_column_names(tmp_path):
    """The reader's hint names `--mapping title=<column>`: the flag exists on read, build and update."""
    data = tmp_path / "mine.csv"
    data.write_text(
        "Article Name,Writers,Published\n"
        "A study of citation graphs,Ann Lee; Bo Chen,2021\n"
        "Topic models at scale,Cy Diaz,2022\n",
        encoding="utf-8",
    )
    out = cli(data, "--format", "csv", cwd=tmp_path)
    assert out.returncode == 3 and "(CLI: --mapping title=<column>)" in out.stderr
    assert "available columns: Article Name, Writers, Published" in out.stderr
    args = ("--format", "csv", "--mapping", "title=Article Name", "--mapping", "authors=Writers",
            "--mapping", "year=Published")  # fmt: skip
    out = cli(data, *args, "--json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["totals"]["papers"] == 2 and report["coverage"]["authors"] == 2
    assert report["coverage"]["date"] == 2
    bad = cli(data, "--format", "csv", "--mapping", "title", cwd=tmp_path)
    assert bad.returncode == 2 and "--mapping wants FIELD=COLUMN" in bad.stderr
    res = subprocess.run(
        [sys.executable, "-m", "scholargraph", "build", str(data), "--out", str(tmp_path / "s"), "--no-extract",
         "--json", *args],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["nodes"] == {"Author": 3, "Paper": 2}
