"""Notebook files as authors write them: `.ipynb`, or MyST markdown notebooks (a `.md`
file whose front matter names the format), read the way myst-nb and Jupyter Book read
them."""

from __future__ import annotations

from pathlib import Path

import nbformat
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook

NOTEBOOK_SUFFIXES = (".ipynb", ".md")


def is_notebook(path: Path) -> bool:
    """A .ipynb file, or a .md file that myst-nb reads as a notebook."""
    if path.suffix == ".ipynb":
        return True
    if path.suffix != ".md":
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            return is_myst_markdown_notebook(line.rstrip("\n") for line in handle)
    except (OSError, UnicodeDecodeError):
        return False


def _cell_lines(text: str, source_map: list[int], nb: nbformat.NotebookNode) -> list[int]:
    """1-based first line of each cell; myst-nb maps a markdown cell to where the text
    before it ended (blank lines included) and a code cell to its fence."""
    lines = text.splitlines()
    first = []
    for start, cell in zip(source_map, nb.cells, strict=True):
        if cell.cell_type != "markdown":
            first.append(start)
            continue
        while start < len(lines) and not lines[start].strip():
            start += 1
        first.append(start + 1)
    return first


def read_markdown_notebook(path: Path) -> tuple[nbformat.NotebookNode, list[int]]:
    """The notebook and the first line of each cell. Raises OSError, UnicodeDecodeError,
    or myst-nb's MystMetadataParsingError / ValueError on bad front matter."""
    text = path.read_text(encoding="utf-8")
    nb = read_myst_markdown_notebook(text, add_source_map=True, path=path)
    return nb, _cell_lines(text, nb.metadata.pop("source_map"), nb)


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Either format, as a notebook (errors as the readers raise them)."""
    if path.suffix == ".md":
        return read_markdown_notebook(path)[0]
    return nbformat.read(path, as_version=4)
