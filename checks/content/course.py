"""Course facts: each chapter's outcomes, final quiz and pass mark, and its duration.

A chapter notebook carries its facts in its metadata:
`"caire": {"outcomes": [...], "final_quiz": true, "pass_mark": 80, "draw": 10,
"attempts": 1}`. A final quiz is a bank of questions: `draw` of them are drawn for each
attempt (all of them without `draw`), and the LMS scores the first `attempts` attempts,
each on the first answer given to each question. `"practice": true` marks a final quiz
that certifies nothing (the badge quiz runs elsewhere): in an LMS it is `completed` once
an attempt is answered, never `failed`, so it never holds back the package's completion.
Its duration is never written by hand: it is computed here from the chapter itself (the
words to read, the quiz items, the exercises), at the pace stated below. The chapter box,
"Mon parcours" and the SCORM package all read them here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from checks.content import exercises as ex
from checks.content.notebook_file import read_notebook
from checks.content.quiz import QUIZ_FENCE, QuizError, parse_quiz

METADATA_KEY = "caire"
# Percent of right answers in the final quiz that earns the badge (8 out of 10).
PASS_MARK = 80

# The pace durations are computed at. Silent reading of non-fiction averages 238 words a
# minute in English, and varies between languages (Brysbaert, 2019); a learner who reads
# to understand and remember goes slower: 180. A quiz item: its words at that pace,
# plus a minute to think and read the feedback. An exercise: five minutes for a learner
# who does not program to read the task, answer, check and try again once (the course's
# 2026 review estimated about five; three made typical learners take 4 h 30, not 3 h 30).
READING_WORDS_PER_MINUTE = 180
MINUTES_PER_QUIZ_ITEM = 1.0
MINUTES_PER_EXERCISE = 5.0
# Durations are shown rounded to this many minutes (and never under it).
ROUND_TO_MINUTES = 5


@dataclass(frozen=True)
class Chapter:
    duration: int  # minutes
    outcomes: tuple[str, ...]
    final_quiz: bool = False
    pass_mark: int = PASS_MARK
    # Final quiz: questions drawn from the bank for each attempt (None: all of them), and
    # attempts the LMS scores: one by default, so retrying until right earns nothing.
    draw: int | None = None
    attempts: int = 1
    practice: bool = False


_WORD = re.compile(r"\w+")
_NOT_READ = re.compile(r"\]\([^)]*\)|```.*?```|<[^>]+>|https?://\S+", re.S)


def _words(text: str) -> int:
    """Words a learner reads: link targets, code blocks and HTML tags left out."""
    return len(_WORD.findall(_NOT_READ.sub(" ", text)))


def estimated_minutes(nb: nbformat.NotebookNode, draw: int | None = None) -> int:
    """How long the chapter takes, from its content and the pace above; with `draw`, a
    learner meets that many of its quiz items (an average one each)."""
    words = 0
    quiz_words: list[int] = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in QUIZ_FENCE.finditer(cell.source):
            try:
                quiz = parse_quiz(match.group(2))
            except QuizError:
                continue
            quiz_words.append(_words(" ".join([quiz.question,
                                               *(c.text for c in quiz.choices)])))
        words += _words(QUIZ_FENCE.sub(" ", cell.source))
    items = min(draw, len(quiz_words)) if draw else len(quiz_words)
    if quiz_words:
        words += items * sum(quiz_words) / len(quiz_words)
    minutes = (words / READING_WORDS_PER_MINUTE + items * MINUTES_PER_QUIZ_ITEM
               + len(ex.layout(nb).exercises) * MINUTES_PER_EXERCISE)
    rounded = ROUND_TO_MINUTES * math.floor(minutes / ROUND_TO_MINUTES + 0.5)
    return max(ROUND_TO_MINUTES, rounded)


def chapter_of(nb: nbformat.NotebookNode) -> Chapter | None:
    """The chapter facts of a notebook; None when it is not a chapter (no `caire`
    metadata with outcomes)."""
    meta = nb.metadata.get(METADATA_KEY) or {}
    outcomes = tuple(str(o) for o in meta.get("outcomes", []) if str(o).strip())
    if not outcomes:
        return None
    pass_mark = meta.get("pass_mark", PASS_MARK)
    if not isinstance(pass_mark, int | float) or not 0 < pass_mark <= 100:
        pass_mark = PASS_MARK
    attempts = meta.get("attempts", 1)
    if not isinstance(attempts, int) or attempts < 1:
        attempts = 1
    final = bool(meta.get("final_quiz"))
    draw = meta.get("draw")
    if not final or not isinstance(draw, int) or isinstance(draw, bool) or draw < 1:
        draw = None
    return Chapter(estimated_minutes(nb, draw), outcomes, final, int(pass_mark), draw,
                   attempts, final and meta.get("practice") is True)


def final_bank(metadata: dict) -> tuple[int, int] | None:
    """(draw, pass mark) of a notebook whose `caire` metadata makes it a final quiz bank
    (`final_quiz: true` and a `draw`), chapter or not; None for any other notebook."""
    meta = metadata.get(METADATA_KEY) or {}
    draw, pass_mark = meta.get("draw"), meta.get("pass_mark", PASS_MARK)
    if not meta.get("final_quiz") or not isinstance(draw, int) or isinstance(draw, bool) \
            or draw < 1:
        return None
    if not isinstance(pass_mark, int | float) or not 0 < pass_mark <= 100:
        pass_mark = PASS_MARK
    return draw, int(pass_mark)


def is_final_bank(path: Path) -> bool:
    try:
        return final_bank(read_notebook(path).metadata) is not None
    except Exception:  # noqa: BLE001 - the exercise gate reports unreadable notebooks
        return False


def read_chapter(path: Path) -> Chapter | None:
    try:
        nb = read_notebook(path)
    except Exception:  # noqa: BLE001 - the exercise gate reports unreadable notebooks
        return None
    return chapter_of(nb)


def format_minutes(minutes: int) -> str:
    """French duration: `45 min`, `1 h`, `3 h 40`."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"
