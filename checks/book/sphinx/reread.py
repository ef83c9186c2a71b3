"""Sphinx extension: re-read every document that had a build warning last time.

Sphinx only re-reads changed documents, so a warning (a notebook that failed to execute,
a broken reference) would vanish from the second build although nothing was fixed.
`caire build` records the warned documents; this extension marks them outdated.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from checks.layout import WARNED_DOCS


def save_warned_docs(root: Path, docnames: set[str]) -> None:
    path = root / WARNED_DOCS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(sorted(docnames)), encoding="utf-8")


def load_warned_docs(root: Path) -> set[str]:
    try:
        return set(json.loads((root / WARNED_DOCS).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return set()


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    return sorted(load_warned_docs(Path(app.srcdir)) & env.found_docs - removed)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-outdated", _outdated)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
