"""Exercises in the learner's browser, per chapter: time to the first result cold (a
fresh Chromium, empty HTTP cache: Pyodide and the chapter's packages load, the earlier
cells run, then the answer and its tests) and to a second result on the same page.
Goals (issue 14): first result at most 10 s from a local server, second at most 1 s.

Run: .venv/bin/python bench/browser_python.py   (builds the course first if needed)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selenium.webdriver.common.by import By  # noqa: E402

from checks.gate.pages.browser import Browser  # noqa: E402
from checks.gate.pages.server import serve  # noqa: E402

SITE = ROOT / "_build" / "html"


def timed_check(driver, cell: int) -> tuple[float, str]:
    box = driver.find_element(By.CSS_SELECTOR, f'.caire-exercise[data-cell="{cell}"]')
    region = box.find_element(By.CSS_SELECTOR, ".caire-result")
    driver.execute_script("arguments[0].textContent = ''", region)
    start = time.perf_counter()
    box.find_element(By.CSS_SELECTOR, ".caire-check").click()
    while True:
        text = region.text
        if text and not text.startswith(("Chargement de Python", "Exécution")):
            return time.perf_counter() - start, text.splitlines()[0]
        if time.perf_counter() - start > 180:
            return float("inf"), "no result"
        time.sleep(0.02)


def main() -> int:
    if not (SITE / "index.html").is_file():
        subprocess.run([sys.executable, "-m", "checks.cli", "build"], cwd=ROOT, check=True)
    chapters = sorted(p for p in (SITE / "notebooks").glob("*.html")
                      if 'class="caire-exercise"' in p.read_text(encoding="utf-8"))
    print(f"{'chapter':32} {'first (s)':>10} {'second (s)':>11}  result")
    firsts, seconds = [], []
    with serve(SITE) as base:
        for page in chapters:
            browser = Browser(page_timeout=180, guard=False)  # cold: fresh profile and cache
            try:
                driver = browser.driver
                driver.get(base + page.relative_to(SITE).as_posix())
                cells = json.loads(driver.find_element(By.ID, "caire-cells")
                                   .get_attribute("textContent"))
                first = next(c["cell"] for c in cells if c["kind"] == "exercise")
                cold, text = timed_check(driver, first)
                warm, _ = timed_check(driver, first)
            finally:
                browser.quit()
            firsts.append(cold)
            seconds.append(warm)
            print(f"{page.stem:32} {cold:10.2f} {warm:11.2f}  {text[:40]}")
    print(f"{'worst':32} {max(firsts):10.2f} {max(seconds):11.2f}")
    print("goals: first <= 10 s, second <= 1 s: "
          f"{'met' if max(firsts) <= 10 and max(seconds) <= 1 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
