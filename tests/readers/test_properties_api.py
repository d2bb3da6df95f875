"""Property tests: the API/web readers on randomly damaged copies of real files.

Whatever the damage (lines deleted, inserted, duplicated, text truncated, bytes cut), a reader either raises
ParseError (the file cannot be read at all) or yields only Papers and Rejects, and ``read`` keeps the accounting
identity ``records == papers + rejects + merged`` for every file.
"""

from __future__ import annotations

import gzip
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scholargraph.errors import ParseError
from scholargraph.model import Paper, Reject
from scholargraph.readers import read, reader_for

# (format, path inside corpora, how many leading lines to keep (None = all), file suffix)
SOURCES = [
    ("hf-papers", "hf-daily-papers/daily-papers-listing.txt", 120, ".txt"),
    ("arxiv", "arxiv-api/xml/q_testing_s0_m10_bc5a6c384fe9.xml", None, ".xml"),
    ("arxiv", "arxiv-api/fixtures-json/id_astro-ph_0601001_s0_m100_3150dca9dc76.json", None, ".json"),
    ("openalex", "openalex-api/openalexPro-snowball/keypaper_results_page_1.json", None, ".json"),
    ("s2", "semanticscholar-api/Citation.json", None, ".json"),
    ("s2", "semanticscholar-api/Reference.json", None, ".json"),
    ("s2-open-corpus", "s2-open-corpus-sample/sample-S2-records.jsonl", 12, ".jsonl"),
    ("unarxive", "unarxive-sample/arXiv_src_2212_086.jsonl.gz", 3, ".jsonl"),
    ("pubmed", "pubmed-xml/pubmedpy-efetch.xml", 700, ".xml"),
    ("medline", "medline-nbib/p1m-ortho-citations-1.nbib", 250, ".nbib"),
    ("crossref", "crossref-api/colrev/work-10.2196_22081.json", None, ".json"),
    (
        "opencitations",
        "opencitations-api/citecorp-coci-v1/references-10.1108_jd-12-2013-0166.json",
        None,
        ".json",
    ),
    ("lens", "lens-exports/bibliotobler-lens-export.csv", 40, ".csv"),
]

NOISE = st.sampled_from(
    [
        "",
        "}",
        "{",
        "]",
        ",",
        '"title": null',
        "<entry>",
        "</entry>",
        "<PubmedArticle>",
        "</PubmedArticle>",
        "PMID- ",
        "PMID- 123",
        '"DOI": null',
        '"citing": "omid:br/1"',
        "·",
        "  • 3 authors",
        "May 26 1",
        "null",
        "ÿ€",
    ]
) | st.text(max_size=30)

OPS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "insert", "duplicate", "truncate", "replace_char"]),
        st.floats(min_value=0, max_value=1, allow_nan=False),
        NOISE,
    ),
    min_size=1,
    max_size=4,
)


def _text(corpora: Path, rel: str, keep: int | None) -> str:
    path = corpora / rel
    opener = gzip.open if rel.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig") as f:
        lines = f.read().split("\n")
    return "\n".join(lines[:keep] if keep else lines)


def mutate(text: str, ops) -> str:
    lines = text.split("\n")
    for op, where, noise in ops:
        i = min(int(where * len(lines)), max(len(lines) - 1, 0))
        if op == "delete" and lines:
            del lines[i]
        elif op == "insert":
            lines.insert(i, noise)
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif op == "truncate":
            joined = "\n".join(lines)
            lines = joined[: int(where * len(joined))].split("\n")
        elif op == "replace_char" and lines and lines[i]:
            j = int(where * (len(lines[i]) - 1))
            lines[i] = lines[i][:j] + (noise[:1] or "x") + lines[i][j + 1 :]
    return "\n".join(lines)


