"""Build the :class:`~scholargraph.graph.kg.KnowledgeGraph` from a Corpus (and, optionally, its Annotations).

Nodes (keys per label):

- ``Paper``: the paper's stable id (``doi:...``, ``arxiv:...``, ``title:<hash>`` ...).
- ``Author``: :meth:`scholargraph.model.Author.key` -- ORCID, then OpenAlex id, then Semantic Scholar id, then
  the normalised *full* name (``name:john smith``). Two authors are merged only when these keys are equal;
  a name known only as surname + initial (``name:j smith``) never merges with a full name (``name:john smith``)
  and two different people who share surname and initial are never merged on that alone. An author known only
  by a full name takes the ORCID key when the corpus' ORCID-carrying authors give exactly one ORCID for that
  full name (the same person, named by a record without ORCIDs); every such decision is listed in
  ``kg.meta["author_identity"]``.
- ``Venue``: the normalised venue name (accents folded, lower case, punctuation removed); its ``name`` is the
  most frequent spelling.
- ``MeshTerm``: a MeSH descriptor of the papers (PubMed XML, MEDLINE, Lens), keyed by :func:`mesh_key` of its
  name; ``ui`` (D001000) when a source gives it, ``df`` = papers with the heading.
- ``Concept`` (canonical name) and ``Topic`` (topic id as text): only when annotations are given.

Relationships: AUTHORED (author -> paper, ``position`` 1-based), CITES (paper -> paper, ``matched_by`` = how
the reference was resolved: the id type ``doi``, ``arxiv``, ``openalex``, ``s2``, or a title rule
``title+year+first_author``, ``title+first_author``, ``title+year``, ``title``; see ``_Index``), PUBLISHED_IN,
HAS_MESH (paper -> MeSH descriptor: ``major``, ``qualifiers``), HAS_TOPIC (``weight``), MENTIONS (``count``, ``weight``, ``evidence`` = list of dicts), BELONGS_TO (concept ->
topic, ``weight`` from ``Topic.top_concepts``).

References that resolve to no paper of the corpus stay on the citing paper: ``unresolved_references`` (count)
and ``unresolved_reference_list`` (the raw citation strings, or the reference's first id when there is no raw
text). A reference to the paper itself is dropped (no self loops) and counted in ``kg.meta``.

Two different papers of a corpus should never share an id; if they do (e.g. two 'Editorial' papers of the same
year with no DOI get the same title hash), the second keeps its own node under the key ``<id>#2`` (then
``#3`` ...) and ``kg.meta["skipped"]["duplicate_paper_ids"]`` counts them; references and annotations keyed
by the shared id go to the first.

Nodes are inserted label by label (schema order), keys sorted; relationships sorted by (type, start, end), so
the same corpus always gives the same graph, attribute for attribute.

>>> from scholargraph.model import Paper, Author, Reference
>>> a = Paper.create(title="A", year=2020, doi="10.1000/a", authors=[Author("Ann Lee")], venue="Nature")
>>> b = Paper.create(title="B", year=2021, doi="10.1000/b", authors=[Author("Ann Lee"), Author("Bo Chen")],
...                  references=[Reference(doi="10.1000/a"), Reference(raw="Smith J, 1999, X")])
>>> kg = build_graph([a, b])
>>> kg.counts()["edges"]
{'AUTHORED': 3, 'CITES': 1, 'PUBLISHED_IN': 1}
>>> kg.graph.nodes["Paper:doi:10.1000/b"]["unresolved_reference_list"]
['Smith J, 1999, X']
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from .._gc import paused
from .._validation import check_int
from ..errors import ConfigError
from ..model import Author, Corpus, Paper, Reference, normalize_name, normalize_title
from . import schema
from .kg import KnowledgeGraph

if TYPE_CHECKING:
    from ..nlp.annotations import Annotations

__all__ = ["build_graph", "venue_key", "mesh_key", "reference_text", "LAYERS"]


def venue_key(name: str | None) -> str:
    """The key of a Venue node: accents folded, lower case, punctuation removed, spaces collapsed.

    >>> venue_key("  J. Chem. Phys. ")
    'j chem phys'
    >>> venue_key("Revista de Economía")
    'revista de economia'
    """
    return normalize_title(name)


def mesh_key(descriptor: str | None) -> str:
    """The key of a MeshTerm node: the descriptor name case-folded with spaces collapsed (MeSH descriptor names
    are unique, and MEDLINE text gives no descriptor UI, so the name is the identity both formats share).

    >>> mesh_key("  Psoas  Abscess "), mesh_key("COVID-19")
    ('psoas abscess', 'covid-19')
    """
    return " ".join((descriptor or "").split()).casefold()


def reference_text(ref: Reference) -> str | None:
    """What an unresolved reference is kept as: its raw citation string, else its first id, else its title.

    >>> reference_text(Reference(raw="  Smith J, 1999,  Nature "))
    'Smith J, 1999, Nature'
    >>> reference_text(Reference(doi="10.1/x"))
    'doi:10.1/x'
    """
    if ref.raw:
        raw = ref.raw
        if raw.isprintable() and "  " not in raw and raw[0] != " " and raw[-1] != " ":
            return (
                raw  # nothing to collapse (isprintable: no whitespace but the space); the corpus' own string
            )
        text = " ".join(raw.split())
        if text:
            return raw if text == raw else text  # the corpus' own string when unchanged (memory)
    ids = ref.ids()
    if ids:
        return ids[0]
    if ref.title:
        return ref.title.strip() + (f" ({ref.year})" if ref.year else "")
    return None


def _papers_of(
    corpus: Corpus | Iterable[Paper], owner: str = "The 'corpus' parameter of build_graph", what: str = ""
) -> list[Paper]:
    if not isinstance(corpus, (Corpus, Iterable)):
        raise ConfigError(
            f"{owner} must be {what}a Corpus or an iterable of Paper; got a {type(corpus).__name__}."
        )
    papers = list(corpus.papers if isinstance(corpus, Corpus) else corpus)
    for i, p in enumerate(papers):
        if not isinstance(p, Paper):
            raise ConfigError(
                f"{owner} must be {what}a Corpus or an iterable of Paper; item {i} is a {type(p).__name__}."
            )
    return papers


def _paper_keys(papers: list[Paper]) -> list[tuple[str, Paper]]:
    """The papers in id order with their node keys: the id, or ``id#n`` for the n-th paper sharing an id (in
    corpus order: the sort is stable)."""
    seen: dict[str, int] = {}
    out = []
    for p in sorted(papers, key=lambda q: q.id):
        n = seen[p.id] = seen.get(p.id, 0) + 1
        out.append((p.id if n == 1 else f"{p.id}#{n}", p))
    return out


def authorship(
    corpus: Corpus | Iterable[Paper], owner: str = "The 'corpus' parameter of authorship", what: str = ""
) -> tuple[list[str], list[list[str]], dict[str, Any]]:
    """The AUTHORED relationships :func:`build_graph` makes of a corpus, without building the graph:
    ``(papers, authors, identity)`` -- the Paper node ids in the graph's order, the keys of each paper's Author
    nodes (a repeated author of a paper is there twice; the graph has one relationship; authors without a name
    are left out, as in the graph) and the author identity record (``kg.meta["author_identity"]``). What
    co-authorship needs of a corpus (:func:`~scholargraph.graph.projections.co_authorship`). ``owner`` and
    ``what`` word the error on anything but papers."""
    papers = _papers_of(corpus, owner, what)
    identity = _AuthorIdentity(papers)
    ids: list[str] = []
    authors: list[list[str]] = []
    for key, p in _paper_keys(papers):
        ids.append(schema.node_id(schema.PAPER, key))
        authors.append([k for k in identity.keys(p) if not k.endswith(":")])
    return ids, authors, identity.record()


def _paper_props(p: Paper) -> dict[str, Any]:
    return {
        "title": p.title,
        "abstract": p.abstract,
        "year": p.year,
        "date": p.date.iso() if p.date else None,
        "date_precision": p.date.precision if p.date else None,
        "doi": p.doi,
        "arxiv_id": p.arxiv_id,
        "openalex_id": p.openalex_id,
        "s2_id": p.s2_id,
        "venue": p.venue,
        "keywords": list(p.keywords),
        "categories": list(p.categories),
        "author_count": len(p.authors) if p.authors else p.author_count,
        "upvotes": p.upvotes,
        "citation_count": p.citation_count,
        "doc_type": p.doc_type,
        "pub_types": list(p.pub_types),
        "pmid": p.pmid,
        "pmcid": p.pmcid,
        "lens_id": p.lens_id,
        "language": p.language,
        "url": p.url,
        "sources": sorted({pv.file for pv in p.provenance}),
    }


class _Index:
    """Resolve references to corpus papers: every id a paper is known by, then the normalised title.

    Ids: a reference's ids are tried in order (every DOI of a ``DOI [a, b]`` list first); a DOI that two
    different papers carry (a book's DOI on two of its chapters) identifies neither and resolves nothing.

    Titles (references without a matching id, e.g. Scopus references, which carry none): the reference's
    normalised title, then its shorter comma-separated prefixes (a reference's title may come with the start of
    a source name that holds a comma), must equal a corpus paper's title of two words or more, and where both
    sides give them, the first author's surname must agree and the years differ by at most one (by up to three
    when the surname agrees: a preprint cited before its publication year). A title of fewer than four words
    needs the surname and the year to agree, or, without an author, the same year; a reference with neither year
    nor author matches only a title of six words or more. The
    rule that matched is the ``matched_by`` of the CITES edge: ``title+year+first_author``,
    ``title+first_author``, ``title+year`` or ``title``. Two corpus papers passing the checks (a conference and
    a journal version, an original and its translation): the one of the cited year, then the one whose first
    page the citation prints, if that leaves one; else no match.
    """

    def __init__(self, papers: list[Paper]) -> None:
        self.papers = papers
        self.by_id: dict[str, Paper] = {}
        shared: set[str] = set()
        for p in papers:
            for i in (p.id, *p.all_ids()):
                if self.by_id.setdefault(i, p).id != p.id:  # (papers sharing a stable id: the first one)
                    shared.add(i)
        for i in shared:
            del self.by_id[i]
        self._by_title: dict[str, list[Paper]] | None = None

    @property
    def by_title(self) -> dict[str, list[Paper]]:
        if self._by_title is None:
            self._by_title = {}
            for p in self.papers:
                t = normalize_title(p.title)
                if len(t.split()) >= 2:
                    self._by_title.setdefault(t, []).append(p)
        return self._by_title

    def resolve(self, ref: Reference) -> tuple[Paper | None, str | None]:
        if (
            ref.alt_dois
            or ref.arxiv_id
            or ref.openalex_id
            or ref.s2_id
            or ref.pmid
            or ref.pmcid
            or ref.lens_id
        ):
            ids = ref.ids()  # (tests/graph/test_build.py: every id ids() gives is tried)
        elif ref.doi:  # the common reference, a DOI or no id at all: without building ids()' list
            hit = self.by_id.get("doi:" + ref.doi)
            if hit is not None:
                return hit, "doi"
            ids = ()
        else:
            ids = ()
        for rid in ids:
            hit = self.by_id.get(rid)
            if hit is not None:
                return hit, rid.partition(":")[0]
        if ref.title:
            for title in _title_candidates(ref.title):
                hits = [
                    (p, rule) for p in self.by_title.get(title, ()) if (rule := _title_rule(ref, p, title))
                ]
                if len(hits) > 1:  # a conference and a journal version, an original and its translation
                    hits = _closest(ref, hits)
                if hits:
                    return hits[0] if len(hits) == 1 else (None, None)
        return None, None


def _closest(ref: Reference, hits: list[tuple[Paper, str]]) -> list[tuple[Paper, str]]:
    """Of several papers a reference's title names, those of the cited year, then those whose first page the
    citation prints ('pp. 788-800'), each step only when it leaves some."""
    same_year = [h for h in hits if ref.year is not None and h[0].year == ref.year]
    hits = same_year or hits
    same_page = [h for h in hits if _page_cited(ref.raw or "", h[0])]
    return same_page or hits


def _page_cited(raw: str, paper: Paper) -> bool:
    pages = paper.extra.get("pages") or paper.extra.get("start_page")
    first = str(pages).split("-")[0].strip() if pages else ""
    return bool(first) and re.search(rf"\bpp?\. ?{re.escape(first)}\b", raw) is not None


def _title_candidates(title: str) -> list[str]:
    """The normalised title, then the normalised prefixes before each ', ' (longest first, three words or more).

    >>> _title_candidates("The world of the LLG equation: An overview, Phil. Trans. R. Soc. A Math")
    ['the world of the llg equation an overview phil trans r soc a math', 'the world of the llg equation an overview']
    """
    parts = title.split(", ")
    out = [normalize_title(title)]
    for k in range(len(parts) - 1, 0, -1):
        t = normalize_title(", ".join(parts[:k]))
        if len(t.split()) >= 3 and t not in out:
            out.append(t)
    return out


def _title_rule(ref: Reference, paper: Paper, title: str) -> str | None:
    """The title rule by which ``ref`` names ``paper`` (same normalised ``title``), or None (see :class:`_Index`)."""
    author = (
        _surname_agrees(ref.first_author, paper.authors[0]) if ref.first_author and paper.authors else None
    )
    gap = abs(ref.year - paper.year) if ref.year is not None and paper.year is not None else None
    if author is False or (gap is not None and gap > (3 if author else 1)):
        return None
    words = len(title.split())
    if author and gap is not None and gap <= 1:
        return "title+year+first_author"
    if author is None and gap == 0:
        return "title+year"
    if words < 4:
        return None
    if author:
        return "title+first_author"
    if gap is not None:
        return "title+year"
    return "title" if words >= 6 else None


def _surname_agrees(surname: str, author: Author) -> bool:
    """True when the cited surname names the author: it equals a run of words of the author's full name, spaces
    and apostrophes aside ('Daquino' / "d'Aquino", 'Al-Rashid'), or its last word is one of those words
    ('Saheli Fashami' / 'Mohammad Salehi Fashami')."""
    cited = normalize_name(surname).split()
    full = f"{author.given} {author.family}" if author.given and author.family else author.name
    words = normalize_name(full).split()
    if not cited or not words:
        return False
    joined = "".join(cited)
    runs = ("".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
    return any(r == joined for r in runs) or (len(cited[-1]) >= 3 and cited[-1] in words)


class _AuthorIdentity:
    """Author keys, with two rules on top of :meth:`Author.key`:

    - an author known only by name takes the ORCID key of the corpus' ORCID-carrying authors with the same full
      name, when that name has exactly one ORCID in the corpus (a source that gives no ORCID for a paper names
      the same person as one that does); a name with two or more ORCIDs stays a name (counted as ambiguous); so
      does a name whose ORCID another author of the same paper carries (two people on one paper); likewise a full
      name with one Scopus author id in the corpus takes that id (a WoS record of a person a Scopus record names),
      and a Scopus id whose full names have one ORCID between them takes the ORCID;
    - an author named with initials only ('D. Rosselli', WoS 'Rosselli, D') takes the key of the one full name
      of the corpus with the same surname and initials ('Diego Rosselli'; 'Carr, DB' -> 'Daniel B. Carr'), when
      the corpus has exactly one such full name *and* the paper shares a co-author's surname with that full
      name's papers (the co-author test of author-disambiguation practice: a surname and an initial alone
      conflate people). Otherwise initials stay apart; the record counts both.

    >>> from scholargraph.model import Author
    >>> ann = Author("Ann Lee", given="Ann", family="Lee", orcid="0000-0002-1825-0097")
    >>> ident = _AuthorIdentity([Paper.create(title="A", authors=[ann])])
    >>> [ident.resolve(a.key(), a, set()) for a in (Author("Ann Lee"), Author("A. Lee"))]
    ['orcid:0000-0002-1825-0097', 'name:a lee']
    >>> ident.resolve("name:ann lee", Author("Ann Lee"), {"0000-0002-1825-0097"})
    'name:ann lee'
    >>> def au(family, given):
    ...     return Author(f"{given} {family}", family=family, given=given)
    >>> papers = [Paper.create(title="B", authors=[au("Rosselli", "Diego"), au("Castaneda", "Camilo")]),
    ...           Paper.create(title="C", authors=[au("Rosselli", "D."), au("Castaneda", "C.")]),
    ...           Paper.create(title="D", authors=[au("Rosselli", "D."), au("Perez", "Ana")])]
    >>> ident = _AuthorIdentity(papers)
    >>> [ident.resolve(a.key(), a, set(), p) for p in papers[1:] for a in p.authors[:1]]
    ['name:diego rosselli', 'name:d rosselli']
    """

    RULE = (
        "name-only author -> the ORCID (else the Scopus author id) of the same full name, when the corpus has "
        "exactly one for it; a Scopus id -> the ORCID of its full names, when they have exactly one"
    )
    INITIALS_RULE = (
        "author with initials only -> the one full name of the corpus with that surname and initials, when the "
        "paper shares a co-author's surname with that full name's papers"
    )

    def __init__(self, papers: list[Paper]) -> None:
        orcids: dict[str, set[str]] = {}
        scopus: dict[str, set[str]] = {}
        names_of_scopus: dict[str, set[str]] = {}
        # what is known of each spelling of an author (its ids and name parts: the same on every paper it is on)
        self._known: dict[tuple, _Known] = {}
        # normalize_name of surnames and initials (a surname is on many papers)
        self._norm: dict[str, str] = {}
        self._ready = False
        # initials: the full names per (surname, first initial) with their initials, and the author surnames of
        # the papers of each full name (one set per paper, shared: a paper of 2,000 authors is one set)
        self._full_names: dict[tuple[str, str], dict[str, str]] = {}
        self._papers_of: dict[str, list[frozenset[str]]] = {}
        # what is known of the authors of each paper given here, by id(paper) (the papers are kept: ids stay theirs)
        self._papers = papers
        self._of_paper: dict[int, list[_Known]] = {}
        full_names, papers_of = self._full_names, self._papers_of
        for p in papers:
            known = self._of_paper[id(p)] = self._of(p)
            surnames = None
            for k in known:
                if k.full is None or k.parts is None:
                    continue
                if (same := full_names.get(k.initial)) is None:
                    same = full_names[k.initial] = {}
                same[k.full] = k.parts[1]
                if surnames is None:
                    surnames = frozenset(x.parts[0] for x in known if x.parts is not None)
                if (of := papers_of.get(k.full)) is None:
                    papers_of[k.full] = [surnames]
                else:
                    of.append(surnames)
        for k in self._known.values():
            if k.full and (k.orcid or k.scopus_id):
                if k.orcid:
                    orcids.setdefault(k.full, set()).add(k.orcid)
                if k.scopus_id:
                    scopus.setdefault(k.full, set()).add(k.scopus_id)
                    names_of_scopus.setdefault(k.scopus_id, set()).add(k.full)
        self._orcid = {n: next(iter(o)) for n, o in orcids.items() if len(o) == 1}
        self._ambiguous = sum(len(o) > 1 for o in orcids.values())
        # a full name with one Scopus author id in the corpus (a WoS record of a person a Scopus record names), and
        # a Scopus id whose full names have one ORCID between them (the id is that person, whatever the spelling)
        self._scopus = {n: next(iter(i)) for n, i in scopus.items() if len(i) == 1}
        self._scopus_orcid = {}
        for sid, names in names_of_scopus.items():
            found = {self._orcid[n] for n in names if n in self._orcid}
            if len(found) == 1:
                self._scopus_orcid[sid] = next(iter(found))
        self._used: dict[str, str] = {}
        self._kept_apart = 0
        self._initials_used: dict[str, str] = {}
        self._initials_resolved = 0
        self._initials_kept = 0
        # (paper id, its surnames, the keys its initials took)
        self._paper: tuple[int, set[str], dict[str, str]] = (0, set(), {})
        self._ready = True
        for k in self._known.values():
            k.fixed = self._fixed(k)

    def _of(self, p: Paper) -> list[_Known]:
        """What is known of each author of ``p``, in order."""
        known = self._known
        return [known.get(_spelling(a)) or self._know(a) for a in p.authors]

    def _know(self, a: Author) -> _Known:
        k = _Known()
        k.orcid, k.scopus_id = a.orcid, a.scopus_id
        # the normalised name of Author.key (computed once: the name key, and the full name when it is one)
        normed = normalize_name(_name_text(a))
        ids = a.orcid or a.openalex_id or a.s2_id or a.scopus_id
        k.key = a.key() if ids else f"name:{normed}"
        words = _given_words(a)
        k.full = (normed or None) if _has_full_given(words) else None
        k.parts = k.initial = None
        if a.family and a.given:  # (then the given-name words are those of a.given)
            # 'DB' (WoS 'Carr, DB') is two initials; 'Daniel B' and 'D. B.' are words
            letters = "".join(w if w.isupper() and len(w) <= 3 else w[0] for w in words)
            family, initials = self._normalized(a.family), self._normalized(letters).replace(" ", "")
            if family and initials:
                k.parts = (family, initials, k.full)
                k.initial = (family, initials[:1])
        k.fixed = self._fixed(k) if self._ready else None
        self._known[_spelling(a)] = k
        return k

    def _normalized(self, text: str) -> str:
        out = self._norm.get(text)
        if out is None:
            out = self._norm[text] = normalize_name(text)
        return out

    def _fixed(self, k: _Known) -> str | None:
        """The key of an author whatever the paper (what :meth:`resolve` returns for it on any paper, with no
        count changed), or None when it depends on the paper's other authors."""
        key = k.key
        if key.startswith("scopus:"):
            return key if key[7:] not in self._scopus_orcid else None
        if not key.startswith("name:"):
            return key
        if not k.full:  # initials: the paper's co-authors decide when the corpus has one full name for them
            return key if k.parts is None or len(self._fulls(k.parts)) != 1 else None
        return key if key[5:] not in self._orcid and key[5:] not in self._scopus else None

    def keys(self, p: Paper) -> list[str]:
        """The key of each author of ``p``, in order (:meth:`resolve` of each)."""
        known = self._of_paper.get(id(p)) or self._of(p)
        out = [k.fixed for k in known]
        if None in out:
            orcids = {a.orcid for a in p.authors if a.orcid}
            for i, k in enumerate(known):
                if out[i] is None:
                    out[i] = self.resolve(k.key, p.authors[i], orcids, p)
        return out

    def _parts(self, a: Author) -> tuple[str, str, str | None] | None:
        """(normalised surname, initials of the given names, normalised full name or None for initials only),
        or None without a structured surname and given name."""
        return self._of_author(a).parts

    def _of_author(self, a: Author) -> _Known:
        return self._known.get(_spelling(a)) or self._know(a)

    def _surnames(self, p: Paper) -> set[str]:
        return {k.parts[0] for k in self._of(p) if k.parts is not None}

    def resolve(self, key: str, author: Author, orcids_on_paper: set[str], paper: Paper | None = None) -> str:
        """The key of ``author`` (whose :meth:`Author.key` is ``key``) on ``paper``, whose authors carry
        ``orcids_on_paper``."""
        if key.startswith("scopus:"):
            orcid = self._scopus_orcid.get(key[7:])
            if orcid is None or orcid in orcids_on_paper:
                return key
            self._used[key] = f"orcid:{orcid}"
            return self._used[key]
        if not key.startswith("name:"):
            return key
        if not self._of_author(author).full:
            return self._initials(key, author, orcids_on_paper, paper) if paper is not None else key
        if (orcid := self._orcid.get(key[5:])) is None:
            if (sid := self._scopus.get(key[5:])) is None:
                return key
            into = self._strong(None, sid)
            if paper is not None and any(a.scopus_id == sid for a in paper.authors):
                self._kept_apart += 1
                return key
            self._used[key] = into
            return into
        if orcid in orcids_on_paper:
            self._kept_apart += 1
            return key
        self._used[key] = f"orcid:{orcid}"
        return self._used[key]

    def _fulls(self, parts: tuple[str, str, str | None]) -> list[str]:
        """The full names of the corpus an author named with these initials can be (see INITIALS_RULE)."""
        family, initials, _ = parts
        return [
            f for f, i in self._full_names.get((family, initials[:1]), {}).items() if i.startswith(initials)
        ]

    def _initials(self, key: str, author: Author, orcids_on_paper: set[str], paper: Paper) -> str:
        parts = self._parts(author)
        if parts is None:
            return key
        family = parts[0]
        fulls = self._fulls(parts)
        if len(fulls) != 1:
            return key
        if self._paper[0] != id(paper):
            self._paper = (id(paper), self._surnames(paper), {})
        if key in self._paper[2]:  # the same name twice on a paper: the same person (a repeat, skipped)
            return self._paper[2][key]
        full = fulls[0]
        into = self._strong(self._orcid.get(full), self._scopus.get(full)) or f"name:{full}"
        others = self._paper[1] - {family}
        if (
            not any(others & (surnames - {family}) for surnames in self._papers_of.get(full, ()))
            or into in self._paper[2].values()
            or any(self._key_of_full(a) == into for a in paper.authors)
        ):  # no co-author in common, or that person is on the paper already (two people)
            self._initials_kept += 1
            return key
        self._paper[2][key] = into
        self._initials_resolved += 1
        self._initials_used.setdefault(key, into)
        return into

    def _strong(self, orcid: str | None, sid: str | None) -> str | None:
        """The key of a person known by an ORCID or a Scopus author id (the ORCID of that Scopus id first)."""
        if orcid is None and sid is not None:
            orcid = self._scopus_orcid.get(sid)
        return f"orcid:{orcid}" if orcid is not None else f"scopus:{sid}" if sid is not None else None

    def _key_of_full(self, a: Author) -> str | None:
        """The key an author with a full name or an id gets (its ORCID or Scopus id, those of its full name, or
        the name), else None."""
        if a.orcid or a.scopus_id:
            return self._strong(a.orcid, a.scopus_id)
        full = self._of_author(a).full
        if not full:
            return None
        return self._strong(self._orcid.get(full), self._scopus.get(full)) or f"name:{full}"

    def record(self) -> dict[str, Any]:
        """What ``kg.meta["author_identity"]`` holds: the rules, counts, and every name key resolved."""
        return {
            "rule": self.RULE,
            "resolved_names": len(self._used),
            "ambiguous_names": self._ambiguous,
            "kept_apart_on_one_paper": self._kept_apart,
            "resolved": [{"name": n, "into": o} for n, o in sorted(self._used.items())],
            "initials_rule": self.INITIALS_RULE,
            "initials_resolved": self._initials_resolved,
            "initials_kept_apart": self._initials_kept,
            "initials_into": [{"name": n, "into": o} for n, o in sorted(self._initials_used.items())],
        }


