"""The sources the static rules read: notebooks (with their executed outputs when the
execution cache has them) and markdown pages, as a list of cells.

Markdown is parsed by MyST's own parser (as the build parses it), so MyST syntax such as
targets `(label)=`, comments and directives is understood; each top-level block keeps its
line, so findings in markdown files carry one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from bs4 import BeautifulSoup, Tag
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from checks.content.notebook_file import is_notebook
from checks.gate.notebooks.load import load, relative
from checks.layout import JUPYTER_CACHE

# The MyST extensions Jupyter Book books commonly enable; they change how blocks split.
_MARKDOWN = create_md_parser(MdParserConfig(enable_extensions={
    "colon_fence", "dollarmath", "amsmath", "deflist", "substitution", "fieldlist"}),
    RendererHTML)


# Blocks whose HTML keeps the source's line breaks: raw HTML is copied as written, a
# paragraph or heading renders its text line for line.
_LINES_KEPT = frozenset({"html_block", "paragraph_open", "heading_open"})


class Block(NamedTuple):
    """A top-level block of a markdown cell rendered as HTML."""
    offset: int  # 0-based line of the block in the cell
    html: BeautifulSoup
    tokens: tuple[Token, ...]  # its tokens, the first saying what kind of block it is

    def offset_of(self, tag: Tag) -> int:
        """The 0-based line of `tag` in the cell: its own line where the HTML keeps the
        source's lines, else the block's."""
        if self.tokens[0].type in _LINES_KEPT and tag.sourceline:
            return self.offset + tag.sourceline - 1
        return self.offset


@dataclass
class Cell:
    index: int | None  # None for a markdown page, which is one "cell"
    kind: str  # "markdown" | "code"
    source: str
    outputs: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    # 1-based line where the cell starts in a markdown file; None in a .ipynb.
    line: int | None = None

    def tokens(self) -> list[Token]:
        return _tokens(self.source) if self.kind == "markdown" else []

    def blocks(self) -> list[Block]:
        """Each top-level block rendered as HTML (markdown and raw HTML alike)."""
        return _blocks(self.source) if self.kind == "markdown" else []

    def line_at(self, offset: int | None) -> int | None:
        """The file line of line `offset` (0-based) of the cell, where files have lines."""
        if self.line is None:
            return None
        return self.line + (offset or 0)


@dataclass
class SourceDoc:
    rel: str
    cells: list[Cell]
    is_notebook: bool
    # The notebook's metadata (a final quiz's `caire` facts); empty for a markdown page.
    metadata: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1024)
def _tokens(source: str) -> list[Token]:
    return _MARKDOWN.parse(source)


@lru_cache(maxsize=1024)
def _blocks(source: str) -> list[Block]:
    tokens = _tokens(source)
    blocks, start, depth = [], 0, 0
    for position, token in enumerate(tokens):
        depth += token.nesting
        if depth == 0:
            group = tokens[start:position + 1]
            line = next((t.map[0] for t in group if t.map), 0)
            html = _MARKDOWN.renderer.render(group, _MARKDOWN.options, {})
            blocks.append(Block(line, BeautifulSoup(html, "html.parser"), tuple(group)))
            start = position + 1
    return blocks


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


def read_source(root: Path, path: Path, *, executed: bool = True) -> SourceDoc | None:
    """A notebook or markdown page as cells; None when it cannot be read (the exercise
    gate reports malformed notebooks). A notebook's outputs are those of its run in the
    execution cache when `executed`, else those it holds."""
    rel = relative(root, path)
    if not is_notebook(path):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return SourceDoc(rel, [Cell(None, "markdown", text, line=1)], False)
    item, _problems = load(root, path)  # the exercise gate reports them
    if item is None:
        return None
    outputs = _executed_outputs(root, item.nb) if executed else None
    cells = []
    for index, cell in enumerate(item.nb.cells):
        cell_outputs = cell.get("outputs", [])
        if outputs is not None and index < len(outputs) and cell.cell_type == "code":
            cell_outputs = outputs[index]
        cells.append(Cell(index, cell.cell_type, cell.source, list(cell_outputs),
                          dict(cell.get("metadata", {})), item.line_of(index)))
    return SourceDoc(rel, cells, True, dict(item.nb.metadata))
