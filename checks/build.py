"""Build the book with Sphinx (Jupyter Book 1), and turn every build warning into a finding.

The build is strict: a warning (broken reference, execution failure, page missing from
`_toc.yml`) is an error an author must fix, reported with the file (and cell) named.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from sphinx.application import Sphinx
from sphinx.util import console
from sphinx.util.docutils import docutils_namespace, patch_docutils

from checks.book_config import load_book_yaml
from checks.exercise_gate import EXECUTION
from checks.findings import Finding
from checks.rules import Rule, register
from checks.sphinx_reread import save_warned_docs
from checks.toc import pages_missing_from_toc, toc_sources

TOC_MISSING_FILE = register(Rule("toc-missing-file", "error",
                                 "_toc.yml lists a page that has no .ipynb or .md file."))
TOC_MISSING_PAGE = register(Rule("toc-missing-page", "error",
                                 "A notebook or page of the book is not listed in _toc.yml."))
BUILD_WARNING = register(Rule("build-warning", "error",
                              "Sphinx warned while building (broken reference, bad directive, "
                              "missing image…): every warning is an error."))

BUILD_DIR = "_build"
HTML_DIR = f"{BUILD_DIR}/html"
DOCTREE_DIR = f"{BUILD_DIR}/.doctrees"

# "path:line: WARNING: message [type.subtype]": one entry, continued on the next lines.
_ENTRY = re.compile(r"^(?P<where>.*?):?\s*(?P<level>WARNING|ERROR|CRITICAL): (?P<text>.*)$")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_TYPE = re.compile(r"\s*\[(?P<type>[\w.-]+)\]\s*$")


@dataclass
class BuildResult:
    html_dir: Path
    findings: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.findings


def _relative(root: Path, where: str) -> tuple[str | None, int | None]:
    """Split Sphinx's `path:line` location into a repository-relative path and line."""
    where = where.strip()
    if not where:
        return None, None
    path, _, line = where.partition(":")
    rel = Path(path)
    try:
        rel = rel.resolve().relative_to(root.resolve())
    except ValueError:
        pass
    return rel.as_posix(), int(line) if line.isdigit() else None


def _failed_cell(notebook: Path, traceback: str) -> int | None:
    """Index of the cell whose source appears in an nbclient CellExecutionError text."""
    match = re.search(r"-{10,}\n(.*?)\n-{10,}", traceback, re.S)
    if not match or not notebook.is_file():
        return None
    source = match.group(1).strip()
    try:
        cells = nbformat.read(notebook, as_version=4).cells
    except Exception:  # noqa: BLE001 - a notebook we cannot read has no cell to point at
        return None
    for index, cell in enumerate(cells):
        if cell.cell_type == "code" and cell.source.strip() == source:
            return index
    return None


def _last_error_line(traceback: str) -> str:
    lines = [line.strip() for line in traceback.splitlines() if line.strip()]
    return lines[-1] if lines else "notebook execution failed"


def parse_warnings(root: Path, text: str) -> list[Finding]:
    """Turn the Sphinx warning stream into findings, one per warning."""
    entries: list[list[str]] = []
    for raw in _ANSI.sub("", text).splitlines():
        if _ENTRY.match(raw) or not entries:
            entries.append([raw])
        else:
            entries[-1].append(raw)
    findings = []
    for entry in entries:
        match = _ENTRY.match(entry[0])
        if not match:
            continue
        source, line = _relative(root, match["where"])
        # Sphinx appends the warning type after the whole (possibly multi-line) message.
        text = "\n".join([match["text"], *entry[1:]])
        kind = _TYPE.search(text)
        text = _TYPE.sub("", text)
        if "Executing notebook failed" in text:
            cell = _failed_cell(root / source, text) if source else None
            findings.append(EXECUTION.finding(_last_error_line(text), source, cell))
            continue
        if "Notebook exception traceback saved in" in text:
            continue  # repeats the execution failure reported just above
        message = text.splitlines()[0]
        if line is not None:
            message = f"line {line}: {message}"
        if kind:
            message = f"{message} [{kind['type']}]"
        findings.append(BUILD_WARNING.finding(message, source))
    return findings


def toc_findings(root: Path) -> list[Finding]:
    findings = []
    _found, missing = toc_sources(root)
    for docname in missing:
        findings.append(TOC_MISSING_FILE.finding(
            f"`{docname}` is listed in _toc.yml but no such .ipynb or .md file exists",
            "_toc.yml"))
    for path in pages_missing_from_toc(root):
        findings.append(TOC_MISSING_PAGE.finding("page is not listed in _toc.yml",
                                                 path.relative_to(root).as_posix()))
    return findings


def build_book(root: Path, *, force_all: bool = False, quiet: bool = False) -> BuildResult:
    """Execute (with the cache) and build the book at `root` into `_build/html`."""
    root = root.resolve()
    html_dir = root / HTML_DIR
    load_book_yaml(root)  # a missing or broken _config.yml stops here, with its name
    findings = toc_findings(root)
    if any(f.rule == TOC_MISSING_FILE.id for f in findings):
        return BuildResult(html_dir, findings)
    if force_all:
        shutil.rmtree(root / BUILD_DIR, ignore_errors=True)
    console.nocolor()
    warnings = io.StringIO()
    with patch_docutils(root), docutils_namespace():
        app = Sphinx(
            srcdir=root,
            confdir=root,
            outdir=html_dir,
            doctreedir=root / DOCTREE_DIR,
            buildername="html",
            status=None if quiet else sys.stderr,
            warning=warnings,
            freshenv=force_all,
            keep_going=True,
        )
        app.build(force_all=force_all)
    findings += parse_warnings(root, warnings.getvalue())
    save_warned_docs(root, {Path(f.source).with_suffix("").as_posix()
                            for f in findings if f.source})
    return BuildResult(html_dir, findings)
