"""What a community-curated listing (the Daily Papers page) says about attention: the most upvoted papers and
concepts ranked by the upvotes of the papers that mention them. Computed only when papers carry upvotes.

>>> from scholargraph.model import Corpus, Paper
>>> from scholargraph.nlp.annotations import Annotations, Mention
>>> corpus = Corpus([Paper.create(title="A", year=2024, doi="10.1000/a", upvotes=12),
...                  Paper.create(title="B", year=2024, doi="10.1000/b", upvotes=3)])
>>> most_upvoted(corpus)[["title", "upvotes"]].values.tolist()
[['A', 12], ['B', 3]]
>>> ann = Annotations()
>>> ann.mentions = {"doi:10.1000/a": [Mention("graph", 1, 1.0, [])], "doi:10.1000/b": [Mention("graph", 1, 1.0, []),
...                 Mention("text", 1, 1.0, [])]}
>>> upvoted_concepts(corpus, ann)[["concept", "papers", "upvotes"]].values.tolist()  # "text": one paper only
[['graph', 2, 15]]
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from ..model import Corpus
    from ..nlp.annotations import Annotations

__all__ = ["most_upvoted", "upvoted_concepts"]


def most_upvoted(corpus: Corpus) -> pd.DataFrame:
    """paper_id, title, date, upvotes of every paper with upvotes, most upvoted first (ties: id)."""
    rows = [
        (p.id, p.title, p.date.iso() if p.date else None, int(p.upvotes))
        for p in corpus.papers
        if p.upvotes is not None
    ]
    rows.sort(key=lambda r: (-r[3], r[0]))
    return pd.DataFrame(rows, columns=["paper_id", "title", "date", "upvotes"]).astype({"upvotes": "int64"})


def upvoted_concepts(
    corpus: Corpus, annotations: Annotations, *, max_papers: int = 5, min_papers: int = 2
) -> pd.DataFrame:
    """concept, papers, upvotes (the sum over the papers that mention it), upvotes_per_paper, paper_ids (the
    most upvoted first, at most ``max_papers``): ranked by upvotes, then papers, then name. Concepts of fewer
    than ``min_papers`` upvoted papers are left out (one popular paper's words say nothing about the field)."""
    votes = {p.id: int(p.upvotes) for p in corpus.papers if p.upvotes is not None}
    papers: dict[str, list[str]] = defaultdict(list)
    for pid, mentions in annotations.mentions.items():
        if pid in votes:
            for m in mentions:
                papers[m.concept].append(pid)
    rows = []
    for concept, pids in papers.items():
        if len(pids) < min_papers:
            continue
        total = sum(votes[p] for p in pids)
        top = sorted(pids, key=lambda p: (-votes[p], p))[:max_papers]
        rows.append((concept, len(pids), total, round(total / len(pids), 6), top))
    rows.sort(key=lambda r: (-r[2], -r[1], r[0]))
    # as people read them ("COVID-19"), once ordered by the canonical name
    concepts = annotations.concepts
    rows = [(concepts[r[0]].shown if r[0] in concepts else r[0], *r[1:]) for r in rows]
    return pd.DataFrame(
        rows, columns=["concept", "papers", "upvotes", "upvotes_per_paper", "paper_ids"]
    ).astype({"papers": "int64", "upvotes": "int64", "upvotes_per_paper": "float64"})
