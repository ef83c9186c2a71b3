"""Sphinx extension: the course theme on top of sphinx-book-theme.

It ships MathJax with the site (no CDN), adds the course's CSS and JavaScript, and
translates the interface strings that Jupyter Book 1 leaves in English.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

# Only the parts of MathJax 3 a page loads: the TeX + CommonHTML component, its fonts,
# the TeX extensions loaded on demand, and the accessibility (speech, explorer) parts.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml", "input/tex/extensions", "a11y", "sre", "ui")
MATHJAX_DIR = "_static/mathjax"


def _mathjax_source(app: Sphinx) -> Path:
    source = Path(app.confdir) / "node_modules" / "mathjax" / "es5"
    if not (source / "tex-chtml.js").is_file():
        raise ExtensionError(f"{source}: MathJax 3 is missing; run `npm ci` (make setup)")
    return source


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html":
        return
    source = _mathjax_source(app)
    target = Path(app.outdir) / MATHJAX_DIR
    for part in MATHJAX_PARTS:
        src, dst = source / part, target / part
        if dst.exists():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)


def _config_inited(app: Sphinx, config: Any) -> None:
    _mathjax_source(app)
    config.mathjax_path = "mathjax/tex-chtml.js"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config_inited)
    app.connect("build-finished", _copy_mathjax)
    app.add_css_file("caire.css")
    app.add_js_file("caire.js", loading_method="defer")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
