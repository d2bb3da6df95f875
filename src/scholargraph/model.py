"""The corpus model: :class:`Paper`, :class:`Author`, :class:`PaperDate`, :class:`Reference`,
:class:`MeshHeading`, :class:`Corpus`.

Unknown stays ``None``; nothing is invented. Every Paper carries its provenance (file and record/line).

Stable ids, in order of preference: DOI > arXiv > OpenAlex > Semantic Scholar > PubMed id (PMID) > PubMed
Central id (PMCID) > hash of normalised title + year. A Lens.org id (``lens:``) is never a stable id (Lens ids
exist only inside Lens), but papers and references carry it so that Lens reference lists resolve.

Biomedical fields: ``Paper.pmid`` (digits, ``"12345678"``), ``Paper.pmcid`` (``"PMC1234567"``),
``Paper.mesh`` (:class:`MeshHeading` list, in the source's order) and ``Paper.pub_types`` (every publication
type the source gives, in its order, e.g. PubMed's ``["English Abstract", "Journal Article"]``; ``doc_type``
stays the one main type). Papers written by older versions lack these keys; :meth:`Paper.from_dict` defaults
them (None / empty lists).

Addresses: ``Paper.affiliations`` lists the authors' addresses (:class:`Affiliation`) as the source gives them
(WoS ``C1``, Scopus "Affiliations", OpenAlex institutions, PubMed author affiliations), each with the names the
source attaches to it and, when the source gives it apart from the text, the institution and the country
(OpenAlex's ISO 3166 code); ``Paper.corresponding`` the corresponding author's address(es) (WoS ``RP``, Scopus
"Correspondence Address", OpenAlex ``is_corresponding``). Countries are read from the addresses by the
analysis (:mod:`scholargraph.analysis.geography`), not by the readers.

>>> paper_id(doi="10.1000/ABC", arxiv_id="2401.00001")
'doi:10.1000/abc'
>>> paper_id(arxiv_id="2401.00001v2")
'arxiv:2401.00001'
>>> paper_id(pmid="PMID: 0030514039", pmcid="pmc6151513")
'pmid:30514039'
>>> paper_id(pmcid="6151513", title="x")
'pmcid:PMC6151513'
>>> paper_id(title="Attention Is All You Need!", year=2017) == paper_id(title="attention is all you need", year=2017)
True
>>> normalize_doi("https://doi.org/10.1000/XYZ.")
'10.1000/xyz'
>>> PaperDate.parse_iso("2024-02").precision
'month'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

__all__ = [
    "Author",
    "PaperDate",
    "Reference",
    "MeshHeading",
    "Affiliation",
    "Provenance",
    "Paper",
    "Reject",
    "Merge",
    "FileStats",
    "Corpus",
    "paper_id",
    "normalize_doi",
    "find_doi",
    "find_dois",
    "normalize_arxiv_id",
    "normalize_openalex_id",
    "normalize_orcid",
    "normalize_pmid",
    "normalize_pmcid",
    "normalize_lens_id",
    "normalize_title",
    "normalize_name",
]

Precision = Literal["day", "month", "year", "month-day"]

# --------------------------------------------------------------------------------------------- id normalisers

# a DOI: "10." + registrant code + "/" + suffix. Inside the suffix, whitespace right after "/", "-" or "." and
# before a letter or digit is a line break the source left in the DOI ("10.1016/j. reumae", "10.1016/S0048- 7120",
# also "10. 1371/..."): it is dropped, as Web of Science itself does. Any other whitespace ends the DOI.
_DOI_RE = re.compile(r"10\. ?\d{4,9}(?:\.\d+)*/(?:\S|(?<=[/.-])\s+(?=\w))+")
# what may stand before a DOI in a field that holds one: "doi:", "DOI ", a resolver URL, brackets, quotes
_DOI_HEAD = re.compile(
    r"(?:doi\b|https?://\S*|(?:dx\.|www\.)?doi\.org/|info:doi/|urn:doi:|[\s:(\[\"'<{,.])*", re.I
)
_DOI_TRAILING = ".,;:'\""
_ALNUM = re.compile(r"[^\W_]")  # str.isalnum, as a regex: \w is isalnum() or "_"
# a matched DOI that _doi_text only lower-cases: no whitespace, no "&", ending in a letter or digit
_PLAIN_DOI_TAIL = re.compile(r"[^\s&]*[^\W_]")
# a whole DOI of that kind (what _DOI_RE matches and _doi_text only lower-cases)
_PLAIN_DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/" + _PLAIN_DOI_TAIL.pattern)
_CLOSING = {")": "(", "]": "[", "}": "{", ">": "<"}
_ARXIV_NEW = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(v\d+)?(?![\d])")
_ARXIV_OLD = re.compile(r"([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?", re.I)


def normalize_doi(value: str | None) -> str | None:
    """Lower-case bare DOI (``10.x/y``) of a value that holds one DOI (bare, ``doi:``, ``DOI ``, a resolver URL);
    None when the value is not a DOI (no ``10.NNNN/suffix``, or other text before it).

    Whitespace the source left inside the DOI is removed, trailing punctuation is dropped, and a closing bracket
    only when it is unbalanced (DOIs may contain brackets; SICI DOIs contain ``;`` and ``<>``):

    >>> normalize_doi("10.1016/j. reumae.2021.09.003")
    '10.1016/j.reumae.2021.09.003'
    >>> normalize_doi("10.1061/(ASCE)1084-0699(2009)14:12(1390)")
    '10.1061/(asce)1084-0699(2009)14:12(1390)'
    >>> normalize_doi("(doi:10.1000/xyz)")
    '10.1000/xyz'
    >>> normalize_doi("10.1002/(SICI)1097-4547(19991215)58:6<815::AID-JNR8>3.0.CO;2-R")
    '10.1002/(sici)1097-4547(19991215)58:6<815::aid-jnr8>3.0.co;2-r'
    >>> normalize_doi("https://doi.org/10.1000/XYZ."), normalize_doi("DOI DOI 10.4324/  9780203993262")
    ('10.1000/xyz', '10.4324/9780203993262')
    >>> normalize_doi("10. 1371/journal. pone. 0139558")
    '10.1371/journal.pone.0139558'
    >>> normalize_doi("10.1016/"), normalize_doi("ISBN 978-0-12"), normalize_doi("see 10.1000/x")
    (None, None, None)
    """
    if not value:
        return None
    text = str(value)
    m = _DOI_RE.search(text)
    if m is None or not _DOI_HEAD.fullmatch(text, 0, m.start()):
        return None
    return _doi_text(m.group(0))


def find_doi(text: str | None) -> str | None:
    """The first DOI in free text (a citation string), normalised as :func:`normalize_doi` does; None if none.

    >>> find_doi("Egan AM, 2014, MED, V42, P679, DOI 10.1016/j. mpmed.2014.09.005")
    '10.1016/j.mpmed.2014.09.005'
    >>> find_doi("Lee K, 2017, MEDICINE, V96, DOI [10.1097/MD.0000000000006157, 10.1097/md.1]")
    '10.1097/md.0000000000006157'
    >>> find_doi("Roy, B., The outranking approach (1991) Theory Decis, 31") is None
    True
    """
    if not text:
        return None
    i = text.find("10.")
    if i < 0:
        return None
    if _PLAIN_DOI.fullmatch(text, i):  # the common citation that ends in its DOI: the first match, to the end
        return text[i:].lower()
    m = _DOI_RE.search(text)
    return _doi_text(m.group(0)) if m else None


def find_dois(text: str | None) -> list[str]:
    """Every distinct DOI in free text, in order (e.g. the ``DOI [a, b]`` list of a Web of Science citation).

    >>> find_dois("Wang Y, 2006, P INT C, DOI [10.1109/ICPST.2006.321405, DOI 10.1109/icpst.2006.321405]")
    ['10.1109/icpst.2006.321405']
    >>> find_dois("Newman MEJ, 2004, PHYS REV E, DOI [10.1103/PhysRevE.69.026113, 10.1103/PhysRevE.70.056131]")
    ['10.1103/physreve.69.026113', '10.1103/physreve.70.056131']
    """
    if not text or "10." not in text:
        return []
    found = (_doi_text(m.group(0)) for m in _DOI_RE.finditer(text))
    return list(dict.fromkeys(d for d in found if d))


def _doi_text(found: str) -> str | None:
    if _PLAIN_DOI_TAIL.fullmatch(found):  # most DOIs: nothing below would change them but the case
        return found.lower()
    doi = "".join(found.split())
    if "&" in doi:
        import html

        doi = html.unescape(doi)  # "&lt;" in SICI DOIs of some exports
    while doi:
        last = doi[-1]
        if last in _DOI_TRAILING or (last in _CLOSING and doi.count(last) > doi.count(_CLOSING[last])):
            doi = doi[:-1]
        else:
            break
    prefix, _, suffix = doi.partition("/")
    if _ALNUM.search(suffix) is None:
        return None
    return doi.lower()


def normalize_arxiv_id(value: str | None, *, keep_version: bool = False) -> str | None:
    """Bare arXiv id (``2401.00001`` or ``hep-th/9901001``) from an id, abs URL or ``arXiv:`` string."""
    if not value:
        return None
    text = str(value).strip()
    m = _ARXIV_NEW.search(text)
    if m:
        return m.group(1) + (m.group(2) or "" if keep_version else "")
    m = _ARXIV_OLD.search(text)
    if m:
        return m.group(1) + (m.group(2) or "" if keep_version else "")
    return None


def normalize_openalex_id(value: str | None) -> str | None:
    """``W123`` / ``A123`` from ``https://openalex.org/W123`` or ``W123``."""
    if not value:
        return None
    m = re.search(r"\b([WAISVCPF]\d+)\b", str(value).strip(), re.I)
    return m.group(1).upper() if m else None


