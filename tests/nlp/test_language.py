"""The language guard: papers in another language than the pipeline's are counted and explained, not read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scholargraph.graph.build import build_graph
from scholargraph.nlp.annotations import Annotations
from scholargraph.nlp.language import LanguageGuard
from scholargraph.nlp.pipeline import annotate, extract, load_nlp
from scholargraph.readers import read

DATA = Path(__file__).resolve().parents[1] / "data" / "nlp" / "multilingual.jsonl"


@pytest.fixture(scope="module")
def corpus():
    return read(DATA)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _by_title(corpus, start):
    return next(p for p in corpus.papers if p.title.startswith(start))


def test_only_the_spanish_abstract_is_skipped(corpus):
    guard = LanguageGuard("en")
    reasons = {p.title.split()[0]: guard.reason(p.text()) for p in corpus.papers}
    assert reasons["Redes"] == "language es: 0% of the text is en"
    assert reasons["Graph"] is None
    assert reasons["Frugivore"] is None  # bilingual: the English half is read
    assert reasons["Cinembargo"] is None  # a title alone is too short to tell


def test_all_capitals_english_is_english():
    text = (
        "RISK FACTORS ASSOCIATED WITH EARLY- AND LATE-ONSET PREECLAMPSIA IN A POPULATION SAMPLE OF BOGOTA. "
        "We compared maternal age, body mass index and parity between women with early-onset and late-onset "
        "preeclampsia in three hospitals."
    )
    assert LanguageGuard("en").reason(text) is None


def test_guard_reads_the_pipelines_language_and_is_off_for_multilanguage(corpus):
    spanish = _by_title(corpus, "Redes").text()
    english = _by_title(corpus, "Graph").text()
    assert LanguageGuard("es").reason(spanish) is None
    assert LanguageGuard("es").reason(english).startswith("language en")
    assert LanguageGuard("xx").reason(spanish) is None
    assert LanguageGuard("xx").settings() == {"language_guard": "off (multi-language pipeline 'xx')"}


def test_annotate_and_extract_list_the_skipped_papers(corpus, nlp):
    spanish = _by_title(corpus, "Redes")
    annotated = annotate(nlp, corpus)
    assert annotated.skipped == {spanish.id: "language es: 0% of the text is en"}
    assert annotated.records[spanish.id] is None and spanish.id not in annotated.texts
    assert annotated.stats["skipped_language"] == 1 and annotated.stats["with_text"] == 3
    assert annotated.settings["language_guard"]["pipeline_language"] == "en"

    ann = extract(nlp, corpus)
    assert ann.skipped == annotated.skipped
    assert ann.mentions[spanish.id] == [] and spanish.id not in ann.paper_topics
    assert all(ann.mentions[p.id] for p in corpus.papers if p.id != spanish.id)
    # no Spanish words became concepts
    assert not {"red", "molécula", "propiedad"} & set(ann.concepts)
    assert Annotations.from_json(ann.to_json()).skipped == ann.skipped

    kg = build_graph(corpus, ann)
    assert kg.meta["skipped"]["not_extracted_language_es"] == 1
    assert kg.graph.nodes[f"Paper:{spanish.id}"]  # the paper stays in the graph


def test_guard_off_reads_everything(corpus, nlp):
    ann = extract(nlp, corpus, language_guard=False)
    assert ann.skipped == {} and ann.settings["language_guard"] == "off"
    assert all(ann.mentions[p.id] for p in corpus.papers)


def test_records_without_text_are_explained(nlp):
    from scholargraph.model import Paper

    p = Paper(id="x:1", title="")
    annotated = annotate(nlp, [p])
    assert annotated.skipped == {"x:1": "no title or abstract"}
    assert annotated.stats["skipped_language"] == 0


def test_cli_build_reports_papers_without_concepts(tmp_path):
    out = tmp_path / "store"
    cmd = [sys.executable, "-m", "scholargraph", "build", str(DATA), "--out", str(out), "--topics", "2"]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "papers without concepts: 1 in another language (es 1; --all-languages reads them)" in res.stdout
    res = subprocess.run([*cmd, "--all-languages", "--json"], capture_output=True, text=True, check=True)
    info = json.loads(res.stdout)
    assert not any(k.startswith("not_extracted_language") for k in info["skipped"])


def test_wos_spanish_records_with_english_abstracts_are_read(corpora):
    """WoS LA says Spanish for 1,391 records, but nearly all carry an English abstract (some followed by the
    Spanish one): the guard must read those and skip only the abstract that is Spanish alone."""
    wos = read(sorted((corpora / "wos-javeriana-cali").glob("wos_*.txt.gz")))
    guard = LanguageGuard("en")
    spanish_la = [p for p in wos.papers if p.language == "Spanish" and p.abstract]
    assert len(spanish_la) >= 1100
    skipped = {p.id: guard.reason(p.text()) for p in wos.papers if guard.reason(p.text())}
    assert len(skipped) == 1, skipped
    # the stop-word fast path (what annotate uses) decides every paper the same way
    fast = LanguageGuard("en", load_nlp().Defaults.stop_words)
    assert {p.id: fast.reason(p.text()) for p in wos.papers if fast.reason(p.text())} == skipped
    (why,) = skipped.values()
    assert why.startswith("language es")
    assert sum(1 for p in spanish_la if p.id not in skipped) >= 1100
