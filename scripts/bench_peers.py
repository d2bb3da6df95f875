"""Peers stage: scholargraph vs litstudy and metaknowledge on the same work, same records, same run.

``python scripts/benchmark.py peers [--quick] [--json]``. Input: the 13 WoS tab-delimited files of
``wos-javeriana-cali`` (6,025 records; ``--quick``: the first two files in name order, 1,000 records).
Neither peer reads the tab export, so ``scripts/wos_convert.py`` converts it first (outside every timed
region, cached under ``~/.cache/scholargraph/peers/data``): WoS plain text for metaknowledge, a Scopus-style
CSV for litstudy.

Peers, each in its own virtual environment under ``~/.cache/scholargraph/peers/<name>-venv`` (or
``$SCHOLARGRAPH_PEERS_CACHE``), made with ``python -m venv`` and pip from PyPI on first use and reused while
its pins (:data:`PEERS`) are unchanged. They cannot live in our environment: litstudy 1.0.6 imports
``bibtexparser.latexenc``, gone in bibtexparser 2 (pip picks 2.x, so it is pinned to 1.4.4 here).
metaknowledge 3.4.1 (2020) works with networkx 3.6.1 as it is, for everything timed here: no shim. Both
venvs pin networkx 3.6.1, the version our side runs with here, so every side builds its ``nx.Graph`` with the
same networkx.

Tasks (each is ``<task>`` in the figures):

- ``read``: read the records. Ours: ``scholargraph.readers.read`` of the tab files (parsing every field,
  cited references included, and merging duplicates). metaknowledge: ``RecordCollection(wos.txt)`` (it
  keeps each record's raw tag lines and parses a field when it is first asked for). litstudy: its Scopus
  CSV loader with the document class swapped for one that also carries the references (below).
- ``coupling``: bibliographic coupling over all references. Ours: ``build_graph`` + ``bibliographic_coupling
  (kg, all_refs=True)``. litstudy: ``build_coupling_network(docs, max_edges=<all>)`` (its default keeps the
  top 1,000 edges). metaknowledge: ``networkBibCoupling()``.
- ``cocitation_all``: co-citation over all cited works, no threshold. Ours: ``co_citation(kg,
  all_refs=True)``. metaknowledge: ``networkCoCitation(dropAnon=False)`` (by default it leaves out
  citations of ``[Anonymous]``). litstudy: not run -- its ``build_cocitation_network`` links only the
  documents of the set (references that resolve to one of them), not all cited works.
- ``coauthor_all``: co-authorship over all authors, papers with over 100 authors included. Ours:
  ``co_authorship(corpus)`` (from the records: it keys the authors as ``build_graph`` does, without building
  the graph); litstudy: ``build_coauthor_network(docs)``; metaknowledge: ``networkCoAuthor()``.
- ``citation``: the citation network inside the record set. Ours: ``analysis.citation_graph(corpus)`` (from
  the records: it resolves the references as ``build_graph`` does, without building the graph);
  litstudy: ``build_citation_network(docs)``; metaknowledge: ``networkCitation(coreOnly=True)``.

Every measurement is a separate process (the sides alternate: ours, litstudy, metaknowledge, ours, ...;
best of 3, 1 with ``--quick``). The child reads its input and imports what the task needs, then times the
task alone and prints one JSON line (seconds, nodes, edges, RSS before the task); the parent takes the
child's peak RSS from the OS (``os.wait4``: ``ru_maxrss`` of that child).

What our timed region holds, and why. The peers' network functions start from their records in memory and
do the work of turning references into cited works inside the call: metaknowledge parses each record's ``CR``
lines into ``Citation`` objects on first use (measured on the full set: ``networkBibCoupling()`` 6.2 s, of
which parsing the 245,047 citations alone is 2.9 s; after that parse the call takes 3.4 s), and litstudy
matches every reference to the documents (DOI, then its canonical title) inside ``build_*_network``. Our
equivalent of that work is ``build_graph``: it resolves every reference against the corpus (DOIs, then
titles) and keys the authors; the keys of the unresolved cited works are computed by the first citation
projection. So for coupling, co-citation and the citation network ``<task>_seconds`` is ``build_graph`` + the
projection, from the records in memory like the peers, with the graph built with the one layer the task reads
(``build_graph(corpus, layers=["citations"])``: what a user who wants that network builds; the projections
give the same result on the whole graph, tests/graph/test_build.py); ``<task>_build_seconds`` and
``<task>_projection_seconds`` are the two parts (the projection alone is what a caller pays for a further
projection of the same graph). Timing the projection alone would leave out the matching the peers are timed
for. Co-authorship and the citation network need no graph: ``co_authorship(corpus)`` keys the authors and
``citation_graph(corpus)`` resolves the references as ``build_graph`` does (the same nodes and edges as from
``build_graph(corpus)``, tests/graph/test_projections.py and test_build.py) and that call is what is timed,
with no split (on this set the graph route, ``build_graph`` of the one layer + the projection, takes ~1.7 s
for co-authorship as a matrix against ~0.6 s, and ~0.5 s for the citation network against ~0.17 s).

Our other result forms: for ``coupling``, ``cocitation_all`` and ``coauthor_all`` ours is also timed with
``to="matrix"`` (:class:`ProjectionMatrix`) and ``to="frame"`` (edge-list DataFrame), in the same
alternation (sides ``ours:matrix``, ``ours:frame``); the same nodes and edges as the ``nx.Graph``.

End to end (ours alone, no peer does this work; once each, ``--quick`` too, on the same input files): after
the tasks, the command line as a user runs it, each command a child process (``python -m scholargraph``, this
tree's ``src``; settings from ``SCHOLARGRAPH_CONFIG``, ``SCHOLARGRAPH_BUILD_*`` and ``SCHOLARGRAPH_ANALYZE_*``
are left out of its environment, so the defaults apply):

- ``scholargraph build <files> --out <tmp>/store --n-process 2 --json``: read, extract (spaCy with 2 worker
  processes, the default model, the number of topics chosen by the NPMI coherence sweep), build the graph, save.
  Cold: the store is a fresh temporary directory, so its extraction cache (``STORE/cache``) starts empty and
  every paper goes through spaCy; the spaCy model and the OS file cache are not cold.
- ``scholargraph analyze <tmp>/store --json`` on that store (default settings); the store is deleted after it.

``wos_<build|analyze>_wall_seconds``: from starting the child to reaping it (interpreter start and imports
included). ``wos_<build|analyze>_cpu_seconds``: user + system seconds of the child and of every process it
waited for (``os.wait4``), i.e. the build's spaCy workers too (they are joined); above the wall time when the
two workers run in parallel (on an idle machine). ``wos_<build|analyze>_peak_mb``: ``ru_maxrss`` of the same
wait, the peak resident set of the *largest single process* among the child and its workers, not their sum.
``wos_build_papers``: papers in the store (the build's JSON summary). The commands' JSON summaries report no
seconds per phase, so no split is given here (``-v`` logs each stage's time).

Figures (JSON): ``<task>_seconds`` / ``_peak_mb`` (ours: best time, highest peak of the repeats),
``<task>_build_seconds`` / ``_projection_seconds`` (ours, best of the repeats; coupling and co-citation), per form
``<task>_<form>_seconds`` / ``_peak_mb`` / ``_projection_seconds`` / ``_edges`` / ``_speedup_vs_best_peer``
/ ``_memory_ratio_vs_best_peer`` (form ``matrix`` or ``frame``),
``<task>_peer_seconds`` / ``_peer_peak_mb`` (the best peer: lowest of the peers), per peer
``<task>_peer_seconds_<peer>`` / ``_peer_peak_mb_<peer>``, ``<task>_speedup_vs_best_peer`` (best peer
seconds / ours, > 1: ours faster), ``<task>_memory_ratio_vs_best_peer`` (ours peak / best peer peak, <= 1:
ours lighter), edge counts ``<task>_edges`` and ``<task>_peer_edges_<peer>`` (records for ``read``), and
``load_avg_start`` / ``load_avg_end`` (``os.getloadavg``; figures taken under load are noise), and the end
to end figures (above) ``wos_build_wall_seconds`` / ``_cpu_seconds`` / ``_peak_mb`` / ``_papers`` and
``wos_analyze_wall_seconds`` / ``_cpu_seconds`` / ``_peak_mb`` (rows ``wos_build`` and ``wos_analyze``).

Why the edge counts differ (each side's own definition of "the same work"). The peers' figures below were
checked by recomputing the pairs from the converted files with a few lines of Python under the stated key
(full set, 6,025 records); they match the measured counts exactly. Ours (measured with the current reader,
6,018 papers: 7 duplicates merged) are coupling 33,803 edges, co-citation 9,271,472, co-authorship
2,715,208, citation 3,903.

- Cited references (issue 12, fixed since these notes were first written): our reader splits ``CR`` on
  ``"; "`` as the converter does, so SICI DOIs (``...3.0.CO;2-N``) stay whole on every side, and it does not
  make placeholders and fragments (``[No title captured]``, ``[Anonymous], **NON-TRADITIONAL**``, ``2-Z``)
  into cited works: they are counted instead. The placeholders are what made our coupling 46,708 before:
  recomputed with our reference keys over the raw items of the 6,025 records, 46,701 pairs with them, 33,592
  without (the peers keep them as cited works).
- metaknowledge keys a cited work by ``"Author, Year, JOURNAL"`` alone (``Citation.ID()``: DOI, volume and
  page ignored), so the works of one first author in one journal and year are one node: 206,291 cited works
  and 9,188,178 pairs, plus 829 self-loops (a record citing two works with the same key) = its 9,189,007
  co-citation edges. It keys the *records* the same way (``Record.createCitation()``): in coupling records
  sharing first author, year and journal are one node (5,236 of 6,025), and in the citation network a
  reference links to a record when author, year and journal agree, not by DOI (4,173 links).
- litstudy: the harness gives it each reference as a ``DocumentIdentifier`` with the DOI (lower-cased) when
  the string has one, else the string as the title; litstudy matches by DOI, then by its ``canonical()``
  title, which drops tokens starting with a digit (years, volumes, pages) and one-letter tokens, so it merges
  more DOI-less references than ours (coupling recomputed with its keys: 49,884). Its coupling numbers a
  reference it has not seen before ``n + 1`` but stores it as ``n`` (``mapping.add(ref, n); n += 1; i = n``),
  so the first citer of each new reference shares a number with the later citers of the reference first seen
  just before it: spurious and lost edges (50,596 measured vs 49,884). Its coupling count is not comparable.
- Citation network inside the set (both sides link by DOI): litstudy 3,891 = 3,888 + 3 self-citations
  (ours leaves self-citations out). Ours was 3,890 with the two reader bugs of the first measurement (the
  ``";"`` split, and a DOI written with a space, ``10.1016/j. reumae...``, cut to ``10.1016/j``); both are
  fixed, ours is now 3,903 (not re-derived edge by edge here: tests/graph/test_citation_oracle.py checks it
  against a stdlib reading of the raw files).
- Co-authorship, author identity. metaknowledge: the ``AF`` strings as written, 2,840,394 pairs + 33
  self-loops (a name repeated in one record) = 2,840,427. litstudy: its Scopus CSV loader keeps the first two
  comma-separated parts of a name (``"Family, Given, Jr"`` -> ``"Family, Given"``): 2,839,662 pairs; its
  network is an ``nx.DiGraph`` (a pair met in both orders is two edges, 2,910,945):
  ``coauthor_all_peer_edges_litstudy`` is its undirected count without self-loops, ``..._directed`` its own.
  Ours keys an author by ORCID when the record gives one (``OI``), else by the normalised name, so a person
  with an ORCID on some records and none on others is two nodes (2,930,476 pairs at the first measurement;
  2,718,226 with the current reader and build_graph, whose author identity has changed since -- not
  re-derived pair by pair here).
- Node counts differ by isolate policy: ours leaves out nodes without an edge (the citation graph keeps
  every record), litstudy keeps every document, metaknowledge every author / cited work it met.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _benchutil import rss_mb, shared_dir

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TASKS = ("read", "coupling", "cocitation_all", "coauthor_all", "citation")
# pins that install and run on Python 3.11 here; networkx the version our side runs with
PEERS = {
    "litstudy": ["litstudy==1.0.6", "bibtexparser==1.4.4", "networkx==3.6.1"],
    "metaknowledge": ["metaknowledge==3.4.1", "networkx==3.6.1"],
}
NOT_RUN = {("litstudy", "cocitation_all")}  # not the same work (see the module docstring)
SIDES = ("ours", *PEERS)
# the one graph layer each of our tasks reads (build_graph's layers=; see the module docstring)
LAYER = {"coupling": "citations", "cocitation_all": "citations"}
# our tasks that start from the records and need no graph (co_authorship and citation_graph take a Corpus)
FROM_RECORDS = ("coauthor_all", "citation")
# our other result forms (projections' to=), timed in the same alternation as the nx.Graph runs
FORMS = ("matrix", "frame")
FORM_TASKS = ("coupling", "cocitation_all", "coauthor_all")
PINS_FILE = ".scholargraph-pins"
E2E_N_PROCESS = 2  # spaCy worker processes of the end-to-end build
# the CLI's settings from the environment (left out of its children's environment)
CLI_SETTING_VARS = ("SCHOLARGRAPH_CONFIG", "SCHOLARGRAPH_BUILD_", "SCHOLARGRAPH_ANALYZE_")


# ----------------------------------------------------------------------------------------------- children
def _graph_result(g, secs: float, rss_before_mb: float) -> dict:
    return {
        "seconds": secs,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "rss_before_mb": rss_before_mb,
    }


def _ours(task: str, files: list[str]) -> dict:
    from scholargraph.readers import read

    task, _, form = task.partition(":")
    if task == "read":
        t0 = time.perf_counter()
        corpus = read(files)
        secs = time.perf_counter() - t0
        return {"seconds": secs, "records": len(corpus.papers), "rejects": len(corpus.rejects)}
    from scholargraph.graph import projections as P
    from scholargraph.graph.build import build_graph

    if task == "citation":  # (the analysis package, pandas included, only where it is used)
        from scholargraph.analysis import citation_graph as project
    else:
        if form == "frame":  # imports are outside every timed region, the peers' too
            import pandas  # noqa: F401
        elif form == "igraph":
            import igraph  # noqa: F401

        to = {"to": form or "networkx"}
        project = {
            "coupling": lambda kg: P.bibliographic_coupling(kg, all_refs=True, **to),
            "cocitation_all": lambda kg: P.co_citation(kg, all_refs=True, min_occurrences=1, **to),
            "coauthor_all": lambda corpus: P.co_authorship(corpus, max_authors=None, min_occurrences=1, **to),
        }[task]
    corpus = read(files)
    before = rss_mb()
    t0 = time.perf_counter()
    if task in FROM_RECORDS:  # from the records themselves, no graph (see the module docstring)
        g = project(corpus)
        t1 = None
    else:
        kg = build_graph(corpus, layers=[LAYER[task]])
        t1 = time.perf_counter()
        g = project(kg)
    t2 = time.perf_counter()
    if form in ("", "networkx"):
        out = _graph_result(g, t2 - t0, before)
    else:  # the matrix and frame forms: the same nodes and edges (counted after the timed region)
        m = g if form == "matrix" else None
        out = {"seconds": t2 - t0, "rss_before_mb": before,
               "nodes": len(m.nodes) if m is not None else len(g["source"].cat.categories),
               "edges": m.count.nnz if m is not None else len(g)}  # fmt: skip
    if t1 is None:
        return out
    return {**out, "build_seconds": t1 - t0, "projection_seconds": t2 - t1}


_DOI = re.compile(r"10\.\d{4,9}/\S+")  # the first DOI-like token of a cited-reference string


def _litstudy_docs(path: str):
    """litstudy's ``load_scopus_csv`` with a document class that also has ``references`` (its file loaders
    carry none): each cited reference as a ``DocumentIdentifier`` with the DOI when the string has one, else
    the string as the title. DOIs lower-cased on both sides (they are case-insensitive)."""
    import csv

    from litstudy.common import robust_open
    from litstudy.sources.scopus_csv import ScopusCsvDocument
    from litstudy.types import DocumentIdentifier, DocumentSet

    def ref_id(raw: str) -> DocumentIdentifier:
        m = _DOI.search(raw)
        if m:
            return DocumentIdentifier(None, doi=m.group(0).rstrip(".,;)]}>\"'").lower())
        return DocumentIdentifier(raw)

    class WosCsvDocument(ScopusCsvDocument):
        def __init__(self, entry):
            super().__init__(entry)
            doi = (entry.get("DOI") or "").lower() or None
            self._identifier = DocumentIdentifier(entry.get("Title"), doi=doi, eid=entry.get("EID"))
            self._refs = [ref_id(r) for r in (entry.get("References") or "").split("; ") if r]

        @property
        def references(self):
            return self._refs

    with robust_open(path) as fh:
        return DocumentSet([WosCsvDocument(row) for row in csv.DictReader(fh)])


def _litstudy(task: str, data: dict) -> dict:
    import litstudy

    path = data["scopus_csv"]
    if task == "read":
        t0 = time.perf_counter()
        docs = _litstudy_docs(path)
        return {"seconds": time.perf_counter() - t0, "records": len(docs)}
    docs = _litstudy_docs(path)
    every = 10**12
    build = {
        "coupling": lambda: litstudy.build_coupling_network(docs, max_edges=every),
        "coauthor_all": lambda: litstudy.build_coauthor_network(docs),
        "citation": lambda: litstudy.build_citation_network(docs),
    }[task]
    before = rss_mb()
    t0 = time.perf_counter()
    g = build()
    secs = time.perf_counter() - t0
    out = _graph_result(g, secs, before)
    if task == "coauthor_all":  # a DiGraph: count unordered pairs too (after the timed region)
        out["edges_directed"] = out["edges"]
        out["edges"] = len({frozenset(e) for e in g.edges() if e[0] != e[1]})
        out["nodes"] = sum(1 for n in g if g.degree(n) - (2 if g.has_edge(n, n) else 0) > 0)
    return out


def _metaknowledge(task: str, data: dict) -> dict:
    import metaknowledge as mk

    path = data["wos_plain"]
    if task == "read":
        t0 = time.perf_counter()
        rc = mk.RecordCollection(path)
        return {"seconds": time.perf_counter() - t0, "records": len(rc), "bad": bool(rc.bad)}
    rc = mk.RecordCollection(path)
    build = {
        "coupling": lambda: rc.networkBibCoupling(),
        "cocitation_all": lambda: rc.networkCoCitation(dropAnon=False),
        "coauthor_all": lambda: rc.networkCoAuthor(),
        "citation": lambda: rc.networkCitation(coreOnly=True),
    }[task]
    before = rss_mb()
    t0 = time.perf_counter()
    g = build()
    secs = time.perf_counter() - t0
    return _graph_result(g, secs, before)


def child_main(side: str, task: str, spec: str) -> int:
    data = json.loads(spec)
    if side == "ours":
        out = _ours(task, data["inputs"])
    elif side == "litstudy":
        out = _litstudy(task, data)
    else:
        out = _metaknowledge(task, data)
    print(json.dumps(out), flush=True)
    return 0


# ------------------------------------------------------------------------------------------------- parent
def cache_dir() -> Path:
    env = os.environ.get("SCHOLARGRAPH_PEERS_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "scholargraph" / "peers"


def venv_python(peer: str) -> Path:
    return cache_dir() / f"{peer}-venv" / "bin" / "python"


def ensure_venv(peer: str) -> float | None:
    """Create ``<cache>/<peer>-venv`` with the pinned packages unless it has them already; the seconds the
    install took, or None when the cached one was reused."""
    venv = cache_dir() / f"{peer}-venv"
    pins = "\n".join(PEERS[peer]) + "\n"
    marker = venv / PINS_FILE
    if marker.is_file() and marker.read_text() == pins and venv_python(peer).exists():
        return None
    t0 = time.perf_counter()
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    log = venv.parent / f"{peer}-install.log"
    with open(log, "w") as fh:
        done = subprocess.run(
            [str(venv_python(peer)), "-m", "pip", "install", "--disable-pip-version-check", *PEERS[peer]],
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    if done.returncode:
        raise SystemExit(f"installing {peer} ({' '.join(PEERS[peer])}) failed; see {log}")
    marker.write_text(pins)
    return time.perf_counter() - t0


def _run_child(cmd: list[str], env: dict[str, str], what: str) -> tuple[bytes, float, os.struct_rusage]:
    """Run ``cmd`` to its end: (its stdout, wall seconds from start to reaping, its rusage from ``os.wait4``).
    On Linux that rusage is the child's own plus that of every descendant it waited for (e.g. joined worker
    processes); ``ru_maxrss`` is the largest of those processes, not their sum. SystemExit on a failure."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=env, cwd=str(ROOT))
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-3000:]
            raise SystemExit(f"{what} failed (exit {proc.returncode}):\n{tail}")
    return out, wall, usage