class _Known:
    """What :class:`_AuthorIdentity` knows of one spelling of an author (ids, given and family name, name): its
    :meth:`Author.key`, normalised full name (None: initials only), name parts (:meth:`_AuthorIdentity._parts`)
    and their (surname, first initial), and its key when no paper can change it (``fixed``, else None)."""

    __slots__ = ("orcid", "scopus_id", "key", "full", "parts", "initial", "fixed")


_LETTER_WORDS = re.compile(r"[^\W\d_]+")


def _spelling(a: Author) -> tuple:
    """What makes two Author objects the same spelling for the identity: the fields :meth:`Author.key` and the
    name parts read."""
    return (a.orcid, a.openalex_id, a.s2_id, a.scopus_id, a.given, a.family, a.name)


def _name_text(a: Author) -> str:
    """The name :meth:`Author.key` normalises: 'given family' when both are given, else the name."""
    return f"{a.given} {a.family}" if a.family and a.given else a.name


def _given_words(a: Author) -> list[str]:
    """The words of an author's given names (the name's words but the last when no family name is given)."""
    given = a.given if a.family else a.name.rpartition(" ")[0]
    return _LETTER_WORDS.findall(given or "")


def _has_full_given(words: list[str]) -> bool:
    """A given name of two letters or more not written in capitals ('Ann', not 'A.' or WoS 'JA')."""
    return any(len(w) >= 2 and not w.isupper() for w in words)


