"""Semantic Scholar readers: Graph API responses and the 2018 Open Research Corpus sample."""

from __future__ import annotations

import json

import pytest

from scholargraph.errors import ParseError, UnknownFormatError
from scholargraph.model import Paper, PaperDate, Reject
from scholargraph.readers import detect_format, read
from scholargraph.readers.semantic_scholar import read_s2_open_corpus, read_semantic_scholar


@pytest.fixture(scope="module")
def s2(corpora):
    return corpora / "semanticscholar-api"


@pytest.fixture(scope="module")
def open_corpus(corpora):
    return corpora / "s2-open-corpus-sample" / "sample-S2-records.jsonl"


def test_full_paper_response(s2):
    (p,) = read_semantic_scholar(s2 / "Paper.json")
    raw = json.loads((s2 / "Paper.json").read_text())
    assert p.id == "doi:10.1093/mind/lix.236.433" and p.s2_id == "2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    assert p.title == "Computing Machinery and Intelligence"
    assert p.date == PaperDate(1950, 10, 1, "day") and p.venue == "The Philosophy of Artificial Intelligence"
    assert p.extra["CorpusId"] == 14636783 and p.extra["DBLP"] == "journals/x/Turing50"
    assert (p.authors[0].name, p.authors[0].s2_id) == ("A. Turing", "2262347")
    assert p.citation_count == 10059 and p.doc_type == "JournalArticle"
    assert "Computer Science" in p.categories
    # PROVENANCE.md: 14 references, 1,000 citations
    assert len(p.references) == 14 == len(raw["references"])
    assert p.references[0].s2_id == "348f436fd9a3965f5ff17db031a9f43426f89b8e"
    assert p.references[0].doi == "10.2307/3610576" and p.references[0].year == 1951
    assert len(p.extra["cited_by"]) == 1000 and p.extra["cited_by"][0].startswith("s2:")
    assert detect_format(s2 / "Paper.json") == "s2"


def test_null_values_and_edges(s2):
    (p,) = read_semantic_scholar(s2 / "PaperWithNullValues.json")
    assert p.id == "s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad" and p.title == ""
    assert p.extra["missing"] == ["title"] and p.authors == [] and p.references == []
    (cited,) = read_semantic_scholar(s2 / "Reference.json")
    assert cited.id == "arxiv:1402.0030" and cited.extra["edge"]["kind"] == "citedPaper"
    (citing,) = read_semantic_scholar(s2 / "Citation.json")
    assert citing.doi == "10.1109/lra.2022.3229266" and citing.extra["edge"]["isInfluential"] is True
    assert len(citing.extra["edge"]["contexts"]) == 4


def test_author_response_gives_the_author_papers(s2):
    papers = list(read_semantic_scholar(s2 / "Author.json"))
    assert len(papers) == 60 and all(isinstance(p, Paper) for p in papers)  # PROVENANCE.md: 60 papers
    assert all(any(a.s2_id == "2262347" for a in p.authors) for p in papers)
    assert detect_format(s2 / "Author.json") == "s2"


def test_same_paper_in_two_responses_merges_by_s2_id(s2):
    corpus = read([s2 / "Paper.json", s2 / "PaperWithNullValues.json"])
    assert len(corpus) == 1 and corpus.merges[0].rule == "s2"
    assert corpus.papers[0].title == "Computing Machinery and Intelligence"


def test_lists_batches_and_errors(s2, tmp_path):
    paper = json.loads((s2 / "Paper.json").read_text())
    small = {k: paper[k] for k in ("paperId", "externalIds", "title", "year", "authors")}
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps([small, None, {"authorId": "1", "name": "X"}, "oops"]))
    a, b, c, d = read_semantic_scholar(batch)
    assert isinstance(a, Paper) and a.date == PaperDate(1950)
    assert isinstance(b, Reject) and b.field == "paperId" and "no paper" in b.reason and b.record == 2
    assert isinstance(c, Reject) and "an author" in c.reason
    assert isinstance(d, Reject) and "expected a paper object" in d.reason
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"total": 0, "offset": 0}))
    assert list(read_semantic_scholar(page)) == []
    err = tmp_path / "err.json"
    err.write_text(json.dumps({"error": "Paper with id 0 not found"}))
    with pytest.raises(ParseError, match="answered an error.*not found"):
        list(read_semantic_scholar(err))


def test_cassette_bodies(s2, tmp_path):
    """The VCR cassettes hold real references / citations / search responses as JSON strings."""
    yaml = pytest.importorskip(
        "yaml"
    )  # PyYAML is not a scholargraph dependency; the cassettes are an extra check
    counts = {}
    for name in (
        "test_get_paper_references",
        "test_get_paper_citations",
        "test_search_paper",
        "test_get_papers",
    ):
        data = yaml.safe_load((s2 / "cassettes" / f"{name}.yaml").read_text())
        response = data["interactions"][0]["response"]
        body = response.get("content") or response["body"]["string"]
        f = tmp_path / f"{name}.json"
        f.write_text(body)
        assert detect_format(f) == "s2"
        items = list(read_semantic_scholar(f))
        counts[name] = (len(items), sum(isinstance(i, Paper) for i in items))
        expected = json.loads(body)
        n = len(expected) if isinstance(expected, list) else len(expected["data"])
        assert len(items) == n
    assert all(n > 0 for n, _ in counts.values())
    with pytest.raises(UnknownFormatError):  # the YAML cassette itself is not taken for a JSON response
        detect_format(s2 / "cassettes" / "test_get_paper_references.yaml")


def test_open_corpus_sample(open_corpus):
    items = list(read_s2_open_corpus(open_corpus))
    papers = [i for i in items if isinstance(i, Paper)]
    # PROVENANCE.md: 92 records, 58 with a non-empty abstract, 349 outCitations
    assert len(items) == len(papers) == 92
    assert sum(bool(p.abstract) for p in papers) == 58
    assert sum(len(p.references) for p in papers) == 349
    assert all(p.doi is None or p.doi.startswith("10.") for p in papers)  # "" means missing
    p = papers[0]
    assert p.id == "s2:f2320c08c7d95bbf8bb72e4d6deaa6845ea4cf27" and p.title == "60 seconds with Kate Jack."
    assert (p.authors[0].name, p.authors[0].s2_id) == ("Kate Jack", "38280253")
    assert p.date == PaperDate(2013) and p.venue == "Nursing times" and p.abstract is None
    assert p.extra["pmid"] == "24568020v1" and p.keywords == ["Jack Device Component"]
    assert p.provenance[0].line == 1 and p.provenance[0].format == "s2-open-corpus"
    assert detect_format(open_corpus) == "s2-open-corpus"


def test_open_corpus_bad_lines_are_rejects(open_corpus, tmp_path):
    lines = open_corpus.read_text().splitlines()[:3]
    rec = json.loads(lines[1])
    rec["title"] = ""
    f = tmp_path / "x.jsonl"
    f.write_text("\n".join([lines[0], json.dumps(rec), "[1, 2", lines[2]]) + "\n")
    a, b, c, d = read_s2_open_corpus(f)
    assert isinstance(a, Paper) and isinstance(d, Paper)
    assert isinstance(b, Reject) and b.field == "title" and b.line == 2 and b.record == 2
    assert isinstance(c, Reject) and c.line == 3 and "not valid JSON" in c.reason
