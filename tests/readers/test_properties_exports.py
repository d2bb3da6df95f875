"""Property tests: every export reader on MUTATED slices of the real files in ../shared.

A slice of a real export is damaged at random (deleted spans, inserted fragments, truncation, duplicated or
deleted lines) and written to a temporary file. Whatever the damage, a reader may only raise ParseError; every
item it yields is a Paper or a Reject, record numbers run 1..n without gaps (nothing lost silently), and where
the number of records is well defined from the text alone, it equals an independent count made here.
"""

from __future__ import annotations

import gzip
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scholargraph.errors import ParseError
from scholargraph.model import Paper, Reject
from scholargraph.readers.bibtex import read_bibtex
from scholargraph.readers.ris import read_ris
from scholargraph.readers.tabular import read_ieee_csv, read_scopus_csv, read_springer_csv
from scholargraph.readers.wos import read_wos

pytestmark = pytest.mark.shared  # reads ../shared/corpora (the quirk-file tests do not)

SETTINGS = settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
FRAGMENTS = [
    "\n",
    "\r",
    "\r\n",
    "\t",
    '"',
    "'",
    "{",
    "}",
    "\\",
    ";",
    ",",
    "; ",
    "ü",
    "\ufeff",
    "\x00",
    "@article{x,\n",
    "@string{",
    "TY  - JOUR\n",
    "ER  - \n",
    "AU  - X\n",
    "PT J\n",
    "ER\n",
    "TI \n",
    "   continued\n",
    "DOI [10.1/x, ",
    "\n\n",
    "title = {",
    "=",
]


@st.composite
def mutations(draw):
    ops = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["delete", "insert", "truncate", "dup_line", "del_line"]))
        pos = draw(st.floats(0, 1))
        size = draw(st.integers(1, 300))
        frag = draw(st.sampled_from(FRAGMENTS) | st.text(max_size=12))
        ops.append((kind, pos, size, frag))
    return ops


