"""build_graph on a hand-made corpus: nodes, keys, relationships, properties, determinism."""

from __future__ import annotations

import random

import pytest

from scholargraph.errors import ConfigError
from scholargraph.graph import schema
from scholargraph.graph.build import build_graph
from scholargraph.model import Author, Corpus, Paper

PY_TYPES = {
    "str": str,
    "int": int,
    "float": float,
    "bool": bool,
    "date": str,
    "list[str]": list,
    "json": list,
}


def test_counts_with_annotations(corpus, annotations):
    kg = build_graph(corpus, annotations)
    assert kg.counts() == {
        # 5 authors: 'J. Smith' is 'John Smith' (the initials rule: one full name, co-author Cy Diaz in common)
        "nodes": {"Author": 5, "Concept": 3, "Paper": 5, "Topic": 2, "Venue": 2},
        "edges": {
            "AUTHORED": 9,
            "BELONGS_TO": 3,
            "CITES": 5,
            "HAS_TOPIC": 5,
            "MENTIONS": 6,
            "PUBLISHED_IN": 3,
        },
    }
    assert kg.meta["skipped"] == {"mentions_of_unknown_papers": 1, "self_citations": 1}
    assert kg.meta["unresolved_references"] == 5


def test_without_annotations_no_concepts_or_topics(corpus):
    kg = build_graph(corpus)
    assert set(kg.counts()["nodes"]) == {"Author", "Paper", "Venue"}
    assert set(kg.counts()["edges"]) == {"AUTHORED", "CITES", "PUBLISHED_IN"}


def test_author_identity_rule(corpus):
    kg = build_graph(corpus)
    keys = {d["key"] for _, d in kg.nodes("Author")}
    # ORCID is its own identity; 'J. Smith' (paper b, with Cy Diaz) is the corpus' one 'John Smith' (paper c,
    # with Cy Diaz too): the initials rule, on a co-author in common
    assert {
        "name:john smith",
        "orcid:0000-0002-1825-0097",
        "name:ann lee",
    } <= keys and "name:j smith" not in keys
    assert kg.meta["author_identity"]["initials_into"] == [
        {"name": "name:j smith", "into": "name:john smith"}
    ]
    alone = Corpus(
        papers=[p for p in corpus.papers if p.title != "Citations and topics"]
    )  # no co-author in common
    assert "name:j smith" in {d["key"] for _, d in build_graph(alone).nodes("Author")}
    assert kg.graph.nodes["Author:name:cy diaz"]["affiliation"] == "Univ X"
    pos = {(u, v): d["position"] for u, v, d in kg.edges("AUTHORED")}
    assert pos[("Author:name:bo chen", "Paper:doi:10.1000/a")] == 2
    assert pos[("Author:name:john smith", "Paper:doi:10.1000/c")] == 2


def test_citations_resolved_by_each_id_type(corpus):
    kg = build_graph(corpus)
    cites = {(u, v): d["matched_by"] for u, v, d in kg.edges("CITES")}
    d_id = next(n for n, d in kg.nodes("Paper") if d["title"] == "A paper without ids")
    assert cites == {
        ("Paper:arxiv:2101.00001", "Paper:doi:10.1000/a"): "doi",
        ("Paper:doi:10.1000/c", "Paper:doi:10.1000/a"): "doi",
        ("Paper:doi:10.1000/c", "Paper:arxiv:2101.00001"): "arxiv",
        (d_id, "Paper:doi:10.1000/a"): "doi",
        (d_id, "Paper:doi:10.1000/c"): "title+year",  # the reference gives a title and a year, no author
    }
    assert not any(u == v for u, v in cites)  # the self-citation of c is dropped
    c = kg.graph.nodes["Paper:doi:10.1000/c"]
    assert c["unresolved_references"] == 2
    assert c["unresolved_reference_list"] == [
        "Old W, 1990, NATURE, V1, P1, DOI 10.9999/old1",
        "Lost R, 2001, SCIENCE",
    ]


def test_paper_properties(corpus):
    kg = build_graph(corpus)
    b = kg.graph.nodes["Paper:arxiv:2101.00001"]
    assert (b["date"], b["date_precision"], b["year"]) == ("2021-02", "month", 2021)
    assert b["sources"] == ["tests/data/graph/small.jsonl"]
    assert b["author_count"] == 3 and b["arxiv_id"] == "2101.00001"
    a = kg.graph.nodes["Paper:doi:10.1000/a"]
    assert a["keywords"] == ["gnn", "citations"] and a["categories"] == []
    e = kg.graph.nodes["Paper:doi:10.1000/e"]
    assert e["author_count"] == 4 and "venue" not in e  # unknown stays unknown
    # both spellings of the venue are one Venue node
    assert kg.graph.nodes["Venue:journal of graphs"]["name"] == "Journal of Graphs"
    assert kg.graph.in_degree("Venue:journal of graphs") == 2


