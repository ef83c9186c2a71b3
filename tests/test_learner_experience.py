"""Learner experience in a real headless Chromium: quizzes and solutions with the keyboard
only, progress kept across reloads and cleared by the button, no axe violation."""

from __future__ import annotations

import time

import pytest
from bs4 import BeautifulSoup
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from checks.gate.pages.engine import check_site
from conftest import (
    ROOT,
    browsing,
    built_site,
    choose,
    drawn_questions,
    make_book,
    notebook,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SINGLE = """```{quiz}
id: essai-unique
question: Combien font deux et deux ?
type: single
choices:
  - text: Trois
    correct: false
    feedback: Non, recomptez.
  - text: Quatre
    correct: true
    feedback: Oui, deux et deux font quatre.
```"""
MULTIPLE = """```{quiz}
id: essai-multiple
question: Lesquels sont des nombres pairs ?
type: multiple
choices:
  - text: Deux
    correct: true
    feedback: Deux est pair.
  - text: Trois
    correct: false
    feedback: Trois est impair.
  - text: Quatre
    correct: true
    feedback: Quatre est pair.
```"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    nb = notebook(("md", "# Chapitre d'essai"), ("md", "Un peu de texte."),
                  ("code", "### BEGIN SOLUTION\nreponse = 4\n### END SOLUTION"),
                  ("code", "assert reponse is not ..., 'Remplacez ... par un nombre.'"),
                  ("md", SINGLE), ("md", MULTIPLE),
                  metadata={"caire": {"outcomes": ["Compter"]}})
    nb.cells[3].metadata["tags"] = ["tests"]
    root = make_book(tmp_path_factory.mktemp("learner") / "book", {
        "book/index.md": "# Accueil\n\n## Horaires\n\n| Jour | Heure |\n| --- | --- |\n"
                         "| Lundi | 9 h |\n", "notebooks/essai.ipynb": nb,
        "book/parcours.md": "# Mon parcours\n\n```{parcours}\n```\n"})
    return built_site(root)


@pytest.fixture(scope="module")
def browser(site):
    with browsing(site) as chromium:
        yield chromium


def status_text(driver, quiz: str) -> str:
    deadline = time.monotonic() + 5
    region = driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz} [role=status]")
    while time.monotonic() < deadline and not region.text:
        time.sleep(0.05)
    return region.text


def open_page(browser, page: str):
    browser.driver.get(browser.base_url + page)
    return browser.driver


def test_single_answer_quiz_with_keyboard_only(browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    driver.execute_script("localStorage.clear()")
    choose(driver, "essai-unique", 1)  # arrows move and select within the radio group
    assert driver.execute_script("return document.getElementById('quiz-essai-unique-1')"
                                 ".checked")
    driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.accessible_name == "Vérifier la question 1"
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert status_text(driver, "essai-unique") == (
        "Bonne réponse. Oui, deux et deux font quatre.")


def test_multiple_answer_quiz_with_space_and_a_partial_answer(browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    tab_to(driver, "el.id === 'quiz-essai-multiple-0'")
    driver.switch_to.active_element.send_keys(Keys.SPACE)
    tab_to(driver, "el.classList.contains('caire-quiz-check') && "
                   "el.form.id === 'quiz-essai-multiple'")
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert status_text(driver, "essai-multiple") == (
        "Pas tout à fait. Deux est pair. Il manque au moins une bonne réponse.")


def test_choices_are_shuffled_the_same_way_at_every_visit(browser) -> None:
    order = "return Array.from(document.querySelectorAll('#quiz-essai-multiple input'))" \
            ".map((i) => i.value).join('')"
    seen = set()
    for key in ("1", "2", "3", "4", "5", "6"):
        driver = open_page(browser, "notebooks/essai.html")
        driver.execute_script("localStorage.setItem('caire-learner-v1', arguments[0])", key)
        driver.refresh()
        first = driver.execute_script(order)
        driver.refresh()
        assert driver.execute_script(order) == first  # stable for a learner
        seen.add(first)
    assert len(seen) > 1  # but not the same for every learner


def test_solution_opens_with_the_keyboard(browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    details = driver.find_element(By.CSS_SELECTOR, "details.caire-solution")
    assert details.get_attribute("open") is None
    tab_to(driver, "el.tagName === 'SUMMARY'")
    assert driver.switch_to.active_element.text == "Voir la solution"
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert details.get_attribute("open") is not None
    assert "reponse = 4" in details.text


def test_the_navigation_drawer_opens_and_closes_with_the_keyboard_on_a_phone(browser) -> None:
    # pydata-sphinx-theme 0.17 binds the drawer to a hidden header button only: the
    # visible one above the article must open it too (caire-theme.js).
    driver = browser.driver
    size = driver.get_window_size()
    driver.set_window_size(400, 800)
    try:
        driver = open_page(browser, "notebooks/essai.html")
        tab_to(driver, "el.classList.contains('primary-toggle') && el.offsetParent !== null")
        toggle = driver.switch_to.active_element
        toggle.send_keys(Keys.ENTER)
        drawer = driver.find_element(By.ID, "pst-primary-sidebar-modal")
        WebDriverWait(driver, 5).until(lambda d: drawer.get_attribute("open") is not None)
        names = [a.accessible_name for a in drawer.find_elements(By.TAG_NAME, "a")]
        assert "Mon parcours" in names, names
        driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        WebDriverWait(driver, 5).until(lambda d: drawer.get_attribute("open") is None)
        assert driver.switch_to.active_element == toggle  # the focus comes back
    finally:
        driver.set_window_size(size["width"], size["height"])


def test_a_table_scroll_box_is_named_by_its_section(browser) -> None:
    driver = open_page(browser, "book/index.html")
    box = driver.find_element(By.CSS_SELECTOR, ".pst-scrollable-table-container")
    assert (box.aria_role, box.accessible_name) == ("group", "Tableau\u00a0: Horaires")


def test_progress_survives_reload_and_is_cleared(browser) -> None:
    driver = open_page(browser, "notebooks/essai.html")
    driver.execute_script("localStorage.clear(); location.reload()")
    choose(driver, "essai-unique", 1)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert status_text(driver, "essai-unique").startswith("Bonne réponse")
    driver = open_page(browser, "book/parcours.html")
    cell = driver.find_element(By.CSS_SELECTOR, ".caire-progress-quizzes")
    assert cell.text == "1 sur 2"
    driver.refresh()
    assert driver.find_element(By.CSS_SELECTOR, ".caire-progress-quizzes").text == "1 sur 2"
    tab_to(driver, "el.classList.contains('caire-progress-clear')")
    driver.switch_to.active_element.send_keys(Keys.ENTER)  # asks to confirm
    assert driver.find_element(By.CSS_SELECTOR, ".caire-progress-quizzes").text == "1 sur 2"
    assert driver.switch_to.active_element.text == "Confirmer l’effacement"
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert driver.find_element(By.CSS_SELECTOR, ".caire-progress-quizzes").text == "0 sur 2"
    status = driver.find_element(By.CSS_SELECTOR, ".caire-progress-status")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not status.text:
        time.sleep(0.05)
    assert status.text == "Votre progression a été effacée."
    driver.refresh()
    assert driver.find_element(By.CSS_SELECTOR, ".caire-progress-quizzes").text == "0 sur 2"


def test_pages_read_without_javascript(site) -> None:
    soup = BeautifulSoup((site / "notebooks/essai.html").read_text(encoding="utf-8"),
                         "html.parser")
    quiz = soup.select_one("form#quiz-essai-unique")
    assert quiz.find("legend").get_text(strip=True).startswith("Combien font deux et deux")
    assert [label.get_text() for label in quiz.find_all("label")] == ["Trois", "Quatre"]
    assert quiz.select_one(".caire-quiz-check").has_attr("hidden")
    info = soup.select_one(".caire-chapter-info").get_text(" ", strip=True)
    # Computed from the chapter (a few words, two quizzes, one exercise: under 5 minutes,
    # shown as the minimum), with French spacing.
    assert "Durée estimée\u00a0: 5 min" in info and "Compter" in info


def test_quiz_and_progress_pages_have_no_axe_violation(site) -> None:
    findings, _pages = check_site(site, ROOT, jobs=2,
                                  pages=["notebooks/essai.html", "book/parcours.html"])
    assert findings == []


def bank_quiz(quiz_id: str) -> str:
    return SINGLE.replace("essai-unique", quiz_id)


@pytest.fixture(scope="module")
def bank_site(tmp_path_factory):
    """A chapter, then a final quiz of three sections of two single-answer questions and
    a section of one multiple-answer question, four drawn per attempt."""
    chapter = notebook(("md", "# Chapitre préalable"), ("md", bank_quiz("chap-q")),
                       metadata={"caire": {"outcomes": ["Un"]}})
    cells = [("md", "# Quiz final")]
    for section in "abc":
        cells.append(("md", f"## Partie {section}\n\n{bank_quiz(f'q-{section}1')}\n\n"
                            f"{bank_quiz(f'q-{section}2')}"))
    cells.append(("md", "## Partie d\n\n" + MULTIPLE.replace("essai-multiple", "q-d1")))
    nb = notebook(*cells, metadata={"caire": {"outcomes": ["Tout"], "final_quiz": True,
                                              "draw": 4}})
    root = make_book(tmp_path_factory.mktemp("bank") / "book", {
        "book/index.md": "# Accueil\n", "notebooks/chapitre.ipynb": chapter,
        "notebooks/final.ipynb": nb,
        "book/parcours.md": "# Mon parcours\n\n```{parcours}\n```\n"})
    return built_site(root)


def test_final_quiz_draws_one_question_per_section_the_same_at_every_visit(bank_site) -> None:
    with browsing(bank_site) as chromium:
        driver = chromium.driver
        driver.get(chromium.base_url + "notebooks/final.html")
        driver.execute_script("localStorage.clear(); "
                              "localStorage.setItem('caire-learner-v1', '42')")
        driver.get(chromium.base_url + "notebooks/final.html")
        first = drawn_questions(driver)
        assert sorted(q[2] for q in first) == ["a", "b", "c", "d"]  # one per section
        legends = [driver.find_element(By.CSS_SELECTOR, f"#quiz-{q} legend").text
                   for q in first]
        assert [text.split(":")[0].strip() for text in legends] == [
            "Question 1 sur 4", "Question 2 sur 4", "Question 3 sur 4", "Question 4 sur 4"]
        def status():
            return driver.find_element(By.CSS_SELECTOR, ".caire-final-status")

        assert status().get_attribute("role") == "status"
        assert status().text.startswith("Tentative 1")
        driver.refresh()
        assert drawn_questions(driver) == first
        # Hidden questions are out of reach of the keyboard.
        hidden = next(f"q-{s}{n}" for s in "abc" for n in "12" if f"q-{s}{n}" not in first)
        focusable = driver.execute_script(
            "return document.getElementById(arguments[0]).offsetParent !== null",
            f"quiz-{hidden}-0")
        assert focusable is False
        # A new draw, with the keyboard: attempt 2, announced, kept across a reload.
        draws = [first]
        for attempt in range(2, 6):
            button = tab_to(driver, "el.classList.contains('caire-final-redraw')")
            button.send_keys(Keys.ENTER)
            assert status().text.startswith(f"Tentative {attempt}")
            draws.append(drawn_questions(driver))
            assert sorted(q[2] for q in draws[-1]) == ["a", "b", "c", "d"]
        assert any(d != first for d in draws[1:])
        driver.refresh()
        assert drawn_questions(driver) == draws[-1]


def open_afresh(driver, url: str) -> None:
    """Open `url` as a learner who never came: nothing kept in the browser."""
    driver.get(url)
    driver.execute_script("localStorage.clear()")
    driver.refresh()


def answer(driver, quiz: str, index: int | list[int]) -> None:
    """Answer with the keyboard: a choice of a single-answer quiz, or boxes to tick."""
    if isinstance(index, int):
        choose(driver, quiz, index)
        driver.switch_to.active_element.send_keys(Keys.TAB)
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        return
    for box in index:
        tab_to(driver, f"el.id === 'quiz-{quiz}-{box}'").send_keys(Keys.SPACE)
    tab_to(driver, f"el.classList.contains('caire-quiz-check') && "
                   f"el.form.dataset.quiz === '{quiz}'").send_keys(Keys.ENTER)


def wait_text(element) -> str:
    deadline = time.monotonic() + 5
    while not element.text and time.monotonic() < deadline:
        time.sleep(0.05)
    return element.text


def test_final_quiz_gives_a_score_and_a_verdict_once_every_question_is_answered(
        bank_site) -> None:
    with browsing(bank_site) as chromium:
        driver = chromium.driver
        open_afresh(driver, chromium.base_url + "notebooks/final.html")
        drawn = drawn_questions(driver)
        singles = [q for q in drawn if q != "q-d1"]
        result = driver.find_element(By.CSS_SELECTOR, ".caire-final-result")
        assert result.get_attribute("role") == "status" and result.text == ""
        answer(driver, singles[0], 1)
        answer(driver, singles[1], 0)  # wrong first: the first answer is the one that counts
        answer(driver, singles[1], 1)
        answer(driver, singles[2], 1)
        assert result.text == ""  # not every question answered yet
        # Two right boxes of three options: one ticked, no wrong one, half the point.
        answer(driver, "q-d1", [0])
        feedback = driver.find_element(By.CSS_SELECTOR, "#quiz-q-d1 .caire-quiz-feedback")
        assert wait_text(feedback).endswith("Cette réponse vaut 0,5 point sur 1.")
        assert wait_text(result).startswith(
            "Résultat de la tentative 1 : 2,5 points sur 4 (premières réponses). "
            "Pas encore réussi : il faut au moins 4 sur 4.")
        # The attempt is kept: a reload shows the answers and the result again.
        driver.refresh()
        assert driver.find_element(By.CSS_SELECTOR, ".caire-final-result").text.startswith(
            "Résultat de la tentative 1 : 2,5 points sur 4")
        assert driver.execute_script(
            "return document.getElementById(arguments[0]).checked", f"quiz-{singles[0]}-1")
        # A new draw: a right box and a wrong one on the multiple-answer item is 1/2 - 1,
        # which Moodle counts as nothing, never less.
        tab_to(driver, "el.classList.contains('caire-final-redraw')").send_keys(Keys.ENTER)
        assert driver.find_element(By.CSS_SELECTOR, ".caire-final-result").text == ""
        for quiz in drawn_questions(driver):
            answer(driver, quiz, [0, 1] if quiz == "q-d1" else 1)
        result = driver.find_element(By.CSS_SELECTOR, ".caire-final-result")
        assert wait_text(result).startswith("Résultat de la tentative 2 : 3 points sur 4")
        # Another draw, all right: passed, and "Mon parcours" shows the best attempt.
        tab_to(driver, "el.classList.contains('caire-final-redraw')").send_keys(Keys.ENTER)
        for quiz in drawn_questions(driver):
            answer(driver, quiz, [0, 2] if quiz == "q-d1" else 1)
        result = driver.find_element(By.CSS_SELECTOR, ".caire-final-result")
        assert "4 points sur 4" in wait_text(result) and "Entraînement réussi" in result.text
        driver.get(chromium.base_url + "book/parcours.html")
        quizzes = driver.find_elements(By.CSS_SELECTOR, ".caire-progress-quizzes")
        assert quizzes[-1].text == "meilleure tentative : 4 sur 4, réussi"


def test_a_half_answered_draw_is_replaced_only_once_the_learner_confirms(bank_site) -> None:
    with browsing(bank_site) as chromium:
        driver = chromium.driver
        open_afresh(driver, chromium.base_url + "notebooks/final.html")
        drawn = drawn_questions(driver)
        singles = [q for q in drawn if q != "q-d1"]
        status = driver.find_element(By.CSS_SELECTOR, ".caire-final-status")
        first_status = wait_text(status)
        answer(driver, singles[0], 1)
        button = tab_to(driver, "el.classList.contains('caire-final-redraw')")
        button.send_keys(Keys.ENTER)
        # Nothing replaced yet: the learner is told what a new draw would cost.
        assert wait_text(status).startswith(
            "Vous avez déjà répondu à 1 question sur 4. Un nouveau tirage remplace les 4 "
            "questions, et ces réponses ne compteront plus.")
        assert drawn_questions(driver) == drawn
        assert button.text == "Confirmer le nouveau tirage"
        assert driver.switch_to.active_element == button  # the focus stays where it was
        # One more answer: the warning no longer holds, and is taken back.
        answer(driver, singles[1], 1)
        assert button.text == "Nouveau tirage" and status.text == first_status
        button = tab_to(driver, "el.classList.contains('caire-final-redraw')")
        button.send_keys(Keys.ENTER)
        assert wait_text(status).startswith("Vous avez déjà répondu à 2 questions sur 4.")
        button.send_keys(Keys.ENTER)
        assert status.text.startswith("Tentative 2")
        assert button.text == "Nouveau tirage"
        # A draw not begun, or finished, is replaced at once (nothing would be lost).
        button.send_keys(Keys.ENTER)
        assert status.text.startswith("Tentative 3")


def test_the_final_quiz_says_which_chapters_are_not_done_yet(bank_site) -> None:
    with browsing(bank_site, guard=False) as chromium:  # the learner follows a link
        driver = chromium.driver
        open_afresh(driver, chromium.base_url + "notebooks/final.html")
        notice = driver.find_element(By.CSS_SELECTOR, ".caire-chapter-info .caire-final-prereq")
        # Near the top: in the chapter box, before the first question, in words.
        assert driver.execute_script(
            "return arguments[0].compareDocumentPosition(document.querySelector("
            "'form.caire-quiz')) & Node.DOCUMENT_POSITION_FOLLOWING", notice)
        assert notice.text.startswith("Avant le quiz :")
        assert ("un chapitre n’est pas encore terminé (vous pouvez quand même vous "
                "entraîner) :") in notice.text
        [item] = notice.find_elements(By.CSS_SELECTOR, "li")
        assert item.text == "Chapitre préalable (quiz réussis : 0 sur 1)"
        # The link leads to the chapter; once its quiz is right, nothing is missing.
        link = item.find_element(By.TAG_NAME, "a")
        driver.execute_script("arguments[0].focus()", link)
        link.send_keys(Keys.ENTER)
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("chapitre.html"))
        answer(driver, "chap-q", 1)
        driver.get(chromium.base_url + "notebooks/final.html")
        notice = driver.find_element(By.CSS_SELECTOR, ".caire-final-prereq")
        assert notice.find_elements(By.CSS_SELECTOR, "li") == []
        assert "vous avez terminé le chapitre." in notice.text
        # Practice stays open all along.
        assert len(drawn_questions(driver)) == 4


def test_final_quiz_page_has_no_axe_violation(bank_site) -> None:
    findings, _pages = check_site(bank_site, ROOT, jobs=1, pages=["notebooks/final.html"])
    assert findings == []
