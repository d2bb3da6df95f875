"""Concept weights (TF-IDF) and topics (NMF) over the papers' canonical concepts.

- :func:`tfidf_matrix`: scikit-learn's ``TfidfTransformer`` (smooth idf, sublinear tf, l2 rows) over the
  precomputed concept counts of each paper; the weight of a Mention is its cell.
- :func:`fit_topics`: NMF (``init="nndsvda"``, deterministic) over the TF-IDF rows restricted to concepts
  seen in at least two papers and at most half of them (at most ``max_vocab``, most frequent first). Topic 0 is the topic with
  the largest total weight; a topic's label is its three top concepts, skipping a concept nested in one already
  taken or holding it (:func:`topic_label`: "domain wall, nanowire, ..." rather than "domain wall, domain wall
  motion, ..."). It is fitted on the papers with at
  least ``MIN_FIT_CONCEPTS`` distinct concepts; shorter ones (a title without abstract) are placed on the
  fitted topics (NMF with the topics fixed), as :func:`assign_topics` places papers outside a sample.

Choosing the model (``n_topics=None``): *topic coherence*. For each candidate k in
``candidate_ks(n_papers)`` (2 up to about sqrt(n_papers/2), capped at 20) and each row weighting
(:data:`WEIGHTINGS`: TF-IDF rows of unit length, or as counted when the input rows are not of unit length
already) NMF is fitted on all papers and refitted ``REFITS`` times on subsamples of ``REFIT_SHARE`` of them
(nndsvda, no randomness; the subsamples drawn from the seed; from ``UNSTABLE_BELOW`` fitted papers on), and
each fit's top-10 concepts per topic are scored by their mean pairwise NPMI over the whole corpus's paper
co-occurrence (Bouma 2009; the measure topic-coherence studies found to agree with human judgement). A candidate's NPMI is the mean over its fits. The most coherent
candidate wins among those with topic diversity >= ``MIN_DIVERSITY`` and no topic dominant in more than
``MAX_TOPIC_SHARE`` of the papers; candidates whose NPMI differs from the best by less than the fits' own noise
(``TIE_SE`` standard errors of a difference of two means, from the median spread of the candidates' fits;
at least ``NPMI_TIE``) are equally coherent, and of them the one whose largest topic is smallest wins (ties: the
smaller k, then unit rows); the scores of all candidates go into the settings, with ``topic_stability``: how
far the chosen candidate's topics reappear in its refits (mean Jaccard of the matched topics' top-10 concepts).
With ``n_topics`` given, only the weighting is chosen.

Why refits: one fit per candidate made the choice a coin toss. Leaving 3% of the papers out at random (nearly
the same corpus) gave 5 different models in 8 samples of the bibx Scopus export (the all-papers choice in 2)
and 3 in 8 of the WoS set (5): one fit's NPMI moves with the sample by more than neighbouring k differ (a
candidate's fits spread by 0.02-0.07). Averaged, with the tie measured, the same samples give 3 models on
Scopus (the all-papers choice, k = 15, in 5) and 1 on WoS (k = 20 in 8 of 8), at about four times the fitting
work (WoS: 8.6 s per choice on one thread against 2.3 s; the candidates run on up to ``SWEEP_THREADS`` threads,
5.5 s on 2 cores) -- ``python scripts/topic_k_stability.py STORE``.
Stability as the criterion itself was tried first: on these corpora it always preferred k=2, the coarsest
split.

>>> import numpy as np
>>> counts = [{"gnn": 3, "graph": 1}, {"gnn": 1, "node": 2}, {"cnn": 2, "image": 3}, {"image": 1, "cnn": 1}]
>>> X, vocab = tfidf_matrix(counts)
>>> vocab
['cnn', 'gnn', 'graph', 'image', 'node']
>>> model = fit_topics(X, vocab, n_topics=2, seed=0)
>>> sorted(t.label for t in model.topics)
['gnn, node, graph', 'image, cnn']
>>> candidate_ks(48), candidate_ks(3000)
([2, 3, 4, 5], [2, 3, 4, 5, 6, 8, 10, 12, 15, 20])
"""

from __future__ import annotations

import math
import os
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from .annotations import Topic
from .termhood import DEFAULT_MIN_SCORE

__all__ = [
    "tfidf_matrix",
    "fit_topics",
    "assign_topics",
    "candidate_ks",
    "dominant_topics",
    "topic_diversity",
    "npmi_coherence",
    "topic_agreement",
    "TopicModel",
    "TOPICS_VERSION",
    "topic_label",
    "label_order",
    "LABEL_RULE",
    "distinct_terms",
    "nested_in_any",
]

