"""scripts/topic_k_stability.py: the number of topics chosen on samples of a store's papers."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from scholargraph.graph.build import build_graph
from scholargraph.model import Corpus, Paper
from scholargraph.nlp.annotations import Annotations, Mention
from scholargraph.store import embedded

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import topic_k_stability  # noqa: E402


def planted_store(tmp_path: Path) -> Path:
    """150 papers in three planted topics (disjoint vocabularies of 30 concepts, 20 of them per paper)."""
    rng = random.Random(5)
    papers, mentions = [], {}
    for i in range(150):
        name = ("alpha", "beta", "gamma")[i % 3]
        pid = f"p{i:03d}"
        papers.append(Paper(id=pid, title=f"paper {i}"))
        chosen = rng.sample([f"{name}{j}" for j in range(30)], 20)
        mentions[pid] = [Mention(c, rng.randint(1, 3)) for c in sorted(chosen)]
    corpus = Corpus(papers)
    ann = Annotations(mentions=mentions)
    embedded.save(build_graph(corpus), tmp_path / "s", corpus=corpus, annotations=ann)
    return tmp_path / "s"


def test_counts_come_from_the_store_and_every_sample_gets_a_choice(tmp_path, capsys):
    store = planted_store(tmp_path)
    counts = topic_k_stability.counts_of(str(store))
    assert len(counts) == 150 and all(len(c) == 20 for c in counts)
    assert topic_k_stability.main([str(store), "--draws", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    refits, one_fit = out[f"{store} refits"], out[f"{store} one_fit"]
    # three planted topics found on all papers by both rules; the summary counts what the samples chose
    for r in (refits, one_fit):
        assert r["all_papers"].startswith("3 ") and len(r["samples"]) == 3
        assert r["distinct"] == len(set(r["samples"]))
        assert r["most_common_share"] == round(max(map(r["samples"].count, r["samples"])) / 3, 3)
