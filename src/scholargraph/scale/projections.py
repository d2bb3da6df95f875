"""Projections at scale: co-authorship, co-citation, bibliographic coupling, concept and topic co-occurrence over
the store's Parquet tables (:mod:`.tables`) on a Dask cluster, with the normalisations, thresholds and result of
:mod:`scholargraph.graph.projections`.

How (per-partition sparse products summed across workers)::

    Parquet files --(worker per file)--> (shared, other) pairs as codes into sorted vocabularies
                  --(by shared code mod P)--> P buckets: every pair of one shared key in one bucket
                  --(worker per bucket)--> A_b (shared x other, ones), graph.projections' own sparse core:
                                           triu(A_b^T A_b) and its fractional version, column sums
                  --(pairwise tree, fixed order)--> C = sum_b A_b^T A_b, occurrences
                  --(driver)--> graph.projections.project_pairs: normalisation, min_weight, top_k, nodes

The *shared* dimension is what links: papers for co-authorship, co-citation and concepts (items linked by the
papers they share), cited works for coupling (papers linked by the works they share). Since every pair of a
shared key lands in the same bucket, the row filters are exact per bucket (``max_authors``: a paper's authors;
coupling's ``min_occurrences``: a work's citing papers); co-occurrence's ``min_occurrences`` needs the items'
global counts, so those projections make one more pass (counts summed, then the filter broadcast). The number of
buckets P depends on the number of pairs only (about :data:`PAIRS_PER_BUCKET` each, a power of two), never on
the cluster, so the same tables give the same result on any cluster. Counts are integers and equal the local
engine's exactly; fractional strengths are float sums taken in another order, equal within 1e-12 relative
(``graph.projections`` compares and ranks weights rounded to 12 decimals for this reason).

Why sparse products and not grouped joins: the join formulation (pairs joined with themselves on the shared key,
then grouped by item pair and counted) materialises every pair of every document as a row before the group-by;
the sparse product accumulates them in C without a row per occurrence. Measured (``scripts/bench_scale.py``:
co-citation of the 10k-paper synthetic corpus, the same two workers, the counts checked equal): the Dask DataFrame
merge + group-by took 3.3-4.0x the sparse engine's time -- a correctness run on a loaded machine, to be measured alone
(docs/scale.md) -- in line with Spark's SQL self-join against scipy.sparse (28-54x, ../shared/design/SCALE.md). The driver still holds the result (a ProjectionMatrix or nx.Graph, like
the local engine) and the vocabularies of the two dimensions; everything per pair is on the workers.

>>> sorted(SCALE_PROJECTIONS)
['co-authorship', 'co-citation', 'concepts', 'coupling', 'topics']
"""

from __future__ import annotations

import math
import os
import re
import uuid
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from .._validation import check_bool, check_choice, check_int
from ..graph import projections as P
from ..graph import schema
from ..graph.references import REF_PREFIX
from .cluster import cluster_client
from .tables import EDGE_TABLES, REFERENCES, table_files

__all__ = ["SCALE_PROJECTIONS", "PAIRS_PER_BUCKET", "project_tables"]

PAIRS_PER_BUCKET = 2_000_000


@dataclass(frozen=True)
class _Spec:
    """A projection over a pair table: the table, its document and item columns and their node labels, and
    whether items (co-occurrence) or documents (coupling) are linked."""

    owner: str
    ptype: str
    table: str
    doc: str
    item: str
    doc_label: str
    item_label: str
    on: str


SCALE_PROJECTIONS = {
    "co-authorship": _Spec("co_authorship", schema.CO_AUTHOR, EDGE_TABLES[schema.AUTHORED], "end", "start",
                           schema.PAPER, schema.AUTHOR, "items"),
    "co-citation": _Spec("co_citation", schema.CO_CITED, REFERENCES, "paper", "target", schema.PAPER,
                         schema.PAPER, "items"),
    "coupling": _Spec("bibliographic_coupling", schema.COUPLED, REFERENCES, "paper", "target", schema.PAPER,
                      schema.PAPER, "docs"),
    "concepts": _Spec("concept_cooccurrence", schema.CO_OCCURS, EDGE_TABLES[schema.MENTIONS], "start", "end",
                      schema.PAPER, schema.CONCEPT, "items"),
    "topics": _Spec("topic_cooccurrence", schema.CO_OCCURS, EDGE_TABLES[schema.HAS_TOPIC], "start", "end",
                    schema.PAPER, schema.TOPIC, "items"),
}  # fmt: skip


# ------------------------------------------------------------------------------------------------ worker tasks


def _prefixed(col: Any, prefix: str) -> Any:
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(prefix, col, "")