def normalize_orcid(value: str | None) -> str | None:
    """``0000-0002-1825-0097`` from an ORCID URL or id; None if malformed."""
    if not value:
        return None
    m = _ORCID.search(str(value).upper())
    return m.group(1) if m else None


_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")


def normalize_pmid(value: object) -> str | None:
    """PubMed id as digits without leading zeros from ``12345678``, ``PMID: 12345678`` or a pubmed URL.

    >>> normalize_pmid("PMID:  0012345"), normalize_pmid(12345678), normalize_pmid("abc"), normalize_pmid("0")
    ('12345', '12345678', None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    m = re.fullmatch(r"(?:pmid\s*:?\s*)?0*([1-9]\d{0,9})", text, re.I) or re.fullmatch(
        r"https?://\S*pubmed\S*?/0*([1-9]\d{0,9})/?", text, re.I
    )
    return m.group(1) if m else None


def normalize_pmcid(value: object) -> str | None:
    """PubMed Central id as ``PMC`` + digits from ``PMC1234567``, ``pmc1234567``, ``PMCID: PMC1234567`` or
    bare digits (a value already known to be a PMCID).

    >>> normalize_pmcid("pmcid: pmc0151513"), normalize_pmcid("6151513"), normalize_pmcid("PMC"), normalize_pmcid(None)
    ('PMC151513', 'PMC6151513', None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    m = re.fullmatch(r"(?:pmcid\s*:?\s*)?(?:pmc)?0*([1-9]\d{0,9})", str(value).strip(), re.I)
    return f"PMC{m.group(1)}" if m else None


def normalize_lens_id(value: object) -> str | None:
    """Lens.org scholarly id ``000-649-451-763-370`` (upper case; the last digit may be ``X``) from an id or URL.

    >>> normalize_lens_id("https://www.lens.org/lens/scholar/article/100-004-910-081-14x/main")
    '100-004-910-081-14X'
    """
    if value is None:
        return None
    m = re.search(r"\b(\d{3}-\d{3}-\d{3}-\d{3}-\d{2}[\dX])\b", str(value).upper())
    return m.group(1) if m else None


_MARKUP = re.compile(r"<[^>]+>")
_NOT_WORD_OR_SPACE = re.compile(r"[^\w\s]")
_NOT_NAME_CHAR = re.compile(r"[^\w\s-]")


def _fold(text: str) -> str:
    if text.isascii():  # NFKD leaves ASCII as it is, and it has no combining marks (5-10x faster)
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def normalize_title(title: str | None) -> str:
    """Accent-folded, lower-cased title with punctuation removed and spaces collapsed (for matching)."""
    if not title:
        return ""
    text = _fold(title)
    if "<" in text:
        text = _MARKUP.sub(" ", text)  # stray markup like <i>
    return " ".join(_NOT_WORD_OR_SPACE.sub(" ", text).split())


def normalize_name(name: str | None) -> str:
    """Identity key of a person's full name: accents folded, lower case, punctuation removed, 'Family, Given'
    reordered to 'given family'. Initials stay initials: 'Smith, J.' -> 'j smith' and never equals 'john smith'."""
    if not name:
        return ""
    text = name.strip()
    if "," in text:
        family, _, given = text.partition(",")
        text = f"{given} {family}"
    text = _fold(text)
    return " ".join(_NOT_NAME_CHAR.sub(" ", text).replace("-", " ").split())


def paper_id(
    *,
    doi: str | None = None,
    arxiv_id: str | None = None,
    openalex_id: str | None = None,
    s2_id: str | None = None,
    title: str | None = None,
    year: int | None = None,
    pmid: str | None = None,
    pmcid: str | None = None,
) -> str:
    """The stable id of a paper: ``doi:`` > ``arxiv:`` > ``openalex:`` > ``s2:`` > ``pmid:`` > ``pmcid:`` >
    ``title:<sha1[:16]>``."""
    if d := normalize_doi(doi):
        return f"doi:{d}"
    if a := normalize_arxiv_id(arxiv_id):
        return f"arxiv:{a}"
    if o := normalize_openalex_id(openalex_id):
        return f"openalex:{o}"
    if s2_id:
        return f"s2:{str(s2_id).strip()}"
    if p := normalize_pmid(pmid):
        return f"pmid:{p}"
    if c := normalize_pmcid(pmcid):
        return f"pmcid:{c}"
    key = f"{normalize_title(title)}|{year if year is not None else ''}"
    return "title:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# ------------------------------------------------------------------------------------------------ model classes

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


@dataclass(frozen=True)
class PaperDate:
    """A publication date with its precision.

    ``precision`` is ``"day"``, ``"month"``, ``"year"`` or ``"month-day"`` (month and day known, year not).
    ``year_assumed`` is set when a reader filled in a year the source did not print (e.g. the Daily Papers
    listing); ``note`` then says which year was assumed and why.
    """

    year: int | None
    month: int | None = None
    day: int | None = None
    precision: Precision = "year"
    year_assumed: bool = False
    note: str | None = None

    def iso(self) -> str | None:
        """ISO text at the known precision: '2024', '2024-02', '2024-02-08', or '--02-08' (no year)."""
        if self.year is None:
            if self.month and self.day:
                return f"--{self.month:02d}-{self.day:02d}"
            return None
        if self.precision == "year" or self.month is None:
            return f"{self.year:04d}"
        if self.precision == "month" or self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse_iso(cls, text: str | None) -> PaperDate | None:
        """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (anything after the date is ignored)."""
        if not text:
            return None
        m = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(text))
        if not m:
            return None
        y, mo, d = (int(g) if g else None for g in m.groups())
        if mo is not None and not 1 <= mo <= 12:
            mo, d = None, None
        if d is not None and not 1 <= d <= 31:
            d = None
        precision: Precision = "day" if d else "month" if mo else "year"
        return cls(y, mo, d, precision)

    @staticmethod
    def month_number(name: str) -> int | None:
        """'Feb' / 'february' / 'FEB' -> 2."""
        return _MONTHS.get(name.strip()[:3].lower())


