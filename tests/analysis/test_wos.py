"""Analysis of real data: the Web of Science export in ../shared (6,025 records with cited references)."""

from __future__ import annotations

import json
import re

import pytest

from scholargraph.analysis import analyze_store, citation_graph, leiden, pagerank, trends
from scholargraph.store import embedded

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.fixture(scope="module")
def wos(corpora, tmp_path_factory):
    from scholargraph.graph.build import build_graph
    from scholargraph.readers import read

    files = sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz"))
    assert len(files) == 13
    corpus = read(files)
    kg = build_graph(corpus)
    store = tmp_path_factory.mktemp("wos") / "store"
    embedded.save(kg, store, corpus=corpus)
    tables = analyze_store(store, seed=0, stability_runs=2)
    return corpus, store, tables


def test_communities_of_the_coupling_graph(wos):
    corpus, store, tables = wos
    comm = embedded.load_table(store, "communities")
    s = json.loads((store / "analysis" / "settings.json").read_text())["communities"]
    assert s["projection"] == "bibliographic_coupling"
    assert s["nodes"] > 2000 and s["modularity"] > 0.4
    assert 0.5 <= s["stability_nmi"] <= 1.0
    summary = tables["community_summary"]
    assert summary["size"].is_monotonic_decreasing
    assert summary["size"].sum() == len(comm)
    titles = {p.id: p.title for p in corpus}
    first = summary.iloc[0]
    assert first["paper_titles"] == [titles[p] for p in first["paper_ids"]]
    # no extraction in this store: labels come from author keywords, Keywords Plus and subject categories, ranked
    # by log-likelihood ratio, each with its support; checked here against counts made from the corpus' raw fields
    members = {n.removeprefix("Paper:") for n in comm.loc[comm["community"] == 0, "node"]}
    fields = {"keyword": lambda p: p.keywords, "keywords plus": lambda p: p.extra.get("keywords_plus", []),
              "category": lambda p: p.categories}  # fmt: skip
    assert len(first["label_terms"]) == 3 and first["label"] == "; ".join(
        t.split(" (")[0] for t in first["label_terms"]
    )
    from scipy.stats import chi2_contingency

    llrs = []
    for text in first["label_terms"]:
        m = re.fullmatch(
            r"(.+) \((\w[\w ]*)\): ([\d,]+) of ([\d,]+) here, ([\d,]+) of ([\d,]+) overall, lift ([\d.]+), LLR ([\d.]+)",
            text,
        )
        term, source, a, n, b, total, lift, llr = m.groups()
        raw = {p.id: {" ".join(str(k).lower().split()) for k in fields[source](p)} for p in corpus}
        a, n, b, total = (int(x.replace(",", "")) for x in (a, n, b, total))
        assert a >= max(3, 0.1 * n) and b - a <= 0.2 * (
            total - n
        )  # the support floor, the "not everywhere" cap
        assert float(lift) == pytest.approx((a / n) / (b / total), abs=0.05)
        g, *_ = chi2_contingency(
            [[a, n - a], [b - a, total - n - b + a]], correction=False, lambda_="log-likelihood"
        )
        assert float(llr) == pytest.approx(g, abs=0.05)  # the G statistic, as scipy computes it
        a_raw = sum(term in raw[p] for p in members if p in raw)
        b_raw = sum(term in kws for kws in raw.values())
        assert 1 <= a_raw <= a and a_raw <= b_raw <= b  # merged spelling variants only add papers
        assert float(lift) > 1.5
        llrs.append(float(llr))
    assert llrs == sorted(llrs, reverse=True)
    # the same seed gives the same partition, recomputed from the saved graph
    from scholargraph.graph.projections import bibliographic_coupling

    again = leiden(
        bibliographic_coupling(embedded.load(store), normalization="association"), seed=0, stability_runs=1
    )
    assert again.table.assign(node=lambda d: d["node"].astype(str)).equals(tables["communities"])


def test_pagerank_top10_is_reproducible_and_cited(wos):
    corpus, store, tables = wos
    top = tables["pagerank_top"]
    assert len(top) == 10 and top["title"].notna().all()
    assert (top["in_degree"] > 0).all()
    assert all(len(c) == d for c, d in zip(top["cited_by"], top["in_degree"], strict=True))
    back = embedded.load_table(store, "pagerank_top")
    assert back["paper_id"].tolist() == top["paper_id"].tolist()
    kg = embedded.load(store)
    assert kg.graph.nodes[top.loc[0, "node"]]["pagerank"] == pytest.approx(top.loc[0, "pagerank"])
    # the same PageRank again, from the saved graph (betweenness is left out here: it is the slow part)
    pr = pagerank(citation_graph(kg))
    again = sorted(pr, key=lambda n: (-pr[n], n))[:10]
    assert again == top["node"].tolist()
    assert [pr[n] for n in again] == top["pagerank"].tolist()


def test_keyword_bursts_on_real_data(wos):
    corpus, store, tables = wos
    bursts = tables["bursts_keyword"]
    assert len(bursts) > 10
    covid = bursts[bursts["item"] == "COVID-19"]  # as the keywords write it
    assert len(covid) == 1 and covid["start"].iloc[0] >= "2020"
    row = covid.iloc[0]
    assert row["n_papers"] >= 10 and len(row["paper_ids"]) == 5
    by_id = {p.id: p for p in corpus}
    assert all("covid-19" in [k.lower() for k in by_id[p].keywords] for p in row["paper_ids"])
    again = trends(corpus, kind="keyword")
    assert again.bursts.to_json() == bursts.to_json()
    assert again.table.to_json() == tables["trends_keyword"].to_json()