def _read_pairs(path: str, spec: _Spec, all_refs: bool) -> tuple[Any, Any]:
    """(document ids, item ids) of one Parquet file, as node ids (``Ref:<key>`` for works outside the corpus)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    cols = [spec.doc, spec.item] + (["ref_key"] if spec.table == REFERENCES and all_refs else [])
    t = pq.read_table(path, columns=cols)
    doc_prefix, item_prefix = f"{spec.doc_label}:", f"{spec.item_label}:"
    docs, items = t.column(spec.doc), t.column(spec.item)
    if spec.table == REFERENCES:
        mask = pc.is_valid(items)
        d, i = [docs.filter(mask)], [_prefixed(items.filter(mask), item_prefix)]
        if all_refs:
            refs = t.column("ref_key")
            rmask = pc.is_valid(refs)
            d.append(docs.filter(rmask))
            i.append(_prefixed(refs.filter(rmask), REF_PREFIX))
        docs, items = pa.chunked_array(d).combine_chunks(), pa.chunked_array(i).combine_chunks()
    else:
        docs, items = docs.combine_chunks(), _prefixed(items, item_prefix).combine_chunks()
    return _prefixed(docs, doc_prefix), items


def _unique(pairs: tuple[Any, Any]) -> tuple[Any, Any]:
    import pyarrow.compute as pc

    return pc.unique(pairs[0]), pc.unique(pairs[1])


# per worker process: the hash indexes of the vocabularies now being projected (one entry, keyed by a token made
# for each projection). A lookup per file against a fresh hash of the whole vocabulary cost O(files x vocabulary):
# at 1M synthetic papers (56 files, 1M papers and 1M cited works) 71 of the coupling's 101 s went there.
_INDEXES: dict[str, tuple[Any, ...]] = {}


def _indexes(token: str, vocab: tuple[Any, Any]) -> tuple[Any, ...]:
    hit = _INDEXES.get(token)
    if hit is None:
        import pandas as pd

        hit = tuple(pd.Index(v.to_numpy(zero_copy_only=False)) for v in vocab)
        _INDEXES.clear()
        _INDEXES[token] = hit
    return hit


def _bucketed(
    pairs: tuple[Any, Any], vocab: tuple[str, tuple[Any, Any]], shared: int, n_buckets: int
) -> list:
    """The pairs as (shared code, other code) int64 arrays, split into buckets by shared code mod P. ``vocab``:
    (token, the two sorted vocabularies); the worker builds their hash indexes once per token."""
    token, vocabs = vocab
    codes = [
        ix.get_indexer(col.to_numpy(zero_copy_only=False)).astype(np.int64)
        for col, ix in zip(pairs, _indexes(token, vocabs), strict=True)
    ]
    if any((k < 0).any() for k in codes):
        raise AssertionError("a key of the pairs is missing from the vocabulary")
    rows, cols = codes[shared], codes[1 - shared]
    which = rows % n_buckets
    return [(rows[which == b], cols[which == b]) for b in range(n_buckets)]


def _matrix(pieces: list, n_cols: int, max_row: int | None, min_row: int, col_keep: Any) -> sparse.csr_matrix:
    """The bucket's incidence matrix (its shared keys x every other key, ones), duplicates merged, then the
    row filters (at most ``max_row``, at least ``min_row`` entries) and the column filter ``col_keep``, in the
    order of :func:`scholargraph.graph.projections.incidence`."""
    rows = np.concatenate([p[0] for p in pieces]) if pieces else np.zeros(0, np.int64)
    cols = np.concatenate([p[1] for p in pieces]) if pieces else np.zeros(0, np.int64)
    keys, r = np.unique(rows, return_inverse=True)
    a = sparse.csr_matrix((np.ones(len(rows), np.int8), (r, cols)), shape=(len(keys), n_cols))
    a.sum_duplicates()
    a.data[:] = 1
    nnz = np.diff(a.indptr)
    keep = nnz >= max(min_row, 1)
    if max_row is not None:
        keep &= nnz <= max_row
    a = a[keep]
    if col_keep is not None:
        a = (a @ sparse.diags(col_keep.astype(np.int8), dtype=np.int8)).tocsr()
        a.eliminate_zeros()
    return a


def _counts(pieces: list, n_cols: int, max_row: int | None) -> np.ndarray:
    """Per column: the bucket's rows holding it (after the row filter): the first pass of min_occurrences."""
    a = _matrix(pieces, n_cols, max_row, 1, None)
    return np.asarray(a.sum(axis=0)).ravel().astype(np.int64)


def _gram(
    pieces: list, n_cols: int, max_row: int | None, min_row: int, col_keep: Any, counting: str
) -> tuple:
    """The bucket's co-occurrence counts with graph.projections' sparse core: (C, S, occurrences)."""
    a = _matrix(pieces, n_cols, max_row, min_row, col_keep)
    i, j, c, s, occ = P._sparse_pairs(a, counting)
    shape = (n_cols, n_cols)
    return sparse.csr_matrix((c, (i, j)), shape=shape), sparse.csr_matrix((s, (i, j)), shape=shape), occ


def _add(x: Any, y: Any) -> Any:
    if isinstance(x, tuple):
        return tuple(a + b for a, b in zip(x, y, strict=True))
    return x + y


