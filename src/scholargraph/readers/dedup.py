"""Merging duplicate papers while reading (within and across files).

Rules, tried in this order (the first that matches wins and is recorded as :attr:`Merge.rule`):

1. ``doi``: same normalised DOI -- unless the two records have different first pages or clearly different
   titles: a DOI on two different works is a *container* DOI (a book's DOI on two of its chapters, a
   proceedings volume's), not an identity;
2. ``arxiv`` / ``openalex`` / ``s2`` / ``pmid`` / ``pmcid`` / ``lens``: same arXiv, OpenAlex, Semantic
   Scholar, PubMed, PubMed Central or Lens.org id;
3. ``title+year+first_author``: same normalised title, same year and same first author, compared on the
   normalised *full* name (:func:`~scholargraph.model.normalize_name`), never on surname + initial -- and the
   document types and first pages must agree where both records give them;
4. ``title+year``: same normalised title and year when one of the two papers names no authors at all (the
   Daily Papers listing gives only a count), with the same document type and page checks; when *both* name no
   authors (proceedings volumes), also the same Scopus EID, ISBN and volume where both give them.

A match is refused when the two papers carry *different* values of an id both have (e.g. two DOIs): such
papers are different works that happen to share another key (a preprint and its erratum, a misattributed id).
One-word titles and titles that name a kind of item rather than a work ("Editorial", "Presentation", "Book
review", ...) never match on rules 3 and 4: an editor writes many of them in a year (seen in the Web of Science
sample, where two different editorials by one editor would otherwise merge).

**Kept apart, linked.** A pair refused by one of the checks above is not merged silently: both papers record
the other in ``extra["related"]`` (``{"id", "relation", "why"}``) and ``corpus.notes`` gets one line per pair.
Relations: ``version_of`` -- a conference and a journal version with the same title, year and first author
(also when their DOIs differ; a user can collapse them); ``possible_duplicate`` -- same title and year but
another document type (a Letter and an Article), other pages, or other identifiers; ``same_container_doi`` --
two works under one DOI (rule 1). Document types compare by kind (article/review, letter, editorial,
conference paper/meeting abstract, chapter, book; Web of Science's ``Article; Proceedings Paper`` is both an
article and a conference paper); types of no known kind, and missing values, never block a merge.

Ids stay unique in the corpus: a paper that matches no rule but whose stable id is already taken (two
"Editorial"s of one year share the title-hash id) gets the id ``<id>~2`` (``~3``, ...) and the original id in
``extra['id_collision']``.

Merging keeps the first paper and fills what it lacks from the duplicate: missing scalar fields and ids are
taken, ids / references / keywords / categories / provenance are united (order kept, duplicates dropped),
authors are taken when the kept paper has none, and authors matching by position and name get their missing
ORCID / OpenAlex / S2 ids and affiliation. Existing values are never overwritten, with one exception for dates:
a date whose year was assumed is replaced by a printed one, and a coarser date by a finer one of the same year.

**Stable ids do not change mid-read.** The kept paper keeps the id it was first read with, even if the duplicate
brings a better id (e.g. a DOI for a paper first seen with only a title hash). The new ids are in the paper's
fields, so ``Corpus.by_id()`` and reference resolution find it by every id; the duplicate's own stable id is in
``extra['merged_ids']`` and in the :class:`~scholargraph.model.Merge` record. Re-reading with the files in a
different order may therefore choose a different stable id; the order of ``paths`` decides, deterministically.

Each ``add`` is O(1) on average (dictionary look-ups on the ids and the title key).

>>> from scholargraph.model import Corpus, Paper, Author
>>> c = Corpus(); d = Deduplicator(c)
>>> d.add(Paper.create(title="Graph neural nets", year=2020, authors=[Author("Ann Lee")]))
False
>>> d.add(Paper.create(title="Graph Neural Nets.", year=2020, doi="10.1000/x", authors=[Author("Ann Lee")]))
True
>>> len(c.papers), c.papers[0].doi, c.merges[0].rule
(1, '10.1000/x', 'title+year+first_author')
>>> d.add(Paper.create(title="Another title", pmid="30514039"))
False
>>> d.add(Paper.create(title="Another title, from MEDLINE text", pmid="PMID: 30514039", pmcid="PMC1"))
True
>>> c.merges[-1].rule, c.papers[-1].pmcid
('pmid', 'PMC1')
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from difflib import SequenceMatcher
from typing import Any

from ..model import Author, Corpus, Merge, Paper, Provenance, Reference, normalize_name, normalize_title

__all__ = ["Deduplicator", "title_key"]

_ID_RULES = ("doi", "arxiv_id", "openalex_id", "s2_id", "pmid", "pmcid", "lens_id")
_RULE_NAME = {
    "doi": "doi",
    "arxiv_id": "arxiv",
    "openalex_id": "openalex",
    "s2_id": "s2",
    "pmid": "pmid",
    "pmcid": "pmcid",
    "lens_id": "lens",
}
# ids whose different values do NOT prove two works different: Lens.org lists some works twice (a journal that
# was renamed gets a second record), so two Lens ids next to one title, year, volume and pages are one work
_NOT_PROOF = frozenset({"lens_id"})
_UNION = ("keywords", "categories", "pub_types")
_SKIP = {"id", "authors", "references", "provenance", "extra", "date", *_UNION}
# titles that name a kind of item, not a work: one editor writes many 'Editorial's in a year
_GENERIC_TITLES = frozenset(
    """editorial presentation introduction preface foreword erratum errata correction corrigendum retraction
    obituary commentary reply response announcement announcements acknowledgments acknowledgements contents index
    news abstracts reviewers""".split()
) | {
    "book review",
    "book reviews",
    "editor s note",
    "editors note",
    "editorial board",
    "letter to the editor",
    "table of contents",
    "in memoriam",
    "front matter",
    "back matter",
    "guest editorial",
    "editorial introduction",
    "author reply",
    "authors reply",
    "conference report",
}
_PRECISION_RANK = {"year": 0, "month-day": 0, "month": 1, "day": 2}
# document type (lower case, as sources write them) -> kind; WoS joins several with "; "
_DOC_KINDS = {
    **dict.fromkeys(
        ["article", "journal article", "journal-article", "jour", "review", "article in press", "note", "data paper",
         "short survey", "survey"], "article",
    ),
    **dict.fromkeys(["letter", "correspondence", "letter to the editor"], "letter"),
    **dict.fromkeys(["editorial", "editorial material"], "editorial"),
    **dict.fromkeys(
        ["proceedings paper", "conference paper", "inproceedings", "conf", "cpaper", "proceedings-article",
         "meeting abstract", "conference abstract"], "conference",
    ),
    **dict.fromkeys(["book chapter", "chapter", "incollection", "chap", "book-chapter", "inbook"], "chapter"),
    **dict.fromkeys(["book", "monograph"], "book"),
    **dict.fromkeys(["erratum", "correction", "corrigendum"], "correction"),
}  # fmt: skip


def title_key(paper: Paper) -> str | None:
    """Key of rule 3: normalised title | year | normalised full name of the first author; None if incomplete.

    >>> from scholargraph.model import Author
    >>> title_key(Paper.create(title="A Study of Graphs!", year=2001, authors=[Author("Lee, Ann")]))
    'a study of graphs|2001|ann lee'
    >>> title_key(Paper.create(title="A Study of Graphs", year=2001)) is None  # no author
    True
    >>> title_key(Paper.create(title="Editorial", year=2001, authors=[Author("Ann Lee")])) is None
    True
    """
    return _keys(paper)[0]


class Deduplicator:
    """Adds papers to ``corpus.papers``, merging duplicates into the paper first seen (see the module docs)."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._ids: dict[str, dict[str, Paper]] = {k: {} for k in _ID_RULES}
        self._titles: dict[str, list[Paper]] = {}
        self._title_year: dict[str, list[Paper]] = {}
        self._taken: set[str] = set()
        self._refused: list[tuple[Paper, str, str]] = []  # (kept paper, relation, why) of the last find()
        for p in corpus.papers:
            self._index(p, _keys(p))

    def add(self, paper: Paper) -> bool:
        """Append ``paper`` (returns False) or merge it into the paper it duplicates (records a Merge, True)."""
        keys = _keys(paper)
        found = self.find(paper, keys)
        if found is None:
            if paper.id in self._taken:
                k = 2
                while f"{paper.id}~{k}" in self._taken:
                    k += 1
                paper.extra["id_collision"] = paper.id
                paper.id = f"{paper.id}~{k}"
            self.corpus.papers.append(paper)
            self._index(paper, keys)
            for kept, relation, why in self._refused:
                self._relate(kept, paper, relation, why)
            return False
        kept, rule = found
        before = (kept.year, bool(kept.authors))
        merge_into(kept, paper)
        merged = paper.provenance[0] if paper.provenance else Provenance(file="?", record=0)
        self.corpus.merges.append(Merge(kept=kept.id, merged=merged, rule=rule, merged_id=paper.id))
        # the kept paper is found by its filled ids, by the duplicate's title variant and, when the merge gave
        # it a year or authors, by its own new title keys
        self._index(kept, _keys(kept) if (kept.year, bool(kept.authors)) != before else (None, None))
        self._index_keys(kept, keys)
        return True

    def find(
        self, paper: Paper, keys: tuple[str | None, str | None] | None = None
    ) -> tuple[Paper, str] | None:
        """The kept paper ``paper`` duplicates and the rule that matched, or None. Candidates refused by a check
        (see the module docs) are kept, with the relation and the reason, for :meth:`add` to record."""
        self._refused = []
        refused: set[int] = set()

        def refuse(kept: Paper, relation: str, why: str) -> None:
            if id(kept) not in refused:
                refused.add(id(kept))
                self._refused.append((kept, relation, why))

        for attr in _ID_RULES:
            value = getattr(paper, attr)
            if value and (kept := self._ids[attr].get(value)) is not None and not _conflict(kept, paper):
                if attr == "doi" and (why := _different_works(kept, paper)):
                    refuse(kept, "same_container_doi", f"DOI {value} on both, {why}: a container DOI")
                    continue
                return kept, _RULE_NAME[attr]
        tkey, tykey = keys if keys is not None else _keys(paper)
        for kept in self._titles.get(tkey, ()) if tkey else ():
            if id(kept) in refused:
                continue
            if _conflict(kept, paper):  # different DOIs: never merged; a conference/journal pair is linked
                if (why := _kinds_differ(kept, paper)) and why[0] == "version_of":
                    refuse(kept, *why)
                continue
            if why := _kinds_differ(kept, paper) or _pages_differ(kept, paper):
                refuse(kept, *why)
                continue
            return kept, "title+year+first_author"
        for kept in self._title_year.get(tykey, ()) if tykey else ():
            if id(kept) in refused or _conflict(kept, paper) or (paper.authors and kept.authors):
                continue
            why = _kinds_differ(kept, paper) or _pages_differ(kept, paper)
            if why is None and not paper.authors and not kept.authors:
                why = _identifiers_differ(kept, paper)
            if why:
                refuse(kept, *why)
                continue
            return kept, "title+year"
        return None

    def _relate(self, a: Paper, b: Paper, relation: str, why: str) -> None:
        """Link two papers kept apart: ``extra["related"]`` on both and a note in the corpus."""
        for x, y in ((a, b), (b, a)):
            x.extra.setdefault("related", []).append({"id": y.id, "relation": relation, "why": why})
        self.corpus.notes.append(f"{relation.replace('_', ' ')}: {a.id} and {b.id} kept apart ({why})")

    def _index(self, paper: Paper, keys: tuple[str | None, str | None]) -> None:
        for attr in _ID_RULES:
            if value := getattr(paper, attr):
                self._ids[attr].setdefault(value, paper)
        self._index_keys(paper, keys)
        self._taken.add(paper.id)

    def _index_keys(self, paper: Paper, keys: tuple[str | None, str | None]) -> None:
        for index, key in zip((self._titles, self._title_year), keys, strict=True):
            if key:
                papers = index.setdefault(key, [])
                if not any(p is paper for p in papers):
                    papers.append(paper)


