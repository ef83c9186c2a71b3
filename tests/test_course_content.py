"""The level-1 course meets its own checklist: eight chapters between the welcome page
and the final quiz, each with outcomes, exercises and quizzes, durations computed."""

from __future__ import annotations

import re

import nbformat
import pytest

from checks.book.toc import toc_notebooks
from checks.content.course import READING_WORDS_PER_MINUTE, estimated_minutes
from checks.content.exercises import layout
from checks.content.quiz import parse_quiz, quiz_bodies
from conftest import ROOT

pytestmark = [pytest.mark.course]

NOTEBOOKS = toc_notebooks(ROOT)
CHAPTERS = [p for p in NOTEBOOKS if re.match(r"0[1-8]_", p.name)]


def read(path):
    return nbformat.read(path, as_version=4)


def test_eight_chapters_between_welcome_and_final_quiz() -> None:
    names = [p.name for p in NOTEBOOKS]
    assert names[0] == "00_bienvenue.ipynb" and names[-1] == "10_quiz_final.ipynb"
    assert len(CHAPTERS) == 8


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
    assert len([e for e in layout(nb).exercises if e.tests]) >= 2, "two exercises with tests"
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
