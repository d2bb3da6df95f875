#!/usr/bin/env python
"""Write the planted synthetic corpus as JSON Lines (plus its truth) for the demo and for manual runs.

    python scripts/make_synthetic_corpus.py OUT_DIR [--papers 300] [--seed 0]

Writes ``OUT_DIR/synthetic_corpus.jsonl`` in the generic JSON Lines layout read by ``scholargraph.readers``
(format ``jsonl``, detected from content: title, abstract, authors, date at its precision, doi, venue, keywords,
references with DOIs) and ``OUT_DIR/synthetic_truth.json`` (planted communities, topics, the bursting topic and
its first period, the declining topic). Every record is synthetic and marked so (``synthetic: true``, DOIs under
``10.5555/scholargraph-synthetic.``, "(no. N, synthetically generated)" in titles). Then, e.g.::

    scholargraph read OUT_DIR/synthetic_corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from scholargraph.errors import ConfigError
    from scholargraph.synthetic import demo_corpus, planted_corpus, truth_dict

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="output directory (created if missing)")
    ap.add_argument("--papers", type=int, default=300, help="number of papers (>= 20; default 300)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--communities", type=int, default=4, help="planted communities, 2..6 (default 4)")
    args = ap.parse_args(argv)
    try:
        _, truth = planted_corpus(args.papers, seed=args.seed, n_communities=args.communities)
        path = demo_corpus(
            args.out / "synthetic_corpus.jsonl",
            n_papers=args.papers,
            seed=args.seed,
            n_communities=args.communities,
        )
    except ConfigError as e:
        print(f"make_synthetic_corpus: error: {e}", file=sys.stderr)
        return 2
    (args.out / "synthetic_truth.json").write_text(
        json.dumps(truth_dict(truth), indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(
        f"wrote {args.papers} synthetic papers to {path} and the truth to {args.out / 'synthetic_truth.json'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
