"""`caire preview` with the gate: a real preview server on loopback, its worker and
Chromium; the findings panel appears on served pages only and itself passes the gate."""

from __future__ import annotations

import http.client
import json
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.support.wait import WebDriverWait

from checks.gate.findings import found
from checks.gate.pages.browser import Browser
from checks.gate.pages.engine import check_site
from checks.gate.pages.server import serve
from checks.gate.report.text import one_line
from checks.layout import PREVIEW_URL
from checks.preview.panel import SNIPPET, STATIC, write_state
from checks.processes import end_tree
from conftest import ROOT, built_site, notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLAIN = ROOT / "tests" / "fixtures" / "books" / "plain"
FIGURE = "```{figure} ../figure.png\n:name: a-figure\n"
ALT = ":alt: A line rising from 1 to 3\n"
# Long enough for a first build, kernels and four page variants on a loaded machine.
PATIENCE = 600
NOTE = ".caire-preview-note[data-rule='{rule}']"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def responds(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (OSError, http.client.HTTPException):
        return False


def plain_book(tmp_path: Path) -> Path:
    """The plain fixture book, its figure with alt text, without its failing chapter."""
    root = tmp_path / "plain"
    shutil.copytree(PLAIN, root)
    toc = root / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8").replace(
        "  - file: chapters/failing\n", ""), encoding="utf-8")
    (root / "chapters" / "failing.md").unlink()
    plots = root / "chapters" / "plots.md"
    plots.write_text(plots.read_text(encoding="utf-8").replace(FIGURE, FIGURE + ALT),
                     encoding="utf-8")
    return root


