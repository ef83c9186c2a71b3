"""Build the book with Sphinx (Jupyter Book 1), and turn every build warning into a problem.

The build is strict: a warning (broken reference, execution failure, page missing from
`_toc.yml`) is an error an author must fix, reported with the file (and cell) named.
Problems name the gate rule they belong to by id; the gate turns them into findings.
"""

from __future__ import annotations

import glob
import io
import re
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util import console
from sphinx.util.docutils import docutils_namespace, patch_docutils

from checks.book.config import write_sphinx_conf
from checks.book.sphinx.reread import save_warned_docs
from checks.book.sphinx.stamp import LINES_PER_CELL, cell_of_line
from checks.book.toc import pages_missing_from_toc, toc_sources
from checks.content.notebook_file import read_markdown_notebook
from checks.errors import SetupError
from checks.layout import DOCTREE_DIR, HTML_DIR

# Rule ids of the gate's catalog that build problems belong to.
TOC_MISSING_FILE = "toc-missing-file"
TOC_MISSING_PAGE = "toc-missing-page"
BUILD_WARNING = "build-warning"
EXECUTION = "notebook-execution"
NOT_IN_TOCTREE = "document isn't included in any toctree"
# Warnings the course's extensions give with a type of their own, and the rule of each.
RULE_OF_WARNING = {"caire.fact": "fact-invalid"}

# "path:line: WARNING: message [type.subtype]": one entry, continued on the next lines.
_ENTRY = re.compile(r"^(?P<where>.*?):?\s*(?P<level>WARNING|ERROR|CRITICAL): (?P<text>.*)$")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_TYPE = re.compile(r"\s*\[(?P<type>[\w.-]+)\]\s*$")


@dataclass(frozen=True)
class BuildProblem:
    rule: str  # the id of the gate rule it belongs to
    message: str
    source: str | None = None
    cell: int | None = None
    line: int | None = None  # in a markdown source


@dataclass
class BuildResult:
    html_dir: Path
    problems: list[BuildProblem] = field(default_factory=list)


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


def _failed_cell(notebook: Path, traceback: str) -> tuple[int | None, int | None]:
    """Index (and line, in a markdown notebook) of the cell whose source appears in an
    nbclient CellExecutionError text."""
    match = re.search(r"-{10,}\n(.*?)\n-{10,}", traceback, re.S)
    if not match or not notebook.is_file():
        return None, None
    source = match.group(1).strip()
    try:
        if notebook.suffix == ".md":
            nb, lines = read_markdown_notebook(notebook)
        else:
            nb, lines = nbformat.read(notebook, as_version=4), []
    except Exception:  # noqa: BLE001 - a notebook we cannot read has no cell to point at
        return None, None
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.strip() == source:
            return index, lines[index] if lines else None
    return None, None


def _last_error_line(traceback: str) -> str:
    lines = [line.strip() for line in traceback.splitlines() if line.strip()]
    return lines[-1] if lines else "notebook execution failed"


def parse_warnings(root: Path, text: str) -> list[BuildProblem]:
    """Turn the Sphinx warning stream into problems, one per warning."""
    entries: list[list[str]] = []
    for raw in _ANSI.sub("", text).splitlines():
        if _ENTRY.match(raw) or not entries:
            entries.append([raw])
        else:
            entries[-1].append(raw)
    problems = []
    for entry in entries:
        match = _ENTRY.match(entry[0])
        if not match:
            continue
        source, line = _relative(root, match["where"])
        # Sphinx appends the warning type after the whole (possibly multi-line) message.
        text = "\n".join([match["text"], *entry[1:]])
        kind = _TYPE.search(text)
        text = _TYPE.sub("", text)
        if kind and (again := _TYPE.search(text)) and again["type"] == kind["type"]:
            text = _TYPE.sub("", text)  # written by the extension and by Sphinx
        if "Executing notebook failed" in text:
            cell, cell_line = _failed_cell(root / source, text) if source else (None, None)
            problems.append(BuildProblem(EXECUTION, _last_error_line(text), source, cell,
                                         cell_line))
            continue
        if "Notebook exception traceback saved in" in text:
            continue  # repeats the execution failure reported just above
        message = text.splitlines()[0]
        cell = cell_of_line(line) if source and source.endswith(".ipynb") else None
        rule = RULE_OF_WARNING.get(kind["type"]) if kind else None
        if rule:  # its own rule: the message alone, the cell (or line) as the place
            problems.append(BuildProblem(rule, message, source, cell,
                                         None if cell is not None else line))
            continue
        if kind:
            message = f"{message} [{kind['type']}]"
        if cell is not None and line is not None:
            # myst-nb numbers cell N's lines from (N + 1) * 10000, one past the base:
            # say the cell and its own line.
            message = f"line {line % LINES_PER_CELL - 1} of the cell: {message}"
            line = None
        problems.append(BuildProblem(BUILD_WARNING, message, source, cell, line))
    return problems


