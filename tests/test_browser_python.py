"""Exercises run in the learner's browser: Pyodide served by the site (every non-loopback
host blocked), verdicts that agree with the exercise gate, French explanations, no
spoilers, progress and answers kept, keyboard-only use, axe on the new widgets."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from checks.gate.pages.browser import axe_script
from conftest import NOT_COPIED, ROOT, browsing, built_site, make_book, notebook, run_caire, tab_to

pytestmark = [pytest.mark.slow]

RESULT_WAIT = 120  # a cold Pyodide with scikit-learn on a loaded 2-core machine
BUSY = ("Chargement de Python", "Vérification en cours", "Exécution en cours")


def essai_notebook():
    nb = notebook(
        ("md", "# Chapitre d'essai"),
        ("code", "depart = 2\nprint('prêt', depart)"),
        ("code", "### BEGIN SOLUTION\nreponse = 0.5\n### END SOLUTION"),
        ("code", "assert reponse is not ..., 'Remplacez ... par un nombre.'\n"
                 "assert reponse > 0, 'Un nombre positif est attendu.'\n"
                 "assert reponse == 0.5, 'Pas tout à fait : relisez la consigne.'\n"
                 "### BEGIN HIDDEN TESTS\nassert isinstance(reponse, float)\n"
                 "### END HIDDEN TESTS\nprint('Vérifié avec', reponse + depart)"),
        ("code", '### BEGIN SOLUTION\nmot = "urgent"\n### END SOLUTION'),
        ("code", "assert mot is not ..., 'Remplacez ... par un mot entre guillemets.'\n"
                 "assert mot.lower() == 'urgent', 'Ce n’est pas le mot attendu.'"),
        ("code", "import matplotlib.pyplot as plt\n\nplt.plot([1, depart])\nplt.show()"),
        metadata={"caire": {"outcomes": ["Compter"]}})
    nb.cells[3].metadata["tags"] = ["tests"]
    nb.cells[5].metadata["tags"] = ["tests"]
    nb.cells[6].metadata["mystnb"] = {"image": {"alt": "Une droite qui monte de 1 à 2."}}
    return nb


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_book(tmp_path_factory.mktemp("python") / "book", {
        "book/index.md": "# Accueil\n", "notebooks/essai.ipynb": essai_notebook(),
        "book/parcours.md": "# Mon parcours\n\n```{parcours}\n```\n"})
    return built_site(root)


@pytest.fixture(scope="module")
def browser(site):
    with browsing(site, RESULT_WAIT, guard=False) as chromium:
        yield chromium


def open_page(browser, page: str, clear: bool = True):
    driver = browser.driver
    driver.get(browser.base_url + page)
    if clear:
        driver.execute_script("localStorage.clear()")
        driver.get(browser.base_url + page)
    return driver


def result_of(box) -> str:
    """The text of the box's live region once it holds a result."""
    region = box.find_element(By.CSS_SELECTOR, ".caire-result")
    deadline = time.monotonic() + RESULT_WAIT
    while time.monotonic() < deadline:
        text = region.text
        if text and not text.startswith(BUSY):
            return text
        time.sleep(0.1)
    raise AssertionError(f"no result after {RESULT_WAIT} s: {region.text!r}")


def check(driver, cell: int, answer: str | None = None) -> str:
    box = driver.find_element(By.CSS_SELECTOR, f'.caire-exercise[data-cell="{cell}"]')
    textarea = box.find_element(By.TAG_NAME, "textarea")
    if answer is not None:
        driver.execute_script("arguments[0].value = arguments[1];"
                              "arguments[0].dispatchEvent(new Event('input'))", textarea, answer)
    driver.execute_script("arguments[0].querySelector('.caire-result').textContent = ''", box)
    press(driver, box.find_element(By.CSS_SELECTOR, ".caire-check"))
    return result_of(box)


def press(driver, button) -> None:
    """Focus a button and press Enter, as a keyboard user does."""
    driver.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)


