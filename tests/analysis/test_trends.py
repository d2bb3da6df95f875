from __future__ import annotations

import pytest

from scholargraph.analysis import kleinberg, paper_items, period_of, time_series, trends
from scholargraph.errors import ConfigError
from scholargraph.model import Corpus, Paper, PaperDate


@pytest.fixture(scope="module")
def topic_trends(planted, planted_ann):
    return trends(planted[0], planted_ann, kind="topic")


def test_planted_burst_starts_in_the_planted_period(planted, topic_trends):
    _, truth = planted
    b = topic_trends.bursts
    mine = b[b["item"] == truth.bursting_topic]
    assert mine["start"].tolist() == [truth.burst_start]
    assert bool(mine["ongoing"].iloc[0]) and mine["strength"].iloc[0] > 5
    # the strongest burst of all, and no other topic bursts
    assert b.iloc[0]["item"] == truth.bursting_topic
    assert set(b["item"]) == {truth.bursting_topic}
    hist = topic_trends.history.query("item == @truth.bursting_topic").set_index("period")
    assert hist.loc[truth.burst_start, "status"] == "emerging"
    assert not hist.loc[: str(int(truth.burst_start) - 1), "bursting"].any()
    assert (hist.loc[truth.burst_start :, "bursting"]).all()
    assert topic_trends.status(truth.bursting_topic) == "emerging"


def test_planted_decline(planted, topic_trends):
    _, truth = planted
    row = topic_trends.table.set_index("item").loc[truth.declining_topic]
    assert row["status"] == "declining"
    assert row["z"] < 0 and row["share_last"] < row["share_first"] and row["q_value"] < 0.05
    hist = topic_trends.history.query("item == @truth.declining_topic")
    assert (hist[hist["period"] >= "2021"]["status"] == "declining").all()


def test_concepts_of_the_bursting_topic_burst_from_the_planted_period(planted, planted_ann):
    _, truth = planted
    res = trends(planted[0], planted_ann, kind="concept")
    b = res.bursts
    firsts = b[b["item"].isin(truth.topics[truth.bursting_topic])].groupby("item")["start"].min()
    assert len(firsts) >= 3
    assert firsts.min() >= truth.burst_start
    # evidence: supporting papers and the sentences where the concept is said
    row = b[b["item"] == firsts.index[0]].iloc[0]
    assert row["n_papers"] >= len(row["paper_ids"]) > 0
    assert all(firsts.index[0] in s.lower() for s in row["evidence"])
    titles = {p.id: p.title for p in planted[0]}
    assert row["paper_titles"] == [titles[p] for p in row["paper_ids"]]


def test_no_look_ahead_history_equals_a_run_on_the_truncated_corpus(planted, planted_ann, topic_trends):
    corpus, _ = planted
    cut = "2019"
    early = Corpus(papers=[p for p in corpus if p.year <= int(cut)])
    res = trends(early, planted_ann, kind="topic")
    assert res.settings["as_of"] == cut
    hist_full = topic_trends.history[topic_trends.history["period"] <= cut].reset_index(drop=True)
    assert res.history.reset_index(drop=True).equals(hist_full)
    as_of = trends(corpus, planted_ann, kind="topic", as_of=cut)
    assert as_of.table.equals(res.table)


def test_sub_year_periods_leave_out_year_only_dates(planted, planted_ann):
    corpus, _ = planted
    year_only = sum(p.date.precision == "year" for p in corpus)
    for period, example in (("quarter", "2021-Q3"), ("month", "2021-07")):
        res = trends(corpus, planted_ann, kind="topic", period=period)
        assert any(f"leave out {year_only} paper(s)" in n for n in res.notes)
        totals = res.series.drop_duplicates("period")["total"].sum()
        assert totals == len(corpus) - year_only
        assert example in set(res.series["period"])
    yearly = trends(corpus, planted_ann, kind="topic")
    assert yearly.series.drop_duplicates("period")["total"].sum() == len(corpus)


