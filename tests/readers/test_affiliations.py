"""Addresses as the readers keep them (Paper.affiliations, Paper.corresponding): the parsing rules on hand-written
fields, each real export against a stdlib reading of its raw file, and the model's round trip."""

from __future__ import annotations

import csv
import gzip
import json
import re
import xml.etree.ElementTree as ET

import pytest

from scholargraph.model import Affiliation, Paper
from scholargraph.readers._affiliations import (
    scopus_affiliations,
    scopus_correspondence,
    wos_addresses,
    wos_reprint,
)


def test_wos_c1_names_in_brackets_and_old_records_without_them():
    c1 = (
        "[Acuna, Sergio A.; Tawil, Mauricio] Pontificia Univ Javeriana, Dept Surg, Bogota, Colombia; "
        "[Escallon, Jaime] Univ Toronto, Dept Surg, Toronto, ON, Canada"
    )
    got = wos_addresses(c1)
    assert [(a.address, a.authors) for a in got] == [
        ("Pontificia Univ Javeriana, Dept Surg, Bogota, Colombia", ["Acuna, Sergio A.", "Tawil, Mauricio"]),
        ("Univ Toronto, Dept Surg, Toronto, ON, Canada", ["Escallon, Jaime"]),
    ]
    assert [a.institution for a in wos_addresses("CSIC, Inst Cajal, Madrid, Spain")] == ["CSIC"]
    old = wos_addresses(
        "Javeriana Univ, Clin Epidemiol Unit, Bogota, Colombia; Colombian Soc Secur Inst, Bogota, Colombia"
    )
    assert [(a.address, a.authors) for a in old] == [
        ("Javeriana Univ, Clin Epidemiol Unit, Bogota, Colombia", []),
        ("Colombian Soc Secur Inst, Bogota, Colombia", []),
    ]
    assert wos_addresses("") == [] and wos_addresses(None) == []


def test_wos_rp_one_or_several_corresponding_authors():
    one = wos_reprint("Charpak, T (reprint author), Carrera 7 46-20,Apto 2001, Bogota, Colombia.")
    assert [(a.address, a.authors) for a in one] == [
        ("Carrera 7 46-20,Apto 2001, Bogota, Colombia", ["Charpak, T"])
    ]
    two = wos_reprint(
        "Dong, QC (reprint author), Taiyuan Univ Technol, Taiyuan 030024, Peoples R China.; "
        "Yu, BF (reprint author), Shanxi Med Univ, Taiyuan 030001, Peoples R China."
    )
    assert [a.authors[0] for a in two] == ["Dong, QC", "Yu, BF"]
    assert two[1].address == "Shanxi Med Univ, Taiyuan 030001, Peoples R China"
    assert wos_reprint("") == [] and wos_reprint("no marker here") == []


def test_scopus_columns():
    got = scopus_affiliations(
        "Dept A, Univ X, Wuhan, China; Lab B, Univ Y, Xiamen, China",
        "Gong B., Dept A, Univ X, Wuhan, China, Lab B, Univ Y, Xiamen, China; Wang L., Dept A, Univ X, Wuhan, China",
    )
    assert [(a.address, a.authors) for a in got] == [
        ("Dept A, Univ X, Wuhan, China", ["Gong B.", "Wang L."]),
        ("Lab B, Univ Y, Xiamen, China", ["Gong B."]),
    ]
    corr = scopus_correspondence("; Q. Liu; Dept A, Univ X, Wuhan, China; email: q@x.cn")
    assert [(a.address, a.authors) for a in corr] == [("Dept A, Univ X, Wuhan, China", ["Q. Liu"])]


def test_round_trip_and_old_papers():
    p = Paper.create(
        title="t",
        affiliations=[Affiliation("Univ X, Cali, Colombia", ["A"], "Univ X", "CO")],
        corresponding=[Affiliation("Univ X, Cali, Colombia", ["A"])],
    )
    back = Paper.from_dict(json.loads(json.dumps(p.to_dict())))
    assert back == p
    old = p.to_dict()
    del old["affiliations"], old["corresponding"]
    assert Paper.from_dict(old).affiliations == [] and Paper.from_dict(old).corresponding == []


