"""Page rules on the built course, beside pa11y-ci and @axe-core/cli on the same pages
with the same Chromium, measured in the same run, with the findings each tool reported.

A page with known violations (tests/fixtures/site/violations.html) is added to the
course's pages, so a tool cannot look fast by finding nothing.
Run: .venv/bin/python bench/a11y.py   (needs `npm ci`: pa11y-ci and @axe-core/cli are
dev dependencies, installed without their browser downloads).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.gate.pages.engine import VARIANTS, check_site, site_pages  # noqa: E402
from checks.gate.pages.server import serve  # noqa: E402

IGNORE = shutil.ignore_patterns("_build", ".venv", "node_modules", ".git", "__pycache__",
                                "tests", "bench")
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run"]
TAGS = "wcag2a,wcag2aa,wcag21a,wcag21aa,best-practice"
BIN = ROOT / "node_modules" / ".bin"


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def run_caire(site: Path, variants) -> int:
    findings, _ = check_site(site, ROOT, jobs=2, variants=variants)
    return len([f for f in findings if f.rule.startswith("axe-")])


def run_axe_cli(urls: list[str]) -> int:
    command = [str(BIN / "axe"), *urls, "--stdout", "--tags", TAGS,
               "--axe-source", str(ROOT / "node_modules/axe-core/axe.min.js"),
               "--chromedriver-path", CHROMEDRIVER, "--chrome-path", CHROMIUM,
               "--chrome-options", ",".join(f.removeprefix("--") for f in FLAGS)]
    result = subprocess.run(command, capture_output=True, text=True)
    reports = json.loads(result.stdout)
    return sum(len(v["nodes"]) for report in reports for v in report["violations"])


def run_pa11y_ci(urls: list[str], workdir: Path) -> int:
    config = {"defaults": {"runners": ["axe"], "standard": "WCAG2AA", "timeout": 60000,
                           "chromeLaunchConfig": {"executablePath": CHROMIUM, "args": FLAGS}},
              "urls": urls}
    path = workdir / "pa11y-ci.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run([str(BIN / "pa11y-ci"), "--config", str(path), "--json"],
                            capture_output=True, text=True)
    report = json.loads(result.stdout)
    return sum(len(issues) for issues in report["results"].values()
               if isinstance(issues, list))


def main() -> None:
    for tool in ("axe", "pa11y-ci"):
        if not (BIN / tool).exists():
            sys.exit(f"bench: {BIN / tool} missing: run `make setup` (npm ci)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        shutil.copytree(ROOT, root, ignore=IGNORE)
        (root / "node_modules").symlink_to(ROOT / "node_modules")
        build = subprocess.run([sys.executable, "-m", "checks.cli", "build"], cwd=root,
                               capture_output=True, text=True)
        if build.returncode != 0:
            sys.exit(f"bench: build failed:\n{build.stderr[-2000:]}")
        site = root / "_build" / "html"
        shutil.copy(ROOT / "tests/fixtures/site/violations.html", site / "bench-violations.html")
        pages = site_pages(site)
        light_desktop = VARIANTS[:1]
        t_all, found_all = timed(lambda: run_caire(site, VARIANTS))
        t_one, found_one = timed(lambda: run_caire(site, light_desktop))
        with serve(site) as base_url:
            urls = [base_url + page for page in pages]
            t_axe, found_axe = timed(lambda: run_axe_cli(urls))
            t_pa11y, found_pa11y = timed(lambda: run_pa11y_ci(urls, Path(tmp)))
    n = len(pages)
    print(f"pages: {n} (the course's {n - 1} + one page with known violations)")
    print(f"{'tool':<42} {'time':>8} {'pages/s':>8} {'findings':>9}")
    rows = [("caire, 4 variants (light/dark x 1280/320)", t_all, found_all),
            ("caire, 1 variant (light, 1280 px)", t_one, found_one),
            ("@axe-core/cli (same axe-core, 1 variant)", t_axe, found_axe),
            ("pa11y-ci (axe runner, 1 variant)", t_pa11y, found_pa11y)]
    for name, seconds, found in rows:
        print(f"{name:<42} {seconds:7.2f}s {n / seconds:8.2f} {found:9d}")
    print(f"speed-up, caire 1 variant vs @axe-core/cli: {t_axe / t_one:5.2f}x")
    print(f"speed-up, caire 1 variant vs pa11y-ci:      {t_pa11y / t_one:5.2f}x")
    print("findings: caire counts one per rule and element (merged across variants);"
          " the others count each violating node (pa11y-ci: each issue).")


if __name__ == "__main__":
    main()
