"""Sphinx extension: what a self-paced learner needs around the chapters.

- each chapter page shows its estimated duration, computed from its content
  (`checks.content.course`), the date it is up to date as of (the oldest check of its
  `{fact}`s, `checks.book.sphinx.facts`), and its learning outcomes, read from the notebook metadata
  (`"caire": {"outcomes": [...]}`);
- the `parcours` directive renders the "Mon parcours" table: every chapter with its
  duration and, filled in by the browser from localStorage (this device only, no server),
  how many of its quizzes were answered correctly;
- a final quiz page says, near its top, which chapters before it are not done yet (a
  quiz not yet right or an exercise not yet passed), from the same stored progress.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from checks.book.sphinx.collector import course_data
from checks.book.sphinx.facts import up_to_date
from checks.content.course import Chapter, format_minutes, read_chapter
from checks.content.facts import format_date, up_to_date_words


class parcours_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Replaced by the progress table once every chapter has been read."""


class prerequisites_placeholder(nodes.General, nodes.Element):  # noqa: N801 - idem
    """Replaced, on a final quiz page, by the chapters to finish before it."""


def _bank_note(info: Chapter, bank: int) -> nodes.raw:
    """How a final quiz is drawn; the script fills in the attempt and offers a new draw."""
    drawn = min(info.draw or bank, bank)
    text = (f"Chaque tentative tire {drawn} questions parmi les {bank} de la banque, "
            "au moins une par chapitre." if drawn < bank
            else f"Le quiz compte {bank} questions.")
    return nodes.raw("", (
        f'<div class="caire-final-quiz" data-draw="{drawn}" data-pass-mark="{info.pass_mark}">\n'
        f"<p>{html.escape(text)}</p>\n"
        '<p class="caire-final-status" role="status"></p>\n'
        '<button type="button" class="caire-final-redraw" hidden>Nouveau tirage</button>\n'
        "</div>\n"), format="html")


