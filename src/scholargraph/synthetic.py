"""A synthetic corpus with planted structure, for tests, benchmarks and the demo.

Everything here is **synthetic** and marked so: DOIs use the ``10.5555/scholargraph-synthetic.`` prefix, venues
are "Synthetic Journal of ...", every paper has ``extra["synthetic"] = True`` and provenance
``file="synthetic:planted_corpus"``, and ``corpus.notes`` says how it was made.

What is planted (and recorded in the returned :class:`PlantedTruth`):

- ``n_communities`` communities. A paper of community *c* takes its main topic's vocabulary, cites earlier papers
  of *c* and references from *c*'s pool of outside works, and is written by authors from *c*'s author pool;
  a small fraction of references and citations cross communities (``mixing``).
- one topic per community, each with a distinctive vocabulary of multiword noun phrases ("quantum error
  correction", "protein language model") that the abstracts repeat in sentences where they are the only noun
  chunks, so spaCy extraction finds exactly them (no "chain" and "thought" from "chain of thought prompting").
- a *bursting* topic: a secondary topic in about 3% of papers before ``burst_year`` and about 55% from then on.
- a *declining* topic: a secondary topic in about 60% of the first year's papers, falling linearly to about 3%.
- dates from 2014 to 2024 (more papers in later years) with mixed precision: day, month or year only.

:func:`planted_annotations` gives :class:`~scholargraph.nlp.annotations.Annotations` straight from the texts
(exact phrase matching with sentence evidence) so analysis tests need no spaCy.

>>> corpus, truth = planted_corpus(n_papers=60, seed=1)
>>> len(corpus), len(set(truth.communities.values()))
(60, 4)
>>> truth.bursting_topic, truth.burst_start, truth.declining_topic
('large language models', '2021', 'support vector machines')
>>> all(p.extra["synthetic"] for p in corpus)
True
>>> ann = planted_annotations(corpus, truth)
>>> sorted(t.label for t in ann.topics)[:2]
['climate science', 'graph learning']
"""

from __future__ import annotations

import math
import os
import random
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ._validation import check_int, check_number
from .model import Author, Corpus, FileStats, Paper, PaperDate, Provenance, Reference

__all__ = [
    "PlantedTruth",
    "TOPIC_VOCABULARY",
    "planted_corpus",
    "planted_annotations",
    "jsonl_records",
    "demo_corpus",
    "planted_communities",
    "planted_rise",
    "truth_dict",
]

# topic name -> distinctive multiword noun phrases (lower case). The first six can be community topics.
TOPIC_VOCABULARY: dict[str, list[str]] = {
    "quantum computing": [
        "quantum error correction",
        "surface code decoder",
        "logical qubit",
        "quantum circuit compiler",
        "gate fidelity",
    ],
    "protein science": [
        "protein language model",
        "molecular dynamics simulation",
        "binding affinity",
        "protein structure prediction",
        "amino acid sequence",
    ],
    "climate science": [
        "global climate model",
        "sea surface temperature",
        "carbon flux estimate",
        "extreme rainfall event",
        "regional downscaling",
    ],
    "graph learning": [
        "graph neural network",
        "graph convolution layer",
        "node classification",
        "link prediction",
        "graph attention mechanism",
    ],
    "robotics": [
        "robot arm controller",
        "trajectory optimization",
        "grasp detection",
        "visual servoing",
        "legged locomotion",
    ],
    "epidemiology": [
        "disease transmission model",
        "vaccine effectiveness",
        "outbreak detection",
        "hospital admission rate",
        "serological survey",
    ],
    "large language models": [
        "large language model",
        "instruction tuning",
        "retrieval augmentation",
        "prompt engineering",
        "language model agent",
    ],
    "support vector machines": [
        "support vector machine",
        "kernel trick",
        "feature engineering pipeline",
        "handcrafted feature",
        "margin maximization",
    ],
}
_COMMUNITY_TOPICS = list(TOPIC_VOCABULARY)[:6]
_BURSTING = "large language models"
_DECLINING = "support vector machines"

