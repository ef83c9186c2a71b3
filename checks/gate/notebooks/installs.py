"""Which code cells install packages when the gate (or a learner's own Python) runs them.

A cell is read as IPython runs it: its magics and shell escapes turned into Python by
IPython's own input transformer (`%pip install x` becomes
`get_ipython().run_line_magic('pip', 'install x')`), then parsed. An install under a guard
that is false here does not run here: `if 'google.colab' in sys.modules:` (or in
`os.environ`, or in `str(get_ipython())`), a flag an earlier cell set from such a test, a
platform test that is false here (`sys.platform == 'win32'`; not a test for the browser's
Python, where learners may run the book's exercises), or after `import google.colab` (in a `try`
or not); the `else` of such a guard does run. A cell Python cannot parse is read line by line, as an
install wherever a line installs.
"""

from __future__ import annotations

import ast
import os
import platform
import re
import sys
from collections.abc import Iterator

from IPython.core.inputtransformer2 import TransformerManager

# A shell command that installs: pip, conda and friends, system and JS package managers.
_SHELL_INSTALL = re.compile(
    r"(?:^|[\s;&|/}(!%])(?:pip3?|conda|mamba|micromamba|apt(?:-get)?|npm|yarn|uv)\b[^\n;&|]*"
    r"\binstall\b")
# Line magics that are package managers: `%pip install x` is `pip install x`.
_PACKAGE_MAGICS = frozenset({"pip", "conda", "mamba", "micromamba", "uv"})
# Cell magics whose body is shell, not Python.
_SHELL_CELL_MAGICS = frozenset({"bash", "sh", "script", "system", "!"})
# Calls that hand a command to the shell or to a process.
_COMMAND_CALLS = re.compile(r"(^|\.)(system|getoutput|popen|run|call|check_call|"
                            r"check_output|Popen|getstatusoutput)$")
# Hosted notebook services the gate never runs in: their modules, their environment
# variables, flags named after them.
_ELSEWHERE = re.compile(r"colab|kaggle", re.I)
_TRANSFORM = TransformerManager()


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _dotted(node.func) + "()"
    return ""


