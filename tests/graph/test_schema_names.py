"""graph/schema.py is the only place that spells a label or a relationship type, and it declares every
property the pipeline writes (analysis included) with its type."""

from __future__ import annotations

import ast
from pathlib import Path

from scholargraph.graph import schema

SRC = Path(__file__).resolve().parents[2] / "src" / "scholargraph"
NAMES = {*schema.LABELS, *schema.RELATIONSHIPS, *schema.PROJECTIONS}
# readers/ and fetch/ speak the input formats' vocabulary (a PubMed XML element is called "Author"), never the
# graph's; everything else must take graph names from the schema
FOREIGN_VOCABULARY = ("readers", "fetch")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _python_names(tree: ast.AST) -> set[int]:
    """String constants that name Python objects, not schema names: ``__all__ = [...]`` and the export tables
    of the lazy ``attach(...)`` calls in the packages' ``__init__`` (the classes Paper, Concept, Topic ...)."""
    ids = set()
    for node in ast.walk(tree):
        value = None
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            value = node.value
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "attach":
            value = node
        if value is not None:
            ids.update(id(c) for c in ast.walk(value) if isinstance(c, ast.Constant))
    return ids


def test_no_label_or_type_literal_outside_schema():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if (
            path.name == "schema.py" and path.parent.name == "graph"
        ) or path.parent.name in FOREIGN_VOCABULARY:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree) | _python_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in NAMES and id(node) not in skip:
                found.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value!r}")
    assert not found, "spell these with graph.schema constants:\n" + "\n".join(found)


def test_every_property_written_is_declared(tmp_path):
    """Build, analyze and reload the planted corpus: every node and edge attribute is in the schema."""
    import scholargraph as sg
    from scholargraph.synthetic import planted_annotations, planted_corpus

    corpus, truth = planted_corpus(80, seed=3)
    ann = planted_annotations(corpus, truth)
    sg.save(sg.build_graph(corpus, ann), tmp_path, corpus=corpus, annotations=ann)
    sg.analyze_store(tmp_path, seed=0, stability_runs=2)
    kg = sg.load(tmp_path)
    undeclared = set()
    for _, d in kg.graph.nodes(data=True):
        allowed = schema.NODE_PROPERTIES[d[schema.LABEL]]
        undeclared |= {(d[schema.LABEL], k) for k in d if k not in allowed and k != schema.LABEL}
    for _, _, k, d in kg.graph.edges(keys=True, data=True):
        undeclared |= {(k, p) for p in d if p not in schema.EDGE_PROPERTIES[k] and p != schema.TYPE}
    assert not undeclared
    written = {k for _, d in kg.nodes(schema.PAPER) for k in d}
    assert {schema.COMMUNITY, schema.PAGERANK} <= written  # the analysis did write its properties
