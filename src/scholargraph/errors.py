"""Exceptions raised by scholargraph.

Every error the library raises on purpose is a :class:`ScholarGraphError`, so a caller (and the CLI) can catch
one class. Messages say what went wrong, where (file, record, field) and how to fix it.

>>> err = ParseError("no records found", file="x.bib", record=3, field="title", hint="check the export format")
>>> str(err)
"x.bib: record 3: field 'title': no records found. How to fix: check the export format"
>>> isinstance(err, ScholarGraphError)
True
>>> issubclass(ConfigError, ValueError) and issubclass(SchemaError, ValueError)
True
"""

from __future__ import annotations

__all__ = [
    "ScholarGraphError",
    "ParseError",
    "UnknownFormatError",
    "ConfigError",
    "ModelNotFoundError",
    "SchemaError",
    "StoreError",
    "StoreVersionError",
    "Neo4jError",
    "FetchError",
]


class ScholarGraphError(Exception):
    """Base class of every error scholargraph raises on purpose (CLI exit code 1 unless a subclass says)."""

    exit_code = 1


class ParseError(ScholarGraphError):
    """A file (or a record in it) cannot be read.

    Carries ``file``, ``record`` (1-based record number), ``line`` (1-based line), ``field`` and ``hint``.
    """

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        record: int | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.record = record
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.record is not None:
            where.append(f"record {self.record}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        text = ": ".join(where + [self.message]) if where else self.message
        if self.hint:
            text += f". How to fix: {self.hint}"
        return text


class UnknownFormatError(ParseError):
    """The input's format could not be detected, or an unknown format name was given."""


class ConfigError(ScholarGraphError, ValueError):
    """A parameter or setting has a value that is not allowed (names the parameter, the allowed and given values).

    Also a ValueError, so code written for the standard library's convention catches it too. Messages have one
    shape (see :mod:`scholargraph._validation`): "The 'top' parameter of write_report must be an int >= 1, got 0".
    """

    exit_code = 2


class ModelNotFoundError(ConfigError):
    """A spaCy model is not installed; the message names the pip package to install."""


class SchemaError(ScholarGraphError, ValueError):
    """A node, relationship or property does not follow the graph schema (``scholargraph.graph.schema``): an
    unknown label, relationship type or property name, a value of the wrong type, or a relationship between
    nodes of the wrong labels."""


class StoreError(ScholarGraphError):
    """The embedded store directory is missing, damaged or cannot be written."""

    exit_code = 4


class StoreVersionError(StoreError):
    """The store was written by an incompatible version of scholargraph."""


class Neo4jError(ScholarGraphError):
    """Neo4j is unreachable, refused the credentials, lacks the database, or failed mid-write."""

    exit_code = 5


class FetchError(ScholarGraphError):
    """An online API (arXiv, OpenAlex, PubMed, Crossref, OpenCitations) failed or answered something unreadable."""

    exit_code = 6
