from __future__ import annotations

import re

import networkx as nx
import pytest
from sklearn.metrics import normalized_mutual_info_score

from scholargraph.analysis import (
    annotate_communities,
    detect_communities,
    label_communities,
    leiden,
    louvain,
    modularity,
    partition_stability,
)
from scholargraph.errors import ConfigError


def _nmi(truth, result):
    ids = sorted(truth.communities)
    return normalized_mutual_info_score(
        [truth.communities[i] for i in ids], [result.membership[f"Paper:{i}"] for i in ids]
    )


@pytest.mark.parametrize("finder", [leiden, louvain])
def test_planted_communities_recovered(planted, planted_coupling, finder):
    _, truth = planted
    res = finder(planted_coupling, seed=0)
    assert _nmi(truth, res) >= 0.9
    assert res.n_communities == len(truth.community_topics)
    assert res.stability is not None and res.stability >= 0.9
    assert 0.3 < res.modularity < 1


def test_same_seed_same_partition_whatever_the_insertion_order(planted_coupling):
    a = leiden(planted_coupling, seed=3)
    edges = list(planted_coupling.edges(data=True))[::-1]
    H = nx.Graph()
    H.add_nodes_from(sorted(planted_coupling.nodes, reverse=True))
    H.add_edges_from(edges)
    b = leiden(H, seed=3)
    assert a.membership == b.membership
    assert a.table.equals(b.table)
    assert a.modularity == b.modularity


def test_canonical_numbering_largest_first():
    G = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(6))
    res = leiden(G)
    assert res.summary["size"].tolist() == [6, 3]
    assert res.membership[3] == 0 and res.membership[0] == 1


def test_modularity_matches_networkx():
    G = nx.karate_club_graph()
    res = louvain(G, seed=1, stability_runs=1)
    expected = nx.community.modularity(G, res.communities(), weight="weight")
    assert res.modularity == pytest.approx(expected, abs=1e-9)
    assert res.stability is None


def test_resolution_changes_granularity():
    G = nx.karate_club_graph()
    few = leiden(G, resolution=0.3, seed=0).n_communities
    many = leiden(G, resolution=3.0, seed=0).n_communities
    assert few < many


def test_stability_below_one_for_different_partitions():
    assert partition_stability([{1: 0, 2: 0, 3: 1, 4: 1}, {1: 0, 2: 1, 3: 0, 4: 1}]) == pytest.approx(0.0)


def test_labels_name_the_planted_topics_with_evidence(planted, planted_ann, planted_kg, planted_coupling):
    corpus, truth = planted
    res = leiden(planted_coupling, seed=0)
    summary = label_communities(res, kg=planted_kg, annotations=planted_ann, corpus=corpus)
    titles = {p.id: p.title for p in corpus}
    for row in summary.itertuples():
        members = [truth.communities[pid] for pid in row.paper_ids]
        topic = truth.community_topics[max(set(members), key=members.count)]
        assert row.top_topics[0] == topic
        assert row.top_concepts[0] in truth.topics[topic]
        assert row.label.startswith(row.top_concepts[0])
        assert row.n_papers == row.size and len(row.paper_ids) == 10
        assert row.paper_titles == [titles[p] for p in row.paper_ids]
        assert row.evidence and all(row.top_concepts[0] in s.lower() for s in row.evidence)


def test_concept_graph_communities_list_the_papers_mentioning_them(planted, planted_ann):
    corpus, _ = planted
    G = nx.Graph()
    for ms in planted_ann.mentions.values():
        names = [m.concept for m in ms]
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                w = (
                    G[f"Concept:{a}"][f"Concept:{b}"]["weight"] + 1
                    if G.has_edge(f"Concept:{a}", f"Concept:{b}")
                    else 1
                )
                G.add_edge(f"Concept:{a}", f"Concept:{b}", weight=w)
    res = leiden(G, seed=0, stability_runs=2)
    summary = label_communities(res, annotations=planted_ann, corpus=corpus)
    assert summary["n_papers"].min() > 0
    first = summary.iloc[0]
    concepts = {m.concept for m in planted_ann.mentions[first.paper_ids[0]]}
    assert concepts & {n.partition(":")[2] for n in res.communities()[0]}


def test_annotate_writes_community_into_the_graph(planted_kg, planted_coupling):
    kg = planted_kg.subgraph(list(planted_kg.graph.nodes))
    res = leiden(planted_coupling, seed=0, stability_runs=1)
    assert annotate_communities(kg, res) == planted_coupling.number_of_nodes()
    node = next(iter(res.membership))
    assert kg.graph.nodes[node]["community"] == res.membership[node]