@dataclass(slots=True)
class Author:
    """A person as a source names them.

    ``name`` is the display name ('Given Family' where the source says which part is which), ``raw`` the
    string as it was in the file. Identity (see :meth:`key`): ORCID > OpenAlex > S2 id > Scopus author id >
    normalised full name. ``scopus_id`` is Scopus' own author identifier ("Author(s) ID"): Scopus gives the same
    person one id whatever the spelling of a paper ('C. Serpico' and 'Claudio Serpico' are 23013514800).
    """

    name: str
    raw: str | None = None
    family: str | None = None
    given: str | None = None
    orcid: str | None = None
    openalex_id: str | None = None
    s2_id: str | None = None
    affiliation: str | None = None
    scopus_id: str | None = None

    def key(self) -> str:
        """Identity key used to merge authors across papers. Never merges on surname + initial alone: a name
        given only with initials keys on those initials *and* the surname, which differs from the full name."""
        if self.orcid:
            return f"orcid:{self.orcid}"
        if self.openalex_id:
            return f"openalex:{self.openalex_id}"
        if self.s2_id:
            return f"s2:{self.s2_id}"
        if self.scopus_id:
            return f"scopus:{self.scopus_id}"
        full = f"{self.given} {self.family}" if self.family and self.given else self.name
        return f"name:{normalize_name(full)}"


