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
    "page_range",
    "year_of",
    "load_json",
    "load_json_or_lines",
    "json_loads",
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


def open_text(path: str | os.PathLike[str], *, newline: str | None = None) -> IO[str]:
    """Open a text file (gzip-compressed when it ends in .gz or starts with the gzip magic) with a BOM removed:
    UTF-16 or UTF-32 when it starts with their byte-order mark (WoS exports on Windows often are), else UTF-8.
    Undecodable bytes raise ParseError naming the file and byte offset.

    ``newline`` is as for :func:`open`: the default (None) ends lines at ``\\n``, ``\\r\\n`` and a lone ``\\r``;
    ``"\\n"`` ends them only at ``\\n`` (the ``\\r`` of ``\\r\\n`` stays at the line end), so a stray ``\\r``
    inside a field does not split a record.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "u16.txt"
    >>> _ = p.write_bytes("Título\\r\\nb\\rc\\n".encode("utf-16"))
    >>> with open_text(p, newline="\\n") as f:
    ...     f.readlines()
    ['Título\\r\\n', 'b\\rc\\n']
    """
    stream, raw = open_bytes(path)
    try:
        encoding = _encoding(stream.peek(_SNIFF)[:_SNIFF])
    except (OSError, EOFError) as e:
        raw.close()
        raise ParseError(
            f"cannot read the file: {e}", file=str(path), hint="is it a truncated .gz?"
        ) from None
    if encoding is None:
        raw.close()
        raise ParseError(
            "the file holds NUL bytes: it looks like UTF-16 or UTF-32 text without a byte-order mark, or binary",
            file=str(path),
            hint="export it again as UTF-8 (or as UTF-16 with a byte-order mark)",
        )
    text = _CheckedText(stream, str(path), encoding, newline)
    text._sg_raw = raw  # GzipFile does not close a file object it was given
    return text


_SNIFF = 64  # bytes looked at to choose the encoding


def _encoding(head: bytes) -> str | None:
    """The text encoding of a file from its first bytes: the one its byte-order mark announces; UTF-16 without
    one when every second byte is NUL (ASCII text in UTF-16); UTF-8 when there is no NUL; None otherwise.

    >>> _encoding(b"\\xff\\xfeP\\x00"), _encoding("PT".encode("utf-16-be")), _encoding(b"PT"), _encoding(b"P\\0\\0\\0")
    ('utf-16', 'utf-16-be', 'utf-8-sig', None)
    """
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" not in head:
        return "utf-8-sig"
    n = len(head) // 2 * 2
    even, odd = head[0:n:2], head[1:n:2]
    if n and odd.count(0) == len(odd) and 0 not in even:
        return "utf-16-le"
    if n and even.count(0) == len(even) and 0 not in odd:
        return "utf-16-be"
    return None


class _CheckedText(io.TextIOWrapper):
    def __init__(self, stream, name: str, encoding: str = "utf-8-sig", newline: str | None = None) -> None:
        super().__init__(stream, encoding=encoding, errors="strict", newline=newline)
        self._sg_name = name

    def _wrap(self, fn, *a):
        try:
            return fn(*a)
        except UnicodeDecodeError as e:
            if self.encoding != "utf-8-sig":
                why, hint = f"not valid {self.encoding.upper()} text", "export the file again"
            elif b"\x00" in e.object[e.start : e.start + 64]:
                why = "not UTF-8 text: it looks like UTF-16 or UTF-32 without a byte-order mark"
                hint = "export it again as UTF-8 (or as UTF-16 with a byte-order mark)"
            else:
                why = "not UTF-8 text"
                hint = "re-export the file as UTF-8, or convert it with iconv -f latin1 -t utf-8"
            raise ParseError(
                f"{why} (byte {e.start} of a chunk: {e.reason})", file=self._sg_name, hint=hint
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
    # the BOM is decoded away; a character cut at the end is replaced
    return data.decode(_encoding(data[:_SNIFF]) or "utf-8-sig", errors="replace")[:size]


def clean(text: str | None) -> str | None:
    """Collapse whitespace (hard-wrapped lines become one line); empty -> None.

    >>> clean("  a\\tb \\n c\\u00a0 "), clean("as is"), clean(" \\n ")
    ('a b c', 'as is', None)
    """
    if text is None:
        return None
    text = str(text)
    # most fields need nothing: no whitespace but single inner spaces (str.isprintable is False for every
    # whitespace character but the space itself)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text or None
    return " ".join(text.split()) or None


def split_name(name: str) -> tuple[str | None, str | None]:
    """(family, given) from 'Family, Given' or 'Given Family'. A single word is a family name."""
    return _split_clean_name(clean(name) or "")


def _split_clean_name(name: str) -> tuple[str | None, str | None]:
    """:func:`split_name` of a name that :func:`clean` leaves as it is."""
    if not name:
        return None, None
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip() or None, given.strip() or None
    parts = name.split(" ")
    if len(parts) == 1:
        return parts[0], None
    return parts[-1], " ".join(parts[:-1])


def make_author(
    raw: str, *, orcid: str | None = None, guess_order: bool = True, **ids: str | None
) -> Author | None:
    """An Author from a raw name string; display name 'Given Family'. None for an empty name.

    ``guess_order=False``: a name without a comma is kept as given, with no family / given name guessed (Web of
    Science writes 'Family, Given'; a name without a comma there, such as 'Nguyen Xuan Thinh', may be in either
    order).

    >>> make_author("Nguyen Xuan Thinh", guess_order=False).name, make_author("Nguyen Xuan Thinh").family
    ('Nguyen Xuan Thinh', 'Thinh')
    """
    raw_clean = clean(raw)
    if not raw_clean:
        return None
    orcid = normalize_orcid(orcid) if orcid else None
    if not guess_order and "," not in raw_clean:
        return Author(name=raw_clean, raw=raw, orcid=orcid, **ids)
    family, given = _split_clean_name(raw_clean)
    display = f"{given} {family}" if given and family else raw_clean
    return Author(name=display, raw=raw, family=family, given=given, orcid=orcid, **ids)


def page_range(first: str | None, last: str | None) -> str | None:
    """'first-last', 'first' (one page or no last page), or None.

    >>> page_range("84", "109"), page_range("A133", "A133"), page_range(None, "5")
    ('84-109', 'A133', None)
    """
    if not first:
        return None
    return f"{first}-{last}" if last and last != first else first


def json_list(value: object) -> list:
    """``value`` when it is a JSON array, else an empty list (an API field of the wrong type is no crash).

    >>> json_list([1, 2]), json_list(1.0), json_list(None)
    ([1, 2], [], [])
    """
    return value if isinstance(value, list) else []


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


_YEAR = re.compile(r"\b([12]\d{3})\b")


def year_of(value: object) -> int | None:
    """A plausible 4-digit year (1000-2999) found in the value, else None."""
    m = _YEAR.search(str(value or ""))
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
        return json_loads(text)
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


def json_loads(text: str) -> object:
    """:func:`json.loads`, except that JSON nested too deeply for Python's parser raises
    :class:`json.JSONDecodeError` (a ValueError, as for any invalid JSON) instead of RecursionError.

    >>> json_loads("[" * 100000 + "]" * 100000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    json.decoder.JSONDecodeError: nested too deeply...
    """
    import json

    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError(
            "nested too deeply (more levels of [ and { than can be read)", text[:1], 0
        ) from None


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
                yield n, json_loads(line), None
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
