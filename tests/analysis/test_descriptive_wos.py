"""The descriptive analysis (issue 15) on the Web of Science set, every number against an independent reading.

The oracle is tests/graph/wos_oracle.py (gzip + split on tab, the standard library only; never the project's
readers) plus the few lines below per measure. Each raw record is mapped to the project paper that holds it by
file and record number (the papers' provenance), so the 7 records the reader merged into an earlier one count
once on both sides; the oracle takes a paper's fields from its first record, and its keywords from all its
records (merging duplicates unites their keyword lists).
"""

from __future__ import annotations

import importlib.util
import math
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

pytestmark = [pytest.mark.shared, pytest.mark.slow]

_spec = importlib.util.spec_from_file_location(
    "wos_oracle", Path(__file__).resolve().parent.parent / "graph" / "wos_oracle.py"
)
WO = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(WO)

# WoS country spellings that differ from the names of the project (England, Scotland, Wales and North Ireland are
# the United Kingdom by default); every other WoS country name is the name itself
WOS_NAMES = {
    "USA": "United States",
    "Peoples R China": "China",
    "England": "United Kingdom",
    "Scotland": "United Kingdom",
    "Wales": "United Kingdom",
    "North Ireland": "United Kingdom",
    "U Arab Emirates": "United Arab Emirates",
    "Bosnia & Herceg": "Bosnia and Herzegovina",
    "Cote Ivoire": "Ivory Coast",
    "DEM REP CONGO": "Democratic Republic of the Congo",
    "Dominican Rep": "Dominican Republic",
    "Macedonia": "North Macedonia",
    "Papua N Guinea": "Papua New Guinea",
    "Sao Tome & Prin": "Sao Tome and Principe",
    "St Lucia": "Saint Lucia",
    "Trinidad Tobago": "Trinidad and Tobago",
    "BELARUS": "Belarus",
}