@dataclass(slots=True)
class Reference:
    """A cited work: identifiers when the source gives them, the raw citation string otherwise (or both).

    ``alt_dois`` are further DOIs the source gives for the same citation (Web of Science writes
    ``DOI [a, b]``); ``first_author`` is the first author's name as the citation prints it (e.g. ``Kang W.``).

    >>> Reference(doi="10.1/a", alt_dois=("10.1/b",), arxiv_id="2401.00001").ids()
    ['doi:10.1/a', 'doi:10.1/b', 'arxiv:2401.00001']
    """

    raw: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    openalex_id: str | None = None
    s2_id: str | None = None
    title: str | None = None
    year: int | None = None
    pmid: str | None = None
    pmcid: str | None = None
    lens_id: str | None = None
    alt_dois: tuple[str, ...] = ()
    first_author: str | None = None

    def ids(self) -> list[str]:
        """Every paper id this reference could resolve to: every DOI first, then the other ids in the order of
        the stable ids, then ``lens:``.

        >>> Reference(doi="10.1/x", pmid="123", pmcid="PMC9", lens_id="000-649-451-763-370").ids()
        ['doi:10.1/x', 'pmid:123', 'pmcid:PMC9', 'lens:000-649-451-763-370']
        >>> Reference(doi="10.1/x", alt_dois=("10.1/y",)).ids()
        ['doi:10.1/x', 'doi:10.1/y']
        """
        out = []
        if self.doi:
            out.append(f"doi:{self.doi}")
        out.extend(f"doi:{d}" for d in self.alt_dois if d != self.doi)
        if self.arxiv_id:
            out.append(f"arxiv:{self.arxiv_id}")
        if self.openalex_id:
            out.append(f"openalex:{self.openalex_id}")
        if self.s2_id:
            out.append(f"s2:{self.s2_id}")
        if self.pmid:
            out.append(f"pmid:{self.pmid}")
        if self.pmcid:
            out.append(f"pmcid:{self.pmcid}")
        if self.lens_id:
            out.append(f"lens:{self.lens_id}")
        return out


