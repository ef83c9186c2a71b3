"""The course's Sphinx extension: list `checks.book.sphinx` in `extra_extensions`.

It sets up each part: the theme (MathJax shipped, interface in French), cell stamps, the
learner version of exercises, quizzes, facts with their check date, chapter information
and progress, the accessibility statement, and re-reading documents that warned last
time. Each part is a module here.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

# `core` (stamps, re-reading) is what every book gets; the rest is the course's own.
PARTS = ("core", "collector", "theme", "exercises", "runner", "quiz", "facts", "progress",
         "statement", "typography")


def setup(app: Sphinx) -> dict[str, Any]:
    for part in PARTS:
        app.setup_extension(f"{__name__}.{part}")
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
