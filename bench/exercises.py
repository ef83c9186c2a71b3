"""Time the exercise gate on the course: cold, warm (nothing changed), one notebook edited,
beside `pytest --nbmake` on the same notebooks, measured in the same run.

Prints figures; asserts nothing. Run: .venv/bin/python bench/exercises.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns("_build", ".venv", "node_modules", ".git", "__pycache__",
                                "tests", "bench")


def timed(command: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in ok:
        sys.exit(f"bench: {' '.join(command)} failed:\n{result.stdout[-1500:]}"
                 f"{result.stderr[-1500:]}")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        shutil.copytree(ROOT, root, ignore=IGNORE)
        notebooks = sorted((root / "notebooks").glob("*.ipynb"))
        gate = [sys.executable, "-m", "checks.cli", "check", *map(str, notebooks)]
        cold = timed(gate, root)
        warm = timed(gate, root)
        edited = notebooks[0]
        nb = nbformat.read(edited, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("bench_edit = 1"))
        nbformat.write(nb, edited)
        after_edit = timed(gate, root)
        nbmake = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "--nbmake", *map(str, notebooks)], root)
    print(f"notebooks in the course:           {len(notebooks)}")
    print(f"caire check, cold:                 {cold:6.2f} s")
    print(f"caire check, warm (no change):     {warm:6.2f} s  ({warm / cold:.0%} of cold)")
    share = after_edit / cold
    print(f"caire check, one notebook edited:  {after_edit:6.2f} s  ({share:.0%} of cold)")
    print(f"pytest --nbmake (same notebooks):  {nbmake:6.2f} s")
    print(f"cold gate / nbmake:                {cold / nbmake:6.2f}x "
          "(the gate also runs each learner version and the offline guard)")
    print(f"warm gate / nbmake:                {warm / nbmake:6.2f}x")


if __name__ == "__main__":
    main()
