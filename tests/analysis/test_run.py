from __future__ import annotations

import json
import subprocess
import sys

import pytest

from scholargraph.analysis import analyze_store
from scholargraph.analysis import tables as T
from scholargraph.errors import ConfigError, StoreError
from scholargraph.store import embedded


@pytest.fixture(scope="module")
def store(tmp_path_factory, planted, planted_kg):
    corpus, _ = planted
    path = tmp_path_factory.mktemp("store") / "planted"
    embedded.save(planted_kg, path, corpus=corpus)
    return path


@pytest.fixture(scope="module")
def analyzed(store):
    return analyze_store(store, seed=0, stability_runs=3)


def test_tables_settings_and_annotated_graph(store, analyzed, planted):
    corpus, truth = planted
    expected = {"communities", "community_summary", "community_links", "centrality", "pagerank_top", "hyper_authored",
                "collaboration", "collaboration_summary"}  # fmt: skip
    expected |= {f"{t}_keyword" for t in ("trends", "bursts", "series", "history")}
    # the descriptive tables, but the country ones: the planted corpus has no addresses
    expected |= set(T.DESCRIPTIVE) - {T.COUNTRIES, T.COUNTRY_COLLABORATION, T.INSTITUTIONS}
    assert set(analyzed) == expected
    assert embedded.list_tables(store) == sorted(expected)
    settings = json.loads((store / "analysis" / "settings.json").read_text())
    s = settings["communities"]
    assert s["projection"] == "bibliographic_coupling" and s["method"] == "leiden" and s["seed"] == 0
    assert s["stability_nmi"] == pytest.approx(1.0) and s["modularity"] > 0.5
    assert settings["trends_keyword"]["period"] == "year"
    assert (store / "analysis" / "pagerank_top.csv").read_text().startswith("rank,node,paper_id,title")
    kg = embedded.load(store)
    papers = dict(kg.nodes("Paper"))
    assert all("community" in d and "pagerank" in d for d in papers.values())
    assert len(set(d["community"] for d in papers.values())) == len(truth.community_topics)
    top = analyzed["pagerank_top"]
    assert len(top) == 10 and top["title"].notna().all()
    back = embedded.load_table(store, "community_summary")
    assert back["paper_ids"].iloc[0] == analyzed["community_summary"]["paper_ids"].iloc[0]
    # keyword bursts: the planted bursting vocabulary bursts from the planted year on
    b = analyzed["bursts_keyword"]
    llm = b[b["item"].isin(truth.topics[truth.bursting_topic])]
    assert len(llm) and llm["start"].min() >= truth.burst_start


def test_same_seed_identical_tables(store, analyzed, tmp_path):
    other = tmp_path / "copy"
    embedded.save(embedded.load(store), other, corpus=embedded.load_corpus(store))
    again = analyze_store(other, seed=0, stability_runs=3)
    for name in analyzed:
        assert (store / "analysis" / f"{name}.json").read_bytes() == (
            other / "analysis" / f"{name}.json"
        ).read_bytes()
        assert again[name].equals(analyzed[name]) or again[name].to_json() == analyzed[name].to_json()


def test_missing_store_and_bad_settings(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        analyze_store(tmp_path / "nope")
    with pytest.raises(ConfigError, match="The 'period' parameter of analyze_store must be one of"):
        analyze_store(tmp_path, period="decade")


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "scholargraph", "analyze", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_runs_and_prints_summary(store):
    r = _cli(store, "--seed", "0", "--method", "louvain", "--period", "quarter", "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert len(report["communities"]) == 4
    assert len(report["pagerank_top"]) == 10
    settings = json.loads((store / "analysis" / "settings.json").read_text())
    assert settings["communities"]["method"] == "louvain"
    assert settings["series_keyword"]["period"] == "quarter"


def test_cli_error_paths(tmp_path):
    r = _cli(tmp_path / "missing")
    assert r.returncode == 4
    assert "no store at" in r.stderr and "Traceback" not in r.stderr
    r = _cli(tmp_path, "--period", "week")
    assert r.returncode == 2
    r = _cli(tmp_path, "--resolution", "-1")
    assert (
        r.returncode == 2
        and "The 'resolution' parameter of analyze_store must be a number > 0.0, got -1.0." in r.stderr
    )


def test_store_with_annotations_gets_topic_and_concept_trends(tmp_path, planted, planted_ann):
    from scholargraph.graph.build import build_graph

    corpus, truth = planted
    store = tmp_path / "annotated"
    embedded.save(build_graph(corpus, planted_ann), store, corpus=corpus, annotations=planted_ann)
    tables = analyze_store(store, seed=0, stability_runs=1)
    assert {"trends_topic", "bursts_topic", "trends_concept", "bursts_concept"} <= set(tables)
    topic = tables["trends_topic"].set_index("item")
    assert topic.loc[truth.bursting_topic, "status"] == "emerging"
    assert topic.loc[truth.declining_topic, "status"] == "declining"
    assert tables["bursts_topic"].iloc[0]["start"] == truth.burst_start
    summary = tables["community_summary"]
    assert sorted(t[0] for t in summary["top_topics"]) == sorted(truth.community_topics)
    assert all(ev for ev in summary["evidence"])


def test_without_references_communities_come_from_concept_cooccurrence(tmp_path, planted, planted_ann):
    from dataclasses import replace

    from scholargraph.graph.build import build_graph
    from scholargraph.model import Corpus

    corpus = Corpus(papers=[replace(p, references=[]) for p in planted[0]])
    store = tmp_path / "norefs"
    embedded.save(build_graph(corpus, planted_ann), store, corpus=corpus, annotations=planted_ann)
    tables = analyze_store(store, seed=0, stability_runs=2, save=False)
    assert set(tables["communities"]["node"].str.split(":").str[0]) == {"Concept"}
    assert tables["pagerank_top"]["in_degree"].eq(0).all()
    assert not (store / "analysis").exists()  # save=False writes nothing
    summary = tables["community_summary"]
    assert (summary["n_papers"] > 0).all()


def test_collector_state_is_restored_and_the_store_released(store, tmp_path, monkeypatch):
    """analyze_store pauses the collector and freezes the loaded store while it works: afterwards the collector
    is on again, nothing stays frozen, and the loaded graph is garbage that a collection frees."""
    import gc
    import shutil
    import weakref

    other = tmp_path / "copy"
    shutil.copytree(store, other)
    loaded = []
    real_load = embedded.load

    def load(path):
        kg = real_load(path)
        loaded.append(weakref.ref(kg.graph))
        return kg

    monkeypatch.setattr(embedded, "load", load)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    analyze_store(other, seed=0, stability_runs=1, save=False)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.collect()
    assert loaded and loaded[0]() is None  # the graph (a cycle through its cached views) was collected
    # a caller's own frozen objects stay frozen: a garbage cycle frozen by the caller outlives the call's collection

    class Node:
        pass

    cycle = Node()
    cycle.me = cycle
    alive = weakref.ref(cycle)
    gc.freeze()
    try:
        del cycle
        analyze_store(other, seed=0, stability_runs=1, save=False)
        assert alive() is not None and gc.get_freeze_count() > 0 and gc.isenabled()
    finally:
        gc.unfreeze()
    gc.collect()
    assert alive() is None
