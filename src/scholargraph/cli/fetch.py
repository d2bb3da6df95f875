"""``scholargraph fetch arxiv|openalex|pubmed|crossref|opencitations``: download papers from an online API into
files ``read``/``build`` take.

Settings (flag > ``SCHOLARGRAPH_FETCH_<NAME>`` > ``[fetch]`` in the TOML file > default): ``retries``,
``timeout``, ``max_results``, ``page_size``. The API base URLs come from ``--base-url`` or
``SCHOLARGRAPH_<SOURCE>_URL`` (ARXIV, OPENALEX, PUBMED, CROSSREF, OPENCITATIONS); e-mails and keys from
``--email`` / ``OPENALEX_EMAIL``, ``OPENALEX_API_KEY``, ``NCBI_API_KEY``, ``NCBI_EMAIL``, ``CROSSREF_MAILTO``.
"""

from __future__ import annotations

import argparse
import json

NAME = "fetch"
JSON_SCHEMA = {
    "source": "str: arxiv, openalex, pubmed, crossref or opencitations",
    "out": "str: the file or directory written",
    "files": "[str]: the files written",
    "records": "int: records written",
    "available": "int | null: results the API said it has",
    "requests": "int: requests sent",
    "missing": "[str]: ids asked for but not returned",
}

ARXIV_EXAMPLE = """examples:
  scholargraph fetch arxiv --query 'cat:cs.DL AND abs:"citation network"' --out papers/arxiv --max-results 300
  scholargraph fetch arxiv --id-list 1706.03762,2104.12255 --out papers/arxiv
then: scholargraph build papers/arxiv/*.xml --out store/

Requests are spaced 3 seconds apart (arXiv API terms); each page is written to OUT/arxiv-<start>.xml."""

OPENALEX_EXAMPLE = """examples:
  scholargraph fetch openalex --search "knowledge graph" --filter publication_year:2024 --out works.jsonl --email me@example.org
  scholargraph fetch openalex --seed W2741809807 --direction references --out refs.jsonl
  scholargraph fetch openalex --seed W2741809807 --direction citations --filter publication_year:>2020 --out cites.jsonl
then: scholargraph build works.jsonl --out store/

Polite pool: --email or OPENALEX_EMAIL (mailto=); API key: OPENALEX_API_KEY (api_key=)."""


PUBMED_EXAMPLE = """examples:
  scholargraph fetch pubmed --query 'psoas abscess[tiab] AND drainage' --mindate 2015 --maxdate 2019 --out papers/pubmed
  scholargraph fetch pubmed --pmids 30514039,30045346 --out papers/pubmed-ids
then: scholargraph build papers/pubmed --out store/

Rate limit: 3 requests/s, 10 with an API key (NCBI_API_KEY); each efetch page is written to OUT/pubmed-<retstart>.xml."""

CROSSREF_EXAMPLE = """examples:
  scholargraph fetch crossref --query 'citation network' --filter from-pub-date:2020,type:journal-article --out works.jsonl --email me@example.org
  scholargraph fetch crossref --dois 10.1038/srep16696,10.2196/22081 --out works.jsonl
then: scholargraph build works.jsonl --out store/

Polite pool: --email or CROSSREF_MAILTO (mailto=)."""

OPENCITATIONS_EXAMPLE = """examples:
  scholargraph fetch opencitations --dois 10.1108/jd-12-2013-0166 --direction both --out citations.jsonl
  scholargraph fetch opencitations --dois-from corpus-dois.txt --direction references --out refs.jsonl
then: scholargraph build corpus.jsonl citations.jsonl --out store/

One step of snowballing: the references and/or citations of each DOI (and its record, unless --no-metadata)."""


