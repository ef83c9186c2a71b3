"""Learners' code in the browser: the Python half of `caire-python-worker.js`.

Every check is a clean run: a new namespace, the earlier cells the code depends on (the
names it uses, with their own dependencies), then the learner's code, then the tests.
Nothing of an earlier try is left, so a verdict never depends on what was tried before.
This file is shipped with the site and also imported by the test suite.
"""

from __future__ import annotations

import ast
import base64
import importlib
import io
import json
import logging
import os
import sys
import traceback
import warnings


def configure() -> None:
    """Once per worker, before any learner code (never on import: the test suite imports
    this file, and its own processes must keep their warnings and environment)."""
    # Figures are drawn to PNG: a worker has no page for Pyodide's own backend.
    os.environ["MPLBACKEND"] = "AGG"
    # Library chatter (in English) is not for learners: "Matplotlib is building the font
    # cache", deprecation warnings… Errors still surface as the run's error.
    warnings.filterwarnings("ignore")
    logging.getLogger().setLevel(logging.ERROR)
    logging.getLogger("matplotlib").setLevel(logging.ERROR)


_namespace: dict = {}
# Methods that change the list, dict or set they are called on.
_MUTATORS = frozenset({"append", "extend", "insert", "update", "add", "remove", "pop",
                       "setdefault", "clear", "sort", "reverse", "discard"})


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except SyntaxError:
        return None


def _target_names(target: ast.AST) -> set[str]:
    """Names a target binds; `x[i] = …` and `x.a = …` change `x`, so they count too."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_target_names(t) for t in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    if isinstance(target, (ast.Subscript, ast.Attribute)):
        base = target.value
        while isinstance(base, (ast.Subscript, ast.Attribute)):
            base = base.value
        return {base.id} if isinstance(base, ast.Name) else set()
    return set()


class _Definitions(ast.NodeVisitor):
    """Names bound at module level; bodies of functions, classes and lambdas are their own."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Assign(self, node: ast.Assign) -> None:  # noqa: N802 - ast's naming
        for target in node.targets:
            self.names |= _target_names(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:  # noqa: N802
        self.names |= _target_names(node.target)
        self.generic_visit(node)

    visit_AnnAssign = visit_AugAssign  # noqa: N815

    def visit_For(self, node: ast.For) -> None:  # noqa: N802
        self.names |= _target_names(node.target)
        self.generic_visit(node)

    def visit_withitem(self, node: ast.withitem) -> None:
        if node.optional_vars is not None:
            self.names |= _target_names(node.optional_vars)
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:  # noqa: N802
        self.names |= _target_names(node.target)
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:  # noqa: N802
        self.names |= {(a.asname or a.name).split(".")[0] for a in node.names}

    visit_ImportFrom = visit_Import  # noqa: N815

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # noqa: N802
        self.names.add(node.name)

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef  # noqa: N815

    def visit_Lambda(self, node: ast.Lambda) -> None:  # noqa: N802
        pass

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802
        # `liste.append(x)` changes `liste` as `liste[0] = x` does.
        if isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS:
            self.names |= _target_names(node.func.value)
        self.generic_visit(node)


def names_of(code: str) -> tuple[set[str], set[str]]:
    """(names the code defines at module level or changes, names it reads anywhere)."""
    tree = _parse(code)
    if tree is None:
        return set(), set()
    definitions = _Definitions()
    definitions.visit(tree)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)}
    return definitions.names, used


def needed_cells(earlier: list[str], codes: list[str], own: set[str] = frozenset()) -> list[int]:
    """Positions in `earlier` (code cells before, in order) of the cells that `codes`
    depend on: for each name read, the last earlier cell that defines it, and so on for
    that cell's own reads. Names in `own` (an exercise's answer variables) are never
    taken from an earlier cell: they must come from the learner's answer."""
    facts = [names_of(code) for code in earlier]
    wanted = [(len(earlier), name) for code in codes for name in names_of(code)[1]
              if name not in own]
    chosen: set[int] = set()
    while wanted:
        position, name = wanted.pop()
        for index in range(position - 1, -1, -1):
            if name in facts[index][0]:
                if index not in chosen:
                    chosen.add(index)
                    wanted += [(index, n) for n in facts[index][1]]
                break
    return sorted(chosen)


