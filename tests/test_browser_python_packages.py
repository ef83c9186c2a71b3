"""Python for the learners' browsers: which packages ship, and every file verified against
Pyodide's own lock file (no browser)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from checks.book.browser_python import (
    book_packages,
    imported_modules,
    read_lock,
    required_packages,
    sha256,
    ship,
)
from checks.errors import SetupError
from checks.layout import PYODIDE_PACKAGES
from conftest import ROOT

VENDOR = ROOT / PYODIDE_PACKAGES


def test_imports_are_read_from_code_cells_and_skip_cells_that_do_not_parse() -> None:
    assert imported_modules(["import numpy as np\nfrom sklearn.tree import X",
                             "%matplotlib inline", "from . import local", "import re"]) == {
        "numpy", "sklearn", "re"}


def test_packages_follow_the_lock_file_dependencies() -> None:
    lock = read_lock(ROOT)
    needed = required_packages(lock, {"sklearn", "re", "collections"})
    # scikit-learn brings scipy and its BLAS; matplotlib always ships (figures).
    assert {"scikit-learn", "scipy", "openblas", "numpy", "matplotlib"} <= set(needed)
    assert "pandas" not in needed  # nothing imports it
    assert needed == sorted(needed)


def test_the_course_ships_only_what_its_notebooks_import() -> None:
    packages = book_packages(ROOT)
    assert packages is not None
    assert {"numpy", "matplotlib", "scikit-learn"} <= set(packages)
    assert not {"pandas", "pyarrow", "sympy"} & set(packages)


def test_shipping_checks_every_wheel_against_the_lock(tmp_path: Path) -> None:
    lock = read_lock(ROOT)["packages"]
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    wheel = lock["six"]["file_name"]
    shutil.copy(VENDOR / wheel, vendor / wheel)
    site = tmp_path / "site"
    size = ship(ROOT, ["six"], vendor, site)
    assert sha256(site / wheel) == lock["six"]["sha256"]
    # The wasm binary ships gzipped (10.1 MB to 3.1 MB), the worker's loader as is; the
    # manifest gives what the worker checks after decompression.
    wasm = ROOT / "node_modules/pyodide/pyodide.asm.wasm"
    assert not (site / "pyodide.asm.wasm").exists()
    assert gzip.decompress((site / "pyodide.asm.wasm.gz").read_bytes()) == wasm.read_bytes()
    assert (site / "pyodide.js").is_file() and not (site / "pyodide.js.gz").exists()
    manifest = json.loads((site / "caire-files.json").read_text(encoding="utf-8"))
    assert manifest["files"]["pyodide.asm.wasm"] == {
        "sha256": sha256(wasm), "gzip": True,
        "size": (site / "pyodide.asm.wasm.gz").stat().st_size}
    assert manifest["files"][wheel]["sha256"] == lock["six"]["sha256"]
    assert manifest["imports"] == {"six": "six"} and 5_000_000 < size < 8_000_000
    # A second build reuses what it shipped; the choice depends on the content only.
    assert ship(ROOT, ["six"], vendor, site) == size
    # A wheel that is not the official one stops the build, naming the file.
    (vendor / wheel).write_bytes(b"not the official wheel")
    with pytest.raises(SetupError, match=f"{wheel}: not the sha256 of Pyodide's lock file"):
        ship(ROOT, ["six"], vendor, tmp_path / "other")


def test_a_missing_wheel_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(SetupError, match="make setup"):
        ship(ROOT, ["six"], tmp_path / "empty", tmp_path / "site")


def test_the_course_fits_its_budget() -> None:
    lock = read_lock(ROOT)["packages"]
    packages = book_packages(ROOT) or []
    total = sum((VENDOR / lock[p]["file_name"]).stat().st_size for p in packages)
    runtime = sum((ROOT / "node_modules/pyodide" / name).stat().st_size for name in (
        "pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
        "pyodide-lock.json"))
    assert total + runtime <= 60_000_000
