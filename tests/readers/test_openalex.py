"""The OpenAlex works reader on real API responses (snowball, search pages, single entities)."""

from __future__ import annotations

import json

import pytest

from scholargraph.errors import ParseError
from scholargraph.model import Paper, PaperDate, Reject
from scholargraph.readers import detect_format, read
from scholargraph.readers.openalex import read_openalex, rebuild_abstract


@pytest.fixture(scope="module")
def oa(corpora):
    return corpora / "openalex-api"


@pytest.fixture(scope="module")
def snowball(oa):
    return read(sorted((oa / "openalexPro-snowball").glob("*.json")))


def test_snowball_has_46_works_and_81_inner_citations(snowball):
    # PROVENANCE.md: 2 key papers + 41 cited + 3 citing = 46 works, 81 in-set referenced_works edges
    assert len(snowball) == 46 and not snowball.rejects and not snowball.merges
    by_id = snowball.by_id()
    inner = [(p.id, by_id[r.ids()[0]].id) for p in snowball for r in p.references if r.ids()[0] in by_id]
    assert len(inner) == 81
    assert sum(bool(p.abstract) for p in snowball) == 35
    assert all(s.balanced for s in snowball.files)
    assert [s.records for s in snowball.files] == [41, 0, 3, 0, 2, 0]


def test_work_without_title_is_kept_as_a_cited_node(snowball):
    (untitled,) = [p for p in snowball if not p.title]
    assert untitled.openalex_id == "W2963341956" and untitled.doi == "10.18653/v1/n19-1423"
    assert untitled.extra["missing"] == ["title"]
    assert any(r.openalex_id == "W2963341956" for p in snowball for r in p.references)


def test_fields_of_the_canonical_work(oa):
    (p,) = read_openalex(oa / "openalex-python-fixtures" / "W2741809807.json")
    raw = json.loads((oa / "openalex-python-fixtures" / "W2741809807.json").read_text())
    assert p.id == "doi:10.7717/peerj.4375" and p.openalex_id == "W2741809807"
    assert p.title.startswith("The state of OA: a large-scale analysis")
    assert p.date == PaperDate(2018, 2, 13, "day")
    assert p.venue == "PeerJ" and p.citation_count == raw["cited_by_count"] and p.language == "en"
    assert len(p.references) == 45 and all(r.openalex_id.startswith("W") for r in p.references)
    assert p.keywords == ["Scholarly Communication", "Web of science", "Open Science", "Citation analysis"]
    assert "Citation" in p.extra["concepts"]
    words = sum(len(v) for v in raw["abstract_inverted_index"].values())
    assert len(p.abstract.split()) == words == 258
    assert p.abstract.startswith("Despite growing interest in Open Access (OA) to scholarly literature")
    first = p.authors[0]
    assert (first.name, first.orcid, first.openalex_id) == (
        "Heather Piwowar",
        "0000-0003-1613-5981",
        "A5048491430",
    )
    assert first.affiliation


def test_search_pages(oa):
    corpus = read(sorted((oa / "openalexPro-search-pages").glob("*.json")))
    assert [s.records for s in corpus.files] == [50, 0, 50, 0]
    assert len(corpus) + len(corpus.merges) == 100 and not corpus.rejects
    assert all(p.date and 1988 <= p.year <= 2010 for p in corpus)


@pytest.mark.parametrize(
    "name,kind",
    [
        ("A5023888391", "author"),
        ("I27837315", "institution"),
        ("S137773608", "source"),
        ("cardiac-imaging", "keyword"),
    ],
)
def test_non_work_entities_are_a_parse_error(oa, name, kind):
    path = oa / "openalex-python-fixtures" / f"{name}.json"
    assert detect_format(path) == "openalex"
    with pytest.raises(ParseError, match=f"not a works response: this is an OpenAlex {kind}"):
        list(read_openalex(path))


def test_jsonl_and_mixed_lists(oa, tmp_path):
    works = json.loads((oa / "openalexPro-snowball" / "keypaper_results_page_1.json").read_text())["results"]
    author = json.loads((oa / "openalex-python-fixtures" / "A5023888391.json").read_text())
    lines = tmp_path / "works.jsonl"
    lines.write_text("\n".join(json.dumps(w) for w in works) + "\n{broken\n")
    items = list(read_openalex(lines))
    assert [type(i).__name__ for i in items] == ["Paper", "Paper", "Reject"]
    assert items[2].line == 3 and "not valid JSON" in items[2].reason
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps({"results": [works[0], author, 7]}))
    a, b, c = read_openalex(mixed)
    assert isinstance(a, Paper)
    assert isinstance(b, Reject) and b.field == "id" and "an OpenAlex author" in b.reason and b.record == 2
    assert isinstance(c, Reject) and "expected a work object" in c.reason


def test_malformed_fields_become_rejects(oa, tmp_path):
    work = json.loads((oa / "openalex-python-fixtures" / "W2741809807.json").read_text())
    work["abstract_inverted_index"] = {"a": "zero"}
    f = tmp_path / "w.json"
    f.write_text(json.dumps([work, {"title": None, "display_name": None}]))
    r1, r2 = read_openalex(f)
    assert isinstance(r1, Reject) and r1.field == "abstract_inverted_index"
    assert isinstance(r2, Reject) and r2.field == "title"


def test_rebuild_abstract_orders_by_position():
    assert rebuild_abstract({"b": [1, 3], "a": [0, 2]}) == "a b a b"
    assert rebuild_abstract(None) is None
    with pytest.raises(ValueError):
        rebuild_abstract(["not", "a", "dict"])