def test_bad_parameters_are_named():
    G = nx.path_graph(3)
    with pytest.raises(
        ConfigError,
        match="The 'method' parameter of detect_communities must be one of 'leiden', 'louvain', got 'kmeans'",
    ):
        detect_communities(G, method="kmeans")
    with pytest.raises(
        ConfigError, match="The 'seed' parameter of detect_communities must be an int >= 0, got -1"
    ):
        leiden(G, seed=-1)
    with pytest.raises(
        ConfigError, match="The 'resolution' parameter of detect_communities must be a number > 0.0, got 0"
    ):
        leiden(G, resolution=0)
    with pytest.raises(
        ValueError, match="The .membership. parameter of modularity must give a community for every node"
    ):
        modularity(G, {0: 0})
    with pytest.raises(ConfigError, match="expected a networkx graph or a KnowledgeGraph, got list"):
        leiden([1, 2])


def test_empty_and_edgeless_graphs():
    assert leiden(nx.Graph()).n_communities == 0
    res = leiden(nx.empty_graph(3))
    assert res.n_communities == 3 and res.modularity == 0.0


def _nmi_of_tables(tables, truth):
    from sklearn.metrics import normalized_mutual_info_score

    comm = tables["communities"]
    nodes = [n for n in comm["node"] if n.removeprefix("Paper:") in truth]
    got = dict(zip(comm["node"], comm["community"], strict=True))
    return normalized_mutual_info_score(
        [truth[n.removeprefix("Paper:")] for n in nodes], [got[n] for n in nodes]
    )


def test_uneven_planted_communities_are_recovered_with_the_default_weighting():
    """8 planted groups of Zipf sizes with real mixing (3 of 11 references cross groups) and flat control
    keywords: the default (association strength) finds all 8; count weights let the large groups swallow small
    ones -- the reason for the default."""
    import scholargraph as sg
    from scholargraph.analysis import detect_communities
    from scholargraph.synthetic import planted_communities

    corpus, truth = planted_communities(1500, seed=0)
    kg = sg.build_graph(corpus)
    tables = sg.analyze(kg, corpus=corpus, seed=0, stability_runs=2)
    settings = tables["communities"].attrs["settings"]
    assert settings["normalization"] == "association" and settings["structure"] == "clear"
    assert len(tables["community_summary"]) == 8 and _nmi_of_tables(tables, truth) >= 0.9
    count = detect_communities(sg.bibliographic_coupling(kg, normalization="count"), seed=0, stability_runs=1)
    assert count.n_communities < 8
    # labels: the group keyword, with its support, and never a flat control keyword
    for terms in tables["community_summary"]["label_terms"]:
        assert re.match(r"group \d keyword \(keyword\): \d+ of \d+ here, \d+ of 1,500 overall", terms[0])
        assert not any(t.startswith("control keyword") for t in terms)


def test_an_unstructured_graph_is_flagged_weak():
    import scholargraph as sg
    from scholargraph.synthetic import planted_communities

    corpus, truth = planted_communities(800, seed=1, own_refs=2, cross_refs=9)
    tables = sg.analyze(sg.build_graph(corpus), corpus=corpus, seed=0, stability_runs=3)
    settings = tables["communities"].attrs["settings"]
    assert settings["structure"] == "weak" and _nmi_of_tables(tables, truth) < 0.2
    assert any(n.startswith("weak community structure") for n in settings["notes"])


def test_stability_nmi_equals_sklearn():
    """partition_stability computes NMI with numpy; scikit-learn's normalized_mutual_info_score is the oracle
    (random labellings, single groups, identical and independent partitions)."""
    import random

    from scholargraph.analysis.communities import _nmi

    rng = random.Random(0)
    cases = [([0, 0, 1, 1], [5, 5, 7, 7]), ([1, 1, 1], [2, 2, 2]), ([1, 1, 1], [0, 1, 2]), ([0], [0])]
    for _ in range(2000):
        n, ka, kb = rng.randrange(1, 50), rng.randrange(1, 7), rng.randrange(1, 7)
        cases.append(([rng.randrange(ka) for _ in range(n)], [rng.randrange(kb) for _ in range(n)]))
    for a, b in cases:
        assert _nmi(a, b) == pytest.approx(normalized_mutual_info_score(a, b), abs=1e-12), (a, b)
    parts = [{i: rng.randrange(4) for i in range(40)} for _ in range(4)]
    pairs = [(p, q) for k, p in enumerate(parts) for q in parts[k + 1 :]]
    expected = sum(normalized_mutual_info_score(list(p.values()), list(q.values())) for p, q in pairs)
    assert partition_stability(parts) == round(expected / len(pairs), 6)


