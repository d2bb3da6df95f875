"""Crossref, OpenCitations, Lens and Dimensions readers: real files in ../shared/corpora (counts from stdlib
passes made here, cross-checked against PROVENANCE.md) and hand-made files under tests/data (see its README)."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from scholargraph.errors import ParseError
from scholargraph.model import Paper, Reject
from scholargraph.readers import detect_format, read
from scholargraph.readers.crossref import read_crossref
from scholargraph.readers.dimensions import read_dimensions
from scholargraph.readers.lens import read_lens, read_lens_json
from scholargraph.readers.opencitations import read_opencitations

DATA = Path(__file__).resolve().parent.parent / "data" / "readers_exports"


def load(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig") as f:
        return json.load(f)


def items_of(data) -> list[dict]:
    message = data["message"]
    return message["items"] if "items" in message else [message]


# ------------------------------------------------------------------------------------------------ Crossref


@pytest.mark.shared
def test_crossref_every_file_every_work_and_reference(corpora):
    files = sorted((corpora / "crossref-api").glob("*/*.json*"))
    assert len(files) == 13
    works = {f: items_of(load(f)) for f in files}
    corpus = read(files)
    assert [s.records for s in corpus.files] == [len(works[f]) for f in files]
    assert sum(s.records for s in corpus.files) == len(corpus.papers) == 188  # PROVENANCE: 188 distinct works
    raw_refs = [r for ws in works.values() for w in ws for r in w.get("reference", [])]
    refs = [r for p in corpus.papers for r in p.references]
    assert len(refs) == len(raw_refs) == 11163  # PROVENANCE: 11,163 references
    assert sum(r.doi is not None for r in refs) == sum("DOI" in r for r in raw_refs)
    unstructured = {" ".join(r["unstructured"].split()) for r in raw_refs if "unstructured" in r}
    assert unstructured <= {r.raw for r in refs}  # unstructured citations kept raw
    dois = {p.doi for p in corpus.papers}
    assert (
        sum(r.doi in dois for p in corpus.papers for r in p.references) == 14
    )  # PROVENANCE: 14 in-set edges
    orgs = [a for p in corpus.papers for a in p.authors if a.family is None]
    assert len(orgs) == 4  # PROVENANCE: four organisation authors
    assert not any("jats:" in (p.abstract or "") or "<" in (p.abstract or "")[:1] for p in corpus.papers)
    counts = {f.name: sum(bool(w.get("abstract")) for w in works[f]) for f in files}
    assert sum(bool(p.abstract) for p in corpus.papers) == sum(counts.values())


@pytest.mark.shared
def test_crossref_fields_of_one_work_hand_checked(corpora):
    # works-query-ecology-author-carl-boettiger.json, item 1, checked by reading the JSON
    path = corpora / "crossref-api/habanero/works-query-ecology-author-carl-boettiger.json"
    p = next(iter(read_crossref(path)))
    assert (p.title, p.doi, p.doc_type) == ("The forecast trap", "10.1111/ele.14024", "journal-article")
    assert p.date.iso() == "2022-05-30" and p.extra["published_print"] == "2022-07"
    assert p.authors[0].name == "Carl Boettiger" and p.authors[0].orcid == "0000-0002-1642-628X"
    assert p.authors[0].affiliation.startswith("Department of Environmental Science")
    assert p.venue == "Ecology Letters" and p.abstract.startswith("Encouraged by decision makers")
    first = load(path)["message"]["items"][0]
    assert p.citation_count == first["is-referenced-by-count"] and len(p.references) == len(
        first["reference"]
    )
    types = [x.doc_type for x in read_crossref(path)]
    assert (types.count("journal-article"), types.count("posted-content"), types.count("dataset")) == (
        17,
        2,
        1,
    )


@pytest.mark.shared
def test_crossref_null_date_parts_and_missing_reference_key(corpora):
    (p,) = read_crossref(corpora / "crossref-api/habanero/work-10.1109_icdcsw.2003.1203662.json")
    assert p.date is None and p.doc_type == "proceedings-article"  # issued: [[null]], no published
    (q,) = read_crossref(corpora / "crossref-api/habanero/work-10.3892_ijo_00000353.json")
    assert q.references == []


def test_crossref_layouts_and_errors(tmp_path):
    work = {
        "DOI": "10.1000/X1",
        "title": ["A <i>title</i>"],
        "type": "journal-article",
        "container-title": ["J"],
    }
    (tmp_path / "plain.json").write_text(json.dumps(work))
    (tmp_path / "works.jsonl").write_text(
        json.dumps({"message-type": "work-list", "message": {"items": [work, {"DOI": "10.1000/x2"}]}})
        + "\n{oops\n"
        + json.dumps(work)
        + "\n"
    )
    (p,) = read_crossref(tmp_path / "plain.json")
    assert p.title == "A title" and detect_format(tmp_path / "plain.json") == "crossref"
    items = list(read_crossref(tmp_path / "works.jsonl"))
    assert [type(i) for i in items] == [Paper, Paper, Reject, Paper]
    assert items[1].extra["missing"] == ["title"] and items[2].line == 2
    (tmp_path / "err.json").write_text(
        json.dumps(
            {"status": "error", "message-type": "validation-failure", "message": [{"message": "bad filter"}]}
        )
    )
    with pytest.raises(ParseError, match="not a works response.*bad filter"):
        list(read_crossref(tmp_path / "err.json"))
    (tmp_path / "list.json").write_text(
        json.dumps({"message-type": "work-list", "message": {"items": [work, 7, {"title": []}]}})
    )
    items = list(read_crossref(tmp_path / "list.json"))
    assert isinstance(items[1], Reject) and isinstance(items[2], Reject) and items[2].field == "title"


# ------------------------------------------------------------------------------------------- OpenCitations

OC = "opencitations-api/citecorp-coci-v1"
PERONI = "10.1108/jd-12-2013-0166"


@pytest.mark.shared
def test_opencitations_rows_become_stubs_merged_per_citing_work(corpora):
    folder = corpora / OC
    refs_rows = load(folder / "references-10.1108_jd-12-2013-0166.json")
    cites_rows = load(folder / "citations-10.1108_jd-12-2013-0166.json")
    corpus = read(folder / "references-10.1108_jd-12-2013-0166.json")
    stats = corpus.files[0]
    assert (
        (stats.records, stats.papers, stats.merged) == (len(refs_rows), 1, len(refs_rows) - 1) == (37, 1, 36)
    )
    (p,) = corpus.papers
    assert p.doi == PERONI and p.title == "" and p.extra["missing"] == ["title"]
    assert sorted(r.doi for r in p.references) == sorted(r["cited"] for r in refs_rows)
    corpus = read(folder / "citations-10.1108_jd-12-2013-0166.json")
    assert len(corpus.papers) == len({r["citing"] for r in cites_rows}) == 20
    assert all([r.doi for r in q.references] == [PERONI] for q in corpus.papers)


@pytest.mark.shared
def test_opencitations_metadata_fills_the_stub_and_cross_checks(corpora):
    folder = corpora / OC
    meta = load(folder / "metadata-10.1108_jd-12-2013-0166.json")[0]
    assert len(meta["reference"].split(";")) == 38  # PROVENANCE: the SICI DOI contains a ';'
    corpus = read(sorted(folder.glob("*.json")))
    assert all(s.balanced for s in corpus.files)
    peroni = corpus[f"doi:{PERONI}"]
    assert peroni.title == meta["title"] and "missing" not in peroni.extra
    assert len(peroni.references) == 37 and peroni.citation_count == int(meta["citation_count"]) == 20
    assert [a.family for a in peroni.authors] == ["Peroni", "Dutton", "Gray", "Shotton"]
    assert peroni.venue == "Journal Of Documentation" and peroni.year == 2015
    citing = {r["citing"] for r in load(folder / "citations-10.1108_jd-12-2013-0166.json")}
    assert set(peroni.extra["cited_by"]) == citing  # metadata 'citation' == citations endpoint


def test_opencitations_v2_id_lists_and_rows_without_usable_ids(tmp_path):
    rows = [
        {
            "oci": "06101-06102",
            "citing": "omid:br/061 doi:10.1000/A pmid:111",
            "cited": "omid:br/062 pmid:222 openalex:W5",
            "creation": "2020-02",
        },
        {
            "oci": "06103-06104",
            "citing": "omid:br/063",
            "cited": "omid:br/064 doi:10.1000/b",
            "creation": "2021",
        },
        {
            "id": "omid:br/061 doi:10.1000/a pmid:111",
            "title": "V2 metadata",
            "author": "Doe, Jane [orcid:0000-0002-1825-0097 omid:ra/1]",
            "pub_date": "2020-02-03",
            "venue": "Journal of Tests [issn:1234-5678 omid:br/9]",
            "type": "journal article",
        },
    ]
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(rows))
    assert detect_format(path) == "opencitations"
    items = list(read_opencitations(path))
    assert isinstance(items[0], Paper) and items[0].references[0].ids() == ["openalex:W5", "pmid:222"]
    assert (
        isinstance(items[1], Reject)
        and items[1].field == "citing"
        and "OMID" not in items[1].reason.upper()[:0]
    )
    meta = items[2]
    assert (meta.doi, meta.pmid, meta.venue, meta.date.iso()) == (
        "10.1000/a",
        "111",
        "Journal of Tests",
        "2020-02-03",
    )
    assert meta.authors[0].orcid == "0000-0002-1825-0097" and meta.authors[0].name == "Jane Doe"
    corpus = read(path)
    assert len(corpus.papers) == 1 and corpus.papers[0].title == "V2 metadata" and corpus.files[0].balanced


# ------------------------------------------------------------------------------------------------------ Lens


@pytest.mark.shared
def test_lens_csv_rows_ids_and_in_set_edges(corpora):
    path = corpora / "lens-exports/bibliotobler-lens-export.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert detect_format(path) == "lens"
    corpus = read(path)
    assert corpus.files[0].records == len(rows) == 252 and corpus.files[0].balanced and not corpus.rejects
    ids = {r["Lens ID"] for r in rows}
    edges = sum(ref in ids for r in rows for ref in r["References"].split("; ") if ref)
    assert edges == 87  # PROVENANCE: 87 in-set citation edges
    lens = {p.lens_id for p in corpus.papers}
    assert sum(r.lens_id in lens for p in corpus.papers for r in p.references) == edges
    assert sum(bool(p.doi) for p in corpus.papers) == sum(bool(r["DOI"]) for r in rows) == 217
    assert sum(bool(p.pmid) for p in corpus.papers) == sum(bool(r["PMID"]) for r in rows) == 21
    two = next(p for p in corpus.papers if "pmids" in p.extra)  # one cell holds "21010415; 21065698"
    assert two.pmid == "21010415" and two.extra["pmids"] == ["21010415", "21065698"]
    assert sum(bool(p.mesh) for p in corpus.papers) == sum(bool(r["MeSH Terms"]) for r in rows)
    assert not any(a.name.startswith("null") for p in corpus.papers for a in p.authors)
    untitled = [p for p in corpus.papers if not p.title]
    assert [p.lens_id for p in untitled] == [r["Lens ID"] for r in rows if not r["Title"]]
    assert untitled[0].extra["missing"] == ["title"] and untitled[0].doi == "10.5406/jmormhist.45.1.0146"


def test_lens_json_hand_made_sample():
    path = DATA / "lens_sample.jsonl"
    assert detect_format(path) == "lens-json"
    items = list(read_lens_json(path))
    assert [type(i) for i in items] == [Paper, Reject, Paper] and items[1].line == 2
    full, stub = items[0], items[2]
    assert (full.lens_id, full.doi, full.pmid, full.date.iso()) == (
        "100-004-910-081-14X",
        "10.1000/lens.1",
        "12345678",
        "2009-05-22",
    )
    assert full.authors[0].orcid == "0000-0002-1825-0097" and full.authors[1].name == "Hand-Made Consortium"
    assert full.mesh[0].descriptor == "Malaria" and full.mesh[0].qualifiers == ["epidemiology"]
    assert stub.title == "" and stub.extra["missing"] == ["title"]
    assert full.references[0].ids() == [f"lens:{stub.lens_id}"] and stub.references[0].ids() == [
        f"lens:{full.lens_id}"
    ]


def test_lens_csv_without_the_id_column_is_an_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Title,Year\nA,2000\n")
    with pytest.raises(ParseError, match="Lens ID"):
        list(read_lens(path))


# ------------------------------------------------------------------------------------------------ Dimensions


def test_dimensions_hand_made_full_record_export():
    path = DATA / "dimensions_sample.csv"
    assert detect_format(path) == "dimensions"
    items = list(read_dimensions(path))
    assert [type(i) for i in items] == [Paper, Reject, Paper]
    p = items[0]
    assert (p.doi, p.pmid, p.pmcid, p.extra["dimensions_id"]) == (
        "10.1000/dim.1",
        "31111111",
        "PMC6000001",
        "pub.1000000001",
    )
    assert p.abstract == "We study citation graphs. A second paragraph, with a comma."
    assert [a.name for a in p.authors] == ["Austin G Meyer", "Jane Smith"] and p.citation_count == 42
    assert [h.label() for h in p.mesh] == ["Humans", "Bibliometrics/methods", "*Citation Analysis"]
    assert [r.doi for r in p.references] == ["10.1038/35065000", None] and p.references[1].year == 1999
    assert (
        p.date.iso() == "2019-05-03"
        and p.doc_type == "Research Article"
        and p.venue == "Journal of Hand-Made Tests"
    )
    assert items[1].field == "Title" and items[1].line == 5  # preamble, header, a two-line row, then row 2
    assert items[2].venue == "Handbook of Tests" and items[2].date.iso() == "2021"


def test_dimensions_without_preamble_and_mapping_export_columns(tmp_path):
    text = (DATA / "dimensions_sample.csv").read_text(encoding="utf-8")
    body = text.split("\n", 1)[1].replace('"Source title"', '"Source title/Anthology title"')
    path = tmp_path / "mapping.csv"
    path.write_text(body, encoding="utf-8")
    assert detect_format(path) == "dimensions"
    items = list(read_dimensions(path))
    assert items[0].venue == "Journal of Hand-Made Tests" and items[1].line == 4
