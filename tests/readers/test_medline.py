"""MEDLINE text (.nbib) reader on ../shared/corpora/medline-nbib, the XML/MEDLINE equality check on the 292 ortho
records, damaged input, and MEDLINE vs RIS forced the wrong way round."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import pytest

from scholargraph.errors import ParseError
from scholargraph.model import Paper, Reject
from scholargraph.readers import detect_format, read
from scholargraph.readers.medline import read_medline
from scholargraph.readers.pubmed import read_pubmed

pytestmark = pytest.mark.shared

NBIB = ("medline-nbib/p1m-ortho-citations.nbib", "medline-nbib/p1m-ortho-citations-1.nbib")
PYBIBX = "medline-nbib/pybibx-pubmed.txt"


def records(text: str) -> list[str]:
    """Records of a MEDLINE text, split independently of the reader: each starts at a 'PMID-' line."""
    return re.split(r"(?m)^(?=PMID- )", text)[1:]


@pytest.mark.parametrize("rel, n", [(NBIB[0], 200), (NBIB[1], 92), (PYBIBX, 335)])
def test_counts_against_provenance_and_a_regex_pass(corpora, rel, n):
    path = corpora / rel
    text = path.read_text(encoding="utf-8")
    assert detect_format(path) == "medline"
    corpus = read(path)
    stats = corpus.files[0]
    assert stats.records == len(re.findall(r"(?m)^PMID- ", text)) == n
    assert stats.balanced and not corpus.rejects
    recs = records(text.replace("\r\n", "\n"))
    assert sum(bool(p.abstract) for p in corpus.papers) == sum("\nAB  - " in r for r in recs)
    assert sum(bool(p.mesh) for p in corpus.papers) == sum("\nMH  - " in r for r in recs)
    assert sum(bool(p.doi) for p in corpus.papers) == sum(
        bool(re.search(r"\n[AL]ID - .*\[doi\]", r)) for r in recs
    )


def test_pybibx_crlf_orcids_book_record_and_collective_authors(corpora):
    path = corpora / PYBIBX
    raw = path.read_bytes()
    assert raw.count(b"\r\n") > 1000  # PROVENANCE: CRLF line endings
    text = raw.decode("utf-8").replace("\r\n", "\n")
    ps = {p.pmid: p for p in read_medline(path)}
    assert sum(any(a.orcid for a in p.authors) for p in ps.values()) == sum(
        "\nAUID- ORCID" in r for r in records(text)
    )
    assert sum(any(a.orcid for a in p.authors) for p in ps.values()) == 89  # PROVENANCE: AUID (ORCID) 89
    book = ps["30329254"]  # PROVENANCE: an NIHR book record with BTI/PB instead of TI/JT
    assert (
        book.title.startswith("The impact of home energy efficiency interventions")
        and book.doc_type == "Book"
    )
    assert book.extra["publisher"] == "NIHR Journals Library"
    assert sum(a.family is None for p in ps.values() for a in p.authors) == len(
        re.findall(r"(?m)^CN  - ", text)
    )
    # wrapped lines ending in a space ("...in complex \r\n      decision") join with one space
    assert not any("  " in (p.abstract or "") for p in ps.values())


def test_mesh_major_and_qualifiers_hand_checked(corpora):
    # PMID 29864561 in p1m-ortho-citations.nbib, checked by reading its MH lines
    ps = {p.pmid: p for p in read_medline(corpora / NBIB[0])}
    text = (corpora / NBIB[0]).read_text(encoding="utf-8")
    rec = next(r for r in records(text) if r.startswith("PMID- 29864561"))
    mh = re.findall(r"(?m)^MH  - (.*)$", rec)
    assert [h.label() for h in ps["29864561"].mesh] == mh


# ------------------------------------------------------------------------------ XML and MEDLINE give one Paper

# What MEDLINE text genuinely lacks, so the comparison leaves it out:
LACKS = {
    "provenance": "a different file, format and record number by construction",
    "references": "MEDLINE text has no reference list (PROVENANCE: only RF, the number of references)",
    "extra.abstract_sections": "MEDLINE's AB is one paragraph; the section boundaries exist only in the XML",
    "mesh.ui": "MH lines carry descriptor names, not the D-numbers of the XML's UI attribute",
}
# Text fields: the 2019 MEDLINE export is ASCII-only (no byte above 0x7F in either .nbib file); NLM spelled
# non-ASCII characters out. The comparison applies the same spelling to the XML text: accents dropped (NFKD)
# and the symbols below, as seen in these files.
NLM_ASCII = {
    "±": "+/-",
    "α": "alpha",
    "β": "beta",
    "χ": "chi",
    "°": " degrees ",
    "→": "-->",
    "®": "(R)",
    "≤": "</=",
    "’": "'",
    "ß": "ss",
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "Ø": "O",
    "†": "dagger",
    "‡": "double dagger",
    "§": "section sign",
    "¶": "paragraph sign",
    "ǁ": "",
}
# one superscript: the XML's "χ<sup>2</sup>" is "chi(2)" in MEDLINE (markup the XML reader drops)
SUPERSCRIPT = {("27019894", "abstract")}


def nlm_ascii(text: str | None) -> str | None:
    if text is None:
        return None
    for k, v in NLM_ASCII.items():
        text = text.replace(k, v)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()


def comparable(p: Paper, *, fold: bool) -> dict:
    d = p.to_dict()
    for key in ("provenance", "references"):
        d.pop(key)
    d["extra"].pop("abstract_sections", None)
    for h in d["mesh"]:
        h.pop("ui")
    if fold:
        for key in ("title", "abstract"):
            d[key] = nlm_ascii(d[key])
        d["keywords"] = [nlm_ascii(k) for k in d["keywords"]]
        d["extra"] = {k: nlm_ascii(v) if isinstance(v, str) else v for k, v in d["extra"].items()}
        for a in d["authors"]:
            for k in ("name", "raw", "family", "given", "affiliation"):
                a[k] = nlm_ascii(a[k])
        for a in d["affiliations"]:  # the addresses, and the names at each, as the authors' are folded
            a["address"] = nlm_ascii(a["address"])
            a["authors"] = [nlm_ascii(n) for n in a["authors"]]
    return d


def test_xml_and_medline_give_equal_papers_field_by_field(corpora):
    assert all(b < 0x80 for rel in NBIB for b in (corpora / rel).read_bytes())  # the ASCII premise
    xml = {p.pmid: p for p in read_pubmed(corpora / "pubmed-xml/p1m-ortho-pubmed_result.xml.gz")}
    med = {p.pmid: p for rel in NBIB for p in read_medline(corpora / rel)}
    assert len(xml) == len(med) == 292 and set(xml) == set(med)  # PROVENANCE: the same 292 PMIDs
    compared = 0
    for pmid, x in xml.items():
        a, b = comparable(x, fold=True), comparable(med[pmid], fold=False)
        for key in a:
            if (pmid, key) in SUPERSCRIPT:
                assert b[key].replace("chi(2)", "chi2") == a[key] != b[key]
                continue
            assert a[key] == b[key], f"PMID {pmid}: field {key!r} differs"
            compared += 1
    assert (
        compared == 292 * len(dataclasses.fields(Paper)) - 292 * 2 - 1
    )  # every field but the two LACKS ones
    # the fields that exist only in the XML are really there (the comparison did not skip empty ones)
    assert sum(len(p.references) for p in xml.values()) == 679
    assert all(h.ui for p in xml.values() for h in p.mesh)


def test_same_record_from_xml_and_medline_merges_on_pmid(corpora):
    corpus = read([corpora / "pubmed-xml/p1m-ortho-pubmed_result.xml.gz", *(corpora / r for r in NBIB)])
    assert len(corpus.papers) == 292 and len(corpus.merges) == 292
    assert {m.rule for m in corpus.merges} <= {"doi", "pmid"}
    assert sum(m.rule == "pmid" for m in corpus.merges) == 292 - 131  # the 131 with a DOI merge on it first


# ------------------------------------------------------------------------------------------- damaged input


def test_record_without_pmid_and_stray_text(tmp_path):
    path = tmp_path / "x.nbib"
    path.write_text(
        "PMID- 1\nTI  - First\n\nTI  - No PMID here\nAU  - Doe J\n\n   stray text\n\nPMID- 3\nTI  - Third\n",
        encoding="utf-8",
    )
    items = list(read_medline(path))
    assert [type(i) for i in items] == [Paper, Reject, Reject, Paper]
    assert items[1].field == "PMID" and items[1].record == 2 and items[1].line == 4
    assert "without any tag line" in items[2].reason and items[2].line == 7
    assert read(path).files[0].balanced


def test_medline_forced_as_ris_and_ris_forced_as_medline_name_the_right_format(corpora):
    with pytest.raises(ParseError, match=r"MEDLINE / PubMed text file.*format='medline'"):
        read(corpora / PYBIBX, format="ris")
    with pytest.raises(ParseError, match=r"RIS file.*format='ris'"):
        read(corpora / "bibx-exports/scopus.ris", format="medline")


def test_ris_without_any_ty_line_is_an_error_not_zero_papers(tmp_path):
    path = tmp_path / "x.ris"
    path.write_text("TI  - A title\nAU  - Doe, J\n", encoding="utf-8")
    with pytest.raises(ParseError, match="no line starts one with 'TY  - '"):
        read(path, format="ris")


def test_plain_text_is_not_medline(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("hello\n\nworld\n", encoding="utf-8")
    with pytest.raises(ParseError, match="no 'PMID- ' line"):
        list(read_medline(path))
