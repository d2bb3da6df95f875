"""Quality figures of the extract benchmark (issue 13), apart from the timings of ``bench_extract.py``.

- ``keyword_p_at_5``: precision at 5 of our top-5 concepts (``Mention.weight``: TF-IDF x position x the
  leave-one-out keyword prior of ``scholargraph.nlp.ranking``; a paper's own keywords never count for it) against
  the papers' author keywords, averaged over the WoS papers that have both an abstract and author keywords;
  ``keyword_p_at_5_no_keyword_prior``: the same without the prior (what a corpus without keywords gets). **Matching rule**: a candidate
  matches when, after normalisation (lower case; hyphens and punctuation to spaces; every word singularised with
  the lemmatizer tables of the spaCy model, ``NounLemmatizer``), it equals one normalised author keyword
  exactly; a concept also matches through one of its acronym aliases. Each paper scores hits / 5.
- ``keyword_p_at_5_baseline``: the best of three baselines under the same rule: TF-IDF over the paper's noun
  chunks (the chunks of our own records, before any merging, termhood or acronym step), YAKE (n <= 3), and
  TF-IDF over word 1-3-grams (scikit-learn, English stop words); ``keyword_p_at_5_margin`` = ours - baseline.
- ``acronym_precision``: the hand-checked sample ``tests/data/nlp/acronym_sample.jsonl`` recomputed: of the
  sampled expansions the code still makes, the share read as correct; ``acronym_settled_precision`` the same
  over ``acronym_settled_sample.jsonl`` (expansions the settled-long-form rule of stop 33 adds).
- ``generic_terms_in_top10``: over the WoS set, the bibx Scopus CSV and the Daily Papers listing, how many of
  each corpus' ten concepts with the highest document frequency are in the reviewed generic-word list
  ``tests/data/nlp/generic_terms.txt``.
- ``topic_npmi``: mean NPMI (paper co-occurrence, top-10 terms per topic) of our topics on the whole WoS set
  (as ``scholargraph build`` reads it: the 1,040 papers without abstract included);
  ``topic_npmi_baseline``: the better of LDA and a plain word-level NMF (TF-IDF of words) at the same k, each
  scored the same way on its own terms (a word co-occurs with a paper when the paper's text contains it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "nlp" / "acronym_sample.jsonl"
SETTLED_SAMPLE = ROOT / "tests" / "data" / "nlp" / "acronym_settled_sample.jsonl"
GENERIC = ROOT / "tests" / "data" / "nlp" / "generic_terms.txt"
_PUNCT = re.compile(r"[^\w\s]")


def normaliser(lemma: Any):
    def norm(text: str) -> str:
        return " ".join(lemma(w) for w in _PUNCT.sub(" ", text.lower().replace("-", " ")).split())

    return norm


def p_at_5(papers: Iterable[Any], top: dict[str, list[list[str]]], norm: Any) -> tuple[float, int]:
    """Mean hits/5 over papers with keywords; ``top[pid]`` = five candidates, each a list of equivalent forms."""
    total, n = 0.0, 0
    for p in papers:
        if not p.keywords or p.id not in top:
            continue
        kws = {norm(k) for k in p.keywords}
        total += sum(1 for forms in top[p.id][:5] if any(norm(f) in kws for f in forms)) / 5
        n += 1
    return (total / n if n else 0.0), n


def ours_top5(ann: Any, ids: Iterable[str]) -> dict[str, list[list[str]]]:
    return {pid: [[c, *ann.concepts[c].aliases] for c in ann.top_concepts(pid, 5)] for pid in ids}


def _tfidf_top5(docs: dict[str, list[str]]) -> dict[str, list[list[str]]]:
    """Top-5 of TF-IDF (sublinear tf, smooth idf) over given candidate lists per paper."""
    from scholargraph.nlp.topics import tfidf_matrix

    ids = sorted(docs)
    counts = []
    for pid in ids:
        c: dict[str, int] = {}
        for x in docs[pid]:
            c[x] = c.get(x, 0) + 1
        counts.append(c)
    X, vocab = tfidf_matrix(counts)
    out = {}
    for i, pid in enumerate(ids):
        a, b = X.indptr[i], X.indptr[i + 1]
        order = sorted(range(a, b), key=lambda j: (-X.data[j], vocab[X.indices[j]]))
        out[pid] = [[vocab[X.indices[j]]] for j in order[:5]]
    return out


def chunk_tfidf_top5(records: dict[str, Any]) -> dict[str, list[list[str]]]:
    return _tfidf_top5(
        {pid: [o[2] for o in rec["occ"] if o[0] == "k"] for pid, rec in records.items() if rec}
    )


def ngram_tfidf_top5(texts: dict[str, str]) -> dict[str, list[list[str]]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = sorted(texts)
    vec = TfidfVectorizer(ngram_range=(1, 3), stop_words="english", sublinear_tf=True, min_df=1)
    X = vec.fit_transform([texts[i] for i in ids]).tocsr()
    vocab = vec.get_feature_names_out()
    out = {}
    for i, pid in enumerate(ids):
        a, b = X.indptr[i], X.indptr[i + 1]
        order = sorted(range(a, b), key=lambda j: (-X.data[j], vocab[X.indices[j]]))
        out[pid] = [[str(vocab[X.indices[j]])] for j in order[:5]]
    return out


def yake_top5(texts: dict[str, str]) -> dict[str, list[list[str]]]:
    import yake

    kw = yake.KeywordExtractor(lan="en", n=3, top=5)
    return {pid: [[k] for k, _ in kw.extract_keywords(t)] for pid, t in texts.items()}


def load_sample(path: Path = SAMPLE) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def acronym_precision(annotated_by_corpus: dict[str, Any]) -> dict[str, Any]:
    """Recompute the expansions of the samples' corpora; precision over the sampled ones still made, for the
    first sample (``acronym_*``) and the sample of the settled-long-form rule (``acronym_settled_*``)."""
    from scholargraph.nlp.acronyms import expansions

    made: set[tuple[str, str, str, str]] = set()
    for corpus, an in annotated_by_corpus.items():
        for e in expansions(an.records, an.texts):
            made.add((corpus, e.paper, e.surface, e.long_form))
    out: dict[str, Any] = {}
    for prefix, path in (("acronym", SAMPLE), ("acronym_settled", SETTLED_SAMPLE)):
        rows = load_sample(path)
        kept = [r for r in rows if (r["corpus"], r["paper"], r["surface"], r["long_form"]) in made]
        correct = sum(1 for r in kept if r["verdict"] == "correct")
        out[f"{prefix}_precision"] = round(correct / len(kept), 3) if kept else None
        out[f"{prefix}_sample_checked"] = len(kept)
        out[f"{prefix}_sample_rows"] = len(rows)
    return out


def generic_words() -> set[str]:
    with open(GENERIC, encoding="utf-8") as fh:
        return {ln.strip() for ln in fh if ln.strip() and not ln.startswith("#")}


def top10_by_df(ann: Any) -> list[str]:
    return [c.name for c in sorted(ann.concepts.values(), key=lambda c: (-c.df, c.name))[:10]]


def generic_in_top10(anns: dict[str, Any]) -> tuple[int, dict[str, list[str]]]:
    words = generic_words()
    found = {name: [c for c in top10_by_df(ann) if c in words] for name, ann in anns.items()}
    return sum(len(v) for v in found.values()), found


def _npmi_of_tops(B: Any, tops: list[list[int]], n: int) -> float:
    from scholargraph.nlp.topics import npmi_coherence

    H = np.zeros((len(tops), B.shape[1]))
    for t, cols in enumerate(tops):
        for r, j in enumerate(cols):
            H[t, j] = len(cols) - r
    return npmi_coherence(B, H, n, top_n=max(len(c) for c in tops))


def topic_npmi(ann: Any, texts: dict[str, str], seed: int = 0) -> dict[str, Any]:
    """Our topics' NPMI and the LDA / word-NMF baselines' at the same k (see the module docstring)."""
    from scipy import sparse
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    ids = sorted(pid for pid in ann.mentions if ann.mentions[pid])
    k = len(ann.topics)
    if k < 2:
        return {"topic_npmi": None, "topic_npmi_baseline": None, "topic_k": k}
    vocab = sorted(ann.concepts)
    col = {c: j for j, c in enumerate(vocab)}
    rows, cols = [], []
    for i, pid in enumerate(ids):
        for m in ann.mentions[pid]:
            rows.append(i)
            cols.append(col[m.concept])
    B = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ids), len(vocab))).tocsc()
    ours = _npmi_of_tops(B, [[col[c] for c, _ in t.top_concepts[:10]] for t in ann.topics], len(ids))
    docs = [texts[pid] for pid in ids]
    cv = CountVectorizer(stop_words="english", min_df=2, max_df=0.5, max_features=5000)
    C = cv.fit_transform(docs)
    Bw = (C > 0).astype(np.float64).tocsc()
    lda = LatentDirichletAllocation(n_components=k, random_state=seed, learning_method="batch", max_iter=20)
    lda.fit(C)
    lda_tops = [list(np.argsort(-row, kind="stable")[:10]) for row in lda.components_]
    T = TfidfTransformer(sublinear_tf=True).fit_transform(C)
    nmf = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=300).fit(T)
    nmf_tops = [list(np.argsort(-row, kind="stable")[:10]) for row in nmf.components_]
    lda_score = _npmi_of_tops(Bw, lda_tops, len(ids))
    nmf_score = _npmi_of_tops(Bw, nmf_tops, len(ids))
    return {
        "topic_npmi": round(ours, 3),
        "topic_npmi_baseline": round(max(lda_score, nmf_score), 3),
        "topic_npmi_lda": round(lda_score, 3),
        "topic_npmi_word_nmf": round(nmf_score, 3),
        "topic_k": k,
    }
