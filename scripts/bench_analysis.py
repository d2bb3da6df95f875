"""Analysis benchmark: ``python scripts/benchmark.py analysis [--quick]``.

Two comparisons, each measured side by side in the same run:

1. Leiden (igraph + leidenalg) vs networkx Louvain on the same graph: the bibliographic coupling graph of the
   Web of Science export in ../shared (``wos-javeriana-cali``, ~4,600 coupled papers, ~120k edges); with
   ``--quick`` the coupling graph of the 300-paper planted synthetic corpus. Both through the public functions
   (``leiden`` / ``louvain`` with ``stability_runs=1``), same resolution 1.0 and seed 0; modularity of each.
   Figures: ``leiden_vs_louvain_speedup`` (Louvain seconds / Leiden seconds), ``leiden_modularity``,
   ``louvain_modularity``.
2. Sampled (k=500 sources, seed 0) vs exact betweenness (networkx Brandes, through ``betweenness``) on a
   sparse Barabasi-Albert graph of 10,000 nodes and ~30,000 edges (``--quick``: 2,000 nodes, k=200).
   Figures: ``betweenness_sampled_speedup`` (exact seconds / sampled seconds) and
   ``betweenness_top100_spearman`` (Spearman correlation of the sampled values with the exact ones over the
   exact top-100 nodes), plus ``betweenness_top100_overlap`` (share of the exact top 100 in the sampled top 100).
3. Findings a researcher can trust (issue 14), on planted and real data:
   - ``planted_hard_nmi``: NMI between the planted groups and the communities of ``analyze`` (its default:
     Leiden on association-strength coupling) on ``synthetic.planted_communities`` -- 8 groups of Zipf sizes,
     3 of 11 references crossing groups, flat control keywords (3,000 papers; ``--quick`` 1,500);
     ``planted_hard_nmi_count`` the same with count weights, ``planted_hard_communities`` how many were found;
   - ``planted_unstructured_flagged``: an unrecoverable planted graph (2 own and 9 crossing references per
     paper) is reported as weak structure;
   - ``planted_burst_found``: a keyword rising 2x from a 4% base in 2020, in 3,000 papers with 30 flat
     controls, is emerging, bursts from 2020 or 2021, and is the only item called a trend;
   - ``null_corpus_false_trends``: items called emerging or declining on a date-shuffled copy of the WoS set's
     author keywords (every paper keeps its keywords, the dates are permuted with seed 0) -- must be 0 at the
     chosen FDR; ``wos_emerging_keywords`` / ``wos_declining_keywords`` on the real dates, and
     ``wos_covid_status``;
   - ``label_lift_median``: median lift of the first label term of the WoS communities; ``analyze_wos_seconds``
     the whole ``analyze`` of the WoS graph (communities with stability runs, centrality, collaboration, trends).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _benchutil import shared_dir, timed  # noqa: E402


def _coupling_graph(quick: bool):
    from scholargraph.graph.build import build_graph
    from scholargraph.graph.projections import bibliographic_coupling

    if quick:
        from scholargraph.synthetic import planted_corpus

        corpus, _ = planted_corpus(300, seed=0)
        name = "coupling graph of the planted synthetic corpus (300 papers)"
    else:
        from scholargraph.readers import read

        files = sorted((shared_dir() / "corpora" / "wos-javeriana-cali").glob("*.txt.gz"))
        corpus = read(files)
        name = f"coupling graph of the WoS export ({len(corpus)} papers)"
    G = bibliographic_coupling(build_graph(corpus))
    return G, name


def _findings(quick: bool) -> tuple[list[dict], dict]:
    import random

    from sklearn.metrics import normalized_mutual_info_score

    import scholargraph as sg
    from scholargraph.analysis import detect_communities, trends
    from scholargraph.model import Corpus, PaperDate
    from scholargraph.synthetic import planted_communities, planted_rise

    rows, out = [], {}
    n = 1500 if quick else 3000
    corpus, truth = planted_communities(n, seed=0)
    kg = sg.build_graph(corpus)
    t, tables = timed(lambda: sg.analyze(kg, corpus=corpus, seed=0, stability_runs=3))
    comm = tables["communities"]
    got = dict(zip(comm["node"], comm["community"], strict=True))
    nodes = [x for x in got if x.removeprefix("Paper:") in truth]
    ref = [truth[x.removeprefix("Paper:")] for x in nodes]
    out["planted_hard_nmi"] = round(normalized_mutual_info_score(ref, [got[x] for x in nodes]), 4)
    out["planted_hard_communities"] = int(comm["community"].nunique())
    cnt = detect_communities(sg.bibliographic_coupling(kg, normalization="count"), seed=0, stability_runs=1)
    out["planted_hard_nmi_count"] = round(
        normalized_mutual_info_score(ref, [cnt.membership.get(x, -1) for x in nodes]), 4
    )
    out["planted_hard_communities_count"] = cnt.n_communities
    rows.append({"task": "planted communities (8, Zipf)", "method": "analyze (association)", "seconds": t,
                 "communities": out["planted_hard_communities"], "nmi": out["planted_hard_nmi"]})  # fmt: skip
    flat, _ = planted_communities(n // 2, seed=1, own_refs=2, cross_refs=9)
    flat_tables = sg.analyze(sg.build_graph(flat), corpus=flat, seed=0, stability_runs=3)
    out["planted_unstructured_flagged"] = flat_tables["communities"].attrs["settings"]["structure"] == "weak"

    rise, item = planted_rise(3000, seed=0, base=0.04, factor=2.0, rise_year=2020)
    res = trends(rise, kind="keyword")
    start = res.bursts[res.bursts["item"] == item]["start"].min()
    flagged = set(res.table.loc[res.table["status"] != "stable", "item"])
    out["planted_burst_found"] = bool(
        res.status(item) == "emerging" and start in ("2020", "2021") and flagged == {item}
    )

    files = sorted((shared_dir() / "corpora" / "wos-javeriana-cali").glob("*.txt.gz"))
    wos = sg.read(files[:3] if quick else files)
    real = trends(wos, kind="keyword")
    out["wos_emerging_keywords"] = int((real.table["status"] == "emerging").sum())
    out["wos_declining_keywords"] = int((real.table["status"] == "declining").sum())
    out["wos_covid_status"] = real.status("covid-19")
    rng = random.Random(0)
    dates = [p.date for p in wos.papers]
    rng.shuffle(dates)
    shuffled = Corpus(papers=[
        sg.Paper.create(title=p.title, date=d if d is not None else PaperDate(2000, None, None, "year"),
                        doi=p.doi, keywords=list(p.keywords))
        for p, d in zip(wos.papers, dates, strict=True)
    ])  # fmt: skip
    null = trends(shuffled, kind="keyword")
    out["null_corpus_false_trends"] = int((null.table["status"] != "stable").sum())
    out["null_corpus_tested_items"] = int(len(null.table))

    wkg = sg.build_graph(wos)
    t_an, wt = timed(lambda: sg.analyze(wkg, corpus=wos, seed=0))
    lifts = wt["community_summary"]["label_lift"].dropna()
    out["label_lift_median"] = round(float(lifts.median()), 2) if len(lifts) else None
    out["analyze_wos_seconds"] = round(t_an, 2)
    rows.append({"task": "analyze (WoS)", "method": "all tables", "seconds": t_an,
                 "communities": len(wt["community_summary"])})  # fmt: skip
    return rows, out


def run(quick: bool = False):
    import networkx as nx
    from scipy.stats import spearmanr

    from scholargraph.analysis import betweenness, leiden, louvain

    rows: list[dict] = []
    G, gname = _coupling_graph(quick)
    t_leiden, r_leiden = timed(lambda: leiden(G, seed=0, stability_runs=1), repeat=1 if not quick else 3)
    t_louvain, r_louvain = timed(lambda: louvain(G, seed=0, stability_runs=1), repeat=1 if not quick else 3)
    for name, t, r in (("leiden (igraph)", t_leiden, r_leiden), ("louvain (networkx)", t_louvain, r_louvain)):
        rows.append(
            {
                "task": "communities",
                "method": name,
                "graph": gname,
                "nodes": G.number_of_nodes(),
                "edges": G.number_of_edges(),
                "seconds": t,
                "communities": r.n_communities,
                "modularity": r.modularity,
            }
        )

    n, k = (2000, 200) if quick else (10000, 500)
    B = nx.barabasi_albert_graph(n, 3, seed=0)
    t_exact, (exact, how_e) = timed(lambda: betweenness(B, exact_max_nodes=10**9))
    t_sampled, (sampled, how_s) = timed(lambda: betweenness(B, k=k, seed=0))
    assert how_e["exact"] and not how_s["exact"]
    top = sorted(exact, key=lambda v: (-exact[v], v))[:100]
    rho = float(spearmanr([exact[v] for v in top], [sampled[v] for v in top]).statistic)
    top_s = set(sorted(sampled, key=lambda v: (-sampled[v], v))[:100])
    overlap = len(top_s & set(top)) / 100
    bname = f"Barabasi-Albert n={n}, m=3 ({B.number_of_edges()} edges), seed 0"
    rows.append(
        {
            "task": "betweenness",
            "method": "exact (Brandes)",
            "graph": bname,
            "nodes": n,
            "edges": B.number_of_edges(),
            "seconds": t_exact,
        }
    )
    rows.append(
        {
            "task": "betweenness",
            "method": f"sampled k={k}",
            "graph": bname,
            "nodes": n,
            "edges": B.number_of_edges(),
            "seconds": t_sampled,
        }
    )

    findings_rows, findings = _findings(quick)
    rows += findings_rows
    figures = {
        **findings,
        "communities_graph": gname,
        "leiden_seconds": round(t_leiden, 3),
        "louvain_seconds": round(t_louvain, 3),
        "leiden_vs_louvain_speedup": round(t_louvain / t_leiden, 2),
        "leiden_modularity": round(r_leiden.modularity, 4),
        "louvain_modularity": round(r_louvain.modularity, 4),
        "betweenness_graph": bname,
        "betweenness_exact_seconds": round(t_exact, 2),
        "betweenness_sampled_seconds": round(t_sampled, 2),
        "betweenness_sampled_speedup": round(t_exact / t_sampled, 2),
        "betweenness_top100_spearman": round(rho, 4),
        "betweenness_top100_overlap": round(overlap, 2),
    }
    return rows, figures
