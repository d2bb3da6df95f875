"""The descriptive tables on a corpus small enough to count by hand, their formulas, and analyze()/the store.

The hand corpus (6 papers): years 2018, 2018, 2019, 2021, 2021, 2021 (no paper in 2020); times cited 10, 0, 4,
3, 1, None; authors A (papers 1, 2, 4), B (1, 3), C (4), D (5, 6); sources J1 (1, 2, 3), J2 (4, 5), J3 (6);
paper 4 cites 1 and 3, paper 5 cites 1. Every expected number below was worked out on paper from that list.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

import scholargraph as sg
from scholargraph.analysis import tables as T
from scholargraph.analysis.descriptive import annual_growth_rate, bradford_zones, descriptive, h_index, lotka
from scholargraph.errors import ConfigError
from scholargraph.model import Affiliation, Author, Corpus, Paper, Reference


def hand_corpus() -> Corpus:
    def paper(i, year, tc, authors, venue, keywords, cites=(), addresses=(), corresponding=()):
        return Paper.create(
            title=f"Paper {i}",
            year=year,
            doi=f"10.1000/p{i}",
            citation_count=tc,
            authors=[Author(a) for a in authors],
            venue=venue,
            keywords=list(keywords),
            references=[Reference(doi=f"10.1000/p{c}") for c in cites],
            affiliations=[Affiliation(a) for a in addresses],
            corresponding=[Affiliation(a) for a in corresponding],
        )

    return Corpus(
        papers=[
            paper(1, 2018, 10, "AB", "J1", ["graphs", "Networks"], addresses=["U1, Bogota, Colombia"]),
            paper(2, 2018, 0, "A", "J1", ["graphs"], addresses=["U1, Cali, Colombia", "U2, Lima, Peru"]),
            paper(3, 2019, 4, "B", "J1", ["networks"], addresses=["U3, Madrid, Spain"]),
            paper(4, 2021, 3, "AC", "J2", ["graphs", "networks"], cites=(1, 3),
                  addresses=["U1, Bogota, Colombia", "U3, Madrid, Spain"], corresponding=["U3, Madrid, Spain"]),
            paper(5, 2021, 1, "D", "J2", ["trees"], cites=(1,), addresses=["Lab, Boston, MA 02115 USA"]),
            paper(6, 2021, None, "D", "J3", []),
        ]
    )  # fmt: skip


@pytest.fixture(scope="module")
def hand():
    corpus = hand_corpus()
    return descriptive(corpus, sg.build_graph(corpus))


def value(tables, measure):
    main = tables[T.MAIN_INFORMATION]
    return main.loc[main["measure"] == measure, "value"].iloc[0]


def test_annual_production_with_the_empty_year_and_citations(hand):
    annual = hand[T.ANNUAL_PRODUCTION]
    assert annual[["year", "papers", "cumulative", "times_cited"]].values.tolist() == [
        [2018, 2, 2, 10], [2019, 1, 3, 4], [2020, 0, 3, 0], [2021, 3, 6, 4]]  # fmt: skip
    # 2021: times cited 3 and 1 known (paper 6 has none) -> mean 2, one citable year
    assert annual["mean_times_cited"].tolist()[::3] == [5.0, 2.0]
    assert annual["mean_times_cited_per_year"].tolist()[::3] == [5.0 / 4, 2.0]
    assert math.isnan(annual.loc[2, "mean_times_cited"])
    assert value(hand, "annual_growth_rate") == pytest.approx(1.5 ** (1 / 3) - 1)  # (3/2)^(1/3) - 1
    assert value(hand, "papers_with_times_cited") == 5 and value(hand, "mean_times_cited") == pytest.approx(
        3.6
    )


def test_global_and_local_citations(hand):
    pc = hand[T.PAPER_CITATIONS]
    assert pc["paper_id"].tolist()[:3] == ["doi:10.1000/p1", "doi:10.1000/p3", "doi:10.1000/p4"]
    assert pc.set_index("paper_id")["local_citations"].to_dict() == {
        "doi:10.1000/p1": 2, "doi:10.1000/p3": 1, "doi:10.1000/p4": 0, "doi:10.1000/p5": 0, "doi:10.1000/p2": 0,
        "doi:10.1000/p6": 0}  # fmt: skip
    assert pc.iloc[-1]["paper_id"] == "doi:10.1000/p6" and pc["times_cited"].isna().sum() == 1
    assert pc.iloc[0]["times_cited_per_year"] == pytest.approx(10 / 4)  # 2018 -> 2021: four citable years


def test_authors_sources_bradford_and_lotka(hand):
    a = hand[T.AUTHOR_PRODUCTION].set_index("name")
    assert a.loc["A", ["papers", "times_cited", "local_citations", "h_index"]].tolist() == [3, 13, 2, 2]
    assert a.loc["A", "papers_fractional"] == pytest.approx(0.5 + 1 + 0.5)
    assert a.loc["D", ["papers", "first_year"]].tolist() == [2, 2021]
    s = hand[T.SOURCES]
    assert s[["source", "papers", "cumulative", "zone"]].values.tolist() == [
        ["J1", 3, 3, 1], ["J2", 2, 5, 3], ["J3", 1, 6, 3]]  # fmt: skip
    # J2's cumulated count (5 of 6) ends in the last third: zone 3; no source ends in the middle third
    assert hand[T.BRADFORD_ZONES][["sources", "papers"]].values.tolist() == [[1, 3], [0, 0], [2, 3]]
    assert hand[T.LOTKA][["papers", "authors"]].values.tolist() == [[1, 1], [2, 2], [3, 1]]  # C; B, D; A


def test_countries_scp_mcp_and_pairs(hand):
    c = hand[T.COUNTRIES].set_index("country")
    # Colombia: papers 1, 2, 4 (4: corresponding author in Spain); lead: 1 (SCP), 2 (MCP, first address)
    assert c.loc["Colombia", ["papers", "corresponding", "scp", "mcp"]].tolist() == [3, 2, 1, 1]
    assert c.loc["Spain", ["papers", "corresponding", "scp", "mcp"]].tolist() == [2, 2, 1, 1]
    assert c.loc["Colombia", "papers_fractional"] == pytest.approx(1 + 0.5 + 0.5)
    assert c.loc["United States", "times_cited"] == 1
    pairs = hand[T.COUNTRY_COLLABORATION]
    assert pairs.values.tolist() == [["Colombia", "Peru", 1], ["Colombia", "Spain", 1]]
    assert value(hand, "international_coauthorship") == pytest.approx(2 / 5)
    st = hand[T.COUNTRIES].attrs["settings"]
    assert st["corresponding_from"] == {"corresponding": 1, "first address": 4}


def test_keywords_cooccurrence_and_three_field(hand):
    kw = hand[T.KEYWORDS]
    assert kw[["keyword", "papers"]].values.tolist() == [["graphs", 3], ["networks", 3], ["trees", 1]]
    co = hand[T.KEYWORD_COOCCURRENCE]
    assert co[["keyword_a", "keyword_b", "papers"]].values.tolist() == [["graphs", "networks", 2]]
    assert co["association"].iloc[0] == pytest.approx(2 * 6 / (3 * 3))
    three = hand[T.THREE_FIELD]
    links = {(r.item_from, r.item_to): r.papers for r in three.itertuples()}
    assert links[("A", "graphs")] == 3 and links[("networks", "J1")] == 2 and links[("trees", "J2")] == 1


def test_without_times_cited_there_is_no_year_they_are_counted_as_of(hand):
    # the hand corpus has counts: they are as of its last year (2021); mean age (3+3+2+0+0+0)/6 against it
    assert value(hand, "citation_year") == 2021
    assert value(hand, "mean_age") == pytest.approx(8 / 6)
    # the same papers from an export without counts (MEDLINE, a Daily Papers listing): no such year, same ages
    bare = Corpus(papers=[replace(p, citation_count=None) for p in hand_corpus().papers])
    tables = descriptive(bare, sg.build_graph(bare))
    assert value(tables, "papers_with_times_cited") == 0
    assert value(tables, "citation_year") is None or math.isnan(value(tables, "citation_year"))
    assert value(tables, "mean_age") == pytest.approx(8 / 6)


def test_formulas():
    assert annual_growth_rate([(2000, 4), (2004, 64)]) == pytest.approx(1.0)  # 4 -> 64 in 4 years: doubling
    assert annual_growth_rate([(2000, 0), (2001, 5)]) is None and annual_growth_rate([(2000, 3)]) is None
    assert h_index([5, 5, 5, 5, 5, 1]) == 5
    assert bradford_zones([3]) == [1] and bradford_zones([1, 1, 1]) == [1, 2, 3]
    dist, fit = lotka([1, 1, 1])
    assert dist["authors"].tolist() == [3] and math.isnan(fit.loc[0, "beta"]) and not fit.loc[0, "fits"]


def test_analyze_makes_the_tables_and_the_store_keeps_them(tmp_path):
    corpus = hand_corpus()
    kg = sg.build_graph(corpus)
    tables = sg.analyze(kg, corpus=corpus, seed=0, stability_runs=0, citation_year=2023)
    assert set(T.DESCRIPTIVE) <= set(tables)
    assert tables[T.ANNUAL_PRODUCTION]["citable_years"].tolist() == [6.0, 5.0, 4.0, 3.0]
    assert tables[T.COUNTRIES].attrs["settings"]["citation_year"] == 2023
    store = tmp_path / "store"
    sg.save(kg, store, corpus=corpus)
    saved = sg.analyze_store(store, seed=0, stability_runs=0, citation_year=2023)
    from scholargraph.store import embedded

    for name in T.DESCRIPTIVE:
        back = embedded.load_table(store, name)
        assert list(back.columns) == list(saved[name].columns), name
        assert len(back) == len(saved[name]), name
    main = embedded.load_table(store, T.MAIN_INFORMATION)
    assert dict(zip(main["measure"], main["value"], strict=True))["papers"] == 6
    settings = json.loads((store / "analysis" / "settings.json").read_text())
    assert settings[T.COUNTRIES]["corresponding_from"] == {"corresponding": 1, "first address": 4}


def test_without_a_corpus_there_are_no_descriptive_tables_and_bad_settings_are_refused():
    corpus = hand_corpus()
    tables = sg.analyze(sg.build_graph(corpus), seed=0, stability_runs=0)
    assert not set(T.DESCRIPTIVE) & set(tables)
    with pytest.raises(ConfigError, match="'uk_nations' parameter of analyze must be True or False"):
        sg.analyze(sg.build_graph(corpus), corpus=corpus, uk_nations="yes")
    with pytest.raises(ConfigError, match="keyword_map_size"):
        sg.analyze(sg.build_graph(corpus), corpus=corpus, keyword_map_size=1)


def test_uk_nations_setting():
    corpus = Corpus(papers=[Paper.create(title="x", year=2020, affiliations=[
        Affiliation("Univ Oxford, Oxford, England"), Affiliation("Univ Edinburgh, Edinburgh, Scotland")])])  # fmt: skip
    kg = sg.build_graph(corpus)
    merged = descriptive(corpus, kg)[T.COUNTRIES]
    apart = descriptive(corpus, kg, uk_nations=True)[T.COUNTRIES]
    assert merged["country"].tolist() == ["United Kingdom"] and merged["scp"].tolist() == [1]
    assert sorted(apart["country"]) == ["England", "Scotland"] and apart["mcp"].sum() == 1


def test_same_input_same_tables():
    corpus = hand_corpus()
    a = descriptive(corpus, sg.build_graph(corpus))
    b = descriptive(hand_corpus(), sg.build_graph(hand_corpus()))
    for name in a:
        assert a[name].equals(b[name]), name