# Sentences and titles whose only noun chunks are the planted phrases: each phrase stands after "the" (spaCy's
# small model splits a bare "margin maximization" or "climate model ensemble" after a verb), and nothing else in
# them is a noun ("in the light of", "benefits", "approach" and "(synthetic paper 12)" became concepts of their
# own: tests/test_synthetic.py checks the demo's concepts against the vocabulary)
_SENTENCES = (
    "We combine the {a} with the {b}.",
    "The {a} improves the {b}.",
    "We apply the {a} to the {b}.",
    "We study the {a} and the {b}.",
    "The {a} helps the {b}.",
    "We compare the {a} with the {b}.",
)
_TITLES = ("{A} for the {b}", "Using the {a} for the {b}", "From the {a} to the {b}", "The {a} and the {b}")
# the mark every synthetic title carries (with the paper's number, so titles stay distinct)
_TITLE_MARK = " (no. {n}, synthetically generated)"

_GIVEN = (
    "Ada Bruno Clara Diego Elena Farid Greta Hugo Irene Jonas Kofi Lucia Mateo Nadia Oscar Paula Quentin Rosa "
    "Samir Tanya Ulrich Vera Walter Ximena Yusuf Zora"
).split()
_FAMILY = (
    "Abara Bergstrom Castillo Dimitrov Eriksen Fontaine Gallo Haddad Ivanova Jaramillo Kowalski Lindqvist "
    "Moreau Nakamura Okafor Petrova Quintero Rahman Santos Takahashi Urquhart Valdez Whitaker Xu Yilmaz Zeller"
).split()

YEARS = tuple(range(2014, 2025))


@dataclass
class PlantedTruth:
    """What :func:`planted_corpus` planted.

    ``communities``: paper id -> community number; ``community_topics``: community number -> topic name;
    ``paper_topics``: paper id -> topic names (main topic first); ``topics``: topic name -> vocabulary;
    ``burst_start``: the first period (year, as text) of the bursting topic's burst.
    """

    communities: dict[str, int]
    community_topics: list[str]
    paper_topics: dict[str, list[str]]
    topics: dict[str, list[str]]
    bursting_topic: str
    burst_start: str
    declining_topic: str
    seed: int
    settings: dict = field(default_factory=dict)


def _sentence(rng: random.Random, a: str, b: str) -> str:
    return rng.choice(_SENTENCES).format(a=a, b=b)


