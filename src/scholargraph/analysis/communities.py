"""Communities of a weighted undirected graph: Leiden (igraph + leidenalg) and Louvain (networkx).

Works on any projection (``nx.Graph`` whose edges carry ``weight``: bibliographic coupling, co-citation,
co-authorship, concept co-occurrence). Directed graphs and multigraphs are collapsed to undirected simple graphs
with summed weights; self-loops are dropped. Nodes are ordered by ``str(node)`` before conversion to igraph, so
the same graph and seed give the same partition whatever the insertion order.

Community numbers are canonical: 0 is the largest community, ties broken by the smallest member id.
The result reports modularity (at the given resolution) and *stability*: the mean pairwise normalised mutual
information (arithmetic normalisation, as sklearn's ``normalized_mutual_info_score``) between partitions found
with ``stability_runs`` consecutive seeds starting at ``seed`` (1.0 = every seed finds the same partition).

>>> import networkx as nx
>>> G = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(5))
>>> G.add_edge(0, 5)
>>> res = leiden(G, seed=0)
>>> res.n_communities, round(res.modularity, 3), res.stability
(2, 0.452, 1.0)
>>> res.table.head(2).to_dict("records")
[{'node': 0, 'community': 0}, {'node': 1, 'community': 0}]
>>> louvain(G, seed=0).membership == res.membership
True
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from .._progress import bar
from .._validation import check_choice, check_int, check_number
from ..errors import ConfigError
from ..graph import schema
from ..nlp.topics import distinct_terms, nested_in_any
from ._common import acronym_expansions, concept_display, graph_of, node_name, paper_key, simple_undirected

if TYPE_CHECKING:
    from ..graph.kg import KnowledgeGraph
    from ..model import Corpus
    from ..nlp.annotations import Annotations

__all__ = [
    "CommunityResult",
    "leiden",
    "louvain",
    "detect_communities",
    "modularity",
    "partition_stability",
    "label_communities",
    "annotate_communities",
]

METHODS = ("leiden", "louvain")


@dataclass
class CommunityResult:
    """A partition and what was measured about it.

    ``membership``: node -> community; ``table``: DataFrame (node, community) sorted by community then node;
    ``summary``: DataFrame per community (size, label, top members, supporting papers) — filled by
    :func:`label_communities` (without it: community, size, top_members); ``modularity``; ``stability``
    (mean pairwise NMI over seeds, None when ``stability_runs`` < 2); ``settings``: method, resolution, seed, ...
    """

    membership: dict[Any, int]
    modularity: float
    stability: float | None
    settings: dict[str, Any]
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def n_communities(self) -> int:
        return len(set(self.membership.values()))

    @property
    def table(self) -> pd.DataFrame:
        rows = sorted(self.membership.items(), key=lambda kv: (kv[1], str(kv[0])))
        return pd.DataFrame(rows, columns=["node", "community"])

    def communities(self) -> list[list[Any]]:
        """Members of each community (community 0 first), each sorted by ``str``."""
        out: dict[int, list[Any]] = defaultdict(list)
        for n, c in self.membership.items():
            out[c].append(n)
        return [sorted(out[c], key=str) for c in sorted(out)]


def _canonical(groups: list[list[Any]]) -> dict[Any, int]:
    groups = [sorted(g, key=str) for g in groups if g]
    groups.sort(key=lambda g: (-len(g), str(g[0])))
    return {n: c for c, g in enumerate(groups) for n in g}


def _to_igraph(H: nx.Graph):
    import igraph as ig

    nodes = sorted(H.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted(
        (min(index[u], index[v]), max(index[u], index[v]), d["weight"]) for u, v, d in H.edges(data=True)
    )
    g = ig.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in edges], directed=False)
    g.es["weight"] = [w for _, _, w in edges]
    return g, nodes


def _leiden_groups(graph: tuple[Any, list[Any]], resolution: float, seed: int) -> list[list[Any]]:
    import leidenalg

    g, nodes = graph
    part = leidenalg.find_partition(
        g,
        leidenalg.RBConfigurationVertexPartition,
        weights="weight" if g.ecount() else None,
        resolution_parameter=resolution,
        n_iterations=2,
        seed=seed,
    )
    return [[nodes[i] for i in comm] for comm in part]


def _sorted_graph(H: nx.Graph) -> nx.Graph:
    # networkx's Louvain depends on node insertion order: rebuild in sorted order first
    S = nx.Graph()
    S.add_nodes_from(sorted(H.nodes, key=str))
    S.add_weighted_edges_from(
        sorted(((u, v, d["weight"]) for u, v, d in H.edges(data=True)), key=lambda e: (str(e[0]), str(e[1])))
    )
    return S


def _louvain_groups(S: nx.Graph, resolution: float, seed: int) -> list[list[Any]]:
    parts = nx.community.louvain_communities(S, weight="weight", resolution=resolution, seed=seed)
    return [list(p) for p in parts]


# method -> (the graph it works on, made once for every seed of a detection; the finder of one seed)
_FINDERS = {"leiden": (_to_igraph, _leiden_groups), "louvain": (_sorted_graph, _louvain_groups)}


def modularity(
    G: nx.Graph, membership: Mapping[Any, int], *, weight: str = "weight", resolution: float = 1.0
) -> float:
    """Newman modularity (with resolution) of a partition given as node -> community (computed with igraph).

    >>> G = nx.Graph([(0, 1), (2, 3)])
    >>> modularity(G, {0: 0, 1: 0, 2: 1, 3: 1})
    0.5
    """
    H = simple_undirected(graph_of(G), weight)
    missing = [n for n in H.nodes if n not in membership]
    if missing:
        raise ConfigError(
            f"The 'membership' parameter of modularity must give a community for every node; missing "
            f"{len(missing)}, e.g. {missing[0]!r}."
        )
    if H.number_of_edges() == 0:
        return 0.0
    return _modularity(_to_igraph(H), membership, resolution)


def _modularity(graph: tuple[Any, list[Any]], membership: Mapping[Any, int], resolution: float) -> float:
    g, nodes = graph
    labels = {c: i for i, c in enumerate(sorted({membership[n] for n in nodes}, key=str))}
    q = g.modularity([labels[membership[n]] for n in nodes], weights="weight", resolution=resolution)
    return round(float(q), 12)


def _nmi(a: list[Any], b: list[Any]) -> float:
    """Normalised mutual information of two labellings of the same items: I(A; B) divided by the arithmetic
    mean of the entropies H(A) and H(B) (natural logarithms; 1.0 when both put every item in one group) -- the
    definition of scikit-learn's ``normalized_mutual_info_score``, computed here with numpy (importing
    scikit-learn's metrics for it took 1-1.5 s of an analysis).

    >>> _nmi([0, 0, 1, 1], [5, 5, 7, 7]), _nmi([0, 0, 1, 1], [0, 1, 0, 1]), _nmi([1, 1], [2, 2])
    (1.0, 0.0, 1.0)
    """
    import numpy as np

    x = np.unique(np.asarray(a), return_inverse=True)[1].ravel().astype(np.int64)
    y = np.unique(np.asarray(b), return_inverse=True)[1].ravel().astype(np.int64)
    n = len(x)
    px, py = np.bincount(x) / n, np.bincount(y) / n
    if len(px) == len(py) == 1:
        return 1.0
    hx, hy = -np.sum(px * np.log(px)), -np.sum(py * np.log(py))
    cells, counts = np.unique(x * len(py) + y, return_counts=True)
    pxy = counts / n
    mi = max(float(np.sum(pxy * np.log(pxy / (px[cells // len(py)] * py[cells % len(py)])))), 0.0)
    return float(mi / ((hx + hy) / 2)) if mi > 0 else 0.0


def partition_stability(partitions: list[Mapping[Any, int]]) -> float | None:
    """Mean pairwise normalised mutual information of several partitions of the same nodes (None if < 2).

    >>> partition_stability([{1: 0, 2: 0, 3: 1}, {1: 5, 2: 5, 3: 7}])
    1.0
    """
    if len(partitions) < 2:
        return None
    nodes = sorted(partitions[0], key=str)
    vals = [
        _nmi([a[n] for n in nodes], [b[n] for n in nodes]) for a, b in itertools.combinations(partitions, 2)
    ]
    return round(float(sum(vals) / len(vals)), 6)


def detect_communities(
    G: Any,
    *,
    method: str = "leiden",
    resolution: float = 1.0,
    seed: int = 0,
    weight: str = "weight",
    stability_runs: int = 5,
    top_members: int = 5,
    finder: Any = None,
) -> CommunityResult:
    """Communities of ``G`` (a graph or a KnowledgeGraph) with ``method`` 'leiden' or 'louvain'.

    ``finder``: ``(H, resolution, seed) -> lists of nodes`` that partitions instead of igraph/networkx (e.g.
    :meth:`~.gds.GdsBackend.finder` runs the method in Neo4j GDS); canonical numbering, modularity, stability
    and the summary are computed here either way.

    ``stability_runs`` partitions (seeds ``seed`` .. ``seed + stability_runs - 1``) measure stability; the
    result is the partition of ``seed``. Isolated nodes become singleton communities.
    """
    check_choice(method, "method", "detect_communities", METHODS)
    check_number(resolution, "resolution", "detect_communities", low=0.0, low_open=True)
    check_int(seed, "seed", "detect_communities", low=0)
    check_int(stability_runs, "stability_runs", "detect_communities", low=0)
    H = simple_undirected(graph_of(G), weight)
    if H.number_of_nodes() == 0:
        return CommunityResult({}, 0.0, None, {"method": method, "resolution": resolution, "seed": seed})
    prepare, find_local = _FINDERS[method]
    graph = prepare(H)  # made once for every seed (and for leiden's modularity)
    if finder is not None:
        find, on = finder, H
    else:
        find, on = find_local, graph
    n_runs = max(stability_runs, 1)
    with bar(range(n_runs), total=n_runs, desc=f"{method} runs", unit="run") as seeds:
        runs = [_canonical(find(on, resolution, seed + i)) for i in seeds]
    membership = runs[0]
    settings = {
        "method": method,
        "resolution": resolution,
        "seed": seed,
        "weight": weight,
        "stability_runs": stability_runs,
        "nodes": H.number_of_nodes(),
        "edges": H.number_of_edges(),
    }
    res = CommunityResult(
        membership=membership,
        modularity=(
            _modularity(graph, membership, resolution)
            if method == "leiden" and H.number_of_edges()
            else modularity(H, membership, resolution=resolution)
        ),
        stability=partition_stability(runs),
        settings=settings,
    )
    res.summary = _basic_summary(H, G, res, top_members)
    return res


def leiden(
    G: Any, resolution: float = 1.0, seed: int = 0, weight: str = "weight", *, stability_runs: int = 5
) -> CommunityResult:
    """Leiden communities (leidenalg ``RBConfigurationVertexPartition``, seeded, 2 iterations as leidenalg's default).

    >>> G = nx.barbell_graph(4, 0)
    >>> leiden(G).communities()
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    """
    return detect_communities(
        G, method="leiden", resolution=resolution, seed=seed, weight=weight, stability_runs=stability_runs
    )


def louvain(
    G: Any, resolution: float = 1.0, seed: int = 0, weight: str = "weight", *, stability_runs: int = 5
) -> CommunityResult:
    """Louvain communities (``networkx.community.louvain_communities``, seeded, nodes in sorted order).

    >>> louvain(nx.barbell_graph(4, 0)).n_communities
    2
    """
    return detect_communities(
        G, method="louvain", resolution=resolution, seed=seed, weight=weight, stability_runs=stability_runs
    )


def _basic_summary(H: nx.Graph, G: Any, res: CommunityResult, top_members: int) -> pd.DataFrame:
    base = graph_of(G)
    rows = []
    for c, members in enumerate(res.communities()):
        inside = set(members)
        strength = {n: sum(d["weight"] for m, d in H[n].items() if m in inside) for n in members}
        top = sorted(members, key=lambda n: (-strength[n], str(n)))[:top_members]
        rows.append(
            {
                "community": c,
                "size": len(members),
                "top_members": [str(n) for n in top],
                "top_member_names": [node_name(base, n) for n in top],
            }
        )
    return pd.DataFrame(rows, columns=["community", "size", "top_members", "top_member_names"])


def _papers_of(members: list[Any], kg: Any, annotations: Any) -> list[str]:
    """Paper ids supporting a community: its Paper members; for Concept/Topic members, the papers that mention them."""
    papers: set[str] = set()
    others: set[str] = set()
    for n in members:
        s = str(n)
        if s.startswith("Paper:"):
            papers.add(paper_key(s))
        elif s.startswith("Concept:") or s.startswith("Topic:"):
            others.add(s)
        elif annotations is not None and s in annotations.concepts:
            others.add("Concept:" + s)
        else:
            papers.add(s)
    if others:
        if kg is not None:
            g = graph_of(kg)
            for o in others:
                if o in g:
                    papers.update(paper_key(u) for u in g.predecessors(o) if str(u).startswith("Paper:"))
        if annotations is not None:
            names = {o.partition(":")[2] for o in others if o.startswith("Concept:")}
            for pid, ms in annotations.mentions.items():
                if any(m.concept in names for m in ms):
                    papers.add(pid)
    return sorted(papers)


# the term sources of community labels, with how a label names them
TERM_SOURCES = ("concept", "keyword", "keywords plus", "mesh", "category")


def paper_terms(
    kg: KnowledgeGraph | None = None, annotations: Annotations | None = None, corpus: Corpus | None = None
) -> dict[str, set[tuple[str, str]]]:
    """paper id -> its (source, term) pairs: extracted concepts (annotations, else the graph's MENTIONS), author
    keywords (synonyms merged, see :func:`~.trend_detection.keyword_forms`), Keywords Plus and Scopus index
    keywords, MeSH descriptors and subject categories (WoS ``WC``), each lower-cased."""
    from .trend_detection import keyword_forms

    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    if annotations is not None:
        generic = {name for name, c in annotations.concepts.items() if c.generic}
        for pid, ms in annotations.mentions.items():
            out[pid].update(("concept", m.concept) for m in ms if m.concept not in generic)
    elif kg is not None:
        g = graph_of(kg)
        for u, v, k in g.edges(keys=True):
            if k == schema.MENTIONS and not g.nodes[v].get("generic"):
                out[paper_key(u)].add(("concept", g.nodes[v].get("name") or str(v).partition(":")[2]))
    papers = list(corpus.papers) if corpus is not None else []
    if papers:
        forms = keyword_forms(k for p in papers for k in p.keywords)
        for p in papers:
            terms = out[p.id]
            terms.update(("keyword", forms[" ".join(k.split())]) for k in p.keywords if k.strip())
            for name in ("keywords_plus", "index_keywords"):
                extra = p.extra.get(name) or []
                terms.update(
                    ("keywords plus", " ".join(str(k).lower().split())) for k in extra if str(k).strip()
                )
            terms.update(("mesh", h.descriptor.lower()) for h in p.mesh)
            terms.update(("category", c.lower()) for c in p.categories if c.strip())
    elif kg is not None:
        g = graph_of(kg)
        for n, d in g.nodes(data=True):
            if d.get(schema.LABEL) == schema.PAPER:
                terms = out[paper_key(n)]
                terms.update(("keyword", " ".join(str(k).lower().split())) for k in d.get("keywords") or [])
                terms.update(("category", str(c).lower()) for c in d.get("categories") or [])
        for u, v, k in g.edges(keys=True):
            if k == schema.HAS_MESH:
                out[paper_key(u)].add(("mesh", str(g.nodes[v].get("name") or v).lower()))
    return {pid: terms for pid, terms in out.items() if terms}


def label_communities(
    result: CommunityResult,
    *,
    kg: KnowledgeGraph | None = None,
    annotations: Annotations | None = None,
    corpus: Corpus | None = None,
    n_terms: int = 3,
    max_papers: int = 10,
    min_topic_weight: float = 0.2,
    max_share: float = 0.2,
    min_support: float = 0.1,
    min_lift: float = 1.5,
    max_p: float = 0.001,
    rank: str = "llr",
) -> pd.DataFrame:
    """Label each community by contrast and list the papers that support it.

    Terms (:func:`paper_terms`: concepts, author keywords, Keywords Plus, MeSH, subject categories) are eligible
    when found in at least ``min_support`` of the community's papers (a share; at least 3 papers), with a *lift*
    (their share among the community's papers over their share among all papers) of at least ``min_lift``,
    over-represented beyond chance (one-sided hypergeometric p below ``max_p``: a small community draws a 1.6
    lift of a flat keyword by chance) and in at most ``max_share`` of the papers *outside* the community (a term
    found everywhere -- the country of a national corpus, a publisher's notice -- labels nothing, while the own
    vocabulary of a large community stays eligible). ``rank="llr"`` (default) orders the eligible terms by
    Dunning's log-likelihood ratio (:func:`log_likelihood_ratio`, the ranking CiteSpace names its clusters
    by), which weighs support and contrast together; ``rank="lift"`` by lift alone, which puts a term of 3
    papers, all in the community, before one found in a third of the community's papers and rarely outside
    (on the bibx Scopus export: "generalized eigenvalue problem", 3 of 29 papers, before "eddy currents", 6 of
    29, in a community whose most connected papers are on eddy currents). Each label term comes with its
    support: ``label_terms`` reads "conservation (keyword): 56 of 477 here, 73 of 6,015 overall, lift 7.6, LLR
    301.2"; ``label_lift`` is the lift of the first term (NaN when no term qualifies; the label is then the top
    topics, or "community N").

    Fills and returns ``result.summary`` with columns community, size, label, label_terms, label_lift,
    top_topics, top_concepts (eligible concepts in the same order), top_members, top_member_names, n_papers, paper_ids,
    paper_titles, evidence (up to 3 sentences where the label's first concept is said). ``max_papers`` caps the
    listed papers (the most connected first); ``n_papers`` is the full count.
    """
    from ._common import titles as titles_of

    check_int(n_terms, "n_terms", "label_communities", low=1)
    check_int(max_papers, "max_papers", "label_communities", low=1)
    check_number(max_share, "max_share", "label_communities", low=0.0, high=1.0, low_open=True)
    check_number(min_support, "min_support", "label_communities", low=0.0, high=1.0)
    check_number(min_lift, "min_lift", "label_communities", low=1.0)
    check_number(max_p, "max_p", "label_communities", low=0.0, high=1.0, low_open=True)
    check_choice(rank, "rank", "label_communities", ("llr", "lift"))
    from scipy.stats import hypergeom

    title = titles_of(kg, corpus)
    ann_mentions = annotations.mentions if annotations is not None else {}
    topic_label = {t.id: t.label for t in annotations.topics} if annotations is not None else {}
    kg_topics: dict[str, Counter] = defaultdict(Counter)
    if kg is not None:
        g = graph_of(kg)
        for u, v, k, w in g.edges(keys=True, data="weight"):
            if k == schema.HAS_TOPIC and float(w if w is not None else 1.0) >= min_topic_weight:
                kg_topics[paper_key(u)][node_name(g, v)] += 1

    def topics_of(pid: str) -> list[str]:
        if annotations is not None and pid in annotations.paper_topics:
            return [
                topic_label.get(t, str(t)) for t, w in annotations.paper_topics[pid] if w >= min_topic_weight
            ]
        return list(kg_topics.get(pid, {}))

    terms = paper_terms(kg, annotations, corpus)
    shown = concept_display(kg, annotations)
    expands = acronym_expansions(kg, annotations)
    n_all = len(terms)
    df_all = Counter(t for ts in terms.values() for t in ts)
    summary = result.summary.set_index("community") if not result.summary.empty else None
    rows = []
    for c, members in enumerate(result.communities()):
        pids = _papers_of(members, kg, annotations)
        with_terms = [pid for pid in pids if pid in terms]
        n_c = len(with_terms)
        cdf = Counter(t for pid in with_terms for t in terms[pid])
        floor = max(3, math.ceil(min_support * n_c))
        scored = []
        outside = n_all - n_c
        for t, a in cdf.items():
            b = df_all[t]
            if a < floor or (outside and (b - a) > max_share * outside):
                continue
            lift = (a / n_c) / (b / n_all)
            if lift >= min_lift and hypergeom.sf(a - 1, n_all, b, n_c) < max_p:
                scored.append((lift, a, t, b, log_likelihood_ratio(a, n_c, b, n_all)))
        scored.sort(
            key=(lambda x: (-x[4], -x[1], x[2])) if rank == "llr" else (lambda x: (-x[0], -x[1], x[2]))
        )
        chosen, seen_text = [], set()
        for lift, a, (source, text), b, llr in scored:
            # the same word from two sources: once; a term inside one taken or holding it: not at all ("spin
            # transfer" beside "spin transfer torque" names one thing twice), an acronym read as what it stands
            # for ("MTJ" and "tunnel junctions" are one thing: magnetic tunnel junction)
            forms = {text, " ".join(expands.get(w, w) for w in text.lower().split())}
            if forms & seen_text or any(nested_in_any(f, seen_text) for f in forms):
                continue
            seen_text |= forms
            chosen.append((lift, a, source, text, b, llr))
            if len(chosen) == n_terms:
                break
        # terms as people read them ("COVID-19"), from here on; a keyword or category that is also a concept is
        # written as the concept is ("Trypanosoma cruzi" beside "Chagas disease" in one label)
        chosen = [(lift, a, src, shown.get(t.lower(), t), b, llr) for lift, a, src, t, b, llr in chosen]
        top_concepts = [shown.get(t, t) for _, _, (src, t), _, _ in scored if src == "concept"][:n_terms]
        tcount = Counter(t for pid in pids for t in topics_of(pid))
        top_topics = [t for t, _ in sorted(tcount.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
        label = (
            "; ".join(t for _, _, _, t, _, _ in chosen)
            if chosen
            else (" / ".join(top_topics) or f"community {c}")
        )
        label_terms = [
            f"{t} ({src}): {a:,} of {n_c:,} here, {b:,} of {n_all:,} overall, lift {lift:.1f}, LLR {llr:.1f}"
            for lift, a, src, t, b, llr in chosen
        ]
        concept_members = [
            str(n).partition(":")[2] for n in members if str(n).startswith(schema.CONCEPT + ":")
        ]
        if concept_members:
            # a cluster of concepts (no paper partition): its own concepts that are both widespread and terms of
            # the field name it -- papers x termhood (corpus vs general-English frequency), so "neural network"
            # comes before "task" or "effectiveness" found in as many papers
            ranked = sorted(
                (m for m in concept_members if ("concept", m) in df_all),
                key=lambda m: (-df_all[("concept", m)] * _termhood(kg, m), m),
            )
            # terms of the field first ("policymaker", "stakeholder"), common words ("model", "risk",
            # "limitation") only where the cluster has too few of them
            specific = [m for m in ranked if _termhood(kg, m) >= LABEL_MIN_TERMHOOD]
            own = distinct_terms(
                specific + [m for m in ranked if _termhood(kg, m) < LABEL_MIN_TERMHOOD], n_terms
            )
            chosen = []
            label = "; ".join(shown.get(m, m) for m in own) if own else label
            label_terms = [
                f"{shown.get(m, m)} (concept): in {df_all[('concept', m)]:,} of {n_all:,} papers, termhood "
                f"{_termhood(kg, m):.1f}"
                for m in own
            ]
        member_order = (
            {paper_key(n): i for i, n in enumerate(summary.loc[c, "top_members"])}
            if summary is not None
            else {}
        )
        pids_sorted = sorted(pids, key=lambda p: (member_order.get(p, len(member_order)), p))
        listed = pids_sorted[:max_papers]
        first_concept = next((t for _, _, src, t, _, _ in chosen if src == "concept"), None)
        evidence: list[str] = []
        for pid in pids_sorted:
            for m in ann_mentions.get(pid, []):
                if shown.get(m.concept, m.concept) == first_concept and m.evidence and len(evidence) < 3:
                    evidence.append(m.evidence[0].text)
            if len(evidence) >= 3:
                break
        rows.append(
            {
                "community": c,
                "size": len(members),
                "label": label,
                "label_terms": label_terms,
                "label_lift": round(chosen[0][0], 6) if chosen else float("nan"),
                "top_topics": top_topics,
                "top_concepts": top_concepts,
                "top_members": summary.loc[c, "top_members"] if summary is not None else [],
                "top_member_names": summary.loc[c, "top_member_names"] if summary is not None else [],
                "n_papers": len(pids),
                "paper_ids": listed,
                "paper_titles": [title.get(p, "") for p in listed],
                "evidence": evidence,
            }
        )
    result.summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return result.summary


# termhood (log10 of how many times more frequent than in English) counts up to 1000x for naming a cluster:
# beyond that every word English does not know scores alike, and one-paper phrases would outrank the field's
# terms
TERMHOOD_CAP = 3.0


# a concept cluster's label takes concepts of at least this termhood first (log10 of corpus over English
# frequency: the score below which a common single word is generic, nlp/termhood.py)
LABEL_MIN_TERMHOOD = 1.5


def log_likelihood_ratio(a: int, n_c: int, b: int, n_all: int) -> float:
    """Dunning's log-likelihood ratio G2 of a term found in ``a`` of a community's ``n_c`` papers and in ``b`` of
    all ``n_all``: 2 * sum(observed * ln(observed / expected)) over the 2x2 table (in/out of the community,
    with/without the term). How strongly the term sets the community apart, in support and in contrast at once
    (CiteSpace ranks its cluster labels this way): in a community of 19 of 580 papers (bibx Scopus export), a
    term of 3 papers, all of them here, scores far below one of 11 here and 16 overall, though its lift is
    higher (30.5 against 21.0).

    >>> round(log_likelihood_ratio(3, 19, 3, 580), 1), round(log_likelihood_ratio(11, 19, 16, 580), 1)
    (21.0, 63.4)
    """
    cells = (
        (a, n_c, b),
        (n_c - a, n_c, n_all - b),
        (b - a, n_all - n_c, b),
        (n_all - n_c - b + a, n_all - n_c, n_all - b),
    )
    g2 = 0.0
    for obs, row, col in cells:
        if obs > 0:
            g2 += obs * math.log(obs * n_all / (row * col))
    return 2.0 * g2


def _termhood(kg: KnowledgeGraph | None, concept: str) -> float:
    """A concept's termhood score from the graph, within [0.1, TERMHOOD_CAP] (1.0 when the graph has none)."""
    node = kg.graph.nodes.get(f"{schema.CONCEPT}:{concept}") if kg is not None else None
    score = node.get("termhood") if node else None
    return 1.0 if score is None else min(max(float(score), 0.1), TERMHOOD_CAP)


SUMMARY_COLUMNS = ["community", "size", "label", "label_terms", "label_lift", "top_topics", "top_concepts",
                   "top_members", "top_member_names", "n_papers", "paper_ids", "paper_titles", "evidence"]  # fmt: skip


def annotate_communities(G: Any, result: CommunityResult, attr: str = schema.COMMUNITY) -> int:
    """Write each node's community into the graph as property ``attr``: through
    :meth:`KnowledgeGraph.set_node_properties` (validated against the schema) for a KnowledgeGraph, as a plain
    node attribute for a networkx graph. Returns how many nodes were annotated (nodes of the result that are in
    the graph)."""
    values = {node: int(c) for node, c in result.membership.items()}
    if hasattr(G, "set_node_properties"):
        return G.set_node_properties(attr, values)
    g = graph_of(G)
    n = 0
    for node, c in values.items():
        if node in g:
            g.nodes[node][attr] = c
            n += 1
    return n


def community_links(kg: KnowledgeGraph, membership: Mapping[Any, int]) -> pd.DataFrame:
    """Links between communities (source < target): the citations between their papers (``via`` =
    ``"citations"``); when the partition is of concepts (no paper has a community), the papers that mention
    concepts of both (``via`` = ``"shared papers"``). Sorted by (source, target).

    >>> from scholargraph.graph.kg import KnowledgeGraph
    >>> kg = KnowledgeGraph()
    >>> for k in "abc":
    ...     _ = kg.add_node("Paper", k)
    >>> kg.add_edge("CITES", "Paper:a", "Paper:b"); kg.add_edge("CITES", "Paper:c", "Paper:b")
    >>> community_links(kg, {"Paper:a": 0, "Paper:b": 1, "Paper:c": 1}).values.tolist()
    [[0, 1, 1.0, 'citations']]
    """
    paper_comms: dict[str, set[int]] = defaultdict(set)
    for n, _ in kg.nodes(schema.PAPER):
        if n in membership:
            paper_comms[n].add(int(membership[n]))
    links: Counter = Counter()
    via = "citations"
    if paper_comms:
        for u, v, _ in kg.edges(schema.CITES):
            for a in paper_comms.get(u, ()):
                for b in paper_comms.get(v, ()):
                    if a != b:
                        links[(min(a, b), max(a, b))] += 1
    else:
        via = "shared papers"
        for u, v, _ in kg.edges(schema.MENTIONS):
            if v in membership:
                paper_comms[u].add(int(membership[v]))
        for comms in paper_comms.values():
            cs = sorted(comms)
            for i, a in enumerate(cs):
                for b in cs[i + 1 :]:
                    links[(a, b)] += 1
    rows = [(a, b, float(w), via) for (a, b), w in sorted(links.items())]
    return pd.DataFrame(rows, columns=["source", "target", "weight", "via"]).astype(
        {"source": "int64", "target": "int64", "weight": "float64", "via": "object"}
    )
