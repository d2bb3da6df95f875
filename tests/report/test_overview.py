"""The descriptive overview for the report: its context read from a store's tables, and its figures (drawn,
empty input handled, byte-identical files)."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import scholargraph as sg
from scholargraph.analysis import tables as T
from scholargraph.errors import ConfigError
from scholargraph.model import Affiliation, Author, Corpus, Paper
from scholargraph.report import figures_overview as F
from scholargraph.report.figures import save_figure
from scholargraph.report.overview import OVERVIEW_FIGURES, overview_figures, overview_section

PLACES = [
    "Univ A, Cali, Colombia",
    "Univ B, Lima, Peru",
    "Inst C, Madrid, Spain",
    "Ctr D, Boston, MA 02115 USA",
]
WORDS = ["graphs", "networks", "trees", "flows", "cuts", "paths", "cycles", "colourings"]


def small_corpus(n: int = 60, seed: int = 3) -> Corpus:
    rng = random.Random(seed)
    people = [f"Author {i}" for i in range(25)]
    papers = []
    for i in range(n):
        team = rng.sample(people[: 5 + i % 20], rng.choice([1, 2, 3]))
        places = rng.sample(PLACES, rng.choice([1, 1, 2]))
        papers.append(
            Paper.create(
                title=f"On {rng.choice(WORDS)} {i}",
                year=2010 + i % 8,
                citation_count=rng.randrange(0, 40),
                authors=[Author(a) for a in team],
                venue=f"Journal {min(rng.randrange(0, 12), rng.randrange(0, 12))}",
                keywords=rng.sample(WORDS, 3),
                affiliations=[Affiliation(a) for a in places],
                corresponding=[Affiliation(places[-1])],
            )
        )
    return Corpus(papers=papers)


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    from scholargraph.store import embedded

    corpus = small_corpus()
    store = tmp_path_factory.mktemp("overview") / "store"
    sg.save(sg.build_graph(corpus), store, corpus=corpus)
    in_memory = sg.analyze_store(store, seed=0, stability_runs=0)
    tables = {name: embedded.load_table(store, name) for name in embedded.list_tables(store)}
    return tables, embedded.load_table_settings(store), in_memory


def test_the_context_reads_the_stored_tables(stored):
    tables, settings, _ = stored
    ctx = overview_section(tables, None, 5, settings)
    main = {m["measure"]: m["value"] for m in ctx["main"]}
    assert main["Papers"] == "60" and main["Countries"] == "4"
    assert ctx["growth"] == main["Annual growth rate"]
    assert [r["year"] for r in ctx["annual"]] == list(range(2010, 2018))
    assert len(ctx["most_cited"]) == 5 and len(ctx["authors"]) == 5 and len(ctx["sources"]) == 5
    assert [z["zone"] for z in ctx["bradford"]] == [1, 2, 3]
    assert ctx["lotka"]["text"].startswith("beta = ")
    assert {c["country"] for c in ctx["countries"]} == {"Colombia", "Peru", "Spain", "United States"}
    assert "papers have an address with a recognised country" in ctx["countries_note"]
    assert ctx["keywords"][0]["name"] == "Author keywords" and len(ctx["keywords"][0]["rows"]) == 5
    assert ctx["three_field"]["keywords"] == "Author keywords"
    assert set(ctx["explain"]) >= {"growth", "lotka", "countries", "bradford"}
    # the numbers are the tables' numbers
    cited = tables[T.PAPER_CITATIONS]
    assert ctx["most_cited"][0]["times_cited"] == f"{int(cited['times_cited'].max()):,}"


def test_an_export_without_times_cited_shows_no_counts_of_zero(stored, tmp_path):
    """MEDLINE, a Daily Papers listing: no times-cited counts and no references. The overview must not claim
    'times cited 0', 'h-index 0' or 'cited here 0' for the authors, sources and countries, nor a year the
    counts are taken as of; the collaboration table lists each author's latest papers, not 'most cited'."""
    from dataclasses import replace

    from scholargraph.report.sections import collaboration_section
    from scholargraph.report.trend_report import write_report
    from scholargraph.store import embedded

    corpus = small_corpus()
    corpus = Corpus(papers=[replace(p, citation_count=None) for p in corpus.papers])
    store = tmp_path / "store"
    sg.save(sg.build_graph(corpus), store, corpus=corpus)
    sg.analyze_store(store, seed=0, stability_runs=0)
    tables = {name: embedded.load_table(store, name) for name in embedded.list_tables(store)}
    ctx = overview_section(tables, None, 5, embedded.load_table_settings(store))
    main = {m["measure"]: m["value"] for m in ctx["main"]}
    assert main["Papers with a times-cited count"] == "0" and main["Times-cited counted as of"] == "—"
    assert main["Mean age of the papers (years)"] != "—"  # ages still count from the latest year
    assert ctx["most_cited"] == [] and ctx["most_cited_authors"] == []
    assert {(a["times_cited"], a["local"], a["h_index"]) for a in ctx["authors"]} == {("—", "—", "—")}
    assert {r["times_cited"] for r in ctx["sources"] + ctx["countries"]} == {"—"}
    assert "no times-cited counts" in ctx["explain"]["no_times_cited"]
    assert collaboration_section(tables, _NoRefs(), 5)["papers_header"] == "latest of them"
    md = write_report(store, tmp_path / "report")["markdown"].read_text(encoding="utf-8")
    assert "| latest of them |" in md and "most cited of them" not in md
    # with counts (the module's store): the same columns hold numbers
    ctx = overview_section(stored[0], None, 5, stored[1])
    assert all(isinstance(a["times_cited"], int) and isinstance(a["h_index"], int) for a in ctx["authors"])


