"""scripts/wos_convert.py: WoS tab export -> WoS plain text (metaknowledge) and Scopus-style CSV (litstudy).

Oracles: counts taken in the test from the raw gzip file with a few lines of stdlib parsing, and the plain-text
output read back by scholargraph's own WoS reader (its plain-text path, not the tab path the converter mirrors)
compared with the same records read from the tab file.
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

import pytest

from scholargraph.readers.wos import read_wos

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import wos_convert  # noqa: E402

FILE = "wos_6500_6525.txt.gz"  # 25 hyper-authored records, long AF and CR fields


@pytest.fixture(scope="module")
def converted(corpora, tmp_path_factory):
    src = corpora / "wos-javeriana-cali" / FILE
    return src, wos_convert.convert([src], tmp_path_factory.mktemp("conv"))


def _raw_rows(src: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with gzip.open(src, "rt", encoding="utf-8-sig", newline="") as fh:
        lines = [ln.rstrip("\r\n").split("\t") for ln in fh]
    header = lines[0]
    return [dict(zip(header, row, strict=False)) for row in lines[1:] if any(c.strip() for c in row)]


def test_plain_text_has_every_record_author_and_reference(converted):
    src, out = converted
    raw = _raw_rows(src)
    assert out["records"] == len(raw) == 25
    text = Path(out["wos_plain"]).read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    assert lines[:2] == ["FN Clarivate Analytics Web of Science", "VR 1.0"] and lines[-2:] == ["EF", ""]
    assert sum(ln == "ER" for ln in lines) == 25
    # one line per author and per cited reference, as WoS writes the plain-text export
    records = text.split("\nER\n")[:-1]
    for rec, row in zip(records, raw, strict=True):
        tags, last = {}, None
        for ln in rec.strip("\n").split("\n"):
            if ln.startswith("   "):
                tags[last].append(ln[3:])
            elif ln[:2] not in ("FN", "VR", ""):
                last = ln[:2]
                tags[last] = [ln[3:]]
        assert tags["UT"] == [row["UT"]]
        assert len(tags["AF"]) == len([a for a in row["AF"].split("; ") if a.strip()])
        assert len(tags.get("CR", [])) == len([r for r in row["CR"].split("; ") if r.strip()])
    assert out["references"] == sum(len([r for r in row["CR"].split("; ") if r.strip()]) for row in raw)


def test_plain_text_reads_back_as_the_same_papers(converted):
    src, out = converted
    from_tab = [p for p in read_wos(src)]
    from_plain = [p for p in read_wos(out["wos_plain"])]
    assert len(from_tab) == len(from_plain) == 25
    for a, b in zip(from_tab, from_plain, strict=True):
        assert (a.title, a.doi, a.year, a.venue) == (b.title, b.doi, b.year, b.venue)
        assert [x.raw for x in a.authors] == [x.raw for x in b.authors]
        assert [r.raw for r in a.references] == [r.raw for r in b.references]


def test_scopus_csv_keeps_authors_and_references(converted):
    src, out = converted
    raw = _raw_rows(src)
    with open(out["scopus_csv"], encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 25
    for row, r in zip(rows, raw, strict=True):
        assert row["EID"] == r["UT"] and row["Title"] == " ".join(r["TI"].split())
        assert row["Authors with affiliations"].split("; ") == [
            " ".join(a.split()) for a in r["AF"].split("; ")
        ]
        assert row["References"].split("; ") == [
            " ".join(c.split()) for c in r["CR"].split("; ") if c.strip()
        ]


def test_sici_doi_stays_whole():
    rec = {
        "UT": "WOS:1",
        "TI": "T",
        "CR": "Schnell AH, 2000, AM J MED GENET, DOI 10.1002/(SICI)1096;2-N; X Y, 2001, Z",
    }
    assert "".join(wos_convert.plain_lines(rec)).splitlines()[2:4] == [
        "CR Schnell AH, 2000, AM J MED GENET, DOI 10.1002/(SICI)1096;2-N",
        "   X Y, 2001, Z",
    ]


def test_conversion_is_cached_and_broken_rows_are_named(tmp_path, corpora):
    src = corpora / "wos-javeriana-cali" / FILE
    first = wos_convert.convert([src], tmp_path)
    stamp = Path(first["wos_plain"]).stat().st_mtime_ns
    assert wos_convert.convert([src], tmp_path) == first
    assert Path(first["wos_plain"]).stat().st_mtime_ns == stamp
    bad = tmp_path / "bad.txt"
    bad.write_text("PT\tTI\tUT\nJ\tA title\tWOS:1\nJ\tonly two\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.txt, line 3: 2 fields, the header has 3"):
        list(wos_convert.read_tab([bad]))