_GRID = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20)
# bump when the topic model or the choice of k changes: part of the topic cache key
TOPICS_VERSION = "10"
SELECTION_ITER = 100
# papers cited per topic; secondary topics of a paper; below this many papers topics are flagged unstable
TOPIC_PAPERS = 5
SECONDARY_MIN_SHARE = 0.25
SECONDARY_OF_DOMINANT = 0.5
UNSTABLE_BELOW = 100
# a paper gets a topic only when the topic accounts for at least this much of its concept vector: the length of
# the topic's part of the reconstruction (W[i, t] * |H[t]|) over the length of the paper's TF-IDF row (every
# concept, in the topics' row weighting). Shares alone gave every paper a topic, whatever little of it the
# topics explain: on the WoS set a mango-extraction paper sat in an astrocyte topic, a Monte Carlo collimator
# study in "Colombia, Bogota, Latin America", Kant and Fichte in a Global Burden of Disease topic; by reading
# samples per band of this fit, below 0.03 the topic was wrong for most papers (WoS and the bibx Scopus export)
MIN_TOPIC_FIT = 0.03
MIN_DIVERSITY = 0.7
# coverage: a candidate whose one topic is the dominant topic of more than this share of papers is a catch-all
MAX_TOPIC_SHARE = 0.5
# candidates this close to the most coherent one are equally coherent, at the least: among them the one whose
# largest topic is smallest wins -- on the WoS set k=5 (NPMI 0.3374, one topic the dominant one of 42% of the
# papers) and k=15 (0.3367, 31%) were a coin toss for the report's topics
NPMI_TIE = 0.01
# each candidate is also fitted on REFITS subsamples of REFIT_SHARE of the papers; its NPMI is the mean over
# its fits, and NPMI differences below TIE_SE standard errors of a difference (the candidates' median spread)
# are ties. 1.5: of 1, 1.5 and 2 tried on 3%-smaller samples of WoS and Scopus, the smallest under which most
# samples chose the same model on both (Scopus: 4 of 8 at 1, 6 of 8 at 1.5; module docstring)
REFITS = 4
REFIT_SHARE = 0.8
TIE_SE = 1.5
# the candidates are fitted on up to this many threads (one per core): 2,000 WoS papers 4.5 s -> 3.1 s on 2 cores
SWEEP_THREADS = 4
# the row weightings of the TF-IDF matrix NMF is fitted on, chosen by coherence like k (model selection): "l2"
# (every paper weighs the same) and "none" (TF-IDF as counted: a paper with more concepts weighs more; on the
# WoS set its topics' NPMI is 0.31 against 0.25 at k=12, the long papers' concepts co-occurring more reliably)
WEIGHTINGS = ("l2", "none")
WEIGHTING_RULE = (
    "NMF over TF-IDF rows either of unit length (l2) or as counted (none), whichever is more coherent "
    "(chosen with k)"
)
# papers with fewer distinct concepts than this (a title alone) are not fitted on, only placed on the topics
# (on the WoS set 1,040 of 6,018 papers have no abstract: fitted on, they pulled NMF's components onto their
# two or three concepts and the topics' NPMI fell from 0.25 to 0.07); unless fewer than MIN_FIT_PAPERS are left
MIN_FIT_CONCEPTS = 10
MIN_FIT_PAPERS = 20


def tfidf_matrix(
    counts: Sequence[Mapping[str, int]], norm: str | None = "l2"
) -> tuple[sparse.csr_matrix, list[str]]:
    """(papers x concepts TF-IDF matrix, sorted concept vocabulary) from per-paper concept counts; rows
    l2-normalised unless ``norm=None``."""
    from sklearn.feature_extraction.text import TfidfTransformer

    vocab = sorted({c for row in counts for c in row})
    col = {c: j for j, c in enumerate(vocab)}
    indptr, indices, data = [0], [], []
    for row in counts:
        for c in sorted(row, key=col.__getitem__):
            indices.append(col[c])
            data.append(float(row[c]))
        indptr.append(len(indices))
    m = sparse.csr_matrix((data, indices, indptr), shape=(len(counts), len(vocab)), dtype=np.float64)
    if m.shape[1] == 0:
        return m, vocab
    return TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm=norm).fit_transform(m).tocsr(), vocab


def candidate_ks(n_papers: int) -> list[int]:
    """Numbers of topics tried when choosing automatically: 2 .. min(20, round(sqrt(n_papers / 2)))."""
    kmax = max(2, min(20, round(math.sqrt(max(n_papers, 0) / 2))))
    return [k for k in _GRID if k <= kmax]


