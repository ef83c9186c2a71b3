"""Sphinx extension: a changed static file (a stylesheet, a script) reaches the site.

Sphinx copies `html_static_path` only when it writes some page: after editing only
`_static/caire.css`, a build (or the live preview) said "no targets are out of date" and
kept serving the old file. When a static file is newer than its copy, the root page is
marked outdated, so the build writes it and copies the static files again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def _pairs(app: Sphinx) -> Iterator[tuple[Path, Path]]:
    """(static file, where the build copies it), skipping what Sphinx never copies as is
    (hidden files, `_t` templates)."""
    target = Path(app.outdir) / "_static"
    for entry in app.config.html_static_path:
        source = Path(app.confdir) / entry
        files = [source] if source.is_file() else sorted(source.rglob("*"))
        for path in files:
            if path.is_file() and not path.name.startswith(".") and not path.name.endswith("_t"):
                relative = path.name if path == source else path.relative_to(source)
                yield path, target / relative


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    stale = any(not copy.is_file() or copy.stat().st_mtime < path.stat().st_mtime
                for path, copy in _pairs(app))
    root = app.config.root_doc
    return [root] if stale and root in env.found_docs and root not in removed else []


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-outdated", _outdated)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
