"""Benchmark stage ``neo4j``: push throughput against a real Neo4j Community server at several batch sizes.

Starts its own throwaway server (authentication off, free loopback ports, temporary home) through
``scholargraph.neo4j.server`` and always stops it. The graph is the WoS corpus (all 13 files; ``--quick``: 2).
Each batch size pushes into an emptied database (every node and relationship deleted; constraints stay).
Batch size 1 pushes only a subset (the first papers and their neighbours, about ``SUBSET_ROWS`` rows) so the
run stays short; its rate is rows/s on that subset. If ``neo4j-admin database import full`` works from the
same jars on the CSV export of ``graph.exports.write_neo4j_csv``, its rate is reported as the bulk-load
ceiling. Figures: ``push_rows_per_s`` (batch size 1000, the default), ``push_speedup_vs_batch1``,
``push_rows_per_s_batch<N>``, ``import_rows_per_s``, ``server_startup_s``, ``server_rss_mb``.
"""

from __future__ import annotations

import shlex
import shutil
import tempfile
import time
from pathlib import Path

from _benchutil import shared_dir

BATCH_SIZES = (1, 100, 1000, 10000)
DEFAULT_BATCH = 1000
SUBSET_ROWS = 1000


def _graph(quick: bool):
    from scholargraph.graph.build import build_graph
    from scholargraph.readers import read

    files = sorted((shared_dir() / "corpora" / "wos-javeriana-cali").glob("*.txt.gz"))
    return build_graph(read(files[:2] if quick else files))


def _rows(kg) -> int:
    return kg.graph.number_of_nodes() + kg.graph.number_of_edges()


def _subset(kg, rows: int):
    from scholargraph.graph import schema

    keep: set[str] = set()
    g = kg.graph
    for pid, _ in kg.nodes(schema.PAPER):
        keep.add(pid)
        keep.update(g.successors(pid))
        keep.update(g.predecessors(pid))
        sub = kg.subgraph(keep)
        if _rows(sub) >= rows:
            return sub
    return kg.subgraph(keep)


def _admin_import(kg, home: str, srv) -> tuple[float | None, str]:
    """Seconds of neo4j-admin import of the CSV export into the stopped server's database (None + reason)."""
    from scholargraph.graph.exports import write_neo4j_csv

    out = Path(tempfile.mkdtemp(prefix="sg-neo4j-csv-"))
    try:
        write_neo4j_csv(kg, out)
        line = " ".join(
            x.strip().rstrip("\\") for x in (out / "import.sh").read_text().splitlines() if x and x[0] != "#"
        )
        args = shlex.split(line)[1:]  # drop "neo4j-admin"
        t0 = time.perf_counter()
        proc = srv.admin(home, *args, cwd=out)
        secs = time.perf_counter() - t0
        if proc.returncode != 0:
            return None, (proc.stdout + proc.stderr).strip().splitlines()[-1][:200]
        return secs, "ok"
    finally:
        shutil.rmtree(out, ignore_errors=True)


def run(quick: bool = False):
    from scholargraph.neo4j import server as srv
    from scholargraph.neo4j.client import clear, connect, counts, push

    kg = _graph(quick)
    total = _rows(kg)
    small = _subset(kg, SUBSET_ROWS)
    home = tempfile.mkdtemp(prefix="sg-bench-neo4j-")
    s = srv.start(home)
    rows, figures = [], {}
    try:
        figures["server_startup_s"] = round(s.startup_s, 1)
        figures["server_rss_mb_idle"] = round(srv.rss_mb(s.pid) or 0, 1)
        driver = connect(s.uri)
        rates = {}
        for bs in BATCH_SIZES:
            graph = small if bs == 1 else kg
            clear(driver)
            t0 = time.perf_counter()
            push(graph, driver, batch_size=bs, progress=False)
            secs = time.perf_counter() - t0
            c = counts(driver)
            assert sum(c["nodes"].values()) + sum(c["edges"].values()) == _rows(graph)
            rates[bs] = _rows(graph) / secs
            rows.append({"method": f"push batch_size={bs}", "rows": _rows(graph), "seconds": secs,
                         "rows_per_s": rates[bs], "note": "subset" if graph is small else "whole graph"})  # fmt: skip
            figures[f"push_rows_per_s_batch{bs}"] = round(rates[bs], 1)
        figures["push_rows_per_s"] = round(rates[DEFAULT_BATCH], 1)
        figures["push_speedup_vs_batch1"] = round(rates[DEFAULT_BATCH] / rates[1], 1)
        for r in rows:
            r["vs_batch1"] = r["rows_per_s"] / rates[1]
        # idempotent re-push of the same graph (everything MERGEs onto what is there)
        t0 = time.perf_counter()
        push(kg, driver, batch_size=DEFAULT_BATCH, progress=False)
        secs = time.perf_counter() - t0
        rows.append({"method": f"re-push (no change) batch_size={DEFAULT_BATCH}", "rows": total, "seconds": secs,
                     "rows_per_s": total / secs, "note": "idempotent", "vs_batch1": total / secs / rates[1]})  # fmt: skip
        figures["server_rss_mb_after_push"] = round(srv.rss_mb(s.pid) or 0, 1)
        driver.close()
    finally:
        srv.stop(home)
    try:
        secs, why = _admin_import(kg, home, srv)
        if secs is not None:
            rows.append({"method": "neo4j-admin database import full", "rows": total, "seconds": secs,
                         "rows_per_s": total / secs, "note": "offline bulk load (JVM start included)",
                         "vs_batch1": total / secs / rates[1]})  # fmt: skip
            figures["import_rows_per_s"] = round(total / secs, 1)
        else:
            figures["import_rows_per_s"] = None
            figures["import_error"] = why
    finally:
        shutil.rmtree(home, ignore_errors=True)
    figures["rows"] = total
    return rows, figures
