"""Build the :class:`~scholargraph.graph.kg.KnowledgeGraph` from a Corpus (and, optionally, its Annotations).

Nodes (keys per label):

- ``Paper``: the paper's stable id (``doi:...``, ``arxiv:...``, ``title:<hash>`` ...).
- ``Author``: :meth:`scholargraph.model.Author.key` -- ORCID, then OpenAlex id, then Semantic Scholar id, then
  the normalised *full* name (``name:john smith``). Two authors are merged only when these keys are equal;
  a name known only as surname + initial (``name:j smith``) never merges with a full name (``name:john smith``)
  and two different people who share surname and initial are never merged on that alone.
- ``Venue``: the normalised venue name (accents folded, lower case, punctuation removed); its ``name`` is the
  most frequent spelling.
- ``MeshTerm``: a MeSH descriptor of the papers (PubMed XML, MEDLINE, Lens), keyed by :func:`mesh_key` of its
  name; ``ui`` (D001000) when a source gives it, ``df`` = papers with the heading.
- ``Concept`` (canonical name) and ``Topic`` (topic id as text): only when annotations are given.

Relationships: AUTHORED (author -> paper, ``position`` 1-based), CITES (paper -> paper, ``matched_by`` = the id
type that resolved the reference: ``doi``, ``arxiv``, ``openalex``, ``s2`` or ``title``), PUBLISHED_IN,
HAS_MESH (paper -> MeSH descriptor: ``major``, ``qualifiers``), HAS_TOPIC (``weight``), MENTIONS (``count``,
``weight``, ``evidence`` = list of dicts), BELONGS_TO (concept -> topic, ``weight`` from ``Topic.top_concepts``).

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

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .._gc import paused
from ..errors import ConfigError
from ..model import Corpus, Paper, Reference, normalize_title
from . import schema
from .kg import KnowledgeGraph

if TYPE_CHECKING:
    from ..nlp.annotations import Annotations

__all__ = ["build_graph", "venue_key", "mesh_key", "reference_text"]


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
        text = " ".join(ref.raw.split())
        if text:
            return ref.raw if text == ref.raw else text  # the corpus' own string when unchanged (memory)
    ids = ref.ids()
    if ids:
        return ids[0]
    if ref.title:
        return ref.title.strip() + (f" ({ref.year})" if ref.year else "")
    return None


def _papers_of(corpus: Corpus | Iterable[Paper]) -> list[Paper]:
    papers = list(corpus.papers if isinstance(corpus, Corpus) else corpus)
    for i, p in enumerate(papers):
        if not isinstance(p, Paper):
            raise ConfigError(
                f"The 'corpus' parameter of build_graph must be a Corpus or an iterable of Paper; item {i} is a "
                f"{type(p).__name__}."
            )
    return papers


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
    """Resolve references to corpus papers: every id a paper is known by, then normalised title + year."""

    def __init__(self, papers: list[Paper]) -> None:
        self.papers = papers
        self.by_id = Corpus(papers=papers).by_id()
        self._by_title: dict[tuple[str, int], Paper | None] | None = None

    @property
    def by_title(self) -> dict[tuple[str, int], Paper | None]:
        if self._by_title is None:
            self._by_title = self._title_index(self.papers)
        return self._by_title

    @staticmethod
    def _title_index(papers: list[Paper]) -> dict[tuple[str, int], Paper | None]:
        by_title: dict[tuple[str, int], Paper | None] = {}
        for p in papers:
            t = normalize_title(p.title)
            if t and p.year is not None:
                k = (t, p.year)
                # an ambiguous title+year (two papers) resolves to nothing
                by_title[k] = None if k in by_title and by_title[k] is not p else p
        return by_title

    def resolve(self, ref: Reference) -> tuple[Paper | None, str | None]:
        for rid in ref.ids():
            hit = self.by_id.get(rid)
            if hit is not None:
                return hit, rid.partition(":")[0]
        if ref.title and ref.year is not None:
            hit = self.by_title.get((normalize_title(ref.title), ref.year))
            if hit is not None:
                return hit, "title"
        return None, None


def build_graph(corpus: Corpus | Iterable[Paper], annotations: Annotations | None = None) -> KnowledgeGraph:
    """The KnowledgeGraph of a corpus (see the module docstring for nodes, keys and relationships).

    ``annotations`` (:class:`~scholargraph.nlp.annotations.Annotations`) adds Concept and Topic nodes and the
    MENTIONS, HAS_TOPIC and BELONGS_TO relationships; without it the graph has papers, authors, venues,
    citations and authorship only. ``kg.meta`` records counts of everything that did not become a node or
    relationship (unresolved references, self-citations, mentions of unknown papers or concepts).

    The reference keys that the citation projections need (:meth:`KnowledgeGraph.reference_index`) are
    computed here too and kept with the graph object, not in it.
    """
    with paused():  # millions of small dicts: the cyclic GC's full passes would dominate the build time
        kg = _build(_papers_of(corpus), corpus, annotations)
    kg.reference_index()
    return kg


def _build(
    papers: list[Paper], corpus: Corpus | Iterable[Paper], annotations: Annotations | None
) -> KnowledgeGraph:
    nodes: dict[str, dict[str, dict[str, Any]]] = {label: {} for label in schema.LABELS}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    skipped: Counter[str] = Counter()
    venue_names: dict[str, Counter[str]] = {}
    mesh_names: dict[str, Counter[str]] = {}
    author_keys: dict[tuple, str] = {}  # Author.key() memo (the same person appears on many papers)

    index = _Index(papers)
    seen: Counter[str] = Counter()
    for p in sorted(papers, key=lambda q: q.id):  # stable: papers sharing an id stay in corpus order
        seen[p.id] += 1
        key = p.id if seen[p.id] == 1 else f"{p.id}#{seen[p.id]}"
        if seen[p.id] > 1:
            skipped["duplicate_paper_ids"] += 1
        pid = schema.node_id(schema.PAPER, key)
        props = _paper_props(p)
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
            if target is p or target.id == p.id:
                skipped["self_citations"] += 1
                continue
            edges.setdefault(
                (schema.CITES, pid, schema.node_id(schema.PAPER, target.id)), {"matched_by": how}
            )
        props["unresolved_references"] = len(unresolved)
        props["unresolved_reference_list"] = unresolved
        nodes[schema.PAPER][key] = props

        for pos, author in enumerate(p.authors, start=1):
            ident = (author.orcid, author.openalex_id, author.s2_id, author.given, author.family, author.name)
            key = author_keys.get(ident)
            if key is None:
                key = author_keys[ident] = author.key()
            if key.endswith(":"):
                skipped["authors_without_name"] += 1
                continue
            aid = schema.node_id(schema.AUTHOR, key)
            if (schema.AUTHORED, aid, pid) in edges:
                skipped["repeated_authors"] += 1
                continue
            a = nodes[schema.AUTHOR].setdefault(key, {"name": author.name, "name_variants": []})
            for attr in ("orcid", "openalex_id", "s2_id", "affiliation"):
                if a.get(attr) is None and getattr(author, attr):
                    a[attr] = getattr(author, attr)
            for variant in (author.name, author.raw):
                if variant and variant not in a["name_variants"]:
                    a["name_variants"].append(variant)
            edges[(schema.AUTHORED, aid, pid)] = {"position": pos}

        vkey = venue_key(p.venue)
        if vkey:
            venue_names.setdefault(vkey, Counter())[p.venue.strip()] += 1
            nodes[schema.VENUE].setdefault(vkey, {})
            edges[(schema.PUBLISHED_IN, pid, schema.node_id(schema.VENUE, vkey))] = {}

        for heading in p.mesh:
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

    for a in nodes[schema.AUTHOR].values():
        a["name_variants"] = sorted(a["name_variants"])
    for label, spellings in ((schema.VENUE, venue_names), (schema.MESH_TERM, mesh_names)):
        for key, names in spellings.items():  # the most frequent spelling (ties: the first in sorted order)
            nodes[label][key]["name"] = min(names.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    meta: dict[str, Any] = {
        "papers": len(papers),
        "unresolved_references": sum(n["unresolved_references"] for n in nodes[schema.PAPER].values()),
    }
    if isinstance(corpus, Corpus):
        meta["rejects"] = len(corpus.rejects)
        meta["merges"] = len(corpus.merges)
    if annotations is not None:
        _add_annotations(annotations, nodes, edges, skipped)
        meta["annotations"] = dict(annotations.settings)
    meta["skipped"] = dict(sorted(skipped.items()))

    kg = KnowledgeGraph(meta=meta)
    for label in schema.LABELS:
        kg.add_nodes_from(label, ((key, nodes[label].pop(key)) for key in sorted(nodes[label])))
    order = sorted(edges)
    for rel in sorted({r for r, _, _ in order}):
        # pop: free each attribute dict's source as we go (peak memory)
        kg.add_edges_from(rel, ((u, v, edges.pop((r, u, v))) for r, u, v in order if r == rel))
    return kg


def _add_annotations(ann: Annotations, nodes: dict, edges: dict, skipped: Counter[str]) -> None:
    """Concept and Topic nodes, MENTIONS / HAS_TOPIC / BELONGS_TO relationships from an Annotations object."""
    papers = nodes[schema.PAPER]
    # papers extraction did not read (no text; another language): counted per reason, e.g.
    # "not_extracted_language_es", "not_extracted_no_text"
    for why in ann.skipped.values():
        kind = why.split(":")[0].replace(" ", "_") if why.startswith("language ") else "no_text"
        skipped[f"not_extracted_{kind}"] += 1
    for name, c in ann.concepts.items():
        nodes[schema.CONCEPT][name] = {
            "name": c.name,
            "kind": c.kind,
            "surface_forms": sorted(c.surface_forms),
            "aliases": sorted(c.aliases),
            "df": int(c.df),
        }
    for paper, mentions in ann.mentions.items():
        if paper not in papers:
            skipped["mentions_of_unknown_papers"] += len(mentions)
            continue
        pid = schema.node_id(schema.PAPER, paper)
        for m in mentions:
            if m.concept not in nodes[schema.CONCEPT]:
                skipped["mentions_of_unknown_concepts"] += 1
                continue
            edges[(schema.MENTIONS, pid, schema.node_id(schema.CONCEPT, m.concept))] = {
                "count": int(m.count),
                "weight": float(m.weight),
                "evidence": [asdict(e) for e in m.evidence],
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