class Preview:
    """`caire preview` of a book, and a Chromium to look at it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.log = root.parent / "preview.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "checks.cli", "preview", "--port", str(self.port)],
                cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.browser = Browser(page_timeout=60, guard=False)
        self.driver = self.browser.driver

    def open(self, page: str) -> None:
        url = f"http://127.0.0.1:{self.port}/{page}"
        WebDriverWait(self.driver, PATIENCE, poll_frequency=1).until(
            lambda _driver: responds(url), message=f"{url} never answered")
        self.driver.get(url)

    def until(self, script: str, message: str):
        """Wait (the page reloads on every rebuild) until `script` returns a truthy value."""
        return WebDriverWait(self.driver, PATIENCE, poll_frequency=0.5).until(
            lambda driver: driver.execute_script(script), message=message)

    def close(self) -> None:
        self.browser.quit()
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        end_tree(self.process.pid)  # the server, its worker, their kernels and browsers
        self.process.wait()


@pytest.fixture
def preview_of():
    previews: list[Preview] = []

    def start(root: Path) -> Preview:
        previews.append(Preview(root))
        return previews[-1]

    yield start
    for preview in previews:
        preview.close()


def _done_with(rule: str) -> str:
    return ("const r = document.querySelector('.caire-preview');"
            f"return r && r.dataset.state === 'done' && "
            f"!document.querySelector(\"{NOTE.format(rule=rule)}\");")


def test_missing_alt_shows_next_to_its_block_then_goes(tmp_path, preview_of) -> None:
    root = plain_book(tmp_path)
    preview = preview_of(root)
    preview.open("chapters/plots.html")
    preview.until(_done_with("image-alt-directive"), "the first result never arrived")
    plots = root / "chapters" / "plots.md"
    plots.write_text(plots.read_text(encoding="utf-8").replace(ALT, ""), encoding="utf-8")
    selector = NOTE.format(rule="image-alt-directive")
    note = preview.until(f'return document.querySelector("{selector}");',
                         "the missing alt text never showed in the page")
    # Next to the figure it is about, with what to do.
    assert preview.driver.execute_script(
        "const before = arguments[0].previousElementSibling;"
        "return !!before && !!before.querySelector('img[src*=\"figure\"]');", note)
    assert ":alt:" in note.text and "1.1.1" in note.text
    region = preview.driver.find_element("css selector", "section.caire-preview")
    assert region.get_attribute("aria-label")
    status = region.find_element("css selector", "[role=status]")
    assert "accessibility problem" in status.text
    toggle = region.find_element("css selector", "button.caire-preview-toggle")
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    # Fixed: the note goes.
    plots.write_text(plots.read_text(encoding="utf-8").replace(FIGURE, FIGURE + ALT),
                     encoding="utf-8")
    preview.until(_done_with("image-alt-directive"), "the fixed alt text still showed")
    log = preview.log.read_text(encoding="utf-8")
    line = one_line(found("image-alt-directive", "x", "chapters/plots.md"), "en")
    assert line.split(":")[0] + ":" in log and "[image-alt-directive]" in log


def test_a_broken_exercise_shows_its_failure_in_french(tiny_book, preview_of) -> None:
    fixture = ROOT / "tests" / "fixtures" / "notebooks" / "solution_fails.ipynb"
    root = tiny_book({"index.md": "# Accueil\n\nUn aperçu.\n",
                      "exercice.ipynb": notebook(("md", "# Exercice"))})
    shutil.copy(fixture, root / "exercice.ipynb")
    preview = preview_of(root)
    preview.open("exercice.html")
    region = preview.until(
        "const r = document.querySelector('.caire-preview');"
        "return r && r.dataset.state === 'done' && "
        "r.querySelector(\"[data-rule='exercise-solution-fails']\") && r;",
        "the failing exercise never showed")
    text = region.text
    assert "problème d'exercice" in text
    assert "AssertionError" in text and "relisez la consigne" in text
    # Next to the tests cell that fails, with the catalog's French help.
    note = preview.driver.find_element(
        "css selector", NOTE.format(rule="exercise-solution-fails"))
    assert "caire-cell-2" in preview.driver.execute_script(
        "return arguments[0].previousElementSibling.className;", note)
    assert "relisez la consigne" in note.text and "cellule 2" in note.text
    assert "La solution ne passe pas ses propres tests." in note.text


def test_the_built_site_has_no_panel(tmp_path) -> None:
    site = built_site(plain_book(tmp_path))
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert PREVIEW_URL not in text and "caire-preview" not in text, path
    assert not (site / PREVIEW_URL.strip("/")).exists()


def test_the_panel_itself_passes_the_page_gate(tiny_book) -> None:
    """A page with the panel open, a note next to a cell and one in the list only, checked
    in the four variants (light, dark, 1280 px, 320 px): no finding."""
    root = tiny_book({"index.md": "# Accueil\n\nUn aperçu.\n",
                      "chapitre.ipynb": notebook(("md", "# Chapitre\n\nUn paragraphe."),
                                                 ("code", "print('bonjour')"))})
    site = built_site(root)
    assert check_site(site, root, pages=["chapitre.html"], jobs=1, use_cache=False)[0] == []
    page = site / "chapitre.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", SNIPPET + "</body>"), encoding="utf-8")
    shutil.copytree(STATIC, site / PREVIEW_URL.strip("/") / "static")
    findings = [found("image-alt-markdown", "markdown image `a.png` has an empty text "
                      "alternative", "chapitre.ipynb", 0),
                found("exercise-solution-fails", "AssertionError: relisez la consigne",
                      "chapitre.ipynb", 1),
                found("page-focus-not-visible", "reached with Tab, the element looks the "
                      "same as without focus", "chapitre.ipynb", page="chapitre.html")]
    write_state(site / PREVIEW_URL.strip("/") / "state" / "findings.json", "fr", findings,
                running=False, version=1)
    assert check_site(site, root, pages=["chapitre.html"], jobs=1, use_cache=False)[0] == []
    # The panel was there to be checked: three findings, two notes placed.
    browser = Browser(page_timeout=60)
    try:
        with serve(site) as base_url:
            browser.driver.get(base_url + "chapitre.html")
            region = WebDriverWait(browser.driver, 60).until(
                lambda d: d.execute_script(
                    "const r = document.querySelector('.caire-preview');"
                    "return r && r.dataset.count === '3' && r;"))
            assert "2 problèmes d'accessibilité sur cette page" in region.text
            assert "1 problème d'exercice ou d'exécution" in region.text
            assert len(browser.driver.find_elements(
                "css selector", ".caire-preview-note")) == 2
    finally:
        browser.quit()
    assert json.loads((site / PREVIEW_URL.strip("/") / "state" / "findings.json")
                      .read_text(encoding="utf-8"))["lang"] == "fr"