def _two_cliques_labelled(papers, ann):
    """Label the two communities of a graph of two cliques: the first 12 papers and the rest."""
    from scholargraph.model import Corpus

    G = nx.Graph()
    for group in (papers[:12], papers[12:]):
        G.add_edges_from((f"Paper:{a.id}", f"Paper:{b.id}") for a in group for b in group if a.id < b.id)
    return label_communities(leiden(G, seed=0, stability_runs=1), annotations=ann, corpus=Corpus(papers))


def test_a_label_names_no_term_twice_in_nested_forms():
    """Twelve papers on spin transfer torque (every one says "spin transfer torque" and "spin transfer", ten say
    "domain wall"), twelve on graphs: the first community's label takes "spin transfer torque" or "spin transfer",
    not both, and goes on to "domain wall"."""
    from scholargraph.model import Paper
    from scholargraph.nlp.annotations import Annotations, Mention

    papers = [Paper.create(title=f"P{i}", year=2020, doi=f"10.1000/{i}") for i in range(24)]
    ann = Annotations()
    ann.mentions = {
        p.id: (
            [Mention(c, 1, 1.0, []) for c in ("spin transfer torque", "spin transfer")]
            + ([Mention("domain wall", 1, 1.0, [])] if i < 10 else [])
            if i < 12
            else [Mention("graph", 1, 1.0, [])]
        )
        for i, p in enumerate(papers)
    }
    summary = _two_cliques_labelled(papers, ann)
    spin = summary[summary["label"].str.contains("spin")].iloc[0]
    terms = spin["label"].split("; ")
    assert len([t for t in terms if t.startswith("spin transfer")]) == 1
    assert "domain wall" in terms


def test_a_label_reads_an_acronym_as_what_it_stands_for():
    """Twelve papers with the keywords "MTJ" and "tunnel junctions", eleven "magnetic random access memory", ten
    "MRAM devices", eight "spin torque"; the corpus defines MTJ as "magnetic tunnel junction" and MRAM as
    "magnetic random access memory". The label takes "MTJ", then neither "tunnel junctions" (a piece of what MTJ
    stands for) nor "MRAM devices" after "magnetic random access memory" (an acronym inside a term is read
    expanded): three terms for three things. The bibx Scopus export read "MTJ; tunnel junctions; magnetic random
    access memory"."""
    from scholargraph.model import Paper
    from scholargraph.nlp.annotations import Annotations, Concept, Mention

    def keywords(i):
        if i >= 12:
            return ["graphs"]
        extra = [("magnetic random access memory", 11), ("MRAM devices", 10), ("spin torque", 8)]
        return ["MTJ", "tunnel junctions"] + [k for k, n in extra if i < n]

    papers = [
        Paper.create(title=f"P{i}", year=2020, doi=f"10.1000/{i}", keywords=keywords(i)) for i in range(24)
    ]
    ann = Annotations()
    ann.concepts = {
        "magnetic tunnel junction": Concept("magnetic tunnel junction", aliases=["mtj"]),
        "magnetic random access memory": Concept("magnetic random access memory", aliases=["mram"]),
        "graph": Concept("graph"),
    }
    ann.mentions = {p.id: [Mention("graph", 1, 1.0, [])] for p in papers[12:]}
    summary = _two_cliques_labelled(papers, ann)
    label = summary[summary["label"].str.contains("MTJ")].iloc[0]["label"].split("; ")
    assert label == ["MTJ", "magnetic random access memory", "spin torque"]
    # without the acronyms' definitions they are different words
    ann.concepts = {"graph": Concept("graph")}
    summary = _two_cliques_labelled(papers, ann)
    label = summary[summary["label"].str.contains("MTJ")].iloc[0]["label"].split("; ")
    assert label == ["MTJ", "tunnel junctions", "magnetic random access memory"]


def test_a_concept_cluster_is_named_by_terms_of_the_field_first():
    """A cluster of concepts: "risk" and "model" are in the most papers, but they are common English (termhood
    1.0, 0.8): by papers x termhood alone the label would be "risk; model; policymaker" (12, 9.6, 9). It takes
    "policymaker" and "stakeholder" (termhood >= LABEL_MIN_TERMHOOD) first, and "risk" fills the third place
    only because the cluster has no third such term."""
    from scholargraph.analysis.communities import LABEL_MIN_TERMHOOD
    from scholargraph.graph.kg import KnowledgeGraph
    from scholargraph.model import Corpus, Paper
    from scholargraph.nlp.annotations import Annotations, Mention

    assert LABEL_MIN_TERMHOOD == 1.5
    termhood = {"model": 0.8, "risk": 1.0, "policymaker": 3.0, "stakeholder": 2.8}
    per_paper = [["model", "risk", "policymaker", "stakeholder"]] * 3 + [["model", "risk"]] * 9
    papers = [Paper.create(title=f"P{i}", year=2020, doi=f"10.1000/{i}") for i in range(len(per_paper))]
    ann = Annotations()
    ann.mentions = {
        p.id: [Mention(c, 1, 1.0, []) for c in cs] for p, cs in zip(papers, per_paper, strict=True)
    }
    kg = KnowledgeGraph()
    for c, score in termhood.items():
        kg.add_node("Concept", c, name=c, termhood=score)
    G = nx.complete_graph([f"Concept:{c}" for c in termhood])
    res = leiden(G, seed=0, stability_runs=1)
    summary = label_communities(res, kg=kg, annotations=ann, corpus=Corpus(papers))
    assert summary.loc[0, "label"] == "policymaker; stakeholder; risk"


