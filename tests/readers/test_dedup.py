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
        mk(
            title="Graph neural networks.", doi="10.1000/A", n=2
        ),  # same DOI (case-insensitive), title variant
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
    assert d.add(mk(title="Graph neural networks", doi="10.1000/late", n=3))
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


# --------------------------------------------------------------------------------- issue 12: wrong merges
# Every rule with real records from ../shared: one pair that must merge, one that must not (kept apart and
# linked in extra["related"] and a corpus note).


def _records(corpora, *where):
    """The papers of the given (folder/file, record number) pairs, read with the project's readers."""
    from scholargraph.readers import read_records

    out = []
    for path, record in where:
        items = {i.provenance[0].record: i for i in read_records(corpora / path) if isinstance(i, Paper)}
        out.append(items[record])
    return out


def _related(paper, other):
    return [r for r in paper.extra.get("related", []) if r["id"] == other.id]


def test_doi_rule_true_case_same_pages_and_title_variants(corpora):
    wos = "wos-javeriana-cali/"
    # one article indexed twice by WoS (WOS:000819939600004, WOS:000832697300005): same DOI, pages 84-109
    a, b = _records(corpora, (wos + "wos_501_1000.txt.gz", 77), (wos + "wos_501_1000.txt.gz", 208))
    corpus, merged = run(a, b)
    assert merged == [False, True] and corpus.merges[0].rule == "doi"
    # the same article from WoS and Scopus RIS: titles written 'L1(0)' and 'L10' (PROVENANCE: same DOI)
    c, d = _records(corpora, ("bibx-exports/bit-pattern-savedrecs.txt", 18), ("bibx-exports/scopus.ris", 118))
    assert c.doi == d.doi and c.title != d.title
    assert run(c, d)[1] == [False, True]


def test_doi_rule_false_case_a_container_doi(corpora):
    """Two chapters of one book (ISBN 978-3-030-64872-5; WOS:000647701200007 and WOS:000647701200029). WoS
    gives each its chapter DOI (..._7, ..._29); an export that gives the book's DOI 10.1007/978-3-030-64872-5
    for both (as reference managers and some databases do) must not make them one paper. No file in
    ../shared carries two records under one container DOI, so the book DOI is put on the two real records here."""
    wos = "wos-javeriana-cali/"
    a, b = _records(corpora, (wos + "wos_5001_5500.txt.gz", 401), (wos + "wos_5501_6000.txt.gz", 148))
    assert a.extra["isbn"] == b.extra["isbn"] and a.doi.rsplit("_", 1)[0] == b.doi.rsplit("_", 1)[0]
    for p in (a, b):
        p.doi = p.doi.rsplit("_", 1)[0]  # the book's DOI
    corpus, merged = run(a, b)
    assert merged == [False, False] and len({p.id for p in corpus.papers}) == 2
    (rel,) = _related(a, b)
    assert rel["relation"] == "same_container_doi" and "container DOI" in rel["why"]
    assert any("same container doi" in n for n in corpus.notes)


def test_title_rule_true_case(corpora):
    """One meeting abstract printed in Modern Pathology and in Laboratory Investigation (page 393A in both)."""
    wos = "wos-javeriana-cali/wos_3001_3500.txt.gz"
    a, b = _records(corpora, (wos, 197), (wos, 437))
    assert a.doc_type == b.doc_type == "Meeting Abstract" and a.extra["pages"] == b.extra["pages"] == "393A"
    corpus, merged = run(a, b)
    assert merged == [False, True] and corpus.merges[0].rule == "title+year+first_author"


def test_title_rule_false_cases_letter_and_article_other_pages(corpora):
    """A 2-page Letter and a 12-page Article with one title, year and first author (issue 12: the Letter took
    the Article's DOI and references); two articles of one issue with one title but other pages."""
    wos = "wos-javeriana-cali/"
    letter, article = _records(
        corpora, (wos + "wos_3001_3500.txt.gz", 414), (wos + "wos_4001_4500.txt.gz", 79)
    )
    corpus, merged = run(letter, article)
    assert merged == [False, False]
    assert letter.doi is None and article.doi == "10.7705/biomedica.5571" and len(article.references) == 24
    (rel,) = _related(article, letter)
    assert rel["relation"] == "possible_duplicate" and "'Letter' and 'Article'" in rel["why"]
    one, two = _records(corpora, (wos + "wos_2001_2500.txt.gz", 358), (wos + "wos_2501_3000.txt.gz", 84))
    corpus, merged = run(one, two)
    assert merged == [False, False] and "pages 43-50 and 34-42" in _related(one, two)[0]["why"]


