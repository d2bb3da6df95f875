"""Reference resolution where there is no DOI (issue 12): Scopus references carry none, so they resolve by
normalised title, checked against the first author's surname and the year where both sides give them."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest

from scholargraph.graph.build import build_graph
from scholargraph.model import Author, Paper, Reference, normalize_title
from scholargraph.readers import read

DATA = Path(__file__).resolve().parent.parent / "data" / "graph"


def _fold(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"\W+", " ", text.lower()).split())


@pytest.fixture(scope="module")
def scopus(corpora):
    path = corpora / "bibx-exports" / "scopus.csv"
    corpus = read(path)
    return path, corpus, build_graph(corpus)


@pytest.mark.shared
def test_scopus_references_resolve_by_title(scopus):
    """PROVENANCE.md: matching record titles as substrings of references gives about 269 in-set edges (the
    issue: about 270). The oracle here does that with the csv module: a record's title (three words or more)
    as a whole-word substring of another record's reference. It over-counts (a title that is the start of a
    longer cited title), so the project's edges must be a subset holding nearly all of it."""
    path, corpus, kg = scopus
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 581  # PROVENANCE.md
    titles = [_fold(r["Title"]) for r in rows]
    oracle = set()
    for i, r in enumerate(rows):
        refs = [f" {_fold(x)} " for x in r["References"].split("; ") if x.strip()]
        for j, t in enumerate(titles):
            if j != i and len(t.split()) >= 3 and any(f" {t} " in ref for ref in refs):
                oracle.add((i, j))
    node = {}  # csv row -> the project's paper node holding it
    for p in corpus.papers:
        for pv in p.provenance:
            node[pv.record - 1] = f"Paper:{p.id}"
    expected = {(node[i], node[j]) for i, j in oracle if node[i] != node[j]}
    cites = {(u, v): d["matched_by"] for u, v, d in kg.edges("CITES")}
    assert set(cites) <= expected
    assert len(cites) >= 0.95 * len(expected) and 255 <= len(cites) <= 285
    assert set(cites.values()) <= {"title+year+first_author", "title+first_author", "title+year", "title"}
    assert sum(m == "title+year+first_author" for m in cites.values()) > 0.9 * len(cites)


@pytest.mark.shared
def test_precision_on_a_hand_checked_sample(scopus):
    """tests/data/graph/scopus_title_matches.tsv: 38 title matches read by hand (how: see the file's header)."""
    _, corpus, kg = scopus
    with (DATA / "scopus_title_matches.tsv").open(encoding="utf-8") as f:
        sample = list(csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t"))
    assert len(sample) >= 30
    titles = {f"Paper:{p.id}": p.title for p in corpus.papers}
    targets: dict[str, set[str]] = {}
    for u, v, _ in kg.edges("CITES"):
        targets.setdefault(u, set()).add(titles[v])
    cited: dict[str, set[str]] = {}  # reference string -> titles of the papers its citing paper CITES
    for p in corpus.papers:
        for r in p.references:
            cited.setdefault(r.raw, set()).update(targets.get(f"Paper:{p.id}", ()))
    for row in sample:
        assert row["reference"] in cited, row["reference"]
        assert row["matched_title"] in cited[row["reference"]], row["reference"]
    correct = sum(row["verdict"] == "correct" for row in sample)
    assert correct / len(sample) >= 0.95


@pytest.mark.shared
def test_a_title_that_only_starts_the_cited_title_is_not_a_match(scopus):
    """'Geometrical analysis of precessional switching' (a paper of the file, first author Mayergoyz) is the
    start of the title cited as 'Bertotti G., ..., Geometrical analysis of precessional switching and relaxation
    in uniformly magnetized bodies': a different work; the substring oracle counts it, the project must not."""
    _, corpus, kg = scopus
    short = next(p for p in corpus.papers if p.title == "Geometrical analysis of precessional switching")
    citing = [
        p
        for p in corpus.papers
        if any(
            "Geometrical analysis of precessional switching and relaxation" in (r.raw or "")
            for r in p.references
        )
    ]
    assert len(citing) >= 2
    assert not [
        u
        for u, v, _ in kg.edges("CITES")
        if v == f"Paper:{short.id}" and u in {f"Paper:{p.id}" for p in citing}
    ]


def _paper(title, year, first=None, doi=None, refs=()):
    authors = [Author(first, family=first.split()[-1], given=first.split()[0])] if first else []
    return Paper.create(title=title, year=year, doi=doi, authors=authors, references=list(refs))


def test_title_rules_and_what_they_refuse():
    target = _paper(
        "Micromagnetic simulation of vortex dynamics in nanodisks", 2015, "Gary Wysin", "10.1000/t"
    )
    short = _paper("Magnetization dynamics", 2016, "William Bailey", "10.1000/s")
    twin_a = _paper("Spin Hall switching by anisotropy", 2023, "Shreyes Nallan", "10.1000/a")
    twin_b = _paper("Spin Hall switching by anisotropy", 2023, "Shreyes Nallan", "10.1000/b")

    def ref(raw, title, year, first):
        return Reference(raw=raw, title=title, year=year, first_author=first)

    citing = _paper(
        "A citing paper",
        2020,
        "Ann Lee",
        "10.1000/c",
        [
            ref(
                "r1",
                "Micromagnetic simulation of vortex dynamics in nanodisks, Low Temp. Phys",
                2015,
                "Wysin",
            ),
            ref("r2", "Magnetization Dynamics", 2016, "Bailey"),  # a short title: surname and year agree
            ref("r3", "Magnetization dynamics", 2016, None),  # short, no author, same year: title+year
            ref(
                "r4", "Micromagnetic simulation of vortex dynamics in nanodisks", 2015, "Smith"
            ),  # other author
            ref("r5", "Spin Hall switching by anisotropy", 2023, "Nallan"),  # two papers: no match
            ref(
                "r6", "Micromagnetic simulation of vortex dynamics in nanodisks", 2009, "Wysin"
            ),  # 6 years apart
            ref(
                "r7", "Micromagnetic simulation of vortex dynamics in nanodisks", 2013, "Wysin"
            ),  # preprint year
        ],
    )
    kg = build_graph([target, short, twin_a, twin_b, citing])
    cites = {(u, v): d["matched_by"] for u, v, d in kg.edges("CITES")}
    c = f"Paper:{citing.id}"
    assert cites == {
        (c, f"Paper:{target.id}"): "title+year+first_author",  # r1, through its prefix before ', Low Temp'
        (c, f"Paper:{short.id}"): "title+year+first_author",  # r2 (r3 alone would give title+year)
    }
    assert kg.graph.nodes[c]["unresolved_reference_list"] == ["r4", "r5", "r6"]  # r7 resolved to target too
    assert normalize_title("Magnetization Dynamics") == "magnetization dynamics"


def test_a_doi_two_papers_carry_resolves_nothing():
    """Two chapters kept apart under their book's DOI (dedup: same_container_doi): a reference by that DOI
    cannot say which chapter it cites."""
    one = Paper.create(title="Curcumin can bind CRP", year=2021, doi="10.1007/978-3-030-64872-5")
    two = Paper.create(title="In silico interactions for FABP5", year=2021, doi="10.1007/978-3-030-64872-5")
    two.id += "~2"  # as the Deduplicator names the second paper with a taken id
    citing = Paper.create(title="A citing paper", year=2022, references=[Reference(raw="r", doi=one.doi)])
    kg = build_graph([one, two, citing])
    assert not list(kg.edges("CITES"))
    assert kg.graph.nodes[f"Paper:{citing.id}"]["unresolved_reference_list"] == ["r"]
