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
# The rebuilt page shows the cell's error in its output (the panel's note, which names it
# too, may come first: the worker checks the sources while Sphinx builds).
REBUILT_WITH_ERROR = (
    "return Array.from(document.querySelectorAll('.cell_output')).some((output) => {"
    "  const copy = output.cloneNode(true);"
    "  copy.querySelectorAll('.caire-preview, .caire-preview-note').forEach((n) => n.remove());"
    "  return copy.textContent.includes('ValueError');"
    "});")


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


def idle_cpu(server: int) -> tuple[float, float]:
    """CPU seconds over IDLE_SECONDS of the preview's processes, and of its gate worker
    alone (what the gate adds to sphinx-autobuild's own watcher and server)."""
    tree = [server, *descendants(server)]
    worker = [pid for pid in tree if b"checks.preview.worker" in
              Path(f"/proc/{pid}/cmdline").read_bytes()]
    before = cpu_seconds(tree), cpu_seconds(worker)
    time.sleep(IDLE_SECONDS)  # the interval measured, not a synchronisation
    return cpu_seconds(tree) - before[0], cpu_seconds(worker) - before[1]


def rule_shown(rule: str, shown: bool = True, done: bool = False) -> str:
    """JS: the page shows (or no longer shows) `rule`; with `done`, the gate has finished."""
    present = f"!!document.querySelector(\".caire-preview-note[data-rule='{rule}'], " \
              f".caire-preview-item[data-rule='{rule}']\")"
    finished = "r.dataset.state === 'done' && " if done else ""
    return ("const r = document.querySelector('.caire-preview');"
            f"return !!r && {finished}{'' if shown else '!'}{present};")


def edit(path: Path, change) -> None:  # noqa: ANN001 - a function on the notebook
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def timed(driver, path: Path, change, rule: str, rebuilt: str) -> tuple[float, ...]:  # noqa: ANN001
    """Seconds from saving `change` to the rebuilt page shown (the JS `rebuilt` is true;
    sphinx-autobuild alone), to `rule` shown in the page, and to the gate done."""
    original = path.read_bytes()
    start = time.perf_counter()
    edit(path, change)
    WebDriverWait(driver, PATIENCE, poll_frequency=0.1).until(
        lambda d: d.execute_script(rebuilt))
    reloaded = time.perf_counter() - start
    WebDriverWait(driver, PATIENCE, poll_frequency=0.1).until(
        lambda d: d.execute_script(rule_shown(rule)))
    shown = time.perf_counter() - start
    WebDriverWait(driver, PATIENCE, poll_frequency=0.1).until(
        lambda d: d.execute_script(rule_shown(rule, done=True)))
    done = time.perf_counter() - start
    path.write_bytes(original)
    WebDriverWait(driver, PATIENCE, poll_frequency=0.5).until(
        lambda d: d.execute_script(rule_shown(rule, shown=False, done=True)))
    return reloaded, shown, done


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

            markdown_edit = timed(browser.driver, chapter, no_alt, "image-alt-markdown",
                                  "return !!document.querySelector('img[src*=bench-figure]')")
            code_edit = timed(browser.driver, chapter, raises, "notebook-execution",
                              REBUILT_WITH_ERROR)
            # Idle: the page closed (nothing asks), then open (it asks every 2 s).
            browser.driver.get("about:blank")
            idle_closed = idle_cpu(server.pid)
            browser.driver.get(url)
            idle_open = idle_cpu(server.pid)
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
    for label, (reloaded, shown, done) in (("markdown edit (image without alt)",
                                             markdown_edit),
                                            ("code-cell edit (a cell that raises)",
                                             code_edit)):
        print(f"{label}: rebuilt page shown {reloaded:.1f} s, its finding shown "
              f"{shown:.1f} s, gate done (page rules too) {done:.1f} s")
    for label, (tree, worker) in (("no page open", idle_closed), ("page open", idle_open)):
        print(f"CPU over {IDLE_SECONDS} s idle, {label:<12}: preview {tree:.2f} s, "
              f"of which the gate's worker {worker:.2f} s")


if __name__ == "__main__":
    main()
