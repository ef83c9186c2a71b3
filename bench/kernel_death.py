"""Is a kernel's death always classified as `kernel-died`, under load?

Runs the exercise gate on the two fixtures whose kernel dies (a segfault and os._exit)
N times in a row (default 20), each time on a fresh cache, while busy processes load
every core, and prints how each run classified them. Usage: bench/kernel_death.py [N]
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.book.execution import book_execution  # noqa: E402
from checks.gate.notebooks.exercises import run_gate  # noqa: E402

FIXTURES = ("segfault.ipynb", "kernel_exit.ipynb")


def _burn(stop: float) -> None:
    while time.monotonic() < stop:
        sum(i * i for i in range(10_000))


def main(runs: int) -> int:
    outcomes: Counter[str] = Counter()
    stop = time.monotonic() + 3600
    load = [multiprocessing.Process(target=_burn, args=(stop,), daemon=True)
            for _ in range(os.cpu_count() or 2)]
    for process in load:
        process.start()
    try:
        for number in range(1, runs + 1):
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp)
                paths = []
                for name in FIXTURES:
                    shutil.copy(ROOT / "tests" / "fixtures" / "notebooks" / name, root / name)
                    paths.append(root / name)
                started = time.monotonic()
                findings = run_gate(root, paths, book=book_execution(root)).findings
                rules = sorted(f"{f.source}:{f.rule}" for f in findings)
                outcomes.update(f.rule for f in findings)
                print(f"run {number:2d}: {time.monotonic() - started:5.1f} s  {rules}",
                      flush=True)
    finally:
        for process in load:
            process.terminate()
    print(f"{runs} runs: {dict(outcomes)}")
    wrong = sum(n for rule, n in outcomes.items() if rule != "kernel-died")
    print(f"kernel-died {outcomes['kernel-died']} of {2 * runs}; other {wrong}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