def test_series_share_is_normalised_by_papers_per_period():
    papers = [
        Paper("a", "A", date=PaperDate(2020), keywords=["X"]),
        Paper("b", "B", date=PaperDate(2020), keywords=["y"]),
        Paper("c", "C", date=PaperDate(2022, 3, None, "month"), keywords=["x "]),
        Paper("d", "D", date=None, keywords=["x"]),
    ]
    ts, periods, notes = time_series(paper_items(Corpus(papers), kind="keyword"), "year")
    assert periods == ["2020", "2021", "2022"]
    x = ts[ts["item"] == "x"]
    assert x["count"].tolist() == [1, 0, 1] and x["total"].tolist() == [2, 0, 1]
    assert x["share"].tolist() == [0.5, 0.0, 1.0]
    assert notes == ["1 paper(s) without a publication year are left out of every series"]


def test_graph_source_gives_the_same_keyword_trends(planted, planted_kg):
    a = trends(planted[0], kind="keyword")
    b = trends(planted_kg, kind="keyword")
    assert a.series.equals(b.series)
    assert a.table.drop(columns=["paper_ids", "paper_titles"]).equals(
        b.table.drop(columns=["paper_ids", "paper_titles"])
    )


def test_kleinberg_automaton():
    assert kleinberg([1, 1, 9, 9, 1], [10] * 5) == [0, 0, 1, 1, 0]
    assert kleinberg([2, 2, 2, 2], [10] * 4) == [0, 0, 0, 0]
    # a higher gamma makes entering a burst costlier: a one-period blip is no longer a burst
    assert kleinberg([1, 1, 5, 1, 1, 1], [10] * 6, gamma=0.5) == [0, 0, 1, 0, 0, 0]
    assert kleinberg([1, 1, 5, 1, 1, 1], [10] * 6, gamma=3.0) == [0] * 6
    with pytest.raises(ValueError, match="every r_t between 0 and d_t"):
        kleinberg([3], [2])
    with pytest.raises(ConfigError, match="The 's' parameter of kleinberg must be a number >= 1.0, got 0.5"):
        kleinberg([1], [2], s=0.5)


def test_period_keys():
    assert period_of(2021, 12, "day", "quarter") == "2021-Q4"
    assert period_of(2021, 1, "month", "month") == "2021-01"
    assert period_of(None, 1, "month-day", "year") is None


def test_bad_parameters(planted, planted_ann):
    corpus, _ = planted
    with pytest.raises(
        ConfigError,
        match="The 'period' parameter of trends must be one of 'year', 'quarter', 'month', got 'week'",
    ):
        trends(corpus, planted_ann, period="week")
    with pytest.raises(ConfigError, match="The 'kind' parameter of paper_items must be one of"):
        trends(corpus, planted_ann, kind="author")
    with pytest.raises(ValueError, match="is needed for kind="):
        trends(corpus, kind="concept")
    with pytest.raises(
        ValueError, match="The .as_of. parameter of trends must be one of the periods 2014..2024"
    ):
        trends(corpus, planted_ann, kind="topic", as_of="2030")


def test_graph_source_with_annotations_matches_corpus_source(planted, planted_ann):
    from scholargraph.graph.build import build_graph

    corpus, _ = planted
    kg = build_graph(corpus, planted_ann)
    for kind in ("topic", "concept"):
        a = trends(corpus, planted_ann, kind=kind)
        b = trends(kg, kind=kind)
        assert a.series.equals(b.series)
        assert a.bursts[["item", "start", "end", "strength"]].equals(
            b.bursts[["item", "start", "end", "strength"]]
        )
        assert a.table["status"].tolist() == b.table["status"].tolist()