def test_annotation_relationships(corpus, annotations):
    kg = build_graph(corpus, annotations)
    m = kg.graph.edges["Paper:doi:10.1000/a", "Concept:graph neural network", "MENTIONS"]
    assert m["count"] == 1 and m["weight"] == 0.9
    assert m["evidence"] == [
        {"sentence": 0, "start": 0, "end": 21, "text": "Graph neural networks for citations."}
    ]
    assert kg.graph.edges["Paper:doi:10.1000/a", "Topic:1", "HAS_TOPIC"]["weight"] == 0.1
    assert kg.graph.edges["Concept:topic model", "Topic:1", "BELONGS_TO"]["weight"] == 0.9
    t0 = kg.graph.nodes["Topic:0"]
    assert t0["name"] == "graph neural network / citation" and t0["size"] == 2
    assert t0["top_concepts"] == ["graph neural network", "citation"]
    c = kg.graph.nodes["Concept:graph neural network"]
    assert c["kind"] == "method" and c["aliases"] == ["gnn"] and c["df"] == 2


def test_properties_follow_the_schema(corpus, annotations):
    kg = build_graph(corpus, annotations)
    for _, d in kg.nodes():
        allowed = schema.NODE_PROPERTIES[d["label"]]
        for k, v in d.items():
            if k == "label":
                continue
            assert k in allowed, (d["label"], k)
            assert isinstance(v, PY_TYPES[allowed[k]]), (d["label"], k, v)
    for _, _, d in kg.edges():
        allowed = schema.EDGE_PROPERTIES[d["type"]]
        for k, v in d.items():
            if k != "type":
                assert k in allowed and isinstance(v, PY_TYPES[allowed[k]]), (d["type"], k, v)


def test_deterministic_whatever_the_input_order(corpus, annotations):
    kg1 = build_graph(corpus, annotations)
    papers = list(corpus.papers)
    random.Random(1).shuffle(papers)
    kg2 = build_graph(Corpus(papers=papers), annotations)
    assert list(kg1.graph.nodes(data=True)) == list(kg2.graph.nodes(data=True))
    assert list(kg1.graph.edges(keys=True, data=True)) == list(kg2.graph.edges(keys=True, data=True))
    labels = [d["label"] for _, d in kg1.nodes()]
    assert labels == sorted(labels, key=schema.LABELS.index)


def test_papers_sharing_an_id_keep_their_own_nodes():
    a = Paper.create(title="Editorial", year=2020, authors=[Author("Ann Lee")])
    b = Paper.create(title="Editorial", year=2020, authors=[Author("Bo Chen")])
    assert a.id == b.id
    kg = build_graph([a, b])
    assert kg.counts()["nodes"]["Paper"] == 2
    assert kg.graph.has_edge("Author:name:bo chen", f"Paper:{a.id}#2")
    assert kg.meta["skipped"]["duplicate_paper_ids"] == 1


def test_rejects_bad_input():
    with pytest.raises(
        ConfigError,
        match="The .corpus. parameter of build_graph must be a Corpus or an iterable of Paper; item 0 is a str",
    ):
        build_graph(["not a paper"])


def test_reference_resolution_tries_every_id():
    """_Index.resolve skips Reference.ids() for a reference with only a DOI (or no id): every field of Reference
    set in turn, each id ids() gives resolves when it is the one the index knows (a new id field that ids()
    reads makes this fail until resolve knows it)."""
    import dataclasses

    from scholargraph.graph.build import _Index
    from scholargraph.model import Reference

    refs = [Reference(), Reference(raw="x"), Reference(doi="10.1/a", year=1999, title="T", first_author="Li")]
    for f in dataclasses.fields(Reference):
        value = ("10.1/b",) if f.name == "alt_dois" else (1999 if f.name == "year" else "v1")
        refs += [Reference(**{f.name: value}), Reference(**{"doi": "10.1/a", f.name: value})]
    paper = Paper.create(title="Cited", year=1999)
    for ref in refs:
        index = _Index([])
        assert index.resolve(ref) == (None, None), ref
        for rid in ref.ids():
            index.by_id = {rid: paper}
            assert index.resolve(ref) == (paper, rid.partition(":")[0]), (ref, rid)


def _edges(g):
    return sorted((min(u, v), max(u, v), d.get("count"), d.get("weight")) for u, v, d in g.edges(data=True))