def test_the_page_downloads_no_python_until_a_learner_runs_something(browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    requested = driver.execute_script(
        "return performance.getEntriesByType('resource').map((e) => e.name)")
    assert not [url for url in requested if "pyodide" in url]
    assert check(driver, 2, "reponse = 0.5").startswith("Bravo")
    requested = driver.execute_script(
        "return performance.getEntriesByType('resource').map((e) => e.name)")
    assert all(url.startswith(browser.base_url) for url in requested)


def test_wrong_then_right_answer_and_progress_in_mon_parcours(browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    assert check(driver, 2) == "Pas encore : remplacez ... par un nombre."  # the starter
    assert check(driver, 2, "reponse = 0.7") == "Pas tout à fait : relisez la consigne."
    assert check(driver, 2, "reponse = 0.5").startswith("Bravo : votre réponse passe les tests.")
    driver = open_page(browser, "book/parcours.html", clear=False)
    assert driver.find_element(By.CSS_SELECTOR, ".caire-progress-exercises").text == "1 sur 2"


@pytest.mark.parametrize("answer, explanation", [
    ("mot = urgent", "Python ne connaît pas le mot « urgent » (ligne 1). S’il s’agit d’un "
                     "texte, écrivez-le entre guillemets droits : \"urgent\"."),
    ("mot = «urgent»", "Python n’accepte que les guillemets droits \" : remplacez"),
    ("mot = “urgent”", "Python n’accepte que les guillemets droits \" : remplacez"),
    ("", "Votre réponse est vide : écrivez « mot = » suivi de votre réponse"),
    ('"urgent"', "Votre réponse est une valeur seule : gardez le début de la ligne, « mot = »"),
    ('mots = "urgent"', "Votre réponse définit « mots » au lieu de « mot »"),
    ('mot = "urgent', "Python ne comprend pas la ligne 1 : vérifiez les guillemets"),
    ("mot = 3", "Une valeur n’a pas le type attendu"),
])
def test_french_explanations_instead_of_tracebacks(browser, answer: str,
                                                   explanation: str) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    text = check(driver, 4, answer)
    assert text.startswith(explanation), text
    assert "Traceback" not in text


def test_a_decimal_comma_is_explained_once(browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    text = check(driver, 2, "reponse = 0,5")
    assert text.startswith(
        "Pour un nombre à virgule, Python utilise un point : écrivez 0.5 et non 0,5.")
    assert text.count("virgule") == 1


def test_a_check_never_depends_on_earlier_tries(browser) -> None:
    """Right, then the starter, then a typo of the name, on one page: pass, fail, fail,
    and the output of the tests under "Bravo"."""
    driver = open_page(browser, "notebooks/essai.html")
    assert check(driver, 2, "reponse = 0.5") == (
        "Bravo : votre réponse passe les tests.\nVérifié avec 2.5")
    assert check(driver, 2, "reponse = ...") == "Pas encore : remplacez ... par un nombre."
    assert check(driver, 2, "reponses = 0.5").startswith(
        "Votre réponse définit « reponses » au lieu de « reponse »")
    assert check(driver, 2, "").startswith("Votre réponse est vide")
    # A pass is kept and shown after a reload; the area holds the passing answer.
    driver.refresh()
    box = driver.find_element(By.CSS_SELECTOR, '.caire-exercise[data-cell="2"]')
    mark = box.find_element(By.CSS_SELECTOR, ".caire-passed")
    assert mark.is_displayed() and driver.execute_script(
        "return arguments[0].textContent", mark) == (
        "Déjà réussi\u00a0: Exercice 1 (compté dans «\u00a0Mon parcours\u00a0»).")
    other = driver.find_element(By.CSS_SELECTOR, '.caire-exercise[data-cell="4"]')
    assert not other.find_element(By.CSS_SELECTOR, ".caire-passed").is_displayed()


def test_an_endless_loop_is_stopped_and_the_page_keeps_working(browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    assert check(driver, 4, 'mot = "urgent"').startswith("Bravo")  # Python is loaded
    limit = float(driver.find_element(By.ID, "caire-cells").get_attribute("data-time-limit"))
    started = time.monotonic()
    text = check(driver, 2, "while True:\n    pass")
    assert text.startswith("Exécution arrêtée : le code tournait encore après")
    assert "while True" in text
    assert time.monotonic() - started < limit + RESULT_WAIT / 2  # stopped, not hung
    assert check(driver, 4, 'mot = "urgent"').startswith("Bravo")
    # The learner stops a run: the Stop button shows while it runs, the focus stays in
    # the exercise, and the next check works.
    box = driver.find_element(By.CSS_SELECTOR, '.caire-exercise[data-cell="2"]')
    textarea = box.find_element(By.TAG_NAME, "textarea")
    driver.execute_script("arguments[0].value = 'while True:\\n    pass'", textarea)
    press(driver, box.find_element(By.CSS_SELECTOR, ".caire-check"))
    stop = box.find_element(By.CSS_SELECTOR, ".caire-stop")
    deadline = time.monotonic() + RESULT_WAIT
    while not stop.is_displayed() and time.monotonic() < deadline:
        time.sleep(0.05)
    press(driver, stop)
    assert result_of(box).startswith("Exécution arrêtée à votre demande")
    assert not stop.is_displayed()
    assert "caire-check" in driver.switch_to.active_element.get_attribute("class")
    assert check(driver, 2, "reponse = 0.5").startswith("Bravo")


def test_answer_areas_and_buttons_are_named_after_their_exercise(browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    names = [driver.find_element(By.CSS_SELECTOR, selector).accessible_name for selector in (
        "#caire-answer-2", "#caire-answer-4", '[data-cell="2"] .caire-check',
        '[data-cell="4"] .caire-check')]
    assert names == [
        "Votre réponse à l’exercice 1 (code Python modifiable)",
        "Votre réponse à l’exercice 2 (code Python modifiable)",
        "Vérifier l’exercice 1", "Vérifier l’exercice 2"]


def test_at_320_px_nothing_covers_an_answer_area_and_figures_scroll_in_their_box(
        browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    driver.set_window_size(320, 640)
    try:
        for ident in ("caire-answer-2", "caire-answer-4"):
            textarea = tab_to(driver, f"el.id === '{ident}'", limit=200)
            # Scrolling up a little shows the theme's floating "back to top" button.
            driver.execute_script("window.scrollBy(0, 40); window.scrollBy(0, -20)")
            time.sleep(0.3)
            covered = driver.execute_script("""
                const el = arguments[0], r = el.getBoundingClientRect();
                const points = [[r.left + 4, r.top + 4], [r.right - 4, r.top + 4],
                                [r.left + r.width / 2, r.top + r.height / 2]];
                return points.filter(([x, y]) => y > 0 && y < innerHeight)
                  .map(([x, y]) => document.elementFromPoint(x, y))
                  .filter((hit) => hit !== el).map((hit) => hit.outerHTML.slice(0, 80));
            """, textarea)
            assert covered == [], (ident, covered)
        run = driver.find_element(By.CSS_SELECTOR, '.caire-run[data-cell="6"]')
        press(driver, run.find_element(By.CSS_SELECTOR, ".caire-run-open"))
        press(driver, run.find_element(By.CSS_SELECTOR, ".caire-run-go"))
        assert result_of(run).startswith("Exécuté.")
        box = run.find_element(By.CSS_SELECTOR, ".caire-figure")
        deadline = time.monotonic() + 5
        while box.get_attribute("tabindex") != "0" and time.monotonic() < deadline:
            time.sleep(0.05)
        image = box.find_element(By.TAG_NAME, "img")
        assert image.size["width"] > box.size["width"]  # natural size, not shrunk
        assert box.get_attribute("tabindex") == "0" and box.accessible_name
        assert driver.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        driver.set_window_size(1280, 900)


def test_the_answer_is_kept_across_reloads_and_reset(browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    textarea = driver.find_element(By.ID, "caire-answer-4")
    textarea.send_keys(Keys.END, " # brouillon")
    driver.refresh()
    textarea = driver.find_element(By.ID, "caire-answer-4")
    assert textarea.get_attribute("value").endswith(" # brouillon")
    driver.find_element(By.CSS_SELECTOR, '[data-cell="4"] .caire-reset').click()
    assert driver.switch_to.active_element.get_attribute("id") == "caire-answer-4"
    assert textarea.get_attribute("value") == textarea.get_attribute("data-original")
    assert textarea.get_attribute("value").endswith("mot = ...")
    driver.refresh()
    assert "brouillon" not in driver.find_element(By.ID, "caire-answer-4").get_attribute(
        "value")


def test_an_exercise_with_the_keyboard_only(browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    textarea = tab_to(driver, "el.id === 'caire-answer-4'", limit=200)
    textarea.send_keys(Keys.CONTROL, "a")
    textarea.send_keys('mot = "URGENT"')
    textarea.send_keys(Keys.TAB)  # a textarea lets Tab leave: no keyboard trap
    assert driver.switch_to.active_element.accessible_name == "Vérifier l’exercice 2"
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    box = driver.find_element(By.CSS_SELECTOR, '.caire-exercise[data-cell="4"]')
    assert result_of(box) == "Bravo : votre réponse passe les tests."


def test_a_demonstration_runs_with_a_changed_value_and_its_figure_has_alt_text(
        browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    run = driver.find_element(By.CSS_SELECTOR, '.caire-run[data-cell="1"]')
    opener = run.find_element(By.CSS_SELECTOR, ".caire-run-open")
    opener.click()
    assert opener.get_attribute("aria-expanded") == "true"
    code = run.find_element(By.TAG_NAME, "textarea")
    assert driver.switch_to.active_element == code
    driver.execute_script("arguments[0].value = \"depart = 5\\nprint('prêt', depart)\"", code)
    press(driver, run.find_element(By.CSS_SELECTOR, ".caire-run-go"))
    assert result_of(run) == "Exécuté.\nprêt 5"
    plot = driver.find_element(By.CSS_SELECTOR, '.caire-run[data-cell="6"]')
    press(driver, plot.find_element(By.CSS_SELECTOR, ".caire-run-open"))
    press(driver, plot.find_element(By.CSS_SELECTOR, ".caire-run-go"))
    assert result_of(plot).startswith("Exécuté.")
    image = plot.find_element(By.CSS_SELECTOR, ".caire-result img")
    assert image.get_attribute("alt") == "Une droite qui monte de 1 à 2."
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    # Redrawn from edited code, the figure no longer claims to be the course's.
    code = plot.find_element(By.TAG_NAME, "textarea")
    driver.execute_script("arguments[0].value = arguments[0].value.replace('1, depart', "
                          "'3, depart')", code)
    press(driver, plot.find_element(By.CSS_SELECTOR, ".caire-run-go"))
    assert result_of(plot).startswith("Exécuté.")
    alt = plot.find_element(By.CSS_SELECTOR, ".caire-result img").get_attribute("alt")
    assert alt.startswith("Figure redessinée à partir de votre version modifiée du code.")
    # axe on the page with its widgets open and a result shown.
    driver.execute_script(axe_script(ROOT).read_text(encoding="utf-8"))
    violations = driver.execute_async_script(
        "const done = arguments[0]; axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', "
        "'wcag21a', 'wcag21aa']}).then((r) => done(r.violations.map((v) => v.id)));")
    assert violations == []


def test_no_spoilers_on_the_page(site: Path) -> None:
    page = (site / "notebooks/essai.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert "isinstance(reponse, float)" not in page  # hidden tests never reach the page
    tests = soup.select("details.caire-tests")
    assert len(tests) == 2 and all(d.get("open") is None for d in tests)
    assert all(d.summary.get_text() == "Voir le code des tests" for d in tests)
    cells = json.loads(soup.select_one("#caire-cells").string)
    assert [c["kind"] for c in cells] == ["code", "exercise", "tests", "exercise", "tests",
                                          "code"]
    # The starter is in the answer area; the solution only in its closed disclosure.
    assert soup.select_one("#caire-answer-2").string.endswith("reponse = ...")


@pytest.fixture(scope="module")
def checked_course(tmp_path_factory) -> tuple[Path, dict]:
    """A copy of the course after `caire check --no-browser`: the exercise gate's report
    and the site built from the same runs."""
    root = tmp_path_factory.mktemp("course-python") / "course"
    shutil.copytree(ROOT, root, ignore=NOT_COPIED)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    result = run_caire("check", "--no-browser", "--format", "json", cwd=root, timeout=1200)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "_build/html", json.loads(result.stdout)


@pytest.mark.course
def test_every_course_exercise_gets_the_gate_verdict_in_the_browser(checked_course) -> None:
    site, report = checked_course
    exercises = [s for s in report["checked"] if s["cell"] is not None]
    assert len(exercises) >= 18
    flagged = {(f["source"], f["cell"], f["rule"]) for f in report["findings"]}
    with browsing(site, RESULT_WAIT, guard=False) as chromium:
        base_url, driver = chromium.base_url, chromium.driver
        for subject in exercises:
            source, cell = subject["source"], subject["cell"]
            solution_fails = any((source, t, "exercise-solution-fails") in flagged
                                 for t in subject["tests"])
            starter_passes = (source, cell, "exercise-tests-pass-without-answer") in flagged
            page = base_url + source.replace(".ipynb", ".html")
            if driver.current_url != page:
                driver.get(page)
            data = json.loads(driver.find_element(By.ID, "caire-cells").get_attribute(
                "textContent"))
            entry = next(c for c in data if c["cell"] == cell)
            starter = check(driver, cell).startswith("Bravo")
            assert starter == starter_passes, (source, cell, "starter")
            right = check(driver, cell, entry["solution"]).startswith("Bravo")
            assert right == (not solution_fails), (source, cell, "solution")
            # After a pass, the starter and a typo of the answer's name still fail.
            again = check(driver, cell, entry["source"]).startswith("Bravo")
            assert again == starter_passes, (source, cell, "starter after a pass")
            name = re.search(r"^(\w+)\s*=\s*\.\.\.", entry["source"], re.M).group(1)
            typo = re.sub(rf"\b{name}\b", name + "_", entry["solution"], count=1)
            assert not check(driver, cell, typo).startswith("Bravo"), (source, cell, typo)