def _keys(paper: Paper) -> tuple[str | None, str | None]:
    """(rule-3 key, rule-4 key) of a paper, computing the normalised title once."""
    title = _identifying_title(paper)
    if not title or paper.year is None:
        return None, None
    return _with_author(title, paper), f"{title}|{paper.year}"


def _with_author(title: str, paper: Paper) -> str | None:
    if not paper.authors:
        return None
    first = paper.authors[0]
    full = f"{first.given} {first.family}" if first.given and first.family else first.name
    name = normalize_name(full)
    return f"{title}|{paper.year}|{name}" if name else None


def _identifying_title(paper: Paper) -> str | None:
    """The normalised title if it can identify a work: two words or more and not a generic item name."""
    title = normalize_title(paper.title)
    if len(title.split()) < 2 or title in _GENERIC_TITLES:
        return None
    return title


def _conflict(a: Paper, b: Paper) -> bool:
    """True when both papers carry a different value of the same id."""
    return any(
        getattr(a, k) and getattr(b, k) and getattr(a, k) != getattr(b, k)
        for k in _ID_RULES
        if k not in _NOT_PROOF
    )


def _kinds(doc_type: str | None) -> set[str]:
    """The kinds of a document type (see ``_DOC_KINDS``); empty when unknown."""
    if not doc_type:
        return set()
    return {k for t in doc_type.split(";") if (k := _DOC_KINDS.get(" ".join(t.lower().split())))}


