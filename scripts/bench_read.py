"""Read benchmark: ``python scripts/benchmark.py read [--quick] [--json]``.

* The whole Web of Science set (``corpora/wos-javeriana-cali/*.txt.gz``, 6,000+ records) read with
  :func:`scholargraph.readers.read` (detection, parsing, duplicate merging): wall time (untraced run) and peak
  traced Python memory (a second run under tracemalloc).
* The same read without duplicate merging (``merge=False``), and the merger alone (``Deduplicator.add`` over
  the papers that read gave), to show what merging costs.
* Baseline measured in the same run: decompress the same (tab-delimited) files and split them into rows and
  fields with :mod:`csv` (the least any WoS reader must do); the row gives the ratio read / baseline
  (``wos_read_vs_csv_split``, also ``read_wos_x_baseline``). The read and the baseline alternate, best of 3
  each (1 with ``--quick``).
* Every other corpus folder: the files whose format is detected, read one call per folder and timed. Files
  that are not bibliographic (PROVENANCE.md, licences, cassettes) or that a reader refuses as a whole (e.g. an
  OpenAlex *author* record) are counted as skipped, not hidden.

* PubMed XML (``read_pubmed_xml_*``): the 292-record ortho file, and a synthetic baseline-sized file
  (~30,000 records, like one annual baseline file, 150+ MB of XML) made in a temporary directory by repeating
  the real records of ../shared/corpora/pubmed-xml with new PMIDs and DOIs (so nothing merges), deleted
  afterwards. Each is read in a child process twice: streamed (``read_records``, papers dropped as they come:
  the reader's own memory) and into a Corpus (``read``: papers kept); the child reports records/s and its peak
  RSS (``VmHWM``), next to the peak RSS of a child that only imports scholargraph.

``--quick`` reads only the first WoS file and makes a 3,000-record synthetic PubMed file.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import tempfile
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


_CHILD = """
import json, resource, sys, time
from scholargraph.readers import read, read_records
mode, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
if mode == "stream":
    n = sum(1 for _ in read_records(path, format="pubmed"))
elif mode == "corpus":
    c = read(path, format="pubmed")
    n = sum(s.records for s in c.files)
else:
    n = 0
secs = time.perf_counter() - t0
try:  # this process's own peak RSS (ru_maxrss would include the parent's, kept across fork + exec on Linux)
    with open("/proc/self/status") as f:
        rss = next(int(x.split()[1]) for x in f if x.startswith("VmHWM:")) / 1024
except OSError:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"records": n, "seconds": secs, "rss_mb": rss}))
"""


def _child(mode: str, path: Path) -> dict:
    """Run one read in a fresh interpreter: {records, seconds, rss_mb (peak RSS of that process)}."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(path)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _pubmed_records(folder: Path) -> list[str]:
    """The <PubmedArticle> texts of the real PubMed XML files (the synthetic file repeats these)."""
    out = []
    for f in sorted(folder.rglob("*.xml*")):
        data = f.read_bytes()
        text = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8")
        out.extend(re.findall(r"<PubmedArticle>.*?</PubmedArticle>", text, re.S))
    return out


def synthetic_pubmed(folder: Path, out: Path, n: int) -> int:
    """Write a baseline-like PubMed XML file of ``n`` records made from the real ones: record ``i`` is real
    record ``i % len`` with PMID 90000000 + i (in MedlineCitation and the article's own ArticleIdList) and its
    DOIs suffixed ``.syn<i>`` (references untouched). Returns the bytes written."""
    records = _pubmed_records(folder)
    size = 0
    with out.open("w", encoding="utf-8") as fh:
        head = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n'
        fh.write(head)
        size += len(head)
        for i in range(n):
            rec = records[i % len(records)]
            own, sep, refs = rec.partition("<ReferenceList")
            pmid = str(90000000 + i)
            own = re.sub(r"(<PMID[^>]*>)\d+(</PMID>)", rf"\g<1>{pmid}\g<2>", own, count=1)
            own = re.sub(
                r'(<ArticleId IdType="pubmed">)\d+(</ArticleId>)', rf"\g<1>{pmid}\g<2>", own, count=1
            )
            own = re.sub(r'((?:IdType|EIdType)="doi"[^>]*>)([^<]+)(<)', rf"\g<1>\g<2>.syn{i}\g<3>", own)
            text = own + sep + refs + "\n"
            fh.write(text)
            size += len(text)
        fh.write("</PubmedArticleSet>\n")
    return size


def _pubmed_rows(corpora: Path, quick: bool) -> tuple[list[dict], dict]:
    rows: list[dict] = []
    figures: dict = {}
    base = _child("import", corpora)
    ortho = corpora / "pubmed-xml" / "p1m-ortho-pubmed_result.xml.gz"
    n = 3000 if quick else 30000
    with tempfile.TemporaryDirectory() as tmp:
        synth = Path(tmp) / "pubmed-synthetic-baseline.xml"
        nbytes = synthetic_pubmed(corpora / "pubmed-xml", synth, n)
        for key, path, label in (
            ("read_pubmed_xml", ortho, "p1m-ortho-pubmed_result.xml.gz (292 records)"),
            (
                "read_pubmed_xml_baseline",
                synth,
                f"synthetic baseline ({n} records, {nbytes / 1e6:.0f} MB XML)",
            ),
        ):
            stream, corpus = _child("stream", path), _child("corpus", path)
            for mode, r in (("streamed, papers dropped", stream), ("into a Corpus", corpus)):
                rows.append(
                    {
                        "input": label,
                        "what": f"PubMed XML read, {mode}",
                        "records": r["records"],
                        "seconds": r["seconds"],
                        "records_per_s": r["records"] / r["seconds"] if r["seconds"] else None,
                        "peak_rss_mb": r["rss_mb"],
                    }
                )
            figures[f"{key}_records_per_s"] = (
                round(stream["records"] / stream["seconds"], 1) if stream["seconds"] else None
            )
            figures[f"{key}_records"] = stream["records"]
            figures[f"{key}_peak_rss_mb"] = round(stream["rss_mb"], 1)
            figures[f"{key}_corpus_peak_rss_mb"] = round(corpus["rss_mb"], 1)
    figures["read_pubmed_xml_import_rss_mb"] = round(base["rss_mb"], 1)
    rows.append(
        {
            "input": "(none)",
            "what": "child interpreter after importing scholargraph",
            "peak_rss_mb": base["rss_mb"],
        }
    )
    return rows, figures


def run(quick: bool = False) -> tuple[list[dict], dict]:
    import warnings

    from scholargraph.readers import read

    corpora = shared_dir() / "corpora"
    wos = sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz"))
    if quick:
        wos = wos[:1]
    rows: list[dict] = []

    # the read and its floor alternate (best of each), so both see the same machine
    base_s = read_s = float("inf")
    for _ in range(1 if quick else 3):
        secs, base_records = timed(lambda: _baseline(wos))
        base_s = min(base_s, secs)
        secs, corpus = timed(lambda: read(wos))
        read_s = min(read_s, secs)
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
        # issue 16's name for the same ratio (target <= 2)
        "wos_read_vs_csv_split": round(read_s / base_s, 2) if base_s else None,
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
    pm_rows, pm_figures = _pubmed_rows(corpora, quick)
    rows.extend(pm_rows)
    figures.update(pm_figures)
    return rows, figures


if __name__ == "__main__":  # pragma: no cover
    r, f = run(quick="--quick" in sys.argv)
    print(json.dumps(f, indent=1))
