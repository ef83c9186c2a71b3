"""Page rules beside pa11y-ci and @axe-core/cli on the same pages with the same Chromium,
measured in the same run, with the findings each tool reported; and `caire check` on the
course warm (nothing changed) and after one notebook is edited.

1. The course's pages plus a page with known violations (tests/fixtures/site/
   violations.html), so a tool cannot look fast by finding nothing: caire cold (no
   cache), 4 variants and 1, beside the two peers with 1 variant.
2. A generated book of N pages (default 100): caire with all 4 variants, cold, beside the
   peers with 1.
3. `caire check` on a copy of the course: cold, warm, one notebook edited.
Run: .venv/bin/python bench/a11y.py [--pages N] [--only course|generated|warm]
(needs `npm ci`: pa11y-ci and @axe-core/cli are dev dependencies, installed without
their browser downloads).
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

from checks.gate.pages import probes  # noqa: E402
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
    findings, _ = check_site(site, ROOT, jobs=2, variants=variants, use_cache=False)
    return len([f for f in findings if f.rule.startswith("axe-")])


def without_page_rules(run):
    """The same run with the browser-driven rules switched off: what axe alone costs."""
    saved = probes.run_probes
    probes.run_probes = lambda driver: []
    try:
        return run()
    finally:
        probes.run_probes = saved


def stdout_of(command: list[str], workdir: Path) -> str:
    """The command's standard output through a file: Node tools that exit right after a
    large write lose what a pipe has not taken yet (pa11y-ci cut its JSON at 64 KiB)."""
    path = workdir / "stdout.txt"
    with path.open("w", encoding="utf-8") as out:
        subprocess.run(command, stdout=out, stderr=subprocess.DEVNULL)
    return path.read_text(encoding="utf-8")


def run_axe_cli(urls: list[str], workdir: Path) -> int:
    command = [str(BIN / "axe"), *urls, "--stdout", "--tags", TAGS,
               "--axe-source", str(ROOT / "node_modules/axe-core/axe.min.js"),
               "--chromedriver-path", CHROMEDRIVER, "--chrome-path", CHROMIUM,
               "--chrome-options", ",".join(f.removeprefix("--") for f in FLAGS)]
    reports = json.loads(stdout_of(command, workdir))
    return sum(len(v["nodes"]) for report in reports for v in report["violations"])


def run_pa11y_ci(urls: list[str], workdir: Path) -> int:
    config = {"defaults": {"runners": ["axe"], "standard": "WCAG2AA", "timeout": 60000,
                           "chromeLaunchConfig": {"executablePath": CHROMIUM, "args": FLAGS}},
              "urls": urls}
    path = workdir / "pa11y-ci.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    report = json.loads(stdout_of([str(BIN / "pa11y-ci"), "--config", str(path), "--json"],
                                  workdir))
    return sum(len(issues) for issues in report["results"].values()
               if isinstance(issues, list))


def compare(site: Path, label: str, workdir: Path) -> None:
    shutil.copy(ROOT / "tests/fixtures/site/violations.html", site / "bench-violations.html")
    pages = site_pages(site)
    t_all, found_all = timed(lambda: run_caire(site, VARIANTS))
    t_one, found_one = timed(lambda: run_caire(site, VARIANTS[:1]))
    t_bare, found_bare = timed(lambda: without_page_rules(lambda: run_caire(site, VARIANTS[:1])))
    with serve(site) as base_url:
        urls = [base_url + page for page in pages]
        t_axe, found_axe = timed(lambda: run_axe_cli(urls, workdir))
        t_pa11y, found_pa11y = timed(lambda: run_pa11y_ci(urls, workdir))
    n = len(pages)
    print(f"\n{label}: {n} pages (one of them with known violations)")
    print(f"{'tool':<42} {'time':>8} {'pages/s':>8} {'findings':>9}")
    rows = [("caire, 4 variants (light/dark x 1280/320)", t_all, found_all),
            ("caire, 1 variant (light, 1280 px)", t_one, found_one),
            ("caire, 1 variant, axe alone (no page-*)", t_bare, found_bare),
            ("@axe-core/cli (same axe-core, 1 variant)", t_axe, found_axe),
            ("pa11y-ci (axe runner, 1 variant)", t_pa11y, found_pa11y)]
    for name, seconds, found in rows:
        print(f"{name:<42} {seconds:7.2f}s {n / seconds:8.2f} {found:9d}")
    print(f"4 variants cost {t_all / t_one:4.2f}x one variant")
    print("browser-driven rules (keyboard, focus, media, links, resize, language, tables) "
          f"add {t_one - t_bare:5.2f}s to one variant; the axe pass alone takes "
          f"{t_bare:5.2f}s")
    print(f"caire 4 variants vs @axe-core/cli 1 variant: {t_axe / t_all:5.2f}x faster")
    print(f"caire 4 variants vs pa11y-ci 1 variant:      {t_pa11y / t_all:5.2f}x faster")


def generated_book(folder: Path, pages: int) -> Path:
    """A Jupyter Book 1 book of `pages` markdown pages with text, a table and a list."""
    folder.mkdir(parents=True)
    (folder / "_config.yml").write_text(
        "title: Bench\nauthor: caire\nonly_build_toc_files: true\n"
        "execute:\n  execute_notebooks: 'off'\nsphinx:\n  config:\n    language: en\n",
        encoding="utf-8")
    names = [f"page{n:03d}" for n in range(pages)]
    (folder / "_toc.yml").write_text(
        "format: jb-book\nroot: page000\nchapters:\n"
        + "".join(f"  - file: {name}\n" for name in names[1:]), encoding="utf-8")
    for n, name in enumerate(names):
        rows = "".join(f"| {n}.{i} | value {i * n} |\n" for i in range(20))
        text = (f"# Page {n}\n\n" + "A paragraph of text for the bench. " * 40 + "\n\n"
                + "## A table\n\n| key | value |\n| --- | --- |\n" + rows + "\n"
                + "## A list\n\n" + "".join(f"- item {i}\n" for i in range(30)))
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    build = subprocess.run([str(jupyter_book), "build", str(folder)],
                           capture_output=True, text=True)
    if build.returncode != 0:
        sys.exit(f"bench: the generated book did not build:\n{build.stderr[-2000:]}")
    return folder / "_build" / "html"


def caire_check(root: Path) -> float:
    seconds, result = timed(lambda: subprocess.run(
        [sys.executable, "-m", "checks.cli", "check", "--format", "json"], cwd=root,
        capture_output=True, text=True))
    if result.returncode not in (0, 1):
        sys.exit(f"bench: caire check failed:\n{result.stderr[-2000:]}")
    return seconds


def warm_checks(course: Path) -> None:
    cold = caire_check(course)
    # The accessibility statement shows the last results: the first ones change its page.
    second = caire_check(course)
    warm = caire_check(course)
    notebook = course / "notebooks" / "04_biais_equite.ipynb"
    text = notebook.read_text(encoding="utf-8")
    notebook.write_text(text.replace("## À retenir", "## À retenir (édité)", 1),
                        encoding="utf-8")
    edited = caire_check(course)
    print("\ncaire check on the course (exercises, sources, build, pages in 4 variants)")
    print(f"cold (no cache):          {cold:7.2f}s")
    print(f"second run:               {second:7.2f}s   (the statement shows the first results)")
    print(f"warm, nothing changed:    {warm:7.2f}s   (goal <= 10 s)")
    print(f"one notebook edited:      {edited:7.2f}s   (goal <= 30 s)")


def main() -> None:
    arguments = sys.argv[1:]
    pages = int(arguments[arguments.index("--pages") + 1]) if "--pages" in arguments else 100
    only = arguments[arguments.index("--only") + 1] if "--only" in arguments else None
    for tool in ("axe", "pa11y-ci"):
        if not (BIN / tool).exists():
            sys.exit(f"bench: {BIN / tool} missing: run `make setup` (npm ci)")
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        shutil.copytree(ROOT, course, ignore=IGNORE)
        (course / "node_modules").symlink_to(ROOT / "node_modules")
        if only in (None, "course"):
            build = subprocess.run([sys.executable, "-m", "checks.cli", "build"], cwd=course,
                                   capture_output=True, text=True)
            if build.returncode != 0:
                sys.exit(f"bench: build failed:\n{build.stderr[-2000:]}")
            compare(course / "_build" / "html", "the course", Path(tmp))
        if only in (None, "generated"):
            site = generated_book(Path(tmp) / "generated", pages)
            compare(site, f"a generated book of {pages} pages", Path(tmp))
        if only in (None, "warm"):
            shutil.rmtree(course / "_build", ignore_errors=True)
            warm_checks(course)


if __name__ == "__main__":
    main()
