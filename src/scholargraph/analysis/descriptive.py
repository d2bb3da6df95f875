"""The descriptive analysis every bibliometric report starts with (what bibliometrix's ``biblioAnalysis`` and
biblioshiny's overview give), as tables computed from the corpus -- and from the graph for the author and
source identities and the citations inside the corpus.

Counts and formulas (``TC`` is a paper's times-cited count from the export: WoS ``TC``, Scopus "Cited by",
OpenAlex ``cited_by_count``; :attr:`Paper.citation_count`):

- **annual production**: papers per publication year, every year of the range (zero years too); the annual growth
  rate is bibliometrix's compound rate ``(papers in the last year / papers in the first year) ** (1 / (years -
  1)) - 1`` over ``years = last - first + 1``. The last year of an export is often incomplete: it lowers the rate.
- **citations per year**: per publication year the mean TC per paper and the mean TC per citable year, ``TC /
  (citation_year - year + 1)``; ``citation_year`` is the year the counts were taken (default: the latest
  publication year of the corpus; set it to the export's year).
- **papers**: global citations (TC, and TC per citable year) and local citations (papers of this corpus citing
  it: the in-degree of the CITES graph).
- **authors** (the graph's author identity, as the collaboration table): papers with full counting (1 per paper)
  and fractional counting (1/n for a paper with n authors), TC of their papers, local citations, h-index on TC.
- **sources**: papers per source, ranked; Bradford zones: cumulated papers in rank order split in three zones
  of about a third of the papers each (a source is in the zone its cumulated count ends in; the first source is
  always in zone 1).
- **Lotka's law**: the share of authors with n papers (full counting), fitted as ``share = C / n ** beta`` by
  least squares on log10-log10 (as bibliometrix does, over the n observed); goodness of fit: R squared of that
  regression and the Kolmogorov-Smirnov statistic ``D = max |observed - expected cumulated share|`` with Pao's
  (1985) critical value ``1.63 / sqrt(authors)`` at the 0.01 level.
- **countries** (from :attr:`Paper.affiliations` through :mod:`.geography`): papers with an address in the country
  (full counting) and fractionally (1/k for a paper with k countries); papers whose corresponding author is there
  (the first address's country when the source names no corresponding author) split into SCP (single-country
  papers: every address in one country) and MCP (multi-country papers); country pairs that co-author papers.
- **keywords**: papers per keyword (synonym groups of :func:`.trend_detection.keyword_forms`, as the trend
  tables count them; MeSH descriptors as given) for each kind the corpus has -- ``author`` (author keywords),
  ``indexed`` (WoS Keywords Plus, Scopus Index Keywords), ``mesh`` (MeSH descriptors); the co-occurrence of the
  ``map_size`` most frequent keywords of each kind (papers having both, and the association strength
  ``papers x N / (papers_a x papers_b)``), clustered with Leiden.
- **three-field view**: the ``field_top`` most productive authors, most frequent keywords (author keywords, else
  indexed, else MeSH) and largest sources, linked author -> keyword and keyword -> source by the papers that
  have both.

>>> import scholargraph as sg
>>> from scholargraph.synthetic import planted_corpus
>>> corpus, _ = planted_corpus(60, seed=1)
>>> tables = descriptive(corpus, sg.build_graph(corpus))
>>> int(tables["annual_production"]["papers"].sum()) == sum(p.year is not None for p in corpus.papers)
True
>>> annual_growth_rate([(2000, 10), (2001, 0), (2002, 40)])
1.0
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from ..graph import schema
from . import tables as T
from ._common import as_concept, concept_display
from .geography import paper_geography

if TYPE_CHECKING:
    from ..graph.kg import KnowledgeGraph
    from ..model import Corpus, Paper

__all__ = [
    "descriptive",
    "annual_growth_rate",
    "bradford_zones",
    "lotka",
    "h_index",
    "KEYWORD_KINDS",
    "paper_keywords",
]

#: keyword kinds: (kind, what it is)
KEYWORD_KINDS = (
    ("author", "author keywords"),
    ("indexed", "Keywords Plus / index keywords"),
    ("mesh", "MeSH descriptors"),
)
PAO_CRITICAL = 1.63  # Kolmogorov-Smirnov critical value x sqrt(N) at the 0.01 level (Pao 1985)


def annual_growth_rate(per_year: Sequence[tuple[int, int]]) -> float | None:
    """bibliometrix's annual growth rate ``(last / first) ** (1 / (years - 1)) - 1`` of ``(year, papers)`` in
    year order (``years`` counts every year from the first to the last); None with fewer than two years or
    no paper in the first year."""
    if len(per_year) < 2:
        return None
    (y0, n0), (y1, n1) = per_year[0], per_year[-1]
    if n0 <= 0 or y1 <= y0:
        return None
    return (n1 / n0) ** (1.0 / (y1 - y0)) - 1.0


def h_index(counts: Iterable[int]) -> int:
    """The largest h such that h of the counts are >= h.

    >>> h_index([10, 8, 5, 4, 3]), h_index([0, 0]), h_index([])
    (4, 0, 0)
    """
    ranked = sorted((c for c in counts), reverse=True)
    return sum(1 for i, c in enumerate(ranked, start=1) if c >= i)


def bradford_zones(papers: Sequence[int]) -> list[int]:
    """The Bradford zone (1, 2, 3) of each source, given the sources' paper counts in rank order (largest
    first): the zone that a source's cumulated count ends in, zones of a third of the papers each.

    >>> bradford_zones([10, 5, 5, 4, 3, 2, 1, 1, 1])
    [1, 2, 2, 3, 3, 3, 3, 3, 3]
    """
    total = sum(papers)
    zones, cum = [], 0
    for i, n in enumerate(papers):
        cum += n
        zone = 1 if cum * 3 <= total else 2 if cum * 3 <= 2 * total else 3
        zones.append(1 if i == 0 else max(zone, zones[-1]))
    return zones


def lotka(papers_per_author: Iterable[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(distribution, fit) of Lotka's law for the authors' paper counts (see the module docs).

    >>> dist, fit = lotka([1] * 144 + [2] * 36 + [3] * 16 + [4] * 9)  # 144 / n^2 authors with n papers
    >>> round(float(fit.loc[0, "beta"]), 2), round(float(fit.loc[0, "r_squared"]), 3)
    (2.0, 1.0)
    """
    counts = Counter(int(n) for n in papers_per_author if int(n) > 0)
    authors = sum(counts.values())
    ns = sorted(counts)
    share = [counts[n] / authors for n in ns] if authors else []
    beta = const = r2 = float("nan")
    if len(ns) >= 2:
        xs = [math.log10(n) for n in ns]
        ys = [math.log10(s) for s in share]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
        slope = sxy / sxx
        beta, const = -slope, 10 ** (my - slope * mx)
        ss_res = sum((y - (my + slope * (x - mx))) ** 2 for x, y in zip(xs, ys, strict=True))
        ss_tot = sum((y - my) ** 2 for y in ys)
        r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else 1.0
    expected = [const * n**-beta for n in ns] if not math.isnan(beta) else [float("nan")] * len(ns)
    dist = pd.DataFrame(
        {
            "papers": pd.Series(ns, dtype="int64"),
            "authors": pd.Series([counts[n] for n in ns], dtype="int64"),
            "share": pd.Series(share, dtype="float64"),
            "expected_share": pd.Series(expected, dtype="float64"),
            "expected_authors": pd.Series([e * authors for e in expected], dtype="float64"),
        }
    )
    ks = float("nan")
    if not math.isnan(beta):
        cum_o = cum_e = 0.0
        ks = 0.0
        for s, e in zip(share, expected, strict=True):
            cum_o, cum_e = cum_o + s, cum_e + e
            ks = max(ks, abs(cum_o - cum_e))
    critical = PAO_CRITICAL / math.sqrt(authors) if authors else float("nan")
    fit = pd.DataFrame(
        [(authors, beta, const, r2, ks, critical, bool(ks <= critical) if ks == ks else False)],
        columns=list(T.TABLES[T.LOTKA_FIT].columns),
    ).astype({"authors": "int64", "fits": "bool"})
    return dist, fit


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def paper_keywords(paper: Paper) -> dict[str, list[str]]:
    """kind -> the keywords of a paper as written (see :data:`KEYWORD_KINDS`)."""
    indexed = paper.extra.get("keywords_plus") or paper.extra.get("index_keywords") or []
    return {
        "author": list(paper.keywords),
        "indexed": [str(k) for k in indexed] if isinstance(indexed, list) else [],
        "mesh": [h.descriptor for h in paper.mesh],
    }


