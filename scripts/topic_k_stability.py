#!/usr/bin/env python
"""How often the automatic choice of topics changes when a few papers are left out.

``python scripts/topic_k_stability.py STORE [STORE ...] [--draws 8] [--drop 0.03] [--seed 0] [--json]``

For each built store (``scholargraph build``), the papers' concept counts are read from its annotations; the
topic model is chosen (:func:`scholargraph.nlp.topics.fit_topics`, ``n_topics=None``) on all papers and on
``--draws`` random samples that leave ``--drop`` of them out (TF-IDF recomputed on each sample, as a build of
the smaller corpus would), once with the refits of :mod:`scholargraph.nlp.topics` (``REFITS``) and once with
one fit per candidate (``REFITS = 0``: the rule before the refits). Prints per store and rule the chosen
``k weighting`` per sample, and how many different choices the samples made: a corpus that is nearly the same
should get the same model.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter

import numpy as np

from scholargraph.nlp import topics as T
from scholargraph.store.embedded import load_annotations


def counts_of(store: str) -> list[dict[str, int]]:
    ann = load_annotations(store)
    return [
        {m.concept: m.count for m in ann.mentions[pid]} for pid in sorted(ann.mentions) if ann.mentions[pid]
    ]


def choices(counts: list[dict[str, int]], draws: int, drop: float, seed: int, refits: int) -> list[str]:
    saved, T.REFITS = T.REFITS, refits
    try:
        out = []
        for d in range(draws + 1):
            keep = np.arange(len(counts))
            if d:
                rng = np.random.default_rng(seed * 1000 + d)
                keep = np.sort(rng.choice(len(counts), int(round(len(counts) * (1 - drop))), replace=False))
            X, vocab = T.tfidf_matrix([counts[i] for i in keep], norm=None)
            info = T.fit_topics(X, vocab, seed=seed).info
            out.append(f"{info['n_topics']} {info['topic_weighting']}")
        return out
    finally:
        T.REFITS = saved


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stores", nargs="+")
    ap.add_argument("--draws", type=int, default=8)
    ap.add_argument("--drop", type=float, default=0.03)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    result = {}
    for store in args.stores:
        counts = counts_of(store)
        for name, refits in (("refits", T.REFITS), ("one_fit", 0)):
            t = time.perf_counter()
            picks = choices(counts, args.draws, args.drop, args.seed, refits)
            result[f"{store} {name}"] = {
                "all_papers": picks[0],
                "samples": picks[1:],
                "distinct": len(set(picks[1:])),
                "most_common_share": round(Counter(picks[1:]).most_common(1)[0][1] / len(picks[1:]), 3),
                "seconds_per_choice": round((time.perf_counter() - t) / len(picks), 2),
            }
            if not args.json:
                r = result[f"{store} {name}"]
                print(
                    f"{store} [{name}] all papers: {r['all_papers']}; {args.draws} samples without "
                    f"{args.drop:.0%}: {r['distinct']} different, {dict(Counter(r['samples']).most_common())}"
                    f" ({r['seconds_per_choice']} s per choice)",
                    flush=True,
                )
    if args.json:
        json.dump(result, sys.stdout, indent=1)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