def test_a_graph_of_one_layer_gives_the_same_projections(corpora):
    # the WoS set has references, authors and venues; each projection over the graph of the one layer it reads
    # equals the projection over the whole graph
    from scholargraph.analysis import citation_graph
    from scholargraph.graph import projections as P
    from scholargraph.readers import read

    corpus = read(corpora / "wos-javeriana-cali" / "wos_1001_1500.txt.gz")
    full = build_graph(corpus)
    cites = build_graph(corpus, layers=["citations"])
    authors = build_graph(corpus, layers=("authors",))
    assert "layers" not in full.meta and cites.meta["layers"] == ["citations"]
    assert set(cites.counts()["nodes"]) == {"Paper"} and set(cites.counts()["edges"]) == {"CITES"}
    assert set(authors.counts()["edges"]) == {"AUTHORED"}
    for project, small in (
        (lambda kg: P.bibliographic_coupling(kg, all_refs=True), cites),
        (lambda kg: P.co_citation(kg, all_refs=True), cites),
        (lambda kg: P.co_authorship(kg, max_authors=None), authors),
    ):
        a, b = project(full), project(small)
        assert a.number_of_edges() > 0 and _edges(a) == _edges(b)
    a, b = citation_graph(full), citation_graph(cites)
    assert sorted(a.edges()) == sorted(b.edges()) and a.number_of_edges() > 0


def test_citation_graph_of_a_corpus_is_that_of_its_graph(corpora):
    """citation_graph(corpus) resolves the references as build_graph does, without the graph: the same nodes,
    attributes and edges in the same order, on Scopus + WoS + RIS records (DOIs and titles) and on a hand-made
    corpus with a self-citation, two papers sharing an id and a reference resolved twice by one paper."""
    from scholargraph.analysis import citation_graph
    from scholargraph.model import Reference

    a = Paper.create(title="Alpha paper on graphs", doi="10.1000/a", year=2020)
    hand = [
        a,
        Paper.create(title="Alpha copy", doi="10.1000/a", year=2021, references=[Reference(doi="10.1000/c")]),
        Paper.create(
            title="Gamma",
            doi="10.1000/c",
            references=[
                Reference(doi="10.1000/c"),
                Reference(raw="x", doi="10.1000/a"),
                Reference(doi="10.1000/a"),
            ],
        ),
    ]
    for papers in (_mixed_sources(corpora), hand):
        kg = build_graph(papers, layers=["citations"])
        ours, theirs = citation_graph(papers), citation_graph(kg)
        assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
        assert list(ours.edges) == list(theirs.edges) and ours.number_of_edges() > 0
        assert [list(ours.pred[n]) for n in ours] == [list(theirs.pred[n]) for n in theirs]
    assert kg.meta["skipped"] == {"duplicate_paper_ids": 1, "self_citations": 1}
    assert sorted(citation_graph(hand).edges) == [
        ("Paper:doi:10.1000/a#2", "Paper:doi:10.1000/c"),
        ("Paper:doi:10.1000/c", "Paper:doi:10.1000/a"),
    ]


def test_a_projection_names_the_layer_its_graph_lacks(corpus):
    from scholargraph.analysis import citation_graph
    from scholargraph.graph import projections as P

    kg = build_graph(corpus, layers=["authors"])
    with pytest.raises(ConfigError, match="without its 'citations' layer"):
        P.bibliographic_coupling(kg)
    with pytest.raises(ConfigError, match="without its 'citations' layer"):
        citation_graph(kg)
    with pytest.raises(ConfigError, match="without its 'authors' layer"):
        P.co_authorship(build_graph(corpus, layers=[]))
    with pytest.raises(ConfigError, match="unknown layer.*author;"):
        build_graph(corpus, layers=["author"])
    with pytest.raises(ConfigError, match="list of layer names"):
        build_graph(corpus, layers="citations")


