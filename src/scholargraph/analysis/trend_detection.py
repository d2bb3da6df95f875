"""Trends of topics, concepts, author keywords or MeSH descriptors over time: a statistical trend test per item
with false-discovery control, Kleinberg bursts, and one status per item.

**Periods.** ``period`` is ``"year"`` ('2021'), ``"quarter"`` ('2021-Q3') or ``"month"`` ('2021-07'). A paper is
placed in a period only when its date is precise enough: a year-only date cannot go into a quarter or a month,
so such papers are left out of sub-year series and counted in ``notes`` (as are papers without a year). Periods
run without gaps from the first to the last period with a paper.

**Exposure.** A share is counted among the papers that *have the field*: author-keyword trends divide by the
papers of the period that have author keywords, MeSH trends by those indexed with MeSH, concept trends by those
with extracted concepts, topic trends by those with a topic. (Dividing by all papers confuses a field's coverage
with the item's popularity: WoS author-keyword coverage rises from 44% to 87% over the years.) The series has,
per item and period, ``count`` (papers with the item), ``total`` (the exposure), ``share`` and its 95% Wilson
interval ``share_low`` .. ``share_high``. The table gives the share in the pooled first and last periods
(``share_first``, ``share_last``: :func:`windows`) and the item's peak: the run of periods holding a tenth of the
papers, the first and last windows among them (:func:`blocks`), where its share is highest (``peak_period``,
``share_peak``) and lowest (``low_period``, ``share_low_run``) -- a declining topic that was absent at both ends
of the range is one that peaked in between, and an emerging topic whose first and last shares are level is one
that rose again from a low in between: the table says when.

**The trend test.** Each item with at least ``min_support`` papers is tested for a linear trend in its share
across the periods: the Cochran-Armitage test (the score test of a binomial regression of counts on the period
index with the exposure as the number of trials), two-sided, its z and p-value; the p-values of all tested items
of a kind are adjusted with Benjamini-Hochberg (``q_value``). The status, one definition used by tables, text and
figures:

- ``emerging``: ``q_value < fdr`` and the share rises (z > 0);
- ``declining``: ``q_value < fdr`` and the share falls (z < 0);
- ``stable``: tested, no significant trend.

Items below ``min_support`` are not tested (their number is in ``notes``). On a corpus where no item passes the
test, ``settings["supported"]`` is False and the report says that period-level trends are not supported instead
of listing artefacts. Emerging items are ranked by their bursts: items still bursting in the last period first, then
by ``score`` = the largest burst strength x the papers of that burst (a burst of 2008 in 3 papers of a word found in
240 papers does not outrank COVID-19's 2020-2022 burst in 45), then by z; never by name.

**Kleinberg bursts** (Kleinberg 2002, "Bursty and hierarchical structure in streams", batched arrivals): state 0
emits relevant documents at the base rate ``p0 = R / D``, state 1 at ``p1 = min(s * p0, 0.9999)``; the cost of
state i at t is ``-ln[p_i^r_t (1 - p_i)^(d_t - r_t)]`` (the binomial coefficient is the same in both states),
entering state 1 costs ``gamma * ln(n)`` (n = number of periods), leaving it costs nothing. The optimal state
sequence is found by dynamic programming.

**No look-ahead.** Every figure as of period t uses only papers of periods <= t: the test and its FDR control in
``history`` (status as of every period), and the *online* burst state (the automaton solved on the prefix).

**Synonyms.** Author keywords are merged across spelling variants before counting: case, hyphens and spaces
("COVID-19", "covid 19", "Covid19"), English plurals when the singular occurs too ("neural networks"), and a
long form with its acronym where a keyword defines it ("coronavirus disease 2019 (COVID-19)"). The item is
named by its most frequent spelling; ``settings["merged_variants"]`` counts the merges.

>>> kleinberg([1, 1, 9, 9, 1], [10, 10, 10, 10, 10])
[0, 0, 1, 1, 0]
>>> from scholargraph.synthetic import planted_corpus, planted_annotations
>>> corpus, truth = planted_corpus(300, seed=0)
>>> res = trends(corpus, planted_annotations(corpus, truth), kind="topic")
>>> res.status(truth.bursting_topic), res.status(truth.declining_topic)
('emerging', 'declining')
>>> res.bursts.query("item == @truth.bursting_topic")[["start", "end"]].values.tolist()
[['2021', '2024']]
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_int, check_number, fail
from ..errors import ConfigError
from ..graph import schema
from ..model import PaperDate
from ..nlp.cleaning import mostly_upper
from ..nlp.display import DisplayVotes
from ._common import as_concept, concept_display, paper_key

if TYPE_CHECKING:
    from ..graph.kg import KnowledgeGraph
    from ..model import Corpus
    from ..nlp.annotations import Annotations

__all__ = [
    "PERIODS",
    "KINDS",
    "STATUSES",
    "TrendResult",
    "period_of",
    "paper_items",
    "time_series",
    "trend_test",
    "wilson_interval",
    "benjamini_hochberg",
    "kleinberg",
    "trends",
    "keyword_forms",
]

PERIODS = ("year", "quarter", "month")
KINDS = ("concept", "topic", "keyword", "mesh")
STATUSES = ("emerging", "declining", "stable")


@dataclass
class _Doc:
    id: str
    title: str
    year: int | None
    month: int | None
    precision: str | None
    items: dict[str, list[str]]  # item -> evidence sentences
    # item -> how strongly the paper has it (a concept's mention weight, a topic's share): which of a period's
    # papers are listed behind an item first
    weights: dict[str, float] = field(default_factory=dict)


def period_of(year: int | None, month: int | None, precision: str | None, period: str) -> str | None:
    """The period key of a date, or None when the date is not precise enough for that period.

    >>> period_of(2021, 7, "day", "quarter"), period_of(2021, None, "year", "month"), period_of(2021, 7, "month", "year")
    ('2021-Q3', None, '2021')
    """
    if year is None:
        return None
    if period == "year":
        return f"{year:04d}"
    if month is None or precision not in ("day", "month"):
        return None
    if period == "quarter":
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    return f"{year:04d}-{month:02d}"


def _period_range(first: str, last: str, period: str) -> list[str]:
    if period == "year":
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    if period == "quarter":
        y0, q0 = int(first[:4]), int(first[-1])
        y1, q1 = int(last[:4]), int(last[-1])
        return [f"{i // 4:04d}-Q{i % 4 + 1}" for i in range(y0 * 4 + q0 - 1, y1 * 4 + q1)]
    y0, m0 = int(first[:4]), int(first[5:7])
    y1, m1 = int(last[:4]), int(last[5:7])
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(y0 * 12 + m0 - 1, y1 * 12 + m1)]


def time_series(docs: list, period: str = "year") -> tuple[pd.DataFrame, list[str], list[str]]:
    """Long table (item, period, count, total, share, share_low, share_high) with every period for every item,
    the period list, and notes on papers left out. ``total`` is the exposure: papers of the period that have at
    least one item of this kind. Rows sorted by item then period.

    >>> from scholargraph.synthetic import planted_corpus
    >>> corpus, _ = planted_corpus(40)
    >>> ts, periods, notes = time_series(paper_items(corpus, kind="keyword"), "quarter")
    >>> notes[0].startswith("quarter series leave out") and "year-only" in notes[0]
    True
    """
    check_choice(period, "period", "time_series", PERIODS)
    columns = ["item", "period", "count", "total", "share", "share_low", "share_high"]
    placed, no_year, too_coarse, no_items = [], 0, 0, 0
    for d in docs:
        key = period_of(d.year, d.month, d.precision, period)
        if key is None:
            if d.year is None:
                no_year += 1
            else:
                too_coarse += 1
            continue
        if not d.items:
            no_items += 1
        placed.append((key, d))
    notes = []
    if too_coarse:
        notes.append(
            f"{period} series leave out {too_coarse} paper(s) whose date has year-only precision "
            f"(they cannot be placed in a {period}); they count in yearly series"
        )
    if no_year:
        notes.append(f"{no_year} paper(s) without a publication year are left out of every series")
    if no_items:
        notes.append(f"{no_items} dated paper(s) have none of these items and are not in the exposure")
    if not placed:
        return pd.DataFrame(columns=columns), [], notes
    periods = _period_range(min(k for k, _ in placed), max(k for k, _ in placed), period)
    index = {p: i for i, p in enumerate(periods)}
    total = np.zeros(len(periods), dtype=np.int64)
    counts: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(periods), dtype=np.int64))
    for key, d in placed:
        if d.items:
            total[index[key]] += 1
        for item in d.items:
            counts[item][index[key]] += 1
    items = sorted(counts)
    if not items:
        return pd.DataFrame(columns=columns), periods, notes
    C = np.stack([counts[i] for i in items])
    D = np.broadcast_to(total, C.shape)
    share = np.divide(C, D, out=np.zeros(C.shape), where=D > 0)
    low, high = wilson_interval(C, D)
    frame = pd.DataFrame(
        {
            "item": np.repeat(np.asarray(items, dtype=object), len(periods)),
            "period": np.tile(np.asarray(periods, dtype=object), len(items)),
            "count": C.ravel(),
            "total": D.ravel(),
            "share": share.ravel(),
            "share_low": low.ravel(),
            "share_high": high.ravel(),
        }
    )
    return frame, periods, notes


# an acronym in brackets: one word with two capitals or more ("(LLG)", "(IoT)", "(COVID-19)", "(mRNA)")
_BRACKET_ACRONYM = re.compile(r"[^\s:]*[A-Z][^\s:]*[A-Z][^\s:]*")
# "long (ACRONYM) rest": a parenthesised word of two capitals or more inside a keyword
_INNER_ACRONYM = re.compile(r"(.+?)\s*\(([^()\s]*[A-Z][^()\s]*[A-Z][^()\s]*)\)\s+([^()]+)")


def _before_long_form(text: str, acronym: str) -> str:
    """The words of ``text`` (followed by ``(acronym)``) before the long form, with their space: the long form is
    the fewest last words whose initials (of each hyphen piece) spell the acronym's capitals in order, starting
    with its first; all of ``text`` when none do ("coronavirus disease 2019 (COVID-19)").

    >>> _before_long_form("stochastic Landau-Lifshitz-Gilbert", "LLG"), _before_long_form("Internet of Things", "IoT")
    ('stochastic ', '')
    """
    capitals = [c.casefold() for c in acronym if c.isupper()]
    words = text.split()
    for k in range(1, len(words) + 1):
        initials = [p[0].casefold() for w in words[-k:] for p in re.split(r"[\-\u2010-\u2015]+", w) if p]
        if not initials or not capitals or initials[0] != capitals[0]:
            continue
        it = iter(initials)
        if all(c in it for c in capitals):
            return " ".join(words[:-k]) + (" " if k < len(words) else "")
    return ""


def keyword_forms(keywords: Iterable[str]) -> dict[str, str]:
    """Every keyword spelling (as written) -> the name of its synonym group: case, hyphen and space variants,
    English plurals whose singular occurs too, and a long form with the acronym it defines in parentheses (at
    the end, "coronavirus disease 2019 (COVID-19)", or inside, "Landau-Lifshitz-Gilbert (LLG) equation") are
    one group, named by its most frequent spelling (lower case; ties: the shortest, then the first in order)
    with the capitals most of its spellings write inside a word (:mod:`scholargraph.nlp.display`, as in a
    title: "COVID-19", "substance P", but "colombia"). A keyword written in capitals ("MAGNETIC MATERIALS", see
    :func:`~scholargraph.nlp.cleaning.mostly_upper`; "BOGOTA" where others write "Bogota"), and every keyword
    of a list written in capitals (WoS Keywords Plus: "HIV", "MORTALITY"), says nothing about capitals. A
    bracket that holds no acronym (one word with two capitals or more) is a qualifier: "bias (epidemiology)"
    and "prevalence (source: DeCS & MeSH)" are "bias" and "prevalence".

    >>> forms = keyword_forms(["COVID-19", "covid 19", "Covid19", "coronavirus disease 2019 (COVID-19)",
    ...                        "neural networks", "Neural network", "Neural network", "analysis"])
    >>> forms["covid 19"], forms["coronavirus disease 2019 (COVID-19)"], forms["neural networks"]
    ('COVID-19', 'COVID-19', 'neural network')
    """
    spellings = Counter(" ".join(str(k).split()) for k in keywords if str(k).strip())
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    def key(text: str) -> str:
        return re.sub(r"[\s\-\u2010-\u2015_]+", "", text.casefold().rstrip("."))

    keys: dict[str, str] = {}
    shown: dict[str, str] = {}  # the spelling that may name a group: a "long (SHORT)" keyword shows as SHORT
    for sp in spellings:
        m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", sp)
        if m and not _BRACKET_ACRONYM.fullmatch(m.group(2)):
            # a qualifier, no acronym: "bias (epidemiology)", "prevalence (source: DeCS & MeSH)" are the keyword
            # before it
            keys[sp] = key(m.group(1))
            shown[sp] = m.group(1)
            find(keys[sp])
            continue
        parts = [m.group(1), _before_long_form(m.group(1), m.group(2)) + m.group(2)] if m else [sp]
        # an acronym defined inside the keyword: "Landau-Lifshitz-Gilbert (LLG) equation" is both
        # "Landau-Lifshitz-Gilbert equation" and "LLG equation"
        if not m and (inner := _INNER_ACRONYM.fullmatch(sp)):
            head = _before_long_form(inner.group(1), inner.group(2))
            parts = [f"{inner.group(1)} {inner.group(3)}", f"{head}{inner.group(2)} {inner.group(3)}"]
            m = inner
        for part in parts:
            find(key(part))
        union(key(parts[0]), key(parts[-1]))
        keys[sp] = key(parts[-1]) if m else key(sp)
        shown[sp] = parts[-1]
    known = set(parent)
    for k in list(known):
        for suffix, repl in (("ies", "y"), ("es", ""), ("s", "")):
            if k.endswith(suffix) and not k.endswith("ss") and len(k) > len(suffix) + 2:
                single = k[: -len(suffix)] + repl
                if single in known:
                    union(k, single)
                    break
    votes: dict[str, Counter] = defaultdict(Counter)
    for sp, n in spellings.items():
        votes[find(keys[sp])][shown[sp].casefold()] += n
    names = {g: min(v.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] for g, v in votes.items()}
    # with the capitals most of its spellings give it inside a word ("COVID-19", "substance P"; a keyword's
    # first capitals are style, as in a title: nlp/display.py)
    capitals = DisplayVotes()
    # (a spelling in capitals, "BOGOTA" where others write "Bogota", votes nothing; one with a digit does:
    # "COVID-19"; in a list written in capitals none does)
    lettered = [sp for sp in spellings if any(c.isalpha() for c in sp)]
    in_caps = {sp for sp in lettered if not any(c.islower() for c in sp)}
    shouted_list = len(lettered) >= 10 and len(in_caps) >= 0.8 * len(lettered)
    has_lower = {sp.casefold() for sp in lettered if sp not in in_caps}
    voters: list[str] = []
    for sp, n in spellings.items():
        if sp in in_caps and (
            shouted_list or (sp.casefold() in has_lower and not any(c.isdigit() for c in sp))
        ):
            continue
        if not mostly_upper(sp):
            capitals.add(names[find(keys[sp])], shown[sp], in_title=True, weight=n)
            voters.append(sp)
    names = {g: capitals.display(name) for g, name in names.items()}
    names = _first_capitals(names, {sp: (find(keys[sp]), shown[sp], spellings[sp]) for sp in voters})
    return {sp: names[find(keys[sp])] for sp in spellings}


def _first_capitals(names: dict[str, str], voters: dict[str, tuple[str, str, int]]) -> dict[str, str]:
    """Group names with a first capital where the keywords give a word one far more often than they give any
    word in that place (first word or another): "Colombia" (396 of 399 spellings, where half the keywords start
    with a capital as a matter of style) but "mortality" (21 of 36). Test: the binomial tail of the word's
    capitalised spellings at the list's rate < 0.001. ``voters``: spelling -> (group, shown form, count)."""
    from scipy.stats import binom

    def plain(w: str) -> bool:  # a word whose capitals can only be its first letter's
        return w[:1].isalpha() and not any(c.isupper() for c in w[1:])

    rate = [[0, 0], [0, 0]]  # place (first word, another) -> [capitalised, all] spellings of plain words
    seen: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for g, text, n in voters.values():
        words, name = text.split(), names[g].split()
        for i, w in enumerate(words):
            if plain(w):
                rate[i > 0][0] += n * w[0].isupper()
                rate[i > 0][1] += n
                if len(words) == len(name) and w.casefold() == name[i].casefold():
                    seen[(g, i)][0] += n * w[0].isupper()
                    seen[(g, i)][1] += n
    out = dict(names)
    for (g, i), (k, n) in sorted(seen.items()):
        words = out[g].split()
        p = rate[i > 0][0] / rate[i > 0][1]
        if k and words[i].islower() and binom.sf(k - 1, n, p) < 0.001:
            words[i] = words[i][0].upper() + words[i][1:]
            out[g] = " ".join(words)
    return out


