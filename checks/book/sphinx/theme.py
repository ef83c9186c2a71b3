"""Sphinx extension: the course theme on top of sphinx-book-theme.

It ships MathJax with the site (no CDN), adds the course's CSS and JavaScript, and
translates the interface strings that Jupyter Book 1 leaves in English.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from checks.layout import node_module

# Only the parts of MathJax 3 a page loads: the TeX + CommonHTML component, its fonts,
# the TeX extensions loaded on demand, and the accessibility (speech, explorer) parts.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml", "input/tex/extensions", "a11y", "sre", "ui")
MATHJAX_DIR = "_static/mathjax"


def _mathjax_source(app: Sphinx) -> Path:
    source = node_module(Path(app.srcdir), "mathjax/es5")
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


# A complete French page, not a bare <meta> line: some learners land here first and a
# screen reader needs a language, a title and a link if the refresh is blocked.
REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url={target}">
<title>{title}</title>
</head>
<body>
<main>
<h1>{title}</h1>
<p><a href="{target}">Accéder à l'accueil du cours</a></p>
</main>
</body>
</html>
"""


def _write_root_redirect(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html" or app.config.root_doc == "index":
        return
    page = REDIRECT_PAGE.format(
        lang=html.escape(app.config.language or "fr"),
        target=html.escape(f"{app.config.root_doc}.html"),
        title=html.escape(app.config.html_title or app.config.project),
    )
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")


def _config_inited(app: Sphinx, config: Any) -> None:
    _mathjax_source(app)
    config.mathjax_path = "mathjax/tex-chtml.js"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config_inited)
    app.connect("build-finished", _copy_mathjax)
    # Before sphinx-external-toc (priority 500), which writes a bare redirect if none exists.
    app.connect("build-finished", _write_root_redirect, priority=400)
    app.add_css_file("caire.css")
    app.add_js_file("caire.js", loading_method="defer")
    app.add_js_file("caire-theme.js", loading_method="defer")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
