#!/usr/bin/env python
"""Synthetic corpus + Annotations for scale tests of the graph stage (no spaCy; seeded, deterministic).

``generate(n, seed=0) -> (Corpus, Annotations)``: ``n`` papers over 2000-2023 with 1-6 authors each (drawn
near the paper's position, so collaboration stays local as real communities do), about 14 references each
(~35 % to earlier papers of the corpus, the rest to works outside it, some without a DOI), 6 concept mentions
(a few with evidence), and 1-2 of 20 topics. Every count grows linearly with ``n``, like a real field growing.

``tables(n, store, seed=0)``: the same distributions drawn with numpy arrays and written straight into a store as
the Parquet tables the Dask engine's projections read (:mod:`scholargraph.scale.tables`: authorships, references,
mentions, paper_topics, papers) -- no Paper objects, so a million papers take seconds and a few hundred MB, not
the ~10 GB the objects and the NetworkX graph would need. Not the same draws as ``generate`` (vectorised), the
same model: authors near the paper's position, ~14 references (35 % to earlier corpus papers, a fifth of the
outside works without a DOI), 6 concepts of the paper's topic, 1-2 topics.

    python scripts/synth_scale.py 10000 --seed 0          # prints the corpus and graph sizes
    python scripts/synth_scale.py 10000 --out store/      # and saves a store (corpus, annotations, graph)
    python scripts/synth_scale.py 1000000 --tables store/ # the Parquet tables only
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from scholargraph.model import Author, Corpus, Paper, PaperDate, Provenance, Reference  # noqa: E402
from scholargraph.nlp.annotations import Annotations, Concept, Evidence, Mention, Topic  # noqa: E402

N_TOPICS = 20


def generate(n: int, seed: int = 0) -> tuple[Corpus, Annotations]:
    """A synthetic corpus of ``n`` papers and its Annotations (see the module docstring)."""
    if n < 10:
        raise ValueError(f"n must be >= 10, got {n}")
    rng = np.random.default_rng(seed)
    n_authors = max(n // 2, 10)
    n_ext = 8 * n
    n_concepts = 2000 + n // 50
    first = [f"Given{k}" for k in range(97)]
    n_auth = rng.integers(1, 7, size=n)
    n_refs = rng.poisson(14, size=n)
    topics = rng.integers(0, N_TOPICS, size=n)
    papers: list[Paper] = []
    mentions: dict[str, list[Mention]] = {}
    paper_topics: dict[str, list[tuple[int, float]]] = {}
    df = np.zeros(n_concepts, dtype=np.int64)
    for i in range(n):
        year = 2000 + (i * 24) // n
        pid = f"10.5555/synth.{i:07d}"
        centre = i // 2
        aidx = sorted({int((centre + d) % n_authors) for d in rng.integers(-40, 41, size=n_auth[i])})
        authors = [
            Author(f"{first[a % 97]} Family{a}", family=f"Family{a}", given=first[a % 97]) for a in aidx
        ]
        refs: list[Reference] = []
        for _ in range(n_refs[i]):
            if i > 0 and rng.random() < 0.35:
                j = max(0, i - int(rng.integers(1, 1500)))
                refs.append(
                    Reference(raw=f"Family{j} X, {2000 + j * 24 // n}, J SYNTH", doi=f"10.5555/synth.{j:07d}")
                )
            else:
                k = int((8 * i + rng.integers(-4000, 4000)) % n_ext)
                if k % 5 == 0:  # a fifth of the outside works are cited without a DOI
                    refs.append(Reference(raw=f"Outside{k} Y, 1990, OLD J, V{k % 50}, P{k % 997}"))
                else:
                    refs.append(
                        Reference(
                            raw=f"Outside{k} Y, 1990, OLD J, DOI 10.7777/ext.{k}", doi=f"10.7777/ext.{k}"
                        )
                    )
        papers.append(
            Paper(
                id=f"doi:{pid}",
                title=f"Synthetic study {i} of topic {topics[i]}",
                abstract=f"We study topic {topics[i]} in paper {i}.",
                authors=authors,
                date=PaperDate(year, int(rng.integers(1, 13)), None, "month"),
                venue=f"Journal {int(rng.integers(0, 200 + n // 100))}",
                doi=pid,
                references=refs,
                keywords=[f"kw{int(x)}" for x in rng.integers(0, 500, size=3)],
                provenance=[Provenance("synthetic", i + 1, None, "synthetic")],
            )
        )
        cidx = sorted({int((topics[i] * 97 + x) % n_concepts) for x in rng.integers(0, 400, size=6)})
        ms = []
        for r, c in enumerate(cidx):
            df[c] += 1
            ev = [Evidence(0, 0, 12, f"We study topic {topics[i]}.")] if r == 0 else []
            ms.append(Mention(f"concept {c:05d}", int(rng.integers(1, 4)), round(float(rng.random()), 6), ev))
        mentions[f"doi:{pid}"] = ms
        t2 = int((topics[i] + rng.integers(1, N_TOPICS)) % N_TOPICS)
        paper_topics[f"doi:{pid}"] = (
            [(int(topics[i]), 0.7), (t2, 0.3)] if rng.random() < 0.5 else [(int(topics[i]), 1.0)]
        )
    concepts = {
        f"concept {c:05d}": Concept(f"concept {c:05d}", "keyphrase", [f"concepts {c:05d}"], [], int(df[c]))
        for c in range(n_concepts)
        if df[c]
    }
    topic_list = [
        Topic(
            t,
            f"concept {t * 97 % n_concepts:05d}",
            [(f"concept {(t * 97 + k) % n_concepts:05d}", 0.1) for k in range(5)],
        )
        for t in range(N_TOPICS)
    ]
    ann = Annotations(
        concepts=concepts,
        mentions=mentions,
        topics=[t for t in topic_list if all(c in concepts for c, _ in t.top_concepts)],
        paper_topics=paper_topics,
        settings={"synthetic": True, "seed": seed, "n": n},
    )
    return Corpus(papers=papers), ann


def _keys(prefix: str, codes: np.ndarray, width: int = 7) -> list[str]:
    return [f"{prefix}{c:0{width}d}" for c in codes.tolist()]


def tables(n: int, store: str | Path, seed: int = 0, *, rows_per_file: int = 250_000) -> dict[str, int]:
    """Write the Parquet tables of a synthetic ``n``-paper corpus into the store ``store`` (created); returns
    the rows per table (see the module docstring)."""
    import pyarrow as pa

    from scholargraph.graph.kg import KnowledgeGraph
    from scholargraph.scale.tables import add_table
    from scholargraph.store.embedded import save

    if n < 10:
        raise ValueError(f"n must be >= 10, got {n}")
    rng = np.random.default_rng(seed)
    save(KnowledgeGraph(meta={"synthetic_tables": True, "n": n, "seed": seed}), store)
    papers = np.arange(n)
    paper_key = np.array(_keys("doi:10.5555/synth.", papers), dtype=object)
    n_authors = max(n // 2, 10)
    n_auth = rng.integers(1, 7, size=n)
    doc = np.repeat(papers, n_auth)
    author = (doc // 2 + rng.integers(-40, 41, size=len(doc))) % n_authors
    pair = np.unique(doc * n_authors + author)  # one authorship per (paper, author)
    doc, author = pair // n_authors, pair % n_authors
    out: dict[str, int] = {}

    def put(name: str, columns: dict) -> None:
        add_table(store, name, pa.table(columns), rows_per_file=rows_per_file)
        out[name] = len(next(iter(columns.values())))

    put("authorships", {"start": _keys("name:family", author, 6), "end": paper_key[doc].tolist(),
                        "position": np.ones(len(doc), dtype=np.int64)})  # fmt: skip
    n_refs = rng.poisson(14, size=n)
    citing = np.repeat(papers, n_refs)
    internal = (citing > 0) & (rng.random(len(citing)) < 0.35)
    target = np.maximum(0, citing - rng.integers(1, 1500, size=len(citing)))
    ext = (8 * citing + rng.integers(-4000, 4000, size=len(citing))) % (8 * n)
    ref_key = np.where(
        ext % 5 == 0,
        np.char.add("raw:outside", ext.astype(str)),
        np.char.add("doi:10.7777/ext.", ext.astype(str)),
    )
    put("references", {
        "paper": paper_key[citing].tolist(),
        "target": np.where(internal, paper_key[target], None).tolist(),
        "matched_by": np.where(internal, "doi", None).tolist(),
        "ref_key": np.where(internal, None, ref_key.astype(object)).tolist(),
        "text": np.where(internal, None, ref_key.astype(object)).tolist(),
    })  # fmt: skip
    n_concepts = 2000 + n // 50
    topic = rng.integers(0, N_TOPICS, size=n)
    mdoc = np.repeat(papers, 6)
    concept = (topic[mdoc] * 97 + rng.integers(0, 400, size=len(mdoc))) % n_concepts
    pair = np.unique(mdoc * n_concepts + concept)
    mdoc, concept = pair // n_concepts, pair % n_concepts
    put("mentions", {"start": paper_key[mdoc].tolist(), "end": _keys("concept ", concept, 5),
                     "count": rng.integers(1, 4, size=len(mdoc)), "weight": rng.random(len(mdoc))})  # fmt: skip
    second = rng.random(n) < 0.5
    tdoc = np.concatenate([papers, papers[second]])
    tid = np.concatenate(
        [topic, (topic[second] + rng.integers(1, N_TOPICS, size=int(second.sum()))) % N_TOPICS]
    )
    put("paper_topics", {"start": paper_key[tdoc].tolist(), "end": tid.astype(str).tolist(),
                         "weight": np.where(np.arange(len(tdoc)) < n, 0.7, 0.3)})  # fmt: skip
    put("papers", {"key": paper_key.tolist(), "year": 2000 + (papers * 24) // n})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of papers")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", help="save a store here")
    ap.add_argument(
        "--tables", help="write only the Parquet tables into this store (vectorised; millions of papers)"
    )
    args = ap.parse_args(argv)
    if args.tables:
        print(tables(args.n, args.tables, args.seed))
        return 0
    from scholargraph.graph.build import build_graph

    corpus, ann = generate(args.n, args.seed)
    kg = build_graph(corpus, ann)
    print(kg.counts())
    if args.out:
        from scholargraph.store.embedded import save

        save(kg, args.out, corpus=corpus, annotations=ann)
        print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