def paper_items(
    source: Corpus | KnowledgeGraph,
    annotations: Annotations | None = None,
    *,
    kind: str = "concept",
    min_topic_weight: float = 0.2,
) -> list:
    """One record per paper: id, title, date parts and the items it has (with evidence sentences).

    ``source`` is a KnowledgeGraph (Paper nodes with year/date/date_precision; MENTIONS, HAS_TOPIC, HAS_MESH
    edges; keywords property) or a Corpus (with ``annotations`` for concepts and topics). ``kind``: 'concept',
    'topic' (papers count for a topic when its weight >= ``min_topic_weight``), 'keyword' (author keywords,
    synonyms merged by :func:`keyword_forms`) or 'mesh' (MeSH descriptors). A concept is named as people read
    it (``Concept.display``: "COVID-19", "FePt"), which differs from its canonical name by case alone; so is a
    keyword group that is also a concept ("Colombia", "Trypanosoma cruzi").
    """
    check_choice(kind, "kind", "paper_items", KINDS)
    if hasattr(source, "papers"):
        docs = _items_from_corpus(source, annotations, kind, min_topic_weight)
    elif hasattr(source, "graph") or hasattr(source, "nodes"):
        docs = _items_from_graph(source, kind, min_topic_weight)
    else:
        raise fail("source", "paper_items", "a Corpus or a KnowledgeGraph", type(source).__name__)
    if kind == "keyword":
        forms = keyword_forms(k for d in docs for k in d.items)
        # a keyword that is also a concept is written as the concept is ("Colombia", "Trypanosoma cruzi", where
        # the keywords' Title Case leaves the first capitals undecided)
        shown = concept_display(None if hasattr(source, "papers") else source, annotations)
        forms = {k: as_concept(v, shown) for k, v in forms.items()}
        for d in docs:
            d.items = {forms[" ".join(k.split())]: [] for k in d.items if k.strip()}
    return docs