def check(path: Path, fmt: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            items = list(reader_for(fmt)(path))
        except ParseError as e:
            assert str(path) in str(e)
            return
        assert all(isinstance(i, Paper | Reject) for i in items)
        for i in items:
            if isinstance(i, Reject):
                assert i.file == str(path) and i.record >= 1 and i.reason
            else:
                assert isinstance(i.title, str) and i.provenance and i.provenance[0].file == str(path)
        corpus = read([path, path], format=fmt)  # the same file twice: everything merges or is rejected
        for stats in corpus.files:
            assert stats.balanced, stats
            assert stats.records == len(items)
        assert len({p.id for p in corpus.papers}) == len(corpus.papers)  # ids stay unique


class _Texts(dict):
    def __repr__(self) -> str:  # keep Hypothesis' failure reports short
        return f"<{len(self)} real texts>"


@pytest.fixture(scope="module")
def texts(corpora):
    return _Texts({(fmt, rel): _text(corpora, rel, keep) for fmt, rel, keep, _ in SOURCES})


@pytest.mark.parametrize(
    "fmt,rel,keep,suffix", SOURCES, ids=[f"{s[0]}:{Path(s[1]).name[:24]}" for s in SOURCES]
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS, cut=st.floats(min_value=0, max_value=1, allow_nan=False), gz=st.booleans())
def test_damaged_real_files(texts, fmt, rel, keep, suffix, ops, cut, gz):
    text = mutate(texts[(fmt, rel)], ops)
    data = text.encode("utf-8")
    if cut > 0.9:  # sometimes cut the bytes (may split a UTF-8 sequence)
        data = data[: int((cut - 0.9) * 10 * len(data))]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"damaged{suffix}{'.gz' if gz else ''}"
        path.write_bytes(gzip.compress(data, mtime=0) if gz else data)
        check(path, fmt)


def test_undamaged_sources_read_cleanly(texts, tmp_path):
    for fmt, rel, _keep, suffix in SOURCES:
        path = tmp_path / f"{fmt}{suffix}"
        path.write_text(texts[(fmt, rel)], encoding="utf-8")
        check(path, fmt)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            assert any(isinstance(i, Paper) for i in reader_for(fmt)(path)), rel


# ---------------------------------------------------------------- structure-aware damage: wrong JSON value types

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)

JSON_SOURCES = [
    ("openalex", "openalex-api/openalexPro-snowball/keypaper_results_page_1.json", "doc"),
    ("s2", "semanticscholar-api/Citation.json", "doc"),
    ("s2-open-corpus", "s2-open-corpus-sample/sample-S2-records.jsonl", "lines"),
    ("unarxive", "unarxive-sample/arXiv_src_2212_086.jsonl.gz", "lines"),
    ("crossref", "crossref-api/colrev/work-10.2196_22081.json", "doc"),
    ("opencitations", "opencitations-api/citecorp-coci-v1/metadata-10.1108_jd-12-2013-0166.json", "doc"),
]


def _paths(value, prefix=()):
    """Every path to a node of a JSON value (dict keys / list indexes)."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:5]):
            yield from _paths(v, (*prefix, i))


def _set(root, path, new):
    if not path:
        return new
    node = root
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = new
    return root


@pytest.fixture(scope="module")
def json_docs(corpora):
    import json

    docs = _Texts()
    for fmt, rel, kind in JSON_SOURCES:
        text = _text(corpora, rel, 2 if kind == "lines" else None)
        docs[(fmt, rel)] = (
            [json.loads(x) for x in text.split("\n") if x.strip()] if kind == "lines" else json.loads(text)
        )
    return docs


@pytest.mark.parametrize("fmt,rel,kind", JSON_SOURCES, ids=[s[0] for s in JSON_SOURCES])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_wrong_value_types_become_rejects_not_crashes(json_docs, fmt, rel, kind, data):
    import copy
    import json

    doc = copy.deepcopy(json_docs[(fmt, rel)])
    for _ in range(data.draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        path = data.draw(st.sampled_from(paths[1:] if len(paths) > 1 else paths))
        doc = _set(doc, path, data.draw(JSON_VALUES))
    if kind == "lines" and isinstance(doc, list):
        text = "\n".join(json.dumps(x) for x in doc) + "\n"
    else:
        text = json.dumps(doc)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("x.jsonl" if kind == "lines" else "x.json")
        path.write_text(text, encoding="utf-8")
        check(path, fmt)


# inputs hypothesis found (a list field holding a number); kept so that CI's fixed sequence keeps checking them
FOUND = [
    ("crossref", ("message", "author", 1, "affiliation"), 1),
    ("unarxive", (0, "bib_entries", "a6e56b2c3c1953cceeb842a422a4c61fd646ec23", "contained_arXiv_ids"), 1.0),
]


@pytest.mark.parametrize("fmt,path,value", FOUND, ids=[f[0] for f in FOUND])
def test_found_wrong_value_types(json_docs, fmt, path, value):
    import copy
    import json

    rel, kind = next((r, k) for f, r, k in JSON_SOURCES if f == fmt)
    doc = _set(copy.deepcopy(json_docs[(fmt, rel)]), path, value)
    text = "\n".join(json.dumps(x) for x in doc) + "\n" if kind == "lines" else json.dumps(doc)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / ("x.jsonl" if kind == "lines" else "x.json")
        p.write_text(text, encoding="utf-8")
        check(p, fmt)