def test_initials_resolve_to_the_right_person_on_orcid_ground_truth(corpora):
    """The initials rule (an author named 'D. Rosselli' takes the key of the corpus' one 'Diego Rosselli' when
    the paper shares a co-author's surname with his papers) checked against ORCIDs it never sees: the WoS
    records give an ORCID for 989 author occurrences named with initials only; those ORCIDs are removed, the
    rule runs, and each resolution is compared with the ORCID the record gave (right: the resolved key is that
    ORCID, or a full name the corpus gives that ORCID). Ground truth from the records, not from the rule."""
    import dataclasses
    from collections import defaultdict

    from scholargraph.graph.build import _AuthorIdentity, _full_name
    from scholargraph.readers import read

    papers = list(read(sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz"))).papers)
    names_of_orcid: dict[str, set[str]] = defaultdict(set)
    for p in papers:
        for a in p.authors:
            if a.orcid and (full := _full_name(a)):
                names_of_orcid[a.orcid].add(full)
    hidden: dict[tuple[int, int], str] = {}
    for i, p in enumerate(papers):
        for j, a in enumerate(p.authors):
            if a.orcid and a.family and a.given and not _full_name(a):
                hidden[(i, j)] = a.orcid
        if any((i, j) in hidden for j in range(len(p.authors))):
            authors = [
                dataclasses.replace(a, orcid=None) if (i, j) in hidden else a for j, a in enumerate(p.authors)
            ]
            papers[i] = dataclasses.replace(p, authors=authors)
    assert len(hidden) > 500
    identity = _AuthorIdentity(papers)
    known = {n for names in names_of_orcid.values() for n in names}
    right = wrong = 0
    for (i, j), orcid in hidden.items():
        p, a = papers[i], papers[i].authors[j]
        key = identity.resolve(a.key(), a, {x.orcid for x in p.authors if x.orcid}, p)
        if key == a.key():
            continue  # kept apart
        if key == f"orcid:{orcid}" or key[5:] in names_of_orcid[orcid]:
            right += 1
        elif key.startswith("orcid:") or key[5:] in known:
            wrong += 1  # another person's ORCID or name
    assert right >= 300 and wrong == 0, (right, wrong)
    rec = identity.record()
    assert rec["initials_resolved"] >= right and rec["initials_rule"].startswith("author with initials only")


def test_scopus_and_wos_records_of_one_person_are_one_author():
    """A merged Scopus + WoS corpus: Scopus names a person by author id ('C. Serpico', 'Claudio Serpico': one
    id), WoS by name, sometimes with an ORCID. The WoS full name takes the Scopus id (the only one for that name);
    once an ORCID is known for one of the id's full names, the id and the name take the ORCID."""

    def au(given: str, **ids: str) -> Author:
        return Author(f"{given} Serpico", family="Serpico", given=given, **ids)

    miano = Author("Giovanni Miano", family="Miano", given="Giovanni")
    scopus = [
        Paper.create(title="S1", doi="10.1/s1", authors=[au("Claudio", scopus_id="23013514800"), miano]),
        Paper.create(title="S2", doi="10.1/s2", authors=[au("C.", scopus_id="23013514800")]),
    ]
    wos = Paper.create(title="W1", doi="10.1/w1", authors=[au("Claudio")])

    def keys(papers: list[Paper]) -> set[str]:
        return {d["key"] for _, d in build_graph(Corpus(papers=papers)).nodes("Author")} - {
            "name:giovanni miano"
        }

    assert keys([*scopus, wos]) == {"scopus:23013514800"}
    with_orcid = Paper.create(title="W2", doi="10.1/w2", authors=[au("Claudio", orcid="0000-0002-1825-0097")])
    initials = Paper.create(title="W3", doi="10.1/w3", authors=[au("C."), miano])  # co-author Miano: the rule
    assert keys([*scopus, wos, with_orcid, initials]) == {"orcid:0000-0002-1825-0097"}
    # two Scopus ids for one full name: the name stays a name
    other = Paper.create(title="S3", doi="10.1/s3", authors=[au("Claudio", scopus_id="99")])
    assert keys([*scopus, wos, other]) == {"scopus:23013514800", "scopus:99", "name:claudio serpico"}


def _mixed_sources(corpora) -> list:
    """Scopus (author ids), WoS (ORCIDs, initials) and RIS records of one field, read together: every author
    identity rule fires on them."""
    from scholargraph.readers import read

    bibx = corpora / "bibx-exports"
    return list(read([bibx / "scopus.csv", bibx / "bit-pattern-savedrecs.txt", bibx / "scopus.ris"]).papers)


def test_author_keys_of_a_paper_are_its_authors_resolved_one_by_one(corpora):
    """``_AuthorIdentity.keys(p)`` (which skips the rules for authors no paper can change, and derives the name
    key without calling Author.key) gives what ``resolve`` gives author by author in order, with the same
    record, on the mixed Scopus/WoS/RIS set and the WoS set, where every rule resolves something."""
    from scholargraph.graph.build import _AuthorIdentity
    from scholargraph.readers import read

    wos = list(read(sorted((corpora / "wos-javeriana-cali").glob("*.txt.gz"))).papers)
    records = []
    for papers in (_mixed_sources(corpora), wos):
        fast, slow = _AuthorIdentity(papers), _AuthorIdentity(papers)
        for p in papers:
            orcids = {a.orcid for a in p.authors if a.orcid}
            assert fast.keys(p) == [slow.resolve(a.key(), a, orcids, p) for a in p.authors], p.id
            assert [fast._of_author(a).key for a in p.authors] == [a.key() for a in p.authors]
        records.append(fast.record())
        assert records[-1] == slow.record()
        assert records[-1]["resolved_names"] and records[-1]["initials_resolved"]
        assert records[-1]["initials_kept_apart"]
    # the mixed set: WoS names that took the Scopus id of the same full name
    assert any(r["into"].startswith("scopus:") for r in records[0]["resolved"])
