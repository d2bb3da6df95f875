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

__all__ = ["open_text", "read_head", "clean", "split_name", "make_author", "to_int", "year_of"]


def open_text(path: str | os.PathLike[str]) -> IO[str]:
    """Open a text file (gzip-compressed when it ends in .gz or starts with the gzip magic) as UTF-8, with a
    BOM removed. Undecodable bytes raise ParseError naming the file and byte offset."""
    p = Path(path)
    if not p.exists():
        raise ParseError("file does not exist", file=str(path), hint="check the path")
    if p.is_dir():
        raise ParseError("is a directory, not a file", file=str(path), hint="pass the files inside it")
    raw = p.open("rb")
    magic = raw.read(2)
    raw.seek(0)
    stream = gzip.open(raw) if magic == b"\x1f\x8b" else raw
    return _CheckedText(stream, str(path))


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
            raise ParseError(f"cannot read the file: {e}", file=self._sg_name, hint="is it a truncated .gz?") from None

    def read(self, *a):
        return self._wrap(super().read, *a)

    def readline(self, *a):
        return self._wrap(super().readline, *a)

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
    """int from '12', 12, '12.0'; None for empty or non-numeric."""
    if value is None or value == "":
        return None
    try:
        return int(float(str(value).strip()))
    except ValueError:
        return None


def year_of(value: object) -> int | None:
    """A plausible 4-digit year (1000-2999) found in the value, else None."""
    m = re.search(r"\b([12]\d{3})\b", str(value or ""))
    return int(m.group(1)) if m else None
