"""The biomedical additions to the model: PMID / PMCID / Lens ids, MeSH headings, publication types.

Papers are stored as JSON lines (``Paper.to_dict``); a store written before these fields existed must still load.
"""

from __future__ import annotations

import json

from scholargraph.model import (
    Author,
    MeshHeading,
    Paper,
    PaperDate,
    Provenance,
    Reference,
    paper_id,
)

NEW_KEYS = ("pmid", "pmcid", "lens_id", "mesh", "pub_types")


def _paper() -> Paper:
    return Paper.create(
        title="Percutaneous drainage of psoas abscess",
        date=PaperDate(2018, 11, 25, "day"),
        pmid="30514039",
        pmcid="pmc6151513",
        authors=[Author("Zhen Lai", family="Lai", given="Zhen", affiliation="Hangzhou")],
        references=[Reference(raw="Smith J. 2001", pmid="11111"), Reference(pmcid="PMC5", doi="10.1/x")],
        mesh=[
            MeshHeading("Psoas Abscess", "D017565", True, ["diagnostic imaging", "surgery"], ["surgery"]),
            MeshHeading("Humans", "D006801"),
        ],
        pub_types=["English Abstract", "Journal Article"],
        doc_type="Journal Article",
        provenance=[Provenance("x.xml", 1, 5, "pubmed")],
    )


def test_stable_id_order_doi_arxiv_openalex_s2_pmid_pmcid_title():
    ids = dict(doi="10.1000/X", arxiv_id="2401.00001", openalex_id="W1", s2_id="abc", pmid="7", pmcid="PMC8")
    order = ["doi", "arxiv_id", "openalex_id", "s2_id", "pmid", "pmcid"]
    expected = ["doi:10.1000/x", "arxiv:2401.00001", "openalex:W1", "s2:abc", "pmid:7", "pmcid:PMC8"]
    for i, name in enumerate(order):
        kept = {k: v for k, v in ids.items() if k in order[i:]}
        assert paper_id(title="t", year=2000, **kept) == expected[i], name
    assert paper_id(title="t", year=2000).startswith("title:")


def test_create_normalises_and_all_ids_include_pubmed_and_lens():
    p = Paper.create(title="x", pmid="PMID: 0012", pmcid="12", lens_id="000-649-451-763-370")
    assert (p.id, p.pmid, p.pmcid) == ("pmid:12", "12", "PMC12")
    assert p.all_ids() == ["pmid:12", "pmcid:PMC12", "lens:000-649-451-763-370"]
    lens_only = Paper.create(title="x", year=1941, lens_id="000-649-451-763-370")
    assert lens_only.id.startswith("title:")  # a Lens id is never the stable id


def test_round_trip_through_json_keeps_the_new_fields():
    p = _paper()
    line = json.dumps(p.to_dict())
    back = Paper.from_dict(json.loads(line))
    assert back == p
    assert back.mesh[0].major_qualifiers == ["surgery"] and back.references[0].ids() == ["pmid:11111"]


def test_a_paper_stored_before_the_new_fields_loads_with_defaults():
    old = _paper().to_dict()
    for key in NEW_KEYS:
        old.pop(key)
    for ref in old["references"]:
        for key in ("pmid", "pmcid", "lens_id"):
            ref.pop(key)
    back = Paper.from_dict(old)
    assert (back.pmid, back.pmcid, back.lens_id, back.mesh, back.pub_types) == (None, None, None, [], [])
    assert back.references[0].ids() == [] and back.references[1].ids() == ["doi:10.1/x"]
    assert back.title == _paper().title


def test_dedup_merges_on_pmcid_and_lens_and_refuses_conflicting_pmids():
    from scholargraph.model import Corpus
    from scholargraph.readers.dedup import Deduplicator

    corpus = Corpus()
    d = Deduplicator(corpus)
    ann = [Author("Ann Lee", family="Lee", given="Ann")]
    assert not d.add(
        Paper.create(title="Psoas abscess drainage outcomes", year=2018, pmcid="PMC1", authors=ann)
    )
    assert d.add(Paper.create(title="Another spelling of the title", year=2018, pmcid="pmc1", pmid="77"))
    assert corpus.merges[-1].rule == "pmcid" and corpus.papers[0].pmid == "77"
    assert not d.add(Paper.create(title="A Lens record", year=1941, lens_id="000-649-451-763-370"))
    assert d.add(
        Paper.create(title="", year=1941, lens_id="000-649-451-763-370", extra={"missing": ["title"]})
    )
    assert corpus.merges[-1].rule == "lens" and "missing" not in corpus.papers[1].extra
    # same title, year and first author but two different PMIDs: two works, not one
    assert not d.add(Paper.create(title="Psoas abscess drainage outcomes", year=2018, pmid="78", authors=ann))
    assert len(corpus.papers) == 3