@dataclass
class TopicModel:
    """Topics, per-paper topic shares (rows of the input, each summing to 1, or empty) and how k was chosen;
    ``components`` (topics x ``columns``, NMF's H) and ``columns`` (the vocabulary indices the topics are over)
    let :func:`assign_topics` place papers the model was not fitted on."""

    topics: list[Topic]
    paper_topics: list[list[tuple[int, float]]]
    info: dict[str, Any] = field(default_factory=dict)
    components: Any = None
    columns: list[int] | None = None


def _nmf(X: Any, k: int, *, init: str, seed: int, max_iter: int) -> Any:
    from sklearn.decomposition import NMF

    model = NMF(n_components=k, init=init, random_state=seed, max_iter=max_iter, tol=1e-4)
    with _quiet():
        W = model.fit_transform(X)
    return W, model.components_


_QUIET = threading.local()


@contextmanager
def _quiet() -> Iterator[None]:
    """NMF's expected warnings silenced. ``warnings.catch_warnings`` swaps one process-wide filter list and is not
    thread-safe: the sweep's threads run inside the one context their parent opened (``_QUIET.on``)."""
    from sklearn.exceptions import ConvergenceWarning

    if getattr(_QUIET, "on", False):
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        # sklearn's reconstruction error of an exact fit (a tiny corpus) can round below zero before its sqrt
        warnings.filterwarnings("ignore", "invalid value encountered in sqrt", RuntimeWarning)
        yield


def npmi_coherence(B: sparse.csc_matrix, H: np.ndarray, n: int, top_n: int = 10) -> float:
    """Mean over topics of the mean NPMI of the top concepts' pairs, from document co-occurrence (B: binary
    papers x concepts). A pair that never co-occurs scores -1."""
    scores = []
    for row in H:
        top = np.argsort(-row, kind="stable")[:top_n]
        sub = B[:, top]
        co = np.asarray((sub.T @ sub).todense(), dtype=np.float64)
        p = np.diag(co) / n
        vals = []
        for a in range(len(top)):
            for b in range(a + 1, len(top)):
                if co[a, b] == 0:
                    vals.append(-1.0)
                    continue
                pab = co[a, b] / n
                vals.append(1.0 if pab >= 1 else math.log(pab / (p[a] * p[b])) / -math.log(pab))
        scores.append(float(np.mean(vals)) if vals else 0.0)
    return float(np.mean(scores))


def fit_topics(
    X: sparse.csr_matrix,
    vocab: Sequence[str],
    *,
    n_topics: int | None = None,
    seed: int = 0,
    min_df: int = 2,
    max_df: float = 0.5,
    max_vocab: int = 2000,
    max_iter: int = 300,
    label_size: int = 3,
    top_n: int = 10,
) -> TopicModel:
    """Topics of a papers x concepts TF-IDF matrix (see the module docstring). Deterministic for a seed."""
    from threadpoolctl import threadpool_limits

    # one BLAS thread: many small products, where threads only add contention (and run-to-run noise)
    with threadpool_limits(1):
        return _fit_topics(X, vocab, n_topics, seed, min_df, max_df, max_vocab, max_iter, label_size, top_n)


def topic_label(concepts: Sequence[str], size: int = 3) -> str:
    """The first ``size`` concepts, best first, skipping one whose words hold, or sit inside, the words of a concept
    taken already, or chaining with it into one phrase (:func:`distinct_terms`): a label names three things, not
    one thing three ways.

    >>> topic_label(["landau-lifshitz-gilbert", "landau-lifshitz-gilbert equation", "magnetization", "damping"])
    'landau-lifshitz-gilbert, magnetization, damping'
    >>> topic_label(["spin torque", "spin transfer", "spin transfer torque", "film", "thin film", "domain wall"])
    'spin torque, spin transfer, film'
    """
    return ", ".join(distinct_terms(concepts, size))


# a topic's label names its highest-weight concepts, a single word below this termhood (log10 of its corpus over
# its English frequency: "plane", "patient", "population", "age": the score below which a common single word is
# generic, .termhood) counted at LABEL_WEAK_FACTOR of its weight: it gives way to a specific concept nearly as
# strong, not to any concept further down the topic
LABEL_MIN_TERMHOOD = DEFAULT_MIN_SCORE
LABEL_WEAK_FACTOR = 0.5
LABEL_RULE = (
    f"a topic is named by its three highest-weight concepts (none a piece of another), a single word of termhood "
    f"below {LABEL_MIN_TERMHOOD} counted at {LABEL_WEAK_FACTOR} of its weight"
)