@dataclass
class MeshHeading:
    """A MeSH heading of a paper: descriptor name, descriptor UI (``D001000``; None when the source does not
    give it, e.g. MEDLINE text), qualifier (subheading) names in the source's order.

    ``major`` is True when the heading is a major topic of the paper: the descriptor *or any of its qualifiers*
    is starred (``MajorTopicYN="Y"`` in XML, ``*`` in MEDLINE text) -- what PubMed's ``[majr]`` search means.
    ``major_qualifiers`` names the qualifiers that carry the star themselves (a subset of ``qualifiers``).

    >>> MeshHeading("Psoas Abscess", "D017565", True, ["surgery"], ["surgery"]).label()
    'Psoas Abscess/*surgery'
    >>> MeshHeading("Humans").label(), MeshHeading("Spine", major=True, qualifiers=["pathology"]).label()
    ('Humans', '*Spine/pathology')
    """

    descriptor: str
    ui: str | None = None
    major: bool = False
    qualifiers: list[str] = field(default_factory=list)
    major_qualifiers: list[str] = field(default_factory=list)

    def label(self) -> str:
        """MEDLINE-style text: ``*`` before a major descriptor (starred itself) or a major qualifier."""
        star = "*" if self.major and not self.major_qualifiers else ""
        quals = "".join(f"/{'*' if q in self.major_qualifiers else ''}{q}" for q in self.qualifiers)
        return f"{star}{self.descriptor}{quals}"


