"""Course facts: each chapter's metadata (duration, outcomes, final quiz, pass mark).

A chapter notebook carries them in its metadata:
`"caire": {"duration_minutes": 20, "outcomes": [...], "final_quiz": true, "pass_mark": 80,
"attempts": 1}` (for a final quiz: how many answers to each question the LMS counts).
The book's progress table, the SCORM package and the badges all read them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.content.notebook_file import read_notebook

METADATA_KEY = "caire"
# Percent of right answers in the final quiz that earns the badge (8 out of 10).
PASS_MARK = 80


@dataclass(frozen=True)
class Chapter:
    duration: int  # minutes
    outcomes: tuple[str, ...]
    final_quiz: bool = False
    pass_mark: int = PASS_MARK
    # Answers to each final-quiz question that count: the first by default, so retrying
    # until right does not earn the badge.
    attempts: int = 1


def chapter_from_metadata(metadata: dict[str, Any]) -> Chapter | None:
    """The chapter facts in a notebook's metadata; None when it is not a chapter."""
    meta = metadata.get(METADATA_KEY) or {}
    duration = meta.get("duration_minutes")
    if not isinstance(duration, int | float) or duration <= 0:
        return None
    outcomes = tuple(str(o) for o in meta.get("outcomes", []) if str(o).strip())
    pass_mark = meta.get("pass_mark", PASS_MARK)
    if not isinstance(pass_mark, int | float) or not 0 < pass_mark <= 100:
        pass_mark = PASS_MARK
    attempts = meta.get("attempts", 1)
    if not isinstance(attempts, int) or attempts < 1:
        attempts = 1
    return Chapter(int(duration), outcomes, bool(meta.get("final_quiz")), int(pass_mark),
                   attempts)


def read_chapter(path: Path) -> Chapter | None:
    try:
        nb = read_notebook(path)
    except Exception:  # noqa: BLE001 - the exercise gate reports unreadable notebooks
        return None
    return chapter_from_metadata(nb.metadata)


def format_minutes(minutes: int) -> str:
    """French duration: `45 min`, `1 h`, `3 h 40`."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"