def _full_name(author: Author) -> str | None:
    """The normalised full name of an author (the ``name:`` part of :meth:`Author.key`), or None when the name is
    given with initials only ('J. Smith', WoS 'Smith, JA'): a full name has a given name of two letters or more
    that is not written in capitals."""
    if not _has_full_given(_given_words(author)):
        return None
    return normalize_name(_name_text(author)) or None


# min_concept_df=None (auto): a concept becomes a graph node when MIN_DF_LARGE papers mention it on corpora of
# at least MIN_DF_CORPUS papers, else when one does (on the WoS set 2 keeps ~18k of ~91k concepts: 87% of a
# corpus' concepts are said by one paper, and ~100k Concept nodes made a 210 MB GraphML)
MIN_DF_LARGE = 2
MIN_DF_CORPUS = 100


# what a graph may be built with besides its papers: citations (CITES and the unresolved references: the citation,
# coupling and co-citation projections), authors (AUTHORED: co-authorship), venues (PUBLISHED_IN), MeSH
LAYERS = ("citations", "authors", "venues", "mesh")


def build_graph(
    corpus: Corpus | Iterable[Paper],
    annotations: Annotations | None = None,
    *,
    min_concept_df: int | None = None,
    layers: Iterable[str] | None = None,
) -> KnowledgeGraph:
    """The KnowledgeGraph of a corpus (see the module docstring for nodes, keys and relationships).

    ``annotations`` (:class:`~scholargraph.nlp.annotations.Annotations`) adds Concept and Topic nodes and the
    MENTIONS, HAS_TOPIC and BELONGS_TO relationships; without it the graph has papers, authors, venues,
    citations and authorship only. ``kg.meta`` records counts of everything that did not become a node or
    relationship (unresolved references, self-citations, mentions of unknown papers or concepts).

    ``min_concept_df``: papers that must mention a concept for it to become a node (None: 2 on corpora of 100
    papers or more, else 1); the annotations keep every concept, the graph counts what it left out in
    ``kg.meta["skipped"]`` (``concepts_below_min_df``, ``mentions_of_rare_concepts``).

    The keys of the unresolved references, which only the citation projections need
    (:meth:`KnowledgeGraph.reference_index`), are computed by the first projection that asks for them and
    kept with the graph object, not in it.

    ``layers``: what to build besides the Paper nodes (None: everything), a subset of :data:`LAYERS`:
    ``"citations"`` (CITES and the papers' unresolved references), ``"authors"`` (Author nodes, AUTHORED),
    ``"venues"`` (Venue nodes, PUBLISHED_IN), ``"mesh"`` (MeshTerm nodes, HAS_MESH). A graph for one
    projection needs one layer (coupling, co-citation and the citation network: ``["citations"]``;
    co-authorship: ``["authors"]``) and is built in about half the time; ``kg.meta["layers"]`` lists what was
    built, and a projection asking for a layer the graph lacks raises ConfigError.
    """
    check_int(min_concept_df, "min_concept_df", "build_graph", low=1, none_ok=True)
    built = _layers(layers)
    papers = _papers_of(corpus)
    if min_concept_df is None:
        min_concept_df = MIN_DF_LARGE if len(papers) >= MIN_DF_CORPUS else 1
    # millions of small dicts: the cyclic GC's passes would dominate the build time; one pass at the end, full
    # when the graph is large beside what was there (a one-layer graph of a large corpus is not: see _gc)
    with paused(collect="auto"):
        return _build(papers, corpus, annotations, min_concept_df, built)