def label_order(top: Sequence[tuple[str, float]], termhood: Mapping[str, float | None]) -> list[str]:
    """A topic's concepts for its label (:func:`topic_label`), best first: by weight, a single word of termhood
    below :data:`LABEL_MIN_TERMHOOD` at :data:`LABEL_WEAK_FACTOR` of its weight (ties: the topic's order).

    >>> label_order([("magnetic field", 9.6), ("plane", 5.2), ("nanoparticle", 4.4)], {"plane": 1.3, "nanoparticle": 3.2})
    ['magnetic field', 'nanoparticle', 'plane']
    """

    def weight(name: str, w: float) -> float:
        t = termhood.get(name)
        return w * LABEL_WEAK_FACTOR if " " not in name and t is not None and t < LABEL_MIN_TERMHOOD else w

    order = sorted(range(len(top)), key=lambda i: (-weight(*top[i]), i))
    return [top[i][0] for i in order]


def relabel(label: str, concepts: Mapping[str, Any]) -> str:
    """A :func:`topic_label` ``label`` with each of its concepts as people read it (``concepts[name].shown``:
    "COVID-19", not "covid-19"); a part that is no concept name stays as it is."""
    return ", ".join(concepts[c].shown if c in concepts else c for c in label.split(", "))


def distinct_terms(terms: Iterable[str], size: int) -> list[str]:
    """The first ``size`` of ``terms`` (best first), skipping a term that is a piece of the same phrase as one
    taken already (:func:`nested_in_any`; the rule of :func:`topic_label`, also used for the communities' labels).

    >>> distinct_terms(["multicriteria decision analysis", "multicriteria decision", "decision analysis", "mcda"], 2)
    ['multicriteria decision analysis', 'mcda']
    >>> distinct_terms(["domain wall", "nanowire", "wall motion", "spin-transfer torque", "spin transfer"], 3)
    ['domain wall', 'nanowire', 'spin-transfer torque']
    >>> distinct_terms(["astrocytes", "astrocyte", "gbd", "global burden of disease study", "covid-19"], 3)
    ['astrocytes', 'gbd', 'covid-19']
    >>> distinct_terms(["trypanosoma cruzi", "t. cruzi", "chagas disease", "t. rangeli"], 3)
    ['trypanosoma cruzi', 'chagas disease', 't. rangeli']
    >>> distinct_terms(["latin america", "latin american", "coronavirus disease 2019"], 2)
    ['latin america', 'coronavirus disease 2019']
    """
    taken: list[str] = []
    for term in terms:
        if nested_in_any(term, taken):
            continue
        taken.append(term)
        if len(taken) == size:
            break
    return taken


def nested_in_any(term: str, others: Iterable[str]) -> bool:
    """``term`` and one of ``others`` are pieces of one phrase: the words of one are a run of the other's ("spin
    transfer" in "spin transfer torque"; hyphens count as spaces, a final -s of a word is ignored: "astrocytes"
    and "astrocyte" are one term, and so is the -n of a place's adjective: "Latin American"), the end of one is
    the start of the other ("domain wall" and "wall motion" of "domain wall motion"), one is a one-word acronym
    of the other's initials ("gbd" of "global burden of disease study"), or one abbreviates a word of the other
    ("t. cruzi", "trypanosoma cruzi")."""
    w = _words(term)
    return any(
        _nested(w, o)
        or _nested(o, w)
        or _chained(w, o)
        or _chained(o, w)
        or _initials(w, o)
        or _initials(o, w)
        or _abbreviated(w, o)
        for o in map(_words, others)
    )


def _words(term: str) -> tuple[str, ...]:
    """The words of ``term`` without a final -s, or the -n of a place's adjective ("latin american" is "latin
    america", "colombian" "colombia")."""
    return tuple(
        x[:-1] if (len(x) > 3 and x.endswith("s")) or (len(x) > 4 and x.endswith("an")) else x
        for x in term.lower().replace("-", " ").split()
    )


