"""An independent reading of the raw Web of Science tab-delimited files, with the standard library only (gzip,
str.split, re): never scholargraph's readers. What the citation tests compare the project's graph with.

Each record: its file and 1-based record number, its tags (UT, DI, TI, PY, AF, AU, CR, ...) and the DOIs of
its cited references. Rules, written here on purpose without looking at the reader:

- CR items are separated by "; " (a ";" with no space after it is part of a SICI DOI);
- a cited reference's DOIs are what follows its "DOI " marker: one DOI, or every DOI of a "[a, b]" list
  (each possibly with its own "DOI " prefix);
- a DOI is compared lower-cased, without spaces (WoS leaves line-break spaces inside some: "10.1016/j. x"),
  without trailing full stops and without an unbalanced closing bracket at the end;
- an item without a DOI is the cited work named by its text (lower case, non-word characters as spaces),
  unless nothing is left with two letters in a row once the WoS placeholder markers ("[Anonymous]",
  "[No title captured]", "**NON-TRADITIONAL**") and years are removed: then it names no work.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from pathlib import Path

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_MARKERS = re.compile(r"\[(?:Anonymous|No title captured)\]|\*\*[A-Z -]+\*\*|\b\d{4}\b", re.I)


def clean_doi(text: str) -> str | None:
    doi = re.sub(r"\s+", "", text).lower()
    while doi and (
        doi[-1] == "." or (doi[-1] in ")]>" and doi.count(doi[-1]) > doi.count("([<"[")]>".index(doi[-1])]))
    ):
        doi = doi[:-1]
    return doi if _DOI.match(doi) else None


def reference_dois(item: str) -> list[str]:
    """Every DOI a cited-reference string gives."""
    at = item.find("DOI ")
    if at < 0:
        return []
    rest = item[at + 4 :].strip()
    if rest.startswith("DOI "):
        rest = rest[4:].strip()
    parts = [rest]
    if rest.startswith("["):
        parts = rest[1 : -1 if rest.endswith("]") else None].split(", ")
    out = []
    for part in parts:
        part = part.strip()
        while part.startswith("DOI "):
            part = part[4:]
        doi = clean_doi(part)
        if doi and doi not in out:
            out.append(doi)
    return out


class Record:
    """One raw record: file, 1-based record number, tags, its own DOI, and per CR item the DOIs it gives."""

    def __init__(self, file: str, record: int, tags: dict[str, str]) -> None:
        self.file, self.record, self.tags = file, record, tags
        self.doi = clean_doi(tags["DI"]) if tags.get("DI") else None
        self.items = [x.strip() for x in tags.get("CR", "").split("; ") if x.strip()]
        self.cited = [reference_dois(x) for x in self.items]

    def work_keys(self) -> list[set[str]]:
        """Per cited work named by a CR item: its DOIs ('doi:...'), or its normalised text ('raw:...')."""
        out = []
        for item, dois in zip(self.items, self.cited, strict=True):
            if dois:
                out.append({f"doi:{d}" for d in dois})
            elif re.search(r"[A-Za-z]{2}", _MARKERS.sub("", item)):
                out.append({"raw:" + " ".join(re.sub(r"\W+", " ", item.lower()).split())})
        return out


def load(folder: Path) -> list[Record]:
    records = []
    for path in sorted(folder.glob("*.txt.gz")):
        with gzip.open(path, "rt", encoding="utf-8-sig", newline="\n") as f:
            header = f.readline().rstrip("\r\n").split("\t")
            n = 0
            for line in f:
                cells = line.rstrip("\r\n").split("\t")
                if not any(c.strip() for c in cells):
                    continue
                n += 1
                records.append(Record(str(path), n, dict(zip(header, cells, strict=False))))
    return records


def doi_nodes(records: list[Record]) -> dict[int, int]:
    """Record index -> node index: records sharing a DOI are one node (the true duplicates of the set)."""
    first: dict[str, int] = {}
    node = {}
    for i, r in enumerate(records):
        node[i] = first.setdefault(r.doi, i) if r.doi else i
    return node


def citations(records: list[Record], node: dict[int, int]) -> set[tuple[int, int]]:
    """(citing node, cited node) for every cited reference with a DOI of a record of the set (its DOIs tried in
    order: a "[a, b]" list names one work, so the first DOI of the set is the cited one); no self loops."""
    by_doi = {r.doi: node[i] for i, r in enumerate(records) if r.doi}
    out = set()
    for i, r in enumerate(records):
        for dois in r.cited:
            target = next((by_doi[d] for d in dois if d in by_doi), None)
            if target is not None and target != node[i]:
                out.add((node[i], target))
    return out


def co_cited_pairs(cites: set[tuple[int, int]]) -> set[tuple[int, int]]:
    cited_by = defaultdict(set)
    for a, b in cites:
        cited_by[a].add(b)
    return {(x, y) for targets in cited_by.values() for x in targets for y in targets if x < y}


def doi_reference_sets(records: list[Record], node: dict[int, int]) -> dict[int, set[str]]:
    """Node -> the DOIs its records cite (every DOI of every list)."""
    out: dict[int, set[str]] = defaultdict(set)
    for i, r in enumerate(records):
        for dois in r.cited:
            out[node[i]].update(dois)
    return out
