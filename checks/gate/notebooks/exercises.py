"""The exercise gate: every notebook executes, offline, and no exercise is broken.

Each notebook runs twice at most: the solution version (the notebook as written, hidden
tests included), then, if it has exercises, the learner version (stubs, no hidden tests).
Which notebooks run, and how (time limit, errors allowed), follows the book's Jupyter
Book settings and each notebook's metadata (`checks.book.execution`); the others get the
checks that need no run. Notebooks run in parallel across the cores; results are cached
by the hash of the code (`execute_notebooks: cache`), and successful runs are stored in
the book's jupyter-cache so the build does not run them again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from myst_nb.core.config import NbParserConfig

from checks.book.execution import Execution, notebook_execution
from checks.content import exercises as ex
from checks.gate.findings import Finding, Subject, found
from checks.gate.notebooks.execute import RAISES_TAG, NotebookRun, run_notebook
from checks.gate.notebooks.installs import install_cells
from checks.gate.notebooks.load import LoadedNotebook, load, relative
from checks.layout import EXERCISE_CACHE, JUPYTER_CACHE
from checks.processes import end_tree

UNCACHED = {"cell-timeout", "kernel-died", "check-failed"}
EXPECTED_FAILURES = ("AssertionError", "NotImplementedError")
# Findings that mean a notebook did not execute through: `caire build` reports them.
NOT_EXECUTED = frozenset({
    "notebook-not-json", "notebook-invalid", "notebook-no-kernelspec", "notebook-execution",
    "cell-timeout", "kernel-died", "offline-network", "offline-install", "check-failed",
    "exercise-markers", "exercise-solution-fails"})
# Bump when the gate's logic changes, so cached results are not reused across versions.
GATE_VERSION = "5"


@dataclass
class GateResult:
    findings: list[Finding] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    # Notebooks whose run passed and is in the book's jupyter-cache: the build shows it.
    executed: set[Path] = field(default_factory=set)


def static_findings(item: LoadedNotebook, shape: ex.ExerciseLayout) -> list[Finding]:
    """What can be seen without running: installs, exercise structure, markers."""
    findings = [found("offline-install", "installs packages at run time", item.rel, index)
                for index in install_cells([cell.source if cell.cell_type == "code" else None
                                            for cell in item.nb.cells])]
    for index, cell in enumerate(item.nb.cells):
        if cell.cell_type != "code" or not ex.has_markers(cell.source):
            continue
        try:
            ex.learner_source(cell.source)
            ex.without_hidden_tests(cell.source)
        except ex.MarkerError as exc:
            findings.append(found("exercise-markers", str(exc), item.rel, index))
    for exercise in shape.exercises:
        if not exercise.tests:
            findings.append(found(
                "exercise-no-tests", "exercise has no tests cell after it", item.rel,
                                             exercise.cell))
    for index in shape.orphan_tests:
        findings.append(found(
            "exercise-orphan-tests", "tests cell has no exercise before it", item.rel,
                                             index))
    return findings


def _run_findings(run: NotebookRun, rel: str, tests_cells: set[int],
                  allow_errors: bool) -> list[Finding]:
    """Findings of the solution run: errors (in tests cells only when the book allows
    errors), time-outs, dead kernels, network attempts."""
    findings = []
    for index, cell in sorted(run.cells.items()):
        if cell.refused:
            targets = ", ".join(dict.fromkeys(cell.refused))
            findings.append(found(
                "offline-network", f"refused connection to {targets}", rel, index))
        if cell.status == "timeout":
            findings.append(found("cell-timeout", cell.evalue, rel, index))
        elif cell.status == "dead":
            findings.append(found("kernel-died", "the kernel died while running this cell",
                                                rel, index))
        elif cell.status == "error" and not cell.refused:
            tags = run.notebook.cells[index].metadata.get("tags", [])
            if RAISES_TAG in tags:
                continue
            if index in tests_cells:
                findings.append(found("exercise-solution-fails", cell.last_line(), rel, index))
            elif not allow_errors:
                findings.append(found("notebook-execution", cell.last_line(), rel, index))
    return findings


def _learner_findings(run: NotebookRun, rel: str, shape: ex.ExerciseLayout) -> list[Finding]:
    findings = []
    tests_cells = {i for e in shape.exercises for i in e.tests}
    for exercise in shape.exercises:
        outcomes = [run.cells.get(i) for i in exercise.tests]
        if outcomes and all(o is not None and o.status == "ok" for o in outcomes):
            findings.append(found("exercise-tests-pass-without-answer",
                "the tests pass with the starter stub, without any answer", rel, exercise.cell))
    for index, cell in sorted(run.cells.items()):
        if cell.status != "error" or RAISES_TAG in run.notebook.cells[index].metadata.get(
                "tags", []):
            continue
        if index in tests_cells and cell.ename in EXPECTED_FAILURES:
            if not cell.evalue.strip():
                findings.append(found("exercise-no-hint",
                    f"{cell.ename} without a message when the answer is missing", rel, index))
            continue
        where = "tests cell" if index in tests_cells else "cell"
        findings.append(found("exercise-wrong-failure",
            f"learner version: {where} fails with {cell.last_line()}", rel, index))
    return findings


def _run(item: LoadedNotebook, nb: nbformat.NotebookNode, execution: Execution, *,
         stop_on_error: bool) -> NotebookRun:
    """Run `nb` in the notebook's folder, or in a fresh temporary one (`run_in_temp`)."""
    folder = tempfile.TemporaryDirectory() if execution.in_temp else nullcontext(
        str(item.path.parent))
    with folder as cwd:
        return run_notebook(nb, Path(cwd), execution.timeout, stop_on_error=stop_on_error)


