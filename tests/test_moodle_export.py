"""`caire export moodle-quiz`: the book's badge banks (named in `_config.yml`, never
published) as a Moodle XML question bank, read back the way Moodle's importer reads it
(one category per section, multichoice questions, grade fractions from Moodle's list,
partial credit for multiple answers, per-answer feedback, French text intact)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from checks.book.toc import toc_sources
from checks.content.notebook_file import read_notebook
from checks.content.quiz import QUIZ_FENCE, parse_quiz
from checks.content.typography import french_spacing
from conftest import ROOT, badge_bank, make_book, notebook, run_caire, single_quiz, tree_digest

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


def moodle_fractions(right: int, options: int) -> tuple[float, float]:
    """Moodle's multiple-answer fractions: each right option 100/k, each wrong one
    -100/(n-k), as the nearest values of its list."""
    def nearest(share: float) -> float:
        return min(MOODLE_FRACTIONS - {0}, key=lambda allowed: abs(allowed - share))
    return nearest(100 / right), -nearest(100 / (options - right))


COURSE_BANKS = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))[
    "caire"]["badge_banks"]


@pytest.mark.skipif(not all((ROOT / name).is_file() for name in COURSE_BANKS),
                    reason="the course's badge bank is written on its own branch")
def test_the_course_badge_bank_exports_as_a_moodle_question_bank(tmp_path: Path) -> None:
    published = {path.resolve() for path in toc_sources(ROOT)[0]}
    assert COURSE_BANKS and all((ROOT / n).resolve() not in published for n in COURSE_BANKS)
    bank = export(ROOT, tmp_path)
    assert bank.tag == "quiz"
    quizzes = {}
    for name in COURSE_BANKS:
        for cell in read_notebook(ROOT / name).cells:
            for match in QUIZ_FENCE.finditer(cell.source if cell.cell_type == "markdown" else ""):
                quiz = parse_quiz(match.group(2))
                quizzes[quiz.id] = quiz
    categories = [q.findtext("category/text") for q in bank.iter("question")
                  if q.get("type") == "category"]
    questions = [q for q in bank.iter("question") if q.get("type") == "multichoice"]
    assert len(questions) == len(quizzes) >= 45
    # One category per chapter of the course, under the course and the bank's title.
    assert len(categories) == 9 and len(set(categories)) == 9
    assert all(c.startswith("$course$/top/IA responsable — niveau 1") for c in categories)
    assert [q.findtext("name/text") for q in questions] == list(quizzes)
    for question in questions:
        quiz = quizzes[question.findtext("name/text")]
        assert question.findtext("single") == ("false" if quiz.multiple else "true")
        assert question.findtext("shuffleanswers") == "true"
        assert paragraph_text(question.find("questiontext")) == french_spacing(quiz.question)
        answers = question.findall("answer")
        right = sum(choice.correct for choice in quiz.choices)
        plus, minus = moodle_fractions(right, len(quiz.choices)) if quiz.multiple \
            else (100, 0)
        for answer, choice in zip(answers, quiz.choices, strict=True):
            assert paragraph_text(answer) == french_spacing(choice.text)
            assert float(answer.get("fraction")) == (plus if choice.correct else minus)
            assert paragraph_text(answer.find("feedback")) == french_spacing(choice.feedback)
    text = (tmp_path / "bank.xml").read_text(encoding="utf-8")
    assert "«\u00a0" in text or "\u00a0?" in text  # French spacing


MULTIPLE = """```{{quiz}}
id: {id}
question: Lesquels sont pairs ?
type: multiple
choices:
{choices}```"""


def multiple(quiz_id: str, rights: list[bool]) -> str:
    choices = "".join(f"  - text: Nombre {n}\n    correct: {str(r).lower()}\n"
                      f"    feedback: Le nombre {n} {'est' if r else 'n’est pas'} pair.\n"
                      for n, r in enumerate(rights))
    return MULTIPLE.format(id=quiz_id, choices=choices)


def bank_book(tmp_path: Path, text: str, published: dict | None = None) -> Path:
    chapter = notebook(("md", "# Chapitre"), ("md", single_quiz("chapitre-q", "Publiée ?")),
                       metadata={"caire": {"outcomes": ["a"]}})
    return make_book(tmp_path / "book", {"book/index.md": "# Accueil\n",
                                         "notebooks/chapitre.ipynb": chapter,
                                         **(published or {}), "exam/banque.md": text},
                     badge_banks=("exam/banque.md",))


def test_multiple_answer_questions_get_moodle_partial_credit(tmp_path: Path) -> None:
    text = badge_bank(("Chapitre 1 : nombres", [
        multiple("trois-sur-quatre", [True, True, True, False]),
        multiple("deux-sur-cinq", [True, False, True, False, False]),
        multiple("un-sur-quatre", [False, True, False, False]),
        multiple("quatre-sur-sept", [True, False, True, False, True, True, False]),
    ]), ("Chapitre 2 : unique", [single_quiz("unique", "Laquelle ?", right=2)]),
        title="Examen")
    bank = export(bank_book(tmp_path, text), tmp_path)
    categories = [q.findtext("category/text") for q in bank.iter("question")
                  if q.get("type") == "category"]
    assert [c.rsplit("/", 2)[1:] for c in categories] == [
        ["Examen", "Chapitre 1 : nombres"], ["Examen", "Chapitre 2 : unique"]]
    questions = {q.findtext("name/text"): q for q in bank.iter("question")
                 if q.get("type") == "multichoice"}
    assert "chapitre-q" not in questions  # the published chapter is not the bank

    def fractions(quiz_id: str) -> list[float]:
        return [float(a.get("fraction")) for a in questions[quiz_id].findall("answer")]

    assert all(questions[q].findtext("single") == "false" for q in list(questions)[:4])
    assert fractions("trois-sur-quatre") == [33.33333, 33.33333, 33.33333, -100]
    assert fractions("deux-sur-cinq") == [50, -33.33333, 50, -33.33333, -33.33333]
    assert fractions("un-sur-quatre") == [-33.33333, 100, -33.33333, -33.33333]
    assert fractions("quatre-sur-sept") == [25, -33.33333, 25, -33.33333, 25, 25, -33.33333]
    assert questions["unique"].findtext("single") == "true"
    assert fractions("unique") == [0, 0, 100]
    for quiz_id in questions:
        assert all(abs(f) in MOODLE_FRACTIONS for f in fractions(quiz_id))
        # Every right option ticked, and only those: the whole point (Moodle's sum).
        assert abs(sum(f for f in fractions(quiz_id) if f > 0) - 100) < 1e-3


def test_a_book_without_badge_bank_is_a_one_line_error_naming_its_config(
        tmp_path: Path) -> None:
    final = notebook(("md", "# Quiz final"), ("md", single_quiz("publiee", "Publiée ?")),
                     metadata={"caire": {"outcomes": ["a"], "final_quiz": True}})
    root = make_book(tmp_path / "book", {"book/index.md": "# Accueil\n",
                                         "notebooks/final.ipynb": final})
    result = run_caire("export", "moodle-quiz", cwd=root)
    assert result.returncode == 2  # as every setup error of the CLI
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    # A published final quiz is no badge bank: its answers are in the site.
    assert line.startswith(f"caire: error: {root / '_config.yml'}: no badge bank")
    assert "badge_banks" in line


def test_a_badge_bank_path_that_is_not_a_file_is_a_one_line_error(tmp_path: Path) -> None:
    root = bank_book(tmp_path, badge_bank(("Chapitre 1", [single_quiz("q", "Q ?")])))
    (root / "exam/banque.md").unlink()
    for command in (("export", "moodle-quiz"), ("check", "--no-execute")):
        result = run_caire(*command, cwd=root)
        assert result.returncode == 2 and "Traceback" not in result.stderr, command
        [line] = [x for x in result.stderr.strip().splitlines() if "banque" in x]
        assert line == (f"caire: error: {root / '_config.yml'}: caire: badge_banks: "
                        "exam/banque.md: "
                        "no such notebook (.md or .ipynb) in the book"), command


def test_a_broken_bank_question_names_file_and_cell(tmp_path: Path) -> None:
    broken = "```{quiz}\nid: sans-reponse\nquestion: Pourquoi ?\nchoices:\n" \
             "  - text: A\n    feedback: Non.\n  - text: B\n    feedback: Non.\n```"
    final = notebook(("md", "# Examen"), ("md", "## Chapitre 1\n\n" + broken),
                     metadata={"caire": {"outcomes": ["a"], "final_quiz": True}})
    root = make_book(tmp_path / "book", {"book/index.md": "# Accueil\n",
                                         "exam/banque.ipynb": final},
                     badge_banks=("exam/banque.ipynb",))
    result = run_caire("export", "moodle-quiz", cwd=root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "banque.ipynb: cell 1:" in result.stderr and "no right answer" in result.stderr
    assert not (root / "_build/caire-moodle-quiz.xml").exists()


def test_a_badge_bank_without_final_quiz_metadata_is_refused(tmp_path: Path) -> None:
    text = badge_bank(("Chapitre 1", [single_quiz("q", "Q ?")])).replace(
        "  final_quiz: true\n", "")
    result = run_caire("export", "moodle-quiz", cwd=bank_book(tmp_path, text))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "banque.md: a badge bank needs `final_quiz: true`" in result.stderr
