"""The level-1 course meets its own checklist: nine chapters between the welcome page
and the practice quiz, each with outcomes, exercises and quizzes, durations computed; a
practice quiz covering every chapter and an unpublished badge bank; what the institution
must say in one place."""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from checks.book.config import sphinx_config
from checks.book.toc import toc_notebooks
from checks.content.course import READING_WORDS_PER_MINUTE, chapter_of, estimated_minutes
from checks.content.exercises import layout
from checks.content.notebook_file import read_notebook
from checks.content.quiz import parse_quiz, quiz_bodies
from conftest import ROOT

pytestmark = [pytest.mark.course]

NOTEBOOKS = toc_notebooks(ROOT)
CHAPTERS = [p for p in NOTEBOOKS if re.match(r"0[1-9]_", p.name)]


def read(path):
    return nbformat.read(path, as_version=4)


def test_nine_chapters_between_welcome_and_practice_quiz() -> None:
    names = [p.name for p in NOTEBOOKS]
    assert names[0] == "00_bienvenue.ipynb" and names[-1] == "10_quiz_final.ipynb"
    assert len(CHAPTERS) == 9


def test_the_course_takes_200_to_220_minutes_by_its_own_measure() -> None:
    total = sum(chapter_of(read(path)).duration for path in NOTEBOOKS)
    assert 200 <= total <= 220, total


def quiz_sections(nb) -> dict[int, list]:
    """The `## Chapitre N` sections of a bank and their quiz items."""
    sections: dict[int, list] = {}
    for cell in nb.cells:
        for heading, body in re.findall(r"^## Chapitre (\d+)[^\n]*\n(.*?)(?=^## |\Z)",
                                        cell.source, re.M | re.S):
            sections[int(heading)] = [parse_quiz(b) for b in quiz_bodies(body)]
    return sections


def test_the_site_offers_a_practice_quiz_that_says_the_badge_is_taken_elsewhere() -> None:
    nb = read(NOTEBOOKS[-1])
    final = chapter_of(nb)
    assert final.final_quiz and final.pass_mark == 80 and final.draw == 10
    assert final.attempts == 3  # practice: a learner may draw again in the LMS too
    assert final.practice  # in an LMS: completed once answered, never "failed"
    intro, closing = nb.cells[0].source, nb.cells[-1].source
    assert intro.startswith("# Quiz d'entraînement\n")
    assert "il ne compte pas pour le badge" in intro
    assert "plateforme de formation" in intro and "atelier" in intro
    assert "quiz du badge" in closing and "atelier" in closing
    sections = quiz_sections(nb)
    assert sorted(sections) == list(range(1, len(CHAPTERS) + 1))  # one per chapter
    for quizzes in sections.values():
        assert quizzes
        for quiz in quizzes:
            # Feedback that explains: more than "Oui." or "Non.".
            assert all(len(c.feedback.split()) >= 6 for c in quiz.choices), quiz.id


BANKS = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["caire"][
    "badge_banks"]


def test_the_badge_bank_is_named_in_the_config_and_never_published() -> None:
    assert BANKS == ["exam/badge_bank.md"]
    assert "exam/" not in (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert "exam/badge_bank.md" in sphinx_config(ROOT)["exclude_patterns"]


@pytest.mark.skipif(not (ROOT / "exam/badge_bank.md").is_file(),
                    reason="the course's badge bank is written on its own branch")
def test_the_badge_bank_covers_every_chapter_with_items_the_site_does_not_show() -> None:
    bank = read_notebook(ROOT / "exam/badge_bank.md")
    facts = chapter_of(bank)
    assert facts.final_quiz and facts.draw == 10 and facts.pass_mark == 80
    sections = quiz_sections(bank)
    assert sorted(sections) == list(range(1, len(CHAPTERS) + 1))  # one per chapter
    items = [quiz for quizzes in sections.values() for quiz in quizzes]
    assert len(items) >= 45 and all(len(quizzes) >= 5 for quizzes in sections.values())
    published = {parse_quiz(b).id for path in NOTEBOOKS for c in read(path).cells
                 for b in quiz_bodies(c.source)}
    published_stems = {parse_quiz(b).question for path in NOTEBOOKS for c in read(path).cells
                       for b in quiz_bodies(c.source)}
    assert not {q.id for q in items} & published
    assert not {q.question for q in items} & published_stems


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
