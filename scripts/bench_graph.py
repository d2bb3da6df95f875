"""Graph stage benchmark: sparse projections vs the pairwise-loop baseline, build cost vs extraction, scale.

``python scripts/benchmark.py graph [--quick] [--json]``. Figures:

- ``coupling_seconds``, ``cocitation_all_refs_seconds``, ``coauthor_seconds``: end-to-end projection calls on
  the WoS set (incidence from the graph, sparse products, thresholds, nx.Graph), best of 2, on the graph made
  by ``build_graph``. The first citation projection on a graph object computes the keys of the ~242k
  unresolved references and keeps them on the object (``reference_index_seconds`` alone), so the best of 2 is
  the projection itself; ``coupling_cold_seconds``: the coupling call on a graph object without those keys
  (one just built or loaded from a store: that call computes them). Settings: coupling
  over all references; co-citation over all cited works cited by >= 2 papers (``min_occurrences=2``, the
  VOSviewer-style minimum: without it the graph has 9.4 M edges); co-authorship of papers with <= 100 authors
  (``max_authors=100``; the 25 hyper-authored papers alone make 2.7 M pairs). Association strength weights.
- ``sparse_vs_loop_speedup``: loop / sparse time of the co-occurrence construction (same incidence in, same
  edge lists out) summed over the three projections; ``sparse_vs_loop_speedup_end_to_end`` includes the
  shared incidence and nx.Graph conversion.
- ``projection_peak_mb``: tracemalloc peak over the three sparse projections.
- ``build_share_of_extraction``: build_graph time (no extraction) / estimated extraction time of the corpus;
  the estimate times ``scholargraph.nlp.pipeline.extract`` on the first N papers (by id) with abstracts and
  scales linearly by paper count.
- scale: ``scripts/synth_scale.py`` corpora at 10k, 30k, 100k papers (quick: 2k, 6k, 20k); build + four
  projections (coupling, co-citation, co-authorship, concepts; default settings) timed in a fresh process per
  size, each projection returned as an ``nx.Graph``; ``scale_exponent`` = log-log slope of time vs size.
- memory at the largest size, in one more fresh process: the peak RSS (VmHWM, reset after the corpus is
  generated) of build + the same four projections minus the RSS before it. ``peak_mb_100k``: the projections
  returned as sparse matrices (``as_matrix=True``, :class:`ProjectionMatrix` -- what a caller uses at that
  scale: the coupling projection alone has 2.4 M edges, ~0.7 GB as an ``nx.Graph``);
  ``peak_mb_100k_networkx``: the same with ``nx.Graph`` results (the scale run above). ``build_peak_mb_100k``:
  the build alone (graph + its reference keys); ``process_peak_mb_100k[_networkx]``: the absolute peaks
  (synthetic corpus + annotations included).
"""

from __future__ import annotations

import json
import math
import multiprocessing as mp
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from _benchutil import ROOT, peak_mb, rss_mb, shared_dir, timed

sys.path.insert(0, str(ROOT / "tests" / "_support"))  # the pairwise-loop oracle lives with the tests
from projection_oracle import loop_pairs, loop_project  # noqa: E402

LOOP_NAMES = {
    "bibliographic_coupling": "coupling",
    "co_citation": "co-citation",
    "co_authorship": "co-authorship",
}

PROJECTIONS = {
    "coupling": ("references", {"all_refs": True}, "docs", "bibliographic_coupling", {"all_refs": True}),
    "cocitation_all_refs": (
        "references", {"all_refs": True, "min_occurrences": 2}, "items", "co_citation",
        {"all_refs": True, "min_occurrences": 2},
    ),
    "coauthor": ("authors", {"max_items": 100}, "items", "co_authorship", {"max_authors": 100}),
}  # fmt: skip


def _wos():
    from scholargraph.readers import read

    return read(sorted((shared_dir() / "corpora" / "wos-javeriana-cali").glob("*.txt.gz")))