def _frame(name: str, rows: list[tuple[Any, ...]], dtypes: dict[str, str] | None = None) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(T.TABLES[name].columns))
    return df.astype(dtypes) if dtypes and len(df) else df


def descriptive(
    corpus: Corpus,
    kg: KnowledgeGraph,
    *,
    citation_year: int | None = None,
    uk_nations: bool = False,
    map_size: int = 50,
    field_top: int = 12,
    seed: int = 0,
) -> dict[str, pd.DataFrame]:
    """The descriptive tables of a corpus (names and columns in :mod:`.tables`; formulas in the module docs).
    Tables whose fields the corpus lacks are left out (no affiliations: no country tables; no keywords: no
    keyword tables). Each table's ``attrs["settings"]`` say how it was computed."""
    papers = list(corpus.papers)
    years = sorted(p.year for p in papers if p.year is not None)
    cy = citation_year if citation_year is not None else (years[-1] if years else None)
    tc = {p.id: p.citation_count for p in papers}
    local = _local_citations(kg)
    out: dict[str, pd.DataFrame] = {}
    settings: dict[str, dict[str, Any]] = {}
    common = {"citation_year": cy, "citation_year_given": citation_year is not None}

    out[T.ANNUAL_PRODUCTION] = _annual(papers, cy)
    out[T.PAPER_CITATIONS] = _paper_citations(papers, local, cy)
    authors, written = _authors(kg, tc, local)
    out[T.AUTHOR_PRODUCTION] = authors
    sources, venue_of = _sources(kg, tc)
    out[T.SOURCES] = sources
    out[T.BRADFORD_ZONES] = _bradford_summary(sources)
    if len(authors):
        out[T.LOTKA], out[T.LOTKA_FIT] = lotka(authors["papers"])
        settings[T.LOTKA] = settings[T.LOTKA_FIT] = {
            "counting": "full",
            "fit": "least squares on log10(share) ~ log10(papers), over the paper counts observed",
            "goodness_of_fit": "R squared of the fit; Kolmogorov-Smirnov D vs Pao's 1.63/sqrt(authors) (0.01)",
        }
    geo = [paper_geography(p, uk_nations=uk_nations) for p in papers]
    has_geo = any(g.countries for g in geo)
    if has_geo:
        out[T.COUNTRIES], out[T.COUNTRY_COLLABORATION], out[T.INSTITUTIONS] = _countries(papers, geo, tc)
        basis = Counter(g.lead_basis for g in geo if g.lead_basis)
        settings[T.COUNTRIES] = {
            "uk_nations": uk_nations,
            "corresponding_from": dict(sorted(basis.items())),
            "papers_with_a_country": sum(1 for g in geo if g.countries),
            "addresses_without_country": sum(g.unresolved for g in geo),
        }
        settings[T.COUNTRY_COLLABORATION] = settings[T.INSTITUTIONS] = settings[T.COUNTRIES]
    shown = concept_display(kg)
    groups = {kind: _keyword_counts(papers, kind, shown) for kind, _ in KEYWORD_KINDS}
    kw = _keywords(groups, len(papers), map_size, seed)
    if kw is not None:
        out[T.KEYWORDS], out[T.KEYWORD_COOCCURRENCE] = kw
        settings[T.KEYWORDS] = settings[T.KEYWORD_COOCCURRENCE] = {
            "map_size": map_size,
            "seed": seed,
            "clusters": "leiden on association strength",
            "kinds": sorted(set(out[T.KEYWORDS]["kind"])),
        }
    three = _three_field(papers, groups, written, venue_of, authors, sources, field_top)
    if three is not None:
        out[T.THREE_FIELD], kind = three
        settings[T.THREE_FIELD] = {
            "top": field_top,
            "keywords": kind,
            "fields": ["author", "keyword", "source"],
        }
    out[T.MAIN_INFORMATION] = _main_information(papers, groups, out, geo if has_geo else None, cy)
    for name, df in out.items():
        T.check(name, df.columns)
        _twelve_digits(df)
        df.attrs["settings"] = {**common, **settings.get(name, {})}
    return out