def _items_from_corpus(corpus: Any, ann: Any, kind: str, min_w: float) -> list[_Doc]:
    if kind in ("concept", "topic") and ann is None:
        raise ConfigError(
            f"The 'annotations' parameter of trends is needed for kind={kind!r} (from sg.extract); "
            "or use kind='keyword'."
        )
    labels = {t.id: t.label for t in ann.topics} if ann is not None else {}
    generic = {name for name, c in ann.concepts.items() if c.generic} if ann is not None else set()
    shown = concept_display(annotations=ann) if ann is not None else {}
    docs = []
    for p in corpus.papers:
        items: dict[str, list[str]] = {}
        weights: dict[str, float] = {}
        if kind == "concept":  # generic academic words ("approach", "task") are no trend
            for m in ann.mentions.get(p.id, []):
                if m.concept not in generic:
                    # as people read it ("COVID-19"; the display form differs from the name by case alone)
                    name = shown.get(m.concept, m.concept)
                    items[name] = [e.text for e in m.evidence]
                    weights[name] = m.weight
        elif kind == "topic":
            for t, w in ann.paper_topics.get(p.id, []):
                if w >= min_w:
                    items[labels.get(t, str(t))] = []
                    weights[labels.get(t, str(t))] = w
        elif kind == "mesh":
            for h in p.mesh:
                items[h.descriptor] = []
        else:
            for k in p.keywords:
                items[k] = []
        d = p.date
        docs.append(
            _Doc(
                p.id,
                p.title,
                d.year if d else None,
                d.month if d else None,
                d.precision if d else None,
                items,
                weights,
            )
        )
    return docs


