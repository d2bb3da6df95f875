"""The Daily Papers listing reader on the real listing page and a small hand-written one."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from scholargraph.errors import ConfigError, ParseError
from scholargraph.model import Paper, PaperDate, Reject
from scholargraph.readers import detect_format, read
from scholargraph.readers.hf_papers import read_hf_papers, sniff

DATA = __import__("pathlib").Path(__file__).resolve().parent.parent / "data" / "readers_api"


@pytest.fixture(scope="module")
def listing(corpora):
    return corpora / "hf-daily-papers" / "daily-papers-listing.txt"


@pytest.fixture(scope="module")
def items(listing):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return list(read_hf_papers(listing))


def papers_of(items):
    return [i for i in items if isinstance(i, Paper)]


def _raw_lines(listing):
    return [ln.strip() for ln in listing.read_text(encoding="utf-8").splitlines()]


def test_every_block_with_a_date_is_a_paper(items, listing):
    papers = papers_of(items)
    raw = _raw_lines(listing)
    # independent counts: every '·' line closes a block; 48 of them have a '• N authors' line (PROVENANCE.md:
    # 48 papers), one an organisation's line instead (issue 12: a paper whose author count is unknown)
    assert (
        raw.count("\u00b7") == 49 and sum(ln.endswith(" authors") and ln[:1] == "\u2022" for ln in raw) == 48
    )
    assert len(papers) == 49 and len({p.id for p in papers}) == 49
    assert all(isinstance(i, Paper | Reject) for i in items)
    for p in papers:
        assert p.title and p.abstract
        assert p.date is not None and p.date.precision == "day" and p.date.year
        assert p.authors == []  # only a count is printed
    counted = [p for p in papers if p.author_count is not None]
    assert len(counted) == 48 and all(p.author_count > 0 for p in counted)
    (org,) = [p for p in papers if p.author_count is None]
    assert org.title.startswith("The Dragon Hatchling") and org.extra["author_line"] == "pathwaycom Pathway"
    assert org.upvotes == 25 and (org.date.month, org.date.day) == (9, 30)
    assert sum(p.upvotes is not None for p in papers) == 9


def test_first_paper_field_by_field(items, listing):
    p = papers_of(items)[0]
    assert p.title == (
        "Neural Circuit Diagrams: Robust Diagrams for the Communication, Implementation, "
        "and Analysis of Deep Learning Architectures"
    )
    assert p.abstract.startswith("Diagrams matter. Unfortunately, the deep learning community")
    assert p.abstract.endswith("analyzing algorithms' time and space complexities.")
    assert p.author_count == 1
    assert p.date == PaperDate(2024, 2, 8, "day")
    assert p.upvotes == 1
    assert p.provenance[0].file == str(listing)
    assert (p.provenance[0].record, p.provenance[0].line, p.provenance[0].format) == (1, 13, "hf-papers")


def test_last_paper_field_by_field(items):
    p = papers_of(items)[-1]
    assert p.title == "The Coverage Principle: A Framework for Understanding Compositional Generalization"
    assert p.abstract.startswith("Large language models excel at pattern matching")
    assert p.abstract.endswith("to achieve truly systematic compositionality.")
    assert p.author_count == 10
    assert (p.date.year, p.date.month, p.date.day, p.date.precision) == (2025, 5, 26, "day")
    assert p.date.year_assumed and "assumed 2025" in p.date.note
    assert p.upvotes == 1
    assert (p.provenance[0].record, p.provenance[0].line) == (50, 401)


def test_blocks_that_do_not_fit_are_rejected_not_dropped(items):
    rejects = [i for i in items if isinstance(i, Reject)]
    assert len(items) == 50 and len(rejects) == 1
    (no_meta,) = rejects
    assert (
        no_meta.field == "date" and no_meta.line == 77 and "Rethinking the shape convention" in no_meta.reason
    )
    assert [i.provenance[0].record if isinstance(i, Paper) else i.record for i in items] == list(range(1, 51))


def test_year_less_dates_warn_once_and_say_so(listing):
    with pytest.warns(UserWarning, match="assumed 2025") as record:
        papers = papers_of(read_hf_papers(listing))
    assert len([w for w in record if issubclass(w.category, UserWarning)]) == 1
    assumed = [p for p in papers if p.date.year_assumed]
    raw = _raw_lines(listing)
    # the date lines (the line after each '·') that print no year, counted from the raw text
    year_less = [raw[i + 1] for i, ln in enumerate(raw) if ln == "\u00b7" and ", " not in raw[i + 1]]
    assert len(year_less) == 11 and len(assumed) == 11
    assert all(p.date.year == 2025 and "latest printed year is 2024" in p.date.note for p in assumed)
    assert not any(p.date.year_assumed for p in papers if "," in p.extra["date_text"])


def test_listing_date_sets_the_year_and_month_days_after_it_go_to_the_year_before(listing):
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # no warning when the listing date is given
        papers = papers_of(read_hf_papers(listing, listing_date=dt.date(2025, 5, 25)))
    by_text = {p.extra["date_text"]: p.date for p in papers}
    assert by_text["May 26 1"].year == 2024  # later than May 25 -> the year before
    assert by_text["Mar 31"].year == 2025
    assert by_text["Mar 31"].year_assumed and "listing_date=2025-05-25" in by_text["Mar 31"].note
    assert by_text["Feb 8, 2024 1"] == PaperDate(2024, 2, 8, "day")
    same = papers_of(read_hf_papers(listing, listing_date="2025-05-25"))
    assert [p.date for p in same] == [p.date for p in papers]


def test_bad_listing_date_names_the_parameter(listing):
    with pytest.raises(ConfigError, match="listing_date"):
        list(read_hf_papers(listing, listing_date="20 Nov"))


def test_small_hand_written_listing():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        items = list(read_hf_papers(DATA / "hf_small.txt"))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Paper", "Paper", "Reject", "Reject", "Reject"]
    dec, jan = items[0], items[1]
    # no listing_date: listing year assumed = latest printed year + 1 = 2024; Dec 30 is after the listing's Mar 2
    assert (dec.date.year, dec.date.month, dec.date.day, dec.upvotes, dec.author_count) == (
        2023,
        12,
        30,
        4,
        3,
    )
    assert jan.date == PaperDate(2023, 1, 5, "day") and jan.upvotes is None and jan.author_count == 12
    no_meta, bad_date, junk = items[2:]
    assert no_meta.field == "date" and "A Paper Without Meta Lines" in no_meta.reason
    assert bad_date.field == "date" and "'yesterday'" in bad_date.reason
    assert junk.line == 35 and "trailing junk line" in junk.reason


def test_read_accounts_for_every_record(listing):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        corpus = read(listing)
    (stats,) = corpus.files
    assert (stats.format, stats.records, stats.papers, stats.rejects, stats.merged) == (
        "hf-papers",
        50,
        49,
        1,
        0,
    )
    assert any("assumed 2025" in n for n in corpus.notes)


def test_detection_is_by_content(listing, tmp_path):
    assert detect_format(listing) == "hf-papers"
    copy = tmp_path / "renamed.dat"
    copy.write_bytes(listing.read_bytes())
    assert detect_format(copy) == "hf-papers"
    assert not sniff('{"paperId": "x"}', "x.json")


def test_text_without_blocks_is_a_parse_error(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("Daily Papers\n\njust some text\n")
    with pytest.raises(ParseError, match="no paper blocks"):
        list(read_hf_papers(f))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(ParseError, match="empty"):
        list(read_hf_papers(empty))
