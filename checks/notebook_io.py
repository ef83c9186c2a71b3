"""Find and read the notebooks to check: malformed input becomes a finding, never a crash."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat

from checks.findings import Finding
from checks.rules import Rule, register

NOT_JSON = register(Rule("notebook-not-json", "error", "The file is not a JSON notebook."))
INVALID = register(Rule("notebook-invalid", "error",
                        "The notebook fails nbformat validation (open and save it in Jupyter)."))
NO_KERNELSPEC = register(Rule("notebook-no-kernelspec", "error",
                              "The notebook's metadata names no kernel (kernelspec)."))
MISSING = register(Rule("notebook-missing", "error",
                        "A notebook named in _toc.yml or on the command line does not exist."))


@dataclass
class LoadedNotebook:
    path: Path
    rel: str
    nb: nbformat.NotebookNode


def relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def discover(root: Path, targets: list[Path], toc_notebooks: list[Path]) -> tuple[
        list[Path], list[Finding]]:
    """The notebooks named by `targets` (files or folders), or the book's when none."""
    if not targets:
        return toc_notebooks, []
    found: list[Path] = []
    findings: list[Finding] = []
    for target in targets:
        if target.is_dir():
            found += sorted(p for p in target.rglob("*.ipynb")
                            if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts)
        elif target.is_file():
            found.append(target)
        else:
            findings.append(MISSING.finding("no such file or folder", relative(root, target)))
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique, findings


def load(root: Path, path: Path) -> tuple[LoadedNotebook | None, list[Finding]]:
    rel = relative(root, path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [NOT_JSON.finding(f"cannot be read: {exc}", rel)]
    except json.JSONDecodeError as exc:
        return None, [NOT_JSON.finding(f"not JSON (line {exc.lineno}: {exc.msg})", rel)]
    try:
        with warnings.catch_warnings():  # nbformat's deprecation notes are not findings
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
            nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        first = str(exc.message).splitlines()[0] if getattr(exc, "message", None) else str(exc)
        return None, [INVALID.finding(f"invalid notebook: {first[:200]}", rel)]
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds on odd input
        return None, [INVALID.finding(f"invalid notebook: {type(exc).__name__}", rel)]
    if not isinstance(data, dict) or not nb.metadata.get("kernelspec", {}).get("name"):
        return None, [NO_KERNELSPEC.finding("no kernelspec in the notebook metadata", rel)]
    return LoadedNotebook(path, rel, nb), []
