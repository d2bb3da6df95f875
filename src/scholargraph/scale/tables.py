"""The store's Parquet tables: the graph as columns, for Dask, Spark, DuckDB or pandas.

``write_tables(store, kg)`` writes ``STORE/tables/<name>/part-NNNNN.parquet`` (at most ``rows_per_file`` rows
per file, in the graph's own order, so the same graph gives the same files) and lists them in the store's
manifest (``tables``: rows, columns and files of each). The tables:

- one per node label: ``papers``, ``authors``, ``topics``, ``concepts``, ``venues``, ``mesh_terms`` -- column
  ``key`` plus every property :mod:`scholargraph.graph.schema` declares for the label (``date`` as ISO text,
  ``list[str]`` as a list of strings, ``json`` as JSON text; ``unresolved_reference_list`` is in
  ``references``);
- one per relationship type: ``authorships`` (AUTHORED), ``paper_topics`` (HAS_TOPIC), ``mentions``
  (MENTIONS, ``evidence`` as a list of {sentence, start, end, text}), ``topic_concepts`` (BELONGS_TO),
  ``venue_papers`` (PUBLISHED_IN), ``mesh_headings`` (HAS_MESH) -- columns ``start`` and ``end`` (node keys)
  plus the declared properties;
- ``references``: every reference the graph keeps, one row each: ``paper`` (the citing paper's key),
  ``target`` (the cited corpus paper's key: a CITES relationship, with ``matched_by``) or ``ref_key`` and
  ``text`` (a work outside the corpus: :func:`~scholargraph.graph.references.reference_key` of its citation
  text, what the citation projections count).

>>> TABLE_NAMES["references"]
'references'
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..graph import schema
from ..graph.kg import KnowledgeGraph
from ..graph.references import REF_PREFIX

__all__ = [
    "TABLE_NAMES",
    "NODE_TABLES",
    "EDGE_TABLES",
    "REFERENCES",
    "write_tables",
    "read_table",
    "table_files",
]

NODE_TABLES = {
    schema.PAPER: "papers",
    schema.AUTHOR: "authors",
    schema.TOPIC: "topics",
    schema.CONCEPT: "concepts",
    schema.VENUE: "venues",
    schema.MESH_TERM: "mesh_terms",
}
EDGE_TABLES = {
    schema.AUTHORED: "authorships",
    schema.HAS_TOPIC: "paper_topics",
    schema.MENTIONS: "mentions",
    schema.BELONGS_TO: "topic_concepts",
    schema.PUBLISHED_IN: "venue_papers",
    schema.HAS_MESH: "mesh_headings",
}
REFERENCES = "references"
TABLE_NAMES = {n: n for n in [*NODE_TABLES.values(), *EDGE_TABLES.values(), REFERENCES]}
ROWS_PER_FILE = 1_000_000
_NOT_A_COLUMN = {schema.LABEL, schema.TYPE, "unresolved_reference_list"}


def _arrow_type(ptype: str, name: str = "") -> Any:
    import pyarrow as pa

    if name == "evidence":
        return pa.list_(
            pa.struct(
                [("sentence", pa.int64()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())]
            )
        )
    return {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.string(),
        "list[str]": pa.list_(pa.string()),
        "json": pa.string(),
    }[ptype]


def _value(v: Any, ptype: str, name: str) -> Any:
    if v is None or name == "evidence":
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True) if ptype == "json" else v


def _columns(declared: dict[str, str], rows: list[dict[str, Any]]) -> dict[str, str]:
    """The declared properties, plus a user's own (``user_*``, JSON text) found in the rows."""
    cols = {k: t for k, t in declared.items() if k not in _NOT_A_COLUMN}
    extra = sorted({k for d in rows for k in d if k.startswith(schema.USER_PREFIX)} - set(cols))
    return {**cols, **dict.fromkeys(extra, "json")}


def _write(
    root: Path, name: str, columns: dict[str, Any], data: dict[str, list[Any]], rows_per_file: int
) -> dict:
    import pyarrow as pa

    return _write_arrow(
        root, name, pa.table({c: pa.array(data[c], type=t) for c, t in columns.items()}), rows_per_file
    )


def _write_arrow(root: Path, name: str, table: Any, rows_per_file: int) -> dict:
    import pyarrow.parquet as pq

    d = root / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    files = []
    for k, start in enumerate(range(0, max(table.num_rows, 1), rows_per_file)):
        f = d / f"part-{k:05d}.parquet"
        pq.write_table(table.slice(start, rows_per_file), f, compression="zstd")
        files.append(f"tables/{name}/{f.name}")
    return {"rows": table.num_rows, "columns": list(table.column_names), "files": files}


