"""Find and read the notebooks to check: malformed input becomes a finding, never a crash."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat

from checks.gate.findings import Finding, found
from checks.layout import source_files


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
    paths: list[Path] = []
    findings: list[Finding] = []
    for target in targets:
        if target.is_dir():
            paths += source_files(target, (".ipynb",))
        elif target.is_file():
            paths.append(target)
        else:
            findings.append(found("notebook-missing", "no such file or folder",
                                  relative(root, target)))
    unique = list(dict.fromkeys(p.resolve() for p in paths))
    return unique, findings


def load(root: Path, path: Path) -> tuple[LoadedNotebook | None, list[Finding]]:
    rel = relative(root, path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [found("notebook-not-json", f"cannot be read: {exc}", rel)]
    except json.JSONDecodeError as exc:
        return None, [found("notebook-not-json", f"not JSON (line {exc.lineno}: {exc.msg})",
                          rel)]
    try:
        with warnings.catch_warnings():  # nbformat's deprecation notes are not findings
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
            nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        first = str(exc.message).splitlines()[0] if getattr(exc, "message", None) else str(exc)
        return None, [found("notebook-invalid", f"invalid notebook: {first[:200]}", rel)]
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds on odd input
        return None, [found("notebook-invalid", f"invalid notebook: {type(exc).__name__}",
                          rel)]
    if not isinstance(data, dict) or not nb.metadata.get("kernelspec", {}).get("name"):
        return None, [found("notebook-no-kernelspec", "no kernelspec in the notebook metadata",
                          rel)]
    return LoadedNotebook(path, rel, nb), []
