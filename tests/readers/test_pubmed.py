"""PubMed XML reader on the real files in ../shared/corpora/pubmed-xml, plus damaged copies.

Counts come from stdlib regex passes over the raw files made here, cross-checked against PROVENANCE.md.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from scholargraph.errors import ParseError
from scholargraph.model import Paper, Reject
from scholargraph.readers import detect_format, read
from scholargraph.readers.pubmed import read_pubmed

pytestmark = pytest.mark.shared

P1M = "pubmed-xml/p1m-ortho-pubmed_result.xml.gz"
PMPARSER = "pubmed-xml/pmparser-pubmed20n1016-sample.xml.gz"


def raw(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8")


def papers(path: Path) -> list[Paper]:
    items = list(read_pubmed(path))
    assert all(isinstance(i, Paper) for i in items)
    return items  # type: ignore[return-value]


def test_p1m_fields_against_provenance_and_a_regex_pass(corpora):
    path = corpora / P1M
    text = raw(path)
    items = papers(path)
    assert len(items) == text.count("<PubmedArticle>") == 292  # PROVENANCE: 292
    assert [p.pmid for p in items] == re.findall(r"<MedlineCitation[^>]*>\s*<PMID[^>]*>(\d+)<", text)
    assert sum(bool(p.abstract) for p in items) == 269  # PROVENANCE: abstract 269
    assert sum(bool(p.mesh) for p in items) == text.count("<MeshHeadingList>") == 287
    assert sum(bool(p.doi) for p in items) == 131  # PROVENANCE: DOI in ArticleIdList 131
    assert sum(len(p.references) for p in items) == text.count("<Reference>") == 679
    assert all(r.pmid for p in items for r in p.references)  # PROVENANCE: all with a pubmed ArticleId
    pmids = {p.pmid for p in items}
    edges = {(p.pmid, r.pmid) for p in items for r in p.references if r.pmid in pmids}
    assert len(edges) == 17  # PROVENANCE: 17 in-set citation edges
    ranges = [p for p in items if "date_text" in p.extra]
    assert len(ranges) == len(re.findall(r"<MedlineDate>", text)) == 25  # PROVENANCE: 25 MedlineDate


def test_first_p1m_record_hand_checked(corpora):
    # checked by reading the first <PubmedArticle> of the file (PMID 30514039)
    p = papers(corpora / P1M)[0]
    assert (p.id, p.pmid, p.doi) == (
        "doi:10.3969/j.issn.1003-0034.2018.11.004",
        "30514039",
        "10.3969/j.issn.1003-0034.2018.11.004",
    )
    assert p.title.startswith("[Feasibility study of preoperative percutaneous catheter drainage")
    labels = [label for label, _ in p.extra["abstract_sections"]]
    assert labels == ["OBJECTIVE", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert (
        p.abstract.startswith("OBJECTIVE: To investigate the effect") and " METHODS: Thirty-six" in p.abstract
    )
    assert "group B(P<0.05)" in p.abstract  # <i>P</i>&lt;0.05: markup dropped, text kept
    assert [a.name for a in p.authors] == [
        "Zhen Lai",
        "Shi-Yuan Shi",
        "Jun Fei",
        "Gui-He Han",
        "Sheng-Ping Hu",
    ]
    assert p.authors[0].affiliation.endswith("Zhejiang, China; laizhen76@163.com.")
    assert p.date.iso() == "2018-11-25" and p.date.precision == "day"
    assert p.venue == "Zhongguo gu shang = China journal of orthopaedics and traumatology"
    assert p.keywords == ["Drainage", "Lumbar vertebrae", "Psoas abscess", "Tuberculosis, spine"]
    assert p.pub_types == ["English Abstract", "Journal Article"] and p.doc_type == "Journal Article"
    assert p.language == "chi" and p.mesh == [] and p.extra["medline_status"] == "In-Process"


def test_medline_date_ranges_keep_their_precision(corpora):
    items = {p.pmid: p for p in papers(corpora / P1M)}
    text = raw(corpora / P1M)
    for pmid, medline in re.findall(
        r"<PMID[^>]*>(\d+)</PMID>(?:(?!</PubmedArticle>).)*?<MedlineDate>([^<]+)<", text, re.S
    ):
        p = items[pmid]
        assert p.extra["date_text"] == medline
        assert p.date.year == int(medline[:4]) and p.date.precision == "year"  # 'YYYY Mon-Mon': months differ


def test_mesh_headings_with_qualifiers_and_major_flags(corpora):
    text = raw(corpora / P1M)
    items = papers(corpora / P1M)
    assert sum(len(p.mesh) for p in items) == text.count("<MeshHeading>")
    assert sum(len(h.qualifiers) for p in items for h in p.mesh) == text.count("<QualifierName ")
    major_d = len(re.findall(r'<DescriptorName UI="[^"]+" MajorTopicYN="Y"', text))
    assert sum(h.major and not h.major_qualifiers for p in items for h in p.mesh) <= major_d
    assert sum(len(h.major_qualifiers) for p in items for h in p.mesh) == len(
        re.findall(r'<QualifierName UI="[^"]+" MajorTopicYN="Y"', text)
    )
    assert all(h.ui and h.ui.startswith("D") for p in items for h in p.mesh)


@pytest.mark.parametrize(
    "rel, n",
    [
        (P1M, 292),
        (PMPARSER, 26),
        ("pubmed-xml/pubmedportable-medline_00000000.xml", 100),
        ("pubmed-xml/pubmedpy-efetch.xml", 6),
    ],
)
def test_every_layout_reads_every_record(corpora, rel, n):
    path = corpora / rel
    text = raw(path)
    assert detect_format(path) == "pubmed"
    corpus = read(path)
    stats = corpus.files[0]
    assert stats.records == len(re.findall(r"<PubmedArticle>", text)) == n
    assert stats.balanced and not corpus.rejects


def test_update_file_delete_citation_is_a_note_not_records(corpora):
    text = raw(corpora / PMPARSER)
    deleted = re.findall(r"<PMID[^>]*>(\d+)</PMID>", text[text.index("<DeleteCitation>") :])
    corpus = read(corpora / PMPARSER)
    assert corpus.files[0].records == 26 and len(corpus.papers) == 26
    note = next(n for n in corpus.notes if "DeleteCitation" in n)
    assert f"lists {len(deleted)} PMID(s)" in note and deleted[0] in note
    assert not {p.pmid for p in corpus.papers} & set(deleted)
    collective = [a for p in corpus.papers for a in p.authors if a.family is None]
    assert len(collective) == text.count("<CollectiveName>") == 4  # PROVENANCE: 4 CollectiveName authors


def test_metapub_one_record_files_orcids_and_reference_ids(corpora):
    folder = corpora / "pubmed-xml/metapub-pmid-xml"
    files = sorted(folder.glob("*.xml"))
    assert len(files) == 51
    corpus = read(files)
    texts = [raw(f) for f in files]
    assert sum(s.records for s in corpus.files) == sum(t.count("<PubmedArticle>") for t in texts) == 50
    refs = [r for p in corpus.papers for r in p.references]
    assert len(refs) == sum(t.count("<Reference>") for t in texts) == 3777  # PROVENANCE: 3,777
    zero = sum(t.count('IdType="pubmed">0<') for t in texts)  # "0" is no PubMed id
    assert zero == 4 and sum(r.pmid is None for r in refs) == 481 + zero  # PROVENANCE: 481 have no PMID
    blocks = [b for t in texts for b in re.findall(r"<Reference>.*?</Reference>", t, re.S)]
    with_doi = sum(
        'IdType="doi"' in b for b in blocks
    )  # 2 references carry two doi ids: 1,042 ids, 1,040 refs
    assert sum(r.doi is not None for r in refs) == with_doi == 1040
    assert sum(r.pmcid is not None for r in refs) == sum('IdType="pmc"' in b for b in blocks) == 1438
    orcids = [a.orcid for p in corpus.papers for a in p.authors if a.orcid]
    assert len(orcids) == sum(len(re.findall(r'<Identifier Source="ORCID">', t)) for t in texts)
    assert all(re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", o) for o in orcids)
    empty = folder / "37909814.xml"
    assert any(str(empty) in n and "no records" in n for n in corpus.notes)


# ------------------------------------------------------------------------------------------- damaged input


def _first_records(corpora, n: int) -> str:
    text = raw(corpora / "pubmed-xml/pubmedpy-efetch.xml")
    ends = [m.end() for m in re.finditer(r"</PubmedArticle>", text)]
    return text[: ends[n - 1]]


def test_truncated_xml_keeps_the_records_before_and_rejects_the_broken_one(corpora, tmp_path):
    text = raw(corpora / "pubmed-xml/pubmedpy-efetch.xml")
    cut = text.index("<PubmedArticle>", text.index("</PubmedArticle>")) + 2000  # inside record 2
    path = tmp_path / "cut.xml"
    path.write_text(text[:cut], encoding="utf-8")
    items = list(read_pubmed(path))
    assert isinstance(items[0], Paper) and isinstance(items[1], Reject) and len(items) == 2
    bad = items[1]
    assert bad.record == 2 and bad.line is not None and "broken" in bad.reason and str(path) == bad.file
    corpus = read(path)
    assert corpus.files[0].balanced and corpus.files[0].records == 2


def test_missing_closing_tag_between_records_is_one_reject(corpora, tmp_path):
    path = tmp_path / "open.xml"
    path.write_text(_first_records(corpora, 2), encoding="utf-8")  # no </PubmedArticleSet>
    items = list(read_pubmed(path))
    assert [type(i) for i in items] == [Paper, Paper, Reject]
    assert "after record 2" in items[2].reason


def test_record_without_pmid_is_a_reject_naming_the_field(corpora, tmp_path):
    text = _first_records(corpora, 2) + "\n</PubmedArticleSet>\n"
    text = re.sub(r"<PMID Version=\"1\">\d+</PMID>", "", text, count=1)
    path = tmp_path / "nopmid.xml"
    path.write_text(text, encoding="utf-8")
    items = list(read_pubmed(path))
    assert isinstance(items[0], Reject) and items[0].field == "PMID" and items[0].record == 1
    assert "no PMID" in items[0].reason and isinstance(items[1], Paper)


def test_truncated_gzip_keeps_what_was_read(corpora, tmp_path):
    data = (corpora / P1M).read_bytes()
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(read_pubmed(path))
    assert isinstance(items[-1], Reject) and all(isinstance(i, Paper) for i in items[:-1])
    assert 50 < len(items) < 292


@pytest.mark.parametrize(
    "content, message",
    [
        ("not xml at all", "not XML"),
        ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', "root element is <feed>"),
        ("", "not XML"),
    ],
)
def test_not_pubmed_xml_raises(tmp_path, content, message):
    path = tmp_path / "x.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match=message) as ei:
        list(read_pubmed(path))
    assert str(path) in str(ei.value)


def test_book_article_is_read(tmp_path):
    # hand-made from the PubMed DTD's PubmedBookArticle layout (no real sample in ../shared)
    path = tmp_path / "book.xml"
    path.write_text(
        """<PubmedArticleSet><PubmedBookArticle><BookDocument><PMID Version="1">20301295</PMID>
        <ArticleIdList><ArticleId IdType="bookaccession">NBK1116</ArticleId></ArticleIdList>
        <Book><Publisher><PublisherName>University of Washington, Seattle</PublisherName></Publisher>
        <BookTitle book="gene">GeneReviews</BookTitle><PubDate><Year>1993</Year></PubDate></Book>
        <ArticleTitle>Alpha-Thalassemia</ArticleTitle><Language>eng</Language>
        <AuthorList Type="authors"><Author><LastName>Tamary</LastName><ForeName>Hannah</ForeName></Author></AuthorList>
        <PublicationType UI="D016454">Review</PublicationType>
        <Abstract><AbstractText Label="CLINICAL CHARACTERISTICS">Alpha-thalassemia has two forms.</AbstractText></Abstract>
        </BookDocument></PubmedBookArticle></PubmedArticleSet>""",
        encoding="utf-8",
    )
    (p,) = list(read_pubmed(path))
    assert (p.pmid, p.title, p.venue, p.doc_type, p.date.iso()) == (
        "20301295",
        "Alpha-Thalassemia",
        "GeneReviews",
        "Book Chapter",
        "1993",
    )
    assert p.abstract == "CLINICAL CHARACTERISTICS: Alpha-thalassemia has two forms."
    assert p.authors[0].name == "Hannah Tamary" and p.extra["publisher"].startswith(
        "University of Washington"
    )


# ---------------------------------------------------------------------------- baseline-sized files, streamed


def _synthetic(corpora, path, n):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_read", Path(__file__).resolve().parents[2] / "scripts" / "bench_read.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.synthetic_pubmed(corpora / "pubmed-xml", path, n)


def _streamed_peak(path) -> tuple[int, int]:
    import tracemalloc

    tracemalloc.start()
    try:
        n = sum(1 for _ in read_pubmed(path))
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_streaming_memory_does_not_grow_with_the_file(corpora, tmp_path):
    # the benchmark's synthetic baseline file (real records, new PMIDs and DOIs), at two sizes
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    _synthetic(corpora, small, 300)
    size = _synthetic(corpora, large, 1500)
    assert size > 15_000_000
    n_small, peak_small = _streamed_peak(small)
    n_large, peak_large = _streamed_peak(large)
    assert (n_small, n_large) == (300, 1500)
    assert peak_large < 1.5 * peak_small  # five times the records, not five times the memory
    corpus = read(large)
    assert len(corpus.papers) == 1500 and not corpus.merges and corpus.files[0].balanced
