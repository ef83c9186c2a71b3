"""Sphinx extension: exercises learners do on the page, with Python in their browser.

An exercise cell shows its starter, then an answer area (a labelled native `<textarea>`
holding the learner version) with "Vérifier" and "Réinitialiser" buttons and a live
region for the result; the solution sits in a closed "Voir la solution" disclosure.
Tests cells lose their hidden tests and their outputs (what the solution run printed
would give the answer away), and their code is folded in "Voir le code des tests".
Every other code cell can be edited and run ("Modifier et exécuter"). The page carries
its code cells, in order, as JSON for the runner (`caire-python.js`); the buttons only
appear when that script runs. The downloadable `.ipynb` is the learner version.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from sphinx.application import Sphinx

from checks.book.sphinx.collector import course_data
from checks.content import exercises as ex

SOLUTION_SUMMARY = "Voir la solution"
TESTS_SUMMARY = "Voir le code des tests"
SKIP_TAG = "skip-execution"
RAISES_TAG = "raises-exception"
CELLS_DATA_ID = "caire-cells"
NBSP = "\u00a0"


class disclosure(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """A closed <details> with a summary (the solution, the tests' code)."""


def _visit_html(self: Any, node: disclosure) -> None:
    self.body.append(f'<details class="{node["css"]}"><summary>'
                     f'{html.escape(node["summary"])}</summary>\n')


def _depart_html(self: Any, node: disclosure) -> None:
    self.body.append("</details>\n")


def _pass(self: Any, node: nodes.Element) -> None:
    pass


def _child(container: nodes.Element, element: str) -> nodes.Element | None:
    return next((c for c in container.children if c.get("nb_element") == element), None)


def _replace_code(literal: nodes.literal_block, text: str) -> nodes.literal_block:
    new = nodes.literal_block(text, text, **literal.attributes)
    literal.replace_self(new)
    return new


# Shown while code runs: how far the download has got, and a way to stop the run.
_RUNNING = (
    '<div class="caire-progress" hidden><progress max="1" value="0" aria-hidden="true">'
    "</progress> <span></span></div>\n")


def _hidden(text: str) -> str:
    """Words for screen readers only: what tells this control from its neighbours."""
    return f'<span class="caire-sr-only">{html.escape(text)}</span>'


def _answer_widget(exercise_id: str, cell: int, learner: str, name: str) -> str:
    esc = html.escape
    rows = min(max(learner.count("\n") + 2, 3), 20)
    ident = f"caire-answer-{cell}"
    target = f"l’{name[0].lower()}{name[1:]}"  # "l’exercice 2 : le seuil"
    return (
        f'<div class="caire-exercise" data-exercise="{esc(exercise_id)}" data-cell="{cell}">\n'
        f'<label for="{ident}">Votre réponse{_hidden(" à " + target)} '
        "(code Python modifiable)</label>\n"
        f'<textarea id="{ident}" class="caire-code" rows="{rows}" spellcheck="false" '
        f'autocapitalize="off" autocomplete="off" data-original="{esc(learner)}">'
        f"{esc(learner)}</textarea>\n"
        '<div class="caire-buttons">'
        f'<button type="button" class="caire-check" hidden>Vérifier{_hidden(" " + target)}'
        "</button> "
        f'<button type="button" class="caire-reset" hidden>Réinitialiser'
        f'{_hidden(" " + target)}</button> '
        f'<button type="button" class="caire-stop" hidden>Arrêter{_hidden(" " + target)}'
        "</button></div>\n"
        f'<p class="caire-passed" hidden>Déjà réussi{_hidden(NBSP + ": " + name)} (compté dans '
        f"«{NBSP}Mon parcours{NBSP}»).</p>\n"
        f"{_RUNNING}"
        '<div class="caire-result" role="status" aria-live="polite"></div>\n</div>\n')


def _run_widget(cell: int, source: str, number: int) -> str:
    esc = html.escape
    rows = min(max(source.count("\n") + 2, 3), 20)
    ident = f"caire-code-{cell}"
    of = _hidden(f" (exemple {number})")
    return (
        f'<div class="caire-run" data-cell="{cell}">\n'
        '<button type="button" class="caire-run-open" aria-expanded="false" '
        f'aria-controls="caire-run-panel-{cell}" hidden>Modifier et exécuter ce code{of}'
        "</button>\n"
        f'<div class="caire-run-panel" id="caire-run-panel-{cell}" hidden>\n'
        f'<label for="{ident}">Code de l’exemple {number} (modifiable)</label>\n'
        f'<textarea id="{ident}" class="caire-code" rows="{rows}" spellcheck="false" '
        f'autocapitalize="off" autocomplete="off" data-original="{esc(source)}">'
        f"{esc(source)}</textarea>\n"
        '<div class="caire-buttons">'
        f'<button type="button" class="caire-run-go">Exécuter{of}</button> '
        f'<button type="button" class="caire-reset">Réinitialiser{of}</button> '
        f'<button type="button" class="caire-stop" hidden>Arrêter{of}</button></div>\n'
        f"{_RUNNING}"
        '<div class="caire-result" role="status" aria-live="polite"></div>\n</div>\n</div>\n')


def _exercise_name(cell: nodes.Element, number: int) -> str:
    """The exercise's heading ("Exercice 2 : le seuil") when its section has one, else
    "Exercice N" (its rank on the page)."""
    parent = cell.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    title = parent[0].astext() if parent is not None and parent.children and isinstance(
        parent[0], nodes.title) else ""
    title = " ".join(title.replace("\u00a0", " ").replace("\u202f", " ").split())
    if not title.lower().startswith("exercice"):
        title = f"Exercice {number}"
    return title.replace(" :", "\u00a0:")


def _image_alt(metadata: dict[str, Any]) -> str:
    mystnb = metadata.get("mystnb", {}) or {}
    return str((mystnb.get("image") or {}).get("alt") or (mystnb.get("figure") or {}).get(
        "alt") or "")


def _publish_exercises(app: Sphinx, doctree: nodes.document) -> None:
    cells: list[dict[str, Any]] = []
    exercise: int | None = None
    exercises_seen = examples_seen = 0
    docname = app.env.docname
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        source_box = _child(cell, "cell_code_source")
        literal = next(source_box.findall(nodes.literal_block), None) if source_box else None
        index = cell.get("cell_index")
        if literal is None or index is None:
            continue
        text = literal.astext()
        metadata = cell.get("cell_metadata", {})
        tags = metadata.get("tags", [])
        entry: dict[str, Any] = {"cell": index, "kind": "code", "source": text,
                                 "alt": _image_alt(metadata), "skip": SKIP_TAG in tags,
                                 "raises": RAISES_TAG in tags}
        try:
            if any(line.strip() == ex.BEGIN_SOLUTION for line in text.splitlines()):
                learner, solution = ex.learner_source(text), ex.solution_source(text)
                _replace_code(literal, learner)
                box = disclosure(css="caire-solution", summary=SOLUTION_SUMMARY)
                box += nodes.literal_block(solution, solution, **literal.attributes)
                output = _child(cell, "cell_code_output")
                if output is not None:  # what the solution printed belongs to the solution
                    cell.remove(output)
                    box += output
                exercise_id = f"{docname}#{index}"
                exercises_seen += 1
                name = _exercise_name(cell, exercises_seen)
                cell += nodes.raw("", _answer_widget(exercise_id, index, learner, name),
                                  format="html")
                cell += box
                exercise = index
                course_data(app.env).exercises.setdefault(docname, []).append(exercise_id)
                entry.update(kind="exercise", source=learner, solution=solution,
                             id=exercise_id, name=name)
            elif ex.TESTS_TAG in tags:
                visible = ex.without_hidden_tests(text)
                _replace_code(literal, visible)
                output = _child(cell, "cell_code_output")
                if output is not None:  # the solution run's verdict gives the answer away
                    cell.remove(output)
                folded = disclosure(css="caire-tests", summary=TESTS_SUMMARY)
                source_box.replace_self(folded)
                folded += source_box
                entry.update(kind="tests", source=visible, exercise=exercise)
            else:
                examples_seen += 1
                cell += nodes.raw("", _run_widget(index, text, examples_seen), format="html")
        except ex.MarkerError:
            continue  # the exercise gate reports it with the notebook and cell
        cells.append(entry)
    if cells:
        data = json.dumps(cells, ensure_ascii=False).replace("</", "<\\/")
        limit = float(app.config.caire_exercise_time_limit)
        doctree += nodes.raw("", f'<script type="application/json" id="{CELLS_DATA_ID}" '
                             f'data-time-limit="{limit:g}">{data}</script>\n', format="html")


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
    app.add_node(disclosure, html=(_visit_html, _depart_html),
                 latex=(_pass, _pass), text=(_pass, _pass))
    # Seconds the learner's code, or the tests of an answer, may run in the browser before
    # they are stopped (downloads, imports and the chapter's own cells are not counted).
    # 20 s: the heaviest tests of the course take 2.5 s on a fast computer; a slow, busy
    # office computer must not see a right answer stopped as an endless loop.
    app.add_config_value("caire_exercise_time_limit", 20, "html", types=(int, float))
    app.connect("doctree-read", _publish_exercises)
    app.connect("build-finished", _learner_downloads)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
