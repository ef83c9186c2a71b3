"""The exercise gate on one fixture notebook per failure: exact rule and cell each time."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, course_config, run_caire, tree_digest

pytestmark = [pytest.mark.slow]

FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
EXPECTED: dict[str, list[tuple[str, int | None]]] = {
    "clean": [],
    "cell_error": [("notebook-execution", 2)],
    "timeout": [("cell-timeout", 1)],
    "kernel_exit": [("kernel-died", 1)],
    "segfault": [("kernel-died", 2)],
    "network": [("offline-network", 1)],
    "dns": [("offline-network", 2)],
    "pip_install": [("offline-install", 2)],
    # Installs guarded for Colab do not run here; in the guard's else, or under its
    # negation, they do.
    "pip_install_colab": [],
    "pip_install_else": [("offline-install", 1), ("offline-install", 3)],
    "solution_fails": [("exercise-solution-fails", 2)],
    "tests_pass": [("exercise-tests-pass-without-answer", 1)],
    "wrong_failure": [("exercise-wrong-failure", 2)],
    "no_hint": [("exercise-no-hint", 2)],
    "no_tests": [("exercise-no-tests", 2)],
    "orphan_tests": [("exercise-orphan-tests", 1)],
    "markers": [("exercise-markers", 1)],
    "not_json": [("notebook-not-json", None)],
    "invalid_nbformat": [("notebook-invalid", None)],
    "no_kernelspec": [("notebook-no-kernelspec", None)],
}


@pytest.fixture(scope="module")
def gate_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("gate")
    course_config(root)
    shutil.copytree(FIXTURES, root / "fixtures")
    before = tree_digest(root)
    first = run_caire("check", "fixtures", "--format", "json", cwd=root)
    second = run_caire("check", "fixtures", "--format", "json", cwd=root)
    return root, before, first, second


def by_notebook(result) -> dict[str, list[tuple[str, int | None]]]:
    report = json.loads(result.stdout)
    found: dict[str, list[tuple[str, int | None]]] = {}
    for finding in report["findings"]:
        name = Path(finding["source"]).stem
        found.setdefault(name, []).append((finding["rule"], finding["cell"]))
    return found


def test_every_fixture_is_covered() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.ipynb")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_reports_exactly_its_rule_and_cell(gate_run, name: str) -> None:
    _root, _before, first, _second = gate_run
    assert by_notebook(first).get(name, []) == EXPECTED[name]


def test_findings_follow_the_report_contract(gate_run) -> None:
    _root, _before, first, _second = gate_run
    assert first.returncode == 1
    assert "Traceback" not in first.stderr
    for finding in json.loads(first.stdout)["findings"]:
        assert set(finding) == {"rule", "severity", "message", "source", "cell", "page",
                                "wcag", "rgaa", "target", "line", "data", "act"}
        assert finding["line"] is None  # a .ipynb has cells, not lines
        assert finding["source"].startswith("fixtures/")
        assert finding["severity"] in ("error", "warning", "notice")
        assert "\n" not in finding["message"] and finding["message"]


def test_messages_name_the_exception(gate_run) -> None:
    report = json.loads(gate_run[2].stdout)
    messages = {Path(f["source"]).stem: f["message"] for f in report["findings"]}
    assert messages["cell_error"] == "ZeroDivisionError: division by zero"
    assert "TypeError" in messages["wrong_failure"]
    assert "example.invalid" in messages["dns"]


def test_second_run_reuses_the_cache_and_reports_the_same(gate_run) -> None:
    _root, _before, first, second = gate_run
    assert by_notebook(second) == by_notebook(first)
    assert "clean.ipynb: unchanged, not run again" in second.stderr
    # Time-outs and dead kernels may come from a loaded machine: always run again.
    assert "timeout.ipynb: executed" in second.stderr


def test_no_source_notebook_is_written(gate_run) -> None:
    root, before, _first, _second = gate_run
    assert tree_digest(root) == before


def test_clean_notebook_alone_passes(gate_run) -> None:
    root = gate_run[0]
    result = run_caire("check", "fixtures/clean.ipynb", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    # The folder's _config.yml is the course's: the report speaks its language.
    assert result.stdout.startswith("Aucun problème")


def test_missing_path_is_a_finding(gate_run) -> None:
    root = gate_run[0]
    result = run_caire("check", "fixtures/absent.ipynb", "--format", "json", cwd=root)
    assert result.returncode == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["source"]) == ("notebook-missing", "fixtures/absent.ipynb")


def test_junit_has_a_testcase_per_notebook_and_per_exercise(gate_run) -> None:
    root = gate_run[0]
    result = run_caire("check", "fixtures/clean.ipynb", "fixtures/tests_pass.ipynb",
                       "--format", "junit", cwd=root)
    suite = ET.fromstring(result.stdout)
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    assert set(cases) == {
        ("caire.notebook", "fixtures/clean.ipynb"),
        ("caire.exercise", "fixtures/clean.ipynb cell 2"),
        ("caire.exercise", "fixtures/clean.ipynb cell 6"),
        ("caire.notebook", "fixtures/tests_pass.ipynb"),
        ("caire.exercise", "fixtures/tests_pass.ipynb cell 1"),
    }
    failed = {key for key, case in cases.items() if case.find("failure") is not None}
    assert failed == {("caire.exercise", "fixtures/tests_pass.ipynb cell 1")}
    assert suite.get("failures") == "1"