def _projection_rows(kg):
    from scholargraph.graph import projections as P

    rows, figures = [], {}
    tot = {"core_sparse": 0.0, "core_loop": 0.0, "e2e_sparse": 0.0, "e2e_loop": 0.0}
    for name, (kind, inc_kw, on, fn, kw) in PROJECTIONS.items():
        inc = P.incidence(kg, kind, **inc_kw)
        a, names = (inc.matrix.T.tocsr(), inc.docs) if on == "docs" else (inc.matrix, inc.items)
        opts = {"normalization": "association", "counting": "full", "min_weight": 0.0, "top_k": None}
        core_s, out_s = timed(lambda: P._sparse_projection(names, a, **opts), repeat=2)  # noqa: B023
        core_l, out_l = timed(lambda: loop_pairs(names, a, **opts))  # noqa: B023
        assert all(
            np.array_equal(np.asarray(x), np.asarray(y)) for x, y in zip(out_s[:3], out_l[:3], strict=True)
        ), name
        e2e_s, g = timed(lambda: getattr(P, fn)(kg, normalization="association", **kw), repeat=2)  # noqa: B023
        e2e_l, _ = timed(lambda: loop_project(kg, LOOP_NAMES[fn], normalization="association", **kw))  # noqa: B023
        rows.append(
            {
                "projection": name,
                "nodes": g.number_of_nodes(),
                "edges": g.number_of_edges(),
                "sparse_s": e2e_s,
                "loop_s": e2e_l,
                "core_sparse_s": core_s,
                "core_loop_s": core_l,
                "core_speedup": core_l / core_s,
            }
        )
        figures[f"{name}_seconds"] = round(e2e_s, 3)
        tot["core_sparse"] += core_s
        tot["core_loop"] += core_l
        tot["e2e_sparse"] += e2e_s
        tot["e2e_loop"] += e2e_l

    def all_three():
        return [
            getattr(P, fn)(kg, normalization="association", **kw) for _, _, _, fn, kw in PROJECTIONS.values()
        ]

    _, mb, _ = peak_mb(all_three)
    figures["projection_peak_mb"] = round(mb, 1)
    figures["sparse_vs_loop_speedup"] = round(tot["core_loop"] / tot["core_sparse"], 1)
    figures["sparse_vs_loop_speedup_end_to_end"] = round(tot["e2e_loop"] / tot["e2e_sparse"], 1)
    return rows, figures


def _cold(kg) -> dict:
    """Costs without the reference keys that build_graph leaves on the graph object (fresh wrapper objects)."""
    from scholargraph.graph import projections as P
    from scholargraph.graph.kg import KnowledgeGraph

    index_s, _ = timed(lambda: KnowledgeGraph(kg.graph, kg.meta).reference_index())
    cold_s, _ = timed(
        lambda: P.bibliographic_coupling(KnowledgeGraph(kg.graph, kg.meta), normalization="association")
    )
    return {"reference_index_seconds": round(index_s, 3), "coupling_cold_seconds": round(cold_s, 3)}


def _extraction_estimate(corpus, n_sample: int) -> tuple[float, int]:
    from scholargraph.nlp.pipeline import extract, load_nlp

    nlp = load_nlp()
    sample = sorted((p for p in corpus.papers if p.abstract), key=lambda p: p.id)[:n_sample]
    secs, _ = timed(lambda: extract(nlp, sample, seed=0, n_topics=5, progress=False))
    return secs * len(corpus.papers) / len(sample), len(sample)