def planted_corpus(
    n_papers: int = 300,
    seed: int = 0,
    *,
    n_communities: int = 4,
    burst_year: int = 2021,
    mixing: float = 0.1,
) -> tuple[Corpus, PlantedTruth]:
    """A synthetic :class:`~scholargraph.model.Corpus` with planted communities, a bursting and a declining topic.

    ``n_papers`` (>= 20), ``n_communities`` (2..6), ``burst_year`` (2016..2023), ``mixing`` (0..0.5: the chance
    that a reference or citation goes to another community). Same arguments -> identical corpus.

    >>> c1, _ = planted_corpus(40, seed=3)
    >>> c2, _ = planted_corpus(40, seed=3)
    >>> [p.to_dict() for p in c1] == [p.to_dict() for p in c2]
    True
    >>> sorted({p.date.precision for p in c1})
    ['day', 'month', 'year']
    """
    check_int(n_papers, "n_papers", "planted_corpus", low=20)
    check_int(n_communities, "n_communities", "planted_corpus", low=2, high=len(_COMMUNITY_TOPICS))
    check_int(burst_year, "burst_year", "planted_corpus", low=YEARS[2], high=YEARS[-2])
    check_int(seed, "seed", "planted_corpus", low=0)
    check_number(mixing, "mixing", "planted_corpus", low=0, high=0.5)
    rng = random.Random(seed)
    topics = _COMMUNITY_TOPICS[:n_communities]

    # authors and outside reference pools per community
    names = [f"{g} {f}" for g in _GIVEN for f in _FAMILY]
    rng.shuffle(names)
    pools = [names[c * 10 : (c + 1) * 10] for c in range(n_communities)]
    ref_pools = [
        [
            Reference(
                raw=f"SYNTHETIC {_FAMILY[(c * 7 + j) % len(_FAMILY)].upper()}, {2000 + j % 14}, "
                f"SYNTH J {topics[c].upper()}, V{j + 1}, P{10 * j + 1}",
                doi=f"10.5555/scholargraph-synthetic-ref.c{c}.{j}",
                year=2000 + j % 14,
            )
            for j in range(40)
        ]
        for c in range(n_communities)
    ]

    # years (more papers later), communities (balanced), then chronological order
    weights = [1 + 0.15 * (y - YEARS[0]) for y in YEARS]
    years = sorted(rng.choices(YEARS, weights=weights, k=n_papers))
    comms = [i % n_communities for i in range(n_papers)]
    rng.shuffle(comms)

    papers: list[Paper] = []
    truth_comm: dict[str, int] = {}
    truth_topics: dict[str, list[str]] = {}
    by_comm: list[list[Paper]] = [[] for _ in range(n_communities)]
    for i, (year, c) in enumerate(zip(years, comms, strict=True)):
        main = topics[c]
        paper_topics = [main]
        p_burst = 0.55 if year >= burst_year else 0.03
        p_decl = 0.6 + (0.03 - 0.6) * (year - YEARS[0]) / (YEARS[-1] - YEARS[0])
        if rng.random() < p_burst:
            paper_topics.append(_BURSTING)
        if rng.random() < p_decl:
            paper_topics.append(_DECLINING)
        vocab = rng.sample(TOPIC_VOCABULARY[main], 3)
        for t in paper_topics[1:]:
            vocab += rng.sample(TOPIC_VOCABULARY[t], 2)
        a, b = vocab[0], vocab[1]
        title = rng.choice(_TITLES).format(A=a[0].upper() + a[1:], a=a, b=b) + _TITLE_MARK.format(n=i + 1)
        pairs = [(vocab[j], vocab[(j + 1) % len(vocab)]) for j in range(len(vocab))]
        abstract = " ".join(_sentence(rng, x, y) for x, y in pairs)

        r = rng.random()
        precision = "day" if r < 0.4 else "month" if r < 0.7 else "year"
        month = rng.randint(1, 12) if precision != "year" else None
        day = rng.randint(1, 28) if precision == "day" else None
        date = PaperDate(year, month, day, precision)

        authors = [
            Author(name=n, given=n.split()[0], family=n.split()[1])
            for n in rng.sample(pools[c], rng.randint(2, 4))
        ]
        refs = [replace(x) for x in rng.sample(ref_pools[c], 6)]
        if rng.random() < mixing:
            other = rng.choice([k for k in range(n_communities) if k != c])
            refs.append(replace(rng.choice(ref_pools[other])))
        earlier = by_comm[c]
        for q in rng.sample(earlier, min(len(earlier), rng.randint(1, 3))):
            refs.append(Reference(doi=q.doi, title=q.title, year=q.year))
        if rng.random() < mixing:
            others = [q for k in range(n_communities) if k != c for q in by_comm[k]]
            if others:
                q = rng.choice(others)
                refs.append(Reference(doi=q.doi, title=q.title, year=q.year))

        paper = Paper.create(
            title=title,
            abstract=abstract,
            authors=authors,
            date=date,
            venue=f"Synthetic Journal of {main.title()}",
            doi=f"10.5555/scholargraph-synthetic.{i + 1:04d}",
            references=refs,
            keywords=list(dict.fromkeys(vocab)),
            language="en",
            doc_type="article",
            provenance=[Provenance(file="synthetic:planted_corpus", record=i + 1, format="synthetic")],
            extra={"synthetic": True},
        )
        papers.append(paper)
        by_comm[c].append(paper)
        truth_comm[paper.id] = c
        truth_topics[paper.id] = paper_topics

    settings = {
        "n_papers": n_papers,
        "seed": seed,
        "n_communities": n_communities,
        "burst_year": burst_year,
        "mixing": mixing,
    }
    corpus = Corpus(
        papers=papers,
        files=[FileStats("synthetic:planted_corpus", "synthetic", n_papers, n_papers, 0, 0)],
        notes=[
            f"SYNTHETIC corpus made by scholargraph.synthetic.planted_corpus({settings}); not real papers"
        ],
    )
    truth = PlantedTruth(
        communities=truth_comm,
        community_topics=list(topics),
        paper_topics=truth_topics,
        topics={t: list(TOPIC_VOCABULARY[t]) for t in [*topics, _BURSTING, _DECLINING]},
        bursting_topic=_BURSTING,
        burst_start=str(burst_year),
        declining_topic=_DECLINING,
        seed=seed,
        settings=settings,
    )
    return corpus, truth


