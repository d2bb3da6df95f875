"""The embedded store: a directory holding the corpus, the annotations, the graph and analysis tables.

Layout::

    STORE/manifest.json        format name, format_version, scholargraph version, what the store holds (and the
                               Parquet tables under tables/, when the Dask engine wrote them)
          corpus.jsonl         one Paper per line (Paper.to_dict), plus rejects.jsonl, merges.jsonl,
                               files.jsonl (per-file accounting) and notes.json
          annotations.json     Annotations.to_json()
          graph.json           the KnowledgeGraph: meta, nodes (id + attributes), edges (start, end, type + attributes)
          analysis/<t>.csv     a table for people (CSV) and <t>.json for programs (lossless: columns, dtypes,
                               rows); analysis/settings.json holds the settings each table was made with
          cache/               extraction cache (scholargraph.nlp)
          tables/<t>/*.parquet the graph as Parquet tables (scholargraph.scale.tables; the Dask engine)
          report/              trend report

Every file is JSON with sorted keys (or CSV in a fixed order), so the same graph saves to the same bytes. Node
and edge attributes round-trip exactly when they are JSON values (str, int, float, bool, None, lists, dicts);
a tuple comes back as a list. A store written by an incompatible version raises StoreVersionError; a missing
or damaged store raises StoreError naming the file.

>>> import tempfile
>>> from scholargraph.graph.kg import KnowledgeGraph
>>> kg = KnowledgeGraph(meta={"papers": 1})
>>> _ = kg.add_node("Paper", "doi:10.1/a", title="A", keywords=["x", "y"], year=2020)
>>> with tempfile.TemporaryDirectory() as d:
...     _ = save(kg, d)
...     back = load(d)
>>> back == kg and back.graph.nodes["Paper:doi:10.1/a"]["keywords"]
['x', 'y']
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._csvsafe import safe_frame
from .._progress import stage
from .._validation import fail
from ..errors import SchemaError, StoreError, StoreVersionError
from ..graph import schema
from ..graph.kg import KnowledgeGraph
from ..model import Corpus, FileStats, Merge, Paper, Provenance, Reject

if TYPE_CHECKING:
    from ..nlp.annotations import Annotations

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "save",
    "load",
    "load_corpus",
    "load_annotations",
    "read_manifest",
    "update_manifest",
    "save_table",
    "load_table",
    "list_tables",
    "clear_tables",
    "load_table_settings",
    "cache_dir",
    "is_store",
]

FORMAT = "scholargraph-store"
FORMAT_VERSION = 1
_TABLE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _dumps(obj: Any, *, indent: int | None = None) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, indent=indent, allow_nan=True)


def _write(path: Path, text: str) -> None:
    """Write text atomically (a temporary file beside it, then rename)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    except OSError as e:
        raise StoreError(f"cannot write {path}: {e.strerror or e}") from None


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(
            f"{path} is missing: the store is incomplete; rebuild it with `scholargraph build`"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise StoreError(
            f"{path} is damaged (not valid JSON: {e}); rebuild the store with `scholargraph build`"
        ) from None


def _jsonl(items: list[dict[str, Any]]) -> str:
    return "".join(_dumps(x) + "\n" for x in items)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise StoreError(
                    f"{path}: line {n} is damaged (not valid JSON: {e}); rebuild the store"
                ) from None
    return out


def _store_dir(path: str | os.PathLike[str], *, create: bool = False) -> Path:
    p = Path(path)
    if create:
        if p.exists() and not p.is_dir():
            raise StoreError(f"{p} exists and is not a directory; pass a directory path for the store")
        try:
            p.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the store directory {p}: {e.strerror or e}") from None
        return p
    if not p.is_dir():
        raise StoreError(
            f"no store at {p}: the directory does not exist; build one with `scholargraph build ... --out {p}`"
        )
    return p


def is_store(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a directory with a manifest.json."""
    return (Path(path) / "manifest.json").is_file()


def read_manifest(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The store's manifest; StoreError if missing or damaged, StoreVersionError if written by another version."""
    p = _store_dir(path)
    mpath = p / "manifest.json"
    if not mpath.is_file():
        raise StoreError(
            f"{p} is not a scholargraph store (no manifest.json); build one with `scholargraph build`"
        )
    manifest = _read_json(mpath)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StoreError(f"{mpath} is not a scholargraph store manifest (format is not {FORMAT!r})")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise StoreVersionError(
            f"store {p} has format_version {version!r} (written by scholargraph "
            f"{manifest.get('scholargraph_version', '?')}); this scholargraph reads format_version {FORMAT_VERSION}. "
            "Rebuild the store from its input files with `scholargraph build`"
        )
    return manifest


def _graph_to_dict(kg: KnowledgeGraph) -> dict[str, Any]:
    g = kg.graph
    nodes = [{"id": n, "attrs": d} for n, d in g.nodes(data=True)]
    edges = [{"source": u, "target": v, "key": k, "attrs": d} for u, v, k, d in g.edges(keys=True, data=True)]
    return {"meta": kg.meta, "nodes": nodes, "edges": edges}


def _runs(items: list[Any], kind: Any) -> list[tuple[Any, list[Any]]]:
    """``items`` cut into maximal runs of equal ``kind(item)``, in order."""
    out: list[tuple[Any, list[Any]]] = []
    for item in items:
        k = kind(item)
        if not out or out[-1][0] != k:
            out.append((k, []))
        out[-1][1].append(item)
    return out


def _graph_from_dict(data: dict[str, Any], where: Path) -> KnowledgeGraph:
    """The graph of graph.json, entered through KnowledgeGraph's validated bulk methods in file order (runs of
    one label or type at a time), so a loaded graph saves to the same bytes."""
    try:
        kg = KnowledgeGraph(meta=data.get("meta", {}))
        for label, run in _runs(data["nodes"], lambda n: n["attrs"][schema.LABEL]):
            rows = []
            for n in run:
                attrs = dict(n["attrs"])
                attrs.pop(schema.LABEL)
                key = attrs.pop(schema.KEY)
                if schema.node_id(label, key) != n["id"]:
                    raise KeyError(f"node {n['id']!r} has label {label!r} and key {key!r}")
                rows.append((key, attrs))
            kg.add_nodes_from(label, rows)
        for rel, run in _runs(data["edges"], lambda e: e["key"]):
            rows = []
            for e in run:
                attrs = dict(e["attrs"])
                if attrs.pop(schema.TYPE, rel) != rel:
                    raise KeyError(f"edge {e['source']} -> {e['target']}: its type is not its key {rel!r}")
                rows.append((e["source"], e["target"], attrs))
            kg.add_edges_from(rel, rows)
        return kg
    except (KeyError, TypeError, SchemaError) as e:
        raise StoreError(f"{where} is damaged ({e}); rebuild the store with `scholargraph build`") from None


def save(
    kg: KnowledgeGraph,
    path: str | os.PathLike[str],
    *,
    corpus: Corpus | None = None,
    annotations: Annotations | None = None,
) -> Path:
    """Save the graph (and the corpus and annotations, when given) into the store directory ``path``.

    Files of parts not given are left as they are (so ``save(kg, store)`` after an analysis keeps the corpus).
    Returns the store path.
    """
    if not isinstance(kg, KnowledgeGraph):
        raise fail("kg", "save", "a KnowledgeGraph", type(kg).__name__)
    p = _store_dir(path, create=True)
    with stage("saving the store %s", p):
        _save(kg, p, corpus, annotations)
    return p


def _save(kg: KnowledgeGraph, p: Path, corpus: Corpus | None, annotations: Annotations | None) -> None:
    try:
        graph_text = _dumps(_graph_to_dict(kg))
    except (TypeError, ValueError) as e:
        raise StoreError(
            f"the graph has an attribute that cannot be saved as JSON ({e}); use str, int, float, bool, lists or dicts"
        ) from None
    if corpus is not None:
        _write(p / "corpus.jsonl", _jsonl([x.to_dict() for x in corpus.papers]))
        _write(p / "rejects.jsonl", _jsonl([_asdict(x) for x in corpus.rejects]))
        _write(p / "merges.jsonl", _jsonl([_asdict(x) for x in corpus.merges]))
        _write(p / "files.jsonl", _jsonl([_asdict(x) for x in corpus.files]))
        _write(p / "notes.json", _dumps(list(corpus.notes), indent=1) + "\n")
    if annotations is not None:
        _write(p / "annotations.json", annotations.to_json() + "\n")
    _write(p / "graph.json", graph_text + "\n")
    from .. import __version__

    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "scholargraph_version": __version__,
        "has_corpus": (p / "corpus.jsonl").is_file(),
        "has_annotations": (p / "annotations.json").is_file(),
        "counts": kg.counts(),
    }
    old = _read_json(p / "manifest.json") if is_store(p) else {}
    if corpus is None and annotations is None and "tables" in old:
        manifest["tables"] = old["tables"]  # the same corpus: its Parquet tables stay valid
    elif (p / "tables").is_dir():
        import shutil

        shutil.rmtree(p / "tables")  # written for another corpus (scholargraph.scale.tables)
    _write(p / "manifest.json", _dumps(manifest, indent=1) + "\n")


def update_manifest(path: str | os.PathLike[str], **fields: Any) -> dict[str, Any]:
    """Add or replace top-level fields of the store's manifest (e.g. ``tables``, the Parquet tables of
    :mod:`scholargraph.scale.tables`); returns the manifest."""
    p = _store_dir(path)
    manifest = read_manifest(p)
    manifest.update(fields)
    _write(p / "manifest.json", _dumps(manifest, indent=1) + "\n")
    return manifest


def _asdict(obj: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(obj)


def load(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """The KnowledgeGraph saved in a store."""
    p = _store_dir(path)
    read_manifest(p)
    with stage("loading the graph of %s", p):
        return _graph_from_dict(_read_json(p / "graph.json"), p / "graph.json")


def load_corpus(path: str | os.PathLike[str]) -> Corpus:
    """The Corpus saved in a store (papers, rejects, merges, per-file stats, notes)."""
    p = _store_dir(path)
    read_manifest(p)
    if not (p / "corpus.jsonl").is_file():
        raise StoreError(
            f"store {p} holds no corpus (corpus.jsonl is missing); rebuild it with `scholargraph build`"
        )
    with stage("loading the corpus of %s", p):
        return _load_corpus(p)


def _load_corpus(p: Path) -> Corpus:
    try:
        papers = [Paper.from_dict(d) for d in _read_jsonl(p / "corpus.jsonl")]
        rejects = [Reject(**d) for d in _read_jsonl(p / "rejects.jsonl")]
        merges = [
            Merge(**{**d, "merged": Provenance(**d["merged"])}) for d in _read_jsonl(p / "merges.jsonl")
        ]
        files = [FileStats(**d) for d in _read_jsonl(p / "files.jsonl")]
    except (TypeError, KeyError) as e:
        raise StoreError(f"the corpus files of store {p} are damaged ({e}); rebuild the store") from None
    notes = _read_json(p / "notes.json") if (p / "notes.json").is_file() else []
    return Corpus(papers=papers, rejects=rejects, merges=merges, files=files, notes=list(notes))


def load_annotations(path: str | os.PathLike[str]) -> Any:
    """The Annotations saved in a store, or None when the store was built without extraction."""
    from ..nlp.annotations import Annotations

    p = _store_dir(path)
    read_manifest(p)
    f = p / "annotations.json"
    if not f.is_file():
        return None
    try:
        return Annotations.from_dict(_read_json(f))
    except (KeyError, TypeError) as e:
        raise StoreError(f"{f} is damaged ({e}); rebuild the store") from None


def cache_dir(path: str | os.PathLike[str]) -> Path:
    """The store's extraction cache directory (``STORE/cache``)."""
    return Path(path) / "cache"


def _table_name(name: str) -> str:
    if not isinstance(name, str) or not _TABLE_NAME.match(name):
        raise StoreError(
            f"table name must be letters, digits, '_', '.' or '-' (not starting with a symbol); got {name!r}"
        )
    return name


def save_table(
    path: str | os.PathLike[str], name: str, df: Any, settings: dict[str, Any] | None = None
) -> Path:
    """Save a pandas DataFrame as ``analysis/<name>.csv`` (for people) and ``analysis/<name>.json`` (lossless:
    columns, dtypes, rows); ``settings`` go to ``analysis/settings.json`` under ``name``. Returns the CSV path.

    >>> import tempfile, pandas as pd
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = save_table(d, "degree", pd.DataFrame({"node": ["a", "b"], "degree": [2, 1]}), {"seed": 0})
    ...     back = load_table(d, "degree")
    >>> back["degree"].tolist(), str(back["degree"].dtype)
    ([2, 1], 'int64')
    """
    import pandas as pd

    _table_name(name)
    if not isinstance(df, pd.DataFrame):
        raise fail("df", "save_table", "a pandas DataFrame", type(df).__name__)
    d = _store_dir(path, create=True) / "analysis"
    d.mkdir(exist_ok=True)
    columns = [str(c) for c in df.columns]
    if len(set(columns)) != len(columns):
        raise StoreError(f"table {name!r} has duplicate column names {columns}; rename them before saving")
    records = (
        json.loads(df.to_json(orient="values", date_format="iso", double_precision=15)) if len(df) else []
    )
    payload = {"name": name, "columns": columns, "dtypes": [str(t) for t in df.dtypes], "rows": records}
    _write(d / f"{name}.json", _dumps(payload) + "\n")
    # the CSV is for people: text cells a spreadsheet would run as formulas are defused (the JSON keeps them raw)
    csv_text = safe_frame(df).to_csv(index=False, lineterminator="\n")
    _write(d / f"{name}.csv", csv_text)
    sfile = d / "settings.json"
    all_settings = _read_json(sfile) if sfile.is_file() else {}
    all_settings[name] = settings or {}
    _write(sfile, _dumps(all_settings, indent=1) + "\n")
    return d / f"{name}.csv"


def load_table_settings(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """table name -> the settings it was made with (``analysis/settings.json``; {} when not analysed)."""
    f = _store_dir(path) / "analysis" / "settings.json"
    return _read_json(f) if f.is_file() else {}


def load_table(path: str | os.PathLike[str], name: str) -> Any:
    """A table saved with :func:`save_table`, with its column dtypes."""
    import pandas as pd

    _table_name(name)
    f = _store_dir(path) / "analysis" / f"{name}.json"
    if not f.is_file():
        have = ", ".join(list_tables(path)) or "none"
        raise StoreError(
            f"store {path} has no table {name!r} (tables: {have}); run `scholargraph analyze` first"
        )
    data = _read_json(f)
    df = pd.DataFrame(data["rows"], columns=data["columns"])
    for col, dtype in zip(data["columns"], data["dtypes"], strict=True):
        try:
            df[col] = df[col].astype(dtype)
        except (TypeError, ValueError):
            pass  # e.g. object columns holding lists stay as loaded
    return df


def clear_tables(path: str | os.PathLike[str]) -> int:
    """Remove every analysis table (and ``analysis/settings.json``) from the store, so that a new analysis
    leaves no table of an older one behind. Returns how many tables were removed."""
    d = _store_dir(path) / "analysis"
    if not d.is_dir():
        return 0
    names = list_tables(path)
    for name in names:
        for suffix in (".csv", ".json"):
            (d / f"{name}{suffix}").unlink(missing_ok=True)
    (d / "settings.json").unlink(missing_ok=True)
    return len(names)


def list_tables(path: str | os.PathLike[str]) -> list[str]:
    """Names of the tables saved in the store, sorted."""
    d = Path(path) / "analysis"
    if not d.is_dir():
        return []
    return sorted(f.stem for f in d.glob("*.json") if f.name != "settings.json")
