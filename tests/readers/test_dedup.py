"""Duplicate merging: rule order, conflicts, what gets filled, stable ids, and real overlapping responses."""

from __future__ import annotations

import warnings

from scholargraph.model import Author, Corpus, Paper, PaperDate, Provenance, Reference
from scholargraph.readers import read
from scholargraph.readers.dedup import Deduplicator, title_key


def mk(title="Graph Neural Networks", year=2020, n=1, authors=("Ann Lee",), **kw):
    kw.setdefault("provenance", [Provenance("f.txt", n)])
    return Paper.create(title=title, year=year, authors=[Author(a) for a in authors], **kw)


def run(*papers):
    corpus = Corpus()
    d = Deduplicator(corpus)
    return corpus, [d.add(p) for p in papers]


def test_rules_in_order_and_recorded():
    corpus, merged = run(
        mk(doi="10.1000/a", arxiv_id="2001.00001", n=1),
        mk(title="Other title", doi="10.1000/A", n=2),  # same DOI (case-insensitive), different title
        mk(title="Third", arxiv_id="2001.00001v2", n=3),
        mk(title="The fourth paper", openalex_id="https://openalex.org/W9", n=4),
        mk(title="The fifth paper", openalex_id="W9", s2_id="abc", n=5),
        mk(title="Sixth", s2_id="abc", n=6),
        mk(title="The Fifth Paper!", year=2020, n=7),  # title + year + first author of paper 5
    )
    assert merged == [False, True, True, False, True, True, True]
    assert len(corpus) == 2
    assert [m.rule for m in corpus.merges] == ["doi", "arxiv", "openalex", "s2", "title+year+first_author"]
    assert len({p.id for p in corpus.papers}) == 2
    assert [m.merged.record for m in corpus.merges] == [2, 3, 5, 6, 7]
    assert corpus.merges[0].kept == "doi:10.1000/a"
    first, second = corpus.papers
    assert [p.record for p in first.provenance] == [1, 2, 3]
    assert second.s2_id == "abc"  # filled from the duplicate


def test_title_rule_needs_full_first_author_name_and_year():
    corpus, merged = run(
        mk(authors=("John Smith",), n=1),
        mk(authors=("Smith, J.",), n=2),  # surname + initial never equals the full name
        mk(authors=("Smith, John",), n=3),  # same person written 'Family, Given'
        mk(authors=("John Smith",), year=2021, n=4),  # another year
        mk(authors=(), n=5),  # no authors: nothing contradicts title + year (rule 4)
        mk(title="Editorial", authors=("John Smith",), n=6),
        mk(title="Editorial", authors=("John Smith",), n=7),  # too short a title to identify a work
    )
    assert merged == [False, False, True, False, True, False, False]
    assert [m.rule for m in corpus.merges] == ["title+year+first_author", "title+year"]
    assert title_key(corpus.papers[0]) == "graph neural networks|2020|john smith"
    # the two editorials stay apart, and ids stay unique
    ed1, ed2 = corpus.papers[-2:]
    assert ed2.id == ed1.id + "~2" and ed2.extra["id_collision"] == ed1.id
    assert len({p.id for p in corpus.papers}) == len(corpus.papers)


def test_conflicting_ids_are_not_merged():
    corpus, merged = run(
        mk(doi="10.1000/a", arxiv_id="2001.00001"),
        mk(doi="10.1000/b", arxiv_id="2001.00001"),  # same arXiv id but another DOI
        mk(doi="10.1000/c"),  # same title/year/author but another DOI
    )
    assert merged == [False, False, False] and len(corpus) == 3


def test_fill_keeps_existing_values_and_the_stable_id():
    kept = mk(abstract="kept abstract", keywords=["gnn"], references=[Reference(doi="10.9000/x")], n=1)
    dup = mk(
        abstract="other abstract",
        doi="10.1000/late",
        venue="NeurIPS",
        keywords=["gnn", "graphs"],
        references=[Reference(doi="10.9000/x"), Reference(raw="Someone 2019")],
        n=2,
    )
    dup.authors[0].orcid = "0000-0002-1825-0097"
    old_id = kept.id
    corpus, merged = run(kept, dup)
    assert merged == [False, True]
    p = corpus.papers[0]
    assert p.id == old_id and p.id.startswith("title:")  # the id does not change mid-read
    assert p.doi == "10.1000/late" and p.venue == "NeurIPS" and p.abstract == "kept abstract"
    assert p.keywords == ["gnn", "graphs"] and len(p.references) == 2
    assert p.authors[0].orcid == "0000-0002-1825-0097"
    assert p.extra["merged_ids"] == ["doi:10.1000/late"] and corpus.merges[0].merged_id == "doi:10.1000/late"
    # the filled DOI is indexed: a later paper with that DOI merges, and by_id() finds the paper by it
    d = Deduplicator(corpus)
    assert d.add(mk(title="Anything", doi="10.1000/late", n=3))
    assert corpus.by_id()["doi:10.1000/late"] is p


