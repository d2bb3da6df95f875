"""A push cut short by the server dying completes when run again, with no duplicates."""

from __future__ import annotations

import pytest

from scholargraph.errors import Neo4jError
from scholargraph.graph import schema
from scholargraph.neo4j.client import connect, counts, pull, push

pytestmark = pytest.mark.neo4j


class _Killer:
    """Progress callback that kills the server's Java process (SIGKILL, like a crash) after ``after`` batches."""

    def __init__(self, server, after: int) -> None:
        self.server, self.after, self.calls = server, after, 0

    def __call__(self, what: str, done: int, total: int) -> None:
        self.calls += 1
        if self.calls == self.after:
            self.server.kill()


def _part(kg, papers: int):
    """The first ``papers`` papers with all their neighbours (a real subgraph, a few thousand rows)."""
    g = kg.graph
    keep: set[str] = set()
    for pid, _ in list(kg.nodes(schema.PAPER))[:papers]:
        keep |= {pid, *g.successors(pid), *g.predecessors(pid)}
    return kg.subgraph(keep)


def test_push_interrupted_by_a_crash_completes_when_rerun(neo4j_server, neo4j_driver, wos_file_graph):
    wos_graph = _part(wos_file_graph, 150)
    killer = _Killer(neo4j_server, after=4)
    try:
        with pytest.raises(Neo4jError, match="run the same command again") as err:
            push(wos_graph, neo4j_driver, batch_size=200, progress=killer)
        assert "\n" not in str(err.value)
    finally:
        neo4j_driver.close()
        neo4j_server.restart()
    driver = connect(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    try:
        partial = counts(driver)
        assert 0 < sum(partial["nodes"].values()) < wos_graph.graph.number_of_nodes()
        push(wos_graph, driver, batch_size=200, progress=False)
        c = wos_graph.counts()
        assert counts(driver) == {"nodes": {k: v for k, v in sorted(c["nodes"].items()) if v},
                                  "edges": {k: v for k, v in sorted(c["edges"].items()) if v}}  # fmt: skip
        assert pull(driver) == wos_graph
    finally:
        driver.close()
