"""The sources the static rules read: notebooks (with their executed outputs when the
execution cache has them) and markdown pages, as a list of cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from markdown_it.token import Token

from checks.gate.notebooks.load import load, relative
from checks.layout import JUPYTER_CACHE

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


@dataclass
class Cell:
    index: int | None  # None for a markdown page, which is one "cell"
    kind: str  # "markdown" | "code"
    source: str
    outputs: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def tokens(self) -> list[Token]:
        return _tokens(self.source) if self.kind == "markdown" else []

    def html(self) -> BeautifulSoup:
        """The cell rendered as HTML (markdown and raw HTML alike)."""
        return _html(self.source) if self.kind == "markdown" else BeautifulSoup("", "html.parser")


@dataclass
class SourceDoc:
    rel: str
    cells: list[Cell]
    is_notebook: bool


@lru_cache(maxsize=1024)
def _tokens(source: str) -> list[Token]:
    return _MARKDOWN.parse(source)


@lru_cache(maxsize=1024)
def _html(source: str) -> BeautifulSoup:
    return BeautifulSoup(_MARKDOWN.render(source), "html.parser")


def _executed_outputs(root: Path, nb: Any) -> list[list[dict]] | None:
    """Outputs of the notebook's last successful run in the book's execution cache, one
    list per cell (jupyter-cache keeps code cells only: merge them back by position)."""
    cache_path = root / JUPYTER_CACHE
    if not cache_path.is_dir():
        return None
    from jupyter_cache import get_cache
    from jupyter_cache.base import CachingError

    try:
        _pk, merged = get_cache(cache_path).merge_match_into_notebook(nb)
    except (CachingError, KeyError, OSError, ValueError):
        return None
    return [cell.get("outputs", []) for cell in merged.cells]


def read_source(root: Path, path: Path) -> SourceDoc | None:
    """A notebook or markdown page as cells; None when it cannot be read (the exercise
    gate reports malformed notebooks)."""
    rel = relative(root, path)
    if path.suffix == ".md":
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return SourceDoc(rel, [Cell(None, "markdown", text)], False)
    item, problems = load(root, path)
    if item is None:
        return None
    outputs = _executed_outputs(root, item.nb)
    cells = []
    for index, cell in enumerate(item.nb.cells):
        cell_outputs = cell.get("outputs", [])
        if outputs is not None and index < len(outputs) and cell.cell_type == "code":
            cell_outputs = outputs[index]
        cells.append(Cell(index, cell.cell_type, cell.source, list(cell_outputs),
                          dict(cell.get("metadata", {}))))
    return SourceDoc(rel, cells, True)