def _length(pairs: tuple[Any, Any]) -> int:
    return len(pairs[0])


def _bucket(split: list, b: int) -> tuple:
    return split[b]


# ------------------------------------------------------------------------------------------------ driver


def _tree(client: Any, futures: list) -> Any:
    """Pairwise sums in a fixed order (the same float sums whatever the cluster), computed on the workers."""
    while len(futures) > 1:
        nxt = [client.submit(_add, futures[k], futures[k + 1]) for k in range(0, len(futures) - 1, 2)]
        if len(futures) % 2:
            nxt.append(futures[-1])
        futures = nxt
    return futures[0]


def _n_buckets(n_pairs: int) -> int:
    return 1 << max(0, math.ceil(math.log2(max(1, n_pairs) / PAIRS_PER_BUCKET)))


def project_tables(
    store: str | os.PathLike[str],
    kind: str,
    *,
    client: Any = None,
    scheduler: str | None = None,
    max_authors: int | None = None,
    all_refs: bool | None = None,
    **options: Any,
) -> Any:
    """The projection ``kind`` (co-authorship, co-citation, coupling, concepts, topics) of the store's Parquet
    tables, computed on a Dask cluster (``client``, ``scheduler``, else a LocalCluster): the same nodes, counts
    and weights as :func:`scholargraph.graph.projections.project` on the store's graph (see the module
    docstring). ``options``: :class:`~scholargraph.graph.projections.ProjectionOptions`; ``max_authors``
    (co-authorship) and ``all_refs`` (co-citation: default False; coupling: default True) as there."""
    name = re.sub(r"[_ ]", "-", str(kind).lower())
    check_choice(name, "kind", "project_tables", tuple(SCALE_PROJECTIONS))
    spec = SCALE_PROJECTIONS[name]
    opts = P.ProjectionOptions.of(spec.owner, options)
    settings: dict[str, Any]
    if name == "co-authorship":
        check_int(max_authors, "max_authors", spec.owner, low=1, none_ok=True)
        settings = {"max_authors": max_authors}
    elif spec.table == REFERENCES:
        all_refs = (name == "coupling") if all_refs is None else all_refs
        check_bool(all_refs, "all_refs", spec.owner)
        settings = {"all_refs": all_refs}
    else:
        settings = {"items": "concepts" if name == "concepts" else "topics"}
    files = [str(f) for f in table_files(store, spec.table)]
    with cluster_client(client, scheduler) as c:
        names, i, j, cnt, s, occ = _pairs(c, files, spec, bool(all_refs), max_authors, opts)
    return P.project_pairs(names, i, j, cnt, s, occ, spec.ptype, opts, settings)


def _pairs(
    c: Any, files: list[str], spec: _Spec, all_refs: bool, max_authors: int | None, opts: Any
) -> tuple:
    import pyarrow as pa
    import pyarrow.compute as pc

    pairs = [c.submit(_read_pairs, f, spec, all_refs, pure=False) for f in files]
    uniques = c.gather([c.submit(_unique, p) for p in pairs])
    vocab = tuple(
        pc.unique(pa.chunked_array([u[k] for u in uniques], type=pa.string()).combine_chunks()).sort()
        for k in (0, 1)
    )
    n_pairs = sum(c.gather([c.submit(_length, p) for p in pairs]))
    shared = 0 if spec.on == "items" else 1  # the dimension whose keys are bucketed
    n_other = len(vocab[1 - shared])
    buckets = _n_buckets(n_pairs)
    vocab_f = c.scatter((uuid.uuid4().hex, vocab), broadcast=True)
    split = [c.submit(_bucketed, p, vocab_f, shared, buckets) for p in pairs]
    del pairs
    pieces = [[c.submit(_bucket, sp, b) for sp in split] for b in range(buckets)]
    max_row = max_authors if spec.on == "items" else None
    min_row, col_keep = 1, None
    if spec.on == "docs":
        min_row = opts.min_occurrences  # a cited work's citing papers are all in its bucket
    elif opts.min_occurrences > 1:  # items' global counts first, then the filter broadcast
        col_counts = _tree(c, [c.submit(_counts, pcs, n_other, max_row) for pcs in pieces]).result()
        col_keep = c.scatter(col_counts >= opts.min_occurrences, broadcast=True)
    grams = [c.submit(_gram, pcs, n_other, max_row, min_row, col_keep, opts.counting) for pcs in pieces]
    C, S, occ = _tree(c, grams).result()
    C, S = C.tocsr(), S.tocsr()
    C.sort_indices()
    S.sort_indices()
    if not (np.array_equal(C.indptr, S.indptr) and np.array_equal(C.indices, S.indices)):
        raise AssertionError("counts and strengths of the buckets lost their common sparsity pattern")
    i = np.repeat(np.arange(C.shape[0]), np.diff(C.indptr))
    names = vocab[1 - shared].to_pylist()
    return names, i, C.indices.astype(np.int64), C.data.astype(np.int64), S.data.astype(np.float64), occ
