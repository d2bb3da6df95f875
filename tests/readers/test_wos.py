"""Web of Science reader: tab-delimited (wos-javeriana-cali) and plain-text (bibx-exports) exports."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from scholargraph.errors import ParseError
from scholargraph.model import Paper, Reject
from scholargraph.readers import detect_format, read
from scholargraph.readers.wos import parse_cited_reference, parse_wos_date, read_wos

pytestmark = pytest.mark.shared  # reads ../shared/corpora (the quirk-file tests do not)

DATA = Path(__file__).resolve().parent.parent / "data" / "readers_exports"

WOS_FILES = {  # file -> records in it (PROVENANCE.md: 6,025 records, one chunk missing)
    "wos_1_500.txt.gz": 500,
    "wos_501_1000.txt.gz": 500,
    "wos_1001_1500.txt.gz": 500,
    "wos_1501_2000.txt.gz": 500,
    "wos_2001_2500.txt.gz": 500,
    "wos_2501_3000.txt.gz": 500,
    "wos_3001_3500.txt.gz": 500,
    "wos_3501_4000.txt.gz": 500,
    "wos_4001_4500.txt.gz": 500,
    "wos_4501_5000.txt.gz": 500,
    "wos_5001_5500.txt.gz": 500,
    "wos_5501_6000.txt.gz": 500,
    "wos_6500_6525.txt.gz": 25,
}


@pytest.fixture(scope="module")
def wos_paths(corpora: Path) -> list[Path]:
    return [corpora / "wos-javeriana-cali" / name for name in WOS_FILES]


@pytest.fixture(scope="module")
def wos_items(wos_paths: list[Path]) -> dict[str, list[Paper | Reject]]:
    return {p.name: list(read_wos(p)) for p in wos_paths}


@pytest.fixture(scope="module")
def wos_papers(wos_items: dict[str, list[Paper | Reject]]) -> list[Paper]:
    return [i for items in wos_items.values() for i in items if isinstance(i, Paper)]


def test_every_record_accounted_for(wos_items):
    for name, items in wos_items.items():
        assert len(items) == WOS_FILES[name], name
        assert all(isinstance(i, Paper) for i in items), [str(i) for i in items if isinstance(i, Reject)]
        assert [i.provenance[0].record for i in items] == list(range(1, WOS_FILES[name] + 1))


def test_field_coverage_matches_provenance_counts(wos_papers):
    # the numbers PROVENANCE.md measured independently of this reader
    assert len(wos_papers) == 6025
    assert len({p.extra["wos_id"] for p in wos_papers}) == 6025
    assert sum(bool(p.abstract) for p in wos_papers) == 4980
    assert sum(bool(p.doi) for p in wos_papers) == 4925
    assert sum(bool(p.references) for p in wos_papers) == 5349
    types = Counter(p.doc_type for p in wos_papers)
    assert types["Article"] == 4443 and types["Meeting Abstract"] == 633 and types["Review"] == 465
    langs = Counter(p.language for p in wos_papers)
    assert langs["English"] == 4605 and langs["Spanish"] == 1391
    years = [p.year for p in wos_papers if p.date and "date_source" not in p.extra]
    assert len(years) == 6025 - 55 and min(years) == 2001 and max(years) == 2022


def test_hyperauthorship_and_orcids(wos_items, wos_papers):
    biggest = max(len(p.authors) for p in wos_items["wos_6500_6525.txt.gz"])
    assert biggest == 1164
    by_ut = {p.extra["wos_id"]: p for p in wos_papers}
    p = by_ut["WOS:000390965300055"]
    orcids = {a.raw: a.orcid for a in p.authors}
    # OI lists "Vuelvas, Jose" and RI "Vuelvas, José": the ORCID lands on the AF name "Vuelvas, Jose"
    assert orcids == {"Vuelvas, Jose": "0000-0002-3836-7022", "Ruiz, Fredy": "0000-0003-2276-3722"}
    assert p.extra["authors_short"] == ["Vuelvas, J", "Ruiz, F"]
    assert p.date is not None and (p.date.year, p.date.month, p.date.precision) == (2017, 2, "month")
    assert (
        p.keywords and p.extra["keywords_plus"] and p.categories == ["Engineering, Electrical & Electronic"]
    )
    assert sum(a.orcid is not None for q in wos_papers for a in q.authors) > 5000


def test_dates_have_the_precision_the_source_gives(wos_papers):
    prec = Counter(p.date.precision for p in wos_papers if p.date)
    assert prec["day"] > 500 and prec["month"] > 2000 and prec["year"] > 1000
    for p in wos_papers:
        if p.date and p.date.precision == "day":
            assert p.date.month and p.date.day


def test_references_resolve_inside_the_set(wos_paths):
    corpus = read(wos_paths)
    for stats in corpus.files:
        assert stats.records == WOS_FILES[Path(stats.file).name]
        assert stats.rejects == 0 and stats.balanced
    ids = corpus.by_id()
    links = 0
    for p in corpus.papers:
        for r in p.references:
            target = ids.get(f"doi:{r.doi}") if r.doi else None
            if target is not None and target is not p:
                links += 1
    assert links >= 3800


def test_detected_as_wos(wos_paths, corpora):
    assert detect_format(wos_paths[0]) == "wos"
    assert detect_format(corpora / "bibx-exports" / "bit-pattern-savedrecs.txt") == "wos"


def test_plain_text_export(corpora):
    items = list(read_wos(corpora / "bibx-exports" / "bit-pattern-savedrecs.txt"))
    assert len(items) == 500 and all(isinstance(i, Paper) for i in items)
    assert sum(bool(p.abstract) for p in items) == 497
    assert sum(bool(p.doi) for p in items) == 486
    assert all(p.references for p in items)
    ids = {i: p for p in items for i in p.all_ids()}
    links = sum(1 for p in items for r in p.references if r.doi and ids.get(f"doi:{r.doi}") not in (None, p))
    assert links == 860  # PROVENANCE.md: 860 in-set citation edges


def test_single_article(corpora):
    (p,) = list(read_wos(corpora / "bibx-exports" / "single-article.txt"))
    assert p.title == "Structural control of ultra-fine CoPt nanodot arrays via electrodeposition process"
    assert p.keywords == [
        "Electrodeposition",
        "Structural control",
        "Nanodot array",
        "Bit-patterned media",
        "CoPt alloy",
    ]
    assert [a.raw for a in p.authors] == [
        "Wodarz, Siggi",
        "Hasegawa, Takashi",
        "Ishio, Shunji",
        "Homma, Takayuki",
    ]
    assert [a.orcid for a in p.authors] == [None, "0000-0002-8178-4980", None, None]
    assert p.references[0].doi == "10.1109/tmag.2012.2227303" and p.references[0].year == 2013
    assert p.abstract.startswith("CoPt nanodot arrays") and p.provenance[0].line is not None


def test_plain_quirks_become_rejects_or_papers():
    path = DATA / "wos_plain_quirks.txt"
    items = list(read_wos(path))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Paper", "Reject", "Reject", "Paper", "Paper"]
    first = items[0]
    assert first.title == "A first test record with a wrapped title"
    assert first.doi == "10.1000/first" and first.citation_count == 7
    assert first.date.iso() == "2020-03-15"
    assert first.keywords == ["testing", "wrapped keyword", "parsers"]
    assert [r.doi for r in first.references] == ["10.1000/abc", None, "10.1000/xyz"]
    assert first.authors[1].orcid == "0000-0002-1825-0097"
    no_title, stray = items[1], items[2]
    assert (no_title.field, no_title.record, no_title.line, no_title.file) == ("TI", 2, 28, str(path))
    assert stray.record == 3 and stray.line == 35 and "outside a record" in stray.reason
    assert items[3].title == "Record without an ER line" and items[4].date.precision == "year"


def test_tab_quirks():
    items = list(read_wos(DATA / "wos_tab_quirks.txt"))
    assert [type(i).__name__ for i in items] == ["Paper", "Reject", "Reject", "Paper"]
    assert items[0].date.iso() == "2021-11-25" and items[0].authors[1].orcid == "0000-0002-1825-0097"
    assert items[1].field == "TI" and items[1].line == 3
    assert "8 tab-separated fields" in items[2].reason and items[2].line == 4
    assert items[3].title == 'Tabbed record four "with a stray quote'  # QUOTE_NONE: quotes are text


def test_unreadable_files_raise_parse_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(ParseError, match="empty"):
        list(read_wos(empty))
    other = tmp_path / "other.txt"
    other.write_text("just some prose\nand more\n")
    with pytest.raises(ParseError, match="line 1") as err:
        list(read_wos(other))
    assert "Web of Science" in str(err.value)
    no_ti = tmp_path / "noti.txt"
    no_ti.write_text("PT\tAU\tUT\nJ\tX\tWOS:1\n")
    with pytest.raises(ParseError, match="no TI"):
        list(read_wos(no_ti))


@pytest.mark.parametrize(
    ("raw", "doi", "year"),
    [
        ("Altman D., 2002, DEMOCRATIZATION, V9, P85, DOI DOI 10.1080/714000256", "10.1080/714000256", 2002),
        (
            "X Y, 2017, MED, V96, DOI [10.1097/MD.0000000000006157, 10.1097/md.1]",
            "10.1097/md.0000000000006157",
            2017,
        ),
        ("[Anonymous], 1993, LAW 80", None, 1993),
        (
            "Bana E, 1994, INT T OPER RES, V1, P489, DOI 10.1016/0969-6016(94)90010-8.",
            "10.1016/0969-6016(94)90010-8",
            1994,
        ),
        ("Behrend J, ILLIBERAL PRACTICES", None, None),
    ],
)
def test_cited_reference_parsing(raw, doi, year):
    ref = parse_cited_reference(raw)
    assert ref.raw.startswith(raw[:20])
    assert ref.doi == doi
    assert ref.year == year


def test_wos_dates():
    assert parse_wos_date("2020", "NOV 25").precision == "day"
    assert parse_wos_date("2020", "MAY").iso() == "2020-05"
    assert parse_wos_date("2020", "SPR").iso() == "2020"
    assert parse_wos_date("", "MAY 2022").iso() == "2022-05"
    assert parse_wos_date(None, None) is None


def _raw_cited_items(path: Path):
    """(UT, cited-reference items) of every record of a tab-delimited file: stdlib only, split on '; '."""
    import gzip

    with gzip.open(path, "rt", encoding="utf-8-sig") as f:
        header = f.readline().rstrip("\r\n").split("\t")
        ut, cr = header.index("UT"), header.index("CR")
        for line in f:
            cells = line.rstrip("\r\n").split("\t")
            if len(cells) > cr:
                yield cells[ut], [x.strip() for x in cells[cr].split("; ") if x.strip()]


def test_cited_references_are_split_on_semicolon_space_and_placeholders_are_not_works(wos_paths, wos_papers):
    """Issue 12: the CR field is '; '-separated; a ';' inside an item (SICI DOIs) belongs to it. Items naming
    no work (placeholders, fragments: nothing with two letters once [..] / **..** markers and years are gone,
    and no DOI) are counted, not made references."""
    import re

    by_ut = {p.extra["wos_id"]: p for p in wos_papers}
    marker = re.compile(r"\[(?:Anonymous|No title captured)\]|\*\*[A-Z -]+\*\*|\b\d{4}\b", re.I)
    items = junk = sici = 0
    for path in wos_paths:
        for ut, raw in _raw_cited_items(path):
            p = by_ut[ut]
            bad = [x for x in raw if "DOI" not in x and not re.search(r"[A-Za-z]{2}", marker.sub("", x))]
            assert len(p.references) == len(raw) - len(bad), ut
            assert p.extra.get("unresolvable_references", 0) == len(bad), ut
            items += len(raw)
            junk += len(bad)
            sici += sum(";" in x for x in raw if x not in bad)
    assert items == 245_047 - 0 and junk == 418  # all '; '-separated items of the 13 files
    refs = [r for p in wos_papers for r in p.references]
    assert len(refs) == items - junk
    # the ';' items are whole references (SICI DOIs), none is cut into a fragment
    assert sum(";" in r.raw for r in refs) == sici > 1000
    assert sum(r.doi is not None and ";" in r.doi for r in refs) > 1000
    assert not [r.raw for r in refs if not re.search(r"[A-Za-z]{2}", r.raw)]


def _trim(doi: str) -> str:
    """Without trailing full stops and unbalanced closing brackets."""
    pairs = {")": "(", ">": "<", "]": "["}
    while doi and (doi[-1] == "." or (doi[-1] in pairs and doi.count(doi[-1]) > doi.count(pairs[doi[-1]]))):
        doi = doi[:-1]
    return doi


def test_every_doi_of_a_doi_list_is_kept(wos_papers):
    import html
    import re

    checked = 0
    for p in wos_papers:
        for r in p.references:
            m = re.search(r"\bDOI (?:DOI )?\[(.*)\]$", r.raw)
            if not m:
                continue
            # a DOI ends at a space, except a line-break space after '/', '-' or '.'
            parts = [re.sub(r"(?<=[/.-])\s+", "", re.sub(r"^(DOI )+", "", d)) for d in m.group(1).split(", ")]
            # some items carry HTML entities ('&lt;' in SICI DOIs, a stray '&gt' at the end)
            raw_dois = {_trim(html.unescape(d.split(" ")[0])).lower() for d in parts}
            raw_dois = {d for d in raw_dois if re.match(r"10\.\d{4,9}/\S+$", d)}
            # (a list ending '...299[]' is ambiguous: compare without trailing brackets)
            project = {d.rstrip("[]") for d in (r.doi, *r.alt_dois) if d}
            assert project == {d.rstrip("[]") for d in raw_dois}, r.raw
            checked += 1
    assert checked > 4000  # PROVENANCE.md: DOIs "sometimes appear as DOI [10.x, 10.y] lists"


def test_plain_text_export_keeps_one_cited_reference_per_line(corpora):
    """The tagged export writes each cited reference on its own line (CR, then 3-space continuation lines):
    counted here from the raw file, every line is one reference or one counted placeholder."""
    path = corpora / "bibx-exports" / "bit-pattern-savedrecs.txt"
    lines_per_record, current, in_cr = [], 0, False
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.startswith("CR "):
            in_cr, current = True, current + 1
        elif line.startswith("   ") and in_cr:
            current += 1
        elif line[:2].strip():
            in_cr = False
            if line.startswith("ER"):
                lines_per_record.append(current)
                current = 0
    items = [i for i in read_wos(path) if isinstance(i, Paper)]
    assert len(items) == len(lines_per_record) == 500
    got = [len(p.references) + p.extra.get("unresolvable_references", 0) for p in items]
    assert got == lines_per_record