def _kinds_differ(a: Paper, b: Paper) -> tuple[str, str] | None:
    """``("version_of" | "possible_duplicate", why)`` when both document types are known and share no kind."""
    ka, kb = _kinds(a.doc_type), _kinds(b.doc_type)
    if not ka or not kb or ka & kb:
        return None
    if {frozenset(ka), frozenset(kb)} == {frozenset({"conference"}), frozenset({"article"})}:
        return "version_of", f"a conference and a journal version ({a.doc_type!r}, {b.doc_type!r})"
    return "possible_duplicate", f"document types {a.doc_type!r} and {b.doc_type!r}"


def _first_page(paper: Paper) -> str | None:
    """The first page (or article number) the source gives, lower case: '84' of '84-109'."""
    pages = paper.extra.get("pages") or paper.extra.get("start_page")
    if not pages:
        return None
    first = str(pages).split("-")[0].strip().lower().lstrip("0")
    return first or None


def _pages_differ(a: Paper, b: Paper) -> tuple[str, str] | None:
    """Different first pages, when they are comparable: both page numbers, or both article numbers (an
    e-journal's article number against its page '1' says nothing)."""
    pa, pb = _first_page(a), _first_page(b)
    if pa and pb and pa != pb and pa.isdigit() == pb.isdigit() and "1" not in (pa, pb):
        return "possible_duplicate", f"pages {a.extra.get('pages') or pa} and {b.extra.get('pages') or pb}"
    return None


