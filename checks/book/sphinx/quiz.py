"""Sphinx extension: the `quiz` directive, rendered as a native, accessible HTML form.

A `fieldset` and `legend`, real radio buttons or checkboxes with labels, a "Vérifier"
button, and feedback announced in a `role="status"` live region. Without JavaScript the
questions stay readable; the button only appears when the script can check answers.
"""

from __future__ import annotations

import html
import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from checks.book.sphinx.collector import course_data
from checks.content.quiz import Quiz, QuizError, parse_quiz
from checks.content.typography import french_spacing

LOGGER = logging.getLogger(__name__)


def render_quiz(quiz: Quiz, french: bool = True, rank: int = 1) -> str:
    """The quiz as a native form; `rank` (its place on the page) tells its "Vérifier"
    button from the others' for screen readers."""
    def esc(text: str) -> str:
        return html.escape(french_spacing(text) if french else text)

    kind = "checkbox" if quiz.multiple else "radio"
    hint = "Plusieurs réponses possibles" if quiz.multiple else "Une seule réponse"
    answers = json.dumps([{"correct": c.correct,
                           "feedback": french_spacing(c.feedback) if french else c.feedback}
                          for c in quiz.choices], ensure_ascii=False)
    choices = "\n".join(
        f'<div class="caire-quiz-choice"><input type="{kind}" id="quiz-{quiz.id}-{i}" '
        f'name="quiz-{quiz.id}" value="{i}"><label for="quiz-{quiz.id}-{i}">{esc(c.text)}'
        "</label></div>"
        for i, c in enumerate(quiz.choices))
    return (
        f'<form class="caire-quiz" id="quiz-{quiz.id}" data-quiz="{quiz.id}" '
        f'data-answers="{html.escape(answers)}" novalidate>\n'
        f'<fieldset>\n<legend>{esc(quiz.question)} '
        f'<span class="caire-quiz-hint">({hint})</span></legend>\n{choices}\n</fieldset>\n'
        '<button type="submit" class="caire-quiz-check" hidden>Vérifier'
        f'<span class="caire-sr-only"> la question {rank}</span></button>\n'
        '<div role="status" class="caire-quiz-feedback"></div>\n</form>\n')


class QuizDirective(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            quiz = parse_quiz("\n".join(self.content))
        except QuizError as exc:
            LOGGER.warning("invalid quiz: %s", exc, location=self.get_location(),
                           type="caire", subtype="quiz")
            return []
        page = course_data(self.env).quizzes.setdefault(self.env.docname, [])
        page.append(quiz.id)
        french = (self.config.language or "").startswith("fr")
        return [nodes.raw("", render_quiz(quiz, french, len(page)), format="html")]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("quiz", QuizDirective)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
