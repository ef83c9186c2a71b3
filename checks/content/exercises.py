"""The exercise convention (nbgrader-compatible markers) and the learner version of a notebook.

- a code cell with `### BEGIN SOLUTION` ... `### END SOLUTION` is an exercise;
- the code cells tagged `tests` after it hold its assertions; lines between
  `### BEGIN HIDDEN TESTS` and `### END HIDDEN TESTS` are left out of the learner version;
- the learner version replaces each solution region with a starter stub that keeps the
  names defined (`name = ...`), so the tests meet the placeholder, not a NameError.
"""

from __future__ import annotations

import ast
import copy
import re
import textwrap
from dataclasses import dataclass, field

import nbformat

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
TESTS_TAG = "tests"
STUB_COMMENT = "# À compléter : remplacez ... par votre réponse"


class MarkerError(ValueError):
    """Markers that do not pair up, or a solution region that is not Python."""


@dataclass
class Exercise:
    cell: int
    tests: list[int] = field(default_factory=list)


@dataclass
class ExerciseLayout:
    exercises: list[Exercise]
    orphan_tests: list[int]


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def is_exercise(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and any(
        line.strip() == BEGIN_SOLUTION for line in cell.source.splitlines())


def is_tests(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and TESTS_TAG in _tags(cell)


def layout(nb: nbformat.NotebookNode) -> ExerciseLayout:
    """Pair each exercise with the tests cells that follow it."""
    exercises: list[Exercise] = []
    orphans: list[int] = []
    for index, cell in enumerate(nb.cells):
        if is_exercise(cell):
            exercises.append(Exercise(index))
        elif is_tests(cell):
            (exercises[-1].tests if exercises else orphans).append(index)
    return ExerciseLayout(exercises, orphans)


def _regions(lines: list[str], begin: str, end: str) -> list[tuple[int, int]]:
    """(begin, end) line indices of each marked region; MarkerError if they do not pair."""
    regions, start = [], None
    for number, line in enumerate(lines):
        marker = line.strip()
        if marker == begin:
            if start is not None:
                raise MarkerError(f"`{begin}` on line {number + 1} inside another region")
            start = number
        elif marker == end:
            if start is None:
                raise MarkerError(f"`{end}` on line {number + 1} without `{begin}`")
            regions.append((start, number))
            start = None
    if start is not None:
        raise MarkerError(f"`{begin}` on line {start + 1} is never closed by `{end}`")
    return regions


def _stub_statement(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [ast.unparse(t) for t in targets]
        return " = ".join(names) + " = ..."
    if isinstance(node, ast.Return):
        return "return ..."
    if isinstance(node, ast.FunctionDef):
        stub = copy.deepcopy(node)
        stub.body = [ast.Return(ast.Constant(...))]
        return ast.unparse(stub)
    return None


def starter_stub(region: str, indent: str = "") -> str:
    """The learner's placeholder for a solution region, at the markers' indentation."""
    try:
        tree = ast.parse(textwrap.dedent(region))
    except SyntaxError as exc:
        raise MarkerError(f"the solution is not valid Python (line {exc.lineno})") from None
    stubs = [s for s in map(_stub_statement, tree.body) if s]
    return textwrap.indent("\n".join([STUB_COMMENT, *(stubs or ["..."])]), indent)


def learner_source(source: str) -> str:
    """Replace every solution region with its starter stub."""
    lines = source.splitlines()
    out, last = [], 0
    for begin, end in _regions(lines, BEGIN_SOLUTION, END_SOLUTION):
        out += lines[last:begin]
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        out.append(starter_stub("\n".join(lines[begin + 1 : end]), indent))
        last = end + 1
    out += lines[last:]
    return "\n".join(out)


def solution_source(source: str) -> str:
    """The solution without its markers: what the "Voir la solution" disclosure shows."""
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in (BEGIN_SOLUTION, END_SOLUTION))


def without_hidden_tests(source: str) -> str:
    lines = source.splitlines()
    hidden = {n for begin, end in _regions(lines, BEGIN_HIDDEN, END_HIDDEN)
              for n in range(begin, end + 1)}
    return "\n".join(line for n, line in enumerate(lines) if n not in hidden)


def learner_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook a learner downloads: stubs instead of solutions, no hidden tests."""
    learner = copy.deepcopy(nb)
    for cell in learner.cells:
        if is_exercise(cell):
            cell.source = learner_source(cell.source)
        if is_tests(cell):
            cell.source = without_hidden_tests(cell.source)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return learner


_MARKER_LINE = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$", re.M)


def has_markers(source: str) -> bool:
    return bool(_MARKER_LINE.search(source))