def _chapter_box(info: Chapter, bank: int, checked: dt.date | None = None,
                 lang: str | None = "fr") -> nodes.container:
    box = nodes.container(classes=["caire-chapter-info"])
    duration = nodes.paragraph()
    duration += nodes.strong(text="Durée estimée : ")
    duration += nodes.Text(format_minutes(info.duration))
    box += duration
    if checked is not None:  # never written by hand: the oldest check of its facts
        fresh = nodes.paragraph()
        fresh += nodes.strong(text=up_to_date_words(lang))
        fresh += nodes.Text(format_date(checked, lang))
        box += fresh
    if info.final_quiz:
        box += prerequisites_placeholder()
    if info.final_quiz and bank:
        box += _bank_note(info, bank)
    if info.outcomes:
        box += nodes.paragraph(text="À la fin de ce chapitre, vous saurez :")
        items = nodes.bullet_list()
        for outcome in info.outcomes:
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
    info = read_chapter(path)
    if info is None:
        return
    course_data(env).chapters[env.docname] = info
    section = next(doctree.findall(nodes.section), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        bank = len(course_data(env).quizzes.get(env.docname, []))
        section.insert(1, _chapter_box(info, bank, up_to_date(doctree), app.config.language))


class ParcoursDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        course_data(self.env).parcours_pages.add(self.env.docname)
        return [parcours_placeholder()]


def _ordered_docs(app: Sphinx) -> list[str]:
    site_map = getattr(app.config, "external_site_map", None)
    if site_map is not None:
        return [Path(name).with_suffix("").as_posix() for name in site_map]
    return sorted(app.env.found_docs)


def _table(app: Sphinx, fromdoc: str) -> str:
    esc = html.escape
    course = course_data(app.env)
    rows, data, total = [], [], 0
    for docname in _ordered_docs(app):
        if docname not in course.chapters:
            continue
        duration = course.chapters[docname].duration
        total += duration
        quizzes = course.quizzes.get(docname, [])
        exercises = course.exercises.get(docname, [])
        data.append({"doc": docname, "quizzes": quizzes, "exercises": exercises,
                     "final": course.chapters[docname].final_quiz,
                     "practice": course.chapters[docname].practice})
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        link = app.builder.get_relative_uri(fromdoc, docname)
        rows.append(
            f'<tr><th scope="row"><a href="{esc(link)}">{esc(title)}</a></th>'
            f"<td>{esc(format_minutes(duration))}</td>"
            f'<td class="caire-progress-quizzes">{"—" if quizzes else "pas de quiz"}</td>'
            f'<td class="caire-progress-exercises">{"—" if exercises else "pas d’exercice"}'
            "</td></tr>")
    return (
        f'<div class="caire-parcours" data-parcours="{esc(json.dumps(data))}">\n'
        # On a narrow screen the table scrolls in its own box, not the page.
        '<div class="caire-table-scroll" tabindex="0" role="region" '
        'aria-labelledby="caire-parcours-caption">\n'
        '<table class="caire-parcours-table">\n'
        '<caption id="caire-parcours-caption">Votre progression, chapitre par chapitre'
        "</caption>\n"
        '<thead><tr><th scope="col">Chapitre</th><th scope="col">Durée estimée</th>'
        '<th scope="col">Quiz réussis</th><th scope="col">Exercices réussis</th></tr>'
        "</thead>\n"
        f"<tbody>{''.join(rows)}</tbody>\n"
        f'<tfoot><tr><th scope="row">Total</th><td>{esc(format_minutes(total))}</td>'
        '<td class="caire-progress-quizzes-total">—</td>'
        '<td class="caire-progress-exercises-total">—</td></tr></tfoot>\n</table>\n</div>\n'
        "<noscript><p>La progression s'affiche quand JavaScript est activé.</p></noscript>\n"
        '<p class="caire-progress-note">Votre progression est enregistrée dans ce navigateur '
        "uniquement : rien n'est envoyé à un serveur.</p>\n"
        '<button type="button" class="caire-progress-clear" hidden>'
        "Effacer ma progression</button>\n"
        '<div role="status" class="caire-progress-status"></div>\n</div>\n')


def _prerequisites(app: Sphinx, fromdoc: str) -> str:
    """The chapters before the final quiz, each with what the learner must get right
    (quiz ids) and pass (exercise ids); the script lists those not done yet. Without
    script, the sentence alone stands."""
    esc = html.escape
    course = course_data(app.env)
    chapters = []
    for docname in _ordered_docs(app):
        if docname == fromdoc:
            break
        info = course.chapters.get(docname)
        if info is None or info.final_quiz:
            continue
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        chapters.append({"title": title, "link": app.builder.get_relative_uri(fromdoc, docname),
                         "quizzes": course.quizzes.get(docname, []),
                         "exercises": course.exercises.get(docname, [])})
    return (
        f'<div class="caire-final-prereq" data-chapters="{esc(json.dumps(chapters))}">\n'
        "<p><strong>Avant le quiz :</strong> terminez les chapitres du parcours, leurs quiz "
        "réussis et leurs exercices validés.</p>\n"
        '<p class="caire-final-prereq-status"></p>\n'
        '<ul class="caire-final-prereq-list" hidden></ul>\n</div>\n')


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(parcours_placeholder)):
        node.replace_self(nodes.raw("", _table(app, docname), format="html"))
    for node in list(doctree.findall(prerequisites_placeholder)):
        node.replace_self(nodes.raw("", _prerequisites(app, docname), format="html"))


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    # The table and a final quiz's notice summarise every chapter: rebuild them whenever
    # any page changes.
    if added or changed or removed:
        course = course_data(env)
        finals = {doc for doc, info in course.chapters.items() if info.final_quiz}
        return sorted((course.parcours_pages | finals) & env.found_docs)
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(parcours_placeholder)
    app.add_node(prerequisites_placeholder)
    app.add_directive("parcours", ParcoursDirective)
    app.connect("doctree-read", _read_chapter)
    app.connect("doctree-resolved", _resolve)
    app.connect("env-get-outdated", _outdated)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