def _abbreviated(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One names the other with an abbreviated word ("t. cruzi" and "trypanosoma cruzi", "e. coli"): the same
    number of words, at least one abbreviated (ending in "." and starting the other's word), the rest equal."""
    if len(a) != len(b) or a == b:
        return False
    for x, y in zip(a, b, strict=True):
        if (
            x != y
            and not (x.endswith(".") and y.startswith(x[:-1]))
            and not (y.endswith(".") and x.startswith(y[:-1]))
        ):
            return False
    return True


# words an acronym skips ("global burden of disease": GBD)
_ACRONYM_SKIP = frozenset({"of", "and", "the", "in", "for", "on", "to", "a", "an"})


def _initials(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` is one word of 2-6 letters spelling the initials of the first words of ``long``."""
    if len(short) != 1 or len(long) < 2 or not 2 <= len(short[0]) <= 6 or not short[0].isalpha():
        return False
    initials = "".join(x[0] for x in long if x not in _ACRONYM_SKIP)
    return len(initials) >= len(short[0]) and initials.startswith(short[0])


def _nested(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    """The words of ``small`` are a contiguous run of the words of ``big``."""
    n = len(small)
    return n <= len(big) and any(big[i : i + n] == small for i in range(len(big) - n + 1))


def _chained(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The last words of ``a`` are the first words of ``b`` (at least one, not all of either)."""
    return any(a[-k:] == b[:k] for k in range(1, min(len(a), len(b))))


def _fit_topics(
    X: sparse.csr_matrix,
    vocab: Sequence[str],
    n_topics: int | None,
    seed: int,
    min_df: int,
    max_df: float,
    max_vocab: int,
    max_iter: int,
    label_size: int,
    top_n: int,
) -> TopicModel:
    n_rows = X.shape[0]
    empty = TopicModel([], [[] for _ in range(n_rows)], {"n_topics": 0, "n_topics_chosen_by": "no data"})
    if n_rows == 0 or X.shape[1] == 0:
        return empty
    df = np.asarray((X > 0).sum(axis=0)).ravel()
    cols = [j for j in range(X.shape[1]) if min_df <= df[j] <= max(min_df, max_df * n_rows)]
    if len(cols) < 4:
        cols = list(range(X.shape[1]))
    cols = sorted(sorted(cols, key=lambda j: (-df[j], vocab[j]))[:max_vocab])
    # the row weightings tried (rows already of unit length: only one); l2 over the whole row, then the columns
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    unit = bool(np.allclose(norms[norms > 0], 1.0))
    mats = {w: (_l2_rows(X) if w == "l2" else X)[:, cols].tocsr() for w in (("l2",) if unit else WEIGHTINGS)}
    rows = np.flatnonzero(np.asarray(mats["l2"].getnnz(axis=1)).ravel() > 0)
    if len(rows) < 2:
        return empty
    # the model is fitted on the papers with some text to go on; the short ones (a title alone) get their
    # shares from the fitted topics afterwards
    short = np.asarray(X.getnnz(axis=1)).ravel()[rows] < MIN_FIT_CONCEPTS
    if len(rows) - int(short.sum()) < MIN_FIT_PAPERS:
        short[:] = False
    all_rows, rows = rows, rows[~short]
    kmax_data = min(len(rows) - 1, len(cols) - 1)
    info: dict[str, Any] = {
        "topic_vocabulary": len(cols),
        "topic_min_df": min_df,
        "topic_max_df": max_df,
        "topic_fit_papers": int(len(rows)),
        "topic_fit_rule": (
            f"fitted on the papers with >= {MIN_FIT_CONCEPTS} distinct concepts ({len(rows)}); the "
            f"{int(short.sum())} shorter ones (mostly a title alone) placed on the fitted topics"
        ),
    }
    if n_topics is None:
        ks = [k for k in candidate_ks(len(rows)) if k <= kmax_data] or [max(1, min(2, kmax_data))]
    elif n_topics < 1:
        from ..errors import ConfigError

        raise ConfigError(f"n_topics: must be a positive integer or None (automatic); got {n_topics!r}")
    else:
        ks = [max(1, min(n_topics, kmax_data))]
    B = (mats["l2"][rows] > 0).astype(np.float64).tocsc()
    if len(mats) * len(ks) == 1:  # nothing to choose from
        sweep, (weighting, k) = {}, ("l2", ks[0])
    else:
        subs = _subsamples(len(rows), max(ks), seed)
        fitted = {w: M[rows].tocsr() for w, M in mats.items()}
        todo = [(w, c) for w in fitted for c in ks]
        # the candidates are independent fits: on threads (NMF's updates and scipy's products release the GIL),
        # each with its own seeded start, so the sweep is the same whatever the threads' order

        def fit(wc: tuple[str, int]) -> dict[str, float]:
            _QUIET.on = True
            return _candidate(fitted[wc[0]], B, wc[1], seed, top_n, subs)

        with _quiet(), ThreadPoolExecutor(max_workers=_sweep_threads(len(todo))) as pool:
            sweep = dict(zip(todo, pool.map(fit, todo), strict=True))
        weighting, k = _choose(sweep, list(mats))
        info["topic_npmi_tie"] = round(_tie(sweep), 6)
        info["topic_stability"] = sweep[(weighting, k)].get("stability")
    if n_topics is None:
        info.update(
            n_topics=k,
            n_topics_chosen_by=(
                f"NPMI coherence of the top-{top_n} concepts (paper co-occurrence), best of the candidates (k x "
                f"row weighting) with topic diversity >= {MIN_DIVERSITY} and no topic dominant in more than "
                f"{MAX_TOPIC_SHARE:.0%} of the papers"
                + (
                    f"; NPMI the mean over a fit on all papers and {REFITS} on samples of {REFIT_SHARE:.0%} of "
                    "them, differences below topic_npmi_tie taken as ties"
                    if "topic_npmi_tie" in info and any("fits" in v for v in sweep.values())
                    else ""
                )
            ),
            n_topics_candidates={str(c): v["npmi"] for (w, c), v in sweep.items() if w == weighting},
        )
    else:
        info.update(n_topics=k, n_topics_chosen_by="given" if k == n_topics else f"given {n_topics}, capped")
    info.update(topic_weighting=weighting, topic_weighting_rule=WEIGHTING_RULE)
    if sweep:
        info["topic_sweep"] = {f"{c}" if len(mats) == 1 else f"{c} {w}": v for (w, c), v in sweep.items()}
    Xall = mats[weighting][all_rows].tocsr()
    Xt = Xall[~short].tocsr()
    W, H = _nmf(Xt, k, init="nndsvda", seed=seed, max_iter=max_iter)
    order = sorted(range(k), key=lambda t: (-round(float(W[:, t].sum()), 9), t))
    W, H = W[:, order], H[order]
    W_short = _place(Xall[short], H, seed, max_iter) if short.any() else None
    info["topic_npmi"] = round(npmi_coherence(B, H, len(rows), top_n), 6)
    info["topic_diversity"] = round(topic_diversity(H, top_n), 6)
    # fewer than ~100 papers: topics change with the sample and the seed; the report shows concept clusters
    info["topics_unstable"] = bool(len(rows) < UNSTABLE_BELOW)
    topics = []
    for t in range(k):
        top = [j for j in np.argsort(-H[t], kind="stable")[:top_n] if H[t, j] > 0]
        pairs = [(vocab[cols[j]], round(float(H[t, j]), 6)) for j in top]
        # the papers to cite for the topic: highest weight first (ties by row, i.e. paper order)
        best = [int(rows[i]) for i in np.argsort(-W[:, t], kind="stable")[:TOPIC_PAPERS] if W[i, t] > 0]
        topics.append(Topic(t, topic_label([c for c, _ in pairs], label_size), pairs, [str(b) for b in best]))
    paper_topics: list[list[tuple[int, float]]] = [[] for _ in range(n_rows)]
    # the length of each paper's whole row in the chosen weighting (unit rows: 1), every concept counted
    full = np.ones(len(all_rows)) if weighting == "l2" else _row_norms(X[all_rows])
    fit = _fit(W, H, full[~short])
    for i, r in enumerate(rows):
        paper_topics[r] = _shares(W[i], fit[i])
    if W_short is not None:
        fit_short = _fit(W_short, H, full[short])
        for i, r in enumerate(all_rows[short]):
            paper_topics[r] = _shares(W_short[i], fit_short[i])
    info["paper_topics_rule"] = PAPER_TOPICS_RULE
    info["papers_fitting_no_topic"] = sum(1 for r in all_rows if not paper_topics[r])
    return TopicModel(topics, paper_topics, info, H, cols)


def _l2_rows(X: sparse.csr_matrix) -> sparse.csr_matrix:
    from sklearn.preprocessing import normalize

    return normalize(X, norm="l2", copy=True).tocsr()


def _sweep_threads(n_tasks: int) -> int:
    """Threads for the candidates' fits: the cores this process may use, at most ``SWEEP_THREADS``."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(n_tasks, cores, SWEEP_THREADS))


def _subsamples(n: int, kmax: int, seed: int) -> list[np.ndarray]:
    """The row subsets each candidate is refitted on (sorted indices), drawn from ``seed``. None below
    ``UNSTABLE_BELOW`` papers, where the topics are flagged unstable anyway: subsamples of a few dozen papers
    spread so much that the tie swallowed the choice (on the Daily Papers listing, 49 papers, k moved in 5 of 24
    samples without 3% of the papers, against none of 24 with one fit per candidate)."""
    size = int(REFIT_SHARE * n)
    if n < UNSTABLE_BELOW or size <= kmax:
        return []
    rng = np.random.default_rng(seed)
    return [np.sort(rng.choice(n, size, replace=False)) for _ in range(REFITS)]


def _candidate(
    Xt: sparse.csr_matrix,
    B: sparse.csc_matrix,
    k: int,
    seed: int,
    top_n: int,
    subs: Sequence[np.ndarray] = (),
) -> dict[str, float]:
    """Short NMF fits of ``k`` topics (top concepts settle early; the chosen candidate is refitted fully) on all
    rows and on each subsample: the mean and spread of their NPMI; of the fit on all rows its topic diversity and
    the largest share of papers one topic is dominant in; how far its topics reappear in the refits."""
    W, H = _nmf(Xt, k, init="nndsvda", seed=seed, max_iter=SELECTION_ITER)
    has = W.sum(axis=1) > 0
    biggest = np.bincount(np.argmax(W[has], axis=1), minlength=k).max() / max(1, int(has.sum()))
    n = Xt.shape[0]
    npmi = [npmi_coherence(B, H, n, top_n)]
    agree = []
    for rows in subs:
        _, Hs = _nmf(Xt[rows], k, init="nndsvda", seed=seed, max_iter=SELECTION_ITER)
        npmi.append(npmi_coherence(B, Hs, n, top_n))
        agree.append(topic_agreement(H, Hs, top_n))
    out = {
        "npmi": round(float(np.mean(npmi)), 6),
        "diversity": round(topic_diversity(H, top_n), 6),
        "max_share": round(float(biggest), 6),
    }
    if subs:
        out.update(
            npmi_sd=round(float(np.std(npmi, ddof=1)), 6),
            fits=len(npmi),
            stability=round(float(np.mean(agree)), 6),
        )
    return out


def topic_agreement(Ha: np.ndarray, Hb: np.ndarray, top_n: int = 10) -> float:
    """How far two fits find the same topics: the topics matched one to one (Hungarian assignment) to maximise
    the Jaccard overlap of their top-``top_n`` concepts, the mean overlap of the matched pairs (1: the same top
    concepts throughout; Greene et al. 2014 use this kind of agreement to compare topic models).

    >>> import numpy as np
    >>> H = np.array([[3.0, 2, 0, 0], [0, 0, 2, 3]])
    >>> topic_agreement(H, H[::-1], top_n=2), topic_agreement(H, np.array([[1.0, 0, 2, 0], [0, 1, 0, 2]]), 2)
    (1.0, 0.333333)
    """
    from scipy.optimize import linear_sum_assignment

    tops_a = [set(np.argsort(-r, kind="stable")[:top_n].tolist()) for r in Ha]
    tops_b = [set(np.argsort(-r, kind="stable")[:top_n].tolist()) for r in Hb]
    S = np.array([[len(a & b) / len(a | b) for b in tops_b] for a in tops_a])
    r, c = linear_sum_assignment(-S)
    return round(float(S[r, c].mean()), 6)


def _tie(sweep: Mapping[tuple[str, int], Mapping[str, float]]) -> float:
    """The NPMI difference below which two candidates count as equally coherent: ``TIE_SE`` standard errors of
    a difference of two means of ``fits`` fits each, from the candidates' median spread; at least ``NPMI_TIE``."""
    sds = [v["npmi_sd"] for v in sweep.values() if "npmi_sd" in v]
    if not sds:
        return NPMI_TIE
    fits = min(v["fits"] for v in sweep.values() if "fits" in v)
    return max(NPMI_TIE, TIE_SE * float(np.median(sds)) * math.sqrt(2 / fits))


def _choose(sweep: dict[tuple[str, int], dict[str, float]], weightings: list[str]) -> tuple[str, int]:
    """The most coherent candidate among those whose topics do not repeat each other and none of which covers
    most papers (failing that, diverse ones; failing that, all). Candidates closer to the best NPMI than
    :func:`_tie` (their fits' noise; ``NPMI_TIE`` without refits) count as equally coherent: of those, the one
    whose largest topic holds the smallest share of papers; ties: the smaller k, then the first weighting.

    >>> sweep = {("l2", 5): {"npmi": 0.3374, "diversity": 0.94, "max_share": 0.42},
    ...          ("l2", 15): {"npmi": 0.3367, "diversity": 0.91, "max_share": 0.31},
    ...          ("l2", 12): {"npmi": 0.3226, "diversity": 0.93, "max_share": 0.30},
    ...          ("l2", 2): {"npmi": 0.3757, "diversity": 1.0, "max_share": 0.90}}
    >>> _choose(sweep, ["l2"])
    ('l2', 15)
    """
    cands = list(sweep)
    diverse = [c for c in cands if sweep[c]["diversity"] >= MIN_DIVERSITY]
    pool = [c for c in diverse if sweep[c]["max_share"] <= MAX_TOPIC_SHARE] or diverse or cands
    best = max(sweep[c]["npmi"] for c in pool)
    near = [c for c in pool if sweep[c]["npmi"] >= best - _tie(sweep)]
    return min(near, key=lambda c: (sweep[c]["max_share"], c[1], weightings.index(c[0])))


PAPER_TOPICS_RULE = (
    f"dominant topic plus secondaries with a share >= {SECONDARY_MIN_SHARE} and >= {SECONDARY_OF_DOMINANT} x the "
    f"dominant share; a topic only where it accounts for >= {MIN_TOPIC_FIT} of the paper's TF-IDF row (the "
    "length of its part of the NMF reconstruction over the row's length), else none"
)


def _row_norms(X: sparse.spmatrix) -> np.ndarray:
    return np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())


def _fit(W: np.ndarray, H: np.ndarray, norms: np.ndarray) -> np.ndarray:
    """How much of each paper each topic accounts for: W[i, t] * |H[t]| / |x_i| (0 for an empty row)."""
    out = W * np.linalg.norm(H, axis=1)[None, :]
    nz = norms > 0
    out[nz] /= norms[nz, None]
    out[~nz] = 0.0
    return out


def _shares(w: np.ndarray, fit: np.ndarray | None = None) -> list[tuple[int, float]]:
    """A paper's topics from its row of W: the shares of the row's total (rounded, largest first), then its
    dominant topic and strong secondaries (:func:`dominant_topics`), of which those that account for at least
    ``MIN_TOPIC_FIT`` of the paper (``fit``: :func:`_fit`'s row) -- none, when no topic does."""
    total = float(w.sum())
    if total <= 0:
        return []
    shares = sorted(
        [(t, round(float(w[t]) / total, 4)) for t in range(len(w)) if w[t] > 0],
        key=lambda s: (-s[1], s[0]),
    )
    kept = dominant_topics(shares)
    return kept if fit is None else [s for s in kept if fit[s[0]] >= MIN_TOPIC_FIT]


def assign_topics(model: TopicModel, X: sparse.csr_matrix, *, seed: int = 0, max_iter: int = 300) -> list:
    """Topic shares of the rows of ``X`` (papers x the model's vocabulary) under a fitted model's topics, the
    model unchanged (NMF with H fixed): how papers outside the sample a model was fitted on get their topics.

    >>> counts = [{"gnn": 3, "graph": 1}, {"gnn": 1, "node": 2}, {"cnn": 2, "image": 3}, {"image": 1, "cnn": 1}]
    >>> X, vocab = tfidf_matrix(counts)
    >>> model = fit_topics(X, vocab, n_topics=2, seed=0)
    >>> [s[0][0] for s in assign_topics(model, X)] == [s[0][0] for s in model.paper_topics]
    True
    """
    if model.components is None or not model.topics:
        return [[] for _ in range(X.shape[0])]
    H = np.asarray(model.components, dtype=np.float64)
    W = _place(X[:, model.columns].tocsr(), H, seed, max_iter)
    # a row and its W scale together (NMF with H fixed), so the fit is the same whatever the row weighting
    fit = _fit(W, H, _row_norms(X))
    return [_shares(W[i], fit[i]) for i in range(W.shape[0])]


def _place(Xt: sparse.csr_matrix, H: np.ndarray, seed: int, max_iter: int) -> np.ndarray:
    """W of the rows of ``Xt`` (over the topics' columns) with the topics ``H`` fixed."""
    from sklearn.decomposition import non_negative_factorization
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        W, _, _ = non_negative_factorization(
            Xt.astype(np.float64), H=H, n_components=H.shape[0], init="custom", update_H=False, solver="cd",
            tol=1e-4, max_iter=max_iter, random_state=seed,
        )  # fmt: skip
    return W


def dominant_topics(shares: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """A paper's dominant topic and its strong secondaries (share >= SECONDARY_MIN_SHARE and >=
    SECONDARY_OF_DOMINANT x the dominant share), from (topic, share) pairs sorted share-descending.

    >>> dominant_topics([(2, 0.6), (0, 0.28), (1, 0.12)]), dominant_topics([(1, 0.45), (0, 0.4), (2, 0.15)])
    ([(2, 0.6)], [(1, 0.45), (0, 0.4)])
    """
    if not shares:
        return []
    top = shares[0][1]
    return [shares[0]] + [
        s for s in shares[1:] if s[1] >= SECONDARY_MIN_SHARE and s[1] >= SECONDARY_OF_DOMINANT * top
    ]


def topic_diversity(H: np.ndarray, top_n: int = 10) -> float:
    """Share of distinct terms among all topics' top-``top_n`` terms (Dieng et al. 2020): 1 = no overlap."""
    tops = [np.argsort(-row, kind="stable")[:top_n] for row in H]
    total = sum(len(t) for t in tops)
    return len({int(j) for t in tops for j in t}) / total if total else 0.0