def test_trend_test_and_fdr_agree_with_statsmodels():
    """The Cochran-Armitage z is statsmodels' linear-by-linear association z times sqrt(N / (N - 1)); the BH
    q-values are statsmodels' fdr_bh."""
    import numpy as np
    from statsmodels.stats.contingency_tables import Table
    from statsmodels.stats.multitest import multipletests

    from scholargraph.analysis.trend_detection import benjamini_hochberg, trend_test

    rng = np.random.default_rng(3)
    totals = rng.integers(20, 200, size=9)
    counts = np.array([rng.binomial(totals, p) for p in rng.uniform(0.02, 0.4, size=30)])
    z, p = trend_test(counts, totals)
    for i in range(len(counts)):
        t = Table(np.column_stack([counts[i], totals - counts[i]]), shift_zeros=False)
        ref = t.test_ordinal_association(row_scores=np.arange(len(totals)), col_scores=np.array([1, 0]))
        n = totals.sum()
        assert z[i] * np.sqrt((n - 1) / n) == pytest.approx(ref.zscore, rel=1e-9)
    assert benjamini_hochberg(p) == pytest.approx(multipletests(p, method="fdr_bh")[1], rel=1e-12)


def test_a_planted_rise_is_found_in_its_period():
    """3,000 papers; one keyword at 4% of them before 2020 and 8% from 2020 on, 30 flat controls at 4%."""
    from scholargraph.synthetic import planted_rise

    corpus, item = planted_rise(3000, seed=0, base=0.04, factor=2.0, rise_year=2020)
    res = trends(corpus, kind="keyword")
    assert res.status(item) == "emerging"
    first_burst = res.bursts[res.bursts["item"] == item]["start"].min()
    assert first_burst in ("2020", "2021")
    flagged = set(res.table.loc[res.table["status"] != "stable", "item"])
    assert flagged == {item}  # no control keyword is called a trend
    assert res.table.iloc[0]["item"] == item  # ranked first (burst strength x papers)


def test_exposure_is_the_papers_that_have_the_field():
    """A keyword in half of the papers *with keywords* every year is stable, although papers without keywords
    become rarer over the years (coverage rises): dividing by all papers would call it growing."""
    papers = []
    for year in range(2010, 2022):
        with_kw = 20 + 8 * (year - 2010)
        for i in range(60):
            kws = (["steady topic"] if i % 2 == 0 else ["other topic"]) if i < with_kw else []
            papers.append(
                Paper.create(title=f"p {year} {i}", date=PaperDate(year, None, None, "year"), keywords=kws)
            )
    res = trends(Corpus(papers=papers), kind="keyword")
    assert res.status("steady topic") == "stable"
    # an item is found in any case (keyword groups fold case); one never tested is None
    assert res.status("Steady Topic") == "stable" and res.status("steady topics") is None
    series = res.series[res.series["item"] == "steady topic"]
    assert series["total"].tolist() == [min(60, 20 + 8 * k) for k in range(12)]


def test_keyword_synonyms_are_merged():
    from scholargraph.analysis.trend_detection import keyword_forms

    forms = keyword_forms(["COVID-19", "covid 19", "Covid19", "coronavirus disease 2019 (COVID-19)",
                           "neural networks", "Neural network", "analysis", "analyses", "class", "glass"])  # fmt: skip
    assert (
        len({forms[k] for k in ("COVID-19", "covid 19", "Covid19", "coronavirus disease 2019 (COVID-19)")})
        == 1
    )
    assert forms["neural networks"] == forms["Neural network"] == "neural network"
    assert forms["class"] == "class" and forms["glass"] == "glass"  # 'ss' is no plural
    # named with the capitals inside a word that most spellings write; a first capital is style, as in a title
    assert forms["Covid19"] == "COVID-19"
    forms = keyword_forms(["Substance P", "substance p", "substance P", "Colombia", "colombia", "Colombia"])
    assert forms["substance p"] == "substance P" and forms["Colombia"] == "colombia"
    # an acronym defined inside the keyword (the bibx Scopus export's most frequent author keywords)
    llg = [
        "Landau-Lifshitz-Gilbert (LLG) equation",
        "LLG equation",
        "Landau-Lifshitz-Gilbert equation",
        "LLG",
    ]
    forms = keyword_forms(llg + ["Landau-Lifshitz-Gilbert equation", "damping (in magnetism) model"])
    assert len({forms[k] for k in llg[:3]}) == 1 and forms["LLG"] != forms["LLG equation"]
    # two votes each (one from inside the first keyword): the shorter names the group
    assert forms["Landau-Lifshitz-Gilbert equation"] == "LLG equation"
    assert forms["damping (in magnetism) model"] == "damping (in magnetism) model"  # no acronym inside


