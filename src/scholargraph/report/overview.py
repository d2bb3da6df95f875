"""The report's descriptive overview (what a bibliometric report starts with) as plain data for the template, and
its figures -- read from the tables of :mod:`scholargraph.analysis.descriptive`; nothing here analyses.

:func:`overview_section` returns the section's context (``None`` when the store has no descriptive tables);
:func:`overview_figures` draws the figures that the tables allow, by name (captions in :data:`OVERVIEW_FIGURES`).

>>> overview_section({}, None, 10) is None
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..analysis import tables as T
from ._common import Papers, main_fact, pct

__all__ = ["OVERVIEW_FIGURES", "overview_section", "overview_figures"]

# figure name -> caption (the figures overview_figures draws when their tables exist)
OVERVIEW_FIGURES = {
    "annual_production": "Papers per publication year (bars) and the mean times-cited per citable year of each "
    "year's papers (line)",
    "bradford": "Bradford's law: cumulated papers by source rank, with the three zones",
    "lotka": "Lotka's law: share of authors with n papers, observed and fitted (log-log)",
    "countries": "Corresponding author's country: single-country (SCP) and multi-country (MCP) papers",
    "keyword_map": "Co-occurrence map of the most frequent keywords (Leiden clusters, seeded spring layout)",
    "three_field": "Three-field view: top authors, keywords and sources linked by shared papers",
}

_MEASURES = {  # measure -> (label, format)
    "papers": ("Papers", "int"),
    "first_year": ("First year", "year"),
    "last_year": ("Last year", "year"),
    "papers_without_year": ("Papers without a year", "int"),
    "annual_growth_rate": ("Annual growth rate", "pct"),
    "citation_year": ("Times-cited counted as of", "year"),
    "mean_age": ("Mean age of the papers (years)", "float"),
    "papers_with_times_cited": ("Papers with a times-cited count", "int"),
    "mean_times_cited": ("Mean times-cited per paper", "float"),
    "citations_inside": ("Citations between papers of the corpus", "int"),
    "references": ("Cited references", "int"),
    "sources": ("Sources", "int"),
    "authors": ("Authors", "int"),
    "single_authored_papers": ("Single-authored papers", "int"),
    "authors_per_paper": ("Authors per paper", "float"),
    "keywords_author": ("Author keywords", "int"),
    "keywords_indexed": ("Keywords Plus / index keywords", "int"),
    "keywords_mesh": ("MeSH descriptors", "int"),
    "countries": ("Countries", "int"),
    "international_coauthorship": ("International co-authorship", "pct"),
}
_KIND_NAMES = {
    "author": "Author keywords",
    "indexed": "Keywords Plus / index keywords",
    "mesh": "MeSH descriptors",
}

EXPLAIN = {
    "growth": "Annual growth rate = (papers in the last year / papers in the first year)^(1/(years - 1)) - 1 "
    "(bibliometrix's formula); an export's last year is often incomplete and lowers it.",
    "citations": "Times-cited is the export's global count (WoS TC, Scopus Cited by, OpenAlex cited_by_count); "
    "per year = times-cited / (citation year - publication year + 1). Local citations count the papers of this "
    "corpus that cite the paper.",
    "authors": "Full counting gives each author 1 per paper, fractional counting 1/n for a paper with n authors; "
    "the h-index is computed on the times-cited of the author's papers in this corpus.",
    "bradford": "Sources ranked by papers; zone 1 is the core of sources that together publish about a third of the "
    "papers, zone 2 the next third, zone 3 the rest.",
    "lotka": "Lotka's law: the share of authors with n papers ~ C / n^beta, fitted by least squares on log-log "
    "(beta near 2 is Lotka's classic value); goodness of fit: R squared and the Kolmogorov-Smirnov D against Pao's "
    "critical value 1.63 / sqrt(authors) at the 0.01 level.",
    "countries": "Countries come from the authors' addresses. A paper is a single-country publication (SCP) when "
    "all its addresses are in one country, else multi-country (MCP); SCP and MCP are counted under the "
    "corresponding author's country.",
}


def _fmt(value: Any, kind: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if kind == "pct":
        return pct(float(value))
    if kind == "float":
        return f"{float(value):.2f}"
    if kind == "year":
        return str(int(value))
    return f"{int(value):,}"


def _count_if(value: Any, known: bool) -> int | str:
    """A count of a table as an int, or "—" when the export does not have what it counts."""
    return int(value) if known else _fmt(None, "int")


def _num(v: Any) -> float | None:
    import pandas as pd

    return None if v is None or pd.isna(v) else float(v)


def overview_section(
    tables: Mapping[str, Any],
    papers: Papers | None,
    top: int,
    table_settings: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """The overview's context (keys: ``main``, ``growth``, ``annual``, ``most_cited``, ``most_local``,
    ``authors``, ``most_cited_authors``, ``sources``, ``bradford``, ``lotka``, ``countries``,
    ``country_pairs``, ``institutions``, ``countries_note``, ``keywords``, ``cooccurrence``,
    ``cooccurrence_kind``, ``three_field``, ``explain``), or None when the store has no descriptive tables (an analysis without its corpus). Paper
    references come from ``papers`` (numbered in the report's appendix); ``top`` rows per list; ``table_settings``
    (``analysis/settings.json``, :func:`~scholargraph.store.embedded.load_table_settings`) say how the country
    tables were made (else each table's ``attrs["settings"]``, as :func:`~scholargraph.analysis.analyze` returns
    them)."""
    main = tables.get(T.MAIN_INFORMATION)
    if main is None:
        return None
    facts = dict(zip(main["measure"], main["value"], strict=True))
    out: dict[str, Any] = {
        "main": [
            {
                "measure": _MEASURES.get(m, (m, "float"))[0],
                "value": _fmt(v, _MEASURES.get(m, (m, "float"))[1]),
                "description": d,
            }
            for m, v, d in zip(main["measure"], main["value"], main["description"], strict=True)
        ],  # fmt: skip
        "growth": _fmt(facts.get("annual_growth_rate"), "pct"),
        "explain": dict(EXPLAIN),
    }
    annual = tables.get(T.ANNUAL_PRODUCTION)
    out["annual"] = [
        {"year": int(r["year"]), "papers": int(r["papers"]), "mean_times_cited": _fmt(_num(r["mean_times_cited"]), "float"),
         "mean_times_cited_per_year": _fmt(_num(r["mean_times_cited_per_year"]), "float")}
        for _, r in (annual.iterrows() if annual is not None else [])
    ]  # fmt: skip
    # an export without times-cited counts (MEDLINE, a Daily Papers listing) or without references: those
    # columns are unknown, not 0 (an author's "times cited 0, h-index 0" would claim what the data cannot say)
    has_tc = main_fact(tables, "papers_with_times_cited") > 0
    has_refs = main_fact(tables, "references") > 0
    if not has_tc:
        out["explain"]["no_times_cited"] = (
            "The export gives no times-cited counts: those columns are left empty (—)."
        )
    out.update(_papers_lists(tables.get(T.PAPER_CITATIONS), papers, top))
    out.update(_author_lists(tables.get(T.AUTHOR_PRODUCTION), top, has_tc, has_refs))
    sources, zones = tables.get(T.SOURCES), tables.get(T.BRADFORD_ZONES)
    out["sources"] = [
        {"rank": int(r["rank"]), "source": r["source"], "papers": int(r["papers"]), "zone": int(r["zone"]),
         "times_cited": _count_if(r["times_cited"], has_tc)}
        for _, r in (sources.head(top).iterrows() if sources is not None else [])
    ]  # fmt: skip
    out["bradford"] = [
        {"zone": int(r["zone"]), "sources": int(r["sources"]), "papers": int(r["papers"]), "share": pct(_num(r["share"]))}
        for _, r in (zones.iterrows() if zones is not None else [])
    ]  # fmt: skip
    out["lotka"] = _lotka(tables.get(T.LOTKA), tables.get(T.LOTKA_FIT))
    out.update(_geography(tables, top, table_settings or {}, has_tc))
    out.update(_keyword_lists(tables.get(T.KEYWORDS), tables.get(T.KEYWORD_COOCCURRENCE), top))
    three = tables.get(T.THREE_FIELD)
    st = dict(
        (table_settings or {}).get(T.THREE_FIELD)
        or (three.attrs.get("settings", {}) if three is not None else {})
    )
    out["three_field"] = (
        {"links": len(three), "top": st.get("top"), "keywords": _KIND_NAMES.get(st.get("keywords"), st.get("keywords"))}
        if three is not None and len(three)
        else None
    )  # fmt: skip
    return out


def _papers_lists(df: Any, papers: Papers | None, top: int) -> dict[str, Any]:
    if df is None or not len(df):
        return {"most_cited": [], "most_local": []}

    def row(r: Any) -> dict[str, Any]:
        tc = _num(r["times_cited"]) if r["times_cited"] is not None else None
        ref = (
            papers.ref(str(r["paper_id"])) if papers is not None else {"title": r["title"], "year": r["year"]}
        )
        return {
            "ref": ref,
            "first_author": r["first_author"] or "",
            "source": r["source"] or "",
            "times_cited": _fmt(tc, "int"),
            "per_year": _fmt(_num(r["times_cited_per_year"]), "float"),
            "local": int(r["local_citations"]),
        }

    cited = df[df["times_cited"].notna()].head(top)
    local = df[df["local_citations"] > 0].sort_values(
        ["local_citations", "paper_id"], ascending=[False, True], kind="mergesort"
    )
    return {
        "most_cited": [row(r) for _, r in cited.iterrows()],
        "most_local": [row(r) for _, r in local.head(top).iterrows()],
    }


def _author_lists(df: Any, top: int, has_tc: bool = True, has_refs: bool = True) -> dict[str, Any]:
    if df is None or not len(df):
        return {"authors": [], "most_cited_authors": []}

    def row(r: Any) -> dict[str, Any]:
        return {
            "name": r["name"],
            "papers": int(r["papers"]),
            "fractional": f"{float(r['papers_fractional']):.2f}",
            "times_cited": _count_if(r["times_cited"], has_tc),
            "local": _count_if(r["local_citations"], has_refs),
            "h_index": _count_if(r["h_index"], has_tc),
        }

    cited = df.sort_values(["times_cited", "node"], ascending=[False, True], kind="mergesort")
    return {
        "authors": [row(r) for _, r in df.head(top).iterrows()],
        "most_cited_authors": [row(r) for _, r in cited.head(top).iterrows()] if has_tc else [],
    }


def _lotka(dist: Any, fit: Any) -> dict[str, Any] | None:
    if fit is None or not len(fit):
        return None
    f = fit.iloc[0]
    beta = _num(f["beta"])
    rows = [
        {"papers": int(r["papers"]), "authors": int(r["authors"]), "share": pct(_num(r["share"])),
         "expected": pct(_num(r["expected_share"]))}
        for _, r in (dist.head(10).iterrows() if dist is not None else [])
    ]  # fmt: skip
    if beta is None:
        text = "Too few distinct paper counts per author to fit Lotka's law."
    else:
        text = (
            f"beta = {beta:.2f}, C = {float(f['constant']):.3f}, R\u00b2 = {float(f['r_squared']):.3f}; "
            f"Kolmogorov-Smirnov D = {float(f['ks_statistic']):.3f} against {float(f['ks_critical']):.3f} "
            f"(0.01 level, {int(f['authors']):,} authors): the law "
            + ("fits." if bool(f["fits"]) else "does not fit at that level.")
        )
    return {"text": text, "beta": beta, "fits": bool(f["fits"]), "rows": rows}


def _geography(
    tables: Mapping[str, Any], top: int, table_settings: Mapping[str, Any], has_tc: bool = True
) -> dict[str, Any]:
    countries = tables.get(T.COUNTRIES)
    if countries is None or not len(countries):
        return {"countries": [], "country_pairs": [], "institutions": [], "countries_note": ""}
    st = dict(table_settings.get(T.COUNTRIES) or countries.attrs.get("settings", {}))
    basis = st.get("corresponding_from", {})
    note = (
        f"{st.get('papers_with_a_country', '?')} papers have an address with a recognised country; "
        f"{st.get('addresses_without_country', 0)} addresses name no country that was recognised."
    )
    if basis.get("first address"):
        note += (
            f" The corresponding author's country is the source's for {basis.get('corresponding', 0)} papers and the "
            f"first address's for {basis['first address']} (no corresponding author given)."
        )
    if st.get("uk_nations"):
        note += " England, Scotland, Wales and Northern Ireland are kept apart."
    pairs, insts = tables.get(T.COUNTRY_COLLABORATION), tables.get(T.INSTITUTIONS)
    return {
        "countries": [
            {"country": r["country"], "papers": int(r["papers"]), "fractional": f"{float(r['papers_fractional']):.1f}",
             "corresponding": int(r["corresponding"]), "scp": int(r["scp"]), "mcp": int(r["mcp"]),
             "mcp_ratio": pct(_num(r["mcp_ratio"])),
             "times_cited": _count_if(r["times_cited"], has_tc)}
            for _, r in countries.head(top).iterrows()
        ],
        "country_pairs": [
            {"a": r["country_a"], "b": r["country_b"], "papers": int(r["papers"])}
            for _, r in (pairs.head(top).iterrows() if pairs is not None else [])
        ],
        "institutions": [
            {"institution": r["institution"], "country": r["country"] or "", "papers": int(r["papers"])}
            for _, r in (insts.head(top).iterrows() if insts is not None else [])
        ],
        "countries_note": note,
    }  # fmt: skip


def _keyword_lists(kw: Any, co: Any, top: int) -> dict[str, Any]:
    if kw is None or not len(kw):
        return {"keywords": [], "cooccurrence": [], "cooccurrence_kind": ""}
    lists = []
    for kind in dict.fromkeys(kw["kind"]):
        sub = kw[kw["kind"] == kind].head(top)
        lists.append({"kind": kind, "name": _KIND_NAMES.get(kind, kind),
                      "rows": [{"keyword": r["keyword"], "papers": int(r["papers"])} for _, r in sub.iterrows()]})  # fmt: skip
    first = lists[0]["kind"]
    pairs = co[co["kind"] == first].head(top) if co is not None else []
    return {
        "keywords": lists,
        "cooccurrence": [
            {
                "a": r["keyword_a"],
                "b": r["keyword_b"],
                "papers": int(r["papers"]),
                "association": f"{float(r['association']):.1f}",
            }
            for _, r in (pairs.iterrows() if len(pairs) else [])
        ],  # fmt: skip
        "cooccurrence_kind": _KIND_NAMES.get(first, first),
    }


def overview_figures(tables: Mapping[str, Any], *, seed: int = 0, top: int = 15) -> dict[str, Any]:
    """The overview's figures (matplotlib Figures by name, see :data:`OVERVIEW_FIGURES`) that the tables allow,
    in that order; save them with :func:`scholargraph.report.figures.save_figure`."""
    from . import figures_overview as F

    figs: dict[str, Any] = {}
    main = tables.get(T.MAIN_INFORMATION)
    growth = None
    if main is not None:
        growth = _num(dict(zip(main["measure"], main["value"], strict=True)).get("annual_growth_rate"))
    if (annual := tables.get(T.ANNUAL_PRODUCTION)) is not None and len(annual):
        figs["annual_production"] = F.plot_annual_production(annual, growth_rate=growth)
    if (sources := tables.get(T.SOURCES)) is not None and len(sources):
        figs["bradford"] = F.plot_bradford(sources)
    if (lotka := tables.get(T.LOTKA)) is not None and len(lotka):
        figs["lotka"] = F.plot_lotka(lotka, fit=tables.get(T.LOTKA_FIT))
    if (countries := tables.get(T.COUNTRIES)) is not None and len(countries):
        figs["countries"] = F.plot_countries(countries, top=top)
    kw, co = tables.get(T.KEYWORDS), tables.get(T.KEYWORD_COOCCURRENCE)
    if kw is not None and co is not None and len(co):
        figs["keyword_map"] = F.plot_keyword_map(kw, co, seed=seed)
    if (three := tables.get(T.THREE_FIELD)) is not None and len(three):
        figs["three_field"] = F.plot_three_field(three)
    return figs
