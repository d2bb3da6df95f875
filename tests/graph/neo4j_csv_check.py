"""A schema check of ``neo4j-admin database import`` CSV files (headers, id spaces, types, references)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

HEADER = re.compile(
    r"^(?P<name>[^:]*)(?::(?P<kind>ID|START_ID|END_ID|LABEL|TYPE|[a-z]+(?:\[\])?))?(?:\((?P<space>\w+)\))?$"
)
TYPES = {"string", "long", "int", "double", "float", "boolean", "date"}


def _parse(value: str, typ: str, where: str) -> None:
    if value == "":
        return
    items = value.split(";") if typ.endswith("[]") else [value]
    base = typ.removesuffix("[]")
    for v in items:
        if base in ("long", "int"):
            int(v)
        elif base in ("double", "float"):
            float(v)
        elif base == "boolean":
            assert v in ("true", "false"), f"{where}: boolean {v!r}"
        elif base == "date":
            dt.date.fromisoformat(v)


def check(directory: Path) -> dict[str, int]:
    """Raise AssertionError on the first violation; returns rows per file."""
    ids: dict[str, set[str]] = {}
    rels: list[tuple[Path, list[str], list[list[str]]]] = []
    rows_per_file: dict[str, int] = {}
    for f in sorted(directory.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        rows_per_file[f.name] = len(body)
        parsed = []
        for col in header:
            m = HEADER.match(col)
            assert m, f"{f.name}: bad header column {col!r}"
            kind = m["kind"]
            if kind and kind not in ("ID", "START_ID", "END_ID", "LABEL", "TYPE"):
                assert kind.removesuffix("[]") in TYPES, f"{f.name}: unknown type {kind!r} in {col!r}"
            parsed.append((m["name"], kind or "string", m["space"]))
        kinds = [k for _, k, _ in parsed]
        for n, row in enumerate(body, start=2):
            assert len(row) == len(header), f"{f.name}:{n}: {len(row)} fields, header has {len(header)}"
            for (name, kind, _), value in zip(parsed, row, strict=True):
                if kind not in ("ID", "START_ID", "END_ID", "LABEL", "TYPE"):
                    _parse(value, kind, f"{f.name}:{n}:{name}")
        if "ID" in kinds:
            assert "LABEL" in kinds, f"{f.name}: node file without :LABEL"
            col = kinds.index("ID")
            space = parsed[col][2]
            assert space, f"{f.name}: :ID without an id space"
            keys = [r[col] for r in body]
            assert len(set(keys)) == len(keys), f"{f.name}: duplicate ids"
            assert all(keys), f"{f.name}: empty id"
            ids.setdefault(space, set()).update(keys)
        else:
            assert {"START_ID", "END_ID", "TYPE"} <= set(kinds), f"{f.name}: not a node or relationship file"
            rels.append((f, [p[2] for p in parsed], [kinds, *body]))
    for f, spaces, (kinds, *body) in rels:
        s, e = kinds.index("START_ID"), kinds.index("END_ID")
        for n, row in enumerate(body, start=2):
            assert row[s] in ids[spaces[s]], f"{f.name}:{n}: start {row[s]!r} not in id space {spaces[s]}"
            assert row[e] in ids[spaces[e]], f"{f.name}:{n}: end {row[e]!r} not in id space {spaces[e]}"
    return rows_per_file
