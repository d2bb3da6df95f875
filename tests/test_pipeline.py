"""build_store / update_store: an incremental update equals a full rebuild (graph, annotations, corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scholargraph.errors import ConfigError, StoreError
from scholargraph.pipeline import build_store, update_store
from scholargraph.store import embedded

DATA = Path(__file__).resolve().parent / "data" / "graph"
PART1, PART2 = DATA / "part1.txt", DATA / "part2.txt"


@pytest.fixture(scope="module")
def nlp():
    from scholargraph.nlp.pipeline import load_nlp

    return load_nlp()


def _same_store(a: Path, b: Path) -> None:
    assert embedded.load(a) == embedded.load(b)
    ca, cb = embedded.load_corpus(a), embedded.load_corpus(b)
    assert [p.to_dict() for p in ca.papers] == [p.to_dict() for p in cb.papers]
    assert ca.merges == cb.merges and ca.rejects == cb.rejects
    assert [(f.records, f.papers, f.merged, f.rejects) for f in ca.files] == [
        (f.records, f.papers, f.merged, f.rejects) for f in cb.files
    ]


def test_incremental_equals_full_without_extraction(tmp_path):
    full = build_store([PART1, PART2], tmp_path / "full", extract=False)
    build_store([PART1], tmp_path / "inc", extract=False)
    inc = update_store(tmp_path / "inc", [PART2])
    assert inc == full
    _same_store(tmp_path / "inc", tmp_path / "full")
    # the citation b -> c resolves only once part2 is in; the duplicate of a in part2 was merged
    assert inc.graph.has_edge("Paper:doi:10.5555/sg.b", "Paper:doi:10.5555/sg.c", "CITES")
    assert inc.meta["merges"] == 1 and inc.counts()["nodes"]["Paper"] == 4
    assert embedded.load_annotations(tmp_path / "inc") is None
    assert inc.meta["settings"]["inputs"] == [str(PART1), str(PART2)]


def test_incremental_equals_full_with_extraction(tmp_path, nlp):
    full = build_store([PART1, PART2], tmp_path / "full", nlp=nlp, n_topics=2, seed=3)
    first: dict = {}
    build_store([PART1], tmp_path / "inc", nlp=nlp, n_topics=2, seed=3, stats=first)
    assert first["processed"] == 2
    stats: dict = {}
    inc = update_store(tmp_path / "inc", [PART2], nlp=nlp, stats=stats)
    # only the two new papers went through spaCy; the two stored ones came from STORE/cache
    assert (stats["processed"], stats["cache_hits"]) == (2, 2)
    assert inc == full
    assert embedded.load_annotations(tmp_path / "inc") == embedded.load_annotations(tmp_path / "full")
    _same_store(tmp_path / "inc", tmp_path / "full")
    assert inc.counts()["nodes"]["Topic"] == 2 and inc.counts()["edges"]["MENTIONS"] > 0
    assert (tmp_path / "inc" / "cache").is_dir()
    assert inc.meta["settings"]["seed"] == 3


def test_errors(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        update_store(tmp_path / "missing", [PART2])
    with pytest.raises(ConfigError, match="paths must name at least one input file"):
        build_store([], tmp_path / "x", extract=False)
    with pytest.raises(
        ConfigError, match="The 'n_process' parameter of build_store must be an int >= 1, got 0"
    ):
        build_store([PART1], tmp_path / "x", extract=False, n_process=0)
