"""Graph Data Science on the project's own server: the plugin fetched from Maven Central, a store bulk-imported
with neo4j-admin (``scholargraph neo4j import``), and ``scholargraph analyze --engine gds`` writing the same tables
as the local analysis -- PageRank Spearman >= 0.999, exact betweenness within 1e-6, Leiden NMI >= 0.95 on the
citation graph (issue 18). The WoS set (6,015 papers, 3,890 citations inside the set) is the graph."""

from __future__ import annotations

import contextlib
import io
import json
import shutil

import networkx as nx
import pytest
from scipy.stats import spearmanr
from sklearn.metrics import normalized_mutual_info_score

from scholargraph.analysis import tables as T
from scholargraph.analysis.centralities import citation_graph
from scholargraph.analysis.communities import detect_communities
from scholargraph.analysis.gds import GdsBackend, memory_estimate
from scholargraph.analysis.run import analyze_store
from scholargraph.cli import main
from scholargraph.cli.neo4j import JSON_SCHEMAS
from scholargraph.errors import Neo4jError
from scholargraph.graph import schema
from scholargraph.neo4j import server as srv
from scholargraph.neo4j.client import connect, counts
from scholargraph.pipeline import build_store
from scholargraph.store import embedded

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def wos_store(corpora, tmp_path_factory):
    files = sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz"))
    store = tmp_path_factory.mktemp("wos-gds-store")
    kg = build_store(files, store, extract=False)
    return kg, store


@pytest.fixture(scope="module")
def imported(wos_store, neo4j_gds_server):
    """The WoS store bulk-imported into the GDS server's database by the CLI (stop, import, restart)."""
    kg, store = wos_store
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["-q", "neo4j", "import", str(store), "--home", neo4j_gds_server.home, "--restart",
                     "--password", neo4j_gds_server.password, "--json"])  # fmt: skip
    assert code == 0
    info = json.loads(out.getvalue())
    assert set(info) == set(JSON_SCHEMAS["import"])
    assert info["rows"] == kg.graph.number_of_nodes() + kg.graph.number_of_edges()
    assert info["uri"] == neo4j_gds_server.uri
    driver = connect(neo4j_gds_server.uri, neo4j_gds_server.user, neo4j_gds_server.password)
    yield kg, store, driver
    driver.close()


def test_plugin_jars_from_maven_central():
    root = srv.assemble_gds()
    plugins = sorted(p.name for p in (root / "plugins").glob("*.jar"))
    assert len(plugins) == 12 and all("proc" in p for p in plugins)
    dropped = (root / "dropped.txt").read_text()
    for ga in (
        "com.fasterxml.jackson.core:jackson-databind",
        "org.slf4j:slf4j-api",
        "org.javassist:javassist",
    ):
        assert ga in dropped
    # same file-name stems as Neo4j's own jars, but other artifacts: kept
    assert "org.neo4j.gds:annotations" not in dropped
    assert (root / "lib" / "org.neo4j.gds.annotations-2.13.9.jar").is_file()
    assert (root / "lib" / "com.fasterxml.jackson.dataformat.jackson-dataformat-csv-2.22.1.jar").is_file()


def test_import_refuses_a_running_server(wos_store, neo4j_gds_server):
    kg, _ = wos_store
    with pytest.raises(Neo4jError, match="is running"):
        srv.import_graph(kg, neo4j_gds_server.home)


def test_bulk_import_holds_the_store(imported):
    kg, _, driver = imported
    got = counts(driver)
    want = kg.counts()
    assert {k: v for k, v in got["nodes"].items() if v} == {k: v for k, v in want["nodes"].items() if v}
    assert {k: v for k, v in got["edges"].items() if v} == {k: v for k, v in want["edges"].items() if v}
    constraints = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n").records[0]["n"]
    assert constraints >= len(schema.LABELS)


def test_analyze_engine_gds_equals_local(imported, neo4j_gds_server, tmp_path):
    kg, store, driver = imported
    local_store = tmp_path / "local"
    shutil.copytree(store, local_store)
    analyze_store(local_store)
    local = {name: embedded.load_table(local_store, name) for name in embedded.list_tables(local_store)}
    code = main(["-q", "analyze", str(store), "--engine", "gds", "--uri", neo4j_gds_server.uri,
                 "--password", neo4j_gds_server.password])  # fmt: skip
    assert code == 0
    gds = {name: embedded.load_table(store, name) for name in embedded.list_tables(store)}
    assert set(gds) == set(local)
    for name, df in gds.items():
        T.check(name, df.columns)
    a = local[T.CENTRALITY].set_index("node")
    b = gds[T.CENTRALITY].set_index("node").loc[a.index]
    assert spearmanr(a["pagerank"], b["pagerank"]).statistic >= 0.999
    assert (a["pagerank"].nlargest(10).index == b["pagerank"].nlargest(10).index).all()
    assert (a["betweenness"] - b["betweenness"]).abs().max() <= 1e-6  # exact: 2,384 papers with a citation
    for col in ("in_degree", "out_degree", "eigenvector", "hub", "authority"):
        assert (a[col] == b[col]).all(), col
    settings = embedded._read_json(store / "analysis" / "settings.json")
    assert settings[T.CENTRALITY]["engine"] == "gds" and settings[T.CENTRALITY]["gds_version"] == "2.13.9"
    assert settings[T.CENTRALITY]["betweenness_exact"] is True
    # communities of the coupling projection (weak structure: the local engine's own seeds agree at NMI ~0.8):
    # GDS's partition is as close to the local one as the local seeds are to each other, modularity within 0.01
    ca = local[T.COMMUNITIES].set_index("node")["community"]
    cb = gds[T.COMMUNITIES].set_index("node")["community"].loc[ca.index]
    lset = embedded._read_json(local_store / "analysis" / "settings.json")[T.COMMUNITIES]
    assert normalized_mutual_info_score(ca, cb) >= lset["stability_nmi"] - 0.1
    assert abs(settings[T.COMMUNITIES]["modularity"] - lset["modularity"]) <= 0.01
    # the graph annotated back into the store, as the local engine does
    assert "pagerank" in embedded.load(store).graph.nodes[a.index[0]]


def test_leiden_nmi_on_the_citation_graph(imported):
    kg, _, driver = imported
    U = nx.Graph()
    U.add_edges_from(citation_graph(kg).to_undirected().edges, weight=1.0)
    backend = GdsBackend(driver)
    try:
        local = detect_communities(U, seed=0, stability_runs=1)
        gds = detect_communities(U, seed=0, stability_runs=1, finder=backend.finder("leiden"))
    finally:
        backend.close()
    nodes = sorted(local.membership, key=str)
    score = normalized_mutual_info_score(
        [local.membership[n] for n in nodes], [gds.membership[n] for n in nodes]
    )
    assert score >= 0.95
    assert abs(local.modularity - gds.modularity) <= 0.005


def test_gds_memory_estimate(imported):
    _, _, driver = imported
    small = memory_estimate(driver, 100_000, 1_400_000)
    big = memory_estimate(driver, 1_000_000, 14_000_000)
    assert 0 < small["bytes_min"] < big["bytes_min"] <= big["bytes_max"]


def test_a_store_not_in_the_database_is_refused(imported, corpora, tmp_path):
    _, _, driver = imported
    other = tmp_path / "other"
    listing = corpora / "hf-daily-papers" / "daily-papers-listing.txt"
    build_store([listing], other, extract=False, listing_date="2025-11-20")
    with pytest.raises(Neo4jError, match="does not hold this store's graph"):
        analyze_store(other, engine="gds", driver=driver, save=False)