def test_keyword_qualifiers_long_forms_and_capitals():
    from scholargraph.analysis.trend_detection import keyword_forms

    # a bracket without an acronym is a qualifier (WoS author keywords: "Colombia (Source: authors)")
    forms = keyword_forms(["bias", "bias (epidemiology)", "prevalence (source: DeCS & MeSH)", "prevalence",
                           "culture (Colombia)", "Colombia", "opportunists (source: authors)"])  # fmt: skip
    assert forms["bias (epidemiology)"] == forms["bias"] == "bias"
    assert forms["prevalence (source: DeCS & MeSH)"] == "prevalence"
    assert forms["culture (Colombia)"] == "culture" and forms["Colombia"] == "colombia"
    assert forms["opportunists (source: authors)"] == "opportunists"
    # the acronym stands for the last words its capitals spell, not for a word before them
    forms = keyword_forms(["stochastic Landau-Lifshitz-Gilbert (LLG) equation", "stochastic LLG equation",
                           "LLG equation", "perpendicular magnetic tunnel junction (MTJ)", "perpendicular MTJ",
                           "MTJ", "Internet of Things (IoT)", "IoT"])  # fmt: skip
    assert forms["stochastic Landau-Lifshitz-Gilbert (LLG) equation"] == forms["stochastic LLG equation"]
    assert forms["stochastic LLG equation"] != forms["LLG equation"]
    assert forms["perpendicular magnetic tunnel junction (MTJ)"] == forms["perpendicular MTJ"] != forms["MTJ"]
    assert forms["Internet of Things (IoT)"] == forms["IoT"] == "IoT"
    # a keyword in capitals says nothing about capitals where others write the word in lower case; one with a
    # digit does ("COVID-19"); in a list written in capitals (WoS Keywords Plus) nothing does
    forms = keyword_forms(["BOGOTA", "Bogota", "bogota", "COVID-19", "Covid-19", "MAGNETIC MATERIALS"])
    assert forms["BOGOTA"] == "bogota" and forms["Covid-19"] == "COVID-19"
    assert forms["MAGNETIC MATERIALS"] == "magnetic materials"
    shouted = keyword_forms(["HIV", "RISK", "MORTALITY", "DNA", "CARE", "HEALTH", "CHILDREN", "MODEL", "IMPACT",
                             "WOMEN"])  # fmt: skip
    assert set(shouted.values()) == {k.lower() for k in shouted}
    # first capitals: 126 first words, 81 capitalised (p = 0.643): "Colombia" 30 of 30 (tail 0.643^30 = 2e-6)
    # takes one, "mortality" 21 of 36 (tail 0.75) does not
    filler = [f"filler{a}{b}" for a in "ab" for b in "abcdefghijklmno"]
    forms = keyword_forms(filler + [w.capitalize() for w in filler] + ["Colombia"] * 30 + ["Mortality"] * 21
                          + ["mortality"] * 15)  # fmt: skip
    assert forms["Colombia"] == "Colombia" and forms["Mortality"] == "mortality"