def _layers(layers: Iterable[str] | None) -> frozenset[str]:
    if layers is None:
        return frozenset(LAYERS)
    if isinstance(layers, str):
        raise ConfigError(
            f"build_graph: 'layers' must be a list of layer names, got the string {layers!r}; e.g. layers=[{layers!r}]"
        )
    out = frozenset(layers)
    bad = sorted(str(x) for x in out - set(LAYERS))
    if bad:
        raise ConfigError(f"build_graph: unknown layer(s) {', '.join(bad)}; layers: {', '.join(LAYERS)}")
    return out


def _build(
    papers: list[Paper],
    corpus: Corpus | Iterable[Paper],
    annotations: Annotations | None,
    min_concept_df: int,
    layers: frozenset[str] = frozenset(LAYERS),
) -> KnowledgeGraph:
    nodes: dict[str, dict[str, dict[str, Any]]] = {label: {} for label in schema.LABELS}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    skipped: Counter[str] = Counter()
    venue_names: dict[str, Counter[str]] = {}
    mesh_names: dict[str, Counter[str]] = {}
    author_names: dict[str, dict[str, int]] = {}

    citations, authors, venues, mesh = (x in layers for x in LAYERS)
    index = _Index(papers) if citations else None
    identity = _AuthorIdentity(papers if authors else [])
    for key, p in _paper_keys(papers):
        if key != p.id:
            skipped["duplicate_paper_ids"] += 1
        pid = schema.node_id(schema.PAPER, key)
        props = _paper_props(p)
        nodes[schema.PAPER][key] = props
        if citations:
            _cite(p, pid, props, index, edges, skipped)
        if authors:
            _authored(p, pid, nodes, edges, skipped, identity, author_names)
        vkey = venue_key(p.venue) if venues else None
        if vkey:
            venue_names.setdefault(vkey, Counter())[p.venue.strip()] += 1
            nodes[schema.VENUE].setdefault(vkey, {})
            edges[(schema.PUBLISHED_IN, pid, schema.node_id(schema.VENUE, vkey))] = {}
        for heading in p.mesh if mesh else ():
            mkey = mesh_key(heading.descriptor)
            if not mkey:
                continue
            mesh_names.setdefault(mkey, Counter())[heading.descriptor.strip()] += 1
            m = nodes[schema.MESH_TERM].setdefault(mkey, {"df": 0})
            if m.get("ui") is None and heading.ui:
                m["ui"] = heading.ui
            edge = (schema.HAS_MESH, pid, schema.node_id(schema.MESH_TERM, mkey))
            if edge in edges:  # a descriptor listed twice on one paper: one relationship, qualifiers joined
                old = edges[edge]
                old["major"] = old["major"] or heading.major
                old["qualifiers"] += [q for q in heading.qualifiers if q not in old["qualifiers"]]
                continue
            m["df"] += 1
            edges[edge] = {"major": bool(heading.major), "qualifiers": list(heading.qualifiers)}

    for key, a in nodes[schema.AUTHOR].items():
        a["name_variants"] = sorted(a["name_variants"])
        a["name"] = _author_name(author_names[key])
    for label, spellings in ((schema.VENUE, venue_names), (schema.MESH_TERM, mesh_names)):
        for key, names in spellings.items():  # the most frequent spelling (ties: the first in sorted order)
            nodes[label][key]["name"] = min(names.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    meta: dict[str, Any] = {"papers": len(papers)}
    if citations:
        meta["unresolved_references"] = sum(n["unresolved_references"] for n in nodes[schema.PAPER].values())
    if layers != frozenset(LAYERS):
        meta["layers"] = [x for x in LAYERS if x in layers]
    if isinstance(corpus, Corpus):
        meta["rejects"] = len(corpus.rejects)
        meta["merges"] = len(corpus.merges)
    meta["author_identity"] = identity.record()
    if annotations is not None:
        _add_annotations(annotations, nodes, edges, skipped, min_concept_df)
        meta["annotations"] = dict(annotations.settings)
        meta["min_concept_df"] = min_concept_df
    meta["skipped"] = dict(sorted(skipped.items()))

    kg = KnowledgeGraph(meta=meta)
    for label in schema.LABELS:
        kg.add_nodes_from(label, ((key, nodes[label].pop(key)) for key in sorted(nodes[label])))
    # one relationship type at a time (sorted keys keep each type together); pop: free each attribute dict's
    # source as we go (peak memory)
    for rel, group in itertools.groupby(sorted(edges), key=itemgetter(0)):
        kg.add_edges_from(rel, ((u, v, edges.pop((rel, u, v))) for _, u, v in group))
    return kg


def _cite(p: Paper, pid: str, props: dict, index: _Index, edges: dict, skipped: Counter[str]) -> None:
    """The CITES relationships of paper ``p`` (node ``pid``) and its unresolved references (on ``props``)."""
    unresolved: list[str] = []
    for ref in p.references:
        target, how = index.resolve(ref)
        if target is None:
            text = reference_text(ref)
            if text is not None:
                unresolved.append(text)
            else:
                skipped["empty_references"] += 1
            continue
        if _self_citation(p, target):
            skipped["self_citations"] += 1
            continue
        edges.setdefault((schema.CITES, pid, schema.node_id(schema.PAPER, target.id)), {"matched_by": how})
    props["unresolved_references"] = len(unresolved)
    props["unresolved_reference_list"] = unresolved


def _self_citation(p: Paper, target: Paper) -> bool:
    """Whether a reference of ``p`` that resolved to ``target`` is ``p`` citing itself (no CITES is made)."""
    return target is p or target.id == p.id


def citations(
    corpus: Corpus | Iterable[Paper], owner: str = "The 'corpus' parameter of citations", what: str = ""
) -> tuple[list[tuple[str, Paper]], list[tuple[str, str]]]:
    """The CITES relationships :func:`build_graph` makes of a corpus, without building the graph (nor keeping
    the unresolved references): ``(papers, cites)`` -- every Paper node id with its paper, in the graph's
    order, and the (citing, cited) node id pairs, once each, sorted. What the citation network of a corpus
    needs (:func:`~scholargraph.analysis.citation_graph`). ``owner`` and ``what`` word the error on anything
    but papers."""
    papers = _papers_of(corpus, owner, what)
    index = _Index(papers)
    nodes = [(schema.node_id(schema.PAPER, key), p) for key, p in _paper_keys(papers)]
    cites: set[tuple[str, str]] = set()
    for pid, p in nodes:
        for ref in p.references:
            target = index.resolve(ref)[0]
            if target is not None and not _self_citation(p, target):
                cites.add((pid, schema.node_id(schema.PAPER, target.id)))
    return nodes, sorted(cites)


def _authored(
    p: Paper,
    pid: str,
    nodes: dict,
    edges: dict,
    skipped: Counter[str],
    identity: _AuthorIdentity,
    author_names: dict[str, dict[str, int]],
) -> None:
    """The Author nodes and AUTHORED relationships of paper ``p`` (node ``pid``); ``author_names`` counts the
    names each author node is given, for :func:`_author_name`."""
    authors = nodes[schema.AUTHOR]
    for pos, (author, key) in enumerate(zip(p.authors, identity.keys(p), strict=True), start=1):
        if key.endswith(":"):
            skipped["authors_without_name"] += 1
            continue
        edge = (schema.AUTHORED, schema.node_id(schema.AUTHOR, key), pid)
        if edge in edges:
            skipped["repeated_authors"] += 1
            continue
        edges[edge] = {"position": pos}
        a = authors.get(key)
        if a is None:
            a = authors[key] = {"name": author.name, "name_variants": set()}
            author_names[key] = {}
        names = author_names[key]
        names[author.name] = names.get(author.name, 0) + 1
        for attr in _AUTHOR_IDS:
            if (value := getattr(author, attr)) and a.get(attr) is None:
                a[attr] = value
        for variant in (author.name, author.raw):
            if variant:
                a["name_variants"].add(variant)


# the Author properties a node takes from the first of its papers' authors that has them
_AUTHOR_IDS = ("orcid", "openalex_id", "s2_id", "scopus_id", "affiliation")


def _author_name(names: dict[str, int]) -> str:
    """The name an author node is shown by: a full name before initials ('Claudio Serpico', not 'C. Serpico'),
    then the one most of its papers give (Scopus spells Branislav K. Nikolić 'Branislavk.' once in nine), then
    the first in sorted order."""
    if len(names) == 1:  # most authors: one spelling, nothing to choose (and no Author to make)
        return next(iter(names))
    return min(names.items(), key=lambda kv: (_full_name(Author(kv[0])) is None, -kv[1], kv[0]))[0]


def _add_annotations(
    ann: Annotations, nodes: dict, edges: dict, skipped: Counter[str], min_concept_df: int = 1
) -> None:
    """Concept and Topic nodes, MENTIONS / HAS_TOPIC / BELONGS_TO relationships from an Annotations object."""
    papers = nodes[schema.PAPER]
    # papers extraction did not read (no text; another language): counted per reason, e.g.
    # "not_extracted_language_es", "not_extracted_no_text"
    for why in ann.skipped.values():
        kind = why.split(":")[0].replace(" ", "_") if why.startswith("language ") else "no_text"
        skipped[f"not_extracted_{kind}"] += 1
    rare: set[str] = set()
    for name, c in ann.concepts.items():
        if c.df < min_concept_df:
            rare.add(name)
            skipped["concepts_below_min_df"] += 1
            continue
        nodes[schema.CONCEPT][name] = {
            "name": c.name,
            "display": c.shown,
            "kind": c.kind,
            "surface_forms": sorted(c.surface_forms),
            "aliases": sorted(c.aliases),
            "df": int(c.df),
            "termhood": None if c.termhood is None else float(c.termhood),
            "generic": bool(c.generic) or None,
        }
    for paper, mentions in ann.mentions.items():
        if paper not in papers:
            skipped["mentions_of_unknown_papers"] += len(mentions)
            continue
        pid = schema.node_id(schema.PAPER, paper)
        for m in mentions:
            if m.concept not in nodes[schema.CONCEPT]:
                skipped[
                    "mentions_of_rare_concepts" if m.concept in rare else "mentions_of_unknown_concepts"
                ] += 1
                continue
            edges[(schema.MENTIONS, pid, schema.node_id(schema.CONCEPT, m.concept))] = {
                "count": int(m.count),
                "weight": float(m.weight),
                "evidence": [asdict(e) for e in m.evidence],
                "inferred": int(m.inferred) or None,
            }
    dominant: Counter[int] = Counter()
    for paper, pairs in ann.paper_topics.items():
        if paper not in papers:
            skipped["topics_of_unknown_papers"] += 1
            continue
        if pairs:
            dominant[int(max(pairs, key=lambda tw: (tw[1], -tw[0]))[0])] += 1
        for tid, w in pairs:
            edges[
                (
                    schema.HAS_TOPIC,
                    schema.node_id(schema.PAPER, paper),
                    schema.node_id(schema.TOPIC, str(tid)),
                )
            ] = {"weight": float(w)}
    for t in ann.topics:
        key = str(t.id)
        nodes[schema.TOPIC][key] = {
            "name": t.label,
            "top_concepts": [c for c, _ in t.top_concepts],
            "size": dominant.get(int(t.id), 0),
            "papers": list(t.papers) or None,
        }
        for concept, w in t.top_concepts:
            if concept not in nodes[schema.CONCEPT]:
                skipped["topic_concepts_unknown"] += 1
                continue
            edges[
                (
                    schema.BELONGS_TO,
                    schema.node_id(schema.CONCEPT, concept),
                    schema.node_id(schema.TOPIC, key),
                )
            ] = {"weight": float(w)}
    topic_keys = set(nodes[schema.TOPIC])
    for rel, u, v in [k for k in edges if k[0] == schema.HAS_TOPIC]:
        if schema.split_node_id(v)[1] not in topic_keys:
            del edges[(rel, u, v)]
            skipped["paper_topics_unknown_topic"] += 1