def planted_communities(
    n_papers: int = 3000,
    seed: int = 0,
    *,
    n_communities: int = 8,
    zipf: float = 1.0,
    own_refs: int = 8,
    cross_refs: int = 3,
    pool: int = 250,
    control_keywords: int = 3,
) -> tuple[Corpus, dict[str, int]]:
    """A *hard* planted community structure for bibliographic coupling: ``n_communities`` groups of papers whose
    sizes follow a Zipf law (size of the k-th ~ 1/k^zipf), each paper citing ``own_refs`` works from its group's
    pool of outside works and ``cross_refs`` works from the pools of other groups (real mixing), with
    ``control_keywords`` flat keywords drawn from one shared list (no signal) besides one group keyword.
    ``cross_refs=own_refs`` and more erase the structure (an unstructured control). Returns the corpus and
    paper id -> planted group. Everything is SYNTHETIC and marked so.

    >>> corpus, truth = planted_communities(400, seed=1)
    >>> sizes = sorted(__import__("collections").Counter(truth.values()).values(), reverse=True)
    >>> len(sizes), sizes[0] > 3 * sizes[-1], len(corpus.papers[0].references)
    (8, True, 11)
    """
    check_int(n_papers, "n_papers", "planted_communities", low=50)
    check_int(n_communities, "n_communities", "planted_communities", low=2)
    check_number(zipf, "zipf", "planted_communities", low=0.0)
    check_int(own_refs, "own_refs", "planted_communities", low=0)
    check_int(cross_refs, "cross_refs", "planted_communities", low=0)
    check_int(pool, "pool", "planted_communities", low=own_refs + 1)
    check_int(seed, "seed", "planted_communities", low=0)
    rng = random.Random(seed)
    raw = [1.0 / (k + 1) ** zipf for k in range(n_communities)]
    sizes = [max(5, round(n_papers * w / sum(raw))) for w in raw]
    sizes[0] += n_papers - sum(sizes)
    groups = [c for c, n in enumerate(sizes) for _ in range(n)]
    rng.shuffle(groups)
    pools = [
        [f"SYNTHETIC {_FAMILY[(c * 11 + j) % len(_FAMILY)].upper()} {c}-{j}, {1990 + j % 30}, SYNTH J GROUP {c}"
         for j in range(pool)]
        for c in range(n_communities)
    ]  # fmt: skip
    controls = [f"control keyword {k}" for k in range(20)]
    papers, truth = [], {}
    for i, c in enumerate(groups):
        refs = [Reference(raw=r) for r in rng.sample(pools[c], own_refs)]
        for _ in range(cross_refs):
            other = rng.choice([k for k in range(n_communities) if k != c])
            refs.append(Reference(raw=rng.choice(pools[other])))
        year = rng.choice(YEARS)
        paper = Paper.create(
            title=f"Synthetic paper {i + 1} of group {c}",
            date=PaperDate(year, None, None, "year"),
            doi=f"10.5555/scholargraph-synthetic-communities.{seed}.{i + 1:05d}",
            references=refs,
            keywords=[f"group {c} keyword", *rng.sample(controls, control_keywords)],
            provenance=[Provenance(file="synthetic:planted_communities", record=i + 1, format="synthetic")],
            extra={"synthetic": True},
        )
        papers.append(paper)
        truth[paper.id] = c
    corpus = Corpus(
        papers=papers,
        files=[FileStats("synthetic:planted_communities", "synthetic", n_papers, n_papers, 0, 0)],
        notes=["SYNTHETIC corpus made by scholargraph.synthetic.planted_communities; not real papers"],
    )
    return corpus, truth


