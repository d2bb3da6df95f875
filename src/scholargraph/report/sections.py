"""The report's sections as plain data, each built from the analysis tables (and the corpus and graph for names
and paper references). Nothing here analyses: a number the report prints is a number a table holds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis import tables as T
from ..graph import schema
from ._common import Papers, fmt_q, listish, main_fact, pct, short, span

if TYPE_CHECKING:
    from ..graph.kg import KnowledgeGraph
    from ..model import Corpus

__all__ = [
    "TREND_KINDS",
    "corpus_section",
    "trend_kinds",
    "items_section",
    "trend_sections",
    "burst_rows",
    "communities_section",
    "central_section",
    "collaboration_section",
    "attention_section",
    "lower_first",
    "MIN_UPVOTED_PAPERS",
]

# the kinds of items trends are computed over: (kind, singular, plural); the report's sections come in this order
# (author keywords first: the cleanest signal where the export has them)
TREND_KINDS = (
    ("keyword", "author keyword", "Author keywords"),
    ("mesh", "MeSH descriptor", "MeSH descriptors"),
    ("topic", "topic", "Topics"),
    ("concept", "concept", "Concepts"),
)


def _count(n: Any) -> str:
    """A count with thousands separators; '?' when unknown."""
    return f"{int(n):,}" if isinstance(n, int | float) else "?"


def lower_first(words: str) -> str:
    """``words`` with a lower-case first letter, unless its first word is written in mixed or upper case.

    >>> lower_first("Author keywords"), lower_first("MeSH descriptors"), lower_first("WoS categories")
    ('author keywords', 'MeSH descriptors', 'WoS categories')
    """
    first = words.split(" ", 1)[0]
    return words if first[1:] != first[1:].lower() else words[:1].lower() + words[1:]


def corpus_section(corpus: Corpus, kg: KnowledgeGraph) -> dict[str, Any]:
    cov = corpus.coverage()
    total = cov.get("papers", 0)
    years = sorted(p.year for p in corpus.papers if p.year is not None)
    counts = kg.counts()
    n_authors = counts["nodes"].get(schema.AUTHOR, 0)
    only_counts = cov.get("author count only", 0)
    cards = [
        {"name": "papers", "value": total},
        {
            "name": "authors"
            if n_authors or not only_counts
            else "authors (the source gives counts, not names)",
            "value": n_authors if n_authors or not only_counts else "—",
        },
        {"name": "citations inside the corpus", "value": counts["edges"].get(schema.CITES, 0)},
        {"name": "topics", "value": counts["nodes"].get(schema.TOPIC, 0)},
        {"name": "years", "value": f"{years[0]}–{years[-1]}" if years else "unknown"},
        {"name": "rejected records", "value": len(corpus.rejects)},
    ]
    coverage = [
        {"field": k, "count": v, "share": pct(v / total if total else None)}
        for k, v in cov.items()
        if k != "papers"
    ]
    files = [
        {
            "file": Path(f.file).name if not str(f.file).startswith("synthetic:") else f.file,
            "format": f.format,
            "records": f.records,
            "papers": f.papers,
            "rejects": f.rejects,
            "merged": f.merged,
        }
        for f in corpus.files
    ]
    return {
        "cards": cards,
        "coverage": coverage,
        "coverage_raw": cov,
        "files": files,
        "n_rejects": len(corpus.rejects),
        "reject_examples": [str(r) for r in corpus.rejects[:10]],
        "notes": list(corpus.notes),
        "synthetic": any(p.extra.get("synthetic") for p in corpus.papers),
    }


# --------------------------------------------------------------------------------------------------- trends


def trend_kinds(tables: Mapping[str, Any], settings: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """The kinds with a trend table, in :data:`TREND_KINDS` order; topics are left out when extraction flagged
    them as unstable (small corpora: concept clusters speak instead)."""
    out = []
    for k in TREND_KINDS:
        name = T.trend_table("trends", k[0])
        if name not in tables:
            continue
        if k[0] == "topic" and settings.get("topics_unstable"):
            continue
        out.append(k)
    return out


def _peak_text(row: Mapping[str, Any], which: str = "peak") -> str:
    """'14.3% (1998–2005)': the item's highest (``which="low"``: lowest) share over runs of periods holding a
    tenth of the papers (the trend table's ``share_peak``, ``peak_period`` / ``share_low_run``, ``low_period``;
    '—' for a table made before they existed)."""
    when = row.get(f"{which}_period")
    value = row.get("share_peak" if which == "peak" else "share_low_run")
    return f"{pct(float(value))} ({when})" if isinstance(when, str) and when else "—"


def _status_text(row: Mapping[str, Any]) -> str:
    return f"{row['status']} (q {fmt_q(float(row['q_value']))})"


def items_section(
    tables: Mapping[str, Any],
    table_settings: Mapping[str, Any],
    kind: tuple[str, str, str],
    papers: Papers,
    top: int,
    topic_ids: Mapping[str, int],
    topic_papers: Mapping[str, list[str]] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The ``top`` items of a kind with the most papers: their share at the start and the end of the range (the
    windows the trend table pooled) and their status (from the trend table: the status the test gave). The
    papers behind an item are its most recent ones (the trend table's), or for a topic given in
    ``topic_papers`` its highest-weight papers: what the topic is made of (the most recent papers of a topic
    that mixes two subjects can all come from the lesser one)."""
    name = T.trend_table("trends", kind[0])
    trend, st = tables[name], table_settings.get(name, {})
    first, last = st.get("first_window") or [""], st.get("last_window") or [""]
    rows = []
    if len(trend):
        ordered = trend.sort_values(["n_papers", "z"], ascending=[False, False], kind="mergesort")
        for _, r in ordered.head(top).iterrows():
            a, b = float(r["share_first"]), float(r["share_last"])
            rows.append(
                {
                    "id": topic_ids.get(r["item"], ""),
                    "label": r["item"],
                    "papers": int(r["n_papers"]),
                    "first": pct(a),
                    "last": pct(b),
                    "change": f"{100 * (b - a):+.1f} pts" if a == a and b == b else "—",
                    "low": _peak_text(r, "low"),
                    "peak": _peak_text(r),
                    "status": _status_text(r),
                    "refs": papers.refs((topic_papers or {}).get(r["item"]) or listish(r["paper_ids"]), 5),
                }
            )
    periods = {"first": span(first), "last": span(last)}
    for end in ("first", "last"):
        n = st.get(f"{end}_window_papers")
        periods[f"{end}_n"] = f"{int(n):,}" if n is not None else ""
    return rows, periods


