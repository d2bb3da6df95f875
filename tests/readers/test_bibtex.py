"""BibTeX reader: Scopus and WoS dialects (valdecy-bibtex) and a hand-written file of quirks."""

from __future__ import annotations

from pathlib import Path

import pytest

from scholargraph.errors import ParseError
from scholargraph.model import Paper, Reject
from scholargraph.readers import detect_format
from scholargraph.readers.bibtex import count_entries, read_bibtex, split_authors

pytestmark = pytest.mark.shared  # reads ../shared/corpora (the quirk-file tests do not)

DATA = Path(__file__).resolve().parent.parent / "data" / "readers_exports"


@pytest.fixture(scope="module")
def scopus_bib(corpora: Path) -> list[Paper | Reject]:
    return list(read_bibtex(corpora / "valdecy-bibtex" / "AI-26-Electre-Tri.bib"))


@pytest.fixture(scope="module")
def wos_bib(corpora: Path) -> list[Paper | Reject]:
    return list(read_bibtex(corpora / "valdecy-bibtex" / "wos-A.bib"))


def test_scopus_dialect_counts(scopus_bib, corpora):
    text = (corpora / "valdecy-bibtex" / "AI-26-Electre-Tri.bib").read_text(encoding="utf-8-sig")
    assert count_entries(text) == 260 == len(scopus_bib)
    papers = [p for p in scopus_bib if isinstance(p, Paper)]
    assert len(papers) == 260
    # 85 entries have a field name with a no-break space (funding_text\xa01=): parsed after the repair
    assert sum("repaired" in p.extra for p in papers) == 85
    assert sum(bool(p.abstract) for p in papers) == 259
    assert sum(bool(p.doi) for p in papers) == 233
    assert sum(bool(p.references) for p in papers) == 252
    assert all(p.extra["dialect"] == "scopus" for p in papers)


def test_scopus_fields(scopus_bib):
    p = scopus_bib[0]
    assert p.title == "Multiple Criteria Hierarchy Process for ELECTRE Tri methods"
    assert [a.raw for a in p.authors] == ["Corrente, S.", "Greco, S.", "Słowiński, R."]
    assert p.doi == "10.1016/j.ejor.2015.12.053" and p.year == 2016
    assert p.venue == "European Journal of Operational Research"
    assert p.keywords[0] == "ELECTRE Tri" and "Decision problems" in p.extra["index_keywords"]
    assert p.citation_count == 57
    assert p.references[0].year == 2010 and p.references[0].raw.startswith("Almeida Dias, J.")
    assert p.provenance[0].line == 2 and p.provenance[0].format == "bibtex"


def test_wos_dialect_counts_and_the_escaped_brace_entry(wos_bib, corpora):
    path = corpora / "valdecy-bibtex" / "wos-A.bib"
    assert count_entries(path.read_text(encoding="utf-8-sig")) == 236 == len(wos_bib)
    papers = [p for p in wos_bib if isinstance(p, Paper)]
    assert len(papers) == 236
    # record 147 ends its cited references with "DOI 10.1002/(SICI)...:4\{.}}": the backslash-escaped brace is
    # a literal '{' (bibtexparser 2, like LaTeX), so the field closes at '}}' and the whole entry is read
    # (its Number-of-Cited-References = {{19}} agrees)
    odd = wos_bib[146]
    assert (odd.provenance[0].record, odd.provenance[0].line) == (147, 16303)
    assert odd.extra["wos_id"] == "WOS:000380468600005" and odd.citation_count == 2
    assert len(odd.references) == 19 and odd.references[-1].raw.endswith("1099-1360(199907)8:4{")
    assert sum(bool(p.doi) for p in papers) == 198
    assert all(p.extra["dialect"] == "wos" for p in papers)