@pytest.fixture(scope="module")
def wos(corpora):
    from scholargraph.analysis.descriptive import descriptive
    from scholargraph.graph.build import build_graph
    from scholargraph.readers import read

    corpus = read(sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz")))
    kg = build_graph(corpus)
    return corpus, descriptive(corpus, kg)


@pytest.fixture(scope="module")
def raw(corpora, wos):
    """(paper id -> its first raw record's tags, raw record index -> paper id, the raw records)."""
    corpus, _ = wos
    records = WO.load(corpora / "wos-javeriana-cali")
    assert len(records) == 6025  # PROVENANCE.md
    where = {(pv.file, pv.record): p.id for p in corpus.papers for pv in p.provenance}
    paper_of = [where[(r.file, r.record)] for r in records]
    first: dict[str, dict[str, str]] = {}
    for r, pid in zip(records, paper_of, strict=True):
        first.setdefault(pid, r.tags)
    assert len(first) == len(corpus) == 6018  # 7 records merged into an earlier one
    return first, paper_of, records


def year(tags: dict[str, str]) -> int:
    """PY, else the year of the early-access date EA ('JUL 2022'): every record of the set has one of them."""
    return int(tags["PY"] or re.search(r"\d{4}", tags["EA"]).group(0))


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join(
        re.sub(r"[^\w\s]", " ", "".join(c for c in text if not unicodedata.combining(c))).lower().split()
    )


def items(value: str) -> list[str]:
    return [" ".join(x.split()) for x in value.split(";") if x.strip()]


def measure(tables, name):
    main = tables["main_information"]
    return main.loc[main["measure"] == name, "value"].iloc[0]


def test_annual_production_growth_and_citations_per_year(wos, raw):
    _, tables = wos
    first, _, _ = raw
    papers = Counter(year(t) for t in first.values())
    cited = Counter()
    for t in first.values():
        cited[year(t)] += int(t["TC"])
    last, start = max(papers), min(papers)
    annual = tables["annual_production"]
    assert annual["year"].tolist() == list(range(start, last + 1))
    assert dict(zip(annual["year"], annual["papers"], strict=True)) == {
        y: papers[y] for y in range(start, last + 1)
    }
    assert annual["cumulative"].iloc[-1] == 6018
    assert dict(zip(annual["year"], annual["times_cited"], strict=True)) == {
        y: cited[y] for y in range(start, last + 1)
    }
    for y, mean, per_year in zip(annual["year"], annual["mean_times_cited"], annual["mean_times_cited_per_year"], strict=True):  # fmt: skip
        assert mean == pytest.approx(cited[y] / papers[y])
        assert per_year == pytest.approx(
            cited[y] / papers[y] / (last - y + 1)
        )  # citation year: the last year
    growth = (papers[last] / papers[start]) ** (1 / (last - start)) - 1
    assert measure(tables, "annual_growth_rate") == pytest.approx(growth)
    assert (start, last, round(100 * growth, 1)) == (2001, 2022, 12.7)
    tc = [int(t["TC"]) for t in first.values()]
    assert measure(tables, "mean_times_cited") == pytest.approx(sum(tc) / len(tc))
    assert measure(tables, "mean_age") == pytest.approx(
        sum(last - year(t) for t in first.values()) / len(first)
    )


def test_global_and_local_citations_of_every_paper(wos, raw):
    _, tables = wos
    first, paper_of, records = raw
    # a paper cited from both records of a merged paper is cited once
    edges = {
        (paper_of[a], paper_of[b])
        for a, b in WO.citations(records, {i: i for i in range(len(records))})
        if paper_of[a] != paper_of[b]
    }
    local = Counter(b for _, b in edges)
    table = tables["paper_citations"].set_index("paper_id")
    assert dict(table["local_citations"]) == {pid: local.get(pid, 0) for pid in first}
    assert dict(table["times_cited"].astype(int)) == {pid: int(t["TC"]) for pid, t in first.items()}
    assert measure(tables, "citations_inside") == len(edges)
    expected = sorted(first, key=lambda p: (-int(first[p]["TC"]), -local.get(p, 0), p))[:10]
    top = tables["paper_citations"].head(10)
    assert top["paper_id"].tolist() == expected
    assert int(top["times_cited"].iloc[0]) == 4648  # the GBD 2015 mortality paper in the Lancet
    for pid, per_year in zip(top["paper_id"], top["times_cited_per_year"], strict=True):
        assert per_year == pytest.approx(int(first[pid]["TC"]) / (2022 - year(first[pid]) + 1))


def test_author_counts_full_and_fractional(wos, raw):
    """Totals are exact; per author, the graph's identity (ORCID > name, initials into a full name) is the
    project's, so single authors are checked where neither an ORCID nor the initials rule can be involved: names
    whose family name no record's OI/RI field mentions and no record writes with initials only."""
    _, tables = wos
    first, _, _ = raw
    authors = tables["author_production"]

    def key(name: str) -> str:
        family, _, given = name.partition(",")
        return fold(f"{given} {family}")

    per_paper = {pid: {key(a) for a in items(t["AF"])} for pid, t in first.items()}
    assert authors["papers"].sum() == sum(len(s) for s in per_paper.values()) == 44112
    assert authors["papers_fractional"].sum() == pytest.approx(
        sum(1 for s in per_paper.values() if s), abs=1e-3
    )
    counts = Counter(k for s in per_paper.values() for k in s)
    cites: dict[str, list[int]] = defaultdict(list)
    for pid, names in per_paper.items():
        for k in names:
            cites[k].append(int(first[pid]["TC"]))
    with_ids = fold(" ".join(t["OI"] + " " + t["RI"] for t in first.values())).split()

    def initials_only(name: str) -> bool:
        return not any(
            len(w) >= 2 and not w.isupper() for w in re.findall(r"[^\W\d_]+", name.partition(",")[2])
        )

    # surnames written with initials only somewhere ('Lasalvia, P'): the initials rule may add those papers
    with_initials = {
        fold(a.partition(",")[0]).split()[-1]
        for t in first.values()
        for a in items(t["AF"])
        if initials_only(a)
    }
    checked = 0
    for _, row in authors[authors["papers"] >= 5].iterrows():
        k = fold(row["name"])
        if (
            not row["node"].startswith("Author:name:")
            or k.split()[-1] in with_ids
            or k.split()[-1] in with_initials
        ):
            continue
        tcs = sorted(cites[k], reverse=True)
        assert row["papers"] == counts[k], row["name"]
        assert row["times_cited"] == sum(tcs)
        assert row["h_index"] == max([h for h in range(len(tcs) + 1) if h == 0 or tcs[h - 1] >= h])
        checked += 1
    assert checked >= 50


def test_sources_and_bradford_zones(wos, raw):
    _, tables = wos
    first, _, _ = raw
    per_source = Counter(t["SO"] for t in first.values())
    ranked = sorted(per_source.items(), key=lambda kv: (-kv[1], kv[0]))
    sources = tables["sources"]
    assert sources["papers"].tolist() == [n for _, n in ranked]
    assert list(zip(sources["source"], sources["papers"], strict=True))[:10] == ranked[:10]
    assert sources.iloc[0]["source"] == "UNIVERSITAS MEDICA" and sources.iloc[0]["papers"] == 194
    total, cum, zone_papers, zone_sources = sum(per_source.values()), 0, Counter(), Counter()
    for i, (_, n) in enumerate(ranked):
        cum += n
        zone = 1 if i == 0 or cum <= total / 3 else 2 if cum <= 2 * total / 3 else 3
        zone_papers[zone] += n
        zone_sources[zone] += 1
    zones = tables["bradford_zones"]
    assert zones["papers"].tolist() == [zone_papers[z] for z in (1, 2, 3)]
    assert zones["sources"].tolist() == [zone_sources[z] for z in (1, 2, 3)]
    assert zones["sources"].tolist() == [100, 589, 1770]


def test_lotka_fit_by_least_squares_on_log_log(wos):
    """The fit recomputed with statistics.linear_regression over the distribution of the author table."""
    _, tables = wos
    n_papers = Counter(tables["author_production"]["papers"])
    lotka, fit = tables["lotka"], tables["lotka_fit"].iloc[0]
    assert dict(zip(lotka["papers"], lotka["authors"], strict=True)) == dict(n_papers)
    total = sum(n_papers.values())
    xs = sorted(n_papers)
    lx = [math.log10(x) for x in xs]
    ly = [math.log10(n_papers[x] / total) for x in xs]
    slope, intercept = statistics.linear_regression(lx, ly)
    assert fit["beta"] == pytest.approx(-slope) and fit["constant"] == pytest.approx(10**intercept)
    assert fit["r_squared"] == pytest.approx(statistics.correlation(lx, ly) ** 2)
    expected = [10**intercept * x**slope for x in xs]
    d = max(
        abs(sum(n_papers[x] / total for x in xs[: i + 1]) - sum(expected[: i + 1])) for i in range(len(xs))
    )
    assert fit["ks_statistic"] == pytest.approx(d) and fit["ks_critical"] == pytest.approx(1.63 / total**0.5)
    assert bool(fit["fits"]) == (d <= 1.63 / total**0.5)
    assert 1.5 < fit["beta"] < 3.5  # the field's usual range around Lotka's 2


def wos_addresses(c1: str) -> list[str]:
    """The addresses of a C1 field: '[names] address' entries separated by '; ', names inside the brackets."""
    return [
        re.sub(r"^\[[^\]]*\]\s*", "", e).strip()
        for e in re.split(r"; (?=\[)|; (?![^\[]*\])", c1)
        if e.strip()
    ]


def wos_country(address: str) -> str:
    last = address.rstrip(".").rsplit(",", 1)[-1].strip()
    if last.endswith(" USA") or last == "USA":
        return "United States"
    return WOS_NAMES.get(last, last)


def test_countries_scp_mcp_and_collaboration(wos, raw):
    _, tables = wos
    first, _, _ = raw
    full, frac, lead, mcp, pairs = Counter(), Counter(), Counter(), Counter(), Counter()
    for t in first.values():
        countries = list(dict.fromkeys(wos_country(a) for a in wos_addresses(t["C1"])))
        reprint = re.split(r"\((?:corresponding|reprint) author\), ", t["RP"])
        # the first corresponding address ends at its full stop ("... Colombia.; Next, N (corresponding ...")
        corresponding = wos_country(reprint[1].split(".;")[0]) if len(reprint) > 1 else None
        for c in countries:
            full[c] += 1
            frac[c] += 1 / len(countries)
        owner = corresponding or (countries[0] if countries else None)
        if owner:
            lead[owner] += 1
            mcp[owner] += len(countries) > 1
        for i, a in enumerate(sorted(countries)):
            for b in sorted(countries)[i + 1 :]:
                pairs[(a, b)] += 1
    table = tables["countries"].set_index("country")
    assert dict(table["papers"]) == dict(full)
    assert dict(table["corresponding"]) == {c: lead[c] for c in table.index}
    assert dict(table["mcp"]) == {c: mcp[c] for c in table.index}
    assert dict(table["scp"]) == {c: lead[c] - mcp[c] for c in table.index}
    for c, v in table["papers_fractional"].items():
        assert v == pytest.approx(frac[c], abs=1e-5)
    collab = tables["country_collaboration"]
    assert collab.set_index(["country_a", "country_b"])["papers"].to_dict() == dict(pairs)
    assert table.loc["Colombia", "papers"] == 6004 and table.index[1] == "United States"
    st = tables["countries"].attrs["settings"]
    assert st["addresses_without_country"] == 0
    # institutions: the organisation, which WoS writes first in an address, with its country
    insts = Counter(
        i for t in first.values() for i in {(a.split(",")[0], wos_country(a)) for a in wos_addresses(t["C1"])}
    )
    got = tables["institutions"]
    assert dict(
        zip(zip(got["institution"], got["country"], strict=True), got["papers"], strict=True)
    ) == dict(insts)
    assert got.iloc[0].tolist() == [
        "Pontificia Univ Javeriana",
        "Colombia",
        insts[("Pontificia Univ Javeriana", "Colombia")],
    ]
    known = [t for t in first.values() if t["C1"].strip()]
    intl = sum(1 for t in known if len({wos_country(a) for a in wos_addresses(t["C1"])}) > 1)
    assert measure(tables, "international_coauthorship") == pytest.approx(intl / len(known))


def keywords_of(raw, tag: str, group=str.casefold) -> dict[str, set[str]]:
    """Paper id -> the keywords of a tag (DE, ID) over all the paper's records, each mapped by ``group``."""
    _, paper_of, records = raw
    out: dict[str, set[str]] = defaultdict(set)
    for r, pid in zip(records, paper_of, strict=True):
        out[pid].update(group(k) for k in items(r.tags[tag]))
    return out


# The ten most frequent author keywords, each with the spellings that are the same keyword, written by hand
# after reading every DE spelling of the set that folds to one of them (case, hyphens and spaces, plural,
# qualifiers in brackets such as "Colombia (Source: authors)", "Alzheimer's disease (AD)" for the 11th).
HAND_TOP_AUTHOR_KEYWORDS = {
    "Colombia": r"colombia( \((source|thesaurus)[^)]*\))?",
    "Latin America": r"latin[ -]?america",
    "taxonomy": r"taxonomy",
    "astrocytes": r"astrocytes?",
    "obesity": r"obesity",
    "risk factors": r"risk factors?",
    "epidemiology": r"epidemiology",
    "neuroprotection": r"neuroprotection",
    "COVID-19": r"covid-?19",
    "mortality": r"mortality",
}


def test_keyword_frequencies_cooccurrence_and_three_field_view(wos, raw):
    """Keywords are counted per synonym group (`keyword_forms`, tested with hand-made spellings in
    test_trends.py): the counts, pairs and links below are recounted from the raw tags with that mapping; the
    groups themselves are checked against hand-written spellings for the ten most frequent author keywords."""
    from scholargraph.analysis.trend_detection import keyword_forms

    _, tables = wos
    first, _, _ = raw
    kw = tables["keywords"]
    for kind, tag in (("author", "DE"), ("indexed", "ID")):
        forms = keyword_forms(k for ks in keywords_of(raw, tag, group=str).values() for k in ks)
        per_paper = keywords_of(raw, tag, group=forms.__getitem__)
        counts = Counter(k for s in per_paper.values() for k in s)
        sub = kw[kw["kind"] == kind]
        assert len(sub) == len(counts) == measure(tables, f"keywords_{kind}")
        # groups are at least case-folded spellings, and fewer
        assert len(counts) < len({k.casefold() for ks in keywords_of(raw, tag).values() for k in ks})
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        assert list(zip(sub["keyword"], sub["papers"], strict=True)) == ranked
        on_map = {k for k, _ in ranked[:50]}
        pairs = Counter()
        for s in per_paper.values():
            both = sorted(s & on_map)
            for i, a in enumerate(both):
                for b in both[i + 1 :]:
                    pairs[(a, b)] += 1
        co = tables["keyword_cooccurrence"]
        co = co[co["kind"] == kind]
        got = {tuple(sorted((a, b))): n for a, b, n in zip(co["keyword_a"], co["keyword_b"], co["papers"], strict=True)}  # fmt: skip
        assert got == dict(pairs)
    # the hand-checked groups: papers with a DE keyword of the spellings, counted with a regex over the raw tags
    authors = kw[kw["kind"] == "author"]
    for name, spelling in HAND_TOP_AUTHOR_KEYWORDS.items():
        hand = keywords_of(raw, "DE", group=lambda k, sp=spelling: bool(re.fullmatch(sp, k.casefold())))
        assert (name, sum(True in s for s in hand.values())) in set(
            zip(authors["keyword"], authors["papers"], strict=True)
        )
    assert set(authors["keyword"].head(10)) == set(HAND_TOP_AUTHOR_KEYWORDS)
    # three-field view: keyword -> source links of the 12 most frequent author keywords and largest sources
    forms = keyword_forms(k for ks in keywords_of(raw, "DE", group=str).values() for k in ks)
    per_paper = keywords_of(raw, "DE", group=forms.__getitem__)
    counts = Counter(k for s in per_paper.values() for k in s)
    top_kw = {k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:12]}
    per_source = Counter(t["SO"] for t in first.values())
    top_so = {s for s, _ in sorted(per_source.items(), key=lambda kv: (-kv[1], kv[0]))[:12]}
    links = Counter(
        (k, first[pid]["SO"])
        for pid, s in per_paper.items()
        for k in s & top_kw
        if first[pid]["SO"] in top_so
    )
    three = tables["three_field"]
    ks = three[three["field_from"] == "keyword"]
    assert {(k, s): n for k, s, n in zip(ks["item_from"], ks["item_to"], ks["papers"], strict=True)} == dict(
        links
    )
    assert set(three.loc[three["field_from"] == "author", "item_to"]) <= top_kw


def test_the_reader_keeps_every_address_and_corresponding_address(wos, raw):
    corpus, _ = wos
    first, _, _ = raw
    by_id = {p.id: p for p in corpus.papers}
    for pid, t in first.items():
        p = by_id[pid]
        assert [a.address for a in p.affiliations] == list(
            dict.fromkeys(a.rstrip(".") for a in wos_addresses(t["C1"]))
        )
        assert len(p.corresponding) == t["RP"].count(" author), ")
    entry = next(p for p in corpus.papers if any(len(a.authors) > 3 for a in p.affiliations))
    raw_names = {n for a in entry.affiliations for n in a.authors}
    assert raw_names <= set(items(first[entry.id]["AF"]))
