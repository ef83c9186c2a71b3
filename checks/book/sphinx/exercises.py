"""Sphinx extension: publish the learner version of each exercise.

On the page, an exercise cell shows its starter stub; the solution (and what it printed)
sits in a closed native disclosure, "Voir la solution", operable with the keyboard.
Tests cells lose their hidden tests. The downloadable `.ipynb` is the learner version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from checks.content import exercises as ex

LOGGER = logging.getLogger(__name__)
SUMMARY = "Voir la solution"


class solution_disclosure(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """A closed <details> holding the solution of an exercise."""


def _visit_html(self: Any, node: solution_disclosure) -> None:
    self.body.append(f'<details class="caire-solution"><summary>{SUMMARY}</summary>\n')


def _depart_html(self: Any, node: solution_disclosure) -> None:
    self.body.append("</details>\n")


def _pass(self: Any, node: nodes.Element) -> None:
    pass


def _child(container: nodes.Element, element: str) -> nodes.Element | None:
    return next((c for c in container.children if c.get("nb_element") == element), None)


def _replace_code(literal: nodes.literal_block, text: str) -> nodes.literal_block:
    new = nodes.literal_block(text, text, **literal.attributes)
    literal.replace_self(new)
    return new


def _publish_exercises(app: Sphinx, doctree: nodes.document) -> None:
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        source_box = _child(cell, "cell_code_source")
        literal = next(source_box.findall(nodes.literal_block), None) if source_box else None
        if literal is None:
            continue
        text = literal.astext()
        tags = cell.get("cell_metadata", {}).get("tags", [])
        try:
            if any(line.strip() == ex.BEGIN_SOLUTION for line in text.splitlines()):
                learner, solution = ex.learner_source(text), ex.solution_source(text)
                _replace_code(literal, learner)
                disclosure = solution_disclosure()
                disclosure += nodes.literal_block(solution, solution, **literal.attributes)
                output = _child(cell, "cell_code_output")
                if output is not None:  # what the solution printed belongs to the solution
                    cell.remove(output)
                    disclosure += output
                cell += disclosure
            elif ex.TESTS_TAG in tags:
                _replace_code(literal, ex.without_hidden_tests(text))
        except ex.MarkerError:
            continue  # the exercise gate reports it with the notebook and cell


def _learner_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Replace each copied `.ipynb` source with the learner version."""
    if exception or app.builder.format != "html":
        return
    sources = Path(app.outdir) / "_sources"
    for docname in app.env.found_docs:
        source = Path(app.env.doc2path(docname))
        copy = sources / f"{docname}.ipynb"
        if source.suffix != ".ipynb" or not copy.is_file():
            continue
        try:
            learner = ex.learner_notebook(nbformat.read(source, as_version=4))
        except (ex.MarkerError, OSError, ValueError):
            continue
        nbformat.write(learner, copy)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(solution_disclosure, html=(_visit_html, _depart_html),
                 latex=(_pass, _pass), text=(_pass, _pass))
    app.connect("doctree-read", _publish_exercises)
    app.connect("build-finished", _learner_downloads)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
