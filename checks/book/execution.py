"""Which notebooks a Jupyter Book 1 book executes, and how: myst-nb's own rules.

The book's `execute:` settings (`execute_notebooks` off/auto/cache/force, `timeout`,
`allow_errors`, `run_in_temp`, `exclude_patterns`), then each notebook's own metadata on
top: `mystnb:` (any of those settings, as myst-nb reads it) and `execution:` (`timeout`,
`allow_errors`, as jupyter-cache reads it). The gate and the build both follow them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from myst_nb.core.config import NbParserConfig

from checks.book.config import sphinx_config
from checks.errors import SetupError
from checks.layout import CONFIG_FILE, TOC_FILE

# A notebook checked outside any book: executed, with this per-cell limit, and cached.
STANDALONE = NbParserConfig(execution_mode="cache", execution_timeout=60)


@dataclass(frozen=True)
class Execution:
    """How one notebook is executed. `run` False: its stored outputs are shown as they
    are. `cached`: a run of the same code may be reused (`execute_notebooks: cache`);
    otherwise every command executes it again, as every Jupyter Book build would."""

    run: bool
    timeout: int
    allow_errors: bool
    in_temp: bool
    cached: bool


def book_execution(root: Path) -> NbParserConfig:
    """The book's execution settings (myst-nb's configuration, from `_config.yml`)."""
    if not ((root / CONFIG_FILE).is_file() and (root / TOC_FILE).is_file()):
        return STANDALONE
    config = sphinx_config(root)
    values = {name: config[f"nb_{name}"] for name, _default, _field
              in NbParserConfig().as_triple() if f"nb_{name}" in config}
    try:
        return NbParserConfig(**values)
    except (TypeError, ValueError) as exc:
        raise SetupError(f"{root / CONFIG_FILE}: execute: {exc}".splitlines()[0]) from None


def notebook_execution(book: NbParserConfig, path: Path, nb: Any) -> Execution:
    """How `nb` (read from `path`) is executed under the book's settings `book`."""
    overrides = dict(nb.metadata.get("mystnb") or {})
    overrides.pop("output_folder", None)  # myst-nb does not let a notebook change it
    try:
        config = book.copy(**overrides)
    except (TypeError, ValueError):
        config = book  # myst-nb warns and keeps the book's settings
    meta = nb.metadata.get("execution") or {}
    mode = config.execution_mode
    excluded = any(PurePosixPath(path.resolve().as_posix()).match(pattern)
                   for pattern in config.execution_excludepatterns)
    outputs_missing = any(not cell.get("outputs") for cell in nb.cells
                          if cell.cell_type == "code")
    run = not excluded and mode != "off" and (mode != "auto" or outputs_missing)
    return Execution(run, int(meta.get("timeout", config.execution_timeout)),
                     bool(meta.get("allow_errors", config.execution_allow_errors)),
                     config.execution_in_temp, mode == "cache")
