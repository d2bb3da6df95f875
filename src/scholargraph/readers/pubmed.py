"""PubMed XML (``<PubmedArticleSet>``): efetch answers, "Send to: File (XML)" and the annual baseline / daily
update files, with or without the XML declaration and DOCTYPE, pretty-printed or on one line, ``.gz`` or not.

The file is streamed with :func:`xml.etree.ElementTree.iterparse`; each record's element is cleared once it has
become a Paper or a Reject, so memory stays bounded for a 150+ MB baseline file.

Records: every ``<PubmedArticle>`` and ``<PubmedBookArticle>`` is one record. A baseline/update file's
``<DeleteCitation>`` block lists PMIDs that NLM deleted: they are not records (no paper, no reject); their
number and the first PMIDs go into the corpus notes. An empty ``<PubmedArticleSet/>`` has no records.

Mapping (``MedlineCitation/...`` unless said otherwise):

* ``PMID`` -> ``pmid`` (required: a record without one is a Reject naming the field);
* ``Article/ArticleTitle`` -> ``title`` (inline markup such as ``<i>`` dropped, its text kept; else
  ``VernacularTitle``; a record with a PMID but no title is kept with ``title=""`` and
  ``extra['missing']=['title']``, as the OpenAlex reader does); ``VernacularTitle`` -> ``extra['vernacular_title']``;
* ``Abstract/AbstractText`` -> ``abstract``: labelled sections in order, each as ``"LABEL: text"``, joined by a
  space (how MEDLINE text prints them); the sections themselves -> ``extra['abstract_sections']``
  (``[[label or None, text], ...]``);
* ``AuthorList/Author`` (``ValidYN="N"`` entries skipped) -> authors: ``LastName`` family, ``ForeName`` given
  (``Initials`` when there is no fore name), display name "ForeName LastName", raw "LastName, ForeName" (the
  MEDLINE ``FAU`` form); ``CollectiveName`` -> an author with that name and no family/given;
  ``AffiliationInfo/Affiliation`` joined by "; " (and every author's affiliation, once per address with the
  authors at it, -> ``affiliations``; MEDLINE ``AD`` the same); ``Identifier[@Source="ORCID"]`` -> ORCID;
* ``Journal/Title`` -> venue; ``MedlineJournalInfo/MedlineTA`` -> ``extra['journal_abbrev']``;
  ``Volume``/``Issue``/``MedlinePgn`` -> ``extra['volume'|'issue'|'pages']``; ``ISSNLinking`` -> ``extra['issn_linking']``;
* ``JournalIssue/PubDate`` -> ``date`` (see :func:`parse_medline_date`: ``Year``/``Month``/``Day`` at their
  precision, a ``Season`` or a ``MedlineDate`` range like ``"1998 Dec-1999 Jan"`` at the precision on which the
  range's two ends agree; the text of a ``MedlineDate`` -> ``extra['date_text']``); ``ArticleDate`` (electronic
  publication) -> ``extra['electronic_date']`` (ISO);
* ``MeshHeadingList`` -> ``mesh`` (:class:`~scholargraph.model.MeshHeading`: descriptor, UI, major, qualifiers);
  ``KeywordList/Keyword`` -> keywords; ``PublicationTypeList`` -> ``pub_types`` and ``doc_type`` (see
  :func:`main_type`); ``Language`` -> language (more than one -> ``extra['languages']``);
  ``@Status`` -> ``extra['medline_status']``;
* ``PubmedData/ArticleIdList``: ``doi`` -> doi (else ``Article/ELocationID[@EIdType="doi"]``), ``pmc`` -> pmcid,
  ``pii`` -> ``extra['pii']``; ``PubmedData/ReferenceList/Reference`` -> references (``Citation`` as the raw
  text, ``ArticleIdList`` pubmed / doi / pmc ids).

Book records (``PubmedBookArticle/BookDocument``): ``ArticleTitle`` (a chapter) or ``Book/BookTitle`` as the
title, the book title as venue for a chapter, ``Book/PubDate`` as the date, ``doc_type`` "Book" / "Book Chapter".

Damaged files: XML that breaks off or is malformed inside a record makes that record a Reject naming the line
and column (the records before it are kept) and ends the file; the same between two records becomes one Reject
for "what follows". A file that is not PubMed XML at all (another root element, no XML) raises ParseError.

>>> parse_medline_date("1998 Dec-1999 Jan")
PaperDate(year=1998, month=None, day=None, precision='year', year_assumed=False, note=None)
>>> parse_medline_date("2018 Nov 25").iso(), parse_medline_date("1999 Jan 5-12").iso(), parse_medline_date("2000 Spring").iso()
('2018-11-25', '1999-01', '2000')
>>> main_type(["English Abstract", "Journal Article", "Research Support, Non-U.S. Gov't"])
'Journal Article'
>>> sniff('<?xml version="1.0"?>\\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle">', "x.xml")
True
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..model import (
    Author,
    MeshHeading,
    Paper,
    PaperDate,
    Precision,
    Provenance,
    Reference,
    Reject,
    normalize_doi,
    normalize_orcid,
    normalize_pmcid,
    normalize_pmid,
)
from ._affiliations import author_affiliations
from ._text import clean, open_bytes, snippet, year_of

__all__ = ["read_pubmed", "sniff", "parse_medline_date", "main_type", "pubmed_paper", "FORMAT"]

FORMAT = "pubmed"
_RECORDS = ("PubmedArticle", "PubmedBookArticle")
_ROOTS = ("PubmedArticleSet", "PubmedBookArticleSet", *_RECORDS)
# publication types that describe an aspect of a record, not what kind of document it is
_ASPECT_TYPES = (
    "English Abstract",
    "Research Support",
    "Comparative Study",
    "Validation Study",
    "Twin Study",
)
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def sniff(head: str, name: str) -> bool:
    """PubMed XML: a ``PubmedArticleSet`` DOCTYPE or root, or a ``<PubmedArticle>`` record, near the start."""
    text = head.lstrip("\ufeff").lstrip()
    if not text.startswith("<"):
        return False
    return bool(
        re.search(r"<(?:!DOCTYPE\s+)?(?:PubmedArticleSet|PubmedBookArticleSet|PubmedArticle)\b", text[:4000])
    )


def main_type(pub_types: list[str]) -> str | None:
    """The publication type that says what kind of document a record is: the first that is not an aspect
    ('English Abstract', 'Research Support, ...', 'Comparative Study', ...); the first type if all are aspects."""
    for t in pub_types:
        if not t.startswith(_ASPECT_TYPES):
            return t
    return pub_types[0] if pub_types else None


def parse_medline_date(text: str | None) -> PaperDate | None:
    """A PubMed publication date (MEDLINE ``DP`` / XML ``PubDate`` / ``MedlineDate``) at its real precision.

    'YYYY Mon DD' is a day, 'YYYY Mon' a month, 'YYYY' or 'YYYY Season' a year. A range ('1977 Jan-Feb',
    '1999 Jan 5-12', '1998 Dec-1999 Jan') is dated by its start at the precision on which both ends agree.
    """
    text = clean(text)
    if not text:
        return None
    start, _, end = text.partition("-")
    y1, m1, d1, season = _date_parts(start)
    if y1 is None:
        year = year_of(text)
        return PaperDate(year) if year is not None else None
    if season or m1 is None:
        return PaperDate(y1)
    if end.strip():
        y2, m2, d2, _ = _date_parts(end, default_year=y1, default_month=m1, day_first=d1 is not None)
        if y2 != y1 or m2 != m1:
            return PaperDate(y1)
        if d1 is None or d2 != d1:
            return PaperDate(y1, m1, None, "month")
    precision: Precision = "day" if d1 else "month"
    return PaperDate(y1, m1, d1, precision)


def _date_parts(
    text: str, default_year: int | None = None, default_month: int | None = None, day_first: bool = False
) -> tuple[int | None, int | None, int | None, bool]:
    """(year, month, day, is_season) of 'YYYY Mon DD' or of a range end ('Feb', 'Dec 2', '1999 Jan'; '12' is a
    day when the range's start has one, ``day_first``)."""
    tokens = text.replace(",", " ").split()
    year = default_year
    if tokens and re.fullmatch(r"\d{4}", tokens[0]):
        year = int(tokens.pop(0))
        default_month = None
        day_first = False
    month = default_month
    if day_first and tokens and tokens[0].isdigit():
        return year, month, int(tokens[0]) if 1 <= int(tokens[0]) <= 31 else None, False
    day = None
    season = False
    if tokens and (m := _month(tokens[0])) is not None:
        month = m
        tokens.pop(0)
    elif tokens and tokens[0].lower() in _SEASONS:
        return year, None, None, True
    if tokens and re.fullmatch(r"\d{1,2}", tokens[0]) and 1 <= int(tokens[0]) <= 31:
        day = int(tokens[0])
    return year, month, day, season


def _month(token: str) -> int | None:
    if re.fullmatch(r"\d{1,2}", token):
        n = int(token)
        return n if 1 <= n <= 12 else None
    return PaperDate.month_number(token) if token[:3].isalpha() and len(token) >= 3 else None


# ------------------------------------------------------------------------------------------ the shared builder


def pubmed_paper(
    fields: dict[str, Any], extra: dict[str, Any], file: str, record: int, line: int | None, fmt: str
) -> Paper | Reject:
    """A Paper from the fields both PubMed formats give (XML and MEDLINE text), or a Reject: no PMID; neither
    a title nor a PMID. ``fields`` holds Paper.create keywords (``title``, ``pmid``, ``pub_types``, ...)."""
    pmid_raw = fields.get("pmid")
    pmid = normalize_pmid(pmid_raw)
    title = fields.get("title") or ""
    if pmid is None:
        what = f"PMID {pmid_raw!r} is not a PubMed id" if pmid_raw else "record has no PMID"
        return Reject(
            file,
            record,
            f"{what}; every PubMed record has one",
            field="PMID",
            line=line,
            format=fmt,
            snippet=snippet(title) if title else None,
        )
    if not title:
        extra["missing"] = ["title"]
    pub_types = fields.get("pub_types") or []
    fields["doc_type"] = fields.get("doc_type") or main_type(pub_types)
    fields["url"] = f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
    fields["author_count"] = len(fields.get("authors") or []) or None
    fields["affiliations"] = author_affiliations(fields.get("authors") or [])
    return Paper.create(
        **{**fields, "title": title}, provenance=[Provenance(file, record, line, fmt)], extra=extra
    )


# ---------------------------------------------------------------------------------------------- XML reading


def _text(el: ET.Element | None) -> str | None:
    """All text inside an element (inline markup dropped), whitespace collapsed; None when empty."""
    return clean("".join(el.itertext())) if el is not None else None


def _authors(parent: ET.Element | None) -> list[Author]:
    out: list[Author] = []
    if parent is None:
        return out
    for a in parent.findall("Author"):
        if a.get("ValidYN") == "N":
            continue
        affs = [t for info in a.findall("AffiliationInfo") if (t := _text(info.find("Affiliation")))]
        orcid = next(
            (normalize_orcid(i.text) for i in a.findall("Identifier") if i.get("Source") == "ORCID"), None
        )
        collective = _text(a.find("CollectiveName"))
        family = _text(a.find("LastName"))
        given = _text(a.find("ForeName")) or _text(a.find("Initials"))
        if collective and not family:
            out.append(
                Author(name=collective, raw=collective, orcid=orcid, affiliation="; ".join(affs) or None)
            )
            continue
        if not family:
            continue
        if suffix := _text(a.find("Suffix")):
            given = f"{given} {suffix}" if given else suffix
        out.append(
            Author(
                name=f"{given} {family}" if given else family,
                raw=f"{family}, {given}" if given else family,
                family=family,
                given=given,
                orcid=orcid,
                affiliation="; ".join(affs) or None,
            )
        )
    return out


def _abstract(parent: ET.Element | None) -> tuple[str | None, list[list[str | None]]]:
    if parent is None:
        return None, []
    sections = [[clean(t.get("Label")), _text(t)] for t in parent.findall("Abstract/AbstractText")]
    sections = [s for s in sections if s[1]]
    parts = [f"{label}: {text}" if label else text for label, text in sections]
    return (" ".join(p for p in parts if p) or None), sections


def _xml_date(el: ET.Element | None) -> tuple[PaperDate | None, str | None]:
    """(date, MedlineDate text) of a PubDate element."""
    if el is None:
        return None, None
    medline = _text(el.find("MedlineDate"))
    if medline:
        return parse_medline_date(medline), medline
    parts = [_text(el.find(k)) for k in ("Year", "Season", "Month", "Day")]
    return parse_medline_date(" ".join(p for p in parts if p)), None


def _iso_of(el: ET.Element | None) -> str | None:
    if el is None:
        return None
    y, m, d = (_text(el.find(k)) for k in ("Year", "Month", "Day"))
    date = parse_medline_date(" ".join(p for p in (y, m, d) if p))
    return date.iso() if date else None


def _mesh(citation: ET.Element) -> list[MeshHeading]:
    out = []
    for h in citation.findall("MeshHeadingList/MeshHeading"):
        d = h.find("DescriptorName")
        name = _text(d)
        if d is None or not name:
            continue
        quals = [
            (q_name, q.get("MajorTopicYN") == "Y") for q in h.findall("QualifierName") if (q_name := _text(q))
        ]
        major_q = [n for n, major in quals if major]
        out.append(
            MeshHeading(
                descriptor=name,
                ui=d.get("UI") or None,
                major=d.get("MajorTopicYN") == "Y" or bool(major_q),
                qualifiers=[n for n, _ in quals],
                major_qualifiers=major_q,
            )
        )
    return out


def _ids(id_list: ET.Element | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if id_list is None:
        return out
    for i in id_list.findall("ArticleId"):
        kind = (i.get("IdType") or "").lower()
        if kind and (value := clean(i.text)):
            out.setdefault(kind, value)
    return out


def _references(data: ET.Element | None) -> list[Reference]:
    refs: list[Reference] = []
    if data is None:
        return refs
    for r in data.iter("Reference"):
        ids = _ids(r.find("ArticleIdList"))
        ref = Reference(
            raw=_text(r.find("Citation")),
            doi=normalize_doi(ids.get("doi")),
            pmid=normalize_pmid(ids.get("pubmed")),
            pmcid=normalize_pmcid(ids.get("pmc")),
        )
        if ref.raw or ref.ids():
            refs.append(ref)
    return refs


def _article(el: ET.Element, file: str, record: int) -> Paper | Reject:
    """One ``<PubmedArticle>`` -> Paper or Reject."""
    citation = el.find("MedlineCitation")
    if citation is None:
        return Reject(file, record, "PubmedArticle has no MedlineCitation", "MedlineCitation", None, FORMAT)
    article = citation.find("Article")
    art = article if article is not None else ET.Element("Article")
    data = el.find("PubmedData")
    ids = _ids(data.find("ArticleIdList") if data is not None else None)
    extra: dict[str, Any] = {}
    abstract, sections = _abstract(art)
    if any(label for label, _ in sections):
        extra["abstract_sections"] = sections
    date, date_text = _xml_date(art.find("Journal/JournalIssue/PubDate"))
    doi = ids.get("doi") or next(
        (e.text for e in art.findall("ELocationID") if e.get("EIdType") == "doi" and e.get("ValidYN") != "N"),
        None,
    )
    languages = [t for lang in art.findall("Language") if (t := _text(lang))]
    pub_types = [t for p in art.findall("PublicationTypeList/PublicationType") if (t := _text(p))]
    for key, value in (
        ("vernacular_title", _text(art.find("VernacularTitle"))),
        ("date_text", date_text),
        ("electronic_date", _iso_of(art.find("ArticleDate"))),
        ("journal_abbrev", _text(citation.find("MedlineJournalInfo/MedlineTA"))),
        ("issn_linking", _text(citation.find("MedlineJournalInfo/ISSNLinking"))),
        ("volume", _text(art.find("Journal/JournalIssue/Volume"))),
        ("issue", _text(art.find("Journal/JournalIssue/Issue"))),
        ("pages", _text(art.find("Pagination/MedlinePgn"))),
        ("pii", ids.get("pii")),
        ("medline_status", citation.get("Status")),
        ("languages", languages if len(languages) > 1 else None),
    ):
        if value:
            extra[key] = value
    fields = {
        "pmid": _text(citation.find("PMID")),
        "title": _text(art.find("ArticleTitle")) or _text(art.find("VernacularTitle")),
        "abstract": abstract,
        "authors": _authors(art.find("AuthorList")),
        "date": date,
        "venue": _text(art.find("Journal/Title")),
        "doi": doi,
        "pmcid": ids.get("pmc"),
        "references": _references(data),
        "keywords": [t for k in citation.findall("KeywordList/Keyword") if (t := _text(k))],
        "mesh": _mesh(citation),
        "pub_types": pub_types,
        "language": languages[0] if languages else None,
    }
    return pubmed_paper(fields, extra, file, record, None, FORMAT)


def _book(el: ET.Element, file: str, record: int) -> Paper | Reject:
    """One ``<PubmedBookArticle>`` -> Paper or Reject (a book or a book chapter)."""
    doc = el.find("BookDocument")
    if doc is None:
        return Reject(file, record, "PubmedBookArticle has no BookDocument", "BookDocument", None, FORMAT)
    book = doc.find("Book")
    book = book if book is not None else ET.Element("Book")
    chapter = _text(doc.find("ArticleTitle"))
    book_title = _text(book.find("BookTitle"))
    ids = _ids(doc.find("ArticleIdList"))
    data = el.find("PubmedBookData")
    ids = {**_ids(data.find("ArticleIdList") if data is not None else None), **ids}
    abstract, sections = _abstract(doc)
    date, date_text = _xml_date(book.find("PubDate"))
    extra: dict[str, Any] = {}
    if any(label for label, _ in sections):
        extra["abstract_sections"] = sections
    if date_text:
        extra["date_text"] = date_text
    if publisher := _text(book.find("Publisher/PublisherName")):
        extra["publisher"] = publisher
    pub_types = [t for p in doc.findall("PublicationType") if (t := _text(p))]
    authors = _authors(doc.find("AuthorList")) or _authors(book.find("AuthorList"))
    languages = [t for lang in doc.findall("Language") if (t := _text(lang))]
    fields = {
        "pmid": _text(doc.find("PMID")),
        "title": chapter or book_title,
        "abstract": abstract,
        "authors": authors,
        "date": date,
        "venue": book_title if chapter else None,
        "doi": ids.get("doi"),
        "pmcid": ids.get("pmc"),
        "references": _references(doc),
        "keywords": [t for k in doc.findall("KeywordList/Keyword") if (t := _text(k))],
        "pub_types": pub_types,
        "doc_type": "Book Chapter" if chapter else "Book",
        "language": languages[0] if languages else None,
    }
    return pubmed_paper(fields, extra, file, record, None, FORMAT)


def read_pubmed(
    source: str | os.PathLike[str], *, notes: list[str] | None = None
) -> Iterator[Paper | Reject]:
    """Yield one Paper or Reject per ``<PubmedArticle>`` / ``<PubmedBookArticle>`` (``.gz`` too).

    ``notes`` (a list; :func:`scholargraph.readers.read` passes the corpus notes) receives one line per
    ``<DeleteCitation>`` block and one for a file with no records.
    """
    file = str(source)
    stream, raw = open_bytes(source)
    record = 0
    in_record = False
    deleted: list[str] = []
    root: ET.Element | None = None
    try:
        events = ET.iterparse(stream, events=("start", "end"))
        for event, el in events:
            tag = el.tag
            if event == "start":
                if root is None:
                    root = el
                    if tag not in _ROOTS:
                        raise ParseError(
                            f"not PubMed XML: the root element is <{tag.rpartition('}')[2]}>, not <PubmedArticleSet>",
                            file=file,
                            hint="pass PubMed XML (efetch retmode=xml, 'Send to: File (XML)' or a baseline file), "
                            "or the right format",
                        )
                if tag in _RECORDS:
                    in_record = True
                continue
            if tag in _RECORDS:
                record += 1
                in_record = False
                yield _article(el, file, record) if tag == "PubmedArticle" else _book(el, file, record)
                root.clear()
            elif tag == "DeleteCitation":
                deleted.extend(p for p in (normalize_pmid(x.text) for x in el.findall("PMID")) if p)
                root.clear()
    except ET.ParseError as e:
        line, col = e.position
        if root is None:
            raise ParseError(
                f"not XML: {_expat_message(e)} (column {col})",
                file=file,
                line=line,
                hint="pass a PubMed XML file (it starts with <?xml or <PubmedArticleSet>)",
            ) from None
        yield _broken(file, record, in_record, line, f"{_expat_message(e)} (column {col})")
    except (OSError, EOFError, zlib.error) as e:
        if root is None:
            raise ParseError(f"cannot read the file: {e}", file=file, hint="is it a truncated .gz?") from None
        yield _broken(
            file, record, in_record, None, f"the file cannot be read further ({e}); a truncated .gz?"
        )
    finally:
        stream.close()
        raw.close()
    if notes is not None:
        if deleted:
            shown = ", ".join(deleted[:5]) + (", ..." if len(deleted) > 5 else "")
            notes.append(
                f"{file}: <DeleteCitation> lists {len(deleted)} PMID(s) that NLM deleted ({shown}); "
                "they are not papers (remove them from earlier baseline files)"
            )
        if record == 0:
            notes.append(f"{file}: the PubMed XML holds no records (an empty <PubmedArticleSet>)")


def _expat_message(e: ET.ParseError) -> str:
    return re.sub(r":\s*line \d+, column \d+$", "", str(e))


def _broken(file: str, record: int, in_record: bool, line: int | None, why: str) -> Reject:
    if in_record:
        return Reject(
            file,
            record + 1,
            f"the XML of this record is broken: {why}; the records before it were read, nothing after it",
            line=line,
            format=FORMAT,
        )
    return Reject(
        file,
        record + 1,
        f"the XML is broken after record {record}: {why}; whatever follows cannot be read",
        line=line,
        format=FORMAT,
    )
