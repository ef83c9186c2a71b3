"""What the course extensions remember about each document, kept the Sphinx way.

One `EnvironmentCollector` owns it: Sphinx calls `clear_doc` when a document is re-read
and `merge_other` when parallel readers hand their results back, so the data stays right
in incremental and parallel builds. Directives and doctree hooks record into it through
`course_data(env)`; nothing else is stored on the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from checks.content.course import Chapter

_ATTRIBUTE = "caire_course"


@dataclass
class CourseData:
    chapters: dict[str, Chapter] = field(default_factory=dict)
    quizzes: dict[str, list[str]] = field(default_factory=dict)
    exercises: dict[str, list[str]] = field(default_factory=dict)  # ids, in page order
    # Pages whose content summarises others (the progress table, the statement).
    parcours_pages: set[str] = field(default_factory=set)
    statement_pages: set[str] = field(default_factory=set)
    summary_stamp: float | None = None


def course_data(env: BuildEnvironment) -> CourseData:
    data = getattr(env, _ATTRIBUTE, None)
    if not isinstance(data, CourseData):
        data = CourseData()
        setattr(env, _ATTRIBUTE, data)
    return data


class CourseCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        data = course_data(env)
        data.chapters.pop(docname, None)
        data.quizzes.pop(docname, None)
        data.exercises.pop(docname, None)
        data.parcours_pages.discard(docname)
        data.statement_pages.discard(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        data, theirs = course_data(env), course_data(other)
        for docname in docnames:
            if docname in theirs.chapters:
                data.chapters[docname] = theirs.chapters[docname]
            if docname in theirs.quizzes:
                data.quizzes[docname] = theirs.quizzes[docname]
            if docname in theirs.exercises:
                data.exercises[docname] = theirs.exercises[docname]
            if docname in theirs.parcours_pages:
                data.parcours_pages.add(docname)
            if docname in theirs.statement_pages:
                data.statement_pages.add(docname)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        pass  # directives and doctree hooks record as they go


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_env_collector(CourseCollector)
    # Bump env_version when CourseData changes shape: Sphinx then reads every document
    # again instead of unpickling an environment of the old shape.
    return {"version": "0.3", "env_version": 2, "parallel_read_safe": True,
            "parallel_write_safe": True}
