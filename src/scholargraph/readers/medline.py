"""MEDLINE text / ``.nbib`` ("PubMed format", "Send to: Citation manager"): one tag a line.

A tag line is a tag of up to four characters, left-justified and space-padded, then ``- `` and the value
(``PMID- 30514039``, ``TI  - A title``, ``FAU - Lai, Zhen``). A line starting with spaces continues the value
above (NLM wraps at 80 columns; joined with one space). Records are separated by blank lines; a ``PMID-`` line
always starts a new record. CR, LF and CRLF line ends are all accepted; so is a blank first line.

The mapping gives the same Paper as the PubMed XML reader for the same record
(:func:`~scholargraph.readers.pubmed.pubmed_paper` builds both), where the text format has the field:

* ``PMID`` -> pmid (required; a record without one is a Reject); ``TI`` -> title (``BTI`` for a book);
  ``TT`` -> ``extra['vernacular_title']``; ``AB`` -> abstract (one paragraph: labelled sections are inline,
  "OBJECTIVE: ... METHODS: ...");
* ``FAU`` (full name, "Lastname, Forenames") or ``AU`` ("Lastname Initials") starts an author; the ``AD`` and
  ``AUID`` ("ORCID: ...") lines after it belong to that author (several ``AD`` joined by "; "); ``CN`` is a
  collective author; ``IR``/``FIR`` (investigators, not authors) are skipped with their ``AD`` lines;
* ``DP`` -> date (:func:`~scholargraph.readers.pubmed.parse_medline_date`; a range's text also in
  ``extra['date_text']``); ``DEP`` -> ``extra['electronic_date']``;
* ``JT`` -> venue (``extra['publisher']`` from ``PB`` for a book); ``TA`` -> ``extra['journal_abbrev']``;
  ``VI``/``IP``/``PG`` -> ``extra['volume'|'issue'|'pages']``; ``IS ... (Linking)`` -> ``extra['issn_linking']``;
* ``AID``/``LID`` ``... [doi]`` -> doi, ``AID ... [pii]`` -> ``extra['pii']``; ``PMC`` -> pmcid;
* ``MH`` -> MeSH headings (``*`` marks a major descriptor or qualifier, ``/`` separates qualifiers);
  ``OT`` -> keywords; ``PT`` -> ``pub_types`` and ``doc_type``; ``LA`` -> language; ``STAT`` ->
  ``extra['medline_status']``.

What the text format lacks (the XML has it): reference lists, MeSH and publication-type UIs, abstract section
boundaries; and files exported before 2020 are ASCII-only (NLM spelled "±" as "+/-" and dropped accents).

A file that is RIS (``TY  - ``) raises ParseError naming the RIS format; so does a file where no record has a
``PMID-`` line.

>>> sniff("\\nPMID- 30514039\\nOWN - NLM\\nTI  - A title\\n", "x.nbib"), sniff("TY  - JOUR\\nTI  - x\\n", "x.ris")
(True, False)
>>> parse_mh("Abscess/*diagnostic imaging/surgery")
MeshHeading(descriptor='Abscess', ui=None, major=True, qualifiers=['diagnostic imaging', 'surgery'], major_qualifiers=['diagnostic imaging'])
>>> parse_mh("*Psoas Abscess").major, parse_mh("Humans").major
(True, False)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..model import Author, MeshHeading, Paper, Reject, normalize_orcid
from ._text import clean, open_text, read_head
from .pubmed import parse_medline_date, pubmed_paper

__all__ = ["read_medline", "sniff", "parse_mh", "TAG_LINE"]

FORMAT = "medline"
TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3}) {0,3}- ?(.*)$")
_RIS_LINE = re.compile(r"^TY  - ", re.M)


def sniff(head: str, name: str) -> bool:
    """MEDLINE text: the first non-blank line is ``PMID- <digits>`` and another tag line follows."""
    lines = [ln.rstrip("\r") for ln in head.lstrip("\ufeff").splitlines() if ln.strip()][:6]
    if not lines or not re.match(r"^PMID- ?\d", lines[0]):
        return False
    return any(TAG_LINE.match(ln) and ln[4:6] == "- " for ln in lines[1:])


def _is_tag_line(text: str) -> re.Match[str] | None:
    # the tag field is 4 characters wide, then "- ": 'PMID- ', 'TI  - ', 'FAU - '
    if len(text) >= 5 and text[4] == "-" and not text[0].isspace():
        return TAG_LINE.match(text)
    return None


def read_medline(source: str | os.PathLike[str]) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per MEDLINE record (``.gz`` too)."""
    name = str(source)
    head = read_head(source)
    if _RIS_LINE.search(head) and not re.search(r"^PMID- ?\d", head, re.M):
        raise ParseError(
            "this is an RIS file ('TY  - ' lines, no 'PMID- '), not MEDLINE text",
            file=name,
            line=1,
            hint="read it as RIS: format='ris' (CLI: --format ris), or leave the format out to detect it",
        )
    record = 0
    with_pmid = 0
    tags: list[tuple[str, str]] = []
    start = 0
    with open_text(source) as fh:
        for lineno, raw in enumerate(fh, start=1):
            text = raw.rstrip("\r\n")
            m = _is_tag_line(text)
            if not text.strip():
                if tags:
                    record += 1
                    with_pmid += any(t == "PMID" for t, _ in tags)
                    yield _paper(tags, name, record, start)
                    tags = []
                continue
            if m and m.group(1) == "PMID" and tags:
                record += 1
                with_pmid += any(t == "PMID" for t, _ in tags)
                yield _paper(tags, name, record, start)
                tags = []
            if m:
                if not tags:
                    start = lineno
                tags.append((m.group(1), m.group(2).strip()))
            elif tags:
                tag, value = tags[-1]
                tags[-1] = (tag, f"{value} {text.strip()}" if value else text.strip())
            else:
                start = lineno
                tags.append(("", text.strip()))  # text before any tag: the record will say so
    if tags:
        record += 1
        with_pmid += any(t == "PMID" for t, _ in tags)
        yield _paper(tags, name, record, start)
    if with_pmid == 0:
        raise ParseError(
            f"no 'PMID- ' line in {record} block(s) of text: this is not a MEDLINE/PubMed text file",
            file=name,
            line=1,
            hint="export from PubMed as 'PubMed' / 'MEDLINE' (.nbib or .txt), or pass the right format",
        )


