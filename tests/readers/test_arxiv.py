"""The arXiv Atom reader on the recorded arXiv API responses (raw XML and JSON-wrapped)."""

from __future__ import annotations

import pytest

from scholargraph.errors import ParseError
from scholargraph.model import Paper, PaperDate, Reject
from scholargraph.readers import detect_format, read
from scholargraph.readers.arxiv import read_arxiv

# <entry> elements per file, counted in the raw XML (PROVENANCE.md: 222 in all; the error feed's one entry
# describes the error and becomes a Reject)
ENTRIES = {
    "id_0000.0000": 0,
    "id_0808.05394_1707.08567": 1,
    "id_0808.05394_s0": 0,
    "id_1605.08386": 1,
    "id_1707.08567": 1,
    "id_2104.12255v1": 1,
    "id_abc": 1,
    "id_astro-ph_0601001": 1,
    "id_quant-ph_0201082v1": 1,
    "q_testing_s0_m100": 100,
    "q_testing_s0_m10_": 10,
    "q_testing_s0_m15": 15,
    "q_testing_s10_m10": 10,
    "q_testing_s20_m10": 10,
    "q_testing_s30_m10": 10,
    "q_testing_s40_m10": 10,
    "q_testing_s50_m10": 10,
    "q_testing_s5_m10": 10,
    "q_testing_s5_m15": 15,
    "q_testing_s9_m15": 15,
}


@pytest.fixture(scope="module")
def xml_dir(corpora):
    return corpora / "arxiv-api" / "xml"


def one(folder, prefix, ext="xml"):
    (path,) = [p for p in folder.glob(f"{prefix}*.{ext}")]
    return path


def test_entry_counts_per_file(xml_dir):
    files = sorted(xml_dir.glob("*.xml"))
    assert len(files) == 20
    total = 0
    for prefix, n in ENTRIES.items():
        path = one(xml_dir, prefix)
        items = list(read_arxiv(path))
        assert len(items) == n == path.read_text().count("<entry>"), path.name
        total += n
    assert total == 222


def test_error_feed_becomes_a_reject(xml_dir):
    (rej,) = read_arxiv(one(xml_dir, "id_abc"))
    assert isinstance(rej, Reject)
    assert rej.field == "id" and rej.record == 1 and rej.line == 9
    assert "incorrect id format for abc" in rej.reason


def test_fields_of_one_entry(xml_dir):
    (p,) = read_arxiv(one(xml_dir, "id_astro-ph_0601001"))
    assert p.id == "arxiv:astro-ph/0601001" and p.arxiv_id == "astro-ph/0601001"
    assert p.extra["arxiv_version"] == 1
    assert p.title.startswith("Frequency of Hot Jupiters and Very Hot Jupiters")
    assert "\n" not in p.title and "\n" not in p.abstract and "  " not in p.abstract
    assert [a.name for a in p.authors] == [
        "Andrew Gould",
        "Susan Dorsher",
        "B. Scott Gaudi",
        "Andrzej Udalski",
    ]
    assert [a.affiliation for a in p.authors] == [
        "Ohio State",
        "Ohio State",
        "CfA",
        "Warsaw University Observatory",
    ]
    assert p.date == PaperDate(2006, 1, 2, "day")
    assert p.categories == ["astro-ph"] and p.extra["primary_category"] == "astro-ph"
    assert p.extra["journal_ref"] == "ActaAstron.56:1-50,2006"
    assert p.url == "https://arxiv.org/abs/astro-ph/0601001v1"


def test_versions_dois_and_journal_refs_of_the_search_page(xml_dir):
    papers = list(read_arxiv(one(xml_dir, "q_testing_s0_m100")))
    assert all(isinstance(p, Paper) for p in papers) and len({p.id for p in papers}) == 100
    assert sum(bool(p.doi) for p in papers) == 32
    assert sum("journal_ref" in p.extra for p in papers) == 18
    assert max(p.extra["arxiv_version"] for p in papers) == 9
    assert all(p.arxiv_id and "v" not in p.arxiv_id.split(".")[-1] for p in papers)
    with_doi = [p for p in papers if p.doi]
    assert all(p.id == f"doi:{p.doi}" for p in with_doi)
    assert "10.1109/icstw55395.2022.00035" in {p.doi for p in with_doi}
    for p in papers:
        assert p.date.precision == "day" and p.extra["updated"] >= p.date.iso()


def test_id_given_with_version(xml_dir):
    (p,) = read_arxiv(one(xml_dir, "id_2104.12255v1"))
    assert (p.arxiv_id, p.extra["arxiv_version"], p.title) == ("2104.12255", 1, "0")


def test_json_wrapped_responses_give_the_same_papers(corpora, xml_dir):
    jdir = corpora / "arxiv-api" / "fixtures-json"
    for prefix in ("q_testing_s0_m15", "id_quant-ph_0201082v1", "id_abc"):
        a = list(read_arxiv(one(xml_dir, prefix)))
        b = list(read_arxiv(one(jdir, prefix, "json")))
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            assert type(x) is type(y)
            if isinstance(x, Paper):
                assert (x.id, x.title, x.abstract, x.date, x.authors) == (
                    y.id,
                    y.title,
                    y.abstract,
                    y.date,
                    y.authors,
                )
    assert detect_format(one(jdir, "id_abc", "json")) == "arxiv"


def test_overlapping_pages_merge(xml_dir):
    files = sorted(xml_dir.glob("q_testing_*.xml"))
    corpus = read(files)
    assert all(s.balanced for s in corpus.files)
    assert sum(s.records for s in corpus.files) == 215
    assert (
        len(corpus) == len({p.arxiv_id for p in corpus}) == 100
    )  # every smaller page lies within the 100-page
    assert {m.rule for m in corpus.merges} <= {"arxiv", "doi"}
    assert len(corpus) + len(corpus.merges) == 215


def test_damaged_xml_is_a_parse_error_with_a_line(tmp_path, xml_dir):
    text = one(xml_dir, "id_1605.08386").read_text()
    bad = tmp_path / "cut.xml"
    bad.write_text(text[: len(text) // 2])
    with pytest.raises(ParseError) as err:
        list(read_arxiv(bad))
    assert err.value.file == str(bad) and err.value.line is not None


def test_entry_without_title_is_rejected(tmp_path, xml_dir):
    text = one(xml_dir, "id_1605.08386").read_text()
    start, end = text.index("<title>Heat"), text.index("</title>", text.index("<title>Heat")) + 8
    f = tmp_path / "notitle.xml"
    f.write_text(text[:start] + text[end:])
    (rej,) = read_arxiv(f)
    assert isinstance(rej, Reject) and rej.field == "title" and rej.record == 1
