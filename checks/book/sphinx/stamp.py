"""Sphinx extension: stamp the built HTML with where each piece of content came from.

Every page gets `<meta name="caire-source" content="notebooks/x.ipynb">`; every block
that comes from a notebook cell gets the class `caire-cell-N`, and every block of a
markdown file `caire-line-N` (raw HTML between blocks too, in a wrapper of its own), so a
violation found in the browser maps to its exact notebook cell or line (the nearest
stamped ancestor), not a guess.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from checks.layout import CELL_CLASS, LINE_CLASS, SOURCE_META

# myst-nb numbers the lines of a notebook's cell N from (N + 1) * 10000.
LINES_PER_CELL = 10000


def cell_of_line(line: int | None) -> int | None:
    if line is None or line < LINES_PER_CELL:
        return None
    return line // LINES_PER_CELL - 1


def _stamp(node: nodes.Element, prefix: str, value: int) -> None:
    if not any(c.startswith(prefix) for c in node["classes"]):
        node["classes"].append(f"{prefix}{value}")


VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input",
                           "link", "meta", "source", "track", "wbr"})


class _Balance(HTMLParser):
    """Whether an HTML fragment closes every element it opens, and only those."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.broken = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.broken = True


def is_balanced(fragment: str) -> bool:
    balance = _Balance()
    balance.feed(fragment)
    balance.close()
    return not balance.broken and not balance.open


def _stampable(node: nodes.Element) -> bool:
    """Block content, and raw HTML between blocks when it is whole: Sphinx then wraps it
    in an element carrying the stamp (a `<div>` opened in one block and closed in a later
    one must not be wrapped, the wrapper would close it). Raw HTML inside a paragraph has
    the paragraph's stamp."""
    if isinstance(node, nodes.raw):
        return ("html" in node.get("format", "").split()
                and not isinstance(node.parent, nodes.TextElement)
                and is_balanced(node.astext()))
    return not isinstance(node, nodes.Inline | nodes.document)


def _stamp_cells(app: Sphinx, doctree: nodes.document) -> None:
    # In a .ipynb, myst-nb numbers lines by cell; in a markdown file (page or MyST
    # notebook) lines are the file's own.
    in_notebook_json = str(app.env.doc2path(app.env.docname)).endswith(".ipynb")
    for node in doctree.findall(nodes.Element):
        if not _stampable(node):
            continue
        index = node.get("cell_index") if node.get("nb_element") == "cell_code" else None
        if in_notebook_json and index is None:
            index = cell_of_line(node.line)
        if index is not None:
            _stamp(node, CELL_CLASS, index)
        if not in_notebook_json and node.line:
            _stamp(node, LINE_CLASS, node.line)


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
