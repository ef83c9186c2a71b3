"""`caire export moodle-quiz`: the final quiz's bank as a Moodle XML question bank, read
back the way Moodle's importer reads it (one category per section, multichoice questions,
grade fractions from Moodle's list, per-answer feedback, French text intact)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat

from checks.content.quiz import QUIZ_FENCE, parse_quiz
from checks.content.typography import french_spacing
from conftest import ROOT, make_book, notebook, run_caire, tree_digest

# The fractions Moodle's multichoice importer accepts (question/type/multichoice).
MOODLE_FRACTIONS = {100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25,
                    20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0}


def paragraph_text(element: ET.Element | None) -> str:
    assert element is not None
    value = element.findtext("text") or ""
    match = re.fullmatch(r"<p>(.*)</p>", value, re.S)
    assert match, value
    return html.unescape(match.group(1))


def export(root: Path, tmp_path: Path) -> ET.Element:
    before = tree_digest(root)
    result = run_caire("export", "moodle-quiz", "--output", str(tmp_path / "bank.xml"),
                       cwd=root)
    assert result.returncode == 0, result.stderr
    assert tree_digest(root) == before
    return ET.parse(tmp_path / "bank.xml").getroot()  # well-formed, or this raises


def test_the_course_bank_exports_as_a_moodle_question_bank(tmp_path: Path) -> None:
    bank = export(ROOT, tmp_path)
    assert bank.tag == "quiz"
    source = (ROOT / "notebooks/10_quiz_final.ipynb").read_text(encoding="utf-8")
    quizzes = {}
    for cell in nbformat.reads(source, as_version=4).cells:
        for match in QUIZ_FENCE.finditer(cell.source if cell.cell_type == "markdown" else ""):
            quiz = parse_quiz(match.group(2))
            quizzes[quiz.id] = quiz
    categories = [q.findtext("category/text") for q in bank.iter("question")
                  if q.get("type") == "category"]
    questions = [q for q in bank.iter("question") if q.get("type") == "multichoice"]
    assert len(questions) == len(quizzes) >= 30
    # One category per chapter of the course, under the course and the bank's title.
    assert len(categories) == 9 and len(set(categories)) == 9
    assert all(c.startswith("$course$/top/IA responsable — niveau 1") for c in categories)
    assert [q.findtext("name/text") for q in questions] == list(quizzes)
    for question in questions:
        quiz = quizzes[question.findtext("name/text")]
        assert question.findtext("single") == "true"
        assert question.findtext("shuffleanswers") == "true"
        assert paragraph_text(question.find("questiontext")) == french_spacing(quiz.question)
        answers = question.findall("answer")
        assert len(answers) == 4
        fractions = [float(a.get("fraction")) for a in answers]
        assert sorted(fractions) == [0, 0, 0, 100]  # exactly one right answer
        for answer, choice in zip(answers, quiz.choices, strict=True):
            assert paragraph_text(answer) == french_spacing(choice.text)
            assert (float(answer.get("fraction")) == 100) == choice.correct
            assert paragraph_text(answer.find("feedback")) == french_spacing(choice.feedback)
    text = (tmp_path / "bank.xml").read_text(encoding="utf-8")
    assert "données personnelles" in text and "«\u00a0" in text  # accents, French spacing


def test_multiple_answer_questions_get_moodle_fractions(tmp_path: Path) -> None:
    quiz = """```{quiz}
id: pairs
question: Lesquels sont pairs ?
type: multiple
choices:
  - text: Deux
    correct: true
    feedback: Deux est pair.
  - text: Quatre
    correct: true
    feedback: Quatre est pair.
  - text: Six
    correct: true
    feedback: Six est pair.
  - text: Trois
    correct: false
    feedback: Trois est impair.
```"""
    final = notebook(("md", "# Examen"), ("md", f"## Nombres\n\n{quiz}"),
                     metadata={"caire": {"outcomes": ["a"], "final_quiz": True}})
    root = make_book(tmp_path / "book", {"book/index.md": "# Accueil\n",
                                         "notebooks/final.ipynb": final})
    bank = export(root, tmp_path)
    assert bank.find("question/category/text").text.endswith("/Examen/Nombres")
    question = bank.find("question[@type='multichoice']")
    assert question.findtext("single") == "false"
    fractions = [float(a.get("fraction")) for a in question.findall("answer")]
    assert fractions == [33.33333, 33.33333, 33.33333, -100]
    assert all(abs(f) in MOODLE_FRACTIONS for f in fractions)


def test_a_book_without_final_quiz_is_a_one_line_error(tmp_path: Path) -> None:
    chapter = notebook(("md", "# Chapitre"), metadata={"caire": {"outcomes": ["a"]}})
    root = make_book(tmp_path / "book", {"book/index.md": "# Accueil\n",
                                         "notebooks/chapitre.ipynb": chapter})
    result = run_caire("export", "moodle-quiz", cwd=root)
    assert result.returncode == 2  # as every setup error of the CLI
    assert "Traceback" not in result.stderr
    assert "no final quiz" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_broken_bank_question_names_file_and_cell(tmp_path: Path) -> None:
    broken = "```{quiz}\nid: sans-reponse\nquestion: Pourquoi ?\nchoices:\n" \
             "  - text: A\n    feedback: Non.\n  - text: B\n    feedback: Non.\n```"
    final = notebook(("md", "# Examen"), ("md", broken),
                     metadata={"caire": {"outcomes": ["a"], "final_quiz": True}})
    root = make_book(tmp_path / "book", {"book/index.md": "# Accueil\n",
                                         "notebooks/final.ipynb": final})
    result = run_caire("export", "moodle-quiz", cwd=root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "final.ipynb: cell 1:" in result.stderr and "no right answer" in result.stderr
    assert not (root / "_build/caire-moodle-quiz.xml").exists()
