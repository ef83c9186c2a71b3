"""Which `_config.yml` key asks for a Sphinx extension, and which package provides it:
a missing extension is named with both, before anything runs."""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Extensions Jupyter Book adds for a key of `_config.yml` other than `sphinx:`.
_ADDED_FOR = {
    "sphinxcontrib.bibtex": "bibtex_bibfiles",
    "sphinx_multitoc_numbering": "html.use_multitoc_numbering",
    "sphinx_jupyterbook_latex": "latex.use_jupyterbook_latex",
}


def package_of(module: str) -> str:
    """The usual PyPI name of the package providing `module` (`sphinx_proof` is
    sphinx-proof, `sphinxcontrib.bibtex` is sphinxcontrib-bibtex)."""
    parts = module.split(".")
    top = parts[:2] if parts[0] in ("sphinxcontrib", "sphinxext") else parts[:1]
    return "-".join(top).replace("_", "-")


def _key_of(book: dict[str, Any], extension: str) -> str:
    sphinx = book.get("sphinx") or {}
    if extension in (sphinx.get("local_extensions") or {}):
        return f"sphinx.local_extensions.{extension}"
    if extension in ((sphinx.get("config") or {}).get("extensions") or []):
        return "sphinx.config.extensions"
    extra = sphinx.get("extra_extensions") or []
    if extension in ([extra] if isinstance(extra, str) else extra):
        return "sphinx.extra_extensions"
    return _ADDED_FOR.get(extension, "Jupyter Book's default extensions")


def missing_extension(book: dict[str, Any], extensions: list[str]) -> str | None:
    """What to do about the first extension that cannot be imported, in one line, or None.

    `book` is the parsed `_config.yml`; local extension folders are already on sys.path.
    """
    for extension in extensions:
        try:
            import_module(extension)
        except ImportError as exc:
            key = _key_of(book, extension)
            lacking = exc.name or extension
            if key.startswith("sphinx.local_extensions."):
                folder = (book["sphinx"]["local_extensions"] or {}).get(extension)
                if lacking == extension:
                    return (f"{key}: no module `{extension}` in `{folder}` "
                            f"(a file {extension}.py or a package folder is expected there)")
            return (f"{key}: the Sphinx extension `{extension}` cannot be imported "
                    f"(no module `{lacking}`): install it with "
                    f"`pip install {package_of(lacking)}`")
    return None
