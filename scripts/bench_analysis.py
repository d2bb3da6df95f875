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

    figures = {
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
