"""Read benchmark: ``python scripts/benchmark.py read [--quick] [--json]``.

* The whole Web of Science set (``corpora/wos-javeriana-cali/*.txt.gz``, 6,000+ records) read with
  :func:`scholargraph.readers.read` (detection, parsing, duplicate merging): wall time (untraced run) and peak
  traced Python memory (a second run under tracemalloc).
* The same read without duplicate merging (``merge=False``), and the merger alone (``Deduplicator.add`` over
  the papers that read gave), to show what merging costs.
* Baseline measured in the same run: decompress the same (tab-delimited) files and split them into rows and
  fields with :mod:`csv` (the least any WoS reader must do); the row gives the ratio read / baseline.
* Every other corpus folder: the files whose format is detected, read one call per folder and timed. Files
  that are not bibliographic (PROVENANCE.md, licences, cassettes) or that a reader refuses as a whole (e.g. an
  OpenAlex *author* record) are counted as skipped, not hidden.

``--quick`` reads only the first WoS file.
"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _benchutil import peak_mb, shared_dir, timed  # noqa: E402


def _baseline(files: list[Path]) -> int:
    """Decompress and split into rows and tab-separated fields (csv, QUOTE_NONE): the floor for any reader of
    these tab-delimited exports. Returns the number of records (rows after the header)."""
    import csv

    n = 0
    for f in files:
        with gzip.open(f, "rt", encoding="utf-8-sig", newline="") as fh:
            rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            n += sum(1 for row in rows if any(row)) - 1
    return n


def _dedup_only(papers: list):
    """Run the duplicate merger alone over already-read papers (it fills the kept papers in place, so pass papers
    that are not used afterwards)."""
    from scholargraph.model import Corpus
    from scholargraph.readers.dedup import Deduplicator

    corpus = Corpus()
    dedup = Deduplicator(corpus)
    for p in papers:
        dedup.add(p)
    return corpus


def _detected(folder: Path) -> tuple[list[Path], list[str]]:
    """Files of a folder whose format is detected from content, and the ones skipped (with why)."""
    from scholargraph.errors import ParseError
    from scholargraph.readers import detect_format

    good, skipped = [], []
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            detect_format(f)
        except ParseError as e:
            skipped.append(f"{f.relative_to(folder)}: {e.message}")
            continue
        good.append(f)
    return good, skipped


def _read_folder(files: list[Path], skipped: list[str]):
    """read(files), dropping (and listing as skipped) any file a reader refuses as a whole."""
    from scholargraph.errors import ParseError
    from scholargraph.readers import read

    files = list(files)
    while files:
        t0 = time.perf_counter()
        try:
            corpus = read(files)
        except ParseError as e:
            bad = [f for f in files if str(f) == e.file]
            if not bad:
                raise
            files.remove(bad[0])
            skipped.append(f"{bad[0].name}: {e.message}")
            continue
        return time.perf_counter() - t0, corpus, files
    return 0.0, None, files


def run(quick: bool = False) -> tuple[list[dict], dict]:
    import warnings

    from scholargraph.readers import read

    corpora = shared_dir() / "corpora"
    wos = sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz"))
    if quick:
        wos = wos[:1]
    rows: list[dict] = []

    base_s, base_records = timed(lambda: _baseline(wos), repeat=1 if quick else 3)
    read_s, corpus = timed(lambda: read(wos), repeat=1 if quick else 2)
    nomerge_s, nomerge = timed(lambda: read(wos, merge=False), repeat=1 if quick else 2)
    n_nomerge = len(nomerge.papers)
    dedup_s, merged_corpus = timed(lambda: _dedup_only(nomerge.papers), repeat=1)  # last use of `nomerge`
    _, peak, _ = peak_mb(lambda: read(wos))
    records = sum(s.records for s in corpus.files)
    rows.append(
        {
            "input": f"wos-javeriana-cali ({len(wos)} files)",
            "what": "scholargraph read (detect+parse+merge)",
            "records": records,
            "papers": len(corpus),
            "rejects": len(corpus.rejects),
            "merged": len(corpus.merges),
            "seconds": read_s,
            "records_per_s": records / read_s if read_s else None,
            "peak_mb": peak,
            "x_baseline": read_s / base_s if base_s else None,
        }
    )
    rows.append(
        {
            "input": f"wos-javeriana-cali ({len(wos)} files)",
            "what": "scholargraph read, merge=False",
            "records": records,
            "papers": n_nomerge,
            "seconds": nomerge_s,
            "records_per_s": records / nomerge_s if nomerge_s else None,
            "x_baseline": nomerge_s / base_s if base_s else None,
        }
    )
    rows.append(
        {
            "input": f"wos-javeriana-cali ({n_nomerge} papers)",
            "what": "Deduplicator.add alone (merging only)",
            "records": n_nomerge,
            "papers": len(merged_corpus),
            "merged": len(merged_corpus.merges),
            "seconds": dedup_s,
            "records_per_s": n_nomerge / dedup_s if dedup_s else None,
        }
    )
    rows.append(
        {
            "input": f"wos-javeriana-cali ({len(wos)} files)",
            "what": "baseline: gunzip + csv tab split",
            "records": base_records,
            "seconds": base_s,
            "records_per_s": base_records / base_s if base_s else None,
            "x_baseline": 1.0,
        }
    )
    figures = {
        "read_wos_seconds": round(read_s, 3),
        "read_wos_peak_mb": round(peak, 1),
        "read_wos_papers": len(corpus),
        "read_wos_records": records,
        "read_wos_baseline_seconds": round(base_s, 3),
        "read_wos_x_baseline": round(read_s / base_s, 2) if base_s else None,
        "dedup_wos_seconds": round(dedup_s, 3),
    }

    for folder in sorted(p for p in corpora.iterdir() if p.is_dir() and p.name != "wos-javeriana-cali"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # the Daily Papers listing's assumed year
            files, skipped = _detected(folder)
            secs, c, files = _read_folder(files, skipped)
        if c is None:
            rows.append({"input": folder.name, "what": f"no readable files ({len(skipped)} skipped)"})
            continue
        recs = sum(s.records for s in c.files)
        rows.append(
            {
                "input": folder.name,
                "what": f"{len(files)} files read, {len(skipped)} skipped",
                "records": recs,
                "papers": len(c),
                "rejects": len(c.rejects),
                "merged": len(c.merges),
                "seconds": secs,
                "records_per_s": recs / secs if secs else None,
            }
        )
        key = folder.name.replace("-", "_")
        figures[f"read_{key}_seconds"] = round(secs, 3)
        figures[f"read_{key}_papers"] = len(c)
    return rows, figures


if __name__ == "__main__":  # pragma: no cover
    import json

    r, f = run(quick="--quick" in sys.argv)
    print(json.dumps(f, indent=1))
