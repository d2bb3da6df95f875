"""The unarXive reader on the real 49-paper sample (gzipped JSON Lines)."""

from __future__ import annotations

import gzip
import json

import pytest

from scholargraph.model import Paper, PaperDate, Reject
from scholargraph.readers import detect_format, read
from scholargraph.readers.unarxive import read_unarxive


@pytest.fixture(scope="module")
def sample(corpora):
    return corpora / "unarxive-sample" / "arXiv_src_2212_086.jsonl.gz"


@pytest.fixture(scope="module")
def papers(sample):
    return list(read_unarxive(sample))


def test_49_papers_with_metadata(papers, sample):
    assert len(papers) == 49 and all(isinstance(p, Paper) for p in papers)  # PROVENANCE.md: 49 papers
    assert all(p.arxiv_id and p.id == (f"doi:{p.doi}" if p.doi else f"arxiv:{p.arxiv_id}") for p in papers)
    assert all(p.title and p.abstract and p.authors and p.date.precision == "day" for p in papers)
    assert all("\n" not in p.title and "\n" not in p.abstract for p in papers)
    assert detect_format(sample) == "unarxive"


def test_first_paper(papers, sample):
    p = papers[0]
    assert p.id == "arxiv:2212.11867"
    assert p.title == "Zeros of a growing number of derivatives of random polynomials with independent roots"
    assert [(a.given, a.family) for a in p.authors] == [("Marcus", "Michelen"), ("Xuan-Truong", "Vu")]
    assert p.date == PaperDate(2022, 12, 22, "day")  # first version, Thu, 22 Dec 2022
    assert p.categories == ["math.PR", "math.CA", "math.CV"]
    assert p.abstract.startswith("Let $X_1,X_2,\\ldots$ be independent")
    assert p.provenance[0].line == 1 and p.provenance[0].file == str(sample)
    assert len(p.references) == 17
    kab = p.references[0]
    assert kab.raw.startswith("Z. Kabluchko. Critical points of random polynomials")
    assert (kab.arxiv_id, kab.openalex_id, kab.doi) == (
        "1206.6692",
        "W2964234933",
        "10.1090/s0002-9939-2014-12258-1",
    )


def test_bib_entries_become_references(papers):
    refs = [r for p in papers for r in p.references]
    # PROVENANCE.md: 1,786 bib entries, 146 carrying an arXiv id
    assert len(refs) == 1786
    assert sum(bool(r.arxiv_id) for r in refs) == 146
    assert sum(bool(r.openalex_id) for r in refs) == 633
    assert all(r.raw for r in refs)


def test_no_links_inside_the_sample(sample):
    corpus = read(sample)
    by_id = corpus.by_id()
    assert not [r for p in corpus for r in p.references if any(i in by_id for i in r.ids())]


def test_bad_records_become_rejects(sample, tmp_path):
    with gzip.open(sample, "rt", encoding="utf-8") as f:
        first = json.loads(f.readline())
    no_title = json.loads(json.dumps(first))
    no_title["metadata"]["title"] = None
    bad_bib = json.loads(json.dumps(first))
    bad_bib["bib_entries"] = ["not", "a", "dict"]
    out = tmp_path / "x.jsonl.gz"
    with gzip.open(out, "wt", encoding="utf-8") as f:
        for rec in (first, no_title, bad_bib, {"metadata": 3}):
            f.write(json.dumps(rec) + "\n")
        f.write("{truncated\n")
    items = list(read_unarxive(out))
    assert [type(i).__name__ for i in items] == ["Paper", "Reject", "Reject", "Reject", "Reject"]
    assert [i.field for i in items[1:]] == ["title", "bib_entries", "metadata", None]
    assert [i.line for i in items[1:]] == [2, 3, 4, 5]
    assert all(isinstance(i, Reject) and i.file == str(out) for i in items[1:])