def _items_from_graph(kg: Any, kind: str, min_w: float) -> list[_Doc]:
    from ._common import graph_of, node_name

    g = graph_of(kg)
    docs: dict[str, _Doc] = {}
    for n, d in g.nodes(data=True):
        if d.get(schema.LABEL) != schema.PAPER:
            continue
        date = PaperDate.parse_iso(d.get("date")) if d.get("date") else None
        year = d.get("year", date.year if date else None)
        precision = d.get("date_precision") or (date.precision if date else None)
        month = date.month if date else None
        items: dict[str, list[str]] = {}
        if kind == "keyword":
            items = {k: [] for k in d.get("keywords") or []}
        docs[n] = _Doc(paper_key(n), d.get("title") or "", year, month, precision, items)
    if kind != "keyword":
        want = {"concept": schema.MENTIONS, "topic": schema.HAS_TOPIC, "mesh": schema.HAS_MESH}[kind]
        for u, v, k, e in g.edges(keys=True, data=True):
            if k != want or u not in docs:
                continue
            if kind == "concept":
                if g.nodes[v].get("generic"):
                    continue
                node = g.nodes[v]
                name = node.get("display") or node.get("name") or node.get("key") or str(v)
                docs[u].items[name] = [
                    x.get("text", "") for x in e.get("evidence") or [] if isinstance(x, dict)
                ]
                docs[u].weights[name] = float(e.get("weight") or 0.0)
            elif kind == "mesh":
                docs[u].items[g.nodes[v].get("name") or g.nodes[v].get("key")] = []
            elif float(e.get("weight", 1.0)) >= min_w:
                name = node_name(g, v) if g.nodes[v].get("name") else _topic_name(g, v)
                docs[u].items[name] = []
                docs[u].weights[name] = float(e.get("weight", 1.0))
    return sorted(docs.values(), key=lambda x: x.id)


def _topic_name(g: Any, v: Any) -> str:
    d = g.nodes[v]
    for attr in ("topic_label", "name", "title"):
        if isinstance(d.get(attr), str):
            return d[attr]
    label = d.get(schema.LABEL)
    if isinstance(label, str) and label != schema.TOPIC:
        return label
    return str(d.get("key", v))