def _burst_text(bursts: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    if bursts is not None and len(bursts):
        for item, sub in bursts.sort_values(["item", "start"]).groupby("item", sort=True):
            out[item] = ", ".join(
                (f"{a}–{b}" if str(a) != str(b) else str(a)) + (" (ongoing)" if o else "")
                for a, b, o in zip(sub["start"], sub["end"], sub["ongoing"], strict=True)
            )
    return out


def concept_acronyms(ann: Any) -> dict[str, str]:
    """Concept (as shown: its display form, else its name) -> the acronym the papers write for it, for the
    concepts read from an acronym's long form ("coronavirus disease 2019" -> "COVID-19"): the shortest of its
    short forms (:attr:`Concept.aliases`) that the papers write, spelled as most of the papers whose evidence
    sentences have it spell it ("SARS-CoV-2" in 12 WoS papers, "SARS-COV-2" in 2 titles written in capitals;
    ties: more capitals, "PCR" before "PCr"). None for a concept whose short forms no paper writes.

    >>> from scholargraph.nlp.annotations import Annotations, Concept, Evidence, Mention
    >>> def said(text):
    ...     return [Mention("severe acute respiratory syndrome coronavirus 2", evidence=[Evidence(0, 0, 0, text)])]
    >>> ann = Annotations(concepts={
    ...     "coronavirus disease 2019": Concept("coronavirus disease 2019", aliases=["covid-19"],
    ...                                         surface_forms=["COVID-19"]),
    ...     "polymerase chain reaction": Concept("polymerase chain reaction", aliases=["rt-pcr", "pcr"],
    ...                                          surface_forms=["PCr", "PCR", "RT-PCR", "polymerase chain reaction"]),
    ...     "severe acute respiratory syndrome coronavirus 2": Concept(
    ...         "severe acute respiratory syndrome coronavirus 2", aliases=["sars-cov-2"],
    ...         surface_forms=["SARS-COV-2", "SARS-CoV-2"]),
    ...     "body mass index": Concept("body mass index", aliases=["bmi"], surface_forms=["body mass index"])},
    ...     mentions={"a": said("SARS-CoV-2 infection."), "b": said("Of SARS-CoV-2."), "c": said("SARS-COV-2 IN")})
    >>> concept_acronyms(ann)  # doctest: +NORMALIZE_WHITESPACE
    {'coronavirus disease 2019': 'COVID-19', 'polymerase chain reaction': 'PCR',
     'severe acute respiratory syndrome coronavirus 2': 'SARS-CoV-2'}
    """
    if ann is None:
        return {}
    written: dict[str, tuple[str, list[str]]] = {}  # concept -> (shown, spellings of its acronym)
    for name, c in sorted(ann.concepts.items()):
        shown = c.shown
        for alias in sorted(c.aliases, key=lambda a: (len(a), a)):
            forms = sorted({f for f in c.surface_forms if f.casefold() == alias.casefold()})
            if forms and alias.casefold() not in shown.casefold():
                written[name] = (shown, forms)
                break
    votes: Counter[tuple[str, str]] = Counter()
    for mentions in ann.mentions.values():
        for m in mentions:
            if m.concept in written and len(written[m.concept][1]) > 1:
                texts = [e.text for e in m.evidence]
                votes.update((m.concept, f) for f in written[m.concept][1] if any(f in t for t in texts))
    return {
        shown: max(forms, key=lambda f: (votes[(name, f)], sum(ch.isupper() for ch in f), f))
        for name, (shown, forms) in written.items()
    }


def trend_sections(
    tables: Mapping[str, Any], table_settings: Mapping[str, Any], kinds: list[tuple[str, str, str]], papers: Papers,
    top: int, acronyms: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Per kind: the emerging and the declining items (the trend table's order: bursting first, burst strength x
    the burst's papers, then z), each with its papers, shares, test statistics, bursts and a sentence of
    evidence; or, when no item of the kind passes the test, the sentence that says so. A concept read from an
    acronym's long form is named with the acronym the papers write (``acronyms``: :func:`concept_acronyms`):
    "coronavirus disease 2019 (COVID-19)"."""
    acronyms = acronyms or {}
    out = []
    for kind, singular, plural in kinds:
        lower = lower_first(plural)
        name = T.trend_table("trends", kind)
        trend, st = tables[name], table_settings.get(name, {})
        bursts = _burst_text(tables.get(T.trend_table("bursts", kind)))
        lists = {}
        for status in ("emerging", "declining"):
            rows = []
            for _, r in trend[trend["status"] == status].head(top).iterrows():
                evidence = listish(r["evidence"])
                rows.append(
                    {
                        "label": f"{r['item']} ({acronyms[r['item']]})"
                        if kind == "concept" and r["item"] in acronyms
                        else r["item"],
                        "papers": int(r["n_papers"]),
                        "first": pct(float(r["share_first"])),
                        "last": pct(float(r["share_last"])),
                        "low": _peak_text(r, "low"),
                        "peak": _peak_text(r),
                        "z": f"{float(r['z']):+.1f}",
                        "q": fmt_q(float(r["q_value"])),
                        "bursts": bursts.get(r["item"], ""),
                        "evidence": short(evidence[0], 220) if evidence else "",
                        "refs": papers.refs(listish(r["paper_ids"]), 5),
                    }
                )
            lists[status] = rows
        tested, significant = int(st.get("tested", len(trend))), int(st.get("significant", 0))
        period = st.get("period", "year")
        fdr = float(st.get("fdr", 0.05))
        if not st.get("supported", bool(significant)):
            message = (
                f"{period.capitalize()}-level trends of {lower} are not supported here: 0 of {tested:,} "
                f"{lower} with at least {st.get('min_support', 10)} papers pass the trend test at a "
                f"false-discovery rate of {fdr:g} ({_count(st.get('papers'))} papers over {st.get('periods', '?')} "
                f"{period}s). None is listed."
            )
        else:
            message = (
                f"{significant:,} of {tested:,} {lower} with at least {st.get('min_support', 10)} papers "
                f"pass the trend test at a false-discovery rate of {fdr:g}."
            )
        out.append(
            {
                "id": f"trends-{kind}",
                "kind": kind,
                "name": singular,
                "plural": plural,
                "plural_lower": lower,
                "supported": bool(st.get("supported", bool(significant))),
                "message": message,
                "emerging": lists["emerging"],
                "declining": lists["declining"],
                "has_evidence": any(r["evidence"] for rows in lists.values() for r in rows),
            }
        )
    return out


def burst_rows(tables: Mapping[str, Any], kinds: list[tuple[str, str, str]], limit: int = 15) -> Any:
    """The strongest bursts of every kind (burst strength x papers), in the figure's columns."""
    import pandas as pd

    frames = []
    for kind, singular, _ in kinds:
        b = tables.get(T.trend_table("bursts", kind))
        if b is None or not len(b):
            continue
        suffix = f" ({singular})" if len(kinds) > 1 else ""
        frames.append(
            pd.DataFrame(
                {
                    "topic": [f"{x}{suffix}" for x in b["item"]],
                    "start": b["start"].astype(str),
                    "end": b["end"].astype(str),
                    "weight": b["strength"].astype(float),
                    # the figure cuts labels at 38 characters: cut the item, keep what kind it is
                    "label": [f"{short(x, 38 - len(suffix))}{suffix}" for x in b["item"]],
                    "_score": b["strength"].astype(float) * b["n_papers"].astype(float),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["topic", "start", "end", "weight", "label"])
    df = pd.concat(frames, ignore_index=True).sort_values(["_score", "topic"], ascending=[False, True])
    return df.head(limit).drop(columns="_score").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- communities


def communities_section(
    tables: Mapping[str, Any], table_settings: Mapping[str, Any], kg: KnowledgeGraph, papers: Papers, top: int
):
    import networkx as nx

    summary, members = tables.get(T.COMMUNITY_SUMMARY), tables.get(T.COMMUNITIES)
    cgraph = nx.Graph()
    if summary is None or not len(summary):
        return {
            "rows": [],
            "summary": "No communities: the graph has neither references nor concepts to group.",
            "warning": None,
        }, cgraph
    st = table_settings.get(T.COMMUNITY_SUMMARY, {})
    membership = dict(zip(members["node"].astype(str), members["community"].astype(int), strict=True))
    paper_comms = _paper_communities(kg, membership)
    written: dict[int, Counter] = defaultdict(Counter)
    for u, v, _ in kg.edges(schema.AUTHORED):
        for c in paper_comms.get(v, ()):
            written[c][kg.graph.nodes[u].get("name") or schema.split_node_id(u)[1]] += 1
    rows = []
    for _, r in summary.sort_values("community").iterrows():
        c = int(r["community"])
        cgraph.add_node(c, size=max(int(r["n_papers"]), 1), label=f"{c}: {r['label']}")
        if len(rows) < top:
            authors = sorted(written[c].items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            rows.append(
                {
                    "id": c,
                    "label": str(r["label"]),
                    "terms": listish(r["label_terms"]),
                    "size": int(r["size"]),
                    "papers": int(r["n_papers"]),
                    "refs": papers.refs(listish(r["paper_ids"]), 5),
                    "authors": ", ".join(f"{a} ({n})" for a, n in authors),
                }
            )
    links = tables.get(T.COMMUNITY_LINKS)
    if links is not None:
        for a, b, w in zip(links["source"], links["target"], links["weight"], strict=True):
            if a in cgraph and b in cgraph:
                cgraph.add_edge(int(a), int(b), weight=float(w))
    modularity, stability = st.get("modularity"), st.get("stability_nmi")
    projection = {
        "bibliographic_coupling": "bibliographic coupling",
        "concept_cooccurrence": "concept co-occurrence",
    }
    text = (
        f"{len(summary):,} communities of the {projection.get(st.get('projection'), st.get('projection', ''))} "
        f"graph ({st.get('method', 'leiden').capitalize()}, association-strength weights): modularity "
        f"{float(modularity):.2f}" + (f", stability {float(stability):.2f} (NMI between seeds)" if stability is not None else "")
        if modularity is not None
        else f"{len(summary)} communities"
    )  # fmt: skip
    if len(summary) > len(rows):
        text += f"; the {len(rows)} largest are listed"
    if st.get("projection") == "concept_cooccurrence":
        text += (
            ". Each cluster is named by its concepts with the highest papers x termhood: found in many papers,"
            " and far more frequent here than in English at large (termhood = log10 of that ratio; those of 1.5"
            " or more first, and never two pieces of one phrase)"
        )
    else:
        text += (
            ". Each label names the terms that most set the community's papers apart (Dunning's log-likelihood"
            " ratio, LLR, as CiteSpace names clusters: it weighs how many of the community's papers have the term"
            " and how rare it is outside), over-represented beyond chance, with their support and lift; a term"
            " found in more than a fifth of the other papers is never used."
        )
    warning = None
    if st.get("structure") == "weak":
        warning = (
            "Weak structure: the modularity is low or the partition changes with the seed, so these communities "
            "may be artefacts of the algorithm rather than groups in the literature. Read them with care."
        )
    return {"rows": rows, "summary": text, "warning": warning}, cgraph


def _paper_communities(kg: KnowledgeGraph, membership: Mapping[str, int]) -> dict[str, set[int]]:
    """Paper node -> communities: its own (paper partitions) or those of the concepts it mentions."""
    out: dict[str, set[int]] = defaultdict(set)
    for n, _ in kg.nodes(schema.PAPER):
        if n in membership:
            out[n].add(membership[n])
    if not out:
        for u, v, _ in kg.edges(schema.MENTIONS):
            if v in membership:
                out[u].add(membership[v])
    return out


# ------------------------------------------------------------------------------------------ central papers


def central_section(tables: Mapping[str, Any], papers: Papers, top: int) -> dict[str, Any]:
    """The top papers by PageRank with their citations inside the corpus and their global times-cited, or why
    there are none."""
    df = tables[T.CENTRALITY]
    explain = (
        "PageRank ranks a paper high when papers of this corpus that are themselves cited cite it (a citation "
        "from a central paper counts more than one from a peripheral one); 'cited here' counts citations from "
        "this corpus, 'times cited' is the export's global count (WoS TC, Scopus Cited by, OpenAlex)."
    )
    if not len(df) or int(df["in_degree"].max()) == 0:
        return {
            "rows": [],
            "explain": explain,
            "empty": "No paper of this corpus cites another one (the export has no references, or none resolves to "
            "a paper of the corpus), so there is no citation centrality to show.",
        }
    import pandas as pd

    df = df.sort_values(["pagerank", "in_degree", "paper_id"], ascending=[False, False, True])
    has_tc = df["times_cited"].notna().any()
    rows = [
        {
            "ref": papers.ref(str(r["paper_id"])),
            "pagerank": f"{float(r['pagerank']):.4f}",
            "cited": int(r["in_degree"]),
            "times_cited": "" if pd.isna(r["times_cited"]) else int(r["times_cited"]),
        }
        for _, r in df.head(top).iterrows()
        if papers.known(str(r["paper_id"]))
    ]  # fmt: skip
    return {"rows": rows, "explain": explain, "has_times_cited": bool(has_tc), "empty": ""}


# ------------------------------------------------------------------------------------------- collaboration


def collaboration_section(tables: Mapping[str, Any], papers: Papers, top: int) -> dict[str, Any]:
    table, summary, hyper = (
        tables[T.COLLABORATION],
        tables[T.COLLABORATION_SUMMARY],
        tables.get(T.HYPER_AUTHORED),
    )
    facts = summary.iloc[0] if len(summary) else None
    if facts is None or int(facts["authors"]) == 0:
        return {
            "summary": "No author names in this corpus, so no co-authorship network.",
            "rows": [],
            "hyper": [],
        }
    rows = [
        {
            "name": r["name"],
            "papers": int(r["papers"]),
            "fractional": f"{float(r['papers_fractional']):.2f}",
            "coauthors": int(r["coauthors"]),
            "refs": papers.refs(listish(r["paper_ids"]), 3),
        }
        for _, r in table.head(top).iterrows()
    ]
    authors, largest = int(facts["authors"]), int(facts["largest_group"])
    text = (
        f"{authors:,} authors in {int(facts['groups']):,} connected groups; the largest group has {largest:,} "
        f"authors ({pct(largest / authors)}); {int(facts['pairs']):,} co-author pairs. Authors are ranked by papers counted "
        "fractionally (a paper with n authors gives each 1/n)."
    )
    hyper_rows = []
    n_hyper = int(facts["hyper_authored_papers"])
    if n_hyper:
        text += (
            f" {n_hyper:,} hyper-authored {'paper' if n_hyper == 1 else 'papers'} (more than "
            f"{int(facts['hyper_threshold'])} authors) {'is' if n_hyper == 1 else 'are'} left out of the co-author "
            "network and listed below."
        )
        hyper_rows = [
            {"ref": papers.ref(str(r["paper_id"])), "authors": int(r["authors"])}
            for _, r in hyper.head(top).iterrows()
        ]
    # an author's papers are listed most cited first; without times-cited counts in the export, latest first
    counted = T.MAIN_INFORMATION not in tables or main_fact(tables, "papers_with_times_cited") > 0
    return {
        "summary": text,
        "rows": rows,
        "hyper": hyper_rows,
        "n_hyper": n_hyper,
        "papers_header": "most cited of them" if counted else "latest of them",
    }


# --------------------------------------------------------------------------------------------- attention


# the concepts that upvotes favour are listed only over at least this many upvoted papers: below it one popular
# paper's words lead the table (a listing of 49 papers, 9 of them upvoted: 25 of the top concept's 30 upvotes are
# one paper's)
MIN_UPVOTED_PAPERS = 20


def attention_section(tables: Mapping[str, Any], papers: Papers, top: int) -> dict[str, Any] | None:
    """The most upvoted papers and the concepts their upvotes favour (Daily Papers listings), or None. The
    concepts only over :data:`MIN_UPVOTED_PAPERS` upvoted papers or more; else ``concepts_note`` says why not."""
    most = tables.get(T.MOST_UPVOTED)
    if most is None or not len(most):
        return None
    concepts = tables.get(T.UPVOTED_CONCEPTS)
    note = None
    if len(most) < MIN_UPVOTED_PAPERS:
        note = (
            f"{len(most):,} papers carry upvotes: too few to say which concepts draw the readers' attention (a "
            f"concept table needs {MIN_UPVOTED_PAPERS} upvoted papers; below that one popular paper's words lead it)."
        )
        concepts = None
    return {
        "concepts_note": note,
        "papers": [{"ref": papers.ref(str(r["paper_id"])), "upvotes": int(r["upvotes"])} for _, r in most.head(top).iterrows()],
        "concepts": [
            {
                "concept": r["concept"],
                "upvotes": int(r["upvotes"]),
                "papers": int(r["papers"]),
                "refs": papers.refs(listish(r["paper_ids"]), 3),
            }
            for _, r in (concepts.head(top).iterrows() if concepts is not None else [])
        ],
    }  # fmt: skip