def _common(
    p: argparse.ArgumentParser, *, max_results: int, page_size: int | None = None, page_help: str = ""
) -> None:
    p.add_argument(
        "--max-results",
        type=int,
        default=None,
        metavar="N",
        help=f"fetch at most N results (default {max_results})",
    )
    if page_size is not None:
        p.add_argument(
            "--page-size", type=int, default=None, metavar="N", help=f"{page_help} (default {page_size})"
        )
    p.add_argument("--overwrite", action="store_true", help="replace output written by an earlier fetch")
    p.add_argument("--json", action="store_true", help="print what was written as one JSON object")
    p.add_argument("--base-url", default=None, metavar="URL", help="API address (for mirrors and tests)")
    p.add_argument(
        "--retries", type=int, default=None, metavar="N", help="retries of a failed request (default 3)"
    )
    p.add_argument(
        "--timeout", type=float, default=None, metavar="S", help="seconds to wait for an answer (default 30)"
    )
    p.set_defaults(
        func=run,
        _json=JSON_SCHEMA,
        _settings={"retries": 3, "timeout": 30.0, "max_results": max_results}
        | ({"page_size": page_size} if page_size is not None else {}),
    )


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        NAME,
        parents=parents,
        help="download papers from arXiv, OpenAlex, PubMed, Crossref or OpenCitations into files that read/build take",
        description="Download papers from an online API (arXiv, OpenAlex, PubMed, Crossref, OpenCitations) into files "
        "that `read` and `build` take.",
        epilog="example: scholargraph fetch arxiv --query 'cat:cs.DL' --out papers/arxiv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sources = p.add_subparsers(dest="source", metavar="SOURCE", required=True)

    a = sources.add_parser(
        "arxiv",
        parents=parents,
        help="query the arXiv API; writes Atom XML pages",
        description="Query the arXiv API (export.arxiv.org/api/query) and write each page of results, "
        "unchanged, to OUT/arxiv-<start>.xml.",
        epilog=ARXIV_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("--query", metavar="Q", help="arXiv search_query, e.g. 'ti:transformer AND cat:cs.CL'")
    a.add_argument(
        "--id-list", metavar="IDS", help="comma-separated arXiv ids, e.g. 1706.03762,astro-ph/0601001"
    )
    a.add_argument("--out", required=True, metavar="DIR", help="directory for the Atom pages")
    a.add_argument(
        "--sort-by", choices=("relevance", "lastUpdatedDate", "submittedDate"), default="relevance"
    )
    a.add_argument("--sort-order", choices=("ascending", "descending"), default="descending")
    _common(a, max_results=100, page_size=100, page_help="results per request, at most 2000")

    o = sources.add_parser(
        "openalex",
        parents=parents,
        help="search OpenAlex works or snowball from seed papers; writes JSONL",
        description="Fetch OpenAlex works (a search, a filter, or the references/citations of seed papers) "
        "and write them to a JSONL file, one work per line.",
        epilog=OPENALEX_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    o.add_argument("--search", metavar="S", help="full-text search of title, abstract and full text")
    o.add_argument("--filter", metavar="F", help="OpenAlex filter, e.g. 'publication_year:2024,type:article'")
    o.add_argument("--seed", metavar="W", help="seed work id(s), e.g. W2741809807 or W1|W2")
    o.add_argument(
        "--direction",
        choices=("references", "citations", "both"),
        default="references",
        help="with --seed: the works the seeds cite, the works citing them, or both (default references)",
    )
    o.add_argument("--no-seed", action="store_true", help="with --seed: leave the seed works out of the file")
    o.add_argument("--out", required=True, metavar="FILE", help="output JSONL file, e.g. works.jsonl")
    o.add_argument("--email", metavar="E", help="your e-mail for the polite pool (default $OPENALEX_EMAIL)")
    _common(o, max_results=1000, page_size=200, page_help="works per request, at most 200")
    _register_biomed(sources, parents)


def _register_biomed(sources: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    pm = sources.add_parser(
        "pubmed",
        parents=parents,
        help="search PubMed (E-utilities) or fetch PMIDs; writes PubMed XML pages",
        description="Search PubMed with esearch (history server) or take a PMID list, and write each efetch page "
        "of PubMed XML, unchanged, to OUT/pubmed-<retstart>.xml.",
        epilog=PUBMED_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pm.add_argument("--query", metavar="Q", help="PubMed search, e.g. 'psoas abscess[tiab] AND drainage'")
    pm.add_argument("--pmids", metavar="IDS", help="comma-separated PMIDs, e.g. 30514039,30045346")
    pm.add_argument(
        "--mindate", metavar="DATE", help="with --query: from this date (2019, 2019/05, 2019/05/31)"
    )
    pm.add_argument("--maxdate", metavar="DATE", help="with --query: up to this date (needs --mindate)")
    pm.add_argument(
        "--datetype", choices=("pdat", "edat", "mdat"), default="pdat", help="date of --mindate/--maxdate"
    )
    pm.add_argument("--email", metavar="E", help="your e-mail, sent as email= (default $NCBI_EMAIL)")
    pm.add_argument("--out", required=True, metavar="DIR", help="directory for the PubMed XML pages")
    _common(pm, max_results=1000, page_size=200, page_help="records per efetch request, at most 200")

    cr = sources.add_parser(
        "crossref",
        parents=parents,
        help="query Crossref works or fetch DOIs; writes JSONL",
        description="Fetch Crossref works (a query and/or filter with cursor paging, or a DOI list) and write them "
        "to a JSONL file, one work per line.",
        epilog=CROSSREF_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cr.add_argument("--query", metavar="Q", help="bibliographic search (query=)")
    cr.add_argument(
        "--filter", metavar="F", help="Crossref filter, e.g. 'from-pub-date:2020,type:journal-article'"
    )
    cr.add_argument("--dois", metavar="DOIS", help="comma-separated DOIs (one /works/{doi} request each)")
    cr.add_argument("--email", metavar="E", help="your e-mail for the polite pool (default $CROSSREF_MAILTO)")
    cr.add_argument("--out", required=True, metavar="FILE", help="output JSONL file, e.g. works.jsonl")
    _common(cr, max_results=1000, page_size=100, page_help="works per page, at most 1000")

    oc = sources.add_parser(
        "opencitations",
        parents=parents,
        help="references/citations of DOIs from OpenCitations; writes JSONL",
        description="Fetch the references and/or citations of DOIs (and their records) from OpenCitations and "
        "write every row to a JSONL file: one step of snowballing out from a corpus.",
        epilog=OPENCITATIONS_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    oc.add_argument("--dois", metavar="DOIS", help="comma-separated DOIs")
    oc.add_argument(
        "--dois-from", metavar="FILE", help="a text file with DOIs (one a line, or separated by spaces)"
    )
    oc.add_argument("--direction", choices=("references", "citations", "both"), default="both")
    oc.add_argument("--no-metadata", action="store_true", help="leave out the records of the DOIs themselves")
    oc.add_argument(
        "--api-version", choices=("v2", "v1"), default="v2", help="Index API v2 (default) or COCI v1"
    )
    oc.add_argument(
        "--meta-url", metavar="URL", help="v2: address of the Meta API for the records (mirrors, tests)"
    )
    oc.add_argument("--out", required=True, metavar="FILE", help="output JSONL file, e.g. citations.jsonl")
    _common(oc, max_results=100000)


def _run_biomed(args: argparse.Namespace, common: dict) -> tuple[object, str, str]:
    """(result, what was written, what the missing ids are) of the pubmed / crossref / opencitations sources."""
    if args.source == "pubmed":
        from ..fetch.pubmed import fetch_pubmed

        result = fetch_pubmed(
            args.query, args.pmids, mindate=args.mindate, maxdate=args.maxdate, datetype=args.datetype,
            email=args.email, **common,
        )  # fmt: skip
        return (
            result,
            f"{result.records} PubMed records in {len(result.files)} page file(s) in {args.out}",
            "PMIDs not returned",
        )
    if args.source == "crossref":
        from ..fetch.crossref import fetch_crossref

        result = fetch_crossref(args.query, args.filter, args.dois, mailto=args.email, **common)
        return result, f"{result.records} Crossref works to {args.out}", "DOIs not found by Crossref"
    from pathlib import Path

    from ..errors import ConfigError
    from ..fetch.opencitations import fetch_opencitations

    dois = args.dois or ""
    if args.dois_from:
        try:
            dois += " " + Path(args.dois_from).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"--dois-from {args.dois_from}: cannot read the file ({e.strerror})") from None
    result = fetch_opencitations(
        dois,
        args.direction,
        metadata=not args.no_metadata,
        version=args.api_version,
        meta_url=args.meta_url,
        **common,
    )
    return result, f"{result.records} OpenCitations rows to {args.out}", "DOIs unknown to OpenCitations"


def run(args: argparse.Namespace) -> int:
    from .._progress import stage

    with stage("fetching from %s into %s", args.source, args.out):
        result, what, missing = _fetch(args)
    info = {
        "source": args.source,
        "out": str(args.out),
        "files": [str(f) for f in result.files],
        "records": result.records,
        "available": result.total,
        "requests": len(result.requests),
        "missing": list(result.missing),
    }
    if args.json:
        print(json.dumps(info, indent=1, ensure_ascii=False))
        return 0
    available = f" ({result.total} available)" if result.total is not None else ""
    print(f"wrote {what}{available}; {len(result.requests)} request(s)")
    if result.missing:
        shown = ", ".join(result.missing[:10]) + (" …" if len(result.missing) > 10 else "")
        print(f"{len(result.missing)} {missing}: {shown}")
    return 0


def _fetch(args: argparse.Namespace) -> tuple[object, str, str]:
    """(result, what was written, what the missing ids are) of the source ``args.source``."""
    common = {
        "out": args.out,
        "max_results": args.max_results,
        **({"page_size": args.page_size} if hasattr(args, "page_size") else {}),
        "overwrite": args.overwrite,
        "base_url": args.base_url,
        "retries": args.retries,
        "timeout": args.timeout,
    }
    if args.source in ("pubmed", "crossref", "opencitations"):
        result, what, missing = _run_biomed(args, common)
    elif args.source == "arxiv":
        from ..fetch.arxiv import fetch_arxiv

        result = fetch_arxiv(
            args.query, args.id_list, sort_by=args.sort_by, sort_order=args.sort_order, **common
        )
        what = f"{result.records} arXiv entries in {len(result.files)} page file(s) in {args.out}"
        missing = "ids not found"
    else:
        from ..fetch.openalex import fetch_openalex

        result = fetch_openalex(
            args.search,
            args.filter,
            args.seed,
            args.direction,
            email=args.email,
            include_seed=not args.no_seed,
            **common,
        )
        what = f"{result.records} OpenAlex works to {args.out}"
        missing = "works not returned by OpenAlex"
    return result, what, missing