@dataclass(slots=True)
class Affiliation:
    """An address of a paper's authors, as the source gives it.

    ``address`` is the text of the source (``"Pontificia Univ Javeriana, Dept Surg, Bogota, Colombia"``);
    ``authors`` the names the source attaches to it, as it writes them (WoS ``[Acuna, Sergio A.; ...]``);
    ``institution`` the institution's name when the source gives it apart from the address (OpenAlex
    ``display_name``; WoS, whose addresses start with the organisation by convention: that first part), ``country`` the country when the source gives it apart from the address (OpenAlex's ISO
    3166 alpha-2 ``country_code``, ``"CO"``). Unknown stays None.

    >>> Affiliation("Univ Toronto, Dept Surg, Toronto, ON, Canada", ["Escallon, Jaime"]).authors
    ['Escallon, Jaime']
    """

    address: str
    authors: list[str] = field(default_factory=list)
    institution: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Provenance:
    """Where a record came from: file, 1-based record number in the file, 1-based line (when known), format."""

    file: str
    record: int
    line: int | None = None
    format: str | None = None


@dataclass
class Paper:
    """One paper. Ids are normalised (see :func:`normalize_doi` etc.); ``id`` is the stable id."""

    id: str
    title: str
    abstract: str | None = None
    authors: list[Author] = field(default_factory=list)
    author_count: int | None = None
    date: PaperDate | None = None
    venue: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    openalex_id: str | None = None
    s2_id: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    lens_id: str | None = None
    references: list[Reference] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    upvotes: int | None = None
    citation_count: int | None = None
    language: str | None = None
    doc_type: str | None = None
    url: str | None = None
    mesh: list[MeshHeading] = field(default_factory=list)
    pub_types: list[str] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    corresponding: list[Affiliation] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def all_ids(self) -> list[str]:
        """Every id this paper is known by (``doi:``, ``arxiv:``, ``openalex:``, ``s2:``, ``pmid:``, ``pmcid:``,
        ``lens:``), for resolving references."""
        return Reference(
            doi=self.doi,
            arxiv_id=self.arxiv_id,
            openalex_id=self.openalex_id,
            s2_id=self.s2_id,
            pmid=self.pmid,
            pmcid=self.pmcid,
            lens_id=self.lens_id,
        ).ids()

    def text(self) -> str:
        """Title and abstract joined for text mining (title first, as its own sentence)."""
        title = (self.title or "").strip()
        if title and title[-1] not in ".?!":
            title += "."
        return f"{title}\n{self.abstract}" if self.abstract else title

    @classmethod
    def create(cls, *, title: str, year: int | None = None, **kw: Any) -> Paper:
        """Make a Paper with its stable id computed from the ids given (normalising them first)."""
        kw["doi"] = normalize_doi(kw.get("doi"))
        kw["arxiv_id"] = normalize_arxiv_id(kw.get("arxiv_id"))
        kw["openalex_id"] = normalize_openalex_id(kw.get("openalex_id"))
        kw["pmid"] = normalize_pmid(kw.get("pmid"))
        kw["pmcid"] = normalize_pmcid(kw.get("pmcid"))
        kw["lens_id"] = normalize_lens_id(kw.get("lens_id"))
        if year is not None and kw.get("date") is None:
            kw["date"] = PaperDate(year)
        date = kw.get("date")
        pid = paper_id(
            doi=kw["doi"],
            arxiv_id=kw["arxiv_id"],
            openalex_id=kw["openalex_id"],
            s2_id=kw.get("s2_id"),
            title=title,
            year=date.year if date else None,
            pmid=kw["pmid"],
            pmcid=kw["pmcid"],
        )
        return cls(id=pid, title=title, **kw)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        data = dict(data)
        data["authors"] = [Author(**a) for a in data.get("authors") or []]
        data["references"] = [
            Reference(**{**r, "alt_dois": tuple(r.get("alt_dois") or ())})
            for r in data.get("references") or []
        ]
        data["provenance"] = [Provenance(**p) for p in data.get("provenance") or []]
        data["mesh"] = [MeshHeading(**m) for m in data.get("mesh") or []]
        data["pub_types"] = list(data.get("pub_types") or [])
        for key in ("affiliations", "corresponding"):
            data[key] = [Affiliation(**a) for a in data.get(key) or []]
        if data.get("date"):
            data["date"] = PaperDate(**data["date"])
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Reject:
    """A record that could not become a Paper: where it is (file, record, line), which field, and why."""

    file: str
    record: int
    reason: str
    field: str | None = None
    line: int | None = None
    format: str | None = None
    snippet: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: record {self.record}"
        if self.line is not None:
            where += f" (line {self.line})"
        fld = f": field {self.field!r}" if self.field else ""
        return f"{where}{fld}: {self.reason}"