def mutate(text: str, ops) -> str:
    for kind, pos, size, frag in ops:
        i = int(pos * len(text))
        if kind == "delete":
            text = text[:i] + text[i + size :]
        elif kind == "insert":
            text = text[:i] + frag + text[i:]
        elif kind == "truncate":
            text = text[: max(i, len(text) // 3)]
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                j = min(int(pos * len(lines)), len(lines) - 1)
                if kind == "dup_line":
                    lines.insert(j, lines[j])
                else:
                    del lines[j]
            text = "".join(lines)
    return text


def run(reader, text: str, suffix: str) -> tuple[list[Paper | Reject], str] | None:
    """Write the text, read it; None when the reader refused the whole file with ParseError."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"mutated{suffix}"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        try:
            items = list(reader(path))
        except ParseError as e:
            assert str(path) in str(e)  # names the file
            return None
        for item in items:
            assert isinstance(item, Paper | Reject)
            if isinstance(item, Reject):
                assert item.file == str(path) and item.reason and item.record >= 1
            else:
                assert item.title and item.provenance[0].file == str(path)
        records = [i.provenance[0].record if isinstance(i, Paper) else i.record for i in items]
        assert records == list(range(1, len(items) + 1)), "record numbers must run 1..n (nothing lost)"
        return items, str(path)


def _lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def _head(text: str, n_lines: int) -> str:
    return "".join(text.splitlines(keepends=True)[:n_lines])


@pytest.fixture(scope="module")
def slices(corpora: Path) -> dict[str, str]:
    wos_tab = gzip.open(corpora / "wos-javeriana-cali" / "wos_1_500.txt.gz", "rt", encoding="utf-8").read()
    plain = (corpora / "bibx-exports" / "bit-pattern-savedrecs.txt").read_text(encoding="utf-8")
    cut = [m.end() for m in re.finditer(r"^ER$", plain, re.M)][7]
    scopus_bib = (corpora / "valdecy-bibtex" / "AI-26-Electre-Tri.bib").read_text(encoding="utf-8")
    wos_bib = (corpora / "valdecy-bibtex" / "wos-A.bib").read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"^@", scopus_bib, re.M)]
    wstarts = [m.start() for m in re.finditer(r"^@", wos_bib, re.M)]
    ris = (corpora / "bibx-exports" / "scopus.ris").read_text(encoding="utf-8")
    ris_cut = [m.end() for m in re.finditer(r"^ER  -.*$", ris, re.M)][5]
    with open(
        corpora / "litstudy-exports" / "tests-resources" / "example.ris", encoding="utf-8", newline=""
    ) as f:
        ieee_ris = f.read()
    lit = corpora / "litstudy-exports"
    return {
        "wos_tab": _head(wos_tab, 12),
        "wos_plain": plain[:cut],
        "bib": scopus_bib[: starts[4]] + wos_bib[wstarts[0] : wstarts[3]],
        "ris": ris[:ris_cut] + "\n" + ieee_ris[:6000],
        "scopus_csv": (corpora / "bibx-exports" / "scopus.csv").read_text(encoding="utf-8")[:60000],
        "ieee_csv": _head((lit / "notebooks-data" / "ieee_1.csv").read_text(encoding="utf-8"), 15),
        "springer_csv": _head((lit / "notebooks-data" / "springer.csv").read_text(encoding="utf-8"), 30),
    }


# ----------------------------------------------------------------------------------------- independent counts


def count_wos_tab(text: str, header: str) -> int | None:
    lines = _lines(text)
    if lines[0] != header:
        return None
    return sum(1 for ln in lines[1:] if ln.strip())


def count_bibtex(text: str) -> int:
    n = 0
    for ln in _lines(text):
        m = re.match(r"[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", ln)
        if m and m.group(1).lower() not in ("comment", "string", "preamble"):
            n += 1
    return n


def count_ris(text: str) -> int:
    n, open_record, orphan = 0, False, False
    for ln in _lines(text):
        tag = ln[:2] if re.match(r"[A-Z][A-Z0-9]  -( |$)", ln) else None
        if tag == "TY":
            n += 1 + orphan
            open_record, orphan = True, False
        elif tag == "ER":
            open_record = False
        elif tag and not open_record:
            orphan = True
    return n + orphan


# ------------------------------------------------------------------------------------------------------ tests


@SETTINGS
@given(ops=mutations())
def test_wos_tab_mutated(slices, ops):
    text = mutate(slices["wos_tab"], ops)
    out = run(read_wos, text, ".txt")
    expected = count_wos_tab(text, _lines(slices["wos_tab"])[0])
    if out is not None and expected is not None:
        assert len(out[0]) == expected


@SETTINGS
@given(ops=mutations())
def test_wos_plain_mutated(slices, ops):
    text = mutate(slices["wos_plain"], ops)
    out = run(read_wos, text, ".txt")
    if out is not None and _lines(text)[0].startswith(("FN ", "PT ")):
        pt_lines = sum(1 for ln in _lines(text) if re.match(r"PT( |$)", ln))
        assert len(out[0]) >= pt_lines  # every PT line opens a record


@SETTINGS
@given(ops=mutations())
def test_bibtex_mutated(slices, ops):
    text = mutate(slices["bib"], ops)
    out = run(read_bibtex, text, ".bib")
    expected = count_bibtex(text.lstrip("\ufeff"))
    if out is None:
        assert expected == 0
    else:
        assert len(out[0]) == expected


@SETTINGS
@given(ops=mutations())
def test_ris_mutated(slices, ops):
    text = mutate(slices["ris"], ops)
    out = run(read_ris, text, ".ris")
    if out is not None:
        assert len(out[0]) == count_ris(text.lstrip("\ufeff"))


@pytest.mark.parametrize(
    ("key", "reader"),
    [("scopus_csv", read_scopus_csv), ("ieee_csv", read_ieee_csv), ("springer_csv", read_springer_csv)],
)
@SETTINGS
@given(ops=mutations())
def test_csv_exports_mutated(slices, key, reader, ops):
    # CSV records can span lines inside quotes, so no independent count: nothing crashes, nothing is lost
    run(reader, mutate(slices[key], ops), ".csv")
