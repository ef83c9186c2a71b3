"""The Python half of the in-browser runner (`book/_static/caire_runner.py`), in CPython:
which earlier cells a check runs, a clean namespace per check, what an answer looks like
for the explanations. The browser tests run the same file in Pyodide."""

from __future__ import annotations

import importlib.util
import json
import os
import warnings

import pytest

from conftest import ROOT


def load_runner():
    spec = importlib.util.spec_from_file_location("caire_runner",
                                                  ROOT / "book/_static/caire_runner.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def runner():
    return load_runner()


def test_importing_the_runner_changes_nothing_around_it() -> None:
    """Only the worker configures Python for learners: an import that set MPLBACKEND made
    every kernel this test process started afterwards draw no figure."""
    environment, filters = dict(os.environ), list(warnings.filters)
    load_runner()
    assert dict(os.environ) == environment and list(warnings.filters) == filters


def test_definitions_and_reads_of_a_cell(runner) -> None:
    defined, used = runner.names_of(
        "import numpy as np\nfrom a.b import c as d\nx = 1\nfor i in range(3):\n"
        "    table[i] = x\ndef f(p):\n    local = 2\n    return glob + p\n"
        "class K:\n    inner = 1\n")
    assert defined == {"np", "d", "x", "i", "table", "f", "K"}  # not local, p or inner
    assert {"range", "x", "table", "glob", "i"} <= used and "local" not in defined


def test_a_check_runs_only_the_cells_its_code_depends_on(runner) -> None:
    earlier = ["import re\nmots = ['a']", "lourd = calcul()",
               "def f(x):\n    return re.sub('a', '', x)", "mots.append('b')", "reponse = 3"]
    # f needs re (cell 0); the tests read mots, changed by cell 3, defined by cell 0.
    assert runner.needed_cells(earlier, ["y = f('abc')", "assert mots"]) == [0, 2, 3]
    # The exercise's own variable never comes from an earlier cell: the answer gives it.
    assert runner.needed_cells(earlier, ["", "assert reponse == 3"], {"reponse"}) == []
    assert runner.needed_cells(earlier, ["", "assert reponse == 3"]) == [4]
    assert runner.needed_cells(["x = (", "y = 1"], ["print(x, y)"]) == [1]  # unparsable


def test_each_check_starts_from_a_clean_namespace(runner) -> None:
    runner.fresh()
    assert json.loads(runner.run("nombre = 4", "votre-code"))["error"] is None
    runner.fresh()
    error = json.loads(runner.run("print(nombre)", "tests"))["error"]
    assert error["ename"] == "NameError" and error["name"] == "nombre"


def test_output_echo_and_errors(runner) -> None:
    runner.fresh()
    shown = json.loads(runner.run("print('a')\n1 + 1", "cellule-1", echo=True))
    assert shown == {"stdout": "a\n2\n", "figures": [], "error": None}
    quiet = json.loads(runner.run("9", "votre-code"))
    assert quiet["stdout"] == ""  # an answer's bare value is not echoed
    error = json.loads(runner.run("x = 1\ny = x +", "votre-code"))["error"]
    assert error["ename"] == "SyntaxError" and error["line"] == 2
    error = json.loads(runner.run("a = 1\nassert a == 2, 'Pas tout à fait.'", "tests"))["error"]
    assert error == {"ename": "AssertionError", "evalue": "Pas tout à fait.", "line": 2,
                     "name": None}


@pytest.mark.parametrize(("answer", "facts"), [
    ("", {"empty": True, "bare": False, "missing": ["nombre"], "extra": []}),
    ("# rien", {"empty": True, "bare": False, "missing": ["nombre"], "extra": []}),
    ("9", {"empty": False, "bare": True, "missing": ["nombre"], "extra": []}),
    ("nombre_jeton = 9", {"empty": False, "bare": False, "missing": ["nombre"],
                          "extra": ["nombre_jeton"]}),
    ("nombre = 9", {"empty": False, "bare": False, "missing": [], "extra": []}),
])
def test_what_an_answer_looks_like(runner, answer: str, facts: dict) -> None:
    assert runner.answer_facts(answer, "nombre = ...") == facts


def test_the_job_plan_keeps_the_answer_variables_out(runner) -> None:
    job = {"earlier": [{"cell": 1, "code": "base = 2"}, {"cell": 2, "code": "reponse = 1"}],
           "code": "reponse = base", "tests": ["assert reponse == 2"],
           "solution": "reponse = 2"}
    assert json.loads(runner.plan(json.dumps(job))) == [0]