def _our_env() -> dict[str, str]:
    """The environment of a child running our code: this tree's ``src`` on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


def measure(side: str, task: str, spec: dict) -> dict:
    """Run one child; its JSON plus ``peak_mb`` (the child's maximum resident set size, from the OS)."""
    exe = sys.executable if side == "ours" else str(venv_python(side))
    env = _our_env()
    if side != "ours":
        env.pop("PYTHONPATH")
    cmd = [exe, str(Path(__file__).resolve()), "--child", side, task, json.dumps(spec)]
    out, _, usage = _run_child(cmd, env, f"{side} {task}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024  # Linux: kilobytes
    return result


def measure_cli(args: list[str]) -> dict:
    """``python -m scholargraph <args> --json`` (this tree) as a child: ``wall_seconds`` (start to reaping,
    interpreter start and imports included), ``cpu_seconds`` (user + system of the child and of the processes
    it waited for: the spaCy workers of ``--n-process``), ``peak_mb`` (``ru_maxrss``: the largest single
    process of those) and ``summary`` (the command's JSON). Settings from the environment or a TOML file
    (``SCHOLARGRAPH_CONFIG``, ``SCHOLARGRAPH_<COMMAND>_*``) are left out, so the commands' defaults apply."""
    env = {k: v for k, v in _our_env().items() if not k.startswith(CLI_SETTING_VARS)}
    cmd = [sys.executable, "-m", "scholargraph", *args, "--json"]
    out, wall, usage = _run_child(cmd, env, f"scholargraph {args[0]}")
    return {
        "wall_seconds": wall,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "summary": json.loads(out),
    }


def end_to_end(files: list[Path]) -> tuple[list[dict], dict]:
    """The WoS end-to-end build (cold, ``--n-process 2``) and analyze of its store, once each (see the module
    docstring): (table rows, figures). The store is a fresh temporary directory, deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="scholargraph-bench-e2e-") as tmp:
        store = str(Path(tmp) / "store")
        build = measure_cli(["build", *map(str, files), "--out", store, "--n-process", str(E2E_N_PROCESS)])
        analyze = measure_cli(["analyze", store])
    fig: dict = {}
    rows = []
    for name, m in (("build", build), ("analyze", analyze)):
        fig[f"wos_{name}_wall_seconds"] = round(m["wall_seconds"], 2)
        fig[f"wos_{name}_cpu_seconds"] = round(m["cpu_seconds"], 2)
        fig[f"wos_{name}_peak_mb"] = round(m["peak_mb"], 1)
        rows.append({"task": f"wos_{name}", "tool": "ours", "seconds": m["wall_seconds"],
                     "cpu_seconds": m["cpu_seconds"], "peak_mb": m["peak_mb"]})  # fmt: skip
    fig["wos_build_papers"] = build["summary"]["papers"]
    rows[0]["count"] = fig["wos_build_papers"]
    return rows, fig


def _inputs(quick: bool) -> list[Path]:
    files = sorted((shared_dir() / "corpora" / "wos-javeriana-cali").glob("*.txt.gz"))
    if not files:
        raise SystemExit("no WoS files in wos-javeriana-cali")
    return files[:2] if quick else files


def _summary(task: str, runs: dict[str, list[dict]]) -> tuple[list[dict], dict]:
    """(table rows, figures) of one task from every side's repeats."""
    count = "records" if task == "read" else "edges"
    best = {s: min(r["seconds"] for r in rs) for s, rs in runs.items()}
    peak = {s: max(r["peak_mb"] for r in rs) for s, rs in runs.items()}
    last = {s: rs[-1] for s, rs in runs.items()}
    forms = [s for s in runs if s.startswith("ours:")]
    peers = [s for s in runs if s != "ours" and s not in forms]
    fig: dict = {f"{task}_seconds": round(best["ours"], 3), f"{task}_peak_mb": round(peak["ours"], 1)}
    fig[f"{task}_{count}"] = last["ours"][count]
    if "nodes" in last["ours"]:
        fig[f"{task}_nodes"] = last["ours"]["nodes"]
    for key in ("build_seconds", "projection_seconds"):
        if key in last["ours"]:
            fig[f"{task}_{key}"] = round(min(r[key] for r in runs["ours"]), 3)
    for p in peers:
        fig[f"{task}_peer_seconds_{p}"] = round(best[p], 3)
        fig[f"{task}_peer_peak_mb_{p}"] = round(peak[p], 1)
        fig[f"{task}_peer_{count}_{p}"] = last[p][count]
        if "nodes" in last[p]:
            fig[f"{task}_peer_nodes_{p}"] = last[p]["nodes"]
        if "edges_directed" in last[p]:
            fig[f"{task}_peer_edges_{p}_directed"] = last[p]["edges_directed"]
    if peers:
        fast = min(peers, key=best.__getitem__)
        light = min(peers, key=peak.__getitem__)
        fig[f"{task}_best_peer"] = fast
        fig[f"{task}_peer_seconds"] = round(best[fast], 3)
        fig[f"{task}_peer_peak_mb"] = round(peak[light], 1)
        fig[f"{task}_speedup_vs_best_peer"] = round(best[fast] / best["ours"], 2)
        fig[f"{task}_memory_ratio_vs_best_peer"] = round(peak["ours"] / peak[light], 2)
    for side in forms:
        key = f"{task}_{side.partition(':')[2]}"
        fig[f"{key}_seconds"] = round(best[side], 3)
        fig[f"{key}_peak_mb"] = round(peak[side], 1)
        if "projection_seconds" in last[side]:
            fig[f"{key}_projection_seconds"] = round(min(r["projection_seconds"] for r in runs[side]), 3)
        fig[f"{key}_edges"] = last[side]["edges"]
        if peers:
            fig[f"{key}_speedup_vs_best_peer"] = round(best[fast] / best[side], 2)
            fig[f"{key}_memory_ratio_vs_best_peer"] = round(peak[side] / peak[light], 2)
    rows = []
    for s in (*SIDES[:1], *forms, *SIDES[1:]):
        if s not in runs:
            rows.append({"task": task, "tool": s, "note": "not the same work"})
            continue
        row = {"task": task, "tool": s, "seconds": best[s], "peak_mb": peak[s],
               "base_mb": last[s].get("rss_before_mb"), "count": last[s][count], "nodes": last[s].get("nodes")}  # fmt: skip
        if s.startswith("ours") and peers:
            key = task if s == "ours" else f"{task}_{s.partition(':')[2]}"
            row["speedup"] = fig[f"{key}_speedup_vs_best_peer"]
            row["mem_ratio"] = fig[f"{key}_memory_ratio_vs_best_peer"]
        rows.append(row)
    return rows, fig


def run(quick: bool) -> tuple[list[dict], dict]:
    from wos_convert import convert

    load_start = [round(x, 2) for x in os.getloadavg()]
    figures: dict = {"load_avg_start": load_start}
    for peer in PEERS:
        secs = ensure_venv(peer)
        figures[f"peer_install_seconds_{peer}"] = None if secs is None else round(secs, 1)
        figures[f"peer_versions_{peer}"] = " ".join(PEERS[peer])
    files = _inputs(quick)
    spec = convert(files, cache_dir() / "data")
    figures["records_converted"] = spec["records"]
    figures["input_files"] = len(files)
    repeats = 1 if quick else 3
    rows: list[dict] = []
    for task in TASKS:
        runs: dict[str, list[dict]] = {s: [] for s in SIDES if (s, task) not in NOT_RUN}
        if task in FORM_TASKS:
            runs.update({f"ours:{form}": [] for form in FORMS})
        for _ in range(repeats):
            for side in runs:
                who, _, form = side.partition(":")
                runs[side].append(measure(who, f"{task}:{form}" if form else task, spec))
        task_rows, fig = _summary(task, runs)
        rows += task_rows
        figures.update(fig)
    e2e_rows, e2e = end_to_end(files)
    rows += e2e_rows
    figures.update(e2e)
    figures["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    rows.append({"task": "load_avg", "tool": f"{load_start} -> {figures['load_avg_end']}"})
    figures["repeats"] = repeats
    return rows, figures


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        sys.exit(child_main(*sys.argv[2:]))
    r, f = run(quick="--quick" in sys.argv)
    print(json.dumps(f, indent=1))
