"""Readers: one module per input format, each with the same shape.

Every reader module defines ``read_<format>(source, **options)``, a generator that yields, for every record
in the file, exactly one item: a :class:`~scholargraph.model.Paper` or a :class:`~scholargraph.model.Reject`
(the record could not become a paper: file, record, field and reason). ``source`` is a path (``.gz`` is
opened transparently). A file that cannot be read at all raises :class:`~scholargraph.errors.ParseError`.
Each module also defines ``sniff(head, name) -> bool``, which looks at the first few KB of text (and the file
name) to detect the format from content. A reader may also take ``notes`` (a list): :func:`read` passes one
and adds what the reader appends (facts about the file that are not records, e.g. PubMed's deleted PMIDs) to
``corpus.notes``.

:func:`read` reads one or many files into a :class:`~scholargraph.model.Corpus`, detects formats, merges
duplicates across and within files (every merge recorded) and keeps per-file accounting so that
``records == papers + rejects + merged`` for every file.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .._gc import paused
from .._validation import check_options
from ..errors import UnknownFormatError
from ..model import Corpus, FileStats, Paper, Reject

__all__ = [
    "FORMATS",
    "read",
    "read_records",
    "expand_paths",
    "detect_format",
    "reader_for",
    "reader_options",
]

# format name -> (module, function). Order matters for detection: more specific sniffers first.
FORMATS: dict[str, tuple[str, str]] = {
    "pubmed": ("pubmed", "read_pubmed"),
    "medline": ("medline", "read_medline"),
    "crossref": ("crossref", "read_crossref"),
    "opencitations": ("opencitations", "read_opencitations"),
    "lens": ("lens", "read_lens"),
    "lens-json": ("lens", "read_lens_json"),
    "dimensions": ("dimensions", "read_dimensions"),
    "hf-papers": ("hf_papers", "read_hf_papers"),
    "arxiv": ("arxiv", "read_arxiv"),
    "openalex": ("openalex", "read_openalex"),
    "s2": ("semantic_scholar", "read_semantic_scholar"),
    "s2-open-corpus": ("semantic_scholar", "read_s2_open_corpus"),
    "unarxive": ("unarxive", "read_unarxive"),
    "bibtex": ("bibtex", "read_bibtex"),
    "ris": ("ris", "read_ris"),
    "wos": ("wos", "read_wos"),
    "scopus-csv": ("tabular", "read_scopus_csv"),
    "ieee-csv": ("tabular", "read_ieee_csv"),
    "springer-csv": ("tabular", "read_springer_csv"),
    "csv": ("tabular", "read_csv"),
    "jsonl": ("tabular", "read_jsonl"),
}

# format name -> sniffer function name in the same module (default "sniff_<module>")
_SNIFFERS: dict[str, str] = {
    "pubmed": "sniff",
    "medline": "sniff",
    "crossref": "sniff",
    "opencitations": "sniff",
    "lens": "sniff",
    "lens-json": "sniff_json",
    "dimensions": "sniff",
    "hf-papers": "sniff",
    "arxiv": "sniff",
    "openalex": "sniff",
    "s2": "sniff",
    "s2-open-corpus": "sniff_open_corpus",
    "unarxive": "sniff",
    "bibtex": "sniff",
    "ris": "sniff",
    "wos": "sniff",
    "scopus-csv": "sniff_scopus",
    "ieee-csv": "sniff_ieee",
    "springer-csv": "sniff_springer",
    "csv": "sniff_csv",
    "jsonl": "sniff_jsonl",
}


def reader_for(fmt: str) -> Callable[..., Iterator[Paper | Reject]]:
    """The reader function of a format name; UnknownFormatError lists the names that exist."""
    if fmt not in FORMATS:
        raise UnknownFormatError(
            f"unknown format {fmt!r}",
            field="format",
            hint=f"use one of: {', '.join(FORMATS)}",
        )
    module, func = FORMATS[fmt]
    return getattr(importlib.import_module(f"{__name__}.{module}"), func)


def detect_format(path: str | os.PathLike[str]) -> str:
    """Detect a file's format from its content (and name); UnknownFormatError lists the formats that exist."""
    from ._text import read_head

    head = read_head(path)
    name = Path(path).name.lower()
    for fmt in FORMATS:
        module, _ = FORMATS[fmt]
        mod = importlib.import_module(f"{__name__}.{module}")
        sniffer = getattr(mod, _SNIFFERS[fmt], None)
        if sniffer is not None and sniffer(head, name):
            return fmt
    raise UnknownFormatError(
        "could not detect the format from the file's content",
        file=str(path),
        hint=f"pass format= (CLI: --format) with one of: {', '.join(FORMATS)}",
    )


