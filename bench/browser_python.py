"""Exercises in the learner's browser, one by one: bytes that cross the wire and seconds
to the first result, cold (a fresh Chromium, empty HTTP cache: Pyodide, the packages the
exercise's code needs, the earlier cells it depends on, then the answer and its tests)
and warm (a second check on the same page). Bytes are counted by the server, after the
page itself has loaded, so they are what a learner waits for.
Goal (issue 22): an exercise whose code imports nothing downloads no more than the
runtime itself; the others are reported.

Run: .venv/bin/python bench/browser_python.py   (builds the course first if needed)
"""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from checks.gate.pages.browser import Browser  # noqa: E402

SITE = ROOT / "_build" / "html"
BUSY = ("Chargement de Python", "Vérification en cours")


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    sent = 0  # bytes of file bodies sent since the last reset

    def copyfile(self, source, outputfile) -> None:  # noqa: ANN001 - stdlib signature
        data = source.read()
        outputfile.write(data)
        type(self).sent += len(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def timed_check(driver, cell: int) -> tuple[float, int, str]:
    box = driver.find_element(By.CSS_SELECTOR, f'.caire-exercise[data-cell="{cell}"]')
    region = box.find_element(By.CSS_SELECTOR, ".caire-result")
    driver.execute_script("arguments[0].textContent = ''", region)
    button = box.find_element(By.CSS_SELECTOR, ".caire-check")
    driver.execute_script("arguments[0].focus()", button)
    CountingHandler.sent = 0
    start = time.perf_counter()
    button.send_keys(Keys.ENTER)
    while True:
        text = region.text
        if text and not text.startswith(BUSY):
            return time.perf_counter() - start, CountingHandler.sent, text.splitlines()[0]
        if time.perf_counter() - start > 300:
            return float("inf"), CountingHandler.sent, "no result"
        time.sleep(0.02)


def main() -> int:
    if not (SITE / "index.html").is_file():
        subprocess.run([sys.executable, "-m", "checks.cli", "build"], cwd=ROOT, check=True)
    manifest = json.loads((SITE / "_static/pyodide/caire-files.json").read_text())
    runtime = sum(manifest["files"][name]["size"] for name in manifest["runtime"])
    raw = sum((ROOT / "node_modules/pyodide" / name).stat().st_size
              for name in manifest["runtime"])
    print(f"runtime as shipped: {runtime / 1e6:.2f} MB (uncompressed {raw / 1e6:.2f} MB)")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"{'exercise':40} {'cold s':>7} {'cold MB':>8} {'warm s':>7} {'warm MB':>8}  result")
    worst_plain, rows = 0, []
    try:
        for page in sorted((SITE / "notebooks").glob("*.html")):
            if 'class="caire-exercise"' not in page.read_text(encoding="utf-8"):
                continue
            url = base + page.relative_to(SITE).as_posix()
            probe = Browser(page_timeout=300, guard=False)
            try:
                probe.driver.get(url)
                cells = json.loads(probe.driver.find_element(By.ID, "caire-cells")
                                   .get_attribute("textContent"))
            finally:
                probe.quit()
            for cell in (c for c in cells if c["kind"] == "exercise"):
                browser = Browser(page_timeout=300, guard=False)  # cold: fresh profile
                try:
                    browser.driver.get(url)
                    time.sleep(0.5)  # the page's own loads are not the exercise's
                    cold, cold_bytes, text = timed_check(browser.driver, cell["cell"])
                    warm, warm_bytes, _ = timed_check(browser.driver, cell["cell"])
                finally:
                    browser.quit()
                name = f"{page.stem[:3]}{cell['name']}"[:40]
                rows.append((cold, cold_bytes))
                print(f"{name:40} {cold:7.2f} {cold_bytes / 1e6:8.2f} {warm:7.2f} "
                      f"{warm_bytes / 1e6:8.2f}  {text[:30]}")
                if cold_bytes <= runtime * 1.01:
                    worst_plain = max(worst_plain, cold_bytes)
    finally:
        server.shutdown()
    over = [b for _, b in rows if b > runtime * 1.01]
    print(f"exercises: {len(rows)}; downloading only the runtime: {len(rows) - len(over)} "
          f"(at most {worst_plain / 1e6:.2f} MB); more than the runtime: {len(over)}"
          + (f" (up to {max(over) / 1e6:.2f} MB)" if over else ""))
    print(f"first result: median {sorted(t for t, _ in rows)[len(rows) // 2]:.2f} s, "
          f"worst {max(t for t, _ in rows):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