def parse_mh(value: str) -> MeshHeading:
    """A MeSH heading from an ``MH`` value: ``*Descriptor/qualifier/*major qualifier``."""
    parts = [p.strip() for p in value.split("/")]
    desc = parts[0]
    desc_major = desc.startswith("*")
    quals = [q.lstrip("*").strip() for q in parts[1:] if q.strip("* ")]
    major_q = [q.lstrip("*").strip() for q in parts[1:] if q.startswith("*") and q.strip("* ")]
    return MeshHeading(
        descriptor=desc.lstrip("*").strip(),
        major=desc_major or bool(major_q),
        qualifiers=quals,
        major_qualifiers=major_q,
    )


def _authors(tags: list[tuple[str, str]]) -> list[Author]:
    out: list[Author] = []
    current: Author | None = None
    after_fau = False
    for tag, value in tags:
        if tag == "FAU":
            current = _person(value, full=True)
            out.append(current)
            after_fau = True
            continue
        if tag == "AU":
            if not after_fau:  # a record with short names only
                current = _person(value, full=False)
                out.append(current)
            after_fau = False
            continue
        after_fau = False
        if tag == "CN":
            current = Author(name=clean(value) or value, raw=value)
            out.append(current)
        elif tag in ("IR", "FIR"):
            current = None
        elif tag == "AD" and current is not None and (aff := clean(value)):
            current.affiliation = f"{current.affiliation}; {aff}" if current.affiliation else aff
        elif tag == "AUID" and current is not None and value.upper().startswith("ORCID"):
            current.orcid = normalize_orcid(value)
    return out


def _person(value: str, *, full: bool) -> Author:
    value = clean(value) or value
    if full and "," in value:
        family, _, given = (p.strip() for p in value.partition(","))
    elif not full and " " in value:
        family, _, given = value.rpartition(" ")
    else:
        family, given = value, ""
    return Author(
        name=f"{given} {family}" if given else family,
        raw=f"{family}, {given}" if given else family,
        family=family or None,
        given=given or None,
    )


def _id_of(values: list[str], kind: str) -> str | None:
    for v in values:
        m = re.match(rf"^(.*?)\s*\[{kind}\]\s*$", v)
        if m and m.group(1).strip():
            return m.group(1).strip()
    return None


def _paper(tags: list[tuple[str, str]], file: str, record: int, line: int) -> Paper | Reject:
    by: dict[str, list[str]] = {}
    for tag, value in tags:
        by.setdefault(tag, []).append(value)

    def first(*names: str) -> str | None:
        return next((c for n in names for v in by.get(n, []) if (c := clean(v))), None)

    if "" in by and len(by) == 1:
        return Reject(
            file,
            record,
            "text without any tag line ('TAG - value')",
            line=line,
            format=FORMAT,
            snippet=(by[""][0] or "")[:120] or None,
        )
    dp = first("DP")
    languages = [c for v in by.get("LA", []) if (c := clean(v))]
    dep = first("DEP")
    extra: dict[str, Any] = {}
    linking = next(
        (v[: -len("(Linking)")].strip() for v in by.get("IS", []) if v.endswith("(Linking)")), None
    )
    for key, value in (
        ("vernacular_title", first("TT")),
        ("date_text", dp if dp and "-" in dp else None),
        (
            "electronic_date",
            f"{dep[:4]}-{dep[4:6]}-{dep[6:8]}" if dep and re.fullmatch(r"\d{8}", dep) else None,
        ),
        ("journal_abbrev", first("TA")),
        ("issn_linking", linking),
        ("volume", first("VI")),
        ("issue", first("IP")),
        ("pages", first("PG")),
        ("pii", _id_of(by.get("AID", []), "pii")),
        ("medline_status", first("STAT")),
        ("languages", languages if len(languages) > 1 else None),
        ("publisher", first("PB")),
    ):
        if value:
            extra[key] = value
    chapter = first("TI")
    fields = {
        "pmid": first("PMID"),
        "title": chapter or first("BTI"),
        "abstract": first("AB"),
        "authors": _authors(tags),
        "date": parse_medline_date(dp),
        "venue": first("JT") or (first("BTI") if chapter and "BTI" in by else None),
        "doi": _id_of(by.get("AID", []), "doi") or _id_of(by.get("LID", []), "doi"),
        "pmcid": first("PMC"),
        "keywords": [c for v in by.get("OT", []) if (c := clean(v.lstrip("*")))],  # "*": a major keyword
        "mesh": [parse_mh(v) for v in by.get("MH", []) if v.strip("* ")],
        "pub_types": [c for v in by.get("PT", []) if (c := clean(v))],
        "language": languages[0] if languages else None,
    }
    if "BTI" in by and "JT" not in by:
        fields["doc_type"] = "Book Chapter" if chapter else "Book"
    return pubmed_paper(fields, extra, file, record, line, FORMAT)
