"""Countries and institutions from addresses: the rules on hand-written addresses, then the Scopus CSV and the
OpenAlex works of ../shared against stdlib readings (csv, json) of the raw files."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter

import pytest

from scholargraph.analysis.geography import (
    country_name,
    country_of_address,
    institution_of,
    paper_geography,
)
from scholargraph.model import Affiliation, Paper


@pytest.mark.parametrize(
    ("address", "country"),
    [
        ("Pontificia Univ Javeriana, Dept Surg, Bogota, Colombia", "Colombia"),
        ("Princess Margaret Hosp, Dept Surg Oncol, Toronto, ON M4X 1K9, Canada", "Canada"),  # postcode before
        ("Stanford Univ, Dept Med, Stanford, CA 94305 USA", "United States"),  # WoS: state + zip + USA
        ("Natl Inst Hlth, Bethesda, MD USA", "United States"),
        ("Fudan Univ, Shanghai, Peoples R China", "China"),
        ("Univ Edinburgh, Edinburgh, Midlothian, Scotland", "United Kingdom"),
        ("Queens Univ Belfast, Belfast, Antrim, North Ireland", "United Kingdom"),
        ("Khalifa Univ, Abu Dhabi, U Arab Emirates", "United Arab Emirates"),
        ("Univ Sarajevo, Sarajevo, Bosnia & Herceg", "Bosnia and Herzegovina"),
        ("Helmholtz Zentrum, Bautzner Landstr 400, D-01328 Dresden, Germany", "Germany"),
        ("Lanzhou University, Lanzhou, 730050, China", "China"),  # Scopus: postcode as its own part
        ("KTH Royal Institute of Technology, Stockholm, SE-10691, Sweden", "Sweden"),
        ("Kazan Federal University, Kazan, Russian Federation", "Russia"),  # Scopus spelling
        ("Seoul National University, Seoul, Republic of Korea", "South Korea"),
        ("Dept of Surgery, Boston, MA, USA. Electronic address: a.b@example.org.", "United States"),  # PubMed
        ("Hospital X, Temuco, Chile. someone@example.cl", "Chile"),
        ("Università di Padova, Padova, Itália", "Italy"),  # accents folded: 'Italia' is a spelling of Italy
        ("Lab Q, Springfield", None),  # no country named: none guessed
        ("Dept of Physics, Albuquerque, New Mexico", None),  # a US state is no country (no 'Mexico' from it)
        ("Christian Doppler Laboratory for Nonvolatile Magnetoresistive Memory and Logic", None),
        ("", None),
    ],
)
def test_country_of_an_address(address, country):
    assert country_of_address(address) == country


def test_uk_nations_kept_apart_on_request():
    assert country_of_address("Univ Oxford, Oxford OX1 3PU, England", uk_nations=True) == "England"
    assert country_of_address("Cardiff Univ, Cardiff, Wales", uk_nations=True) == "Wales"
    assert country_of_address("Queens Univ, Belfast, North Ireland", uk_nations=True) == "Northern Ireland"
    assert country_name("GB", uk_nations=True) == "United Kingdom"


def test_the_source_s_country_code_wins_and_institutions():
    p = Paper.create(
        title="t",
        affiliations=[
            Affiliation("Universidad del Valle", ["A"], "Universidad del Valle", "CO"),
            Affiliation("Department of Physics, Xiamen University, Xiamen, 361005, China", ["B"]),
            Affiliation("Lab Z, Atlantis", ["C"]),
        ],
        corresponding=[Affiliation("Xiamen University, Xiamen, China", ["B"])],
    )
    g = paper_geography(p)
    assert g.countries == ("Colombia", "China") and g.multi_country and g.unresolved == 1
    assert (g.lead, g.lead_basis) == ("China", "corresponding")
    assert [i for i, _ in g.institutions] == ["Universidad del Valle", "Xiamen University", "Lab Z"]
    assert institution_of(
        Affiliation("Pontificia Univ Javeriana Cali, Dept Humanidades, Cali, Colombia")
    ) == ("Pontificia Univ Javeriana Cali")
    alone = Paper.create(title="u", affiliations=[Affiliation("Univ X, Lima, Peru")])
    assert paper_geography(alone).lead_basis == "first address"


def test_authors_affiliation_texts_stand_in_when_the_reader_gives_no_addresses():
    from scholargraph.model import Author

    p = Paper.create(
        title="t", authors=[Author("A", affiliation="MIT, Cambridge, MA, USA; Univ Tokyo, Japan")]
    )
    assert paper_geography(p).countries == ("United States", "Japan")


# ------------------------------------------------------------------------------------------------ real exports


SCOPUS_NAMES = {"Russian Federation": "Russia", "USA": "United States"}
# the three "last parts" of the Scopus file that are no country (looked at: a laboratory, a department, 'IEEE')
SCOPUS_NOT_COUNTRIES = {
    "Christian Doppler Laboratory for Nonvolatile Magnetoresistive Memory and Logic",
    "Aerospace Engineering and Engineering Mechanics",
    "IEEE",
    "",
}


def scopus_country(address: str) -> str | None:
    last = address.rsplit(",", 1)[-1].strip()
    return None if last in SCOPUS_NOT_COUNTRIES else SCOPUS_NAMES.get(last, last)


@pytest.mark.shared
def test_scopus_countries_against_the_csv(corpora):
    from scholargraph.analysis.descriptive import descriptive
    from scholargraph.graph.build import build_graph
    from scholargraph.readers import read

    path = corpora / "bibx-exports" / "scopus.csv"
    corpus = read([path])
    with open(path, encoding="utf-8-sig", newline="") as fh:
        table_rows = list(csv.DictReader(fh))
    assert len(table_rows) == 581  # PROVENANCE.md
    # one row per paper (the reader merged a duplicate into an earlier row): the first row of each paper
    paper_of = {pv.record: p.id for p in corpus.papers for pv in p.provenance}
    firsts = {}
    for k, r in enumerate(table_rows, start=1):
        firsts.setdefault(paper_of[k], r)
    rows = list(firsts.values())
    assert len(rows) == len(corpus) == 581 - len(corpus.merges)
    full, lead, mcp, pairs = Counter(), Counter(), Counter(), Counter()
    for r in rows:
        countries = list(dict.fromkeys(c for a in r["Affiliations"].split("; ") if (c := scopus_country(a))))
        addresses = [x.strip() for x in r["Correspondence Address"].split(";") if "," in x]
        owner = scopus_country(addresses[0]) if addresses else None
        owner = owner or (countries[0] if countries else None)
        for c in countries:
            full[c] += 1
        if owner:
            lead[owner] += 1
            mcp[owner] += len(countries) > 1
        ordered = sorted(countries)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs[(a, b)] += 1
    tables = descriptive(corpus, build_graph(corpus))
    table = tables["countries"].set_index("country")
    assert dict(table["papers"]) == dict(full)
    assert dict(table["corresponding"]) == {c: lead[c] for c in table.index}
    assert dict(table["mcp"]) == {c: mcp[c] for c in table.index}
    collab = tables["country_collaboration"]
    assert collab.set_index(["country_a", "country_b"])["papers"].to_dict() == dict(pairs)
    assert list(table.index[:2]) == ["United States", "China"]
    # the Scopus keyword fields: Author Keywords and Index Keywords
    kinds = set(tables["keywords"]["kind"])
    assert kinds == {"author", "indexed"}
    # the most frequent index keyword is the field's equation, in the spellings read by hand from the CSV (case,
    # spaces, hyphens and en dashes aside): Landau-Lifs(c)hitz-Gilbert (one "Lifshtiz"), LLG, with or without
    # "(LLG)", "equation(s)" and a final full stop
    llg = re.compile(r"(landaulifs(c)?h(it|ti)zgilbert|llg)(\(llg\))?(equations?)?(\(llg\))?\.?")
    papers = sum(
        any(llg.fullmatch(re.sub(r"[\s\-\u2013]", "", k.casefold())) for k in r["Index Keywords"].split(";"))
        for r in rows
    )
    got = tables["keywords"][tables["keywords"]["kind"] == "indexed"]
    assert (got.iloc[0]["keyword"].casefold(), int(got.iloc[0]["papers"])) == (
        "landau-lifshitz-gilbert equations",
        papers,
    )


# ISO 3166-1 codes of the OpenAlex works here (looked up by hand)
ISO = {"US": "United States", "GB": "United Kingdom", "DE": "Germany", "IT": "Italy", "SE": "Sweden",
       "AT": "Austria", "ID": "Indonesia", "CA": "Canada", "MX": "Mexico", "CN": "China", "CR": "Costa Rica",
       "NO": "Norway", "IE": "Ireland", "NL": "Netherlands", "FR": "France", "DK": "Denmark", "IL": "Israel",
       "CH": "Switzerland", "ES": "Spain", "ZA": "South Africa", "AU": "Australia", "VE": "Venezuela",
       "FI": "Finland", "SG": "Singapore", "MY": "Malaysia", "HR": "Croatia", "RU": "Russia", "JP": "Japan",
       "IS": "Iceland", "CO": "Colombia", "BR": "Brazil", "BD": "Bangladesh", "KZ": "Kazakhstan", "GH": "Ghana",
       "SS": "South Sudan"}  # fmt: skip


@pytest.mark.shared
def test_openalex_countries_from_institution_codes(corpora):
    from scholargraph.readers import read

    files = sorted((corpora / "openalex-api").glob("openalexPro-*/*.json"))
    corpus = read(files, merge=False)
    by_oa = {p.openalex_id: p for p in corpus.papers}
    compared = exact = 0
    for f in files:
        for w in json.loads(f.read_text(encoding="utf-8")).get("results", []):
            codes = [i.get("country_code") for a in w["authorships"] for i in a.get("institutions") or []]
            expected = {ISO[c] for c in codes if c}
            unlinked = any(
                not x.get("institution_ids") for a in w["authorships"] for x in a.get("affiliations") or []
            )
            g = paper_geography(by_oa[w["id"].rsplit("/", 1)[1]])
            assert expected <= set(g.countries), w["id"]
            if not unlinked:  # every address is an institution: its code is the whole story
                assert set(g.countries) == expected, w["id"]
                exact += 1
            first_corr = next(
                (i.get("country_code") for a in w["authorships"] if a.get("is_corresponding")
                 for i in a.get("institutions") or [] if i.get("country_code")), None)  # fmt: skip
            if first_corr:
                assert (g.lead, g.lead_basis) == (ISO[first_corr], "corresponding"), w["id"]
            compared += 1
    assert compared == 146 and exact > 100