def check_notebook(item: LoadedNotebook, execution: Execution) -> tuple[
        list[Finding], nbformat.NotebookNode | None]:
    """All findings of one notebook, and its executed solution version when it passed."""
    shape = ex.layout(item.nb)
    findings = static_findings(item, shape)
    # Never run a notebook that would install packages or whose exercises cannot be split.
    if any(f.rule in ("exercise-markers", "offline-install") for f in findings):
        return findings, None
    tests_cells = {i for e in shape.exercises for i in e.tests}
    solution = _run(item, item.nb, execution, stop_on_error=not execution.allow_errors)
    run_findings = _run_findings(solution, item.rel, tests_cells, execution.allow_errors)
    findings += run_findings
    if shape.exercises and not run_findings and solution.complete:
        learner = _run(item, ex.learner_notebook(item.nb), execution, stop_on_error=False)
        findings += _learner_findings(learner, item.rel, shape)
    passed = not run_findings and solution.complete
    return findings, solution.notebook if passed else None


def cache_key(nb: nbformat.NotebookNode, execution: Execution) -> str:
    code = [(c.cell_type, c.source, sorted(c.metadata.get("tags", [])))
            for c in nb.cells if c.cell_type == "code"]
    payload = json.dumps([GATE_VERSION, nb.metadata.get("kernelspec", {}).get("name"),
                          execution.timeout, execution.allow_errors, execution.in_temp,
                          sys.version_info[:2], code], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _store_in_jupyter_cache(root: Path, path: Path, executed: nbformat.NotebookNode) -> None:
    """Hand a passing run to the build's jupyter-cache, so the build executes nothing."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(root / JUPYTER_CACHE)
    cache.cache_notebook_bundle(CacheBundleIn(executed, str(path)), check_validity=False,
                                overwrite=True)


def _subjects(item: LoadedNotebook) -> list[Subject]:
    units = [Subject(item.rel, None, ())]
    for exercise in ex.layout(item.nb).exercises:
        units.append(Subject(item.rel, exercise.cell, tuple(exercise.tests)))
    return units


def _static(item: LoadedNotebook) -> list[Finding]:
    return item.located(static_findings(item, ex.layout(item.nb)))


def static_gate(root: Path, paths: list[Path]) -> GateResult:
    """What the gate sees without running anything (a pre-commit hook): notebooks that
    cannot be read, installs, exercise structure and markers."""
    result = GateResult()
    for path in paths:
        item, load_findings = load(root, path)
        result.findings += load_findings
        if item is None:
            result.subjects.append(Subject(relative(root, path), None, ()))
            continue
        result.subjects += _subjects(item)
        result.findings += _static(item)
    return result


def run_gate(root: Path, paths: list[Path], *, book: NbParserConfig,
             jobs: int | None = None) -> GateResult:
    """Check every notebook in `paths` as the book's settings `book` execute it (a
    notebook the book does not execute gets the checks that need no run); in a book that
    caches, results are reused when the code is unchanged."""
    cache_dir = root / EXERCISE_CACHE
    cache_dir.mkdir(parents=True, exist_ok=True)
    result = GateResult()
    pending: list[tuple[LoadedNotebook, Execution, str]] = []
    for path in paths:
        item, load_findings = load(root, path)
        result.findings += load_findings
        if item is None or load_findings:
            # Without a kernelspec there is no kernel to run it with; its source rules
            # still apply (the caller reads it again for them).
            result.subjects.append(Subject(relative(root, path), None, ()))
            continue
        result.subjects += _subjects(item)
        execution = notebook_execution(book, item.path, item.nb)
        if not execution.run:
            result.findings += _static(item)
            print(f"caire: {item.rel}: not executed (as the book says)", file=sys.stderr)
            continue
        key = cache_key(item.nb, execution)
        cached = cache_dir / f"{key}.json"
        if execution.cached and cached.is_file():
            data = json.loads(cached.read_text(encoding="utf-8"))
            # Lines are not part of the key (moving a cell down changes no code): located
            # again from the notebook as it is now.
            result.findings += item.located([
                Finding.from_json({**f, "source": item.rel, "line": None})
                for f in data["findings"]])
            if data["passed"]:
                result.executed.add(item.path)
            print(f"caire: {item.rel}: unchanged, not run again", file=sys.stderr)
            continue
        pending.append((item, execution, key))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        # The notebook already read here travels to the worker: no second read or validation.
        futures = [(item, key, pool.submit(check_notebook, item, execution))
                   for item, execution, key in pending]
        _collect(root, cache_dir, futures, result)
    except BaseException:
        # Ctrl-C or SIGTERM: end the workers and their kernels now, not after their notebooks.
        workers_alive = list(getattr(pool, "_processes", {}) or {})
        pool.shutdown(wait=False, cancel_futures=True)
        for pid in workers_alive:
            end_tree(pid)
        raise
    pool.shutdown()
    return result


def _collect(root: Path, cache_dir: Path, futures: list, gate: GateResult) -> None:
    for item, key, future in futures:
        try:
            result, executed = future.result()
        except Exception as exc:  # noqa: BLE001 - one notebook never stops the others
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            result, executed = [found("check-failed", reason, item.rel)], None
        gate.findings += item.located(result)
        print(f"caire: {item.rel}: executed, {len(result)} finding(s)", file=sys.stderr)
        # Time-outs, dead kernels and failed checks may come from a loaded machine: they
        # are not cached, so the next run tries again.
        if not any(f.rule in UNCACHED for f in result):
            (cache_dir / f"{key}.json").write_text(json.dumps(
                {"findings": [f.to_json() for f in result], "passed": executed is not None},
                ensure_ascii=False), encoding="utf-8")
        if executed is not None:
            _store_in_jupyter_cache(root, item.path, executed)
            gate.executed.add(item.path)