def add_table(
    store: str | os.PathLike[str], name: str, table: Any, *, rows_per_file: int = ROWS_PER_FILE
) -> dict:
    """Write a ``pyarrow.Table`` as the store's Parquet table ``name`` (replacing one of that name) and list it
    in the manifest: for tables made without a KnowledgeGraph (e.g. a synthetic corpus of millions of papers,
    ``scripts/synth_scale.py``). The columns must be those :func:`write_tables` writes for that name."""
    from ..store import embedded

    entry = _write_arrow(Path(store) / "tables", name, table, rows_per_file)
    listed = dict(embedded.read_manifest(store).get("tables", {}))
    listed[name] = entry
    embedded.update_manifest(store, tables=listed)
    return entry


def write_tables(
    store: str | os.PathLike[str], kg: KnowledgeGraph, *, rows_per_file: int = ROWS_PER_FILE
) -> dict[str, dict]:
    """Write the graph's Parquet tables into ``STORE/tables/`` (replacing earlier ones) and list them in the
    store's manifest; returns what the manifest lists (name -> rows, columns, files)."""
    from .._validation import check_int
    from ..store import embedded
    from .cluster import require

    require()
    check_int(rows_per_file, "rows_per_file", "write_tables", low=1)
    root = Path(store) / "tables"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    out: dict[str, dict] = {}
    for label, name in NODE_TABLES.items():
        rows = [d for _, d in kg.nodes(label)]
        cols = _columns(schema.NODE_PROPERTIES[label], rows)
        data = {c: [_value(d.get(c), t, c) for d in rows] for c, t in cols.items()}
        out[name] = _write(root, name, {c: _arrow_type(t, c) for c, t in cols.items()}, data, rows_per_file)
    for rel, name in EDGE_TABLES.items():
        edges = list(kg.edges(rel))
        cols = _columns(schema.EDGE_PROPERTIES[rel], [d for _, _, d in edges])
        data = {
            "start": [schema.split_node_id(u)[1] for u, _, _ in edges],
            "end": [schema.split_node_id(v)[1] for _, v, _ in edges],
            **{c: [_value(d.get(c), t, c) for _, _, d in edges] for c, t in cols.items()},
        }
        types = {"start": _arrow_type("str"), "end": _arrow_type("str")}
        types.update({c: _arrow_type(t, c) for c, t in cols.items()})
        out[name] = _write(root, name, types, data, rows_per_file)
    out[REFERENCES] = _write(root, REFERENCES, _reference_types(), _references(kg), rows_per_file)
    embedded.update_manifest(store, tables=out)
    return out


def _reference_types() -> dict[str, Any]:
    return {c: _arrow_type("str") for c in ("paper", "target", "matched_by", "ref_key", "text")}


def _references(kg: KnowledgeGraph) -> dict[str, list[Any]]:
    """Per citing paper (graph order): its CITES targets, then its unresolved references with their keys (from
    the graph's cached :meth:`~scholargraph.graph.kg.KnowledgeGraph.reference_index`)."""
    cites: dict[str, list[tuple[str, Any]]] = {}
    for u, v, d in kg.edges(schema.CITES):
        cites.setdefault(u, []).append((schema.split_node_id(v)[1], d.get("matched_by")))
    ix = kg.reference_index()
    span = {h: (int(ix.indptr[k]), int(ix.indptr[k + 1])) for k, h in enumerate(ix.holders)}
    data: dict[str, list[Any]] = {c: [] for c in _reference_types()}
    for nid, d in kg.nodes(schema.PAPER):
        key = d[schema.KEY]
        rows = [(key, target, how, None, None) for target, how in cites.get(nid, ())]
        if nid in span:
            a, b = span[nid]
            texts = d["unresolved_reference_list"]
            refs = [ix.names[c].removeprefix(REF_PREFIX) for c in ix.codes[a:b].tolist()]
            rows += [(key, None, None, ref, text) for ref, text in zip(refs, texts, strict=True)]
        for row in rows:
            for c, v in zip(data, row, strict=True):
                data[c].append(v)
    return data


def table_files(store: str | os.PathLike[str], name: str) -> list[Path]:
    """The Parquet files of table ``name`` in the store, in order; StoreError when the store has none."""
    from ..store import embedded

    listed = embedded.read_manifest(store).get("tables", {})
    if name not in listed:
        have = ", ".join(sorted(listed)) or "none"
        raise StoreError(
            f"store {store} has no Parquet table {name!r} (tables: {have}); build it with "
            "`scholargraph build --engine dask`, or write them with scholargraph.scale.write_tables"
        )
    files = [Path(store) / f for f in listed[name]["files"]]
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise StoreError(f"{missing[0]} is missing: the store's tables are incomplete; rebuild the store")
    return files


def read_table(store: str | os.PathLike[str], name: str, columns: list[str] | None = None) -> Any:
    """A table of the store as a pandas DataFrame (``columns``: only these)."""
    import pyarrow.parquet as pq

    from .cluster import require

    require()
    files = table_files(store, name)
    return pq.ParquetDataset([str(f) for f in files]).read(columns=columns).to_pandas()