def wilson_interval(
    count: np.ndarray, total: np.ndarray, z: float = 1.959963984540054
) -> tuple[np.ndarray, np.ndarray]:
    """95% Wilson score interval of count/total (0..0 where total is 0)."""
    n = np.asarray(total, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(n > 0, count / np.where(n > 0, n, 1), 0.0)
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = np.where(n > 0, np.clip(centre - half, 0, 1), 0.0)
    high = np.where(n > 0, np.clip(centre + half, 0, 1), 0.0)
    return low, high


def trend_test(counts: np.ndarray, totals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cochran-Armitage test for a linear trend in proportions, for many items at once: ``counts`` (items x
    periods) out of ``totals`` (periods) with the period index as score. Returns (z, two-sided p-value) per
    item; an item present in every paper or in none has z = 0, p = 1.

    >>> z, p = trend_test(np.array([[1, 2, 4, 8, 16], [5, 5, 5, 5, 5]]), np.array([40, 40, 40, 40, 40]))
    >>> round(float(z[0]), 2), round(float(p[0]), 7), float(z[1]), float(p[1])
    (4.97, 7e-07, 0.0, 1.0)
    """
    R = np.atleast_2d(np.asarray(counts, dtype=float))
    n = np.asarray(totals, dtype=float)
    x = np.arange(len(n), dtype=float)
    N = n.sum()
    if N <= 0:
        return np.zeros(len(R)), np.ones(len(R))
    pbar = R.sum(axis=1) / N
    stat = R @ x - pbar * float(n @ x)
    sxx = float(n @ (x * x)) - float(n @ x) ** 2 / N
    var = pbar * (1 - pbar) * sxx
    ok = var > 0
    z = np.zeros(len(R))
    z[ok] = stat[ok] / np.sqrt(var[ok])
    from scipy.special import erfc

    p = np.where(ok, erfc(np.abs(z) / math.sqrt(2)), 1.0)
    return z, p


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values) of ``p``, in the same order.

    >>> [round(float(q), 4) for q in benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.2]))]
    [0.04, 0.0533, 0.0533, 0.2]
    """
    p = np.asarray(p, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(q, 1.0)
    return out


def _status(q: float, z: float, fdr: float) -> str:
    if q < fdr and z > 0:
        return "emerging"
    if q < fdr and z < 0:
        return "declining"
    return "stable"


# ------------------------------------------------------------------------------------------- Kleinberg bursts


def _rates(R: np.ndarray, D: np.ndarray, s: float) -> tuple[np.ndarray, np.ndarray]:
    p0 = R.sum(axis=-1) / max(D.sum(), 1)
    p0 = np.clip(p0, 1e-12, 1 - 1e-9)
    p1 = np.minimum(s * p0, 0.9999)
    return p0, p1


def _costs(R: np.ndarray, D: np.ndarray, p: np.ndarray) -> np.ndarray:
    p = p[..., None]
    return -(R * np.log(p) + (D - R) * np.log1p(-p))


def kleinberg(r, d, *, s: float = 2.0, gamma: float = 1.0) -> list[int]:
    """Two-state Kleinberg burst states (0 base, 1 burst) of r relevant out of d documents per period.

    Offline: the whole sequence decides every state. :func:`trends` uses the online version (each state from
    the prefix up to it); see the module docstring.

    >>> kleinberg([0, 0, 0], [5, 5, 5])
    [0, 0, 0]
    """
    check_number(s, "s", "kleinberg", low=1.0)
    check_number(gamma, "gamma", "kleinberg", low=0.0)
    R = np.asarray(r, dtype=float)
    D = np.asarray(d, dtype=float)
    if R.shape != D.shape or R.ndim != 1:
        raise ConfigError(
            f"The 'r' and 'd' parameters of kleinberg must be 1-d sequences of the same length, got {R.shape} "
            f"and {D.shape}."
        )
    if np.any(R > D) or np.any(R < 0):
        raise ConfigError("The 'r' parameter of kleinberg must have every r_t between 0 and d_t.")
    n = len(R)
    if n == 0 or R.sum() == 0:
        return [0] * n
    p0, p1 = _rates(R, D, s)
    c = np.stack([_costs(R, D, p0)[()], _costs(R, D, p1)[()]])  # (2, n)
    tau = gamma * math.log(n) if n > 1 else 0.0
    cost = np.array([c[0, 0], c[1, 0] + tau])
    back = np.zeros((n, 2), dtype=int)
    for t in range(1, n):
        stay0, from1to0 = cost[0], cost[1]
        to1_from0, stay1 = cost[0] + tau, cost[1]
        back[t, 0] = 0 if stay0 <= from1to0 else 1
        back[t, 1] = 0 if to1_from0 < stay1 else 1
        cost = np.array([min(stay0, from1to0) + c[0, t], min(to1_from0, stay1) + c[1, t]])
    state = 0 if cost[0] <= cost[1] else 1
    out = [state]
    for t in range(n - 1, 0, -1):
        state = int(back[t, state])
        out.append(state)
    return out[::-1]


def _online_states(R: np.ndarray, D: np.ndarray, s: float, gamma: float) -> tuple[np.ndarray, np.ndarray]:
    """For items x periods counts R and totals D: state at t of the automaton solved on periods <= t, and the
    cost saved by state 1 at t (with the prefix's rates). Both (items, periods)."""
    n_items, T = R.shape
    states = np.zeros((n_items, T), dtype=int)
    gain = np.zeros((n_items, T))
    for t in range(T):
        Rp, Dp = R[:, : t + 1], D[: t + 1]
        seen = Rp.sum(axis=1) > 0
        p0, p1 = _rates(Rp, Dp, s)
        c0, c1 = _costs(Rp, Dp, p0), _costs(Rp, Dp, p1)
        tau = gamma * math.log(t + 1) if t > 0 else 0.0
        a0, a1 = c0[:, 0], c1[:, 0] + tau
        for k in range(1, t + 1):
            a0, a1 = np.minimum(a0, a1) + c0[:, k], np.minimum(a0 + tau, a1) + c1[:, k]
        states[:, t] = np.where(seen & (a1 < a0), 1, 0)
        gain[:, t] = c0[:, t] - c1[:, t]
    return states, gain


# ---------------------------------------------------------------------------------------------------- trends


@dataclass
class TrendResult:
    """``series`` (item, period, count, total, share, share_low, share_high); ``table`` (one row per tested
    item as of ``as_of``: status, test statistics, bursts, supporting papers and evidence), ranked (see the
    module docstring); ``bursts`` (item, start, end, periods, strength, ongoing, supporting papers and evidence);
    ``history`` (item, period, status, bursting) — the status each item had as of every period; ``notes``;
    ``settings`` (``supported``: whether any item passes the trend test)."""

    series: pd.DataFrame
    table: pd.DataFrame
    bursts: pd.DataFrame
    history: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    def status(self, item: str) -> str | None:
        """The item's status as of ``settings['as_of']`` (None when it was not tested). ``item`` as the table
        writes it ("COVID-19") or in any other case ("covid-19"): keyword groups fold case, and the table writes
        a group as its most frequent form or as the concept it equals."""
        hit = self.table.loc[self.table["item"] == item, "status"]
        if hit.empty:
            hit = self.table.loc[
                self.table["item"].astype(str).str.casefold() == str(item).casefold(), "status"
            ]
        return None if hit.empty else str(hit.iloc[0])


TABLE_COLUMNS = ["item", "status", "n_papers", "first_period", "share_first", "share_last", "peak_period",
                 "share_peak", "low_period", "share_low_run", "z", "p_value", "q_value", "bursting",
                 "burst_strength", "score", "paper_ids", "paper_titles", "evidence"]  # fmt: skip
BURST_COLUMNS = ["item", "start", "end", "periods", "strength", "ongoing", "n_papers", "paper_ids",
                 "paper_titles", "evidence"]  # fmt: skip


def blocks(totals: np.ndarray, first: int, last: int, share: float = 0.1) -> list[tuple[int, int]]:
    """Consecutive runs of periods ``[a, b)`` over which an item's peak share is taken: the pooled first and
    last windows (``first`` and ``last`` periods, :func:`windows`), and between them runs that each hold at least
    ``share`` of the papers (a remainder below that joins the run before it; a middle holding less than that in
    all is no run). So the share of a year of 2 papers is never a peak, and the peak is never below the first
    and last shares the table gives next to it.

    >>> blocks(np.array([1, 1, 2, 10, 20, 30, 40]), 2, 1)
    [(0, 2), (2, 4), (4, 5), (5, 6), (6, 7)]
    >>> blocks(np.array([10, 1, 1, 10]), 1, 1)
    [(0, 1), (3, 4)]
    """
    n = len(totals)
    last = min(last, n - first)
    total = float(np.sum(totals))
    out: list[tuple[int, int]] = [(0, first)]
    start, acc = first, 0.0
    for t in range(first, n - last):
        acc += float(totals[t])
        if acc >= share * total and acc > 0:
            out.append((start, t + 1))
            start, acc = t + 1, 0.0
    if start < n - last and len(out) > 1:
        out[-1] = (out[-1][0], n - last)
    if last > 0:
        out.append((n - last, n))
    return out


# the fewest papers a pooled first or last window should hold (a share of 2 of 6 papers is no baseline)
MIN_WINDOW_PAPERS = 30


def windows(totals: np.ndarray, share: float = 0.1, min_papers: int = MIN_WINDOW_PAPERS) -> tuple[int, int]:
    """(first, last): how many periods the first and the last share pool -- the fewest periods at each end that
    hold at least ``share`` of the papers (a share of the one paper of 1978 says nothing), a third of the range
    at most, one at least; where a third of the range holds fewer than ``min_papers`` papers (a long thin tail:
    the bibx Scopus export's 1978-1993 held 6 of 580, and a topic's "33.3%" there was 2 papers), the window
    grows until it holds ``min_papers``, up to half the range (so the two never overlap).

    >>> windows(np.array([1, 1, 2, 10, 20, 30, 40]), min_papers=1), windows(np.array([10, 10, 10]), min_papers=1)
    ((2, 1), (1, 1))
    >>> windows(np.array([1, 1, 2, 10, 20, 30, 40]))  # 1978-1979 hold 2 papers: up to half the range (3)
    (3, 1)
    >>> windows(np.array([1, 1, 1, 1, 1, 1, 20, 20, 20, 20, 40, 40]), min_papers=10)
    (6, 1)
    """
    n, total = len(totals), float(np.sum(totals))
    cap, hard_cap = max(1, n // 3), max(1, n // 2)

    def count(seq: np.ndarray) -> int:
        acc = np.cumsum(seq)
        k = int(np.searchsorted(acc, share * total, side="left")) + 1 if total else 1
        k = max(1, min(k, cap))
        if total and acc[k - 1] < min(min_papers, total / 2):
            k = max(k, min(int(np.searchsorted(acc, min(min_papers, total / 2), side="left")) + 1, hard_cap))
        return k

    return count(np.asarray(totals)), count(np.asarray(totals)[::-1])


def _peak(
    counts: np.ndarray, runs: list[tuple[int, int]], totals: np.ndarray, names: list[str]
) -> dict[str, Any]:
    """The runs of periods (:func:`blocks`) where the item's share is highest and lowest (the earliest of equal
    ones; runs without papers left out)."""
    shares = np.array([counts[a:b].sum() for a, b in runs]) / np.where(totals > 0, totals, 1)
    held = np.flatnonzero(np.asarray(totals) > 0)
    if not len(held):
        return {
            "peak_period": "",
            "share_peak": float("nan"),
            "low_period": "",
            "share_low_run": float("nan"),
        }
    hi = int(held[np.argmax(shares[held])])
    lo = int(held[np.argmin(shares[held])])
    return {
        "peak_period": names[hi],
        "share_peak": round(float(shares[hi]), 10),
        "low_period": names[lo],
        "share_low_run": round(float(shares[lo]), 10),
    }


def trends(
    source: Corpus | KnowledgeGraph,
    annotations: Annotations | None = None,
    *,
    kind: str = "concept",
    period: str = "year",
    as_of: str | None = None,
    min_support: int = 10,
    fdr: float = 0.05,
    s: float = 2.0,
    gamma: float = 1.0,
    min_topic_weight: float = 0.2,
    max_evidence: int = 5,
) -> TrendResult:
    """Series, trend tests, online Kleinberg bursts and status of every item (see the module docstring).

    ``source``: Corpus (+ ``annotations`` for concepts and topics) or KnowledgeGraph. ``as_of``: period key at
    which the table is made (default: the last period); only papers up to it are used. ``min_support``: papers
    an item needs to be tested; ``fdr``: the false-discovery rate of the Benjamini-Hochberg control.
    ``max_evidence`` caps listed papers and sentences per row (the counts ``n_papers`` are complete).
    """
    check_choice(period, "period", "trends", PERIODS)
    check_int(min_support, "min_support", "trends", low=1)
    check_number(fdr, "fdr", "trends", low=0.0, high=1.0, low_open=True)
    check_int(max_evidence, "max_evidence", "trends", low=1)
    check_number(s, "s", "trends", low=1.0)
    check_number(gamma, "gamma", "trends", low=0.0)
    docs = paper_items(source, annotations, kind=kind, min_topic_weight=min_topic_weight)
    series, periods, notes = time_series(docs, period)
    settings: dict[str, Any] = {
        "kind": kind,
        "period": period,
        "min_support": min_support,
        "fdr": fdr,
        "test": "Cochran-Armitage linear trend in the share (exposure: papers with the field), two-sided; "
        "Benjamini-Hochberg across the tested items",
        "s": s,
        "gamma": gamma,
        "min_topic_weight": min_topic_weight,
        "max_evidence": max_evidence,
        "burst_model": "Kleinberg two-state, batched; online (state at t from periods <= t)",
    }
    if kind == "keyword":
        raw = {" ".join(k.split()) for d in _items_from_source_keywords(source) for k in d}
        settings["merged_variants"] = len(raw) - len({i for d in docs for i in d.items})
    if not periods or series.empty:
        settings.update(as_of=None, supported=False, tested=0, significant=0)
        return TrendResult(series, pd.DataFrame(columns=TABLE_COLUMNS), pd.DataFrame(columns=BURST_COLUMNS),
                           pd.DataFrame(columns=["item", "period", "status", "bursting"]), notes, settings)  # fmt: skip
    if as_of is None:
        as_of = periods[-1]
    if as_of not in periods:
        raise fail("as_of", "trends", f"one of the periods {periods[0]}..{periods[-1]} ({period})", as_of)
    settings["as_of"] = as_of
    T = periods.index(as_of) + 1
    periods = periods[:T]
    series = series[series["period"].isin(periods)].reset_index(drop=True)
    items = list(series["item"].iloc[:: len(periods)]) if len(series) else []
    R = series["count"].to_numpy().reshape(len(items), T).astype(float)
    D = series["total"].to_numpy()[:T].astype(float)
    cum = np.cumsum(R, axis=1)
    keep = np.where(cum[:, -1] >= min_support)[0]
    untested = len(items) - len(keep)
    if untested:
        notes.append(f"{untested} item(s) in fewer than {min_support} papers up to {as_of} are not tested")
    Rk = R[keep]
    states, gain = _online_states(Rk, D, s, gamma) if len(keep) else (np.zeros((0, T), int), np.zeros((0, T)))

    # status as of every period t (no look-ahead): test and FDR control over the items with enough support by t
    status_at = np.full((len(keep), T), "", dtype=object)
    for t in range(T):
        tested = np.where(cum[keep, t] >= min_support)[0]
        if not len(tested) or D[: t + 1].sum() == 0:
            continue
        z_t, p_t = trend_test(Rk[tested, : t + 1], D[: t + 1])
        q_t = benjamini_hochberg(p_t)
        for j, row in enumerate(tested):
            status_at[row, t] = _status(q_t[j], z_t[j], fdr)
    z, p = trend_test(Rk, D) if len(keep) else (np.zeros(0), np.zeros(0))
    q = benjamini_hochberg(p)

    by_item = _supporting_papers(docs, period, set(periods))

    def support(item: str, in_periods: set[str] | None = None) -> dict[str, Any]:
        lst = [(k, d) for k, d in by_item.get(item, []) if in_periods is None or k in in_periods]
        listed = [d for _, d in lst[:max_evidence]]
        sentences: list[str] = []
        for _, d in lst:
            for sent in d.items.get(item, []):
                if sent not in sentences:
                    sentences.append(sent)
                    break
            if len(sentences) >= max_evidence:
                break
        return {
            "n_papers": len(lst),
            "paper_ids": [d.id for d in listed],
            "paper_titles": [d.title for d in listed],
            "evidence": sentences,
        }

    w_first, w_last = windows(D)
    den_first, den_last = D[:w_first].sum(), D[T - w_last :].sum()
    settings["first_window"] = periods[:w_first]
    settings["last_window"] = periods[T - w_last :]
    # the shares' denominators: papers of the pooled windows that have the field (a share of 100% of 4 papers
    # is not one of 400)
    settings["first_window_papers"], settings["last_window_papers"] = int(den_first), int(den_last)
    runs = blocks(D, w_first, w_last)
    run_totals = np.array([D[a:b].sum() for a, b in runs])
    run_names = [periods[a] if b - a == 1 else f"{periods[a]}–{periods[b - 1]}" for a, b in runs]
    rows, hist, bursts = [], [], []
    for row_i, idx in enumerate(keep):
        item = items[idx]
        first = int(np.nonzero(R[idx])[0][0])
        for t in range(first, T):
            if status_at[row_i, t]:
                hist.append((item, periods[t], status_at[row_i, t], bool(states[row_i, t])))
        item_bursts = []
        t = 0
        while t < T:
            if states[row_i, t]:
                start = t
                while t < T and states[row_i, t]:
                    t += 1
                span = periods[start:t]
                item_bursts.append(
                    {
                        "item": item,
                        "start": span[0],
                        "end": span[-1],
                        "periods": len(span),
                        "strength": round(float(gain[row_i, start:t].sum()), 10),
                        "ongoing": t == T,
                        **support(item, set(span)),
                    }
                )
            else:
                t += 1
        bursts += item_bursts
        strength = max((b["strength"] for b in item_bursts), default=0.0)
        score = max((b["strength"] * b["n_papers"] for b in item_bursts), default=0.0)
        sup = support(item)
        rows.append(
            {
                "item": item,
                "status": _status(q[row_i], z[row_i], fdr),
                "n_papers": sup.pop("n_papers"),
                "first_period": periods[first],
                "share_first": round(float(R[idx, :w_first].sum() / den_first), 10)
                if den_first
                else float("nan"),
                "share_last": round(float(R[idx, T - w_last :].sum() / den_last), 10)
                if den_last
                else float("nan"),
                **_peak(R[idx], runs, run_totals, run_names),
                "z": round(float(z[row_i]), 10),
                "p_value": float(p[row_i]),
                "q_value": float(q[row_i]),
                "bursting": bool(states[row_i, T - 1]),
                "burst_strength": strength,
                "score": round(score, 10),
                **sup,
            }
        )
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    if len(table):
        order = {s_: i for i, s_ in enumerate(STATUSES)}
        # emerging: bursting now, then burst strength x the burst's papers, then z; declining: most negative z;
        # stable: by papers. Names last.
        emerging = table["status"] == "emerging"
        table = table.assign(
            _o=table["status"].map(order),
            _k0=np.where(emerging & table["bursting"], 0, 1),
            _k1=np.where(emerging, -table["score"], 0.0),
            _k2=np.where(table["status"] == "stable", -table["n_papers"], -table["z"].abs()),
            _k3=-table["n_papers"],
        )
        table = table.sort_values(["_o", "_k0", "_k1", "_k2", "_k3", "item"], kind="mergesort")
        table = table.drop(columns=["_o", "_k0", "_k1", "_k2", "_k3"]).reset_index(drop=True)
    n_sig = int((table["status"] != "stable").sum()) if len(table) else 0
    settings.update(tested=len(keep), significant=n_sig, supported=n_sig > 0, papers=int(D.sum()),
                    periods=T)  # fmt: skip
    if not n_sig:
        notes.append(
            f"{period}-level trends are not supported: 0 of {len(keep)} tested item(s) pass the trend test at "
            f"FDR {fdr:g} ({int(D.sum())} papers over {T} {period}s)"
        )
    bursts_df = pd.DataFrame(bursts, columns=BURST_COLUMNS)
    if len(bursts_df):
        bursts_df = bursts_df.assign(_score=-bursts_df["strength"] * bursts_df["n_papers"])
        bursts_df = bursts_df.sort_values(["_score", "start", "item"], kind="mergesort").drop(
            columns="_score"
        )
        bursts_df = bursts_df.reset_index(drop=True)
    history = pd.DataFrame(hist, columns=["item", "period", "status", "bursting"])
    return TrendResult(series, table, bursts_df, history, notes, settings)


def _items_from_source_keywords(source: Any) -> list[list[str]]:
    """The raw author keywords per paper (before synonyms are merged), for the count of merged variants."""
    if hasattr(source, "papers"):
        return [list(p.keywords) for p in source.papers]
    from ._common import graph_of

    return [list(d.get("keywords") or []) for _, d in graph_of(source).nodes(data=True)
            if d.get(schema.LABEL) == schema.PAPER]  # fmt: skip


def _supporting_papers(docs: list[_Doc], period: str, allowed: set[str]) -> dict[str, list[tuple[str, _Doc]]]:
    """item -> (period, paper) of the papers that have it in the allowed periods: most recent first, and within
    a period the papers that have the item most strongly first (a concept's mention weight, a topic's share;
    then the paper id). By id alone, the five papers listed behind a topic of 2,279 WoS papers were five of
    2022 that happened to sort last, a film review and a quinoa protein study among them."""
    by_item: dict[str, list[tuple[str, float, _Doc]]] = defaultdict(list)
    for d in docs:
        key = period_of(d.year, d.month, d.precision, period)
        if key in allowed:
            for item in d.items:
                by_item[item].append((key, d.weights.get(item, 0.0), d))
    out: dict[str, list[tuple[str, _Doc]]] = {}
    for item, lst in by_item.items():
        lst.sort(key=lambda kwd: (kwd[0], kwd[1], kwd[2].id), reverse=True)
        out[item] = [(k, d) for k, _, d in lst]
    return out
