"""The level-1 course meets its own checklist: nine chapters between the welcome page
and the final quiz, each with outcomes, exercises and quizzes, durations computed; a final
quiz bank covering every chapter; what the institution must say in one place."""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from checks.book.toc import toc_notebooks
from checks.content.course import READING_WORDS_PER_MINUTE, chapter_of, estimated_minutes
from checks.content.exercises import layout
from checks.content.quiz import parse_quiz, quiz_bodies
from conftest import ROOT

pytestmark = [pytest.mark.course]

NOTEBOOKS = toc_notebooks(ROOT)
CHAPTERS = [p for p in NOTEBOOKS if re.match(r"0[1-9]_", p.name)]


def read(path):
    return nbformat.read(path, as_version=4)


def test_nine_chapters_between_welcome_and_final_quiz() -> None:
    names = [p.name for p in NOTEBOOKS]
    assert names[0] == "00_bienvenue.ipynb" and names[-1] == "10_quiz_final.ipynb"
    assert len(CHAPTERS) == 9


def test_the_course_takes_200_to_220_minutes_by_its_own_measure() -> None:
    total = sum(chapter_of(read(path)).duration for path in NOTEBOOKS)
    assert 200 <= total <= 220, total


def test_final_quiz_is_a_bank_of_scenario_questions_covering_every_chapter() -> None:
    nb = read(NOTEBOOKS[-1])
    final = chapter_of(nb)
    assert final.final_quiz and final.pass_mark == 80 and final.draw == 10
    assert final.attempts == 1  # the first attempt is scored
    sections = {}
    for cell in nb.cells:
        heading = re.match(r"## Chapitre (\d+)", cell.source)
        if heading:
            sections[int(heading.group(1))] = [parse_quiz(b) for b in quiz_bodies(cell.source)]
    assert sorted(sections) == list(range(1, len(CHAPTERS) + 1))  # one per chapter
    bank = [quiz for quizzes in sections.values() for quiz in quizzes]
    assert len(bank) >= 30 and all(len(quizzes) >= 3 for quizzes in sections.values())
    for quiz in bank:
        assert not quiz.multiple and len(quiz.choices) == 4, quiz.id
        assert sum(choice.correct for choice in quiz.choices) == 1, quiz.id
        # Feedback that explains: more than "Oui." or "Non.".
        assert all(len(choice.feedback.split()) >= 6 for choice in quiz.choices), quiz.id


def test_what_the_institution_must_say_is_in_one_place_and_shown() -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    facts = config["parse"]["myst_substitutions"]
    assert {"outils_autorises", "charte_ia", "referents_ia", "regles_examens",
            "niveaux_suivants"} <= set(facts)
    pages = [nbformat.read(p, as_version=4) for p in NOTEBOOKS]
    text = "\n".join(c.source for nb in pages for c in nb.cells if c.cell_type == "markdown")
    used = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", text))
    assert used == set(facts)  # every fact shown somewhere, nothing shown undefined


def test_durations_are_computed_from_the_content_never_written_by_hand() -> None:
    for path in NOTEBOOKS:
        assert "duration_minutes" not in read(path).metadata["caire"], path.name
    nb = read(CHAPTERS[0])
    before = estimated_minutes(nb)
    # Ten minutes of reading at the stated pace add ten minutes, nothing else does.
    nb.cells.append(nbformat.v4.new_markdown_cell("mot " * (10 * READING_WORDS_PER_MINUTE)))
    assert estimated_minutes(nb) == before + 10
    nb.cells.append(nbformat.v4.new_code_cell("x = 1"))
    assert estimated_minutes(nb) == before + 10


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_checklist(path) -> None:
    nb = read(path)
    meta = nb.metadata["caire"]
    assert estimated_minutes(nb) > 0 and len(meta["outcomes"]) >= 2
    # The 2026 review: one or two manipulations that show something, not strings typed
    # as disguised multiple choice (those are quiz items).
    assert len([e for e in layout(nb).exercises if e.tests]) >= 1, "an exercise with tests"
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    quizzes = [parse_quiz(body) for body in quiz_bodies(markdown)]
    assert len(quizzes) >= 5, "a self-check quiz of at least five questions"
    assert all(choice.feedback for quiz in quizzes for choice in quiz.choices)
    assert re.search(r"^## À retenir", markdown, re.M)
    assert "bibliographie" in markdown, "the chapter points to its sources"
    figures = [c for c in nb.cells if c.cell_type == "code"
               and c.metadata.get("mystnb", {}).get("image", {}).get("alt")]
    assert figures, "at least one figure, with alt text"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_without_outputs(path) -> None:
    for cell in read(path).cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


def test_no_real_looking_contact_data() -> None:
    """Examples use reserved or invalid values only: no real person can be reached."""
    for path in NOTEBOOKS:
        text = path.read_text(encoding="utf-8")
        for email in re.findall(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", text):
            assert email.endswith(".example"), f"{path.name}: {email}"