def _strings(node: ast.AST) -> list[str]:
    """The string constants of an argument, lists and f-strings flattened."""
    return [n.value for n in ast.walk(node)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _here(node: ast.expr, flags: dict[str, bool]) -> object:
    """The value a test expression has where the gate runs, where it can be known
    without running the notebook: `None` when it cannot."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.BoolOp):
        values = [_here(v, flags) for v in node.values]
        if isinstance(node.op, ast.And):
            return False if any(v is not None and not v for v in values) else (
                True if all(v is not None and v for v in values) else None)
        return True if any(v is not None and v for v in values) else (
            False if all(v is not None and not v for v in values) else None)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        value = _here(node.operand, flags)
        return None if value is None else not value
    if isinstance(node, ast.Name):
        if node.id in flags:
            return flags[node.id]
        return False if _ELSEWHERE.search(node.id) else None
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        return _compare(node.left, node.ops[0], node.comparators[0], flags)
    if isinstance(node, ast.Call):
        return _call(node, flags)
    return _platform_value(node)


def _platform_value(node: ast.AST) -> object:
    """sys.platform, os.name, platform.system() and the like, as they are here."""
    known: dict[str, object] = {"sys.platform": sys.platform, "os.name": os.name,
                                "platform.system()": platform.system(),
                                "platform.machine()": platform.machine()}
    return known.get(_dotted(node))


# A test for the browser's Python (Pyodide, JupyterLite) is no guard: the book's exercises
# may run there, in the learners' browsers, where nothing may be downloaded either.
_IN_BROWSER = re.compile(r"emscripten|pyodide|wasm", re.I)


def _compare(left: ast.expr, op: ast.cmpop, right: ast.expr,
             flags: dict[str, bool]) -> object:
    if _IN_BROWSER.search(ast.unparse(left) + ast.unparse(right)):
        return None
    if isinstance(op, ast.In | ast.NotIn):
        where = _dotted(right)
        names = _strings(left) if isinstance(left, ast.Constant) else []
        # 'google.colab' in sys.modules, 'COLAB_GPU' in os.environ, 'google.colab' in
        # str(get_ipython()) (the shell's class): never here.
        about_here = where in ("sys.modules", "os.environ") or "get_ipython" in ast.unparse(
            right)
        if about_here and names and _ELSEWHERE.search(names[0]):
            return isinstance(op, ast.NotIn)
    values = (_here(left, flags), _here(right, flags))
    if None in values:
        return None
    operations = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
                  ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}
    operation = operations.get(type(op))
    try:
        return operation(*values) if operation else None
    except TypeError:
        return None


def _call(node: ast.Call, flags: dict[str, bool]) -> object:
    func = node.func
    if _IN_BROWSER.search(ast.unparse(node)):
        return None
    # sys.platform.startswith('win'), os.environ.get('COLAB_GPU'), find_spec('google.colab')
    if isinstance(func, ast.Attribute) and func.attr in ("startswith", "endswith"):
        subject, args = _here(func.value, flags), [_here(a, flags) for a in node.args]
        if isinstance(subject, str) and args and all(isinstance(a, str | tuple) for a in args):
            return getattr(subject, func.attr)(args[0])
    name = _dotted(func)
    if name.endswith(("environ.get", "getenv", "find_spec")):
        names = _strings(node.args[0]) if node.args else []
        if names and _ELSEWHERE.search(names[0]):
            return None if len(node.args) > 1 else False
    return _platform_value(node)


def _imports_elsewhere(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Import):
        return any(_ELSEWHERE.search(alias.name) for alias in statement.names)
    return isinstance(statement, ast.ImportFrom) and bool(
        _ELSEWHERE.search(statement.module or ""))


def _is_install(call: ast.Call) -> bool:
    name = _dotted(call.func)
    args = [s for arg in call.args for s in _strings(arg)]
    if name.endswith("run_line_magic") and len(args) >= 2:
        return args[0] in _PACKAGE_MAGICS and bool(_SHELL_INSTALL.search(" ".join(args[:2])))
    if name.endswith("run_cell_magic") and len(args) >= 3:
        magic, body = args[0], args[2]
        if magic in _SHELL_CELL_MAGICS:
            return bool(_SHELL_INSTALL.search(body))
        return bool(install_cells([body]))  # %%capture, %%time: a cell of its own
    if name.endswith("pip.main"):
        return "install" in args
    if _COMMAND_CALLS.search(name):
        return bool(_SHELL_INSTALL.search(" ".join(args)))
    return False


_BLOCKS = ("body", "orelse", "finalbody")


def _header_calls(statement: ast.stmt) -> list[ast.Call]:
    """Calls outside a statement's blocks: all of a simple statement's, a compound
    statement's header (a loop's iterable, a with's context)."""
    header = [value for name, value in ast.iter_fields(statement)
              if name not in (*_BLOCKS, "handlers")]
    return [n for part in header for item in (part if isinstance(part, list) else [part])
            if isinstance(item, ast.AST) for n in ast.walk(item) if isinstance(n, ast.Call)]


def _installs(statements: list[ast.stmt], flags: dict[str, bool]) -> Iterator[ast.Call]:
    """The install calls of `statements` that can run here."""
    for statement in statements:
        if _imports_elsewhere(statement):
            return  # the import fails here: nothing after it runs
        if isinstance(statement, ast.If):
            test = _here(statement.test, flags)
            if test is not False:
                yield from _installs(statement.body, flags)
            if test is not True:
                yield from _installs(statement.orelse, flags)
            continue
        yield from (call for call in _header_calls(statement) if _is_install(call))
        if isinstance(statement, ast.Try) and any(_imports_elsewhere(s) for s in statement.body):
            # After `import google.colab` in a try, the body stops and its else never runs.
            yield from _installs(statement.body, flags)
            blocks = [h.body for h in statement.handlers] + [statement.finalbody]
        else:
            blocks = [getattr(statement, name, []) for name in _BLOCKS] + [
                h.body for h in getattr(statement, "handlers", [])]
        for block in blocks:
            yield from _installs(block, flags)


def _flags(tree: ast.Module, flags: dict[str, bool]) -> None:
    """Names the cell sets, at its top level, to a test whose value here is known
    (`IN_COLAB = 'google.colab' in sys.modules`): later cells test them."""
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            value = _here(statement.value, flags)
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    if isinstance(value, bool):
                        flags[target.id] = value
                    else:
                        flags.pop(target.id, None)


def install_cells(sources: list[str | None]) -> list[int]:
    """The indexes of the code cells (None: not code) that, run here in order, can
    install packages."""
    flags: dict[str, bool] = {}
    found = []
    for index, source in enumerate(sources):
        if source is None:
            continue
        python = _TRANSFORM.transform_cell(source)
        try:
            tree = ast.parse(python)
        except SyntaxError:
            if any(line.lstrip().startswith(("!", "%")) and _SHELL_INSTALL.search(line)
                   for line in source.splitlines()):
                found.append(index)
            continue
        if next(_installs(tree.body, flags), None) is not None:
            found.append(index)
        _flags(tree, flags)
    return found
