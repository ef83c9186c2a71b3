"""Moodle XML: the book's badge banks, for an institution that runs the badge quiz on its
own Moodle (Question bank > Import > Moodle XML format).

A badge bank is a notebook the book never publishes, named in `_config.yml`
(`caire: {badge_banks: [...]}`, see `checks.book.config`), with `"final_quiz": true` in
its caire metadata. One category per bank (its title) and a sub-category per section
(one per chapter of the course), so a Moodle quiz can draw "random questions" from each;
every question a `multichoice` with its per-answer feedback and shuffled answers, a
multiple-answer one with Moodle's partial-credit fractions. Nothing is built or executed.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from checks.book.config import badge_banks
from checks.content.course import chapter_of
from checks.content.notebook_file import read_notebook
from checks.content.quiz import QUIZ_FENCE, Quiz, QuizError, parse_quiz
from checks.content.typography import french_spacing
from checks.errors import SetupError
from checks.layout import CONFIG_FILE

# Moodle accepts only these grade fractions (percent) for an answer.
_FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
              16.66667, 14.28571, 12.5, 11.11111, 10, 5)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$", re.M)


@dataclass(frozen=True)
class BankQuestion:
    section: str
    quiz: Quiz


@dataclass(frozen=True)
class Bank:
    title: str
    source: Path
    questions: tuple[BankQuestion, ...]


def read_banks(root: Path) -> list[Bank]:
    """The badge banks `_config.yml` names, in its order, with each question's section
    (the last `##` heading above it)."""
    paths = badge_banks(root)
    if not paths:
        raise SetupError(f"{root / CONFIG_FILE}: no badge bank: name its notebook under "
                         "`caire: {badge_banks: [...]}` (the book never publishes it)")
    banks = []
    for path in paths:
        try:
            nb = read_notebook(path)
        except Exception as exc:  # noqa: BLE001 - any reader error, in one line
            raise SetupError(f"{path}: not a readable notebook ({exc})") from None
        chapter = chapter_of(nb)
        if chapter is None or not chapter.final_quiz:
            raise SetupError(f"{path}: a badge bank needs `final_quiz: true` and its "
                             "`outcomes` in its caire metadata")
        title, section, questions = path.stem, "", []
        for number, cell in enumerate(nb.cells):
            if cell.cell_type != "markdown":
                continue
            # Headings and quizzes in page order: a quiz belongs to the heading above it.
            events = sorted([(m.start(), "heading", m) for m in _HEADING.finditer(
                QUIZ_FENCE.sub(lambda q: " " * len(q.group(0)), cell.source))]
                + [(m.start(), "quiz", m) for m in QUIZ_FENCE.finditer(cell.source)],
                key=lambda event: event[0])
            for _start, kind, match in events:
                if kind == "heading":
                    level, text = len(match.group(1)), match.group(2)
                    if level == 1 and title == path.stem:
                        title = text
                    elif level == 2:
                        section = text
                    continue
                try:
                    quiz = parse_quiz(match.group(2))
                except QuizError as exc:
                    raise SetupError(f"{path}: cell {number}: {exc}") from None
                questions.append(BankQuestion(section or title, quiz))
        banks.append(Bank(title, path, tuple(questions)))
    return banks


def _fraction(count: int) -> str:
    """100 / count as the nearest of Moodle's fractions: a right option's share of a
    multiple-answer item with `count` right options, or a wrong one's penalty with
    `count` wrong options (Moodle sums the ticked fractions and keeps the item in
    [0, 1])."""
    share = 100 / count
    nearest = min(_FRACTIONS, key=lambda allowed: abs(allowed - share))
    return str(nearest)


def _html(parent: ET.Element, tag: str, content: str, french: bool) -> ET.Element:
    """A Moodle text element holding one HTML paragraph (empty content: empty text)."""
    element = ET.SubElement(parent, tag, format="html")
    value = french_spacing(content) if french else content
    paragraph = f"<p>{html.escape(value, quote=False)}</p>" if value else ""
    ET.SubElement(element, "text").text = paragraph
    return element


def _category(quiz_root: ET.Element, path: str) -> None:
    question = ET.SubElement(quiz_root, "question", type="category")
    category = ET.SubElement(question, "category")
    ET.SubElement(category, "text").text = f"$course$/top/{path}"


def _question(quiz_root: ET.Element, quiz: Quiz, french: bool) -> None:
    question = ET.SubElement(quiz_root, "question", type="multichoice")
    name = ET.SubElement(question, "name")
    ET.SubElement(name, "text").text = quiz.id
    _html(question, "questiontext", quiz.question, french)
    _html(question, "generalfeedback", "", french)
    ET.SubElement(question, "defaultgrade").text = "1"
    ET.SubElement(question, "penalty").text = "0"
    ET.SubElement(question, "hidden").text = "0"
    ET.SubElement(question, "idnumber").text = quiz.id
    ET.SubElement(question, "single").text = "false" if quiz.multiple else "true"
    ET.SubElement(question, "shuffleanswers").text = "true"
    ET.SubElement(question, "answernumbering").text = "abc"
    right = sum(choice.correct for choice in quiz.choices)
    wrong = len(quiz.choices) - right
    for choice in quiz.choices:
        if choice.correct:
            fraction = _fraction(right)
        elif quiz.multiple:
            fraction = f"-{_fraction(wrong)}"  # a wrong box ticked costs its share
        else:
            fraction = "0"
        answer = _html(question, "answer", choice.text, french)
        answer.set("fraction", fraction)
        _html(answer, "feedback", choice.feedback, french)


def moodle_xml(banks: list[Bank], course_title: str, french: bool = True) -> bytes:
    quiz_root = ET.Element("quiz")
    for bank in banks:
        sections: dict[str, list[Quiz]] = {}
        for item in bank.questions:
            sections.setdefault(item.section, []).append(item.quiz)
        for section, quizzes in sections.items():
            # Moodle separates category levels with "/": a title must not add levels.
            path = "/".join(part.replace("/", "-") for part in
                            (course_title, bank.title, section) if part)
            _category(quiz_root, path)
            for quiz in quizzes:
                _question(quiz_root, quiz, french)
    ET.indent(quiz_root)
    return ET.tostring(quiz_root, encoding="utf-8", xml_declaration=True)


def export_moodle_quiz(root: Path, output: Path, course_title: str, french: bool) -> int:
    """Write the bank; returns the number of questions."""
    banks = read_banks(root)
    count = sum(len(bank.questions) for bank in banks)
    if not count:
        raise SetupError(f"{root / CONFIG_FILE}: the badge banks hold no question")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(moodle_xml(banks, course_title, french))
    return count