def _identifiers_differ(a: Paper, b: Paper) -> tuple[str, str] | None:
    """Scopus EID, ISBN or volume given by both records and different (two proceedings volumes)."""
    for name in ("eid", "isbn", "volume"):
        va, vb = a.extra.get(name), b.extra.get(name)
        if va and vb:
            if name == "isbn":
                sa, sb = (
                    set(re.sub(r"[^\dXx;,]", "", str(v)).upper().replace(",", ";").split(";")) - {""}
                    for v in (va, vb)
                )
                differ = bool(sa) and bool(sb) and not sa & sb
            else:
                differ = " ".join(str(va).lower().split()) != " ".join(str(vb).lower().split())
            if differ:
                return "possible_duplicate", f"no authors, {name} {va} and {vb}"
    return None


def _different_works(a: Paper, b: Paper) -> str | None:
    """Why two records with one DOI are different works, or None: clearly different titles (neither contains
    the other, under 60% alike), or different first pages unless the titles are the same (then the pages are
    two sources' ways of writing them) -- the same generic title ('Introduction') with other pages aside."""
    ta, tb = normalize_title(a.title), normalize_title(b.title)
    if ta and tb and ta not in tb and tb not in ta and SequenceMatcher(None, ta, tb).ratio() < 0.6:
        return f"titles {a.title!r} and {b.title!r}"
    if (why := _pages_differ(a, b)) is not None and (
        ta != tb or ta in _GENERIC_TITLES or len(ta.split()) < 2
    ):
        return why[1]
    return None


