"""Small hand-made inputs shared by several test folders (tests/_support is on pytest's pythonpath)."""

from __future__ import annotations

from scholargraph.model import Author, Corpus, Paper, PaperDate, Provenance, Reference
from scholargraph.nlp.annotations import Annotations, Concept, Evidence, Mention, Topic


def small_corpus() -> Corpus:
    """Five papers: shared authors (one known by ORCID, one only by initials), citations inside the set (one
    by DOI, one by arXiv id, one by title + year, one self-citation), references outside the set, venues."""
    ann = Author("Ann Lee", family="Lee", given="Ann")
    ann_orcid = Author("A. Lee", family="Lee", given="A.", orcid="0000-0002-1825-0097")
    bo = Author("Bo Chen", family="Chen", given="Bo")
    cy = Author("Cy Diaz", family="Diaz", given="Cy", affiliation="Univ X")
    j_smith = Author("J. Smith", family="Smith", given="J.")
    john_smith = Author("John Smith", family="Smith", given="John")
    prov = lambda r: [Provenance("tests/data/graph/small.jsonl", r, r)]  # noqa: E731
    a = Paper.create(
        title="Graph neural networks for citations", year=2020, doi="10.1000/a", authors=[ann, bo],
        venue="Journal of Graphs", keywords=["gnn", "citations"], provenance=prov(1),
        references=[Reference(raw="Old W, 1990, NATURE, V1, P1, DOI 10.9999/old1", doi="10.9999/old1")],
    )  # fmt: skip
    b = Paper.create(
        title="Topic models at scale", arxiv_id="2101.00001", date=PaperDate(2021, 2, None, "month"),
        authors=[bo, cy, j_smith], venue="journal of graphs.", provenance=prov(2),
        references=[
            Reference(raw="A ref", doi="10.1000/a"),
            Reference(raw="Old W, 1990, NATURE, V1, P1, DOI 10.9999/old1", doi="10.9999/old1"),
            Reference(raw="Lost R, 2001, SCIENCE"),
        ],
    )  # fmt: skip
    c = Paper.create(
        title="Citations and topics", year=2022, doi="10.1000/c", authors=[ann_orcid, john_smith, cy],
        venue="Science Letters", provenance=prov(3),
        references=[
            Reference(doi="10.1000/a"),
            Reference(arxiv_id="2101.00001"),
            Reference(doi="10.1000/c"),  # self-citation: dropped
            Reference(raw="Old W, 1990, NATURE, V1, P1, DOI 10.9999/old1", doi="10.9999/old1"),
            Reference(raw="Lost R, 2001, SCIENCE"),
        ],
    )  # fmt: skip
    d = Paper.create(
        title="A paper without ids", year=2023, authors=[john_smith], provenance=prov(4),
        references=[Reference(title="Citations and Topics!", year=2022), Reference(doi="10.1000/a")],
    )  # fmt: skip
    e = Paper.create(title="Lonely", year=2023, doi="10.1000/e", author_count=4, provenance=prov(5))
    return Corpus(papers=[a, b, c, d, e])


def small_annotations(corpus: Corpus) -> Annotations:
    ids = [p.id for p in corpus.papers]
    ann = Annotations()
    ann.concepts = {
        "graph neural network": Concept(
            "graph neural network", "method", ["graph neural networks", "GNNs"], ["gnn"], 2
        ),
        "topic model": Concept("topic model", "method", ["topic models"], [], 2),
        "citation": Concept("citation", "keyphrase", ["citations"], [], 3),
    }
    ev = Evidence(sentence=0, start=0, end=21, text="Graph neural networks for citations.")
    ann.mentions = {
        ids[0]: [Mention("citation", 1, 0.4, [Evidence(0, 26, 35, "Graph neural networks for citations.")]),
                 Mention("graph neural network", 1, 0.9, [ev])],
        ids[1]: [Mention("topic model", 2, 0.8, [Evidence(0, 0, 12, "Topic models at scale.")])],
        ids[2]: [Mention("citation", 1, 0.5, []), Mention("graph neural network", 1, 0.2, []),
                 Mention("topic model", 1, 0.3, [])],
        "doi:10.1000/missing": [Mention("citation", 1, 0.1, [])],
    }  # fmt: skip
    ann.aliases = {"gnn": "graph neural network"}
    ann.topics = [
        Topic(0, "graph neural network / citation", [("graph neural network", 0.6), ("citation", 0.4)]),
        Topic(1, "topic model", [("topic model", 0.9)]),
    ]
    ann.paper_topics = {ids[0]: [(0, 0.9), (1, 0.1)], ids[1]: [(1, 1.0)], ids[2]: [(0, 0.5), (1, 0.5)]}
    ann.settings = {"seed": 0, "n_topics": 2}
    return ann
