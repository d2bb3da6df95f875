"""docs/notebooks/explore_topic_clusters.ipynb: committed with its executed outputs, uses only the public API,
runs top to bottom (nbclient, kernel python3) on the demo corpus, pushing to the test session's real Neo4j
server, and its committed outputs match a fresh run in structure (refresh them with
``python scripts/execute_notebook.py`` when this fails)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebooks" / "explore_topic_clusters.ipynb"


def _script():
    spec = importlib.util.spec_from_file_location(
        "execute_notebook", ROOT / "scripts" / "execute_notebook.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _text(cell) -> str:
    out = []
    for o in cell.get("outputs", []):
        out.append(o.get("text", "") or o.get("data", {}).get("text/plain", ""))
    return "".join(out)


def _structure(nb) -> list:
    """Per code cell: its source and, per output, the output type, the stream name or the MIME types, and
    for a DataFrame (text/html table) its column header row. Not the values (paths, timings, floats)."""
    shape = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            header = re.findall(r"<th>([^<]*)</th>", data.get("text/html", ""))[:12]
            outs.append((o["output_type"], o.get("name"), tuple(sorted(data)), tuple(header)))
        shape.append((cell.source, outs))
    return shape


def test_notebook_uses_only_the_public_api():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    imports = re.findall(r"^\s*(?:from|import) (scholargraph\S*)", source, re.M)
    assert imports == ["scholargraph"], imports  # `import scholargraph as sg`, nothing deeper
    assert "scholargraph.cli" not in source and "._" not in source.replace("sg._", "")


def test_committed_outputs_are_there():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("outputs") for c in code), (
        "run `python scripts/execute_notebook.py` and commit the outputs"
    )
    assert sum("image/png" in o.get("data", {}) for c in code for o in c.outputs) == 3
    assert not any(o.output_type == "error" for c in code for o in c.outputs)
    assert "Neo4j now holds 200 papers" in _text(code[-1])  # committed from a run against a real server


@pytest.mark.neo4j
def test_notebook_runs_pushes_to_neo4j_and_matches_the_committed_outputs(neo4j_driver, tmp_path):
    import nbformat

    committed = nbformat.read(NOTEBOOK, as_version=4)
    nb = _script().execute(NOTEBOOK, tmp_path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(o.output_type != "error" for c in code for o in c.outputs)
    images = sum("image/png" in o.get("data", {}) for c in code for o in c.outputs)
    assert images == 3  # trends, bursts, community map are shown, not just their repr
    text = "".join(_text(c) for c in code)
    assert re.search(r"\d+ communities, modularity 0\.\d+", text)
    assert re.search(r"store/report/report\.html", text)
    assert "Neo4j now holds 200 papers" in _text(code[-1])
    records, _, _ = neo4j_driver.execute_query("MATCH (p:Paper) RETURN count(p) AS n")
    assert records[0]["n"] == 200
    assert list(tmp_path.iterdir()) == []  # the notebook wrote into its own temporary folder, not the cwd
    assert _structure(nb) == _structure(committed), (
        "the committed notebook's outputs are stale: run `python scripts/execute_notebook.py` and commit"
    )


def test_push_cell_skips_without_neo4j_uri(monkeypatch, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv("NEO4J_URI", raising=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    push = nb.cells[-1]
    assert push.cell_type == "code" and "sg.push(kg, driver" in push.source
    push.outputs = []
    nb.cells = [nbformat.v4.new_code_cell("import os\nimport scholargraph as sg"), push]
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    assert _text(nb.cells[-1]).strip() == "NEO4J_URI is not set: skipping the push to Neo4j"
