"""Rules on the built pages: axe-core in headless Chromium, light and dark, wide and narrow.

Each axe violation becomes a finding with its page, CSS selector, WCAG and RGAA criteria
(from axe's own tags), and, for notebook content, the notebook and cell stamped into the
HTML at build time.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from axe_selenium_python import Axe
from bs4 import BeautifulSoup
from selenium.common.exceptions import TimeoutException, WebDriverException

from checks.errors import SetupError
from checks.gate.catalog import AXE_PREFIX, rgaa_from_tags, wcag_from_tags
from checks.gate.findings import Finding, Subject, found
from checks.gate.pages.browser import Browser, axe_script
from checks.gate.pages.server import serve
from checks.layout import CELL_CLASS, SITE_ASSET_DIRS, SOURCE_META

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WCAG_LEVEL_TAGS = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}
VARIANTS = (("clair", 1280, 900), ("clair", 320, 800), ("sombre", 1280, 900),
            ("sombre", 320, 800))
THEME_VALUE = {"clair": "light", "sombre": "dark"}

# For each axe target: the nearest stamped notebook cell, and whether it is page content.
_LOCATE_JS = ("""
const out = [];
for (const selector of arguments[0]) {
  let el = null;
  try { el = document.querySelector(selector); } catch (e) {}
  const cell = el && el.closest('[class*="CELL_CLASS"]');
  const match = cell && cell.className.match(/CELL_CLASS(\\d+)/);
  out.push([match ? parseInt(match[1], 10) : null, !!(el && el.closest('article'))]);
}
const meta = document.querySelector('meta[name="SOURCE_META"]');
return [out, meta ? meta.content : null];
""").replace("CELL_CLASS", CELL_CLASS).replace("SOURCE_META", SOURCE_META)


def site_pages(site: Path) -> list[str]:
    if not site.is_dir():
        raise SetupError(f"{site}: no such site folder (build it with `caire build`)")
    pages = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))
             if not SITE_ASSET_DIRS & set(p.relative_to(site).parts[:-1])]
    if not pages:
        raise SetupError(f"{site}: no HTML page found")
    return pages


def is_html(path: Path) -> bool:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return BeautifulSoup(text, "html.parser").find(True) is not None


def _selector(node: dict) -> str:
    """axe's target for a node: a list of selectors (one per frame) joined, or a string."""
    target = node["target"]
    return " ".join(target) if isinstance(target, list) else str(target)


@dataclass
class _Hit:
    rule: str
    help: str
    page: str
    selector: str
    severity: str
    wcag: tuple[str, ...]
    rgaa: tuple[str, ...]
    source: str | None
    cell: int | None
    variants: list[str]

    def finding(self) -> Finding:
        message = f"{self.help}: {self.selector} ({'; '.join(self.variants)})"
        return Finding(f"{AXE_PREFIX}{self.rule}", self.severity, message, self.source, self.cell,
                       self.page, self.wcag, self.rgaa)