def test_a_keyword_that_is_a_concept_is_written_as_the_concept():
    """Keywords in Title Case or lower case leave "Colombia"'s first capital undecided (the group reads
    "colombia"); the concept of the same name, whose display form the abstracts decided, writes it "Colombia".
    A keyword with no such concept keeps its own form; the graph path agrees with the corpus path."""
    from scholargraph.analysis.trend_detection import paper_items
    from scholargraph.graph.build import build_graph
    from scholargraph.nlp.annotations import Annotations, Concept

    papers = [
        Paper.create(title=f"p{i}", date=PaperDate(2010 + i % 5, None, None, "year"), doi=f"10.1000/{i}",
                     keywords=["Colombia" if i % 2 else "colombia", "Public Health"])
        for i in range(10)
    ]  # fmt: skip
    ann = Annotations()
    ann.concepts = {
        "colombia": Concept("colombia", display="Colombia"),
        "public health": Concept("public health"),
    }
    corpus = Corpus(papers=papers)
    for source in (corpus, build_graph(corpus, annotations=ann)):
        items = {k for d in paper_items(source, annotations=ann, kind="keyword") for k in d.items}
        assert items == {"Colombia", "public health"}
    assert {k for d in paper_items(corpus, kind="keyword") for k in d.items} == {"colombia", "public health"}


def test_an_ongoing_burst_outranks_an_old_burst_of_a_commoner_word():
    """Two rising keywords: "common word" is in many papers every year with a small burst long ago, "new virus"
    appears late and is still bursting. Ranking by the burst (strength x its own papers, bursting first) puts
    "new virus" first; ranking by strength x all papers would put the commoner word first."""
    papers = []
    for year in range(2005, 2023):
        for i in range(100):
            kws = [f"filler {i % 4}"]
            share = 0.08 + 0.01 * (year - 2005) + (0.12 if year == 2008 else 0.0)
            if i < round(100 * share):
                kws.append("common word")
            if year >= 2020 and i >= 100 - (6 + 3 * (year - 2020)):
                kws.append("new virus")
            papers.append(
                Paper.create(title=f"p {year} {i}", date=PaperDate(year, None, None, "year"), keywords=kws)
            )
    res = trends(Corpus(papers=papers), kind="keyword")
    table = res.table.set_index("item")
    assert table.loc["new virus", "status"] == "emerging" and table.loc["common word", "status"] == "emerging"
    assert table.loc["common word", "n_papers"] > 5 * table.loc["new virus", "n_papers"]
    assert bool(table.loc["new virus", "bursting"]) and not bool(table.loc["common word", "bursting"])
    emerging = res.table[res.table["status"] == "emerging"]["item"].tolist()
    assert emerging.index("new virus") < emerging.index("common word")


def test_the_peak_is_the_run_of_years_with_the_highest_share():
    """A keyword absent at both ends of the range, in most papers of 2014 and 2015: declining or not, the table
    gives its peak -- the run of years holding a tenth of the papers where its share is highest. Hand-checked:
    ten years of forty papers (each year is a run, and holds the MIN_WINDOW_PAPERS an end window needs); 2014 has
    32 of 40, 2015 has 24 of 40, 2011 has 4 of 40."""
    papers = []
    with_kw = {2011: 4, 2014: 32, 2015: 24}
    # "dip": 20 of 40 every year but 2013 and 2016 (4 of 40 each): level at both ends, lowest in 2013
    dip = {2013: 4, 2016: 4}
    for year in range(2010, 2020):
        for i in range(40):
            kws = ["mid"] if i < with_kw.get(year, 0) else []
            kws += ["dip"] if i < dip.get(year, 20) else []
            papers.append(
                Paper.create(title=f"{year} paper {i}", date=PaperDate(year), keywords=[*kws, "any"])
            )
    table = trends(Corpus(papers), kind="keyword").table.set_index("item")
    assert table.loc["mid", "peak_period"] == "2014" and table.loc["mid", "share_peak"] == pytest.approx(0.8)
    assert table.loc["mid", "share_first"] == 0 and table.loc["mid", "share_last"] == 0
    assert table.loc["any", "share_peak"] == 1.0 and table.loc["any", "peak_period"] == "2010"  # the earliest
    # and the low, the earliest of equal ones: 2013 at 10% for "dip", the first year at 0% for "mid"
    assert table.loc["dip", "low_period"] == "2013" and table.loc["dip", "share_low_run"] == pytest.approx(
        0.1
    )
    assert table.loc["dip", "share_first"] == table.loc["dip", "share_last"] == pytest.approx(0.5)
    assert table.loc["mid", "low_period"] == "2010" and table.loc["mid", "share_low_run"] == 0