# ------------------------------------------------------------------------------------------------ real exports


@pytest.mark.shared
def test_wos_plain_text_export(corpora):
    """The tagged export: C1 one address per line (ending with a full stop), RP on one line."""
    from scholargraph.readers import read

    path = corpora / "bibx-exports" / "bit-pattern-savedrecs.txt"
    corpus = read([path], merge=False)
    text = path.read_text(encoding="utf-8-sig")
    records = [r for r in text.split("\nER\n") if "\nTI " in r or r.startswith("TI ")]
    assert len(records) == len(corpus) == 500  # PROVENANCE.md
    for raw, p in zip(records, corpus.papers, strict=True):
        c1 = re.search(r"^C1 (.*?)\n(?=[A-Z][A-Z0-9] )", raw, re.S | re.M)
        lines = [x.strip() for x in c1.group(1).split("\n")] if c1 else []
        expected = list(dict.fromkeys(re.sub(r"^\[[^\]]*\]\s*", "", x).rstrip(".") for x in lines))
        assert [a.address for a in p.affiliations] == expected
        rp = re.search(r"^RP (.*)$", raw, re.M)
        assert len(p.corresponding) == (rp.group(1).count("(reprint author)") if rp else 0)


@pytest.mark.shared
def test_scopus_csv_affiliations(corpora):
    from scholargraph.readers import read

    path = corpora / "bibx-exports" / "scopus.csv"
    corpus = read([path], merge=False)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(corpus) == 581
    for r, p in zip(rows, corpus.papers, strict=True):
        expected = list(dict.fromkeys(a.strip() for a in r["Affiliations"].split(";") if a.strip()))
        assert [a.address for a in p.affiliations] == [e.removesuffix(".") for e in expected]
        assert len(p.corresponding) == sum(
            1
            for x in r["Correspondence Address"].split(";")
            if "," in x and not x.strip().startswith("email")
        )
    # "Authors with affiliations" places every author of a one-address paper at it
    single = next(p for p in corpus.papers if len(p.affiliations) == 1 and len(p.authors) > 2)
    assert len(single.affiliations[0].authors) == len(single.authors)


@pytest.mark.shared
def test_pubmed_xml_affiliations(corpora):
    from scholargraph.readers import read

    path = corpora / "pubmed-xml" / "p1m-ortho-pubmed_result.xml.gz"
    corpus = read([path], merge=False)
    with gzip.open(path) as fh:
        root = ET.parse(fh).getroot()
    with_aff = 0
    for art, p in zip(root.iter("PubmedArticle"), corpus.papers, strict=True):
        texts = []
        for a in art.iter("Author"):
            for info in a.findall("AffiliationInfo/Affiliation"):
                texts += [
                    " ".join(t.split()).rstrip(".") for t in "".join(info.itertext()).split("; ") if t.strip()
                ]
        assert {a.address for a in p.affiliations} == set(texts), p.pmid
        with_aff += bool(texts)
    assert with_aff > 200


@pytest.mark.shared
def test_openalex_institutions_with_country_codes(corpora):
    from scholargraph.readers import read

    path = corpora / "openalex-api" / "openalex-python-fixtures" / "W2741809807.json"
    (p,) = read([path]).papers
    work = json.loads(path.read_text(encoding="utf-8"))
    expected = {
        (i["display_name"], i.get("country_code")) for a in work["authorships"] for i in a["institutions"]
    }
    got = {(a.institution, a.country) for a in p.affiliations if a.institution}
    assert got == expected and expected
    named = {a["author"]["display_name"] for a in work["authorships"] if a["institutions"]}
    assert {n for a in p.affiliations for n in a.authors} >= named