def merge_into(kept: Paper, dup: Paper) -> None:
    """Fill ``kept`` from ``dup`` in place (never overwriting what ``kept`` has; dates see the module docs)."""
    for f in fields(Paper):
        if f.name in _SKIP:
            continue
        if _empty(getattr(kept, f.name)) and not _empty(getattr(dup, f.name)):
            setattr(kept, f.name, getattr(dup, f.name))
    if dup.date is not None:
        kd = kept.date
        if kd is None:
            kept.date = dup.date
        elif kd.year_assumed and not dup.date.year_assumed:
            kept.date = dup.date
        elif (
            kd.year == dup.date.year
            and not dup.date.year_assumed
            and _PRECISION_RANK[dup.date.precision] > _PRECISION_RANK[kd.precision]
        ):
            kept.date = dup.date
    for name in _UNION:
        setattr(kept, name, list(dict.fromkeys([*getattr(kept, name), *getattr(dup, name)])))
    kept.provenance = list(dict.fromkeys([*kept.provenance, *dup.provenance]))
    kept.references = _union_refs(kept.references, dup.references)
    kept.authors = _merge_authors(kept.authors, dup.authors)
    for k, v in dup.extra.items():
        kept.extra.setdefault(k, v)
    if missing := kept.extra.get("missing"):  # a stub (e.g. a title-less citing work) filled by its duplicate
        still = [f for f in missing if _empty(getattr(kept, f, None))]
        if still:
            kept.extra["missing"] = still
        else:
            del kept.extra["missing"]
    if dup.id != kept.id:
        ids = kept.extra.setdefault("merged_ids", [])
        if dup.id not in ids:
            ids.append(dup.id)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _union_refs(a: list[Reference], b: list[Reference]) -> list[Reference]:
    out = list(a)
    seen: set[str] = set()
    for r in a:
        seen.update(r.ids() or [f"raw:{normalize_title(r.raw or r.title)}"])
    for r in b:
        keys = r.ids() or [f"raw:{normalize_title(r.raw or r.title)}"]
        if not any(k in seen for k in keys):
            out.append(r)
            seen.update(keys)
    return out


def _merge_authors(a: list[Author], b: list[Author]) -> list[Author]:
    if not a:
        return list(b)
    if len(a) != len(b):
        return a
    out = []
    for x, y in zip(a, b, strict=True):
        if normalize_name(x.family or x.name).split()[-1:] != normalize_name(y.family or y.name).split()[-1:]:
            out.append(x)
            continue
        filled = {
            k: getattr(y, k)
            for k in ("orcid", "openalex_id", "s2_id", "scopus_id", "affiliation", "given", "family")
            if getattr(x, k) is None and getattr(y, k) is not None
        }
        out.append(replace(x, **filled) if filled else x)
    return out
