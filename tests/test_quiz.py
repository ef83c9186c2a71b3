"""Quiz validation: every rule a quiz must follow, and duplicate ids across the book."""

from __future__ import annotations

import pytest

from checks.content.quiz import QuizError, parse_quiz, quiz_bodies
from checks.gate.sources.check import check_sources
from checks.gate.sources.read import Cell, SourceDoc

GOOD = """id: q-un
question: Une question ?
type: single
choices:
  - text: A
    correct: true
    feedback: Oui.
  - text: B
    correct: false
    feedback: Non.
"""


def test_valid_quiz_parses() -> None:
    quiz = parse_quiz(GOOD)
    assert quiz.id == "q-un" and not quiz.multiple
    assert [c.correct for c in quiz.choices] == [True, False]


@pytest.mark.parametrize("change, message", [
    (lambda b: b.replace("  - text: B\n    correct: false\n    feedback: Non.\n", ""),
     "at least two choices"),
    (lambda b: b.replace("correct: true", "correct: false"), "no right answer"),
    (lambda b: b.replace("correct: false", "correct: true"), "single-answer but has 2"),
    (lambda b: b.replace("    feedback: Non.\n", ""), "choice 2 has no feedback"),
    (lambda b: b.replace("  - text: B", "  - text: A"), "same choice twice"),
    (lambda b: b.replace("question: Une question ?\n", ""), "no question"),
    (lambda b: b.replace("id: q-un\n", ""), "needs an `id`"),
    (lambda b: b.replace("type: single", "type: several"), "single or multiple"),
    (lambda b: b.replace("correct: true", "correct: oui"), "true or false"),
    (lambda b: b + "  - [broken", "not valid YAML"),
    (lambda b: "- juste une liste\n", "YAML mapping"),
])
def test_invalid_quiz_says_why(change, message: str) -> None:
    with pytest.raises(QuizError, match=message):
        parse_quiz(change(GOOD))


def test_multiple_answers_may_have_several_right_ones() -> None:
    body = GOOD.replace("type: single", "type: multiple").replace("correct: false",
                                                                  "correct: true")
    assert parse_quiz(body).multiple


def test_quiz_blocks_are_found_in_markdown() -> None:
    text = f"Texte\n\n```{{quiz}}\n{GOOD}```\n\n````{{quiz}}\n{GOOD}````\n"
    assert quiz_bodies(text) == [GOOD, GOOD]


def test_duplicate_ids_across_the_book_are_reported_with_file_and_cell() -> None:
    block = f"```{{quiz}}\n{GOOD}```"
    first = SourceDoc("notebooks/a.ipynb", [Cell(0, "markdown", "# A"),
                                            Cell(1, "markdown", block)], True)
    second = SourceDoc("notebooks/b.ipynb", [Cell(0, "markdown", "# B"),
                                             Cell(1, "markdown", "Intro"),
                                             Cell(2, "markdown", block)], True)
    found = [(f.rule, f.source, f.cell) for f in check_sources([first, second])
             if f.rule == "quiz-duplicate-id"]
    assert found == [("quiz-duplicate-id", "notebooks/b.ipynb", 2)]