def planted_rise(
    n_papers: int = 3000, seed: int = 0, *, base: float = 0.04, factor: float = 2.0, rise_year: int = 2020
) -> tuple[Corpus, str]:
    """SYNTHETIC papers over the years of :data:`YEARS`, each with author keywords: one planted keyword at a share
    of ``base`` before ``rise_year`` and ``base * factor`` from it on, and 30 flat control keywords (each at
    ``base``). Returns the corpus and the planted keyword.

    >>> corpus, item = planted_rise(500, seed=1)
    >>> item, sum(item in p.keywords for p in corpus) > 0
    ('planted rising keyword', True)
    """
    check_int(n_papers, "n_papers", "planted_rise", low=50)
    check_number(base, "base", "planted_rise", low=0.0, high=0.5, low_open=True)
    check_number(factor, "factor", "planted_rise", low=0.0, high=1.0 / base)
    check_int(rise_year, "rise_year", "planted_rise", low=YEARS[1], high=YEARS[-1])
    check_int(seed, "seed", "planted_rise", low=0)
    rng = random.Random(seed)
    item = "planted rising keyword"
    papers = []
    for i in range(n_papers):
        year = YEARS[i % len(YEARS)]
        p = base * (factor if year >= rise_year else 1.0)
        kws = [item] if rng.random() < p else []
        kws += [f"control keyword {k}" for k in range(30) if rng.random() < base]
        kws.append("any paper")  # every paper has the field (author keywords)
        papers.append(
            Paper.create(
                title=f"Synthetic trend paper {i + 1}",
                date=PaperDate(year, None, None, "year"),
                doi=f"10.5555/scholargraph-synthetic-rise.{seed}.{i + 1:05d}",
                keywords=kws,
                provenance=[Provenance(file="synthetic:planted_rise", record=i + 1, format="synthetic")],
                extra={"synthetic": True},
            )
        )
    return Corpus(papers=papers, notes=["SYNTHETIC corpus made by scholargraph.synthetic.planted_rise"]), item