def _scale_child(n: int, q, as_matrix: bool = False) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from scholargraph.graph import projections as P
    from scholargraph.graph.build import build_graph
    from synth_scale import generate

    corpus, ann = generate(n, seed=0)
    before = rss_mb()
    _reset_peak()
    t0 = time.perf_counter()
    kg = build_graph(corpus, ann)
    t1 = time.perf_counter()
    build_peak = _peak_rss_mb()
    sizes = {}
    for fn in ("bibliographic_coupling", "co_citation", "co_authorship", "concept_cooccurrence"):
        out = getattr(P, fn)(kg, as_matrix=as_matrix)
        sizes[fn] = out.count.nnz if as_matrix else out.number_of_edges()
        del out
    t2 = time.perf_counter()
    peak = _peak_rss_mb()
    q.put({"n": n, "build_s": t1 - t0, "projections_s": t2 - t1, "total_s": t2 - t0, "peak_mb": peak - before, "build_peak_mb": build_peak - before,
           "process_peak_mb": peak, "edges": sum(kg.counts()["edges"].values()), **sizes})  # fmt: skip


def _reset_peak() -> None:
    """Reset the kernel's peak-RSS mark (VmHWM) of this process (Linux >= 4.0)."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def _peak_rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scale(sizes: list[int], as_matrix: bool = False) -> list[dict]:
    ctx = mp.get_context("spawn")
    rows = []
    for n in sizes:
        q = ctx.Queue()
        p = ctx.Process(target=_scale_child, args=(n, q, as_matrix))
        p.start()
        rows.append(q.get())
        p.join()
    return rows


def run(quick: bool) -> tuple[list[dict], dict]:
    from scholargraph.graph.build import build_graph

    corpus = _wos()
    build_s, kg = timed(lambda: build_graph(corpus), repeat=1 if quick else 2)
    rows, figures = _projection_rows(kg)
    figures["cites_edges"] = kg.counts()["edges"].get("CITES", 0)
    figures.update(_cold(kg))
    figures["build_seconds"] = round(build_s, 3)
    try:
        est, n_sample = _extraction_estimate(corpus, 40 if quick else 150)
        figures["extraction_seconds_estimate"] = round(est, 1)
        figures["extraction_sample_papers"] = n_sample
        figures["build_share_of_extraction"] = round(build_s / est, 4)
    except ImportError as e:  # extraction not installed
        figures["build_share_of_extraction"] = None
        figures["extraction_error"] = str(e)
    sizes = [2000, 6000, 20000] if quick else [10000, 30000, 100000]
    scale = _scale(sizes)
    for r in scale:
        rows.append({"projection": f"synthetic n={r['n']}", "edges": r["edges"], "sparse_s": r["total_s"],
                     "build_s": r["build_s"], "projections_s": r["projections_s"], "peak_mb": r["peak_mb"]})  # fmt: skip
    slope = np.polyfit([math.log(r["n"]) for r in scale], [math.log(r["total_s"]) for r in scale], 1)[0]
    figures["scale_exponent"] = round(float(slope), 3)
    big = sizes[-1] // 1000
    matrix = _scale([sizes[-1]], as_matrix=True)[0]
    rows.append({"projection": f"synthetic n={matrix['n']} as_matrix", "edges": matrix["edges"],
                 "sparse_s": matrix["total_s"], "build_s": matrix["build_s"],
                 "projections_s": matrix["projections_s"], "peak_mb": matrix["peak_mb"]})  # fmt: skip
    figures[f"peak_mb_{big}k"] = round(matrix["peak_mb"], 1)
    figures[f"build_peak_mb_{big}k"] = round(matrix["build_peak_mb"], 1)
    figures[f"process_peak_mb_{big}k"] = round(matrix["process_peak_mb"], 1)
    figures[f"peak_mb_{big}k_networkx"] = round(scale[-1]["peak_mb"], 1)
    figures[f"process_peak_mb_{big}k_networkx"] = round(scale[-1]["process_peak_mb"], 1)
    figures["scale_seconds"] = {str(r["n"]): round(r["total_s"], 2) for r in scale}
    figures["machine_load"] = _load()
    return rows, figures


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    r, f = run(quick="--quick" in sys.argv)
    print(json.dumps(f, indent=1))
