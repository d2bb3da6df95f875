"""Shared helpers for readers: opening files (``.gz`` too), whitespace, names, years.

>>> split_name("Smith, John A.")
('Smith', 'John A.')
>>> split_name("John Smith")
('Smith', 'John')
>>> clean("  two\\n  lines ")
'two lines'
"""

from __future__ import annotations

import gzip
import io
import os
import re
from pathlib import Path
from typing import IO

from ..errors import ParseError
from ..model import Author, normalize_orcid

__all__ = [
    "open_bytes",
    "open_text",
    "read_head",
    "clean",
    "split_name",
    "make_author",
    "to_int",
    "year_of",
    "load_json",
    "load_json_or_lines",
    "iter_json_lines",
    "json_line_records",
    "snippet",
]


def open_bytes(path: str | os.PathLike[str]) -> tuple[IO[bytes], IO[bytes]]:
    """(stream, raw file): the file's bytes, gunzipped when it starts with the gzip magic. Close ``raw`` when
    done (GzipFile does not close a file object it was given). A missing path or a directory raises ParseError.
    Reading a damaged .gz raises OSError / EOFError (``zlib.error`` for corrupt data) while reading."""
    p = Path(path)
    if not p.exists():
        raise ParseError("file does not exist", file=str(path), hint="check the path")
    if p.is_dir():
        raise ParseError("is a directory, not a file", file=str(path), hint="pass the files inside it")
    raw = p.open("rb")
    magic = raw.read(2)
    raw.seek(0)
    return (gzip.open(raw) if magic == b"\x1f\x8b" else raw), raw


def open_text(path: str | os.PathLike[str]) -> IO[str]:
    """Open a text file (gzip-compressed when it ends in .gz or starts with the gzip magic) as UTF-8, with a
    BOM removed. Undecodable bytes raise ParseError naming the file and byte offset."""
    stream, raw = open_bytes(path)
    text = _CheckedText(stream, str(path))
    text._sg_raw = raw  # GzipFile does not close a file object it was given
    return text


class _CheckedText(io.TextIOWrapper):
    def __init__(self, stream, name: str) -> None:
        super().__init__(stream, encoding="utf-8-sig", errors="strict", newline=None)
        self._sg_name = name

    def _wrap(self, fn, *a):
        try:
            return fn(*a)
        except UnicodeDecodeError as e:
            raise ParseError(
                f"not UTF-8 text (byte {e.start} of a chunk: {e.reason})",
                file=self._sg_name,
                hint="re-export the file as UTF-8, or convert it with iconv -f latin1 -t utf-8",
            ) from None
        except (OSError, EOFError) as e:
            raise ParseError(
                f"cannot read the file: {e}", file=self._sg_name, hint="is it a truncated .gz?"
            ) from None

    def read(self, *a):
        return self._wrap(super().read, *a)

    def readline(self, *a):
        return self._wrap(super().readline, *a)

    def close(self) -> None:
        try:
            super().close()
        finally:
            raw = getattr(self, "_sg_raw", None)
            if raw is not None:
                raw.close()

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def read_head(path: str | os.PathLike[str], size: int = 8192) -> str:
    """The first ``size`` characters of a file, for format sniffing (undecodable bytes replaced)."""
    p = Path(path)
    if not p.exists():
        raise ParseError("file does not exist", file=str(path), hint="check the path")
    with p.open("rb") as f:
        magic = f.read(2)
        f.seek(0)
        stream = gzip.open(f) if magic == b"\x1f\x8b" else f
        try:
            data = stream.read(size * 4)
        except (OSError, EOFError) as e:
            raise ParseError(f"cannot read the file: {e}", file=str(path)) from None
    return data.decode("utf-8-sig", errors="replace")[:size]


def clean(text: str | None) -> str | None:
    """Collapse whitespace (hard-wrapped lines become one line); empty -> None."""
    if text is None:
        return None
    out = re.sub(r"\s+", " ", str(text)).strip()
    return out or None


def split_name(name: str) -> tuple[str | None, str | None]:
    """(family, given) from 'Family, Given' or 'Given Family'. A single word is a family name."""
    name = clean(name) or ""
    if not name:
        return None, None
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip() or None, given.strip() or None
    parts = name.split(" ")
    if len(parts) == 1:
        return parts[0], None
    return parts[-1], " ".join(parts[:-1])


