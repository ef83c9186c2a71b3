"""Every hint that points somewhere ("essayez plus grand", "le seuil est trop haut") agrees
with what the code does over the whole range of plausible answers: for each course
exercise whose answer is one number, every value of the range is tried, and a hint that
says "larger" (or "smaller") is only given where a larger (or smaller) value passes."""

from __future__ import annotations

import ast
import contextlib
import io
import re
from itertools import pairwise

import matplotlib
import nbformat
import pytest

from checks.book.toc import toc_notebooks
from checks.content import exercises as ex
from conftest import ROOT

pytestmark = [pytest.mark.course, pytest.mark.slow]

LARGER = re.compile(r"plus grand|trop bas|plus loin|plus élevé", re.I)
SMALLER = re.compile(r"plus petit|trop haut|plus bas", re.I)


def _runnable(code: str) -> str:
    return "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))


def _numeric_exercises():
    """(notebook, cell, variable, solution value, earlier code, tests code) for each
    exercise whose solution is `name = <number>`."""
    for path in toc_notebooks(ROOT):
        nb = nbformat.read(path, as_version=4)
        earlier: list[str] = []
        code = [c for c in nb.cells if c.cell_type == "code"]
        for position, cell in enumerate(code):
            tags = cell.metadata.get("tags", [])
            if "skip-execution" in tags:
                continue
            if ex.BEGIN_SOLUTION in cell.source:
                solution = ex.solution_source(cell.source)
                body = ex.solution_source(cell.source).strip().splitlines()
                tree = ast.parse(solution)
                single = [n for n in tree.body if isinstance(n, ast.Assign)]
                tests = []
                for later in code[position + 1:]:
                    if "tests" not in later.metadata.get("tags", []):
                        break
                    tests.append(_runnable(later.source))
                if len(body) == 1 and single and isinstance(single[0].value, ast.Constant) \
                        and isinstance(single[0].value.value, (int, float)) and tests:
                    target = single[0].targets[0]
                    yield pytest.param(list(earlier), target.id, single[0].value.value,
                                       "\n".join(tests), id=f"{path.stem}-{target.id}")
                earlier.append(_runnable(solution))
            else:
                earlier.append(_runnable(cell.source))


def values_around(solution: int | float) -> list[int | float]:
    if isinstance(solution, int):
        return list(range(0, max(21, 2 * solution + 1)))
    return [i / 100 for i in range(0, 101)] if 0 <= solution <= 1 else \
        [solution * i / 10 for i in range(0, 31)]


@pytest.mark.parametrize(("earlier", "name", "solution", "tests"), list(_numeric_exercises()))
def test_directional_hints_agree_with_the_code(earlier, name, solution, tests) -> None:
    matplotlib.use("Agg")
    namespace: dict = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        for code in earlier:
            exec(compile(code, "cellule", "exec"), namespace)  # noqa: S102 - the course's code
    outcomes: dict = {}
    for value in values_around(solution):
        trial = dict(namespace, **{name: value})
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(tests, "tests", "exec"), trial)  # noqa: S102
            outcomes[value] = None
        except AssertionError as failure:
            outcomes[value] = str(failure)
    passing = [v for v, hint in outcomes.items() if hint is None]
    assert solution in passing, (name, outcomes.get(solution))
    for value, hint in outcomes.items():
        if hint and LARGER.search(hint):
            assert any(p > value for p in passing), (name, value, hint)
        if hint and SMALLER.search(hint):
            assert any(p < value for p in passing), (name, value, hint)
    # No trap between two neighbours: "go larger" just below "go smaller", neither right.
    walked = sorted(outcomes)
    for low, high in pairwise(walked):
        up, down = outcomes[low], outcomes[high]
        assert not (up and down and LARGER.search(up) and SMALLER.search(down)), \
            (name, low, up, high, down)