def test_wos_dialect_fields_and_in_set_links(wos_bib):
    papers = [p for p in wos_bib if isinstance(p, Paper)]
    p = papers[0]
    assert p.title == "ELECTRE-SCORE : A first outranking based method for scoring actions"
    assert p.date.iso() == "2022-03-16"
    assert p.keywords[:2] == ["Multiple criteria analysis", "ELECTRE methods"]
    assert "WEIGHTS" in p.extra["keywords_plus"] and p.extra["wos_id"] == "WOS:000719584000015"
    assert [a.orcid for a in p.authors] == [None, "0000-0001-8293-8227", None]
    assert p.references[0].doi == "10.1016/j.artint.2008.11.006"
    assert p.references[1].raw.startswith("[Anonymous], 2000")  # {[} unescaped
    ids = {i: q for q in papers for i in q.all_ids()}
    links = sum(1 for q in papers for r in q.references if r.doi and ids.get(f"doi:{r.doi}") not in (None, q))
    assert links >= 1200  # PROVENANCE.md: about 1,217 by DOI


def test_quirks_file():
    path = DATA / "bib_quirks.bib"
    items = list(read_bibtex(path))
    assert [type(i).__name__ for i in items] == ["Paper", "Reject", "Reject", "Paper"]
    good = items[0]
    assert good.title == "A BibTeX test with áccents"
    assert [a.name for a in good.authors] == ["Hans Müller", "Ana García", "John Smith"]
    assert good.venue == "European Journal of Operational Research"  # @string macro
    assert good.doi == "10.1000/good" and good.date.iso() == "2020-03"
    assert [r.doi for r in good.references] == [None, "10.1000/ref2"]
    assert items[1].field == "title" and items[1].line == 17 and items[1].record == 2
    assert items[2].line == 23 and items[2].record == 3
    wos = items[3]
    assert wos.extra["dialect"] == "wos" and wos.citation_count == 5
    assert wos.authors[0].orcid == "0000-0002-1825-0097"


def test_not_bibtex_raises(tmp_path):
    f = tmp_path / "x.bib"
    f.write_text("no entries here\n")
    with pytest.raises(ParseError, match="no BibTeX entry"):
        list(read_bibtex(f))


def test_detection(corpora):
    assert detect_format(corpora / "valdecy-bibtex" / "wos-A.bib") == "bibtex"
    assert detect_format(DATA / "bib_quirks.bib") == "bibtex"


def test_macros_duplicates_escapes_and_reasons(tmp_path):
    f = tmp_path / "x.bib"
    f.write_text(
        '@STRING{proc = {Proc. of } # "Tests"}\n'
        "@Article{dup1,\n  Title = {First {\\v{S}}koda ``quoted''},\n  title = {Second},\n"
        "  booktitle = proc # { 2020},\n  month = feb,\n  year = 2020,\n"
        "  references = {{*}OECD, 2005, Manual; Wa\\l{}\\k{e}sa, L., Talk (1990) \\best X}\n}\n"
        "@article{nomacro,\n  title = {T},\n  journal = undefinedmacro\n}\n"
        "@ article {spaced, title = \"Spaced {\\'e}t{\\'e}\"}\n"
        "@article{nocomma title = {T}}\n",
        encoding="utf-8",
    )
    items = list(read_bibtex(f))
    assert [type(i).__name__ for i in items] == ["Paper", "Reject", "Paper", "Reject"]
    dup, undefined, spaced, broken = items
    assert dup.title == "First Škoda \u201cquoted\u201d" and dup.extra["duplicate_fields"] == ["title"]
    assert dup.venue == "Proc. of Tests 2020" and dup.date.iso() == "2020-02"
    assert [r.raw for r in dup.references] == ["*OECD, 2005, Manual", "Wałęsa, L., Talk (1990) \\best X"]
    assert undefined.field == "journal" and "undefinedmacro" in undefined.reason and undefined.line == 10
    assert spaced.title == "Spaced été" and spaced.extra["bibtex_key"] == "spaced"
    assert (
        broken.record == 4
        and broken.line == 15
        and "Expected" in broken.reason
        and "bibtexparser" in broken.reason
    )


def test_split_authors():
    assert split_authors("A, B and C, D AND E F") == ["A, B", "C, D", "E F"]
    assert split_authors("") == []
