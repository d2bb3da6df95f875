"""The output of extraction: :class:`Annotations` (concepts, mentions with evidence, aliases, topics).

Plain data that saves to and loads from JSON byte-identically (keys sorted, lists in a fixed order), so two
runs with the same inputs and settings compare equal as files.

>>> ann = Annotations()
>>> ann.concepts["graph neural network"] = Concept("graph neural network", kind="keyphrase",
...     surface_forms=["graph neural networks"])
>>> ann.mentions["doi:10.1/x"] = [Mention("graph neural network", count=1,
...     evidence=[Evidence(sentence=0, start=0, end=21, text="Graph neural networks rock.")])]
>>> Annotations.from_json(ann.to_json()) == ann
True
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Evidence", "Mention", "Concept", "Topic", "Annotations", "CONCEPT_KINDS"]

# Every Concept has one of these kinds.
CONCEPT_KINDS = ("keyphrase", "dataset", "method", "task", "metric", "code", "organization", "entity")


@dataclass(frozen=True)
class Evidence:
    """Where a concept was said in a paper's text (``Paper.text()``): sentence index, character offsets of the
    mention in that text, and the sentence itself."""

    sentence: int
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A paper mentions a concept ``count`` times; ``weight`` ranks it in that paper (TF-IDF x position x
    keyword prior: :mod:`.ranking`). ``inferred``: how many of those occurrences read an acronym the paper does not define itself, with the one long form
    the corpus gives it (see :mod:`.acronyms`); 0 when every occurrence is the paper's own wording."""

    concept: str
    count: int = 1
    weight: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)
    inferred: int = 0


@dataclass
class Concept:
    """A canonical concept (lemmatised, lower-case) with its kind, every surface form seen, and its aliases
    (e.g. the acronym 'kan' for 'kolmogorov-arnold network'). ``df`` = number of papers mentioning it.

    ``termhood``: how much the concept is a term of the corpus' field rather than a word of general or academic
    English (see :mod:`.termhood`; None when not scored); ``generic``: the termhood filter's decision (True =
    generic: kept only when the filter is set to down-weight, with its weights scaled down); ``display``: the name
    with the capitals its papers write ("FePt", "COVID-19", "Chagas"; :mod:`.display`), None when that is the
    name itself."""

    name: str
    kind: str = "keyphrase"
    surface_forms: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    df: int = 0
    termhood: float | None = None
    generic: bool = False
    display: str | None = None

    @property
    def shown(self) -> str:
        """The name as people read it: ``display`` (the capitals the papers write: "FePt", "COVID-19";
        :mod:`.display`) or the name."""
        return self.display or self.name


@dataclass
class Topic:
    """A topic: id, readable label made of its top concepts, (concept, weight) pairs, and ``papers``: the ids of
    its highest-weight papers (the papers to cite for it), best first."""

    id: int
    label: str
    top_concepts: list[tuple[str, float]] = field(default_factory=list)
    papers: list[str] = field(default_factory=list)


# fields added after the first release: left out of the JSON while they hold their default, so an
# annotations.json written before them saves back byte-identically, and old files load (the defaults apply)
_OPTIONAL = {"inferred": 0, "termhood": None, "generic": False, "papers": [], "display": None}


def _plain(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in asdict(obj).items() if k not in _OPTIONAL or v != _OPTIONAL[k]}


@dataclass
class Annotations:
    """Everything extraction produces for a corpus.

    - ``concepts``: canonical name -> Concept
    - ``mentions``: paper id -> list of Mention (sorted by concept name)
    - ``aliases``: short form (lower case) -> canonical long form (the corpus-wide acronym table)
    - ``topics``: list of Topic; ``paper_topics``: paper id -> list of (topic id, weight), weight-descending
    - ``settings``: model name and version, package version, seed, number of topics and how it was chosen, ...
    - ``skipped``: paper id -> why extraction did not read it (no title or abstract; another language)
    """

    concepts: dict[str, Concept] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)
    paper_topics: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    def top_concepts(self, paper_id: str, n: int = 10) -> list[str]:
        """The paper's n concepts with the highest weight (:mod:`.ranking`; ties broken by name)."""
        ms = sorted(self.mentions.get(paper_id, []), key=lambda m: (-m.weight, m.concept))
        return [m.concept for m in ms[:n]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "concepts": {k: _plain(v) for k, v in sorted(self.concepts.items())},
            "mentions": {
                pid: [_plain(m) for m in sorted(ms, key=lambda m: m.concept)]
                for pid, ms in sorted(self.mentions.items())
            },
            "aliases": dict(sorted(self.aliases.items())),
            "topics": [_plain(t) for t in sorted(self.topics, key=lambda t: t.id)],
            "paper_topics": {pid: [list(x) for x in v] for pid, v in sorted(self.paper_topics.items())},
            "settings": self.settings,
            "skipped": dict(sorted(self.skipped.items())),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotations:
        return cls(
            concepts={k: Concept(**v) for k, v in data.get("concepts", {}).items()},
            mentions={
                pid: [
                    Mention(
                        m["concept"],
                        m["count"],
                        m["weight"],
                        [Evidence(**e) for e in m["evidence"]],
                        m.get("inferred", 0),
                    )
                    for m in ms
                ]
                for pid, ms in data.get("mentions", {}).items()
            },
            aliases=dict(data.get("aliases", {})),
            topics=[
                Topic(t["id"], t["label"], [tuple(x) for x in t["top_concepts"]], list(t.get("papers", [])))
                for t in data.get("topics", [])
            ],
            paper_topics={
                pid: [(int(t), float(w)) for t, w in v] for pid, v in data.get("paper_topics", {}).items()
            },
            settings=dict(data.get("settings", {})),
            skipped=dict(data.get("skipped", {})),
        )

    @classmethod
    def from_json(cls, text: str) -> Annotations:
        return cls.from_dict(json.loads(text))