def test_the_letter_s_article_keeps_its_doi_references_and_citation_count(corpora):
    """Issue 12: merged, the kept Letter took the Article's DOI and references and its citation count went
    from 14 to 0. Counted from the raw WoS file: the Article's TC (times cited) and NR (references)."""
    import gzip

    with gzip.open(corpora / "wos-javeriana-cali" / "wos_4001_4500.txt.gz", "rt", encoding="utf-8-sig") as f:
        header = f.readline().rstrip("\r\n").split("\t")
        raw = next(
            dict(zip(header, line.rstrip("\r\n").split("\t"), strict=False))
            for line in f
            if "WOS:000583761500013" in line
        )
    corpus = read(sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz")))
    (article,) = [p for p in corpus.papers if p.doi == "10.7705/biomedica.5571"]
    assert article.doc_type == "Article" and article.extra["wos_id"] == "WOS:000583761500013"
    assert article.citation_count == int(raw["TC"]) == 14
    assert len(article.references) == int(raw["NR"]) == 24
    assert len(article.provenance) == 1


def test_conference_and_journal_versions_are_linked_not_merged(corpora):
    ris = "bibx-exports/scopus.ris"
    # 'Air bearing simulation for bit patterned media': STLE/ASME conference paper and Tribology Letters article
    conf, journal = _records(corpora, (ris, 605), (ris, 639))
    assert (conf.doc_type, journal.doc_type) == ("Conference Paper", "Article")
    corpus, merged = run(conf, journal)
    assert merged == [False, False]
    assert _related(conf, journal)[0]["relation"] == _related(journal, conf)[0]["relation"] == "version_of"
    assert any(n.startswith("version of: ") for n in corpus.notes)
    # two records of one conference paper (Intermag digest, with and without its DOI) still merge
    a, b = _records(corpora, (ris, 779), (ris, 788))
    assert a.doc_type == b.doc_type == "Conference Paper"
    assert run(a, b)[1] == [False, True]


def test_authorless_records_with_other_ids_are_not_merged(corpora):
    """Four LNCS volumes of ICCSA 2010 (Scopus 'Conference Review', no authors): one title, four EIDs and
    volumes 6016-6019. Before issue 12 they became one paper."""
    path = corpora / "litstudy-exports" / "tests-resources" / "scopus.csv"
    corpus = read(path)
    iccsa = [
        p
        for p in corpus.papers
        if p.title.startswith("Computational Science and Its Applications - ICCSA 2010")
    ]
    assert len(iccsa) == 4 and not corpus.merges
    assert sorted(p.extra["volume"] for p in iccsa) == ["6016 LNCS", "6017 LNCS", "6018 LNCS", "6019 LNCS"]
    assert all(len(p.extra["related"]) == 3 for p in iccsa)


def test_authorless_title_year_true_and_false_cases(corpora):
    """Lens export: 'Zur Frage der Leukocidinproduktion ...' (1924) twice, volume 37, pages 354-360, first author
    'W. Tobler' on both (the journal was renamed, so Lens lists it twice under two Lens ids, one record with the
    DOI): one paper -- two Lens ids do not prove two works. 'Knochen, Gelenke, Muskeln' (1942): three section
    reports in volumes 52 and 53, pages 138, 226 and 255: three papers."""
    corpus = read(corpora / "lens-exports" / "bibliotobler-lens-export.csv")
    leuko = [p for p in corpus.papers if p.title.startswith("Zur Frage der Leukocidinproduktion")]
    assert len(leuko) == 1 and len(leuko[0].provenance) == 2 and leuko[0].doi == "10.1007/bf02225387"
    assert [m.rule for m in corpus.merges if m.kept == leuko[0].id] == ["title+year+first_author"]
    knochen = [p for p in corpus.papers if p.title == "Knochen, Gelenke, Muskeln" and p.year == 1942]
    assert len(knochen) == 3
    assert sorted(p.extra["start_page"] + "-" + p.extra["end_page"] for p in knochen) == [
        "138-141",
        "226-230",
        "255-257",
    ]