def answer_facts(answer: str, starter: str) -> dict:
    """What an answer looks like, for the explanation of a failure: empty, a bare value,
    the names the starter assigns that the answer does not (`missing`), and those it
    assigns instead (`extra`: often a typo of the name)."""
    tree = _parse(answer)
    meaningful = [line for line in answer.splitlines()
                  if line.strip() and not line.strip().startswith("#")]
    expected = names_of(starter)[0]
    assigned = names_of(answer)[0] if tree is not None else set()
    bare = bool(tree is not None and tree.body and
                all(isinstance(node, ast.Expr) for node in tree.body))
    return {"empty": not meaningful, "bare": bare,
            "missing": sorted(expected - assigned) if tree is not None else [],
            "extra": sorted(assigned - expected)}


def facts(answer: str, starter: str) -> str:
    return json.dumps(answer_facts(answer, starter))


def fresh() -> None:
    """A new namespace, as a fresh kernel has; figures left open are closed."""
    _namespace.clear()
    _namespace["__name__"] = "__main__"
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


def _figures(keep: bool) -> list[str]:
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return []
    figures = []
    if keep:
        for number in plt.get_fignums():
            buffer = io.BytesIO()
            plt.figure(number).savefig(buffer, format="png", dpi=80, bbox_inches="tight")
            figures.append(base64.b64encode(buffer.getvalue()).decode())
    plt.close("all")
    return figures


def run(code: str, filename: str, echo: bool = False, shown: bool = True) -> str:
    """Run `code` in the current namespace; JSON of what it printed, its figures (as PNG,
    when `shown`) and its error. With `echo`, the value of a last bare expression is
    printed, as Jupyter shows it."""
    out = io.StringIO()
    error = None
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = out
    try:
        tree = ast.parse(code, filename)
        last = None
        if echo and tree.body and isinstance(tree.body[-1], ast.Expr):
            last = tree.body.pop()
        exec(compile(tree, filename, "exec"), _namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), filename, "eval"), _namespace)
            if value is not None:
                print(repr(value))
    except SyntaxError as exc:
        error = {"ename": "SyntaxError", "evalue": str(exc.msg), "line": exc.lineno}
    except BaseException as exc:  # noqa: BLE001 - every failure is the learner's to read
        line = None
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename == filename:
                line = frame.lineno
        error = {"ename": type(exc).__name__, "evalue": str(exc), "line": line,
                 "name": getattr(exc, "name", None)}
    finally:
        sys.stdout, sys.stderr = saved
    return json.dumps({"stdout": out.getvalue(), "figures": _figures(shown),
                       "error": error})


def imported(codes_json: str) -> list[str]:
    """Modules the codes import (dotted, as written), for `preload`."""
    modules: list[str] = []
    for code in json.loads(codes_json):
        tree = _parse(code)
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.Import):
                modules += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.append(node.module)
    return list(dict.fromkeys(modules))


def preload(codes_json: str) -> None:
    """Import what the codes import before they are timed: a first `import
    matplotlib.pyplot` (its font cache) can take longer than a learner's time limit on a
    slow computer, and is not the learner's code. A module that fails to import is left
    for the code itself to report."""
    for name in imported(codes_json):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S110 - the run reports it in the learner's terms
            pass


def plan(job_json: str) -> str:
    """Which earlier cells a job runs: JSON list of positions in `job.earlier`."""
    job = json.loads(job_json)
    own = names_of(job.get("solution") or "")[0]
    codes = [job["code"], *job.get("tests", [])]
    return json.dumps(needed_cells([c["code"] for c in job["earlier"]], codes, own))