def _twelve_digits(df: pd.DataFrame) -> None:
    """Floats to 12 significant digits and 12 decimals, in place: the store's JSON writes 15 decimals, so a table
    and its saved copy are equal and draw byte-identical figures (a layout amplifies a 16th-digit difference)."""
    for col in df.columns:
        if df[col].dtype == "float64":
            df[col] = [_stable(x) for x in df[col]]
        elif df[col].dtype == object:
            df[col] = pd.Series([_stable(x) if isinstance(x, float) else x for x in df[col]], dtype=object)


def _stable(x: float) -> float:
    return round(float(f"{x:.12g}"), 12) if math.isfinite(x) else x


# ----------------------------------------------------------------------------------------------- the parts


def _local_citations(kg: KnowledgeGraph) -> Counter[str]:
    cited: Counter[str] = Counter()
    for _, v, _ in kg.edges(schema.CITES):
        cited[schema.split_node_id(v)[1]] += 1
    return cited


def _annual(papers: list[Paper], cy: int | None) -> pd.DataFrame:
    by_year: dict[int, list[int | None]] = defaultdict(list)
    for p in papers:
        if p.year is not None:
            by_year[p.year].append(p.citation_count)
    rows = []
    cum = 0
    if by_year:
        for y in range(min(by_year), max(by_year) + 1):
            counts = by_year.get(y, [])
            known = [c for c in counts if c is not None]
            cum += len(counts)
            mean = sum(known) / len(known) if known else float("nan")
            citable = cy - y + 1 if cy is not None and cy >= y else float("nan")
            rows.append(
                (
                    y,
                    len(counts),
                    cum,
                    sum(known),
                    mean,
                    citable,
                    mean / citable if citable == citable else float("nan"),
                )
            )
    return _frame(T.ANNUAL_PRODUCTION, rows, {"year": "int64", "papers": "int64", "cumulative": "int64",
                                              "times_cited": "int64", "citable_years": "float64"})  # fmt: skip


