"""The house's rules: rooms by job, no import cycle, one catalog for every rule's metadata."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from checks.gate.catalog import CATALOG

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "checks"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (anywhere in its body)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_in_the_package() -> None:
    graph = import_graph()
    assert len(graph) > 30, "the graph covers the package"
    assert find_cycle(graph) is None


def test_the_catalog_imports_nothing_of_the_package() -> None:
    assert import_graph()["checks.gate.catalog"] == set()


def test_the_book_does_not_depend_on_the_gate_or_the_exports() -> None:
    graph = import_graph()
    allowed_from_gate = {"checks.gate.catalog"}  # criteria data for the statement page
    for module, imports in graph.items():
        if module.startswith("checks.book"):
            bad = {i for i in imports if i.startswith(("checks.gate", "checks.lms"))}
            assert bad <= allowed_from_gate, f"{module} imports {bad - allowed_from_gate}"


def test_the_preview_gate_sits_above_the_book_and_the_gate() -> None:
    graph = import_graph()
    for module, imports in graph.items():
        if module.startswith(("checks.book", "checks.gate")):
            bad = {i for i in imports if i.startswith("checks.preview")}
            assert not bad, f"{module} imports {bad}"
    assert "checks.book.preview" in graph["checks.preview.command"]


def test_the_three_rooms_exist() -> None:
    rooms = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert {"book", "gate", "lms"} <= rooms


def test_no_rule_metadata_outside_the_catalog() -> None:
    """Rule ids appear as strings in checks; severities and help live in the catalog only."""
    for path in PACKAGE.rglob("*.py"):
        if path.name == "catalog.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "Rule(" not in text, f"{path} declares a rule outside the catalog"


def test_every_rule_id_used_in_the_code_is_catalogued() -> None:
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in (
                    "found", "check_of") and node.args and isinstance(node.args[0], ast.Constant):
                used.add(node.args[0].value)
    assert used, "the scan found rule ids"
    assert used <= set(CATALOG), used - set(CATALOG)


def test_reporters_show_help_and_criteria_whatever_the_import_order() -> None:
    """A fresh interpreter that imports only the reporters still has help and criteria."""
    code = (
        "from checks.gate.report import render\n"
        "from checks.gate.findings import found\n"
        "import json\n"
        "f = found('image-alt-markdown', 'markdown image `a.png` has no text', 'x.ipynb', 2)\n"
        "sarif = json.loads(render([f], [], 'sarif'))\n"
        "rule = sarif['runs'][0]['tool']['driver']['rules'][0]\n"
        "print(rule['shortDescription']['text'])\n"
        "print(rule['properties']['wcag'], rule['properties']['rgaa'])\n"
        "print(render([f], [], 'text'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    help_text = CATALOG["image-alt-markdown"].help
    lines = out.splitlines()
    assert lines[0] == help_text
    assert lines[1] == "['1.1.1'] ['1.1']"
    assert help_text[:60] in out and "image-alt-markdown (WCAG 1.1.1; RGAA 1.1)" in out


def test_every_module_imports() -> None:
    # A module run in its own process (the preview's worker, `python -m`) fails there
    # alone, where no test sees the traceback: import every module here.
    modules = sorted(_module_name(path) for path in PACKAGE.rglob("*.py"))
    code = "import importlib, sys\nfor m in sys.argv[1:]: importlib.import_module(m)"
    result = subprocess.run([sys.executable, "-c", code, *modules], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
