"""Acceptance (issue 17): every file in pubmed-xml, medline-nbib, crossref-api, opencitations-api and lens-exports
reads with records == papers + rejects + merged, and the number of records equals (a) an independent stdlib count
made here over the raw file and (b) the count its PROVENANCE.md gives."""

from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path

import pytest

from scholargraph.readers import read

pytestmark = pytest.mark.shared

FOLDERS = ("pubmed-xml", "medline-nbib", "crossref-api", "opencitations-api", "lens-exports")

# records per file as PROVENANCE.md states them (metapub: 50 files of one record and one empty set)
PROVENANCE = {
    "pubmed-xml/p1m-ortho-pubmed_result.xml.gz": 292,
    "pubmed-xml/pubmedportable-medline_00000000.xml": 100,
    "pubmed-xml/pubmedpy-efetch.xml": 6,
    "pubmed-xml/pmparser-pubmed20n1016-sample.xml.gz": 26,
    "pubmed-xml/metapub-pmid-xml/37909814.xml": 0,
    "medline-nbib/p1m-ortho-citations.nbib": 200,
    "medline-nbib/p1m-ortho-citations-1.nbib": 92,
    "medline-nbib/pybibx-pubmed.txt": 335,
    "crossref-api/habanero/funders-100000001-works-rows100-field-queries.json.gz": 100,
    "crossref-api/habanero/works-query-ecology-author-carl-boettiger.json": 20,
    "crossref-api/habanero/journals-2167-8359-works-ecology-sort-score-asc.json": 20,
    "crossref-api/habanero/journals-2167-8359-works-ecology-sort-score-desc.json": 20,
    "crossref-api/habanero/prefixes-10.1371-works-editor-cooper.json": 20,
    "opencitations-api/citecorp-coci-v1/references-10.1108_jd-12-2013-0166.json": 37,
    "opencitations-api/citecorp-coci-v1/citations-10.1108_jd-12-2013-0166.json": 20,
    "opencitations-api/citecorp-coci-v1/metadata-10.1108_jd-12-2013-0166.json": 1,
    "opencitations-api/citecorp-coci-v1/citation-06180334099-06101759895.json": 1,
    "lens-exports/bibliotobler-lens-export.csv": 252,
}
SINGLE = ("crossref-api/habanero/work-", "crossref-api/colrev/work-", "pubmed-xml/metapub-pmid-xml/")
TOTALS = {"pubmed-xml/metapub-pmid-xml/": 50, "crossref-api/": 188}  # PROVENANCE totals


def text_of(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8-sig")


def independent_count(rel: str, path: Path) -> int:
    """Records counted without scholargraph: XML record tags, 'PMID-' lines, JSON items, CSV rows."""
    if rel.startswith("pubmed-xml/"):
        text = text_of(path)
        return len(re.findall(r"<PubmedArticle>", text)) + len(re.findall(r"<PubmedBookArticle>", text))
    if rel.startswith("medline-nbib/"):
        return len(re.findall(r"(?m)^PMID-", text_of(path)))
    if rel.startswith("crossref-api/"):
        message = json.loads(text_of(path))["message"]
        return len(message["items"]) if "items" in message else 1
    if rel.startswith("opencitations-api/"):
        return len(json.loads(text_of(path)))
    if rel.startswith("lens-exports/"):
        with path.open(encoding="utf-8-sig", newline="") as f:
            return sum(1 for _ in csv.DictReader(f))
    raise AssertionError(rel)


def provenance_count(rel: str) -> int:
    if rel in PROVENANCE:
        return PROVENANCE[rel]
    assert rel.startswith(SINGLE), f"no PROVENANCE count for {rel}"
    return 1


def shared_files(corpora: Path) -> list[tuple[str, Path]]:
    out = []
    for folder in FOLDERS:
        for path in sorted((corpora / folder).rglob("*")):
            if path.is_file() and path.name != "PROVENANCE.md":
                out.append((path.relative_to(corpora).as_posix(), path))
    return out


def test_every_file_of_the_five_folders_is_accounted_for(corpora):
    files = shared_files(corpora)
    assert len(files) == (4 + 51) + 3 + 13 + 4 + 1  # pubmed-xml (+ metapub), medline, crossref, OC, lens
    for rel, path in files:
        corpus = read(path)
        (stats,) = corpus.files
        expected = independent_count(rel, path)
        assert expected == provenance_count(rel), rel
        assert stats.balanced, (rel, stats)
        assert stats.records == expected, (rel, stats)
    for prefix, total in TOTALS.items():
        assert sum(independent_count(rel, p) for rel, p in files if rel.startswith(prefix)) == total


def test_all_five_folders_read_together_stay_balanced(corpora):
    files = shared_files(corpora)
    corpus = read([p for _, p in files])
    assert [s.file for s in corpus.files] == [str(p) for _, p in files]
    for (rel, path), stats in zip(files, corpus.files, strict=True):
        assert stats.balanced and stats.records == independent_count(rel, path), rel
    assert len({p.id for p in corpus.papers}) == len(corpus.papers)
    # the same 292 ortho records from XML and MEDLINE merge; nothing is rejected in these real files
    assert not corpus.rejects
    assert sum(s.merged for s in corpus.files if "medline-nbib/p1m" in s.file) == 292
