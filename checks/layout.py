"""Layout facts shared by every room: file names, paths under `_build`, stamp names.

One place for each: the builder writes where the gate reads, so both read them here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

CONFIG_FILE = "_config.yml"
TOC_FILE = "_toc.yml"
SOURCE_SUFFIXES = (".ipynb", ".md")

BUILD_DIR = Path("_build")
HTML_DIR = BUILD_DIR / "html"
DOCTREE_DIR = BUILD_DIR / ".doctrees"
# The execution cache shared by the build (myst-nb), the exercise gate and the source rules.
JUPYTER_CACHE = BUILD_DIR / ".jupyter_cache"
# caire's own state: caches and what one run leaves for the next.
STATE_DIR = BUILD_DIR / ".caire"
# The conf.py generated from `_config.yml` (a book holds no Sphinx file of ours).
SPHINX_CONF_DIR = STATE_DIR / "sphinx"
EXERCISE_CACHE = STATE_DIR / "exercise-gate"
PAGE_CACHE = STATE_DIR / "pages"
WARNED_DOCS = STATE_DIR / "warned-docs.json"
SUMMARY_FILE = STATE_DIR / "last-gate.json"
# `caire preview`: the gate's latest result for the panel, and the pipe a finished
# rebuild writes to (the preview's gate waits on it without polling).
PREVIEW_DIR = STATE_DIR / "preview"
PREVIEW_STATE = PREVIEW_DIR / "findings.json"
PREVIEW_PIPE = PREVIEW_DIR / "rebuilt.fifo"
# Where the preview server serves its panel's files and the state above (a URL path no
# book page can take: Sphinx writes no folder with this name).
PREVIEW_URL = "/_caire_preview"
# What `caire export KIND` writes by default.
EXPORT_OUTPUTS = {"scorm": BUILD_DIR / "caire-scorm.zip",
                  "moodle-quiz": BUILD_DIR / "caire-moodle-quiz.xml"}

# Stamps the build puts in the HTML so a page finding maps back to its notebook cell.
CELL_CLASS = "caire-cell-"
LINE_CLASS = "caire-line-"  # in markdown sources: the block's line in the file
SOURCE_META = "caire-source"

# Folders that never hold pages of the book: tooling, caches, virtual environments.
NOT_CONTENT = frozenset({
    "_build", ".venv", "venv", "node_modules", ".git", ".ci", ".ipynb_checkpoints",
    "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".tox", ".nox",
})
# Files a built page loads without rendering anything from them until the reader acts:
# Sphinx's search index (every page loads it; it changes with any text of the book).
SITE_DATA_FILES = frozenset({"searchindex.js"})
# Folders of a built site that hold assets, not pages.
SITE_ASSET_DIRS = frozenset({"_static", "_sources", "_images", "_sphinx_design_static",
                             "reports"})


# The checkout holding this package, where `npm ci` installs axe-core and MathJax.
TOOL_DIR = Path(__file__).resolve().parent.parent
# Under TOOL_DIR: Pyodide's package wheels, fetched and verified by `make setup`.
PYODIDE_PACKAGES = Path(".vendor") / "pyodide-packages"


def node_module(root: Path, relative: str) -> Path:
    """`node_modules/<relative>` of the book at `root`, else of this tool's checkout."""
    local = root / "node_modules" / relative
    return local if local.exists() else TOOL_DIR / "node_modules" / relative


def source_files(folder: Path, suffixes: tuple[str, ...] = SOURCE_SUFFIXES,
                 skip: frozenset[str] = NOT_CONTENT) -> Iterator[Path]:
    """Files with one of `suffixes` below `folder`, sorted, outside the `skip` folders."""
    for path in sorted(folder.rglob("*")):
        if path.suffix in suffixes and path.is_file() and \
                not skip & set(path.relative_to(folder).parts[:-1]):
            yield path
