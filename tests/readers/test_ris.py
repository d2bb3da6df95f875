"""RIS reader: Scopus RIS (bibx-exports), IEEE-flavoured RIS (litstudy) and a file of quirks."""

from __future__ import annotations

from pathlib import Path

import pytest

from scholargraph.errors import ParseError
from scholargraph.model import Paper
from scholargraph.readers import detect_format
from scholargraph.readers.ris import parse_ris_date, read_ris

pytestmark = pytest.mark.shared  # reads ../shared/corpora (the quirk-file tests do not)

DATA = Path(__file__).resolve().parent.parent / "data" / "readers_exports"


def test_scopus_ris(corpora):
    path = corpora / "bibx-exports" / "scopus.ris"
    items = list(read_ris(path))
    assert len(items) == 836 and all(isinstance(i, Paper) for i in items)
    assert [i.provenance[0].record for i in items] == list(range(1, 837))
    assert sum(bool(p.doi) for p in items) == 771
    assert not any(p.abstract for p in items)  # PROVENANCE.md: this export has no AB field
    assert sum(bool(p.references) for p in items) > 700
    first = items[0]
    assert first.title.startswith("FORC signatures and switching-field distributions")
    assert (
        first.doi == "10.1063/5.0020407"
        and first.year == 2020
        and first.venue == "Journal of Applied Physics"
    )
    assert [a.raw for a in first.authors[:3]] == ["Pierrot, A.", "Béron, F.", "Blon, T."]
    assert first.references[0].raw == "Mayergoyz, I.D., (1986) Phys. Rev. Lett., 56, p. 1518"
    assert first.references[0].year == 1986
    assert any(r.doi == "10.1002/2014rg000462" for r in first.references)
    assert first.doc_type == "Article" and "Export Date: 15 October 2020" in first.extra["notes"]
    assert detect_format(path) == "ris"


def test_litstudy_ris(corpora):
    items = list(read_ris(corpora / "litstudy-exports" / "tests-resources" / "example.ris"))
    assert len(items) == 25 and all(isinstance(i, Paper) for i in items)
    assert all(p.abstract for p in items)
    p = items[0]
    assert p.title == "The European Approach to the Exascale Challenge"
    assert [a.name for a in p.authors] == ["G. Kalbe"]  # IEEE repeats each AU line; exact repeats dropped
    assert p.keywords[:2] == ["Exascale computing", "Industries"] and p.extra["issn"] == "1558-366X"
    assert p.venue == "Computing in Science & Engineering" and p.year == 2019
    (one,) = list(read_ris(corpora / "litstudy-exports" / "notebooks-data" / "exclude.ris"))
    assert one.title == "Integral image computation on GPU"


def test_quirks_file():
    path = DATA / "ris_quirks.ris"
    items = list(read_ris(path))
    assert [type(i).__name__ for i in items] == ["Paper", "Reject", "Reject", "Paper", "Paper"]
    first = items[0]
    assert first.date.iso() == "2020-05-12" and first.doi == "10.1000/ris1"
    assert [r.doi for r in first.references] == [None, "10.1000/ref2"]
    assert (items[1].field, items[1].record, items[1].line, items[1].file) == ("TI", 2, 15, str(path))
    assert "outside a record" in items[2].reason and items[2].line == 19
    assert items[3].title == "Record without an ER line" and "warning" in items[3].extra  # CR-only lines
    assert items[4].title == "Last record"


def test_no_tags_raises(tmp_path):
    f = tmp_path / "x.ris"
    f.write_text("hello\nworld\n")
    with pytest.raises(ParseError, match="no RIS tag line"):
        list(read_ris(f))


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2020", "2020", "year"),
        ("2020/05", "2020-05", "month"),
        ("2020/05/12/x", "2020-05-12", "day"),
        ("2020///", "2020", "year"),
        ("1 Jan.-Feb. 2019", "2019", "year"),
        ("2020/13/01", "2020", "year"),
    ],
)
def test_ris_dates(text, iso, precision):
    d = parse_ris_date(text)
    assert d.iso() == iso and d.precision == precision
