"""Time the gate inside `caire preview` on a copy of the course.

Prints: the time from saving a one-cell change of a chapter to its finding shown in the
page (a markdown edit: an image without alt text; a code-cell edit: a cell that raises),
the time to the first result after start-up, and the CPU the preview's processes use
while nothing changes. Asserts nothing (timings on shared machines are noisy).
Run: .venv/bin/python bench/preview.py [--chapter notebooks/01_ia_definition.ipynb]
     [--caches-from BOOK] (start warm, with the caches of BOOK's earlier check or build)
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
from selenium.webdriver.support.wait import WebDriverWait

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.gate.pages.browser import Browser  # noqa: E402 - after the path is set
from checks.processes import descendants, end_tree  # noqa: E402

IGNORE = shutil.ignore_patterns("_build", ".venv", "node_modules", ".git", "__pycache__",
                                "tests", "bench", "checks")
# The caches an author's earlier `caire check` or `caire build` leaves (by content).
CACHES = ("_build/.jupyter_cache", "_build/.caire/exercise-gate", "_build/.caire/pages")
PATIENCE = 3600
IDLE_SECONDS = 60
IMAGE = "![](../book/_static/bench-figure.png)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of the processes `pids` (those still alive)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def rule_shown(rule: str, shown: bool = True) -> str:
    present = f"!!document.querySelector(\".caire-preview-note[data-rule='{rule}'], " \
              f".caire-preview-item[data-rule='{rule}']\")"
    return ("const r = document.querySelector('.caire-preview');"
            f"return !!r && r.dataset.state === 'done' && {'' if shown else '!'}{present};")


def edit(path: Path, change) -> None:  # noqa: ANN001 - a function on the notebook
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def timed(driver, path: Path, change, rule: str) -> float:  # noqa: ANN001
    original = path.read_bytes()
    start = time.perf_counter()
    edit(path, change)
    WebDriverWait(driver, PATIENCE, poll_frequency=0.1).until(
        lambda d: d.execute_script(rule_shown(rule)))
    elapsed = time.perf_counter() - start
    path.write_bytes(original)
    WebDriverWait(driver, PATIENCE, poll_frequency=0.5).until(
        lambda d: d.execute_script(rule_shown(rule, shown=False)))
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", default="notebooks/01_ia_definition.ipynb")
    parser.add_argument("--caches-from", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        shutil.copytree(ROOT, root, ignore=IGNORE)
        (root / "node_modules").symlink_to(ROOT / "node_modules")
        for cache in CACHES if args.caches_from else ():
            if (args.caches_from / cache).is_dir():
                shutil.copytree(args.caches_from / cache, root / cache)
        shutil.copy(ROOT / "tests" / "fixtures" / "books" / "plain" / "figure.png",
                    root / "book" / "_static" / "bench-figure.png")
        chapter = root / args.chapter
        nb = nbformat.read(chapter, as_version=4)
        markdown = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown")
        code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        port = free_port()
        log = open(Path(tmp) / "preview.log", "w")  # noqa: SIM115 - closed below
        start = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "checks.cli", "preview", "--port",
                                   str(port)], cwd=root, stdout=log, stderr=log,
                                  start_new_session=True,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
        browser = Browser(page_timeout=120, guard=False)
        try:
            url = f"http://127.0.0.1:{port}/" + Path(args.chapter).with_suffix(".html") \
                .as_posix()
            WebDriverWait(browser.driver, PATIENCE, poll_frequency=1).until(
                lambda _d: answers(url))
            browser.driver.get(url)
            WebDriverWait(browser.driver, PATIENCE, poll_frequency=0.5).until(
                lambda d: d.execute_script(
                    "const r = document.querySelector('.caire-preview');"
                    "return !!r && r.dataset.state === 'done';"))
            first = time.perf_counter() - start

            def no_alt(nb) -> None:  # noqa: ANN001
                nb.cells[markdown].source += f"\n\n{IMAGE}\n"

            def raises(nb) -> None:  # noqa: ANN001
                nb.cells[code].source += "\nraise ValueError('bench')\n"

            markdown_edit = timed(browser.driver, chapter, no_alt, "image-alt-markdown")
            code_edit = timed(browser.driver, chapter, raises, "notebook-execution")
            # Idle: the page closed (nothing asks), then open (it asks every 2 s).
            browser.driver.get("about:blank")
            tree = [server.pid, *descendants(server.pid)]
            before = cpu_seconds(tree)
            time.sleep(IDLE_SECONDS)  # the interval measured, not a synchronisation
            idle_closed = cpu_seconds(tree) - before
            browser.driver.get(url)
            tree = [server.pid, *descendants(server.pid)]
            before = cpu_seconds(tree)
            time.sleep(IDLE_SECONDS)
            idle_open = cpu_seconds(tree) - before
        finally:
            browser.quit()
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
            end_tree(server.pid)
            server.wait()
            log.close()
    load = os.getloadavg()
    print(f"caire preview on the course, edits in {args.chapter}, "
          f"{'warm caches' if args.caches_from else 'cold'} "
          f"(load average {load[0]:.1f} on {os.cpu_count()} cores)")
    print(f"start-up to the first result on the page:        {first:7.1f} s")
    print(f"markdown edit (image without alt) to its note:   {markdown_edit:7.1f} s")
    print(f"code-cell edit (a cell that raises) to its note: {code_edit:7.1f} s")
    print(f"CPU of the preview's processes over {IDLE_SECONDS} s idle, no page open: "
          f"{idle_closed:.2f} s")
    print(f"CPU of the preview's processes over {IDLE_SECONDS} s idle, page open:    "
          f"{idle_open:.2f} s")


if __name__ == "__main__":
    main()