def test_labels_write_terms_as_the_papers_do():
    """A concept is shown by its display form ("Chagas disease"), and a keyword that is also a concept is
    written as the concept is ("Trypanosoma cruzi", though the keywords say "trypanosoma cruzi")."""
    from scholargraph.model import Paper
    from scholargraph.nlp.annotations import Annotations, Concept, Mention

    papers = [
        Paper.create(
            title=f"P{i}",
            year=2020,
            doi=f"10.1000/{i}",
            keywords=["trypanosoma cruzi"] if i < 12 else ["graphs"],
        )
        for i in range(24)
    ]
    ann = Annotations()
    ann.concepts = {
        "chagas disease": Concept("chagas disease", display="Chagas disease"),
        "trypanosoma cruzi": Concept("trypanosoma cruzi", display="Trypanosoma cruzi"),
        "graph": Concept("graph"),
    }
    ann.mentions = {
        p.id: [Mention("chagas disease", 1, 1.0, [])] if i < 12 else [Mention("graph", 1, 1.0, [])]
        for i, p in enumerate(papers)
    }
    summary = _two_cliques_labelled(papers, ann)
    chagas = summary[summary["label"].str.contains("Chagas")].iloc[0]
    assert set(chagas["label"].split("; ")) == {"Chagas disease", "Trypanosoma cruzi"}
    assert "chagas" not in " ".join(chagas["label_terms"]) and "trypanosoma" not in " ".join(
        chagas["label_terms"]
    )
    assert chagas["top_concepts"] == ["Chagas disease"]


def test_labels_rank_terms_by_log_likelihood_ratio():
    """A community of 12 of 120 papers: "eddy currents" in 8 of its papers (and 4 outside), "eigenvalue problem"
    in 3 (none outside). Lift alone puts the 3-paper term first (10.0 against 6.7); the log-likelihood ratio,
    the default, puts the term most of the community shares first. Each LLR shown is the G statistic of the
    term's 2x2 table as scipy computes it."""
    from scipy.stats import chi2_contingency

    from scholargraph.model import Corpus, Paper
    from scholargraph.nlp.annotations import Annotations, Mention

    papers = [Paper.create(title=f"P{i}", year=2020, doi=f"10.1000/{i}") for i in range(120)]

    def said(i):
        return (["eddy currents"] if i < 8 or 12 <= i < 16 else []) + (
            ["eigenvalue problem"] if i < 3 else []
        )

    ann = Annotations()
    ann.mentions = {p.id: [Mention(c, 1, 1.0, []) for c in said(i)] + [Mention("magnet", 1, 1.0, [])]
                    for i, p in enumerate(papers)}  # fmt: skip
    G = nx.Graph()
    for group in (papers[:12], papers[12:]):
        G.add_edges_from((f"Paper:{a.id}", f"Paper:{b.id}") for a in group for b in group if a.id < b.id)
    res = leiden(G, seed=0, stability_runs=1)
    small = next(c for c, members in enumerate(res.communities()) if len(members) == 12)
    by_llr = label_communities(res, annotations=ann, corpus=Corpus(papers)).iloc[small]
    by_lift = label_communities(res, annotations=ann, corpus=Corpus(papers), rank="lift").iloc[small]
    assert by_llr["label"] == "eddy currents; eigenvalue problem"
    assert by_lift["label"] == "eigenvalue problem; eddy currents"
    for text, (a, b) in zip(by_llr["label_terms"], [(8, 12), (3, 3)], strict=True):
        assert text.startswith(
            f"{'eddy currents' if a == 8 else 'eigenvalue problem'} (concept): {a} of 12 here"
        )
        g, *_ = chi2_contingency(
            [[a, 12 - a], [b - a, 108 - (b - a)]], correction=False, lambda_="log-likelihood"
        )
        assert float(text.rsplit("LLR ", 1)[1]) == pytest.approx(g, abs=0.05)
    with pytest.raises(ConfigError, match="rank"):
        label_communities(res, annotations=ann, corpus=Corpus(papers), rank="pmi")