def toc_problems(root: Path) -> list[BuildProblem]:
    problems = []
    _found, missing = toc_sources(root)
    for docname in missing:
        problems.append(BuildProblem(
            TOC_MISSING_FILE,
            f"`{docname}` is listed in _toc.yml but no such .ipynb or .md file exists",
            "_toc.yml"))
    for path in pages_missing_from_toc(root):
        problems.append(BuildProblem(TOC_MISSING_PAGE, "page is not listed in _toc.yml",
                                     path.relative_to(root).as_posix()))
    return problems


def _drop_removed_pages(root: Path, docs: set[str]) -> None:
    """Pages of documents removed or renamed since the last build: Sphinx leaves them in
    the site, where learners (and the page gate) would still find them. A document Sphinx
    built has a doctree: one without a document now is a removed page."""
    doctrees = root / DOCTREE_DIR
    for doctree in doctrees.rglob("*.doctree"):
        doc = doctree.relative_to(doctrees).with_suffix("").as_posix()
        if doc in docs:
            continue
        doctree.unlink()
        (root / HTML_DIR / f"{doc}.html").unlink(missing_ok=True)
        for source in (root / HTML_DIR / "_sources").glob(f"{doc}.*"):
            source.unlink()


def _execution_settings(as_is: Collection[Path]) -> dict[str, object]:
    """The notebooks in `as_is` are shown with what they hold; the others from the
    execution cache, where the gate put their run (executed only if it is not there)."""
    return {"nb_execution_mode": "cache", "nb_execution_excludepatterns": sorted(
        glob.escape(path.resolve().as_posix()) for path in as_is)}


def build_book(root: Path, as_is: Collection[Path], *, force_all: bool = False,
               quiet: bool = False) -> BuildResult:
    """Build the book at `root` into `_build/html`. Its notebooks are executed before, by
    the gate, as the book says: the build shows their runs from the execution cache, and
    the notebooks in `as_is` (not executed, or failed) as they are."""
    root = root.resolve()
    html_dir = root / HTML_DIR
    confdir = write_sphinx_conf(root)  # a broken _config.yml stops here, with its name
    problems = toc_problems(root)
    if any(p.rule == TOC_MISSING_FILE for p in problems):
        return BuildResult(html_dir, problems)
    console.nocolor()
    warnings = io.StringIO()
    try:
        with patch_docutils(root), docutils_namespace():
            app = Sphinx(
                srcdir=root,
                confdir=confdir,
                outdir=html_dir,
                doctreedir=root / DOCTREE_DIR,
                buildername="html",
                status=None if quiet else sys.stderr,
                warning=warnings,
                freshenv=force_all,
                keep_going=True,
                confoverrides=_execution_settings(as_is),
            )
            app.build(force_all=force_all)
            _drop_removed_pages(root, set(app.env.found_docs))
    except SphinxError as exc:
        raise SetupError(f"{root}: the book cannot be built: {exc}".splitlines()[0]) from None
    missing_pages = {p.source for p in problems if p.rule == TOC_MISSING_PAGE}
    # Sphinx's own warning for them says less than toc-missing-page.
    problems += [p for p in parse_warnings(root, warnings.getvalue())
                 if not (p.source in missing_pages and p.message.startswith(NOT_IN_TOCTREE))]
    save_warned_docs(root, {Path(p.source).with_suffix("").as_posix()
                            for p in problems if p.source})
    return BuildResult(html_dir, problems)