def test_dates_assumed_or_coarser_are_replaced():
    assumed = PaperDate(2025, 3, 1, "day", year_assumed=True, note="year not printed")
    corpus, _ = run(
        mk(date=assumed, arxiv_id="2401.00001"), mk(date=PaperDate(2024, 3, 1, "day"), arxiv_id="2401.00001")
    )
    assert corpus.papers[0].date == PaperDate(2024, 3, 1, "day")
    corpus, _ = run(
        mk(date=PaperDate(2024), arxiv_id="2401.00001"),
        mk(date=PaperDate(2024, 5, None, "month"), arxiv_id="2401.00001"),
    )
    assert corpus.papers[0].date == PaperDate(2024, 5, None, "month")
    corpus, _ = run(
        mk(date=PaperDate(2024, 5, 2, "day"), arxiv_id="2401.00001"),
        mk(date=PaperDate(2023), arxiv_id="2401.00001"),
    )
    assert corpus.papers[0].date == PaperDate(2024, 5, 2, "day")


def test_many_papers_merge_exactly_their_duplicates():
    papers = [mk(title=f"Paper number {i}", doi=f"10.5000/{i}", n=i) for i in range(6000)]
    dups = [mk(title=f"Paper number {i}", doi=None, n=6000 + i) for i in range(0, 6000, 3)]
    corpus, merged = run(*papers, *dups)
    assert len(corpus) == 6000 and sum(merged) == 2000
    assert {m.rule for m in corpus.merges} == {"title+year+first_author"}


def test_real_arxiv_responses_recorded_twice_merge_completely(corpora):
    base = corpora / "arxiv-api"
    xml = sorted((base / "xml").glob("*.xml"))
    wrapped = sorted((base / "fixtures-json").glob("*.json"))
    corpus = read(xml + wrapped)
    only_xml = read(xml)
    assert len(corpus) == len(only_xml)  # every JSON-wrapped entry duplicates an XML one
    assert all(s.balanced for s in corpus.files)
    json_records = sum(s.records - s.rejects for s in corpus.files if s.file.endswith(".json"))
    assert sum(s.merged for s in corpus.files if s.file.endswith(".json")) == json_records == 221
    assert {m.rule for m in corpus.merges} <= {"arxiv", "doi"}
    no_merge = read(xml, merge=False)
    assert len(no_merge) == 221 and not no_merge.merges


def test_real_cross_source_merge_fills_fields(corpora):
    """The Turing paper from the S2 API and from a list response without its title merge by S2 id."""
    s2 = corpora / "semanticscholar-api"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = read([s2 / "PaperWithNullValues.json", s2 / "Paper.json"])
    (p,) = corpus.papers
    assert (
        p.id == "s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    )  # first seen; its DOI is filled, not re-keyed
    assert p.title == "Computing Machinery and Intelligence" and p.doi == "10.1093/mind/lix.236.433"
    assert corpus.merges[0].merged_id == "doi:10.1093/mind/lix.236.433" and corpus.merges[0].rule == "s2"
    assert len(p.provenance) == 2 and len(p.references) == 14


def test_listing_read_twice_merges_on_title_and_year(corpora):
    listing = corpora / "hf-daily-papers" / "daily-papers-listing.txt"
    corpus = read([listing, listing], listing_date="2025-11-20")
    # 49 papers: the 48 blocks with '• N authors' (PROVENANCE.md) and the one with an organisation line
    assert len(corpus) == 49 and len(corpus.merges) == 49
    assert {m.rule for m in corpus.merges} == {"title+year"}
    assert [s.merged for s in corpus.files] == [0, 49]