class _NoRefs:
    def refs(self, ids, n):
        return list(ids)[:n]


def test_every_figure_is_drawn_and_saved_byte_identical(stored, tmp_path):
    """Twice from the stored tables, and from the tables analyze returned before saving them: the same bytes."""
    tables, _, in_memory = stored
    figs = overview_figures(tables, seed=0)
    assert list(figs) == list(OVERVIEW_FIGURES)
    again = overview_figures(in_memory, seed=0)
    for name, fig in figs.items():
        ax = fig.axes[0]
        assert ax.patches or ax.lines or ax.collections, name  # something is drawn, not the empty message
        a = save_figure(fig, tmp_path / f"{name}-a.png").read_bytes()
        b = save_figure(again[name], tmp_path / f"{name}-b.png").read_bytes()
        assert a == b, name


def test_empty_tables_say_so_and_bad_input_is_refused():
    cols = {name: list(T.TABLES[name].columns) for name in T.DESCRIPTIVE}
    empty = {name: pd.DataFrame(columns=c) for name, c in cols.items()}
    messages = {
        "no dated papers": F.plot_annual_production(empty[T.ANNUAL_PRODUCTION]),
        "no sources": F.plot_bradford(empty[T.SOURCES]),
        "no authors": F.plot_lotka(empty[T.LOTKA]),
        "no countries in the addresses": F.plot_countries(empty[T.COUNTRIES]),
        "no keywords occur together": F.plot_keyword_map(empty[T.KEYWORDS], empty[T.KEYWORD_COOCCURRENCE]),
        "no links between the three fields": F.plot_three_field(empty[T.THREE_FIELD]),
    }
    for text, fig in messages.items():
        assert text in [t.get_text() for t in fig.axes[0].texts]
    assert overview_figures({}) == {} and overview_section({}, None, 3) is None
    # a store analysed from a corpus without addresses or keywords: the same keys, empty lists
    only = {
        T.MAIN_INFORMATION: pd.DataFrame({"measure": ["papers"], "value": [3], "description": ["papers"]})
    }
    ctx = overview_section(only, None, 3)
    assert ctx["countries"] == [] and ctx["keywords"] == [] and ctx["cooccurrence_kind"] == ""
    assert ctx["lotka"] is None and ctx["three_field"] is None and ctx["most_cited"] == []
    with pytest.raises(ConfigError, match="plot_countries must have the columns"):
        F.plot_countries(pd.DataFrame({"country": ["x"]}))
