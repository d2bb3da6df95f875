"""``scholargraph fetch arxiv|openalex``: download papers from an online API into files ``read``/``build`` take.

Settings (flag > ``SCHOLARGRAPH_FETCH_<NAME>`` > ``[fetch]`` in the TOML file > default): ``retries``,
``timeout``, ``max_results``, ``page_size``. The API base URLs come from ``--base-url`` or
``SCHOLARGRAPH_ARXIV_URL`` / ``SCHOLARGRAPH_OPENALEX_URL``; the OpenAlex e-mail and key from ``--email`` /
``OPENALEX_EMAIL`` and ``OPENALEX_API_KEY``.
"""

from __future__ import annotations

import argparse

NAME = "fetch"

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


def _common(p: argparse.ArgumentParser, *, max_results: int, page_size: int, page_help: str) -> None:
    p.add_argument(
        "--max-results",
        type=int,
        default=None,
        metavar="N",
        help=f"fetch at most N results (default {max_results})",
    )
    p.add_argument(
        "--page-size", type=int, default=None, metavar="N", help=f"{page_help} (default {page_size})"
    )
    p.add_argument("--overwrite", action="store_true", help="replace output written by an earlier fetch")
    p.add_argument("--base-url", default=None, metavar="URL", help="API address (for mirrors and tests)")
    p.add_argument(
        "--retries", type=int, default=None, metavar="N", help="retries of a failed request (default 3)"
    )
    p.add_argument(
        "--timeout", type=float, default=None, metavar="S", help="seconds to wait for an answer (default 30)"
    )
    p.set_defaults(
        func=run,
        _settings={"retries": 3, "timeout": 30.0, "max_results": max_results, "page_size": page_size},
    )


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        NAME,
        parents=parents,
        help="download papers from arXiv or OpenAlex into files that read/build take",
        description="Download papers from an online API (arXiv, OpenAlex) into files that `read` and `build` take.",
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


def run(args: argparse.Namespace) -> int:
    common = {
        "out": args.out,
        "max_results": args.max_results,
        "page_size": args.page_size,
        "overwrite": args.overwrite,
        "base_url": args.base_url,
        "retries": args.retries,
        "timeout": args.timeout,
    }
    if args.source == "arxiv":
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
    available = f" ({result.total} available)" if result.total is not None else ""
    print(f"wrote {what}{available}; {len(result.requests)} request(s)")
    if result.missing:
        shown = ", ".join(result.missing[:10]) + (" …" if len(result.missing) > 10 else "")
        print(f"{len(result.missing)} {missing}: {shown}")
    return 0
