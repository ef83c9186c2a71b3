"""Derive the Sphinx configuration of a book from its `_config.yml` (Jupyter Book 1 rules).

No file of ours goes into the book: `write_sphinx_conf` writes a `conf.py` under
`_build/.caire/sphinx` that derives the configuration again each time Sphinx reads it, so
`caire build`, `caire preview` (sphinx-autobuild) and a plain
`sphinx-build -c _build/.caire/sphinx . _build/html` share it.
"""

from __future__ import annotations

import io
import re
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import yaml
from jupyter_book.config import get_final_config

from checks.book.extensions import missing_extension
from checks.errors import SetupError
from checks.layout import CONFIG_FILE, JUPYTER_CACHE, SPHINX_CONF_DIR, TOC_FILE

# Stamps and re-reading: what caire adds to every book (it changes nothing a reader sees).
CORE_EXTENSION = "checks.book.sphinx.core"
# Settings Sphinx reads relative to the folder of conf.py, which is no longer the book's.
CONFDIR_PATHS = ("html_static_path", "templates_path", "html_extra_path", "bibtex_bibfiles")
CONFDIR_FILES = ("html_logo", "html_favicon")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Jupyter Book's notes on the configuration already told on standard error in this process.
_TOLD: set[str] = set()

def load_book_yaml(root: Path) -> dict[str, Any]:
    """Read `_config.yml`, with a one-line error when it is missing or not YAML."""
    path = root / CONFIG_FILE
    if not path.is_file():
        raise SetupError(f"{path}: no Jupyter Book configuration found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise SetupError(f"{path}{where}: not valid YAML") from None
    if not isinstance(data, dict):
        raise SetupError(f"{path}: expected a mapping at the top level")
    return data


def sphinx_config(root: Path) -> dict[str, Any]:
    """The Sphinx configuration Jupyter Book 1 would use for the book at `root`."""
    load_book_yaml(root)  # a one-line error for a missing or broken file
    if not (root / TOC_FILE).is_file():
        raise SetupError(f"{root / TOC_FILE}: no table of contents found")
    printed = io.StringIO()
    # Jupyter Book prints its notes on the configuration (a moved key, a deprecated
    # setting) on standard output, where caire's reports go.
    with redirect_stdout(printed):
        config, _meta = get_final_config(
            # A path, not the parsed mapping: Jupyter Book then puts `local_extensions`
            # folders on sys.path relative to the book.
            user_yaml=root / CONFIG_FILE,
            cli_config={"latex_individualpages": False},
            sourcedir=root,
            validate=True,
            raise_on_invalid=True,
        )
    _tell_once(root / CONFIG_FILE, printed.getvalue())
    # sphinx-thebe writes a Binder configuration into every page and fetches thebe from a
    # CDN when used: keep it out unless the book asks for live code.
    if not (config.get("html_theme_options", {}).get("launch_buttons") or {}).get("thebe"):
        config["extensions"] = [e for e in config["extensions"] if e != "sphinx_thebe"]
    config["external_toc_path"] = str(root / TOC_FILE)
    # Absolute, so the cache is found whatever the working directory of the build.
    config["nb_execution_cache_path"] = str(root / JUPYTER_CACHE)
    # A failing notebook's warning then carries its traceback: the cell and the exception.
    config["nb_execution_show_tb"] = True
    if CORE_EXTENSION not in config["extensions"]:
        config["extensions"] = [*config["extensions"], CORE_EXTENSION]
    # A certifying bank is never published, whatever the book's other exclusions say.
    config["exclude_patterns"] = [*(config.get("exclude_patterns") or []),
                                  *badge_bank_names(root)]
    _absolute_paths(root, config)
    return config


# Where a book names its certifying question banks: `caire: {badge_banks: [...]}`.
BADGE_BANKS_KEYS = ("badge_banks", "badge-banks")


def badge_bank_names(root: Path) -> list[str]:
    """The badge banks `_config.yml` names (paths relative to the book, as written)."""
    settings = load_book_yaml(root).get("caire") or {}
    if not isinstance(settings, dict):
        return []  # the gate's configuration reports a `caire:` that is not a table
    names = next((settings[key] for key in BADGE_BANKS_KEYS if key in settings), None)
    if names is None:
        return []
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise SetupError(f"{root / CONFIG_FILE}: caire: badge_banks must be a list of "
                         "file paths relative to the book")
    return [Path(name).as_posix() for name in names]


def badge_banks(root: Path) -> list[Path]:
    """The badge banks' files; a one-line error naming `_config.yml` for an entry that
    is not a notebook file of the book."""
    banks = []
    for name in badge_bank_names(root):
        path = root / name
        if not path.is_file() or path.suffix not in (".md", ".ipynb"):
            raise SetupError(f"{root / CONFIG_FILE}: caire: badge_banks: {name}: no such "
                             "notebook (.md or .ipynb) in the book")
        banks.append(path)
    return banks


def _tell_once(config_file: Path, printed: str) -> None:
    """Jupyter Book's notes, on standard error, once per process, without its colours
    and its box of `=` lines."""
    lines = [line for line in _ANSI.sub("", printed).splitlines()
             if line.strip() and line.strip("= ")]
    note = "\n".join(lines)
    if note and note not in _TOLD:
        _TOLD.add(note)
        print(f"caire: {config_file}: {note}", file=sys.stderr)


def book_language(root: Path) -> str | None:
    """The book's `language` (Sphinx's `language`, set under `sphinx: config:` in a
    Jupyter Book); None outside a book or when the book names none."""
    if not (root / CONFIG_FILE).is_file():
        return None
    sphinx = load_book_yaml(root).get("sphinx") or {}
    language = (sphinx.get("config") or {}).get("language")
    return str(language) if language else None


def _is_url(value: str) -> bool:
    return "://" in value


def _absolute_paths(root: Path, config: dict[str, Any]) -> None:
    for name in CONFDIR_PATHS:
        if config.get(name):
            config[name] = [str(root / path) for path in config[name]]
    for name in CONFDIR_FILES:
        value = config.get(name)
        if value and isinstance(value, str) and not _is_url(value):
            config[name] = str(root / value)


CONF_PY = '''"""Generated by caire from {config}: edit that file, not this one."""

from pathlib import Path

from checks.book.config import sphinx_config

globals().update(sphinx_config(Path({root!r})))
'''


def write_sphinx_conf(root: Path) -> Path:
    """The folder of a generated conf.py for the book at `root` (written when it differs)."""
    root = root.resolve()
    # Fail here, with the file and the key named, rather than inside Sphinx.
    problem = missing_extension(load_book_yaml(root), sphinx_config(root)["extensions"])
    if problem:
        raise SetupError(f"{root / CONFIG_FILE}: {problem}")
    folder = root / SPHINX_CONF_DIR
    text = CONF_PY.format(config=root / CONFIG_FILE, root=str(root))
    conf = folder / "conf.py"
    if not conf.is_file() or conf.read_text(encoding="utf-8") != text:
        folder.mkdir(parents=True, exist_ok=True)
        conf.write_text(text, encoding="utf-8")
    return folder
