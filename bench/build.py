"""Time `caire build` on a copy of the course: cold, unchanged, and after editing one page.

Prints figures; asserts nothing (timings on shared machines are noisy).
Run: .venv/bin/python bench/build.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns("_build", ".venv", "node_modules", ".git", "__pycache__")


def timed_build(root: Path, *extra: str) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "checks.cli", "build", *extra], cwd=root,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: build failed:\n{result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        shutil.copytree(ROOT, root, ignore=IGNORE)
        (root / "node_modules").symlink_to(ROOT / "node_modules")
        cold = timed_build(root, "--all")
        warm = timed_build(root)
        page = root / "book" / "glossaire.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nAjout.\n", encoding="utf-8")
        edited = timed_build(root)
    print(f"caire build, cold (--all):         {cold:6.2f} s")
    print(f"caire build, nothing changed:      {warm:6.2f} s  ({warm / cold:.0%} of cold)")
    print(f"caire build, one page edited:      {edited:6.2f} s  ({edited / cold:.0%} of cold)")


if __name__ == "__main__":
    main()
