"""Sphinx extension: stamp the built HTML with where each piece of content came from.

Every page gets `<meta name="caire-source" content="notebooks/x.ipynb">`; every block
that comes from a notebook cell gets the class `caire-cell-N`, so a violation found in the
browser maps to its exact notebook cell (the nearest stamped ancestor), not a guess.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from checks.layout import CELL_CLASS, SOURCE_META

# myst-nb numbers the lines of a notebook's cell N from (N + 1) * 10000.
LINES_PER_CELL = 10000


def cell_of_line(line: int | None) -> int | None:
    if line is None or line < LINES_PER_CELL:
        return None
    return line // LINES_PER_CELL - 1


def _stamp_cells(app: Sphinx, doctree: nodes.document) -> None:
    if not str(app.env.doc2path(app.env.docname)).endswith(".ipynb"):
        return
    for node in doctree.findall(nodes.Element):
        if isinstance(node, nodes.Inline | nodes.document):
            continue
        index = node.get("cell_index") if node.get("nb_element") == "cell_code" else None
        if index is None:
            index = cell_of_line(node.line)
        if index is not None and not any(c.startswith(CELL_CLASS) for c in node["classes"]):
            node["classes"].append(f"{CELL_CLASS}{index}")


def _source_meta(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    if pagename not in app.env.found_docs:
        return
    source = Path(app.env.doc2path(pagename)).resolve()
    try:
        rel = source.relative_to(Path(app.srcdir).resolve()).as_posix()
    except ValueError:
        return
    context["metatags"] = context.get("metatags", "") + (
        f'\n    <meta name="{SOURCE_META}" content="{html.escape(rel)}" />')


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _stamp_cells)
    app.connect("html-page-context", _source_meta)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