@dataclass(frozen=True)
class Merge:
    """A duplicate merged into an earlier paper: which paper kept it, where the duplicate came from, which rule."""

    kept: str
    merged: Provenance
    rule: str  # "doi", "arxiv", "openalex", "s2", "pmid", "pmcid", "lens", "title+year+first_author", "title+year"
    merged_id: str | None = None


@dataclass
class FileStats:
    """Per-file accounting: ``records == papers + rejects + merged`` always holds."""

    file: str
    format: str
    records: int = 0
    papers: int = 0
    rejects: int = 0
    merged: int = 0

    @property
    def balanced(self) -> bool:
        return self.records == self.papers + self.rejects + self.merged


@dataclass
class Corpus:
    """Papers plus everything that did not become one: rejects, merges, per-file stats and notes."""

    papers: list[Paper] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    files: list[FileStats] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.papers)

    def __iter__(self) -> Iterator[Paper]:
        return iter(self.papers)

    def __getitem__(self, paper_id: str) -> Paper:
        for p in self.papers:
            if p.id == paper_id:
                return p
        raise KeyError(paper_id)

    def by_id(self) -> dict[str, Paper]:
        """Map from every id a paper is known by (its stable id and all its other ids) to the paper."""
        out: dict[str, Paper] = {}
        for p in self.papers:
            out.setdefault(p.id, p)
            for i in p.all_ids():
                out.setdefault(i, p)
        return out

    def coverage(self) -> dict[str, int]:
        """How many papers have each field (the missing-data table). ``authors`` counts papers with author
        *names*; ``author count only`` those that give just how many authors there are (the Daily Papers
        listing), so a listing without names does not read as '100% authors'. The biomedical, citation and
        affiliation fields appear when some paper has them."""
        c: Counter[str] = Counter()
        for p in self.papers:
            c["title"] += bool(p.title)
            c["abstract"] += bool(p.abstract)
            c["authors"] += bool(p.authors)
            c["author count only"] += bool(not p.authors and p.author_count)
            c["date"] += p.date is not None
            c["venue"] += bool(p.venue)
            c["references"] += bool(p.references)
            c["keywords"] += bool(p.keywords)
            c["doi"] += bool(p.doi)
            c["times cited"] += p.citation_count is not None
            c["mesh"] += bool(p.mesh)
            c["affiliations"] += bool(p.affiliations)
            c["upvotes"] += p.upvotes is not None
        always = ("title", "abstract", "authors", "date", "venue", "references", "keywords", "doi")
        return {"papers": len(self.papers), **{k: v for k, v in c.items() if k in always or v}}

    def extend(self, papers: Iterable[Paper]) -> None:
        self.papers.extend(papers)
