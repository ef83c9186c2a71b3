"""Sphinx extension: Python for the exercises, shipped with the site.

The page script (`caire-python.js`) and its worker live in the course's `_static`; at
the end of the build, Pyodide's runtime and the wheels of the packages the notebooks
import (verified against Pyodide's lock file) are copied to `_static/pyodide/`. Nothing
is fetched from elsewhere, in `caire preview`, on the published site or in the SCORM
package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from checks.book.browser_python import book_packages, ship
from checks.errors import SetupError
from checks.layout import PYODIDE_PACKAGES, TOOL_DIR

LOGGER = logging.getLogger(__name__)
SITE_FOLDER = Path("_static") / "pyodide"


def _ship_python(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html":
        return
    root = Path(app.srcdir)
    try:
        packages = book_packages(root)
        if packages is None:
            return  # no code cell: nothing to run
        size = ship(root, packages, TOOL_DIR / PYODIDE_PACKAGES, Path(app.outdir) / SITE_FOLDER)
    except SetupError as exc:
        raise ExtensionError(str(exc)) from None
    LOGGER.info("Python for the exercises: Pyodide and %d package(s), %.1f MB",
                len(packages), size / 1e6)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_js_file("caire-python.js", loading_method="defer")
    app.connect("build-finished", _ship_python)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
