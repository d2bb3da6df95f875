"""Format detection from content for every file in ../shared/corpora (helper A's formats included)."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest

from scholargraph.errors import UnknownFormatError
from scholargraph.readers import detect_format

pytestmark = pytest.mark.shared  # reads ../shared/corpora (the quirk-file tests do not)

# relative path pattern -> expected format; None = not a paper file, detection must refuse it
EXPECTED: list[tuple[str, str | None]] = [
    ("wos-javeriana-cali/wos_*.txt.gz", "wos"),
    ("bibx-exports/bit-pattern-savedrecs.txt", "wos"),
    ("bibx-exports/single-article.txt", "wos"),
    ("bibx-exports/scopus.csv", "scopus-csv"),
    ("bibx-exports/scopus.ris", "ris"),
    ("valdecy-bibtex/*.bib", "bibtex"),
    ("litstudy-exports/*/scopus.csv", "scopus-csv"),
    ("litstudy-exports/*/ieee*.csv", "ieee-csv"),
    ("litstudy-exports/*/springer.csv", "springer-csv"),
    ("litstudy-exports/*/*.ris", "ris"),
    ("litstudy-exports/*/retraction_watch.csv", "csv"),
    ("hf-daily-papers/daily-papers-listing.txt", "hf-papers"),
    ("arxiv-api/xml/*.xml", "arxiv"),
    ("arxiv-api/fixtures-json/*.json", "arxiv"),
    ("openalex-api/*/*.json", "openalex"),
    ("semanticscholar-api/*.json", "s2"),
    ("semanticscholar-api/cassettes/*.yaml", None),  # VCR YAML wrappers, not an API response (helper A)
    ("s2-open-corpus-sample/*.jsonl", "s2-open-corpus"),
    ("unarxive-sample/*.jsonl.gz", "unarxive"),
    ("unarxive-sample/*.upstream.txt", None),
    ("pubmed-xml/*.xml*", "pubmed"),
    ("pubmed-xml/metapub-pmid-xml/*.xml", "pubmed"),
    ("medline-nbib/*", "medline"),
    ("crossref-api/*/*", "crossref"),
    ("opencitations-api/*/*.json", "opencitations"),
    ("lens-exports/*.csv", "lens"),
]
SKIP_NAMES = {"PROVENANCE.md", "README.md"}


def _expected(rel: str, path: Path) -> str | None:
    for pattern, fmt in EXPECTED:
        if fnmatch.fnmatch(rel, pattern):
            return fmt
    raise AssertionError(f"no expectation for {rel}: add it to EXPECTED")


def test_every_shared_file_is_detected_as_expected(corpora: Path):
    files = sorted(p for p in corpora.rglob("*") if p.is_file() and p.name not in SKIP_NAMES)
    assert len(files) >= 144  # the corpora as shipped; more files are fine
    wrong = []
    for path in files:
        rel = path.relative_to(corpora).as_posix()
        want = _expected(rel, path)
        try:
            got = detect_format(path)
        except UnknownFormatError:
            got = None
        if got != want:
            wrong.append(f"{rel}: expected {want}, detected {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        ("PT\tAU\tTI\tSO\tUT\nJ\tA\tB\tC\tD\n", "wos"),
        ("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI x\nER\n", "wos"),
        ("TY  - JOUR\nTI  - x\nER  - \n", "ris"),
        ("% comment\n@article{k,\n title={x}}\n", "bibtex"),
        ('"Title","Year","Source title","Authors","Link","EID"\n', "scopus-csv"),
        ('"Document Title",Authors,"Publication Title"\n', "ieee-csv"),
        ("Item Title,Publication Title,Item DOI\n", "springer-csv"),
        ("id;Title;year\n1;x;2000\n", "csv"),
        ('{"title": "x", "year": 2000}\n', "jsonl"),
        ("<PubmedArticleSet><PubmedArticle><MedlineCitation>", "pubmed"),
        ("\nPMID- 1\nOWN - NLM\nTI  - x\n", "medline"),
        ('{"status":"ok","message-type":"work","message":{"DOI":"10.1/x"}}', "crossref"),
        ('[{"oci": "1-2", "citing": "10.1/a", "cited": "10.1/b"}]', "opencitations"),
        ("Lens ID,Title,Date Published,Publication Year\n", "lens"),
        ('{"lens_id": "000-649-451-763-370", "title": "x"}\n', "lens-json"),
        ('"About the data: Exported on x"\n"Rank","Publication ID","DOI","Title","PubYear"\n', "dimensions"),
    ],
)
def test_content_decides_not_the_extension(tmp_path, content, fmt):
    path = tmp_path / "export.dat"  # a name that says nothing
    path.write_text(content, encoding="utf-8")
    assert detect_format(path) == fmt


def test_unrecognised_content_is_refused(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("name,value\na,1\n")
    with pytest.raises(UnknownFormatError, match="could not detect"):
        detect_format(path)
