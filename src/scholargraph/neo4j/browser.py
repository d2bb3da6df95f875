"""Neo4j Browser assets: a ``.grass`` style sheet, saved queries and a Browser guide.

:func:`write_browser_assets` writes ``style.grass`` (a colour and size per label, captions from ``schema.CAPTIONS``;
Browser's GraSS cannot size a node by a property value, so centrality shows in the saved queries, which rank
by ``pagerank`` when the analysis stored it), ``queries.cypher`` (the saved queries of
:data:`scholargraph.neo4j.cypher.SAVED_QUERIES`, each with LIMITs that keep a result under Browser's
1,000-node display limit), ``guide.html`` (a Browser guide with the queries as runnable blocks) and
``README.txt`` (how to load them).

>>> text = grass()
>>> "node.Paper {" in text and "caption: '{title}';" in text
True
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from ..graph import schema
from .cypher import SAVED_QUERIES

__all__ = ["COLOURS", "grass", "queries_cypher", "guide_html", "instructions", "write_browser_assets"]

# One colour per label (fill, border, caption text); colour-blind friendly palette (Okabe-Ito).
COLOURS = {
    schema.PAPER: ("#0072B2", "#005080", "#FFFFFF"),
    schema.AUTHOR: ("#E69F00", "#A87400", "#000000"),
    schema.TOPIC: ("#009E73", "#006E50", "#FFFFFF"),
    schema.CONCEPT: ("#CC79A7", "#9A5A7E", "#000000"),
    schema.VENUE: ("#F0E442", "#B0A730", "#000000"),
    schema.MESH_TERM: ("#56B4E9", "#2F86B8", "#000000"),
}
SIZES = {
    schema.PAPER: 40,
    schema.AUTHOR: 30,
    schema.TOPIC: 60,
    schema.CONCEPT: 30,
    schema.VENUE: 35,
    schema.MESH_TERM: 30,
}


def _caption(label: str) -> str:
    prop = schema.CAPTIONS[label]
    # "label" is the node-label attribute of the NetworkX graph, so graph.build stores a Topic's text as "name".
    return "name" if prop == "label" else prop


def grass() -> str:
    """The style sheet text (Browser's GraSS: CSS-like rules per label and relationship type)."""
    lines = [
        "node {",
        "  diameter: 40px;",
        "  color: #A5ABB6;",
        "  border-color: #9AA1AC;",
        "  border-width: 2px;",
        "  text-color-internal: #FFFFFF;",
        "  font-size: 10px;",
        "}",
        "relationship {",
        "  color: #A5ABB6;",
        "  shaft-width: 1px;",
        "  font-size: 8px;",
        "  padding: 3px;",
        "  text-color-external: #000000;",
        "  text-color-internal: #FFFFFF;",
        "  caption: '<type>';",
        "}",
    ]
    for label in schema.LABELS:
        fill, border, text = COLOURS[label]
        size = f"{SIZES[label]}px"
        lines += [
            f"node.{label} {{",
            f"  color: {fill};",
            f"  border-color: {border};",
            f"  text-color-internal: {text};",
            f"  diameter: {size};",
            f"  caption: '{{{_caption(label)}}}';",
            "}",
        ]
    return "\n".join(lines) + "\n"


def queries_cypher() -> str:
    """The saved queries as one ``.cypher`` file (a comment line with name and description before each)."""
    parts = []
    for q in SAVED_QUERIES:
        parts.append(f"// {q.name}\n// {q.description}\n{q.cypher};\n")
    return "\n".join(parts)


def guide_html() -> str:
    """A Browser guide (``:play <url>``) with one runnable block per saved query."""
    slides = []
    for q in SAVED_QUERIES:
        slides.append(
            '<slide class="row-fluid">\n  <div class="col-sm-12">\n'
            f"    <h3>{html.escape(q.name)}</h3>\n    <p>{html.escape(q.description)}</p>\n"
            f'    <pre class="pre-scrollable code runnable">{html.escape(q.cypher)}</pre>\n'
            "  </div>\n</slide>"
        )
    return (
        '<article class="guide">\n<carousel class="deck container-fluid">\n'
        '<slide class="row-fluid">\n  <div class="col-sm-12">\n    <h3>scholargraph</h3>\n'
        "    <p>Papers, authors, topics, concepts and venues. Click a block to put it in the editor, then run it.</p>\n"
        "  </div>\n</slide>\n" + "\n".join(slides) + "\n</carousel>\n</article>\n"
    )


def instructions(out: str | os.PathLike, http_url: str = "http://127.0.0.1:7474/browser/") -> str:
    """How to load the written files into Neo4j Browser."""
    out = Path(out)
    return (
        f"Neo4j Browser assets in {out}:\n"
        f"  1. Open {http_url} and connect.\n"
        f"  2. Style: drag {out / 'style.grass'} onto the Browser window (or run `:style` and drop it on the panel);\n"
        "     `:style reset` goes back to the default.\n"
        f"  3. Saved queries: open the Favourites (star) panel, drop {out / 'queries.cypher'} onto it to import\n"
        "     them, or paste one into the editor and press the star to save it.\n"
        f"  4. Guide: serve {out} (e.g. `python -m http.server -b 127.0.0.1 8001 -d {out}`), add\n"
        "     browser.remote_content_hostname_allowlist=http://127.0.0.1:8001 to neo4j.conf and run\n"
        "     `:play http://127.0.0.1:8001/guide.html` in Browser.\n"
    )


def write_browser_assets(
    out: str | os.PathLike, http_url: str = "http://127.0.0.1:7474/browser/"
) -> dict[str, Path]:
    """Write style.grass, queries.cypher, guide.html and README.txt (which opens ``http_url``: the Browser of
    the server in use) into ``out``; returns their paths."""
    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    files = {
        "style": (d / "style.grass", grass()),
        "queries": (d / "queries.cypher", queries_cypher()),
        "guide": (d / "guide.html", guide_html()),
        "readme": (d / "README.txt", instructions(d, http_url)),
    }
    for path, text in files.values():
        path.write_text(text, encoding="utf-8")
    return {k: p for k, (p, _) in files.items()}
