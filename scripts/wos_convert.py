#!/usr/bin/env python
"""Convert Web of Science tab-delimited exports into what the peer tools of ``scripts/bench_peers.py`` read.

``python scripts/wos_convert.py OUT_DIR FILE [FILE ...]`` writes two files with every record of the inputs
(``.gz`` too), in input order:

- ``wos.txt``: the WoS *plain-text* (tagged) export that metaknowledge reads: a UTF-8 BOM, ``FN Clarivate
  Analytics Web of Science`` / ``VR 1.0``, then per record one ``TAG value`` line per non-empty field,
  ``ER`` and a blank line, and ``EF`` at the end. The list fields (:data:`LIST_TAGS`: authors, cited
  references, ...) get one item per line, continuation lines indented by three spaces, as WoS writes them.
  Everything else stays on one line (WoS wraps long values; readers join the lines anyway).
- ``scopus.csv``: a Scopus-style CSV (the columns of :data:`SCOPUS_COLUMNS`) for litstudy's
  ``load_scopus_csv``. Authors go to ``Authors with affiliations`` as ``"Family, Given"`` items without an
  affiliation (litstudy takes the first two comma-separated parts of each item as the name); the WoS id
  goes to ``EID``. litstudy's file loaders carry no references at all, so the WoS ``CR`` field is kept
  verbatim in a ``References`` column for ``bench_peers.py`` to attach (see there).

Cited references are split on ``"; "`` (semicolon *and* space), the separator of the tab export: a bare
``";"`` also occurs inside SICI DOIs such as ``10.1002/(SICI)...3.0.CO;2-N`` (723 of the 6,025 records of
``wos-javeriana-cali`` have one). Nothing is dropped: a row that is not a record (a blank line) is skipped,
a row whose field count does not match the header raises ``ValueError`` naming file and line.

:func:`convert` caches: the outputs go to ``OUT_DIR/<digest of the input names, sizes and this format's
version>/`` and are reused while that folder is complete (``manifest.json`` is written last).

>>> rec = {"PT": "J", "AU": "Smith, J; Lee, K", "TI": "A title", "CR": "X A, 2001, J, DOI 10.1/a;b; Y B, 2002, K"}
>>> print("".join(plain_lines(rec)), end="")
PT J
AU Smith, J
   Lee, K
TI A title
CR X A, 2001, J, DOI 10.1/a;b
   Y B, 2002, K
ER
<BLANKLINE>
>>> scopus_row({"AF": "Smith, John; Lee, Kim", "TI": "T", "UT": "WOS:1", "PY": "2020"})["Authors with affiliations"]
'Smith, John; Lee, Kim'
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["LIST_TAGS", "SCOPUS_COLUMNS", "read_tab", "plain_lines", "scopus_row", "convert"]

FORMAT_VERSION = "1"
# fields whose items are "; "-separated in the tab export and one per line in the plain-text export
LIST_TAGS = ("AU", "AF", "BA", "BF", "CA", "GP", "BE", "CR")
# Scopus CSV column <- WoS tag (None: filled specially)
SCOPUS_COLUMNS = {
    "Authors": "AU",
    "Authors with affiliations": "AF",
    "Title": "TI",
    "Year": "PY",
    "Source title": "SO",
    "DOI": "DI",
    "Abstract": "AB",
    "Author Keywords": "DE",
    "Cited by": "TC",
    "Document Type": "DT",
    "Language of Original Document": "LA",
    "EID": "UT",
    "References": "CR",
}
PLAIN_HEADER = "\ufeffFN Clarivate Analytics Web of Science\nVR 1.0\n"


def _open(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def read_tab(paths: Iterable[str | os.PathLike[str]]) -> Iterator[dict[str, str]]:
    """``{tag: value}`` of every record of WoS tab-delimited files (header order; empty values kept)."""
    csv.field_size_limit(sys.maxsize)
    for path in map(Path, paths):
        with _open(path) as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = [h.strip() for h in next(reader)]
            while header and not header[-1]:
                header.pop()
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                while len(row) > len(header) and not row[-1].strip():
                    row.pop()
                if len(row) != len(header):
                    raise ValueError(
                        f"{path}, line {reader.line_num}: {len(row)} fields, the header has {len(header)}"
                    )
                yield dict(zip(header, row, strict=True))


def _items(value: str) -> list[str]:
    return [" ".join(p.split()) for p in value.split("; ") if p.strip()]


def plain_lines(record: dict[str, str]) -> Iterator[str]:
    """The lines (with ``\\n``) of one record in the WoS plain-text format, ``ER`` and a blank line included."""
    for tag, value in record.items():
        if tag in LIST_TAGS:
            items = _items(value)
        else:
            items = [" ".join(value.split())] if value.strip() else []
        if not items:
            continue
        yield f"{tag} {items[0]}\n"
        for item in items[1:]:
            yield f"   {item}\n"
    yield "ER\n\n"


def scopus_row(record: dict[str, str]) -> dict[str, str]:
    """One row of the Scopus-style CSV (see the module docstring)."""
    row = {col: " ".join(record.get(tag, "").split()) for col, tag in SCOPUS_COLUMNS.items()}
    row["Authors with affiliations"] = "; ".join(_items(record.get("AF") or record.get("AU", "")))
    row["References"] = "; ".join(_items(record.get("CR", "")))
    return row


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256(FORMAT_VERSION.encode())
    for p in paths:
        st = p.stat()
        h.update(f"{p.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def convert(paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str]) -> dict[str, object]:
    """Write (or reuse) ``wos.txt`` and ``scopus.csv`` for ``paths`` under ``out_dir``; returns the manifest:
    ``{"wos_plain": path, "scopus_csv": path, "records": n, "references": n, "folder": path}``."""
    paths = [Path(p) for p in paths]
    folder = Path(out_dir) / _digest(paths)
    manifest = folder / "manifest.json"
    if manifest.is_file():
        return json.loads(manifest.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    plain, scopus = folder / "wos.txt", folder / "scopus.csv"
    n = refs = 0
    with (
        open(plain, "w", encoding="utf-8", newline="\n") as fp,
        open(scopus, "w", encoding="utf-8", newline="") as fc,
    ):
        fp.write(PLAIN_HEADER)
        writer = csv.DictWriter(fc, fieldnames=list(SCOPUS_COLUMNS))
        writer.writeheader()
        for rec in read_tab(paths):
            n += 1
            refs += len(_items(rec.get("CR", "")))
            fp.writelines(plain_lines(rec))
            writer.writerow(scopus_row(rec))
        fp.write("EF\n")
    out = {"wos_plain": str(plain), "scopus_csv": str(scopus), "records": n, "references": refs,
           "inputs": [str(p) for p in paths], "folder": str(folder)}  # fmt: skip
    manifest.write_text(json.dumps(out, indent=1))
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        print("usage: wos_convert.py OUT_DIR FILE [FILE ...]", file=sys.stderr)
        return 2
    print(json.dumps(convert(args[1:], args[0]), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
