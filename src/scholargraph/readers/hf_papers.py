"""The "Daily Papers" listing page, as text copied from a browser.

Layout: page chrome ("Daily Papers", "byAK and the research community", the listing date such as "Nov 20"),
then one block per paper::

    <title>
    <blank>
    <abstract, one line>
    <blank>
      • <N> authors
    ·
    <date>[ <upvotes>]

Dates come as ``Feb 8, 2024`` (day precision) or ``Aug 19`` (no year printed). The page prints a year only for
dates in earlier years, so a year-less date is in the listing's year. **Year rule**: with
``listing_date`` (``'YYYY-MM-DD'`` or a :class:`datetime.date`) a year-less date takes the listing's year, or
the year before when its month-day is later than the listing's month-day. Without ``listing_date`` the
listing year is *assumed* to be the year after the latest year printed on the page (the earliest year
consistent with the page; the current calendar year would make the result depend on when it is read), a
``UserWarning`` is issued once per file, and every such date carries ``year_assumed=True`` and a note.

Anything that does not fit the layout is reported, never dropped: a block whose date line is not understood
becomes a Reject, and stray text between blocks becomes a Reject of its own. A block with one other line in
place of ``• N authors`` (an organisation's page shows ``pathwaycom Pathway``) is a paper whose author count is
unknown; the line is kept in ``extra["author_line"]``.

>>> parse_date_line("Feb 8, 2024 1")
(2, 8, 2024, 1)
>>> parse_date_line("Sep 30 25")
(9, 30, None, 25)
>>> parse_date_line("yesterday") is None
True
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import warnings
from collections.abc import Iterator

from ..errors import ConfigError, ParseError
from ..model import Paper, PaperDate, Provenance, Reject
from ._text import clean, open_text, snippet

__all__ = ["read_hf_papers", "sniff", "parse_date_line"]

FORMAT = "hf-papers"
_MON = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_DATE_RE = re.compile(rf"^({_MON})[a-z]*\.? (\d{{1,2}})(?:, (\d{{4}}))?(?: (\d+))?$")
_AUTHORS_RE = re.compile(r"^[\u2022•*-]\s*(\d+)\s+authors?$")
_SEP = "\u00b7"
_CHROME = {
    "new",
    "get trending papers in your email inbox!",
    "subscribe",
    "daily papers",
    "byak and the research community",
}


def parse_date_line(text: str) -> tuple[int, int, int | None, int | None] | None:
    """``(month, day, year or None, upvotes or None)`` of a date line, or None if it is not one."""
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    month = PaperDate.month_number(m.group(1))
    day = int(m.group(2))
    if month is None or not 1 <= day <= 31:
        return None
    year = int(m.group(3)) if m.group(3) else None
    votes = int(m.group(4)) if m.group(4) else None
    return month, day, year, votes


def sniff(head: str, name: str) -> bool:
    """Detect the listing from its content: the "Daily Papers" chrome or the '• N authors' / '·' block lines."""
    lines = [ln.strip() for ln in head.splitlines()]
    if "Daily Papers" in lines and any(_AUTHORS_RE.match(ln) for ln in lines):
        return True
    n_auth = sum(1 for ln in lines if _AUTHORS_RE.match(ln))
    return n_auth >= 2 and lines.count(_SEP) >= 2


def _listing(value: object) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(
            f"listing_date must be a date 'YYYY-MM-DD' (or datetime.date), got {value!r}",
        ) from None


def _groups(path: str | os.PathLike[str]) -> list[tuple[int, list[str]]]:
    """Blank-line separated groups of lines: (first line number, stripped lines)."""
    out: list[tuple[int, list[str]]] = []
    cur: list[str] = []
    start = 0
    with open_text(path) as f:
        for n, raw in enumerate(f, start=1):
            line = raw.strip()
            if not line:
                if cur:
                    out.append((start, cur))
                    cur = []
                continue
            if not cur:
                start = n
            cur.append(line)
    if cur:
        out.append((start, cur))
    return out


def read_hf_papers(
    source: str | os.PathLike[str], listing_date: str | _dt.date | None = None
) -> Iterator[Paper | Reject]:
    """Read a Daily Papers listing: one Paper per block (title, abstract, author count, date, upvotes).

    ``listing_date`` is the day the listing was shown (fills years the page does not print; see the module
    docstring for the rule and what happens without it).
    """
    listing = _listing(listing_date)
    file = str(source)
    groups = _groups(source)
    if not groups:
        raise ParseError("the file is empty", file=file, hint="copy the listing page's text into the file")
    # a meta group is the one holding the '·' separator line: [authors line, '·', date line]
    metas = [i for i, (_, g) in enumerate(groups) if _SEP in g]
    if not metas:
        raise ParseError(
            "no paper blocks found (no '·' separator line before a date)",
            file=file,
            hint="this reader expects the Daily Papers page text; pass --format for another format",
        )

    # the listing's own date ("Nov 20") sits in the page chrome before the first block
    header_md: tuple[int, int] | None = None
    first_title = max(0, metas[0] - 2)
    for _, g in groups[:first_title]:
        for ln in g:
            d = parse_date_line(ln)
            if d and d[2] is None and d[3] is None:
                header_md = (d[0], d[1])
    printed_years = []
    for i in metas:
        for ln in groups[i][1]:
            d = parse_date_line(ln)
            if d and d[2]:
                printed_years.append(d[2])

    if listing is not None:
        ref_year, ref_md = listing.year, (listing.month, listing.day)
        note_base = f"listing_date={listing.isoformat()}"
    else:
        ref_md = header_md
        if printed_years:
            ref_year = max(printed_years) + 1
            why = (
                f"the page prints a year only for earlier years and the latest printed year is {ref_year - 1}"
                "; pass listing_date (CLI: --listing-date) to set it"
            )
        else:
            ref_year = _dt.date.today().year
            why = "no year is printed on the page, so the current year is used; pass listing_date to set it"
        note_base = why
    warned = False
    record = 0
    prev_end = 0  # index of the first group after the previous meta group
    for k, mi in enumerate(metas):
        body = groups[prev_end:mi]
        prev_end = mi + 1
        if k == 0:
            body = [(n, g) for n, g in body if not _is_chrome(g)]
        # groups before title + abstract (a block that lost its author/date lines, or stray text): one Reject
        if len(body) > 2:
            stray, body = body[:-2], body[-2:]
            record += 1
            text = " / ".join(" ".join(g) for _, g in stray)
            yield Reject(
                file,
                record,
                f"text without the '\u2022 N authors' / '\u00b7' / date lines of a paper block: {snippet(text, 80)!r}",
                "date",
                stray[0][0],
                FORMAT,
                snippet(text),
            )
        record += 1
        meta_line, meta = groups[mi]
        line = body[0][0] if body else meta_line
        title_lines = body[0][1] if body else []
        prov = Provenance(file, record, line, FORMAT)

        def rej(
            reason: str,
            fld: str | None,
            at: int = line,
            text: object = None,
            rec: int = record,
            tl=title_lines,
        ) -> Reject:
            return Reject(file, rec, reason, fld, at, FORMAT, snippet(text if text is not None else tl))

        if len(body) < 2:
            yield rej(
                "block has no title or no abstract before its author/date lines",
                "abstract" if body else "title",
                text=" ".join(title_lines) or " ".join(meta),
            )
            continue
        title = clean(" ".join(body[0][1]))
        abstract = clean(" ".join(body[1][1]))
        sep = meta.index(_SEP)
        before, after = meta[:sep], meta[sep + 1 :]
        if len(before) != 1:
            found = " / ".join(before) if before else "nothing"
            yield rej(
                f"expected '\u2022 N authors' before the '\u00b7' line, found {found!r}",
                "authors",
                at=meta_line,
            )
            continue
        extra = {}
        if m := _AUTHORS_RE.match(before[0]):
            author_count: int | None = int(m.group(1))
        else:  # an organisation's line ('pathwaycom Pathway') instead of the count: authors unknown
            author_count = None
            extra["author_line"] = before[0]
        if len(after) != 1:
            found = " / ".join(after) if after else "nothing"
            yield rej(
                f"expected one date line after the '\u00b7' line, found {found!r}", "date", at=meta_line
            )
            continue
        parsed = parse_date_line(after[0])
        if parsed is None:
            yield rej(
                f"date line {after[0]!r} is not like 'Feb 8, 2024' or 'Aug 19' (+ upvotes)", "date", meta_line
            )
            continue
        month, day, year, votes = parsed
        if year is not None:
            date = PaperDate(year, month, day, "day")
        else:
            y, why = ref_year, note_base
            if ref_md is not None and (month, day) > ref_md:
                y -= 1
                why += f", and {after[0].split()[0]} {day} is later in the year than the listing's date"
            note = f"year not printed; assumed {y} because {why}"
            if listing is None and not warned:
                warnings.warn(f"{file}: {note}", UserWarning, stacklevel=2)
                warned = True
            date = PaperDate(y, month, day, "day", year_assumed=True, note=note)
        yield Paper.create(
            title=title or "",
            abstract=abstract,
            author_count=author_count,
            date=date,
            upvotes=votes,
            provenance=[prov],
            extra={"date_text": after[0], **extra},
        )
    # text after the last block
    tail = groups[prev_end:]
    for n, g in tail:
        record += 1
        yield Reject(
            file,
            record,
            f"text after the last paper block is not a complete block: {snippet(' / '.join(g), 80)!r}",
            None,
            n,
            FORMAT,
            snippet(" ".join(g)),
        )


def _is_chrome(group: list[str]) -> bool:
    if all(ln.lower() in _CHROME for ln in group):
        return True
    return len(group) == 1 and (d := parse_date_line(group[0])) is not None and d[2] is None and d[3] is None
