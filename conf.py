"""Sphinx configuration, derived from `_config.yml` at every build.

Edit `_config.yml`, not this file. Keeping the derivation dynamic lets `caire build`,
`caire preview` and a plain `sphinx-build . _build/html` share one configuration.
"""

from pathlib import Path

from checks.book.config import sphinx_config

globals().update(sphinx_config(Path(__file__).resolve().parent))