class PageChecker:
    """One browser that runs axe on pages, restarting after a crash."""

    def __init__(self, base_url: str, script: Path, page_timeout: float,
                 variants: tuple[tuple[str, int, int], ...] = VARIANTS) -> None:
        self.base_url = base_url
        self.variants = variants
        self.script = str(script)
        self.browser = Browser(page_timeout)
        self.theme: str | None = None

    def _set_theme(self, theme: str) -> None:
        # pydata-sphinx-theme reads the mode from localStorage before the first paint, as
        # for a returning learner; switching after load would measure a CSS transition.
        driver = self.browser.driver
        driver.get(self.base_url)
        value = THEME_VALUE[theme]
        driver.execute_script("localStorage.setItem('mode', arguments[0]);"
                              "localStorage.setItem('theme', arguments[0]);", value)
        self.theme = theme

    def _run_variant(self, page: str, theme: str, width: int, height: int) -> list[dict]:
        driver = self.browser.driver
        if self.theme != theme:
            self._set_theme(theme)
        driver.set_window_size(width, height)
        driver.get(self.base_url + page)
        axe = Axe(driver, script_url=self.script)
        axe.inject()
        options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS},
                              "resultTypes": ["violations"]})
        results = axe.run(options=options)
        violations = results["violations"]
        targets = [_selector(n) for v in violations for n in v["nodes"]]
        located, source = driver.execute_script(_LOCATE_JS, targets) if targets else ([], None)
        it = iter(located)
        for violation in violations:
            for node in violation["nodes"]:
                node["caire"] = next(it)
            violation["caire_source"] = source
        return violations

    def check(self, page: str) -> tuple[list[_Hit], list[Finding]]:
        hits: dict[tuple[str, str], _Hit] = {}
        for attempt in (1, 2):
            try:
                for theme, width, height in self.variants:
                    label = f"{theme} {width} px"
                    for violation in self._run_variant(page, theme, width, height):
                        self._collect(hits, page, violation, label)
                return list(hits.values()), []
            except TimeoutException:
                self._recover()
                return [], [found(
                    "page-timeout", f"no result within {self.browser.page_timeout:.0f} s",
                    page=page)]
            except WebDriverException as exc:
                self._recover()
                if attempt == 2:
                    reason = (exc.msg or type(exc).__name__).splitlines()[0]
                    return [], [found("page-error", f"browser failed: {reason}", page=page)]
                hits.clear()
        return [], []

    def _collect(self, hits: dict, page: str, violation: dict, label: str) -> None:
        tags = violation.get("tags", [])
        severity = "error" if WCAG_LEVEL_TAGS & set(tags) else "warning"
        for node in violation["nodes"]:
            selector = _selector(node)
            key = (violation["id"], selector)
            if key in hits:
                if label not in hits[key].variants:
                    hits[key].variants.append(label)
                continue
            cell, in_content = node["caire"]
            source = violation["caire_source"] if in_content else None
            hits[key] = _Hit(violation["id"], violation["help"], page, selector, severity,
                             wcag_from_tags(tags), rgaa_from_tags(tags), source,
                             cell if source else None, [label])

    def _recover(self) -> None:
        self.browser.restart()
        self.theme = None

    def close(self) -> None:
        self.browser.quit()


def check_site(site: Path, root: Path, *, jobs: int = 2, page_timeout: float = 30,
               pages: list[str] | None = None,
               variants: tuple[tuple[str, int, int], ...] = VARIANTS) -> tuple[
                   list[Finding], list[Subject]]:
    """Run axe on every page of `site`, `jobs` browsers in parallel."""
    site = site.resolve()
    pages = pages if pages is not None else site_pages(site)
    script = axe_script(root)
    findings: list[Finding] = []
    todo: queue.Queue[str] = queue.Queue()
    for page in pages:
        if is_html(site / page):
            todo.put(page)
        else:
            findings.append(found("page-not-html", "not an HTML document", page=page))
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work(base_url: str) -> None:
        try:
            checker = PageChecker(base_url, script, page_timeout, variants)
        except (WebDriverException, SetupError) as exc:
            errors.append(exc)
            return
        try:
            while True:
                try:
                    page = todo.get_nowait()
                except queue.Empty:
                    return
                hits, problems = checker.check(page)
                with lock:
                    findings.extend(h.finding() for h in hits)
                    findings.extend(problems)
                print(f"caire: {page}: {len(hits) + len(problems)} finding(s)",
                      file=sys.stderr)
        finally:
            checker.close()

    with serve(site) as base_url:
        threads = [threading.Thread(target=work, args=(base_url,))
                   for _ in range(max(1, min(jobs, todo.qsize())))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if errors and not todo.empty():
        first = errors[0]
        reason = getattr(first, "msg", None) or str(first)
        raise SetupError(f"the browser could not start: {reason.splitlines()[0]}")
    order = {page: i for i, page in enumerate(pages)}
    findings.sort(key=lambda f: (order.get(f.page or "", 0), f.rule))
    return findings, [Subject(None, None, (), page) for page in pages]
