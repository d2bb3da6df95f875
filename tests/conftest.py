"""Shared fixtures. Tests that need ../shared or Neo4j must run in CI (CI=true) and may only skip elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# property tests: random on a developer's machine (where they keep finding new inputs), a fixed sequence in CI so
# a run is reproducible; the found-and-fixed cases stay as explicit regression tests
settings.register_profile("ci", derandomize=True, print_blob=True)
if IN_CI:
    settings.load_profile("ci")


def _shared() -> Path:
    env = os.environ.get("SCHOLARGRAPH_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def need(condition: bool, reason: str) -> None:
    """Skip on a user's machine, fail in CI: a test that needs something must run in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (corpora, design)."""
    path = _shared()
    need((path / "corpora").is_dir(), f"../shared/corpora not found at {path} (set SCHOLARGRAPH_SHARED)")
    return path


@pytest.fixture(scope="session")
def corpora(shared: Path) -> Path:
    return shared / "corpora"


# ------------------------------------------------------------------------------------------ Neo4j (helper C)
NEO4J_TEST_PASSWORD = "scholargraph-test-pw"


class _Neo4jTestServer:
    """The session's Neo4j server: ``uri``, ``user``, ``password``, plus ``kill()`` / ``restart()`` for crash tests."""

    def __init__(self, server) -> None:
        self.server = server

    @property
    def uri(self) -> str:
        return self.server.uri

    @property
    def user(self) -> str:
        return self.server.user

    @property
    def password(self) -> str | None:
        return self.server.password

    @property
    def home(self) -> str:
        return self.server.home

    def kill(self) -> None:
        from scholargraph.neo4j import server as srv

        srv.kill(self.server)

    def restart(self) -> None:
        from scholargraph.neo4j import server as srv

        if self.server.alive():
            srv.stop(self.server.home)
        self.server = srv.start(
            self.server.home,
            bolt_port=self.server.bolt_port,
            http_port=self.server.http_port,
            password=self.server.password,
        )


def _need_assembled(assemble, cached: bool, what: str) -> None:
    """Java and the jars (Maven fetches them unless ``cached``), or skip here / fail in CI."""
    import shutil

    from scholargraph.errors import Neo4jError
    from scholargraph.neo4j import server as srv

    need(shutil.which("mvn") is not None or cached, f"Maven (mvn) not found: cannot assemble {what}")
    try:
        srv.find_java()
        assemble()
    except Neo4jError as e:
        need(False, f"cannot assemble {what}: {e}")


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """One real Neo4j Community server for the whole session (free loopback ports, temporary home, a password);
    always stopped at the end. NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD are set while it runs."""

    from scholargraph.neo4j import server as srv

    _need_assembled(srv.assemble, srv.default_cache().joinpath("lib").is_dir(), "a Neo4j server")
    home = tmp_path_factory.mktemp("neo4j-home")
    holder = _Neo4jTestServer(None)
    saved = {
        k: os.environ.get(k) for k in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")
    }
    try:
        holder.server = srv.start(home, password=NEO4J_TEST_PASSWORD)
        os.environ.update(
            NEO4J_URI=holder.uri, NEO4J_USERNAME=holder.user, NEO4J_PASSWORD=NEO4J_TEST_PASSWORD
        )
        os.environ.pop("NEO4J_DATABASE", None)
        yield holder
    finally:
        if holder.server is not None:
            srv.stop(holder.server.home)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture
def neo4j_driver(neo4j_server):
    """A driver on a clean database (every node and relationship deleted; constraints and indexes kept)."""
    from scholargraph.neo4j.client import clear, connect

    driver = connect(neo4j_server.uri, neo4j_server.user, neo4j_server.password, max_transaction_retry_time=5)
    clear(driver)
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def neo4j_gds_server(tmp_path_factory):
    """A second real Neo4j server, with Graph Data Science 2.13.9 fetched from Maven Central (GPL-3, never
    bundled), started only when a GDS test asks for it; a password as the main fixture; always stopped at the
    end. It sets no environment variables (tests pass its uri and password), so it can run beside
    ``neo4j_server``."""

    from scholargraph.neo4j import server as srv

    _need_assembled(srv.assemble_gds, False, "Neo4j with Graph Data Science")
    home = tmp_path_factory.mktemp("neo4j-gds-home")
    holder = _Neo4jTestServer(None)
    try:
        holder.server = srv.start(home, password=NEO4J_TEST_PASSWORD, plugins=("gds",), heap="1g")
        yield holder
    finally:
        srv.stop(home)