def expand_paths(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> tuple[list[str], list[str]]:
    """(files to read, notes on skipped files): a directory stands for the files directly in it whose format is
    detected (sorted by name; hidden files ignored); each other file there is named in a note, never dropped
    silently. A path that does not exist raises ParseError; so does a list that leaves no file to read."""
    from ..errors import ParseError

    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    names = [str(p) for p in paths]
    files: list[str] = []
    skipped: list[str] = []
    for raw in names:
        path = Path(raw)
        if not path.exists():
            raise ParseError("file does not exist", file=raw, hint="check the path (and quote globs)")
        if not path.is_dir():
            files.append(raw)
            continue
        for child in sorted(c for c in path.iterdir() if c.is_file() and not c.name.startswith(".")):
            try:
                detect_format(child)
            except UnknownFormatError:
                skipped.append(f"{child}: skipped (format not detected)")
                continue
            files.append(str(child))
    if not files:
        if not names:  # an empty list (a glob that matched nothing): there is no file to name
            raise ParseError(
                "no files given",
                file="(none)",
                hint="pass at least one file or folder (a glob pattern that matches nothing gives none)",
            )
        raise ParseError("no readable files", file=", ".join(names), hint="pass files in a supported format")
    return files, skipped


def read_records(
    path: str | os.PathLike[str], format: str | None = None, **options: Any
) -> Iterator[Paper | Reject]:
    """Yield every record of one file as a Paper or a Reject (no merging)."""
    check_reader_options(options, "read_records")
    fmt = format or detect_format(path)
    yield from reader_for(fmt)(path, **options)


def read(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    format: str | None = None,
    *,
    merge: bool = True,
    **options: Any,
) -> Corpus:
    """Read one or many files into a Corpus.

    A directory stands for the files in it whose format is detected (see :func:`expand_paths`; the others are
    named in ``corpus.notes``). ``format`` forces one format for every file (default: detect each from its
    content). ``options`` go to
    the readers that accept them (e.g. ``listing_date="2025-11-20"`` for the Daily Papers listing, ``mapping=``
    for generic CSV/JSONL). Duplicates are merged (``merge=False`` keeps them all) and every merge is recorded
    in ``corpus.merges``.
    """
    from .dedup import Deduplicator

    check_reader_options(options, "read")
    corpus = Corpus()
    read_into(corpus, Deduplicator(corpus) if merge else None, paths, format, options)
    return corpus


# a read makes a few objects per cited reference (250,000 in the WoS set): the collector's passes over them took
# a third of the read time; one full pass at the end instead (see _gc.paused)
@paused(collect=True)
def read_into(
    corpus: Corpus,
    dedup: Any,
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    format: str | None,
    options: dict[str, Any],
) -> None:
    """Add every record of ``paths`` to ``corpus``: Rejects to ``corpus.rejects``, Papers through ``dedup``
    (a :class:`~.dedup.Deduplicator` of ``corpus``; None appends them all), a FileStats per file, and notes
    for skipped files and assumed dates. What :func:`read` and ``pipeline.merge_files`` share."""
    from .._progress import bar, stage

    paths, skipped = expand_paths(paths)
    corpus.notes.extend(n for n in skipped if n not in corpus.notes)
    with (
        stage("reading %d file%s", len(paths), "" if len(paths) == 1 else "s") as st,
        bar(unit="record") as count,
    ):
        for path in paths:
            fmt = format or detect_format(path)
            count.set_description_str(Path(path).name, refresh=False)
            stats = _read_file(corpus, dedup, path, fmt, options, count)
            st.detail(
                "%s (%s): %d records, %d papers, %d rejects, %d merged",
                Path(path).name, fmt, stats.records, stats.papers, stats.rejects, stats.merged,
            )  # fmt: skip
        st.done(
            "%d papers, %d rejects, %d merged", len(corpus.papers), len(corpus.rejects), len(corpus.merges)
        )
    for p in corpus.papers:
        if p.date and p.date.note and p.date.note not in corpus.notes:
            corpus.notes.append(p.date.note)
    _note_unresolvable(corpus)


def _read_file(
    corpus: Corpus, dedup: Any, path: Any, fmt: str, options: dict[str, Any], count: Any
) -> FileStats:
    """Add one file's records to ``corpus`` (see :func:`read_into`); ``count`` is the progress bar."""
    reader = reader_for(fmt)
    stats = FileStats(file=str(path), format=fmt)
    kwargs = _accepted(reader, options)
    file_notes: list[str] = []
    if _takes(reader, "notes"):  # readers with file-level facts (e.g. PubMed's DeleteCitation) report them
        kwargs["notes"] = file_notes
    for item in reader(path, **kwargs):
        stats.records += 1
        count.update()
        if isinstance(item, Reject):
            corpus.rejects.append(item)
            stats.rejects += 1
        # Deduplicator.add(paper) appends a new paper to corpus.papers and returns False, or merges it into
        # the paper it duplicates, records a Merge in corpus.merges and returns True.
        elif dedup is not None and dedup.add(item):
            stats.merged += 1
        else:
            if dedup is None:
                corpus.papers.append(item)
            stats.papers += 1
    corpus.files.append(stats)
    corpus.notes.extend(n for n in file_notes if n not in corpus.notes)
    return stats


_UNRESOLVABLE = "cited references name no work"


def _note_unresolvable(corpus: Corpus) -> None:
    """One note counting the cited references that were not made references (placeholders, fragments; see
    ``extra['unresolvable_references']``), replacing the note of an earlier call on the same corpus."""
    counts = [n for p in corpus.papers if (n := p.extra.get("unresolvable_references"))]
    corpus.notes[:] = [n for n in corpus.notes if _UNRESOLVABLE not in n]
    if counts:
        corpus.notes.append(
            f"{sum(counts)} {_UNRESOLVABLE} (placeholders such as '[No title captured]', or fragments) in "
            f"{len(counts)} papers: counted as unresolvable (extra['unresolvable_references']), not cited works"
        )


def reader_options() -> dict[str, list[str]]:
    """option name -> the formats whose reader accepts it (every keyword parameter but ``source``)."""
    import inspect

    out: dict[str, list[str]] = {}
    for fmt in FORMATS:
        for name, param in inspect.signature(reader_for(fmt)).parameters.items():
            if name != "source" and param.kind in (param.KEYWORD_ONLY, param.POSITIONAL_OR_KEYWORD):
                out.setdefault(name, []).append(fmt)
    return out


def check_reader_options(options: dict[str, Any], owner: str) -> None:
    """ConfigError for an option that no reader accepts, naming the close match and the options that exist
    (``read(files, listng_date=...)`` must not be accepted silently)."""
    if options:
        check_options(options, reader_options(), owner)


def _accepted(func: Callable[..., Any], options: dict[str, Any]) -> dict[str, Any]:
    import inspect

    params = inspect.signature(func).parameters
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return {k: v for k, v in options.items() if k != "notes"}
    return {k: v for k, v in options.items() if k in params and k != "notes"}


def _takes(func: Callable[..., Any], name: str) -> bool:
    import inspect

    return name in inspect.signature(func).parameters
