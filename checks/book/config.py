"""Derive the Sphinx configuration of the book from `_config.yml` (Jupyter Book 1 rules)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from jupyter_book.config import get_final_config

from checks.errors import SetupError
from checks.layout import CONFIG_FILE, JUPYTER_CACHE, TOC_FILE


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
    if not (root / TOC_FILE).is_file():
        raise SetupError(f"{root / TOC_FILE}: no table of contents found")
    config, _meta = get_final_config(
        user_yaml=load_book_yaml(root),
        cli_config={"latex_individualpages": False},
        sourcedir=root,
        validate=True,
        raise_on_invalid=True,
    )
    # sphinx-thebe writes a Binder configuration into every page and fetches thebe from a
    # CDN when used: keep it out unless the book asks for live code.
    if not (config.get("html_theme_options", {}).get("launch_buttons") or {}).get("thebe"):
        config["extensions"] = [e for e in config["extensions"] if e != "sphinx_thebe"]
    config["external_toc_path"] = str(root / TOC_FILE)
    # Absolute, so the cache is found whatever the working directory of the build.
    config["nb_execution_cache_path"] = str(root / JUPYTER_CACHE)
    return config
