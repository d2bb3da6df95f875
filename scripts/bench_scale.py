"""Benchmark stage ``scale`` (issue 18): the Dask engine, neo4j-admin bulk import and Graph Data Science.

- **Extraction**: the same WoS abstracts (the first ``EXTRACT_DOCS`` with text; ``--quick``: 120) annotated by
  one process (``annotate``, spaCy's ``nlp.pipe``) and by a LocalCluster of two single-threaded workers
  (``engine="dask"``, the model loaded on the workers first), in the same run; the records must be equal.
  Figures: ``dask_vs_local_extract`` (local seconds / Dask seconds; target >= 1.5), ``dask_extract_docs_per_s``,
  ``local_extract_docs_per_s``.
- **Projections**: the seeded synthetic corpus of ``scripts/synth_scale.py`` written straight as Parquet tables
  (planted annotations, no spaCy) at 100k and 1M papers (``--quick``: 10k and 50k); co-authorship, co-citation,
  coupling and concept co-occurrence with their default settings on the same two workers, each size on fresh
  workers. Figures: ``dask_projection_seconds_<size>`` (the four together), ``dask_projection_scale_exponent``
  (log of the time ratio over log of the size ratio; target <= 1.2), ``dask_projection_peak_worker_mb_<size>``
  (largest peak RSS of a worker), ``projection_edges_<size>``; and the grouped-join alternative (a Dask DataFrame
  self-merge on the shared key, then a group-by) on co-citation of the smaller size:
  ``join_vs_sparse_cocitation``.
- **Neo4j**: the WoS graph (``--quick``: 2 files) pushed (batch 1000) into a fresh server, then bulk-imported with
  ``neo4j-admin database import full`` into the same, stopped, server. Figures: ``push_rows_per_s``,
  ``neo4j_import_rows_per_s`` (neo4j-admin alone, its JVM start included), ``neo4j_csv_write_seconds`` (writing the
  CSV it reads).
- **GDS**: a synthetic corpus of ``GDS_PAPERS`` papers (``--quick``: 5,000) built into a graph, imported into a
  server with GDS 2.13.9; PageRank, betweenness (sampled, k=500, above 3,000 papers) and Leiden on the citation
  graph in GDS against networkx/igraph on the same graph. Figures: ``gds_pagerank_seconds`` /
  ``networkx_pagerank_seconds``, ``gds_betweenness_seconds`` / ``networkx_betweenness_seconds``,
  ``gds_leiden_seconds`` / ``igraph_leiden_seconds``, ``gds_pagerank_spearman``, ``gds_betweenness_spearman``
  (sampled: GDS and networkx draw other sources, so only the exact values agree), ``gds_projection_seconds``, and
  ``gds_memory_estimate_1m`` / ``gds_memory_estimate_1m_citations`` (``gds.graph.project.estimate`` for the whole
  1M-paper graph and for its citation graph, counts scaled from the synthetic graph, which grows linearly).

Timings are only meaningful on an otherwise idle machine.
"""

from __future__ import annotations

import math
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _benchutil import ROOT, rss_mb, shared_dir

EXTRACT_DOCS = 1000
PROJ_SIZES = (100_000, 1_000_000)
QUICK_PROJ_SIZES = (10_000, 50_000)
GDS_PAPERS = 100_000
KINDS = ("co-authorship", "co-citation", "coupling", "concepts")


def _label(n: int) -> str:
    return f"{n // 1_000_000}m" if n % 1_000_000 == 0 else f"{n // 1000}k"


def _worker_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _wos(quick: bool) -> list[Path]:
    files = sorted((shared_dir() / "corpora" / "wos-javeriana-cali").glob("*.txt.gz"))
    return files[:2] if quick else files


# ------------------------------------------------------------------------------------------------ extraction


def _extract(client, quick: bool, rows: list, figures: dict) -> None:
    from scholargraph.nlp.pipeline import annotate, load_nlp
    from scholargraph.readers import read
    from scholargraph.scale.extract import warm_workers

    n = 120 if quick else EXTRACT_DOCS
    papers = [p for p in read(_wos(quick)).papers if p.abstract][:n]
    nlp = load_nlp()
    warm_workers(client, nlp)
    annotate(nlp, papers[:8])  # warm the local pipeline the same way
    t0 = time.perf_counter()
    local = annotate(nlp, papers, progress=False)
    local_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    dask = annotate(nlp, papers, progress=False, engine="dask", client=client)
    dask_s = time.perf_counter() - t0
    if dask.records != local.records:
        raise SystemExit("the Dask engine's records differ from the local engine's")
    rows.append({"stage": "extract (spaCy + records)", "what": f"{len(papers)} WoS abstracts", "local_s": local_s,
                 "dask_s": dask_s, "ratio": local_s / dask_s, "note": "2 workers vs 1 process, same records"})  # fmt: skip
    figures["dask_vs_local_extract"] = round(local_s / dask_s, 3)
    figures["dask_extract_docs_per_s"] = round(len(papers) / dask_s, 1)
    figures["local_extract_docs_per_s"] = round(len(papers) / local_s, 1)


# ------------------------------------------------------------------------------------------------ projections


