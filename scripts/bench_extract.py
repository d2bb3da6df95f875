"""Benchmark of concept extraction (``python scripts/benchmark.py extract [--quick]``).

Speed, side by side in one run on real abstracts (WoS javeriana-cali set; 2,000 abstracts, --quick 300):

- ``extract_vs_raw_pipe``: raw ``nlp.pipe`` over the same texts with the same model and enabled components,
  divided by the time of a cold ``extract()`` (target >= 0.90: extraction adds little to spaCy itself). This
  VM's speed drifts by +-15% between minutes, so the two alternate in blocks of 100 papers (see ``run``); even so
  two runs differ by a few percent. Next to it: ``extract_vs_raw_pipe_whole_runs``, one whole raw run against
  one whole cold extract (the most exposed to drift); ``spacy_share_of_extract``, the time spent inside
  spaCy's ``nlp.pipe`` during those same ``annotate`` calls over their whole time plus the corpus-wide stage
  (measured paper by paper in one loop, so drift cannot separate them: 1 minus it is the share of our own
  code); and ``raw_pipe_vs_spacy_in_extract``, how much longer the raw pipe took than spaCy inside extract
  (annotate keeps the garbage collector off the loaded model, a bare ``nlp.pipe`` loop does not).
- ``nprocess2_speedup``: ``extract(n_process=1)`` time / ``extract(n_process=2)`` time (target >= 1.6 on 2
  idle cores). Next to it ``nprocess2_cpu_ratio`` (CPU seconds, workers included: the parallel overhead,
  ideally ~1.0) and ``machine_parallel_speedup`` (two busy-loop processes vs one, measured in the same run:
  the ceiling the shared machine allows at that moment).
- ``cached_speedup``: cold ``extract()`` / re-run with the warm cache (target >= 20).

Quality: on the WoS and Scopus (bibx-exports/scopus.csv) records that have author keywords, the share of
papers whose top-10 concepts contain at least one author keyword after normalisation (lower case, hyphens
and punctuation to spaces, plural head noun to singular, acronym aliases expanded) - ``keyword_hit_rate`` -
next to YAKE's top-10 keyphrases on the same texts, normalised the same way (``keyword_hit_rate_baseline``).
The number of topics (not with --quick): ``topic_k_samples_as_all_papers``, the share of 8 samples of the WoS
set without 3% of its papers on which the automatic choice makes the all-papers model, ``topic_k_samples_distinct``
the models those samples get, and ``topic_k_seconds_per_choice``; the same with one fit per candidate (the rule
before the refits) as ``..._one_fit`` (``scripts/topic_k_stability.py``).
The machine load (``uptime``) is recorded with the figures: timing ratios on a busy machine are noisy.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from _benchutil import shared_dir


def _load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _papers(paths: list[Path], n: int | None) -> list[Any]:
    from scholargraph.readers import read

    corpus = read([str(p) for p in paths])
    papers = [p for p in corpus.papers if p.abstract and p.abstract.strip()]
    return papers[:n] if n else papers


def _norm(text: str, lemma: Any) -> str:
    words = re.sub(r"[^\w\s]", " ", text.lower().replace("-", " ")).split()
    if words:
        words[-1] = lemma(words[-1])
    return " ".join(words)


def _hit_rate(papers: list[Any], top: dict[str, list[str]], lemma: Any) -> tuple[float, int]:
    with_kw = [p for p in papers if p.keywords]
    hits = 0
    for p in with_kw:
        kws = {_norm(k, lemma) for k in p.keywords}
        cands = {_norm(c, lemma) for c in top.get(p.id, [])}
        hits += bool(kws & cands)
    return (hits / len(with_kw) if with_kw else 0.0), len(with_kw)


def _ours_top(ann: Any, papers: list[Any]) -> dict[str, list[str]]:
    out = {}
    for p in papers:
        names = ann.top_concepts(p.id, 10)
        # a concept also matches a keyword through its aliases ('kan' for 'kolmogorov-arnold network')
        extra = [a for c in names for a in ann.concepts[c].aliases]
        out[p.id] = names + extra
    return out


def _yake_top(papers: list[Any]) -> dict[str, list[str]]:
    import yake

    kw = yake.KeywordExtractor(lan="en", n=3, top=10)
    return {p.id: [k for k, _ in kw.extract_keywords(p.text())] for p in papers}


def run(quick: bool = False) -> tuple[list[dict], dict]:
    from scholargraph.nlp.keyphrases import NounLemmatizer
    from scholargraph.nlp.language import LanguageGuard
    from scholargraph.nlp.pipeline import disabled_components, extract, load_nlp, merge_records

    shared = shared_dir()
    n = 300 if quick else 2000
    wos_files = sorted((shared / "corpora" / "wos-javeriana-cali").glob("wos_*.txt.gz"))
    wos = _papers(wos_files, n)
    scopus = _papers([shared / "corpora" / "bibx-exports" / "scopus.csv"], None)
    if quick:
        scopus = scopus[:150]
    nlp = load_nlp()
    texts = [p.text() for p in wos]
    rows: list[dict] = []
    load_before = _load_average()

    def row(stage: str, secs: float, papers: int, **extra: Any) -> None:
        rows.append(
            {"stage": stage, "papers": papers, "seconds": secs, "papers_per_s": papers / secs, **extra}
        )

    # warm-up (model caches, first-call imports), not timed; like load_nlp, loading the language identifier's
    # model (1.2 s, done on the first text the stop-word fast path does not settle) stays out of the timings
    extract(nlp, wos[:20], progress=False)
    LanguageGuard(nlp.lang).probabilities("warm-up")
    with tempfile.TemporaryDirectory() as tmp:
        # extract_vs_raw_pipe: raw nlp.pipe and extract's per-paper stage (annotate: spaCy + record building +
        # cache writes) alternate block by block (BLOCK papers, order swapped each block), so the machine's
        # speed drifts (+-15% between minutes on this VM) hit both alike; then the corpus-wide stage of
        # extract (aliases, concepts, weights, topics) runs once over all the records and is added in.
        t_raw_b, t_ann_b, cpu_raw_b, cpu_ann_b, annotated = _interleaved(
            nlp, wos, os.path.join(tmp, "blocks")
        )
        c0, t0 = _cpu_seconds(), time.perf_counter()
        ann_blocks = merge_records(annotated)
        t_corpus, cpu_corpus = time.perf_counter() - t0, _cpu_seconds() - c0
        row("raw nlp.pipe (same components), interleaved blocks", t_raw_b, len(texts), cpu_seconds=cpu_raw_b)
        row("extract per-paper stage, interleaved blocks", t_ann_b, len(wos), cpu_seconds=cpu_ann_b)
        row("extract corpus-wide stage (once)", t_corpus, len(wos), cpu_seconds=round(cpu_corpus, 2))
        # whole runs, one after the other: cold extract (n_process 1 and 2), a raw pipe, the cached re-run
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64, disable=disabled_components(nlp)):
            pass
        t_raw = time.perf_counter() - t0
        row("raw nlp.pipe (same components), whole run", t_raw, len(texts))
        cache = os.path.join(tmp, "cache")
        stats_cold: dict = {}
        c0, t0 = _cpu_seconds(), time.perf_counter()
        ann = extract(nlp, wos, cache_dir=cache, progress=False, stats=stats_cold)
        t_cold, cpu_cold = time.perf_counter() - t0, _cpu_seconds() - c0
        row(
            "extract cold, n_process=1",
            t_cold,
            len(wos),
            cpu_seconds=round(cpu_cold, 2),
            **_stat_cols(stats_cold),
        )
        stats_np2: dict = {}
        c0, t0 = _cpu_seconds(), time.perf_counter()
        ann_np2 = extract(
            nlp, wos, cache_dir=os.path.join(tmp, "np2"), n_process=2, progress=False, stats=stats_np2
        )
        t_np2, cpu_np2 = time.perf_counter() - t0, _cpu_seconds() - c0
        row(
            "extract cold, n_process=2",
            t_np2,
            len(wos),
            cpu_seconds=round(cpu_np2, 2),
            **_stat_cols(stats_np2),
        )
        identical_np2 = ann_np2.to_json() == ann.to_json()
        identical_blocks = ann_blocks.to_json() == ann.to_json()
        stats_warm: dict = {}
        t0 = time.perf_counter()
        ann_warm = extract(nlp, wos, cache_dir=cache, progress=False, stats=stats_warm)
        t_warm = time.perf_counter() - t0
        row("extract cached re-run", t_warm, len(wos), **_stat_cols(stats_warm))
        identical = ann_warm.to_json() == ann.to_json()
    machine = _machine_parallel_speedup()

    lemma = NounLemmatizer.from_nlp(nlp)
    quality = _quality(nlp, annotated, ann_blocks, wos_files, scopus, shared, quick)
    ann_scopus = extract(nlp, scopus, progress=False)
    t0 = time.perf_counter()
    yake_wos = _yake_top([p for p in wos if p.keywords])
    yake_scopus = _yake_top([p for p in scopus if p.keywords])
    t_yake = time.perf_counter() - t0
    ours_wos, n_wos = _hit_rate(wos, _ours_top(ann, wos), lemma)
    ours_sc, n_sc = _hit_rate(scopus, _ours_top(ann_scopus, scopus), lemma)
    base_wos, _ = _hit_rate(wos, yake_wos, lemma)
    base_sc, _ = _hit_rate(scopus, yake_scopus, lemma)
    total = n_wos + n_sc
    hit = (ours_wos * n_wos + ours_sc * n_sc) / total if total else 0.0
    base = (base_wos * n_wos + base_sc * n_sc) / total if total else 0.0
    rows.append(
        {"stage": "keyword hit rate WoS (ours / YAKE)", "papers": n_wos, "ours": ours_wos, "yake": base_wos}
    )
    rows.append(
        {"stage": "keyword hit rate Scopus (ours / YAKE)", "papers": n_sc, "ours": ours_sc, "yake": base_sc}
    )
    rows.append({"stage": "YAKE top-10 (baseline)", "papers": n_wos + n_sc, "seconds": t_yake})
    figures = {
        "extract_vs_raw_pipe": round(t_raw_b / (t_ann_b + t_corpus), 3),
        "extract_vs_raw_pipe_cpu": round(cpu_raw_b / (cpu_ann_b + cpu_corpus), 3),
        "extract_vs_raw_pipe_whole_runs": round(t_raw / t_cold, 3),
        # inside the same annotate calls: time in spaCy's pipe / (all of annotate + the corpus-wide stage);
        # both measured paper by paper in one loop, so the machine's drift cannot separate them
        "spacy_share_of_extract": round(annotated.stats["spacy_seconds"] / (t_ann_b + t_corpus), 3),
        "raw_pipe_vs_spacy_in_extract": round(t_raw_b / annotated.stats["spacy_seconds"], 3),
        "spacy_seconds_in_extract": round(annotated.stats["spacy_seconds"], 2),
        "annotate_outside_spacy_seconds": round(
            annotated.stats["record_seconds"], 2
        ),  # records, cache, guard
        "interleaved_equals_whole": identical_blocks,
        "nprocess2_speedup": round(t_cold / t_np2, 3),
        "nprocess2_cpu_ratio": round(cpu_np2 / cpu_cold, 3) if cpu_cold else None,
        "machine_parallel_speedup": machine,
        "cached_speedup": round(t_cold / t_warm, 1),
        "cached_rerun_identical": identical,
        "nprocess2_identical": identical_np2,
        "cached_rerun_spacy_docs": stats_warm.get("processed"),
        "keyword_hit_rate": round(hit, 3),
        "keyword_hit_rate_baseline": round(base, 3),
        "keyword_papers": total,
        "abstracts": len(wos),
        "n_topics": ann.settings.get("n_topics"),
        "concepts": len(ann.concepts),
        "cpu_count": os.cpu_count(),
        **quality,
        "load_average_before": load_before,
        "load_average_after": _load_average(),
    }
    return rows, figures


BLOCK = 100


def _quality(
    nlp: Any,
    annotated: Any,
    ann_blocks: Any,
    wos_files: list[Path],
    scopus: list[Any],
    shared: Path,
    quick: bool,
) -> dict[str, Any]:
    """The issue-13 figures (see ``_extract_quality``): P@5 against WoS author keywords with three baselines,
    acronym precision on the hand-checked sample, generic words in the top-10 concepts of three corpora, topic
    NPMI against LDA and word-NMF at the same k."""
    import _extract_quality as q
    from scholargraph.nlp.keyphrases import NounLemmatizer
    from scholargraph.nlp.pipeline import annotate, merge_records
    from scholargraph.readers import read

    norm = q.normaliser(NounLemmatizer.from_nlp(nlp))
    # the acronym sample's corpora: the first 2,000 WoS abstracts (this benchmark's set), Scopus, the listing
    listing = read(
        shared / "corpora" / "hf-daily-papers" / "daily-papers-listing.txt", listing_date="2025-11-20"
    )
    an_scopus = annotate(nlp, scopus, progress=False)
    an_hf = annotate(nlp, listing.papers, progress=False)
    out: dict[str, Any] = {}
    if not quick:
        out.update(q.acronym_precision({"wos": annotated, "scopus": an_scopus, "hf": an_hf}))
    # P@5 on the WoS papers with an abstract and author keywords; topics on the whole WoS set as `scholargraph
    # build` reads it (papers without abstract included: they are what made the topics incoherent before)
    if quick:
        wos_all, ann_wos = annotated, ann_blocks
    else:
        wos_all = annotate(nlp, read([str(f) for f in wos_files]).papers, progress=False)
        ann_wos = merge_records(wos_all)
    papers = [p for p in _papers(wos_files, None if not quick else 300) if p.keywords]
    ids = [p.id for p in papers if wos_all.records.get(p.id)]
    texts = {pid: wos_all.texts[pid] for pid in ids}
    ours, n = q.p_at_5(papers, q.ours_top5(ann_wos, ids), norm)
    # the same ranking without the keyword prior (TF-IDF x position): what a corpus without keywords gets
    no_prior = merge_records(replace(wos_all, keywords={}), n_topics=len(ann_wos.topics) or None)
    out["keyword_p_at_5_no_keyword_prior"] = round(q.p_at_5(papers, q.ours_top5(no_prior, ids), norm)[0], 3)
    base = {
        "noun_chunk_tfidf": q.p_at_5(papers, q.chunk_tfidf_top5({i: wos_all.records[i] for i in ids}), norm)[
            0
        ],
        "yake": q.p_at_5(papers, q.yake_top5(texts), norm)[0],
        "ngram_tfidf": q.p_at_5(papers, q.ngram_tfidf_top5(texts), norm)[0],
    }
    best = max(base.values())
    out.update(
        keyword_p_at_5=round(ours, 3),
        keyword_p_at_5_baseline=round(best, 3),
        keyword_p_at_5_margin=round(ours - best, 3),
        keyword_p_at_5_papers=n,
        **{f"keyword_p_at_5_{k}": round(v, 3) for k, v in base.items()},
    )
    ann_min1 = merge_records(wos_all, min_df=1)
    out["keyword_p_at_5_min_df1"] = round(q.p_at_5(papers, q.ours_top5(ann_min1, ids), norm)[0], 3)
    count, found = q.generic_in_top10(
        {"wos": ann_wos, "scopus": merge_records(an_scopus), "hf": merge_records(an_hf)}
    )
    out["generic_terms_in_top10"] = count
    out["generic_terms_found"] = found
    out.update(q.topic_npmi(ann_wos, wos_all.texts))
    out["topics_unstable_listing"] = merge_records(an_hf).settings.get("topics_unstable")
    if not quick:
        out.update(_topic_k_stability(ann_wos))
    return out


def _topic_k_stability(ann: Any, draws: int = 8, drop: float = 0.03) -> dict[str, Any]:
    """How often the automatic number of topics on the WoS set comes back on samples without ``drop`` of its
    papers (``scripts/topic_k_stability.py``): the rule of :mod:`scholargraph.nlp.topics` and, as the baseline
    in the same run, one fit per candidate (``REFITS = 0``)."""
    import topic_k_stability as tks
    from scholargraph.nlp import topics as T

    counts = [{m.concept: m.count for m in ann.mentions[p]} for p in sorted(ann.mentions) if ann.mentions[p]]
    out: dict[str, Any] = {}
    for name, refits in (("", T.REFITS), ("_one_fit", 0)):
        t0 = time.perf_counter()
        picks = tks.choices(counts, draws, drop, 0, refits)
        out[f"topic_k_seconds_per_choice{name}"] = round((time.perf_counter() - t0) / len(picks), 2)
        out[f"topic_k_samples_as_all_papers{name}"] = round(sum(p == picks[0] for p in picks[1:]) / draws, 3)
        out[f"topic_k_samples_distinct{name}"] = len(set(picks[1:]))
    return out


class _TimedPipe:
    """The loaded pipeline with its ``pipe`` timed from outside: seconds spent producing Docs (inside spaCy)
    accumulate in ``spacy_seconds``, paper by paper in annotate's own loop, so the library keeps no timing
    fields. Every other attribute is the pipeline's."""

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp
        self.spacy_seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)

    def pipe(self, *args: Any, **kwargs: Any):
        docs = iter(self._nlp.pipe(*args, **kwargs))
        clock = time.perf_counter
        while True:
            t0 = clock()
            try:
                doc = next(docs)
            except StopIteration:
                self.spacy_seconds += clock() - t0
                return
            self.spacy_seconds += clock() - t0
            yield doc


