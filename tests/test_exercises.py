"""The learner version of an exercise: stubs keep names defined, hidden tests disappear."""

from __future__ import annotations

import pytest

from checks.content.exercises import (
    STUB_COMMENT,
    MarkerError,
    layout,
    learner_source,
    solution_source,
    without_hidden_tests,
)
from conftest import notebook


def test_assignment_becomes_a_placeholder() -> None:
    source = "seuil = 0.5\n### BEGIN SOLUTION\nseuil = 0.8\n### END SOLUTION\nprint(seuil)"
    assert learner_source(source) == f"seuil = 0.5\n{STUB_COMMENT}\nseuil = ...\nprint(seuil)"


def test_function_body_keeps_its_indentation_and_returns_a_placeholder() -> None:
    source = ("def moyenne(notes):\n    ### BEGIN SOLUTION\n    total = sum(notes)\n"
              "    return total / len(notes)\n    ### END SOLUTION")
    assert learner_source(source) == (f"def moyenne(notes):\n    {STUB_COMMENT}\n"
                                      "    total = ...\n    return ...")
    compile(learner_source(source), "stub", "exec")


def test_whole_function_keeps_its_signature() -> None:
    source = "### BEGIN SOLUTION\ndef aire(r, pi=3.14):\n    return pi * r * r\n### END SOLUTION"
    assert learner_source(source) == f"{STUB_COMMENT}\ndef aire(r, pi=3.14):\n    return ..."


def test_other_statements_leave_an_ellipsis() -> None:
    source = "### BEGIN SOLUTION\nprint('bonjour')\n### END SOLUTION"
    assert learner_source(source) == f"{STUB_COMMENT}\n..."


def test_solution_shown_without_markers() -> None:
    source = "x = 1\n### BEGIN SOLUTION\nx = 2\n### END SOLUTION"
    assert solution_source(source) == "x = 1\nx = 2"


def test_hidden_tests_are_removed() -> None:
    source = ("assert f(1) == 2, 'indice'\n### BEGIN HIDDEN TESTS\nassert f(3) == 6\n"
              "### END HIDDEN TESTS\nprint('fin')")
    assert without_hidden_tests(source) == "assert f(1) == 2, 'indice'\nprint('fin')"


@pytest.mark.parametrize("source, message", [
    ("### BEGIN SOLUTION\nx = 1", "never closed"),
    ("x = 1\n### END SOLUTION", "without"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another"),
    ("### BEGIN SOLUTION\nx = = 1\n### END SOLUTION", "not valid Python"),
])
def test_bad_markers_are_reported(source: str, message: str) -> None:
    with pytest.raises(MarkerError, match=message):
        learner_source(source)


def test_tests_cells_pair_with_the_exercise_before_them() -> None:
    nb = notebook(("code", "assert True"), ("code", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
                  ("code", "assert x == 1, 'x'"), ("code", "assert x, 'x'"))
    for index in (0, 2, 3):
        nb.cells[index].metadata["tags"] = ["tests"]
    shape = layout(nb)
    assert [(e.cell, e.tests) for e in shape.exercises] == [(1, [2, 3])]
    assert shape.orphan_tests == [0]
