#!/usr/bin/env python
"""Execute the documentation notebook and save it with its outputs, so that figures and tables show where
notebooks are rendered (e.g. on a code host). tests/test_notebook.py re-executes it and fails when the
committed outputs are stale in structure.

    python scripts/execute_notebook.py [NOTEBOOK]          # default docs/notebooks/explore_topic_clusters.ipynb

Run it with NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD set (e.g. after `scholargraph neo4j server start`) so
the committed notebook shows the push to Neo4j. Cell metadata that changes from run to run (execution timings)
is dropped; execution counts are 1..n.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "docs" / "notebooks" / "explore_topic_clusters.ipynb"


def execute(path: Path, cwd: Path, timeout: int = 900):
    """The notebook at ``path`` executed top to bottom in ``cwd`` (kernel python3), outputs kept."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return nb


def clean(nb) -> None:
    """Drop what differs between runs of the same notebook: execution timings, kernel-specific metadata."""
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        cell.metadata.pop("execution", None)
        cell.execution_count = n + 1
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = n + 1
    nb.metadata.pop("widgets", None)


def main(argv: list[str] | None = None) -> int:
    import nbformat

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebook", nargs="?", type=Path, default=DEFAULT)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as cwd:
        nb = execute(args.notebook, Path(cwd))
    clean(nb)
    nbformat.write(nb, args.notebook)
    print(f"executed and saved {args.notebook}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