def _per_year(count: int | None, year: int | None, cy: int | None) -> float:
    if count is None or year is None or cy is None or cy < year:
        return float("nan")
    return count / (cy - year + 1)


def _paper_citations(papers: list[Paper], local: Counter[str], cy: int | None) -> pd.DataFrame:
    rows = [
        (
            p.id,
            p.title,
            p.year,
            p.authors[0].name if p.authors else None,
            p.venue,
            p.citation_count,
            _per_year(p.citation_count, p.year, cy),
            local.get(p.id, 0),
        )
        for p in papers
    ]
    rows.sort(key=lambda r: (-(r[5] if r[5] is not None else -1), -r[7], r[0]))
    return _frame(
        T.PAPER_CITATIONS, rows, {"year": "Int64", "times_cited": "Int64", "local_citations": "int64"}
    )


def _authors(
    kg: KnowledgeGraph, tc: dict[str, int | None], local: Counter[str]
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The authors table and author node -> paper ids (the graph's AUTHORED relationships)."""
    written: dict[str, list[str]] = defaultdict(list)
    team: Counter[str] = Counter()
    for u, v, _ in kg.edges(schema.AUTHORED):
        pid = schema.split_node_id(v)[1]
        written[u].append(pid)
        team[pid] += 1
    year = {schema.split_node_id(n)[1]: d.get("year") for n, d in kg.nodes(schema.PAPER)}
    rows = []
    for a, pids in written.items():
        cites = [tc.get(p) or 0 for p in pids]
        years = [y for p in pids if (y := year.get(p)) is not None]
        rows.append(
            (
                a,
                kg.graph.nodes[a].get("name") or schema.split_node_id(a)[1],
                len(pids),
                round(sum(1.0 / team[p] for p in pids), 6),
                min(years) if years else None,
                sum(cites),
                sum(local.get(p, 0) for p in pids),
                h_index(cites),
            )
        )
    rows.sort(key=lambda r: (-r[2], -r[3], r[0]))
    df = _frame(T.AUTHOR_PRODUCTION, rows, {"papers": "int64", "papers_fractional": "float64", "first_year": "Int64",
                                           "times_cited": "int64", "local_citations": "int64", "h_index": "int64"})  # fmt: skip
    return df, written


def _sources(kg: KnowledgeGraph, tc: dict[str, int | None]) -> tuple[pd.DataFrame, dict[str, str]]:
    """The sources table (Bradford zones) and paper id -> source name (the graph's Venue identity)."""
    by_venue: dict[str, list[str]] = defaultdict(list)
    for u, v, _ in kg.edges(schema.PUBLISHED_IN):
        by_venue[v].append(schema.split_node_id(u)[1])
    names = {v: kg.graph.nodes[v].get("name") or schema.split_node_id(v)[1] for v in by_venue}
    ranked = sorted(by_venue, key=lambda v: (-len(by_venue[v]), names[v], v))
    counts = [len(by_venue[v]) for v in ranked]
    zones = bradford_zones(counts)
    rows, cum = [], 0
    for rank, (v, n, z) in enumerate(zip(ranked, counts, zones, strict=True), start=1):
        cum += n
        rows.append((rank, names[v], n, cum, z, sum(tc.get(p) or 0 for p in by_venue[v])))
    venue_of = {p: names[v] for v in ranked for p in by_venue[v]}
    df = _frame(T.SOURCES, rows, {"rank": "int64", "papers": "int64", "cumulative": "int64", "zone": "int64",
                                  "times_cited": "int64"})  # fmt: skip
    return df, venue_of


def _bradford_summary(sources: pd.DataFrame) -> pd.DataFrame:
    total = int(sources["papers"].sum()) if len(sources) else 0
    rows = []
    for z in (1, 2, 3):
        sub = sources[sources["zone"] == z] if len(sources) else sources
        n = int(sub["papers"].sum()) if len(sub) else 0
        rows.append((z, len(sub), n, n / total if total else float("nan")))
    return _frame(
        T.BRADFORD_ZONES, rows if total else [], {"zone": "int64", "sources": "int64", "papers": "int64"}
    )


def _countries(
    papers: list[Paper], geo: list[Any], tc: dict[str, int | None]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    full: Counter[str] = Counter()
    frac: Counter[str] = Counter()
    cites: Counter[str] = Counter()
    lead: Counter[str] = Counter()
    mcp: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    insts: Counter[tuple[str, str | None]] = Counter()
    for p, g in zip(papers, geo, strict=True):
        for c in g.countries:
            full[c] += 1
            frac[c] += 1.0 / len(g.countries)
            cites[c] += tc.get(p.id) or 0
        if g.lead is not None:
            lead[g.lead] += 1
            mcp[g.lead] += g.multi_country
        ordered = sorted(g.countries)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs[(a, b)] += 1
        for inst in g.institutions:
            insts[inst] += 1
    names = sorted(set(full) | set(lead), key=lambda c: (-full[c], -lead[c], c))
    rows = [
        (c, full[c], round(frac[c], 6), lead[c], lead[c] - mcp[c], mcp[c], mcp[c] / lead[c] if lead[c] else float("nan"), cites[c])
        for c in names
    ]  # fmt: skip
    countries = _frame(T.COUNTRIES, rows, {"papers": "int64", "papers_fractional": "float64", "corresponding": "int64",
                                           "scp": "int64", "mcp": "int64", "times_cited": "int64"})  # fmt: skip
    collab = _frame(
        T.COUNTRY_COLLABORATION,
        [(a, b, n) for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))],
        {"papers": "int64"},
    )
    inst_rows = [
        (i, c, n) for (i, c), n in sorted(insts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or ""))
    ]
    return countries, collab, _frame(T.INSTITUTIONS, inst_rows, {"papers": "int64"})


