"""Read `_toc.yml`: which source files the book contains, and which it forgets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.util.matching import Matcher
from sphinx_external_toc.parsing import MalformedError, parse_toc_yaml

from checks.book.config import sphinx_config
from checks.content.notebook_file import is_notebook
from checks.errors import SetupError
from checks.layout import NOT_CONTENT, SOURCE_SUFFIXES, TOC_FILE, source_files

NOT_PAGES = NOT_CONTENT | {"_static", "_templates"}


def _resolve(root: Path, docname: str) -> Path:
    for suffix in SOURCE_SUFFIXES:
        candidate = root / f"{docname}{suffix}"
        if candidate.is_file():
            return candidate
    return root / docname


def toc_docnames(root: Path) -> list[str]:
    """Every document named in `_toc.yml`, in reading order (without suffix)."""
    if not (root / TOC_FILE).is_file():
        raise SetupError(f"{root / TOC_FILE}: no table of contents found")
    try:
        site_map = parse_toc_yaml(root / TOC_FILE)
    except (MalformedError, OSError) as exc:
        raise SetupError(f"{root / TOC_FILE}: {exc}") from None
    return [Path(name).with_suffix("").as_posix() for name in site_map]


def toc_sources(root: Path) -> tuple[list[Path], list[str]]:
    """Source files of the pages in `_toc.yml`, and the entries with no file."""
    found: list[Path] = []
    missing: list[str] = []
    for docname in toc_docnames(root):
        path = _resolve(root, docname)
        (found if path.is_file() else missing).append(path if path.is_file() else docname)
    return found, missing


def toc_notebooks(root: Path) -> list[Path]:
    """The book's notebooks, .ipynb and MyST markdown alike, in reading order."""
    return [path for path in toc_sources(root)[0] if is_notebook(path)]


def book_excludes(root: Path) -> Callable[[Path], bool]:
    """Whether Sphinx leaves a file out of the book: the book's `exclude_patterns`, and
    with `only_build_toc_files: true` every file `_toc.yml` does not list."""
    config = sphinx_config(root)
    excluded = Matcher(config.get("exclude_patterns") or [])
    listed = {path.resolve() for path in toc_sources(root)[0]}
    toc_only = bool(config.get("external_toc_exclude_missing"))

    def is_excluded(path: Path) -> bool:
        try:
            rel = path.resolve().relative_to(root.resolve())
        except ValueError:
            return False  # not in the book's folder: given on purpose
        # Sphinx prunes an excluded folder with everything in it.
        if any(excluded(part.as_posix()) for part in [rel, *rel.parents[:-1]]):
            return True
        return toc_only and path.resolve() not in listed

    return is_excluded


def pages_missing_from_toc(root: Path) -> list[Path]:
    """Notebooks and markdown pages Sphinx would read (outside the book's exclusions)
    that `_toc.yml` does not list."""
    listed = {path.resolve() for path in toc_sources(root)[0]}
    excluded = book_excludes(root)
    return [path for path in source_files(root, skip=NOT_PAGES)
            if path.resolve() not in listed and not excluded(path)]
