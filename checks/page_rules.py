"""Rules on the built pages: axe-core in headless Chromium, light and dark, wide and narrow.

Each axe violation becomes a finding with its page, CSS selector, WCAG and RGAA criteria
(from axe's own tags), and, for notebook content, the notebook and cell stamped into the
HTML at build time.
"""

from __future__ import annotations

import json
import queue
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from axe_selenium_python import Axe
from bs4 import BeautifulSoup
from selenium.common.exceptions import TimeoutException, WebDriverException

from checks.browser import Browser, axe_script
from checks.errors import SetupError
from checks.findings import Finding, Subject
from checks.rules import Rule, register
from checks.site_server import serve

PAGE_TIMEOUT = register(Rule("page-timeout", "error",
                             "The page did not load or could not be analysed in time."))
PAGE_ERROR = register(Rule("page-error", "error",
                           "The browser failed on this page twice (crash or error)."))
NOT_HTML = register(Rule("page-not-html", "error", "The file is not an HTML page.",
                         ("4.1.1",), ("8.1",)))

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WCAG_LEVEL_TAGS = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}
VARIANTS = (("clair", 1280, 900), ("clair", 320, 800), ("sombre", 1280, 900),
            ("sombre", 320, 800))
THEME_VALUE = {"clair": "light", "sombre": "dark"}
SKIPPED_DIRS = {"_static", "_sources", "_images", "reports", "_sphinx_design_static"}

# For each axe target: the nearest stamped notebook cell, and whether it is page content.
_LOCATE_JS = """
const out = [];
for (const selector of arguments[0]) {
  let el = null;
  try { el = document.querySelector(selector); } catch (e) {}
  const cell = el && el.closest('[class*="caire-cell-"]');
  const match = cell && cell.className.match(/caire-cell-(\\d+)/);
  out.push([match ? parseInt(match[1], 10) : null, !!(el && el.closest('article'))]);
}
const meta = document.querySelector('meta[name="caire-source"]');
return [out, meta ? meta.content : null];
"""


def wcag_criteria(tags: list[str]) -> tuple[str, ...]:
    found = [m.groups() for t in tags if (m := re.fullmatch(r"wcag(\d)(\d)(\d+)", t))]
    return tuple(dict.fromkeys(".".join(g) for g in found))


def rgaa_criteria(tags: list[str]) -> tuple[str, ...]:
    found = [m.group(1) for t in tags if (m := re.fullmatch(r"RGAA-(\d+\.\d+)\.\d+", t))]
    return tuple(dict.fromkeys(found))


def site_pages(site: Path) -> list[str]:
    if not site.is_dir():
        raise SetupError(f"{site}: no such site folder (build it with `caire build`)")
    pages = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))
             if not SKIPPED_DIRS & set(p.relative_to(site).parts[:-1])]
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
        return Finding(f"axe-{self.rule}", self.severity, message, self.source, self.cell,
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
                return [], [PAGE_TIMEOUT.finding(
                    f"no result within {self.browser.page_timeout:.0f} s", page=page)]
            except WebDriverException as exc:
                self._recover()
                if attempt == 2:
                    reason = (exc.msg or type(exc).__name__).splitlines()[0]
                    return [], [PAGE_ERROR.finding(f"browser failed: {reason}", page=page)]
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
                             wcag_criteria(tags), rgaa_criteria(tags), source,
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
            findings.append(NOT_HTML.finding("not an HTML document", page=page))
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