_SENT_END = re.compile(r"(?<=[.!?])\s+")


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def planted_annotations(corpus: Corpus, truth: PlantedTruth):
    """:class:`~scholargraph.nlp.annotations.Annotations` of a planted corpus without spaCy.

    A paper mentions a concept when its text (``Paper.text()``) contains the phrase (case-insensitive); every
    occurrence is kept as evidence (sentence index, offsets, sentence). Topics are the planted topics (ids in
    ``truth.topics`` order); a paper's main topic has weight 0.7 and its secondary topics share 0.3.

    >>> corpus, truth = planted_corpus(30)
    >>> ann = planted_annotations(corpus, truth)
    >>> p = corpus.papers[0]
    >>> m = ann.mentions[p.id][0]
    >>> p.text()[m.evidence[0].start:m.evidence[0].end].lower() == m.concept
    True
    """
    from .nlp.annotations import Annotations, Concept, Evidence, Mention, Topic

    topic_names = list(truth.topics)
    topic_id = {t: i for i, t in enumerate(topic_names)}
    vocab = sorted({c for words in truth.topics.values() for c in words})
    counts: dict[str, dict[str, list]] = {}
    for p in corpus.papers:
        text = p.text()
        low = text.lower()
        found: dict[str, list] = {}
        for k, (s, e) in enumerate(_sentence_spans(text)):
            for c in vocab:
                pos = low.find(c, s, e)
                while pos != -1:
                    found.setdefault(c, []).append(
                        Evidence(sentence=k, start=pos, end=pos + len(c), text=text[s:e])
                    )
                    pos = low.find(c, pos + len(c), e)
        counts[p.id] = found
    df = {c: sum(c in f for f in counts.values()) for c in vocab}
    n = max(len(corpus.papers), 1)
    ann = Annotations()
    for c in vocab:
        if df[c]:
            ann.concepts[c] = Concept(c, kind="keyphrase", surface_forms=[c], df=df[c])
    for pid, found in counts.items():
        ann.mentions[pid] = [
            Mention(c, count=len(ev), weight=round(len(ev) * math.log(n / df[c] + 1), 6), evidence=ev)
            for c, ev in sorted(found.items())
        ]
    ann.topics = [Topic(topic_id[t], t, [(c, 1.0) for c in truth.topics[t]]) for t in topic_names]
    for p in corpus.papers:
        names = truth.paper_topics.get(p.id, [])
        if not names:
            continue
        rest = names[1:]
        ann.paper_topics[p.id] = [(topic_id[names[0]], 0.7 if rest else 1.0)] + [
            (topic_id[t], round(0.3 / len(rest), 6)) for t in rest
        ]
    ann.settings = {
        "source": "scholargraph.synthetic.planted_annotations",
        "synthetic": True,
        **truth.settings,
    }
    return ann


def jsonl_records(corpus: Corpus) -> list[dict]:
    """One JSON-ready dict per paper in the generic JSON Lines layout that ``scholargraph.readers`` reads
    (format ``jsonl``: title, abstract, authors, date at its precision, doi, venue, keywords, references with
    their DOIs), plus ``synthetic: true``.

    >>> corpus, _ = planted_corpus(20)
    >>> rec = jsonl_records(corpus)[0]
    >>> sorted(rec)
    ['abstract', 'authors', 'date', 'doi', 'keywords', 'references', 'synthetic', 'title', 'venue']
    """
    out = []
    for p in corpus.papers:
        refs = []
        for r in p.references:
            text = r.raw or f"SYNTHETIC, {r.year}, {r.title}"
            refs.append(f"{text}, DOI {r.doi}" if r.doi else text)
        out.append(
            {
                "title": p.title,
                "abstract": p.abstract,
                "authors": [a.name for a in p.authors],
                "date": p.date.iso() if p.date else None,
                "doi": p.doi,
                "venue": p.venue,
                "keywords": list(p.keywords),
                "references": refs,
                "synthetic": True,
            }
        )
    return out


def demo_corpus(
    path: str | os.PathLike[str], *, n_papers: int = 300, seed: int = 0, n_communities: int = 4
) -> Path:
    """Write the planted SYNTHETIC corpus to ``path`` as JSON Lines (:func:`jsonl_records`) that
    :func:`scholargraph.read` reads back, and return the path. The one writer of the demo corpus: the demo
    command, the notebook and ``scripts/make_synthetic_corpus.py`` all use it.

    >>> import tempfile, pathlib
    >>> import scholargraph as sg
    >>> with tempfile.TemporaryDirectory() as d:
    ...     corpus = sg.read(demo_corpus(pathlib.Path(d) / "demo.jsonl", n_papers=20))
    >>> len(corpus), corpus.files[0].format, corpus.papers[0].venue.startswith("Synthetic")
    (20, 'jsonl', True)
    """
    import json

    corpus, _ = planted_corpus(n_papers, seed=seed, n_communities=n_communities)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in jsonl_records(corpus)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def truth_dict(truth: PlantedTruth) -> dict:
    """The planted truth as JSON-ready data (communities keyed by paper id)."""
    from dataclasses import asdict

    return asdict(truth)