class _KeywordCounts(NamedTuple):
    counts: Counter[str]  # papers per keyword (a synonym group)
    per_paper: list[list[str]]  # the keywords of each paper, in the order of ``papers``


def _keyword_counts(papers: list[Paper], kind: str, shown: dict[str, str]) -> _KeywordCounts:
    """Papers per keyword of a kind. Author and indexed keywords are merged into their synonym groups
    (:func:`~.trend_detection.keyword_forms`: case, hyphen and space variants, plurals, a long form with its
    acronym; named by the group's name, written as the concept of that name is: ``shown``), the same keywords
    the trend and community tables count; MeSH descriptors (a controlled vocabulary) count as given, case and
    spacing folded."""
    from .trend_detection import keyword_forms

    written = [[" ".join(str(k).split()) for k in paper_keywords(p)[kind]] for p in papers]
    written = [list(dict.fromkeys(k for k in ks if k)) for ks in written]  # (a spelling votes once per paper)
    if kind == "mesh":
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for ks in written:
            for k in ks:
                spellings[_fold(k)][k] += 1
        common = {key: min(v.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, v in spellings.items()}
        name = {k: common[_fold(k)] for ks in written for k in ks}
    else:
        name = {k: as_concept(v, shown) for k, v in keyword_forms(k for ks in written for k in ks).items()}
    per_paper = [list(dict.fromkeys(name[k] for k in ks)) for ks in written]
    return _KeywordCounts(Counter(k for keys in per_paper for k in keys), per_paper)


def _keywords(
    groups: dict[str, _KeywordCounts], n_papers: int, map_size: int, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    import networkx as nx

    from .communities import detect_communities

    rows: list[tuple[Any, ...]] = []
    pair_rows: list[tuple[Any, ...]] = []
    for kind, _ in KEYWORD_KINDS:
        counts, per_paper = groups[kind]
        if not counts:
            continue
        ranked = sorted(counts, key=lambda k: (-counts[k], k))
        mapped = set(ranked[:map_size])
        pairs: Counter[tuple[str, str]] = Counter()
        for keys in per_paper:
            on = sorted(k for k in keys if k in mapped)
            for i, a in enumerate(on):
                for b in on[i + 1 :]:
                    pairs[(a, b)] += 1
        g = nx.Graph()
        g.add_nodes_from(sorted(mapped))
        for (a, b), n in pairs.items():
            assoc = n * n_papers / (counts[a] * counts[b])
            g.add_edge(a, b, weight=assoc)
            pair_rows.append((kind, a, b, n, assoc))
        cluster = detect_communities(g, seed=seed, stability_runs=0).membership if g.number_of_edges() else {}
        for rank, k in enumerate(ranked, start=1):
            rows.append((kind, k, counts[k], rank, cluster.get(k, -1) if k in mapped else -1))
    if not rows:
        return None
    order = {k: i for i, (k, _) in enumerate(KEYWORD_KINDS)}
    pair_rows.sort(key=lambda r: (order[r[0]], -r[3], r[1], r[2]))
    kw = _frame(T.KEYWORDS, rows, {"papers": "int64", "rank": "int64", "cluster": "int64"})
    co = _frame(T.KEYWORD_COOCCURRENCE, pair_rows, {"papers": "int64", "association": "float64"})
    return kw, co


def _three_field(
    papers: list[Paper],
    groups: dict[str, _KeywordCounts],
    written: dict[str, list[str]],
    venue_of: dict[str, str],
    authors: pd.DataFrame,
    sources: pd.DataFrame,
    top: int,
) -> tuple[pd.DataFrame, str] | None:
    kind = None
    for k, _ in KEYWORD_KINDS:
        counts, per_paper = groups[k]
        if counts:
            kind = k
            break
    if kind is None or not len(authors) or not len(sources):
        return None
    top_kw = sorted(counts, key=lambda k: (-counts[k], k))[:top]
    top_authors = list(authors["node"].head(top))
    name = dict(zip(authors["node"], authors["name"], strict=True))
    top_sources = set(sources["source"].head(top))
    kw_of = {p.id: set(keys) & set(top_kw) for p, keys in zip(papers, per_paper, strict=True)}
    a_k: Counter[tuple[str, str]] = Counter()
    for a in top_authors:
        for pid in written[a]:
            for k in kw_of.get(pid, ()):
                a_k[(name[a], k)] += 1
    k_s: Counter[tuple[str, str]] = Counter()
    for pid, keys in kw_of.items():
        src = venue_of.get(pid)
        if src in top_sources:
            for k in keys:
                k_s[(k, src)] += 1
    rows = [("author", a, "keyword", k, n) for (a, k), n in a_k.items()]
    rows += [("keyword", k, "source", s, n) for (k, s), n in k_s.items()]
    rows.sort(key=lambda r: (r[0] != "author", -r[4], r[1], r[3]))
    return _frame(T.THREE_FIELD, rows, {"papers": "int64"}), kind


def _main_information(papers: list[Paper], groups: dict[str, _KeywordCounts], out: dict[str, pd.DataFrame], geo: list[Any] | None, cy: int | None) -> pd.DataFrame:  # fmt: skip
    annual = out[T.ANNUAL_PRODUCTION]
    per_year = list(zip(annual["year"].astype(int), annual["papers"].astype(int), strict=True))
    growth = annual_growth_rate(per_year)
    dated = [p for p in papers if p.year is not None]
    tcs = [p.citation_count for p in papers if p.citation_count is not None]
    teams = [len(p.authors) for p in papers if p.authors]
    authors = out[T.AUTHOR_PRODUCTION]
    nan = float("nan")
    rows: list[tuple[str, Any, str]] = [
        ("papers", len(papers), "papers in the corpus"),
        ("first_year", per_year[0][0] if per_year else None, "earliest publication year"),
        ("last_year", per_year[-1][0] if per_year else None, "latest publication year"),
        ("papers_without_year", len(papers) - len(dated), "papers without a publication year (not in the annual table)"),
        ("annual_growth_rate", growth if growth is not None else nan, "(last/first)^(1/(years-1)) - 1 of papers per year"),
        # no times-cited count in the export: no year they are counted as of (the ages still need one: the last)
        ("citation_year", cy if tcs else None, "the year the times-cited counts are taken as of"),
        ("mean_age", sum(cy - p.year for p in dated) / len(dated) if dated and cy else nan, "mean of (reference year - publication year); the reference year is the year times-cited are counted as of: the latest publication year unless given"),
        ("papers_with_times_cited", len(tcs), "papers whose export gives a times-cited count"),
        ("mean_times_cited", sum(tcs) / len(tcs) if tcs else nan, "mean times-cited per paper"),
        ("citations_inside", int(out[T.PAPER_CITATIONS]["local_citations"].sum()), "citations between papers of the corpus"),
        ("references", sum(len(p.references) for p in papers), "cited references, all papers"),
        ("sources", len(out[T.SOURCES]), "distinct sources (journals, proceedings, ...)"),
        ("authors", len(authors), "distinct authors"),
        ("single_authored_papers", sum(1 for n in teams if n == 1), "papers with one author"),
        ("authors_per_paper", sum(teams) / len(teams) if teams else nan, "mean authors per paper (papers with authors)"),
    ]  # fmt: skip
    for kind, what in KEYWORD_KINDS:
        if n := len(groups[kind].counts):
            rows.append((f"keywords_{kind}", n, f"distinct {what}"))
    if geo is not None:
        known = [g for g in geo if g.countries]
        mcp = sum(1 for g in known if g.multi_country)
        rows.append(("countries", len(out[T.COUNTRIES]), "distinct countries in the addresses"))
        rows.append(("international_coauthorship", mcp / len(known) if known else nan, "share of papers with addresses in more than one country (of papers with a known country)"))  # fmt: skip
    values = [v.item() if hasattr(v, "item") else v for _, v, _ in rows]  # plain ints and floats, one per row
    return pd.DataFrame(
        {
            "measure": [r[0] for r in rows],
            "value": pd.Series(values, dtype=object),
            "description": [r[2] for r in rows],
        }
    )
