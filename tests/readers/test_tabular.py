"""Tabular readers: Scopus, IEEE and Springer CSV exports, generic CSV and JSONL with a mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from scholargraph.errors import ConfigError, ParseError
from scholargraph.model import Paper
from scholargraph.readers import detect_format, read
from scholargraph.readers.tabular import (
    read_csv,
    read_ieee_csv,
    read_jsonl,
    read_scopus_csv,
    read_springer_csv,
    split_concatenated_names,
)

pytestmark = pytest.mark.shared  # reads ../shared/corpora (the quirk-file tests do not)

DATA = Path(__file__).resolve().parent.parent / "data" / "readers_exports"


def test_scopus_csv_bibx(corpora):
    path = corpora / "bibx-exports" / "scopus.csv"
    items = list(read_scopus_csv(path))
    assert len(items) == 581 and all(isinstance(i, Paper) for i in items)
    assert all(p.abstract for p in items)
    assert sum(bool(p.references) for p in items) == 571
    years = [p.year for p in items]
    assert min(years) == 1978 and max(years) == 2025
    p = items[0]
    assert p.title.startswith("Optimizing skyrmionium movement")
    assert [a.raw for a in p.authors[:2]] == ["Gong, Bin", "Wang, Luowen"]
    assert p.extra["scopus_author_ids"][0] == "57321683800" and p.extra["eid"] == "2-s2.0-85183479140"
    assert p.doi == "10.1039/d3cp05340g" and p.venue == "Physical Chemistry Chemical Physics"
    assert p.references[0].raw.startswith("Kang W., Huang Y.") and p.references[0].year == 2016
    assert "Hall effect" in p.extra["index_keywords"] and p.citation_count == 0
    assert detect_format(path) == "scopus-csv"


def test_scopus_csv_litstudy_extra_funding_cells(corpora):
    # 56 of 58 rows carry more cells than the header (one per extra funding text); none may be lost
    items = list(read_scopus_csv(corpora / "litstudy-exports" / "tests-resources" / "scopus.csv"))
    assert len(items) == 58 and all(isinstance(i, Paper) for i in items)
    assert all(p.extra["eid"].startswith("2-s2.0-") for p in items)
    # '[No abstract available]' is not an abstract
    assert [p.provenance[0].record for p in items if not p.abstract] == [33]
    # PROVENANCE.md says 3 rows have References: that count read the shifted cells; aligned, 48 have them
    assert sum(bool(p.references) for p in items) == 48
    shifted = items[2]
    assert shifted.references[0].raw.startswith("Edelstein-Keshet, L., (2005)")
    assert shifted.language == "English" and shifted.doc_type == "Article"
    p = items[0]
    assert p.title == "Scalable molecular dynamics with NAMD" and p.citation_count == 13169
    assert [a.name for a in p.authors[:2]] == ["J.C. Phillips", "R. Braun"]  # 'Phillips J.C., Braun R.'
    assert p.authors[-2].family == "Kalé"


def test_ieee_csv(corpora):
    paths = sorted((corpora / "litstudy-exports" / "notebooks-data").glob("ieee_*.csv"))
    counts = [len(list(read_ieee_csv(p))) for p in paths]
    assert counts == [100, 100, 100, 100, 41] and sum(counts) + 10 == 451
    items = list(read_ieee_csv(corpora / "litstudy-exports" / "tests-resources" / "ieee.csv"))
    assert len(items) == 10 and all(isinstance(i, Paper) for i in items)
    p = items[0]
    assert p.title.startswith("Exascale Computing Trends") and [a.name for a in p.authors] == [
        "P. Kogge",
        "J. Shalf",
    ]
    assert p.year == 2013 and p.venue == "Computing in Science & Engineering" and p.doi
    assert all(detect_format(x) == "ieee-csv" for x in paths)


def test_springer_csv(corpora):
    items = list(read_springer_csv(corpora / "litstudy-exports" / "notebooks-data" / "springer.csv"))
    assert len(items) == 1000 and all(isinstance(i, Paper) for i in items)
    assert all(p.doi for p in items)
    p = items[0]
    assert [a.name for a in p.authors] == ["Vivek K. Pallipuram", "Mohammad Bhuiyan", "Melissa C. Smith"]
    assert p.extra["authors_raw"] == "Vivek K. PallipuramMohammad BhuiyanMelissa C. Smith"
    assert p.doc_type == "Article" and p.year == 2012
    small = list(read_springer_csv(corpora / "litstudy-exports" / "tests-resources" / "springer.csv"))
    assert len(small) == 18


def test_split_concatenated_names():
    assert split_concatenated_names("V. A. BakhtinV. A. KryukovE. V. Shil’nikov") == [
        "V. A. Bakhtin",
        "V. A. Kryukov",
        "E. V. Shil’nikov",
    ]
    assert split_concatenated_names("Ann McDonaldBob Jones") == ["Ann McDonald", "Bob Jones"]
    assert split_concatenated_names("") == []


def test_generic_csv_quirks():
    path = DATA / "generic.csv"
    items = list(read_csv(path))
    assert [type(i).__name__ for i in items] == ["Paper", "Reject", "Reject", "Paper"]
    p = items[0]
    assert [a.name for a in p.authors] == ["Jane Doe", "Richard Roe"] and p.keywords == ["one", "two"]
    assert p.doi == "10.1000/csv1" and p.venue == "Journal of Tests" and p.year == 2020
    assert [r.doi for r in p.references] == [None, "10.1000/ref2"]
    assert (items[1].field, items[1].line, items[1].record) == ("Title", 3, 2)
    assert "8 fields" in items[2].reason and items[2].line == 4
    assert items[3].title == "Last, with a comma" and items[3].provenance[0].line == 6


def test_generic_csv_mapping_and_errors(corpora, tmp_path):
    path = corpora / "litstudy-exports" / "tests-resources" / "retraction_watch.csv"
    (p,) = list(read_csv(path, mapping={"doi": "OriginalPaperDOI", "date": "OriginalPaperDate"}))
    assert p.title == "Reflections on Research Software" and p.doi == "10.4242/2024/00"
    assert p.venue == "Journal of Prominent Things" and [a.name for a in p.authors] == ["Patrick Bos"]
    with pytest.raises(ConfigError, match="OriginalPaperDOI") as err:
        list(read_csv(path, mapping={"doi": "NoSuchColumn"}))
    assert "NoSuchColumn" in str(err.value)
    with pytest.raises(ConfigError, match="allowed fields"):
        list(read_csv(path, mapping={"colour": "Title"}))
    with pytest.raises(ConfigError, match="delimiter"):
        list(read_csv(path, delimiter="ab"))
    no_title = tmp_path / "t.csv"
    no_title.write_text("name,value\na,1\n")
    with pytest.raises(ParseError, match="no title column") as err:
        list(read_csv(no_title))
    assert "name, value" in str(err.value)
    tabbed = tmp_path / "t.tsv"
    tabbed.write_text("Title\tYear\nA tab paper\t2001\n")
    (q,) = list(read_csv(tabbed))
    assert q.title == "A tab paper" and q.year == 2001
    assert detect_format(path) == "csv"


def test_generic_csv_through_read_with_mapping(corpora):
    path = corpora / "litstudy-exports" / "tests-resources" / "retraction_watch.csv"
    corpus = read(path, mapping={"doi": "OriginalPaperDOI"})
    assert corpus.papers[0].doi == "10.4242/2024/00" and corpus.files[0].format == "csv"


def test_jsonl_quirks_and_mapping():
    path = DATA / "generic.jsonl"
    items = list(read_jsonl(path))
    assert [type(i).__name__ for i in items] == ["Paper", "Reject", "Reject", "Reject", "Paper"]
    assert [a.name for a in items[0].authors] == ["Jane Doe", "Richard Roe"] and items[
        0
    ].date.iso() == "2021-03"
    assert [i.line for i in items[1:4]] == [2, 3, 5] and "not valid JSON" in items[2].reason
    assert items[4].year == 2019
    nested = list(read_jsonl(path, mapping={"title": "meta.name"}))
    assert nested[-1].title == "Nested title"
    with pytest.raises(ConfigError, match="available keys"):
        list(read_jsonl(path, mapping={"abstract": "summary_text"}))
    assert detect_format(path) == "jsonl"


def _resave(src: Path, dst: Path, delimiter: str, rows: int = 40) -> tuple[list[str], int]:
    """Re-save the first ``rows`` records of a Scopus CSV as Excel does in a European locale: UTF-8 with a BOM,
    CRLF line ends, ``delimiter`` between cells (quotes only where needed). Returns (titles, records) read with
    the stdlib, the oracle of the test."""
    import csv

    with src.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    header, body = table[0], table[1 : rows + 1]
    with dst.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\r\n").writerows([header, *body])
    title = header.index("Title")
    return [r[title] for r in body], len(body)


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_scopus_csv_resaved_with_semicolons_or_tabs_is_still_scopus(corpora, tmp_path, delimiter):
    """Excel in EU locales saves "CSV" with ';' (and users save tab-separated text): the file used to be read as
    generic CSV, which takes 'Authors' (short names) instead of 'Author full names' and loses the Scopus fields."""
    src = corpora / "bibx-exports" / "scopus.csv"
    path = tmp_path / "scopus-excel.csv"
    titles, n = _resave(src, path, delimiter)
    assert detect_format(path) == "scopus-csv"
    corpus = read(path)
    assert corpus.files[0].format == "scopus-csv" and corpus.files[0].records == n == len(corpus.papers)
    assert [p.title for p in corpus.papers] == titles
    original = {p.title: p for p in read_scopus_csv(src)}
    for p in corpus.papers:  # the same papers as from the comma-separated export, full names and all
        q = original[p.title]
        assert [a.raw for a in p.authors] == [a.raw for a in q.authors]
        assert (p.doi, p.year, p.extra["eid"], len(p.references)) == (
            q.doi,
            q.year,
            q.extra["eid"],
            len(q.references),
        )


def test_scopus_author_ids_are_the_author_identity(corpora):
    """Scopus gives one person one author id whatever the spelling ('C. Serpico' and 'Claudio Serpico' are
    23013514800 in this export): the Author nodes are exactly the export's distinct ids, and an author's papers
    are the records listing the id. Oracle: the raw file read with the csv module (papers counted by DOI, else
    title, as the one merged duplicate of the file shares its DOI)."""
    import csv
    from collections import defaultdict

    from scholargraph.graph import schema
    from scholargraph.graph.build import build_graph

    path = corpora / "bibx-exports" / "scopus.csv"
    papers_of: dict[str, set[str]] = defaultdict(set)
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            work = (row["DOI"] or row["Title"]).strip().lower()
            for sid in row["Author(s) ID"].split(";"):
                if sid.strip():
                    papers_of[sid.strip()].add(work)
    kg = build_graph(read(path), layers=["authors"])
    g = kg.graph
    authors = {n: d for n, d in g.nodes(data=True) if d.get("label") == schema.AUTHOR}
    assert {d["scopus_id"] for d in authors.values()} == set(papers_of)
    assert len(authors) == len(papers_of)
    serpico = authors["Author:scopus:23013514800"]
    assert {"C. Serpico", "Claudio Serpico"} <= set(serpico["name_variants"])
    assert serpico["name"] == "Claudio Serpico"
    for sid in sorted(papers_of, key=lambda s: -len(papers_of[s]))[:20]:
        assert g.degree(f"Author:scopus:{sid}") == len(papers_of[sid]), sid


def test_an_author_is_shown_by_the_full_name_most_of_their_papers_give(corpora):
    """Scopus spells Branislav K. Nikolic (id 7006055333) 'Nikolić, Branislavk.' in one record of nine; the node
    was named after whichever record came first. Oracle: for every id whose records give several full names
    (given names of two letters or more, 'Family, Given (id)' in 'Author full names', read with the csv module),
    the node's name is the spelling most records give, written given name first."""
    import csv
    import re
    from collections import Counter, defaultdict

    from scholargraph.graph import schema
    from scholargraph.graph.build import build_graph

    path = corpora / "bibx-exports" / "scopus.csv"
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            for part in row["Author full names"].split(";"):
                m = re.fullmatch(r"\s*(.+?), (.+?) \((\d+)\)\s*", part)
                if m and re.search(r"[^\W\d_]{2}", m.group(2)):
                    spellings[m.group(3)][f"{m.group(2)} {m.group(1)}"] += 1
    several = {
        sid: c.most_common(1)[0][0]
        for sid, c in spellings.items()
        if len(c) > 1 and c.most_common(2)[0][1] > c.most_common(2)[1][1]
    }
    assert several["7006055333"] == "Branislav K. Nikolić"
    g = build_graph(read(path), layers=["authors"]).graph
    for sid, name in several.items():
        assert g.nodes[f"{schema.AUTHOR}:scopus:{sid}"]["name"] == name, sid


def test_scopus_short_author_names_take_their_ids_only_when_they_align(tmp_path):
    header = '"Authors","Author(s) ID","Title","Year","Source title","Cited by","DOI","Link","Abstract","Document Type","Source","EID"\n'
    rows = (
        '"Serpico C.; d\'Aquino M.","23013514800;9732823500;","A","2020","J","1","","","x","Article","Scopus","e1"\n'
        '"Serpico C.; d\'Aquino M.","23013514800;","B","2021","J","1","","","x","Article","Scopus","e2"\n'
    )
    path = tmp_path / "scopus.csv"
    path.write_text(header + rows, encoding="utf-8")
    a, b = sorted(read(path).papers, key=lambda p: p.title)
    assert [x.scopus_id for x in a.authors] == ["23013514800", "9732823500"]
    assert [x.scopus_id for x in b.authors] == [None, None]  # one id for two names: which one is unknown