def _interleaved(nlp: Any, papers: list[Any], cache_dir: str) -> tuple[float, float, float, float, Any]:
    """Seconds and CPU seconds of raw ``nlp.pipe`` and of ``annotate`` over the same blocks of papers,
    alternating (raw first on even blocks, annotate first on odd ones), and the combined records."""
    from scholargraph.nlp.pipeline import Annotated, annotate, disabled_components

    disable = disabled_components(nlp)
    timed_nlp = _TimedPipe(nlp)
    t_raw = t_ann = c_raw = c_ann = 0.0
    parts: list[Any] = []
    for b, start in enumerate(range(0, len(papers), BLOCK)):
        block = papers[start : start + BLOCK]
        texts = [p.text() for p in block]
        for step in (0, 1) if b % 2 == 0 else (1, 0):
            c0, t0 = _cpu_seconds(), time.perf_counter()
            if step == 0:
                for _ in nlp.pipe(texts, batch_size=64, disable=disable):
                    pass
            else:
                parts.append(annotate(timed_nlp, block, cache_dir=cache_dir, progress=False))
            dt, dc = time.perf_counter() - t0, _cpu_seconds() - c0
            if step == 0:
                t_raw, c_raw = t_raw + dt, c_raw + dc
            else:
                t_ann, c_ann = t_ann + dt, c_ann + dc
    records: dict[str, Any] = {}
    texts_by_id: dict[str, str] = {}
    skipped: dict[str, str] = {}
    keywords: dict[str, list[str]] = {}
    for part in parts:
        records.update(part.records)
        texts_by_id.update(part.texts)
        skipped.update(part.skipped)
        keywords.update(part.keywords)  # (without them the keyword prior was off and the merge differed)
    spacy = timed_nlp.spacy_seconds
    combined = Annotated(
        records,
        texts_by_id,
        parts[0].settings,
        {"spacy_seconds": spacy, "record_seconds": t_ann - spacy},
        skipped,
        keywords,
    )
    return round(t_raw, 3), round(t_ann, 3), round(c_raw, 2), round(c_ann, 2), combined


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished (joined) child processes."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _busy(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def _machine_parallel_speedup(n: int = 10_000_000) -> float:
    """What two processes gain over one on a pure-Python busy loop right now: the ceiling for
    ``nprocess2_speedup`` on this (shared) machine at this moment."""
    import multiprocessing as mp

    t0 = time.perf_counter()
    _busy(n)
    _busy(n)
    serial = time.perf_counter() - t0
    with mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn").Pool(2) as pool:
        t0 = time.perf_counter()
        pool.map(_busy, [n, n])
        parallel = time.perf_counter() - t0
    return round(serial / parallel, 3)


def _stat_cols(stats: dict) -> dict:
    return {k: stats.get(k) for k in ("processed", "cache_hits")}
