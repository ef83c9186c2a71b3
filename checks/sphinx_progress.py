"""Sphinx extension: what a self-paced learner needs around the chapters.

- each chapter page shows its estimated duration and learning outcomes, read from the
  notebook metadata (`"caire": {"duration_minutes": 20, "outcomes": [...]}`);
- the `parcours` directive renders the "Mon parcours" table: every chapter with its
  duration and, filled in by the browser from localStorage (this device only, no server),
  how many of its quizzes were answered correctly.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from checks.sphinx_quiz import quizzes_by_doc


class parcours_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Replaced by the progress table once every chapter has been read."""


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def chapter_info(path: Path) -> dict[str, Any] | None:
    try:
        meta = nbformat.read(path, as_version=4).metadata.get("caire", {})
    except Exception:  # noqa: BLE001 - the exercise gate reports unreadable notebooks
        return None
    duration = meta.get("duration_minutes")
    if not isinstance(duration, int | float) or duration <= 0:
        return None
    outcomes = [str(o) for o in meta.get("outcomes", []) if str(o).strip()]
    return {"duration": int(duration), "outcomes": outcomes}


def _chapter_box(info: dict[str, Any]) -> nodes.container:
    box = nodes.container(classes=["caire-chapter-info"])
    duration = nodes.paragraph()
    duration += nodes.strong(text="Durée estimée : ")
    duration += nodes.Text(format_minutes(info["duration"]))
    box += duration
    if info["outcomes"]:
        box += nodes.paragraph(text="À la fin de ce chapitre, vous saurez :")
        items = nodes.bullet_list()
        for outcome in info["outcomes"]:
            item = nodes.list_item()
            item += nodes.paragraph(text=outcome)
            items += item
        box += items
    return box


def _read_chapter(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    path = Path(env.doc2path(env.docname))
    if path.suffix != ".ipynb":
        return
    info = chapter_info(path)
    if info is None:
        return
    env.caire_chapters = getattr(env, "caire_chapters", {})
    env.caire_chapters[env.docname] = info
    section = next(doctree.findall(nodes.section), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, _chapter_box(info))


class ParcoursDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.caire_parcours = getattr(self.env, "caire_parcours", set())
        self.env.caire_parcours.add(self.env.docname)
        return [parcours_placeholder()]


def _ordered_docs(app: Sphinx) -> list[str]:
    site_map = getattr(app.config, "external_site_map", None)
    if site_map is not None:
        return [Path(name).with_suffix("").as_posix() for name in site_map]
    return sorted(app.env.found_docs)


def _table(app: Sphinx, fromdoc: str) -> str:
    esc = html.escape
    chapters = getattr(app.env, "caire_chapters", {})
    quizzes = quizzes_by_doc(app.env)
    rows, data, total = [], [], 0
    for docname in _ordered_docs(app):
        if docname not in chapters:
            continue
        duration = chapters[docname]["duration"]
        total += duration
        ids = quizzes.get(docname, [])
        data.append({"doc": docname, "quizzes": ids})
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        link = app.builder.get_relative_uri(fromdoc, docname)
        rows.append(
            f'<tr data-quizzes="{esc(" ".join(ids))}"><th scope="row">'
            f'<a href="{esc(link)}">{esc(title)}</a></th>'
            f"<td>{esc(format_minutes(duration))}</td>"
            f'<td class="caire-progress-cell">{"—" if ids else "pas de quiz"}</td></tr>')
    return (
        f'<div class="caire-parcours" data-parcours="{esc(json.dumps(data))}">\n'
        '<table class="caire-parcours-table">\n'
        "<caption>Votre progression, chapitre par chapitre</caption>\n"
        '<thead><tr><th scope="col">Chapitre</th><th scope="col">Durée estimée</th>'
        '<th scope="col">Quiz réussis</th></tr></thead>\n'
        f"<tbody>{''.join(rows)}</tbody>\n"
        f'<tfoot><tr><th scope="row">Total</th><td>{esc(format_minutes(total))}</td>'
        '<td class="caire-progress-total">—</td></tr></tfoot>\n</table>\n'
        "<noscript><p>La progression s'affiche quand JavaScript est activé.</p></noscript>\n"
        '<p class="caire-progress-note">Votre progression est enregistrée dans ce navigateur '
        "uniquement : rien n'est envoyé à un serveur.</p>\n"
        '<button type="button" class="caire-progress-clear" hidden>'
        "Effacer ma progression</button>\n"
        '<div role="status" class="caire-progress-status"></div>\n</div>\n')


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(parcours_placeholder)):
        node.replace_self(nodes.raw("", _table(app, docname), format="html"))


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    # The table summarises every chapter: rebuild it whenever any page changes.
    if added or changed or removed:
        return sorted(getattr(env, "caire_parcours", set()) & env.found_docs)
    return []


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "caire_chapters", {}).pop(docname, None)
    getattr(env, "caire_parcours", set()).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str],
           other: BuildEnvironment) -> None:
    env.caire_chapters = getattr(env, "caire_chapters", {})
    env.caire_parcours = getattr(env, "caire_parcours", set())
    for docname in docnames:
        if docname in getattr(other, "caire_chapters", {}):
            env.caire_chapters[docname] = other.caire_chapters[docname]
        if docname in getattr(other, "caire_parcours", set()):
            env.caire_parcours.add(docname)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(parcours_placeholder)
    app.add_directive("parcours", ParcoursDirective)
    app.connect("doctree-read", _read_chapter)
    app.connect("doctree-resolved", _resolve)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
