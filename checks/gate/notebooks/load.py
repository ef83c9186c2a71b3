"""Find and read the notebooks to check: malformed input becomes a finding, never a crash.

A notebook is a `.ipynb` file or a MyST markdown notebook (a `.md` file whose front
matter names its format, as myst-nb and Jupyter Book read it). Cells of a markdown
notebook know the line they start on, so findings in it carry a line number.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import nbformat
from myst_nb.core.read import MystMetadataParsingError

from checks.content.notebook_file import is_notebook, read_markdown_notebook
from checks.gate.findings import Finding, found
from checks.layout import source_files


@dataclass
class LoadedNotebook:
    path: Path
    rel: str
    nb: nbformat.NotebookNode
    # 1-based line of each cell in a markdown notebook; empty for a .ipynb.
    lines: list[int] = field(default_factory=list)

    def line_of(self, cell: int | None) -> int | None:
        return self.lines[cell] if cell is not None and 0 <= cell < len(self.lines) else None

    def located(self, findings: list[Finding]) -> list[Finding]:
        """`findings` with the line of their cell, for a markdown notebook."""
        if not self.lines:
            return findings
        return [replace(f, line=self.line_of(f.cell)) if f.cell is not None and f.line is None
                else f for f in findings]


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
            paths += [p for p in source_files(target) if is_notebook(p)]
        elif target.is_file():
            paths.append(target)
        else:
            findings.append(found("notebook-missing", "no such file or folder",
                                  relative(root, target)))
    unique = list(dict.fromkeys(p.resolve() for p in paths))
    return unique, findings


def _load_markdown(root: Path, path: Path) -> tuple[LoadedNotebook | None, list[Finding]]:
    rel = relative(root, path)
    try:
        nb, lines = read_markdown_notebook(path)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [found("notebook-invalid", f"cannot be read: {exc}", rel)]
    except (MystMetadataParsingError, ValueError) as exc:
        return None, [found("notebook-invalid", f"invalid MyST notebook: {exc}"[:200], rel)]
    item = LoadedNotebook(path, rel, nb, lines)
    return item, _kernel_findings(item)


def _kernel_findings(item: LoadedNotebook) -> list[Finding]:
    if item.nb.metadata.get("kernelspec", {}).get("name"):
        return []
    return [found("notebook-no-kernelspec", "no kernelspec in the notebook metadata",
                  item.rel)]


def load(root: Path, path: Path) -> tuple[LoadedNotebook | None, list[Finding]]:
    """The notebook, or None when it cannot be read; and what is wrong with it. A notebook
    without a kernelspec is still returned (its other rules apply) with that finding."""
    if path.suffix == ".md":
        return _load_markdown(root, path)
    rel = relative(root, path)
    try:
        text = path.read_text(encoding="utf-8")
        json.loads(text)  # first, so a syntax error names its line
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
    item = LoadedNotebook(path, rel, nb)
    return item, _kernel_findings(item)