def make_author(raw: str, *, orcid: str | None = None, **ids: str | None) -> Author | None:
    """An Author from a raw name string; display name 'Given Family'. None for an empty name."""
    raw_clean = clean(raw)
    if not raw_clean:
        return None
    family, given = split_name(raw_clean)
    display = f"{given} {family}" if given and family else raw_clean
    return Author(name=display, raw=raw, family=family, given=given, orcid=normalize_orcid(orcid), **ids)


def to_int(value: object) -> int | None:
    """int from '12', 12, '12.0'; None for empty, non-numeric or non-finite (JSON allows Infinity and NaN).

    >>> to_int("12.0"), to_int(7), to_int("x"), to_int(float("inf")), to_int("NaN")
    (12, 7, None, None, None)
    """
    if value is None or value == "":
        return None
    try:
        return int(float(str(value).strip()))
    except (ValueError, OverflowError):
        return None


def year_of(value: object) -> int | None:
    """A plausible 4-digit year (1000-2999) found in the value, else None."""
    m = re.search(r"\b([12]\d{3})\b", str(value or ""))
    return int(m.group(1)) if m else None


def load_json(path: str | os.PathLike[str], *, what: str = "JSON") -> object:
    """Parse a whole (optionally gzipped) JSON file; a syntax error raises ParseError naming file, line and column.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "ok.json").write_text('{"a": [1, 2]}')
    >>> load_json(d / "ok.json")
    {'a': [1, 2]}
    >>> _ = (d / "bad.json").write_text('{"a": [1, 2}')
    >>> load_json(d / "bad.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    scholargraph.errors.ParseError: ...bad.json: line 1: not valid JSON: ...
    """
    import json

    with open_text(path) as f:
        text = f.read()
    if not text.strip():
        raise ParseError(
            f"the file is empty; expected {what}", file=str(path), hint="re-download or re-export it"
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ParseError(
            f"not valid JSON: {e.msg} (column {e.colno})",
            file=str(path),
            line=e.lineno,
            hint=f"the file must be one {what} document; is it truncated or hand-edited?",
        ) from None


JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def load_json_or_lines(path: str | os.PathLike[str], *, what: str = "JSON") -> tuple[bool, object]:
    """``(True, None)`` when the file is JSON Lines -- by its name, or because it holds several JSON documents
    (JSON Lines without the .jsonl name) -- else ``(False, document)``; other errors as :func:`load_json`.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "two.json").write_text('{"a": 1}\\n{"a": 2}\\n')
    >>> load_json_or_lines(d / "two.json"), load_json_or_lines(d / "x.jsonl")
    ((True, None), (True, None))
    """
    if str(path).lower().endswith(JSONL_SUFFIXES):
        return True, None
    try:
        return False, load_json(path, what=what)
    except ParseError as e:
        if "Extra data" in e.message:
            return True, None
        raise


def json_line_records(path: str | os.PathLike[str], fmt: str, convert):
    """One item per non-blank line of a JSON Lines file: ``convert(value, file, record, line)``, or a Reject
    for a line that is not JSON (so one bad line does not stop the file)."""
    from ..model import Reject

    file = str(path)
    for i, (line, value, error) in enumerate(iter_json_lines(path), start=1):
        yield (
            Reject(file, i, error, None, line, fmt, None)
            if error is not None
            else convert(value, file, i, line)
        )


def iter_json_lines(path: str | os.PathLike[str]):
    """Yield ``(line_number, value, error)`` for every non-blank line of a JSON Lines file.

    ``value`` is the parsed JSON (``error`` None), or ``value`` is None and ``error`` says why the line is not
    JSON, so a reader can turn one bad line into a Reject and go on.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.jsonl"
    >>> _ = p.write_text('{"a": 1}\\n\\n{oops\\n')
    >>> [(n, v, e is not None) for n, v, e in iter_json_lines(p)]
    [(1, {'a': 1}, False), (3, None, True)]
    """
    import json

    with open_text(path) as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line), None
            except json.JSONDecodeError as e:
                yield n, None, f"not valid JSON: {e.msg} (column {e.colno})"


def snippet(value: object, size: int = 120) -> str | None:
    """A short one-line excerpt of a record for error messages.

    >>> snippet("a\\nb   c")
    'a b c'
    >>> len(snippet("x" * 500))
    120
    """
    if value is None:
        return None
    text = clean(value if isinstance(value, str) else repr(value)) or ""
    return text if len(text) <= size else text[: size - 3] + "..."