def test_the_peak_and_low_bracket_the_first_and_last_shares(topic_trends):
    """The pooled first and last windows are runs of the peak too, so the peak the report prints next to the
    two end shares is never below them."""
    t = topic_trends.table
    assert len(t) and ((t["share_peak"] >= t["share_first"]) & (t["share_peak"] >= t["share_last"])).all()
    assert (t["share_peak"] > t[["share_first", "share_last"]].max(axis=1)).any()  # and some peak in between
    # the same for the low, which is never above either end
    assert ((t["share_low_run"] <= t["share_first"]) & (t["share_low_run"] <= t["share_last"])).all()
    assert (t["share_low_run"] < t[["share_first", "share_last"]].min(axis=1)).any()


def test_a_thin_first_window_grows_until_it_holds_enough_papers(corpora):
    """The bibx Scopus export runs from 1978 but holds 6 papers before 1994: a third of the range (1978-1993) was
    the first window of its topic trends, and a topic's '33.3%' there was 2 papers. The window now grows until
    it holds MIN_WINDOW_PAPERS papers of the field, and it is the fewest years that do. Here every paper has the
    field (each gets the keyword 'any' besides its own), as every paper with text has a topic. Oracle: the raw
    file read with the csv module (papers per year, one per DOI, else title)."""
    import csv
    from collections import Counter
    from dataclasses import replace

    from scholargraph.analysis.trend_detection import MIN_WINDOW_PAPERS
    from scholargraph.readers import read

    path = corpora / "bibx-exports" / "scopus.csv"
    seen, per_year = set(), Counter()
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            work = (row["DOI"] or row["Title"]).strip().lower()
            if work not in seen:
                seen.add(work)
                per_year[int(row["Year"])] += 1
    years = list(range(min(per_year), max(per_year) + 1))
    assert (
        sum(per_year[y] for y in years[: len(years) // 3]) < MIN_WINDOW_PAPERS
    )  # the thin tail this is about
    papers = [replace(p, keywords=[*p.keywords, "any"]) for p in read(path).papers]
    res = trends(Corpus(papers), kind="keyword")
    window = [int(y) for y in res.settings["first_window"]]
    assert window == years[: len(window)]
    held = sum(per_year[y] for y in window)
    assert res.settings["first_window_papers"] == held >= MIN_WINDOW_PAPERS
    assert sum(per_year[y] for y in window[:-1]) < MIN_WINDOW_PAPERS  # the fewest years that hold enough


def test_the_papers_listed_behind_an_item_are_the_latest_that_have_it_most_strongly():
    # hand-made: 14 papers of topic 0, the latest year's with shares that do not follow their ids; the five
    # listed are the 2022 papers by share (0.9, 0.7, 0.5, 0.3), then the strongest of 2021 -- not the 2022
    # papers by id ("p13".."p10" first), which listed a film review behind a topic of 2,279 WoS papers
    from scholargraph.nlp.annotations import Annotations, Topic

    years = [2020] * 5 + [2021] * 5 + [2022] * 4
    papers = [Paper.create(title=f"p{i:02d}", year=y) for i, y in enumerate(years)]
    shares = [0.5, 0.6, 0.7, 0.8, 0.9, 0.25, 0.95, 0.4, 0.3, 0.6, 0.5, 0.9, 0.3, 0.7]
    ann = Annotations(
        topics=[Topic(0, "graph learning")],
        paper_topics={p.id: [(0, w)] for p, w in zip(papers, shares, strict=True)},
    )
    res = trends(Corpus(papers=papers), ann, kind="topic")
    row = res.table.set_index("item").loc["graph learning"]
    titles = dict(zip(row["paper_ids"], row["paper_titles"], strict=True))
    assert [titles[i] for i in row["paper_ids"]] == ["p11", "p13", "p10", "p12", "p06"]