def _projections(client, quick: bool, rows: list, figures: dict, work: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from scholargraph.scale.projections import project_tables
    from synth_scale import tables

    sizes = QUICK_PROJ_SIZES if quick else PROJ_SIZES
    secs = {}
    for n in sizes:
        store = work / f"synthetic-{n}"
        t0 = time.perf_counter()
        counts = tables(n, store, seed=0)
        gen_s = time.perf_counter() - t0
        workers = len(client.scheduler_info()["workers"])
        client.restart(wait_for_workers=False)  # fresh workers: their peak RSS is this size's
        client.wait_for_workers(workers, timeout=600)
        total, edges = 0.0, 0
        for kind in KINDS:
            t0 = time.perf_counter()
            m = project_tables(store, kind, client=client, as_matrix=True)
            s = time.perf_counter() - t0
            total += s
            edges += m.count.nnz
            rows.append({"stage": f"projection {kind}", "what": f"{n:,} synthetic papers", "dask_s": s,
                         "edges": m.count.nnz, "note": f"{counts['references']:,} references"})  # fmt: skip
        peak = max(client.run(_worker_peak_mb).values())
        label = _label(n)
        secs[n] = total
        figures[f"dask_projection_seconds_{label}"] = round(total, 2)
        figures[f"dask_projection_peak_worker_mb_{label}"] = round(peak, 1)
        figures[f"projection_edges_{label}"] = edges
        figures[f"synthetic_tables_seconds_{label}"] = round(gen_s, 2)
    a, b = sizes
    figures["dask_projection_scale_exponent"] = round(math.log(secs[b] / secs[a]) / math.log(b / a), 3)
    figures["driver_rss_mb"] = round(rss_mb(), 1)
    figures["join_vs_sparse_cocitation"] = _join_vs_sparse(client, work / f"synthetic-{a}", rows)


def _join_vs_sparse(client, store: Path, rows: list) -> float:
    """Co-citation counts as a grouped join (Dask DataFrame merge on the citing paper, then group-by on the
    pair) against the sparse engine, on the same tables; the counts must agree."""
    import dask.dataframe as dd

    from scholargraph.scale.projections import project_tables
    from scholargraph.scale.tables import table_files

    files = [str(f) for f in table_files(store, "references")]
    t0 = time.perf_counter()
    refs = dd.read_parquet(files, columns=["paper", "target"]).dropna().drop_duplicates()
    pairs = refs.merge(refs, on="paper", suffixes=("_a", "_b"))
    pairs = pairs[pairs["target_a"] < pairs["target_b"]]
    counted = pairs.groupby(["target_a", "target_b"]).size().compute(scheduler=client.get)
    join_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    sparse_m = project_tables(store, "co-citation", client=client, as_matrix=True)
    sparse_s = time.perf_counter() - t0
    if len(counted) != sparse_m.count.nnz or int(counted.sum()) != int(sparse_m.count.sum()):
        raise SystemExit("the grouped join's co-citation counts differ from the sparse engine's")
    rows.append({"stage": "co-citation: grouped join vs sparse", "what": store.name, "dask_s": join_s,
                 "ratio": join_s / sparse_s, "edges": len(counted), "note": f"sparse {sparse_s:.2f} s"})  # fmt: skip
    return round(join_s / sparse_s, 2)


# ------------------------------------------------------------------------------------------------ Neo4j


def _import_vs_push(quick: bool, rows: list, figures: dict) -> None:
    from scholargraph.graph.build import build_graph
    from scholargraph.graph.exports import write_neo4j_csv
    from scholargraph.neo4j import server as srv
    from scholargraph.neo4j.client import clear, connect, counts, push
    from scholargraph.readers import read

    kg = build_graph(read(_wos(quick)))
    c = kg.counts()
    total = sum(c["nodes"].values()) + sum(c["edges"].values())
    home = tempfile.mkdtemp(prefix="sg-bench-scale-neo4j-")
    try:
        s = srv.start(home)
        driver = connect(s.uri)
        clear(driver)
        t0 = time.perf_counter()
        push(kg, driver, batch_size=1000, progress=False)
        push_s = time.perf_counter() - t0
        driver.close()
        res = srv.import_graph(kg, home, restart_server=True)
        csv_dir = Path(home) / "csv-timing"
        t0 = time.perf_counter()
        write_neo4j_csv(kg, csv_dir)
        csv_s = time.perf_counter() - t0
        driver = connect(res["server"].uri)
        got = counts(driver)
        driver.close()
        if sum(got["nodes"].values()) + sum(got["edges"].values()) != total:
            raise SystemExit("the imported database does not hold the graph")
    finally:
        srv.stop(home)
        shutil.rmtree(home, ignore_errors=True)
    rows.append({"stage": "neo4j push (batch 1000)", "what": f"{total:,} rows", "dask_s": push_s,
                 "note": f"{total / push_s:,.0f} rows/s"})  # fmt: skip
    rows.append({"stage": "neo4j-admin import", "what": f"{total:,} rows", "dask_s": res["seconds"],
                 "ratio": push_s / res["seconds"], "note": f"{res['rows_per_s']:,.0f} rows/s (JVM start included)"})  # fmt: skip
    figures["push_rows_per_s"] = round(total / push_s, 1)
    figures["neo4j_import_rows_per_s"] = round(res["rows_per_s"], 1)
    figures["neo4j_csv_write_seconds"] = round(csv_s, 3)
    figures["neo4j_rows"] = total


# ------------------------------------------------------------------------------------------------ GDS


def _gds(quick: bool, rows: list, figures: dict) -> None:
    import networkx as nx
    from scipy.stats import spearmanr

    from scholargraph.analysis import centralities
    from scholargraph.analysis.communities import detect_communities
    from scholargraph.analysis.gds import GdsBackend, memory_estimate
    from scholargraph.graph.build import build_graph
    from scholargraph.neo4j import server as srv
    from scholargraph.neo4j.client import connect
    from synth_scale import generate

    n = 5000 if quick else GDS_PAPERS
    kg = build_graph(*generate(n, seed=0))
    C = centralities.citation_graph(kg)
    home = tempfile.mkdtemp(prefix="sg-bench-scale-gds-")
    try:
        srv.start(home, plugins=("gds",), heap="2g", pagecache="256m")
        res = srv.import_graph(kg, home, restart_server=True, heap="2g")
        driver = connect(res["server"].uri)
        backend = GdsBackend(driver)
        try:
            t0 = time.perf_counter()
            backend._project_citations(C, "NATURAL")
            figures["gds_projection_seconds"] = round(time.perf_counter() - t0, 3)
            backend._project_citations(C, "UNDIRECTED")
            timings = {}
            for name, fn in (
                ("gds_pagerank", lambda: backend.pagerank(C)),
                ("networkx_pagerank", lambda: centralities.pagerank(C)),
                ("gds_betweenness", lambda: backend.betweenness(C, seed=0)),
                ("networkx_betweenness", lambda: centralities.betweenness(C, seed=0)),
            ):
                t0 = time.perf_counter()
                out = fn()
                timings[name] = (time.perf_counter() - t0, out)
            U = nx.Graph()
            U.add_edges_from(C.to_undirected().edges, weight=1.0)
            find = backend.finder("leiden")
            find(U, 1.0, 0)  # project the graph once (not timed: a projection, like the citation graph's)
            for name, kw in (("gds_leiden", {"finder": find}), ("igraph_leiden", {})):
                t0 = time.perf_counter()
                out = detect_communities(U, seed=0, stability_runs=1, **kw)
                timings[name] = (time.perf_counter() - t0, out)
            nodes = list(C)
            pr_g, pr_n = timings["gds_pagerank"][1], timings["networkx_pagerank"][1]
            bt_g, bt_n = timings["gds_betweenness"][1][0], timings["networkx_betweenness"][1][0]
            figures["gds_betweenness_spearman"] = round(
                float(spearmanr([bt_g[v] for v in nodes], [bt_n[v] for v in nodes]).statistic), 6
            )
            figures["gds_pagerank_spearman"] = round(
                float(spearmanr([pr_g[v] for v in nodes], [pr_n[v] for v in nodes]).statistic), 10
            )
            for name, (secs, _) in timings.items():
                figures[f"{name}_seconds"] = round(secs, 3)
            figures["gds_modularity"] = timings["gds_leiden"][1].modularity
            figures["igraph_modularity"] = timings["igraph_leiden"][1].modularity
            scale = 1_000_000 / n
            c = kg.counts()
            nodes_1m = int(sum(c["nodes"].values()) * scale)
            rels_1m = int(sum(c["edges"].values()) * scale)
            est = memory_estimate(driver, nodes_1m, rels_1m)
            cit = memory_estimate(driver, 1_000_000, int(C.number_of_edges() * scale))
            figures["gds_memory_estimate_1m"] = est["required"]
            figures["gds_memory_estimate_1m_citations"] = cit["required"]
            figures["gds_graph_1m_nodes_relationships"] = [nodes_1m, rels_1m]
        finally:
            backend.close()
            driver.close()
    finally:
        srv.stop(home)
        shutil.rmtree(home, ignore_errors=True)
    for algo, other in (("pagerank", "networkx"), ("betweenness", "networkx"), ("leiden", "igraph")):
        g, o = figures[f"gds_{algo}_seconds"], figures[f"{other}_{algo}_seconds"]
        rows.append({"stage": f"{algo}: GDS vs {other}", "what": f"{n:,} synthetic papers, {C.number_of_edges():,} "
                     "citations", "local_s": o, "dask_s": g, "ratio": o / g if g else None, "note": "dask_s = GDS"})  # fmt: skip
    figures["gds_papers"] = n


def run(quick: bool = False):
    from scholargraph.scale.cluster import cluster_client

    rows: list[dict] = []
    figures: dict = {}
    work = Path(tempfile.mkdtemp(prefix="sg-bench-scale-"))
    try:
        with cluster_client(workers=2) as client:
            _extract(client, quick, rows, figures)
            _projections(client, quick, rows, figures, work)
        _import_vs_push(quick, rows, figures)
        _gds(quick, rows, figures)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows, figures
