"""Identity of cited works outside the corpus, for the citation projections: :func:`reference_key` turns a
citation string into ``doi:<doi>`` or ``raw:<normalised text>``; :func:`reference_index` computes the key of
every unresolved reference of a graph (what :meth:`KnowledgeGraph.reference_index
<scholargraph.graph.kg.KnowledgeGraph.reference_index>` caches).

>>> reference_key("Smith J, 1999, NATURE, V1, P2, DOI 10.1038/ABC")
'doi:10.1038/abc'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .._gc import paused
from ..model import find_doi, find_dois, normalize_title

__all__ = ["REF_PREFIX", "ReferenceIndex", "reference_key", "reference_keys", "reference_index"]

REF_PREFIX = "Ref:"
_TAG = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"\W+")
_TAG_LINE = re.compile(r"<[^>\n]+>")
_SPACES = re.compile(" +")
_ASCII_WORDS = {
    c: (chr(c).lower() if chr(c).isalnum() or chr(c) in "_\n" else " ") for c in range(128)
}  # str.translate table: ASCII \w lower-cased and kept, line breaks kept, everything else a space


def reference_key(text: str) -> str:
    """The identity of a cited work outside the corpus: ``doi:<doi>`` when the citation holds a DOI, else
    ``raw:<accent-folded lower-case text without punctuation>``.

    >>> reference_key("Smith J, 1999, NATURE, V1, P2, DOI 10.1038/ABC")
    'doi:10.1038/abc'
    >>> reference_key("Smith J., 1999,  Nature") == reference_key("smith j 1999 nature")
    True
    """
    if "10." in text:
        doi = find_doi(text)
        if doi:
            return f"doi:{doi}"
    if text.isascii():  # fast path; the same result as normalize_title on ASCII text
        if "<" in text:
            text = _TAG.sub(" ", text)
        return "raw:" + _NON_WORD.sub(" ", text.lower()).strip()
    return "raw:" + normalize_title(text)


def reference_keys(texts: list[str]) -> list[str]:
    """:func:`reference_key` of many citation strings at once (the same results, faster: the text-only
    ones are normalised as one joined string, so the regular expressions run once in C).

    >>> texts = ["Smith J, 1999, NATURE, DOI 10.1038/ABC", "Lost R., 2001, <i>Science</i>", "Pérez A, 2003"]
    >>> reference_keys(texts) == [reference_key(t) for t in texts]
    True
    """
    out: list[str | None] = [None] * len(texts)
    plain: list[int] = []
    for k, text in enumerate(texts):
        if "10." in text:
            doi = find_doi(text)
            if doi:
                out[k] = "doi:" + doi
                continue
        if text.isascii() and "\n" not in text:
            plain.append(k)
        else:
            out[k] = reference_key(text)
    if plain:
        blob = "\n".join([texts[k] for k in plain])
        if "<" in blob:
            blob = _TAG_LINE.sub(" ", blob)
        # ASCII only: lower-case and every non-word character but the line break to a space, then collapse
        blob = _SPACES.sub(" ", blob.translate(_ASCII_WORDS))
        for k, line in zip(plain, blob.split("\n"), strict=True):
            out[k] = "raw:" + line.strip()
    return out  # type: ignore[return-value]


def _same_work(texts: list[str], keys: list[str]) -> list[str]:
    """``keys`` with every DOI of a citation's ``DOI [a, b]`` list (Web of Science gives several DOIs for one
    work) replaced by one of them, the same for all the citations in ``texts`` that share any of those DOIs
    (the smallest DOI of the group): so that a paper citing ``DOI [a, b]`` and one citing ``DOI b`` cite the
    same work.

    >>> texts = ["X, 2004, DOI [10.1000/b, 10.1000/a]", "Y, 2004, DOI 10.1000/b", "Z, 1999, DOI 10.1000/c"]
    >>> _same_work(texts, [reference_key(t) for t in texts])
    ['doi:10.1000/a', 'doi:10.1000/a', 'doi:10.1000/c']
    """
    parent: dict[str, str] = {}

    def root(d: str) -> str:
        while parent.get(d, d) != d:
            d = parent[d]
        return d

    for text in [t for t in texts if "[" in t]:
        if text.count("10.") > 1:
            dois = find_dois(text)
            for d in dois[1:]:
                a, b = root(dois[0]), root(d)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    if not parent:
        return keys
    joined = {f"doi:{d}": f"doi:{root(d)}" for d in parent}
    return [joined.get(k, k) for k in keys]


@dataclass(frozen=True)
class ReferenceIndex:
    """The ``Ref:<reference_key>`` column of every unresolved reference of a graph, in CSR layout: ``holders``
    (node ids that have unresolved references, in graph order), ``indptr`` (row pointers into ``codes``),
    ``codes`` (one column number per reference) and ``names`` (the column names, ``Ref:<key>``)."""

    holders: list[str]
    indptr: np.ndarray
    codes: np.ndarray
    names: list[str]


@paused()
def reference_index(lists: list[tuple[str, list[str]]]) -> ReferenceIndex:
    """The :class:`ReferenceIndex` of ``(node id, unresolved reference strings)`` pairs.

    >>> ix = reference_index([("Paper:a", ["Smith J, 1999, X", "DOI 10.1000/Q"]), ("Paper:b", ["smith j 1999 x"])])
    >>> ix.holders, ix.indptr.tolist(), ix.codes.tolist(), ix.names
    (['Paper:a', 'Paper:b'], [0, 2, 3], [0, 1, 0], ['Ref:raw:smith j 1999 x', 'Ref:doi:10.1000/q'])
    """
    texts = [t for _, refs in lists for t in refs]
    index: dict[str, int] = {}
    codes = np.fromiter(
        (index.setdefault(REF_PREFIX + k, len(index)) for k in _same_work(texts, reference_keys(texts))),
        dtype=np.int64,
        count=len(texts),
    )
    indptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum([len(r) for _, r in lists], out=indptr[1:])
    return ReferenceIndex([n for n, _ in lists], indptr, codes, list(index))
