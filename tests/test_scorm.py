"""SCORM 1.2: the exported package passes the content-packaging rules, broken packages
are findings, and the runtime talks to an LMS `API` exactly as SCORM 1.2 prescribes."""

from __future__ import annotations

import json
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from checks.gate.packages import check_package
from checks.layout import node_module
from conftest import (
    ROOT,
    badge_bank,
    browsing,
    choose,
    drawn_questions,
    make_book,
    notebook,
    run_caire,
    single_quiz,
    tab_to,
)

pytestmark = [pytest.mark.slow]

QUIZ = """```{{quiz}}
id: {id}
question: Combien font deux et deux ?
choices:
  - text: Trois
    correct: false
    feedback: Non.
  - text: Quatre
    correct: true
    feedback: Oui.
```"""
MULTIPLE = """```{quiz}
id: multi-q
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
  - text: Cinq
    correct: false
    feedback: Cinq est impair.
```"""
# The badge bank of the book: never in the site, never in the package.
SECRET_STEM = "Question confidentielle du badge"
SECRET_IDS = ("badge-confidentiel-1", "badge-confidentiel-2")
# An LMS page around a real SCORM 1.2 runtime (npm scorm-again), one SCO per iframe.
# Each call is logged with its result and error code; the learner is preloaded as an LMS
# does at launch.
LMS = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.js"></script>
<script>
window.calls = [];
window.startLms = function (cmi) {
  var api = new Scorm12API({logLevel: 5, autocommit: false});
  api.loadFromJSON(cmi);
  ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"].forEach(
    function (name) {
      var real = api[name].bind(api);
      api[name] = function (a, b) {
        var result = real(a, b);
        calls.push([name, a, b === undefined ? null : String(b), String(result),
                    String(api.LMSGetLastError())]);
        return result;
      };
    });
  window.API = api;
};
</script></head><body><main><h1>LMS</h1>
<iframe id="sco" title="Contenu" src="about:blank" width="1000" height="700"></iframe>
</main></body></html>"""


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    chapter = notebook(("md", "# Chapitre"),
                       ("md", "Voir le [glossaire](../book/glossaire.md), "
                              "[Mon parcours](../book/parcours.md) et le [chapitre "
                              "d'exercice](03_exercice.ipynb)."),
                       ("md", QUIZ.format(id="chapitre-q")),
                       metadata={"caire": {"outcomes": ["a", "b"]}})
    final = notebook(("md", "# Quiz final"), ("md", QUIZ.format(id="final-q1")),
                     ("md", QUIZ.format(id="final-q2")),
                     metadata={"caire": {"outcomes": ["a", "b"],
                                         "final_quiz": True, "pass_mark": 80}})
    exercise = notebook(("md", "# Exercice"),
                        ("code", "### BEGIN SOLUTION\nreponse = 4\n### END SOLUTION"),
                        ("code", "assert reponse == 4, 'Deux et deux.'"),
                        metadata={"caire": {"outcomes": ["a", "b"]}})
    exercise.cells[2].metadata["tags"] = ["tests"]
    # A bank: two sections of two questions, two drawn per attempt, two attempts scored.
    bank = notebook(("md", "# Banque"),
                    *[("md", f"## Partie {s}\n\n" + QUIZ.format(id=f"b-{s}1") + "\n\n"
                       + QUIZ.format(id=f"b-{s}2")) for s in "ab"],
                    metadata={"caire": {"outcomes": ["a"], "final_quiz": True, "draw": 2,
                                        "attempts": 2}})
    # A final quiz of one multiple-answer question, scored as Moodle scores it.
    multi = notebook(("md", "# Quiz multiple"), ("md", MULTIPLE),
                     metadata={"caire": {"outcomes": ["a"], "final_quiz": True}})
    # A practice quiz: it certifies nothing, so a low score never holds back the course.
    practice = notebook(("md", "# Entraînement"), ("md", QUIZ.format(id="entrainement-q")),
                        metadata={"caire": {"outcomes": ["a"], "final_quiz": True,
                                            "practice": True, "attempts": 2}})
    secret = badge_bank(("Chapitre 1 : l'IA", [single_quiz(SECRET_IDS[0], SECRET_STEM + " ?")]),
                        ("Chapitre 2 : données", [single_quiz(SECRET_IDS[1], "Autre ?")]))
    root = make_book(tmp_path_factory.mktemp("scorm") / "book", {
        "book/index.md": "# Accueil\n", "notebooks/01_chapitre.ipynb": chapter,
        "notebooks/02_final.ipynb": final, "notebooks/03_exercice.ipynb": exercise,
        "notebooks/04_banque.ipynb": bank, "notebooks/05_multiple.ipynb": multi,
        "notebooks/06_entrainement.ipynb": practice,
        "book/glossaire.md": "# Glossaire\n\nMots.\n",
        "book/parcours.md": "# Mon parcours\n\n```{parcours}\n```\n",
        "examens/badge.md": secret}, badge_banks=("examens/badge.md",))
    # Whatever else the book leaves out, caire leaves its badge bank out.
    config = (root / "_config.yml").read_text(encoding="utf-8")
    (root / "_config.yml").write_text(config.replace("only_build_toc_files: true",
                                                     "only_build_toc_files: false"),
                                      encoding="utf-8")
    result = run_caire("export", "scorm", "--output", "paquet.zip", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    # The administrator is told the package's size and what weighs most.
    assert re.search(r"SCORM 1.2 package with \d+ files written to .*: [\d.]+ MB "
                     r"\([\d.]+ MB unpacked\)", result.stderr), result.stderr
    assert "largest parts: _static/pyodide/" in result.stderr
    return root / "paquet.zip"


def rules_of(path: Path) -> list[str]:
    return sorted(f.rule for f in check_package(path, path.name))


def rewrite(source: Path, target: Path, drop: str | None = None,
            extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            if name != drop:
                new.writestr(name, old.read(name))
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def test_exported_package_follows_the_packaging_rules(package: Path) -> None:
    assert rules_of(package) == []
    with zipfile.ZipFile(package) as z:
        manifest = z.read("imsmanifest.xml").decode()
        assert "<schemaversion>1.2</schemaversion>" in manifest
        assert manifest.count("<item ") == 6  # one per chapter
        # Python for the exercises travels inside the package, listed in the manifest.
        assert '<file href="_static/pyodide/pyodide.asm.wasm.gz" />' in manifest
        assert "<adlcp:masteryscore>80</adlcp:masteryscore>" in manifest
        # Each chapter's computed duration, as LOM typical learning time (5 min minimum).
        assert manifest.count("<imsmd:datetime>PT0H5M0S</imsmd:datetime>") == 6
        assert "_static/caire-scorm.js" in z.read("notebooks/01_chapitre.html").decode()


def test_a_final_quiz_opens_once_the_chapters_before_it_are_done(package: Path) -> None:
    """SCORM 1.2 prerequisites (AICC script): the LMS launches a final quiz once every
    chapter item before it is completed or passed; the chapters themselves have none."""
    import xml.etree.ElementTree as ET

    ns = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
          "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
    with zipfile.ZipFile(package) as z:
        manifest = ET.fromstring(z.read("imsmanifest.xml"))
    items = manifest.findall(".//cp:item", ns)
    titles = [item.findtext("cp:title", namespaces=ns) for item in items]
    assert titles == ["Chapitre", "Quiz final", "Exercice", "Banque", "Quiz multiple",
                      "Entraînement"]
    prerequisites = {}
    for item in items:
        element = item.find("adlcp:prerequisites", ns)
        if element is not None:
            assert element.get("type") == "aicc_script"
            prerequisites[item.findtext("cp:title", namespaces=ns)] = element.text
    ids = [item.get("identifier") for item in items]
    assert prerequisites == {"Quiz final": ids[0], "Banque": f"{ids[0]}&{ids[2]}",
                             "Quiz multiple": f"{ids[0]}&{ids[2]}",
                             "Entraînement": f"{ids[0]}&{ids[2]}"}
    # Prerequisites come before the mastery score, in SCORM 1.2's order.
    final = [child.tag.split("}")[1] for child in items[1]]
    assert final.index("prerequisites") < final.index("masteryscore")
    # A practice quiz has no mastery score: the LMS would turn a low score into "failed".
    assert items[5].find("adlcp:masteryscore", ns) is None


def test_the_badge_bank_is_neither_in_the_site_nor_in_the_package(package: Path) -> None:
    site = package.parent / "_build/html"
    secrets = (SECRET_STEM, *SECRET_IDS, "examens/badge")
    built = [p for p in site.rglob("*") if p.is_file()]
    assert any(p.name == "02_final.html" for p in built)
    for path in built:
        data = path.read_bytes()
        assert not any(s.encode() in data for s in secrets), path
    assert not (site / "examens").exists() and not (site / "_sources/examens").exists()
    with zipfile.ZipFile(package) as z:
        for name in z.namelist():
            data = z.read(name)
            assert "examens" not in name
            assert not any(s.encode() in data for s in secrets), name


def test_check_accepts_a_package_on_the_command_line(package: Path) -> None:
    result = run_caire("check", package.name, "--format", "json", cwd=package.parent)
    assert result.returncode == 0 and json.loads(result.stdout)["findings"] == []


def test_missing_listed_file_and_launch_page(package: Path, tmp_path: Path) -> None:
    broken = rewrite(package, tmp_path / "b.zip", drop="notebooks/01_chapitre.html")
    assert rules_of(broken) == ["scorm-file-missing", "scorm-launch-missing"]


def test_unlisted_file(package: Path, tmp_path: Path) -> None:
    broken = rewrite(package, tmp_path / "b.zip", extra={"notes.txt": b"x"})
    assert rules_of(broken) == ["scorm-file-unlisted"]


def test_manifest_that_is_not_xml(package: Path, tmp_path: Path) -> None:
    broken = rewrite(package, tmp_path / "b.zip", drop="imsmanifest.xml",
                     extra={"imsmanifest.xml": b"<manifest"})
    assert rules_of(broken) == ["scorm-manifest"]


def test_page_that_needs_something_outside(package: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(package) as z:
        page = z.read("notebooks/01_chapitre.html").decode()
    page = page.replace("</head>", '<script src="https://cdn.example/x.js"></script></head>')
    source = rewrite(package, tmp_path / "a.zip", drop="notebooks/01_chapitre.html")
    broken = rewrite(source, tmp_path / "b.zip", extra={"notebooks/01_chapitre.html":
                                                         page.encode()})
    assert rules_of(broken) == ["scorm-outside-reference"]


@pytest.fixture(scope="module")
def lms(package: Path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(package) as z:
        z.extractall(folder)
    (folder / "lms.html").write_text(LMS, encoding="utf-8")
    shutil.copy(node_module(ROOT, "scorm-again/dist/scorm12.js"), folder / "scorm12.js")
    with browsing(folder, guard=False) as chromium:
        yield chromium.driver, chromium.base_url


def learner(student: str = "etudiant-1", before: dict | None = None) -> dict:
    """The cmi an LMS loads at launch: a new learner, or the record `before` left by the
    last session (resume when it ended with exit "suspend", as SCORM 1.2 says)."""
    core = {"student_id": student, "student_name": student, "lesson_status": "not attempted",
            "entry": "ab-initio", "credit": "credit", "lesson_mode": "normal"}
    cmi = {"core": core}
    if before:
        core.update(lesson_status=before["core"]["lesson_status"],
                    entry="resume" if before["core"]["exit"] == "suspend" else "")
        if before["core"]["score"]["raw"]:
            core["score"] = {"raw": before["core"]["score"]["raw"]}
        cmi["suspend_data"] = before["suspend_data"]
    return cmi


def launch(driver, base_url: str, page: str, cmi: dict) -> None:
    driver.switch_to.default_content()
    if len(driver.window_handles) > 1:  # pages a SCO opened in a new window
        lms_window = driver.window_handles[0]
        for handle in driver.window_handles[1:]:
            driver.switch_to.window(handle)
            driver.close()
        driver.switch_to.window(lms_window)
    driver.get(base_url + "lms.html")
    driver.execute_script("startLms(arguments[0]);"
                          "document.getElementById('sco').src = arguments[1]", cmi, page)
    WebDriverWait(driver, 15).until(lambda d: calls(d))
    driver.switch_to.frame("sco")
    WebDriverWait(driver, 15).until(lambda d: d.execute_script(
        "return document.readyState === 'complete'"))


def calls(driver) -> list[list[str]]:
    driver.switch_to.default_content()
    return driver.execute_script("return window.calls")


def record(driver) -> dict:
    """The learner's record as the LMS holds it."""
    driver.switch_to.default_content()
    return driver.execute_script("return JSON.parse(JSON.stringify(window.API.cmi))")


def answer(driver, quiz: str, right: bool) -> None:
    choose(driver, quiz, 1 if right else 0)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    # The answer is recorded when its feedback is announced.
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return document.querySelector('#quiz-' + arguments[0] + ' .caire-quiz-feedback')"
        ".textContent.trim() !== ''", quiz))


def finish(driver) -> dict:
    """Close the SCO as the LMS does; the record it left."""
    driver.switch_to.default_content()
    driver.execute_script("document.getElementById('sco').src = 'about:blank'")
    WebDriverWait(driver, 10).until(lambda d: (calls(d) or [[""]])[-1][0] == "LMSFinish")
    return record(driver)


def all_calls_succeeded(driver) -> None:
    failed = [c for c in calls(driver) if c[4] != "0" or c[3] == "false"]
    assert failed == []
    names = [c[0] for c in calls(driver)]
    assert names.count("LMSInitialize") == 1 and names.count("LMSFinish") == 1
    assert names[-1] == "LMSFinish"  # nothing after it


def follow(driver, selector: str) -> None:
    """Focus a link of the SCO and press Enter, as a keyboard user follows it."""
    link = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].focus()", link)
    link.send_keys(Keys.ENTER)
    time.sleep(0.5)


@pytest.mark.browser
def test_links_inside_a_sco_never_end_it_nor_change_its_record(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/01_chapitre.html", learner())
    # The glossary and "Mon parcours" open in a new window, without runtime: the SCO stays.
    follow(driver, 'a[href$="glossaire.html"]')
    follow(driver, 'main a[href$="parcours.html"]')
    assert len(driver.window_handles) == 3
    driver.switch_to.window(driver.window_handles[0])
    driver.switch_to.frame("sco")
    # "Suivant" and a link to another chapter are not followed: the LMS opens chapters.
    follow(driver, "a.right-next")
    follow(driver, 'main a[href$="03_exercice.html"]')
    assert driver.execute_script("return location.pathname").endswith("01_chapitre.html")
    notice = driver.find_element(By.ID, "caire-scorm-notice")
    assert notice.get_attribute("role") == "status"
    assert notice.text == ("« Exercice » est un autre module de la formation : fermez "
                           "celui-ci, puis ouvrez « Exercice » dans la plateforme.")
    assert record(driver)["core"]["lesson_status"] == "incomplete"  # nothing answered yet
    driver.switch_to.frame("sco")
    answer(driver, "chapitre-q", right=True)
    after = finish(driver)
    all_calls_succeeded(driver)
    assert after["core"]["lesson_status"] == "completed" and after["core"]["exit"] == ""
    assert json.loads(after["suspend_data"]) == {"choices": {"chapitre-q": [1]},
                                                 "right": ["chapitre-q"]}


@pytest.mark.browser
def test_session_time_suspend_and_resume_restore_the_final_quiz(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/02_final.html", learner("reprise"))
    answer(driver, "final-q1", right=True)
    time.sleep(1.1)
    first = finish(driver)
    all_calls_succeeded(driver)
    assert first["core"]["exit"] == "suspend" and first["core"]["lesson_status"] == "incomplete"
    hours, minutes, seconds = first["core"]["session_time"].split(":")
    assert float(seconds) + 60 * int(minutes) >= 1  # the session's time, sent on finish
    # Relaunched ("resume") on another computer: the answer is back, shown as answered.
    driver.execute_script("localStorage.clear()")
    launch(driver, base_url, "notebooks/02_final.html", learner("reprise", first))
    assert driver.execute_script("return document.getElementById('quiz-final-q1-1').checked")
    feedback = driver.find_element(By.CSS_SELECTOR, "#quiz-final-q1 .caire-quiz-feedback")
    assert feedback.text.startswith("Bonne réponse")
    answer(driver, "final-q2", right=True)
    second = finish(driver)
    all_calls_succeeded(driver)
    assert second["core"]["lesson_status"] == "passed"
    assert second["core"]["score"]["raw"] == "100" and second["core"]["exit"] == ""
    # Each question is an interaction the LMS can report on.
    interactions = [second["interactions"][k] for k in sorted(second["interactions"])]
    assert [(i["id"], i["type"], i["student_response"], i["result"]) for i in interactions] \
        == [("final-q2", "choice", "b", "correct")]
    assert [(i["id"], i["result"]) for i in first["interactions"].values()] == [
        ("final-q1", "correct")]


@pytest.mark.browser
def test_two_learners_on_one_browser_see_only_their_own_answers(lms) -> None:
    driver, base_url = lms
    driver.switch_to.default_content()
    driver.execute_script("localStorage.clear()")
    launch(driver, base_url, "notebooks/01_chapitre.html", learner("alice"))
    answer(driver, "chapitre-q", right=False)
    finish(driver)
    launch(driver, base_url, "notebooks/01_chapitre.html", learner("bob"))
    assert not driver.execute_script(
        "return Array.from(document.querySelectorAll('#quiz-chapitre-q input'))"
        ".some((i) => i.checked)")
    keys = [k for k in driver.execute_script("return Object.keys(localStorage)")
            if k.startswith("caire")]  # the theme keeps its own (light or dark)
    assert keys and all(k.startswith("caire-lms:bob:") for k in keys), keys
    # "Mon parcours" opened from Bob's chapter shows Bob's record only.
    answer(driver, "chapitre-q", right=True)
    follow(driver, 'main a[href$="parcours.html"]')
    driver.switch_to.window(driver.window_handles[-1])
    rows = driver.find_elements(By.CSS_SELECTOR, ".caire-progress-quizzes")
    assert rows[0].text == "1 sur 1"
    driver.switch_to.window(driver.window_handles[0])
    finish(driver)


@pytest.mark.browser
def test_a_fail_stays_a_fail_and_the_learner_is_told(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/02_final.html", learner("echec"))
    answer(driver, "final-q1", right=True)
    answer(driver, "final-q2", right=False)
    answer(driver, "final-q2", right=True)  # only the first answer counts
    result = driver.find_element(By.CSS_SELECTOR, ".caire-final-result")
    WebDriverWait(driver, 10).until(lambda d: result.text)
    assert "Pas encore réussi : il faut au moins 2 sur 2." in result.text
    assert "Votre résultat est enregistré dans la plateforme." in result.text
    assert "Les tentatives comptées sont épuisées" in result.text
    follow(driver, 'a[href$="glossaire.html"]')  # a link the page offers
    after = finish(driver)
    all_calls_succeeded(driver)
    assert after["core"]["lesson_status"] == "failed" and after["core"]["score"]["raw"] == "50"
    launch(driver, base_url, "notebooks/02_final.html", learner("echec", after))
    answer(driver, "final-q2", right=True)
    again = finish(driver)
    all_calls_succeeded(driver)
    assert again["core"]["lesson_status"] == "failed" and again["core"]["score"]["raw"] == "50"


@pytest.mark.browser
def test_outside_an_lms_the_page_works_as_the_plain_site(lms) -> None:
    driver, base_url = lms
    driver.switch_to.default_content()
    driver.get(base_url + "notebooks/01_chapitre.html")
    driver.execute_script("localStorage.clear(); location.reload()")
    answer(driver, "chapitre-q", right=True)
    status = driver.find_element(By.CSS_SELECTOR, "#quiz-chapitre-q [role=status]").text
    assert status.startswith("Bonne réponse")
    stored = driver.execute_script("return localStorage.getItem('caire-progress-v1')")
    assert json.loads(stored) == {"quizzes": {"chapitre-q": True}, "exercises": {},
                                  "choices": {"chapitre-q": [1]}}


@pytest.mark.browser
def test_a_passed_exercise_is_kept_in_the_lms_and_shown_on_another_computer(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/03_exercice.html", learner("exo"))
    box = driver.find_element(By.CSS_SELECTOR, ".caire-exercise")
    driver.execute_script("arguments[0].value = 'reponse = 4'", box.find_element(
        By.TAG_NAME, "textarea"))
    button = box.find_element(By.CSS_SELECTOR, ".caire-check")
    driver.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    WebDriverWait(driver, 120).until(lambda d: box.find_element(
        By.CSS_SELECTOR, ".caire-result").text.startswith("Bravo"))
    before = finish(driver)
    assert json.loads(before["suspend_data"]) == {
        "passed_exercises": ["notebooks/03_exercice#1"]}
    driver.execute_script("localStorage.clear()")
    launch(driver, base_url, "notebooks/03_exercice.html", learner("exo", before))
    assert driver.find_element(By.CSS_SELECTOR, ".caire-passed").is_displayed()
    finish(driver)
    all_calls_succeeded(driver)


def test_the_package_carries_the_schemas_and_its_manifest_is_valid(package: Path,
                                                                   tmp_path: Path) -> None:
    import xmlschema

    with zipfile.ZipFile(package) as z:
        z.extractall(tmp_path / "unpacked")
    unpacked = tmp_path / "unpacked"
    for name in ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd",
                 "imsmd_rootv1p2p1.xsd"):
        assert (unpacked / name).is_file(), name
    # IMS's 2001 ims_xml.xsd binds the reserved `xml` prefix, which a strict XSD 1.0
    # parser refuses: build leniently and allow that one error only.
    schema = xmlschema.XMLSchema(
        str(unpacked / "imscp_rootv1p1p2.xsd"),
        locations={"http://www.adlnet.org/xsd/adlcp_rootv1p2":
                   str(unpacked / "adlcp_rootv1p2.xsd"),
                   "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1":
                   str(unpacked / "imsmd_rootv1p2p1.xsd")}, validation="lax")
    assert all("XML/1998/namespace" in str(e) for e in schema.all_errors), schema.all_errors
    schema.validate(str(unpacked / "imsmanifest.xml"))  # raises on any invalid element


def test_a_schema_the_manifest_names_must_be_in_the_package(package: Path,
                                                            tmp_path: Path) -> None:
    broken = rewrite(package, tmp_path / "sans-schema.zip", drop="adlcp_rootv1p2.xsd")
    assert "scorm-schema-missing" in rules_of(broken)


def tick(driver, quiz: str, indexes: list[int]) -> None:
    """Tick the boxes `indexes` of a multiple-answer quiz with the keyboard, then check."""
    for index in indexes:
        tab_to(driver, f"el.id === 'quiz-{quiz}-{index}'").send_keys(Keys.SPACE)
    tab_to(driver, f"el.classList.contains('caire-quiz-check') && "
                   f"el.form.dataset.quiz === '{quiz}'").send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return document.querySelector('#quiz-' + arguments[0] + ' .caire-quiz-feedback')"
        ".textContent.trim() !== ''", quiz))


@pytest.mark.browser
def test_a_multiple_answer_item_gets_partial_credit_as_moodle_gives_it(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/05_multiple.html", learner("partiel"))
    tick(driver, "multi-q", [0])  # one right box of two, no wrong one: 1/2
    feedback = driver.find_element(By.CSS_SELECTOR, "#quiz-multi-q .caire-quiz-feedback")
    assert "Cette réponse vaut 0,5 point sur 1." in feedback.text
    result = driver.find_element(By.CSS_SELECTOR, ".caire-final-result")
    WebDriverWait(driver, 10).until(lambda d: result.text)
    assert result.text.startswith("Résultat de la tentative 1 : 0,5 point sur 1")
    after = finish(driver)
    all_calls_succeeded(driver)
    assert after["core"]["score"]["raw"] == "50" and after["core"]["lesson_status"] == "failed"
    [interaction] = after["interactions"].values()
    assert (interaction["student_response"], interaction["result"]) == ("a", "0.5")
    # Another learner ticks a right box and a wrong one: 1/2 - 1/2, nothing.
    launch(driver, base_url, "notebooks/05_multiple.html", learner("partiel-2"))
    tick(driver, "multi-q", [0, 1])
    after = finish(driver)
    all_calls_succeeded(driver)
    assert after["core"]["score"]["raw"] == "0"
    assert [i["result"] for i in after["interactions"].values()] == ["wrong"]
    # Both right boxes: the whole point, passed.
    launch(driver, base_url, "notebooks/05_multiple.html", learner("partiel-3"))
    tick(driver, "multi-q", [0, 2])
    after = finish(driver)
    assert after["core"]["score"]["raw"] == "100" and after["core"]["lesson_status"] == "passed"


@pytest.mark.browser
def test_a_practice_quiz_is_completed_whatever_its_score(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/06_entrainement.html", learner("entrainement"))
    redraw = driver.find_element(By.CSS_SELECTOR, ".caire-final-redraw")
    answer(driver, "entrainement-q", right=False)
    WebDriverWait(driver, 10).until(lambda d: redraw.is_displayed())  # practise again
    after = finish(driver)
    all_calls_succeeded(driver)
    assert after["core"]["lesson_status"] == "completed" and after["core"]["exit"] == ""
    assert after["core"]["score"]["raw"] == "0"
    # Relaunched, the finished attempt still offers a new draw (two are recorded).
    launch(driver, base_url, "notebooks/06_entrainement.html", learner("entrainement", after))
    assert driver.find_element(By.CSS_SELECTOR, ".caire-final-redraw").is_displayed()
    finish(driver)


@pytest.mark.browser
def test_a_bank_is_scored_on_the_drawn_questions_and_offers_a_second_attempt(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/04_banque.html", learner("banque"))
    first = drawn_questions(driver)
    assert len(first) == 2 and {q[2] for q in first} == {"a", "b"}  # one per section
    redraw = driver.find_element(By.CSS_SELECTOR, ".caire-final-redraw")
    assert not redraw.is_displayed()  # the LMS decides: no new draw before a fail
    for quiz in first:
        answer(driver, quiz, right=False)
    WebDriverWait(driver, 10).until(lambda d: redraw.is_displayed())
    assert "Une nouvelle tentative vous est proposée" in driver.find_element(
        By.CSS_SELECTOR, ".caire-final-result").text
    redraw.send_keys(Keys.ENTER)
    second = drawn_questions(driver)
    assert len(second) == 2
    for quiz in second:
        answer(driver, quiz, right=True)
    assert not redraw.is_displayed()
    after = finish(driver)
    all_calls_succeeded(driver)
    scores = [c[2] for c in calls(driver) if c[1] == "cmi.core.score.raw"]
    statuses = [c[2] for c in calls(driver) if c[:2] == ["LMSSetValue",
                                                         "cmi.core.lesson_status"]]
    assert scores == ["0", "100"] and statuses[-2:] == ["failed", "passed"]
    data = json.loads(after["suspend_data"])
    assert data["attempt"] == 2 and set(data["first"]) == set(second)
    assert len(after["interactions"]) == 4


def test_a_package_without_python_is_smaller_and_says_so(package: Path,
                                                         tmp_path: Path) -> None:
    root = package.parent
    result = run_caire("export", "scorm", "--without", "python", "--output",
                       str(tmp_path / "texte.zip"), cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    with zipfile.ZipFile(tmp_path / "texte.zip") as z:
        names = z.namelist()
        page = z.read("notebooks/03_exercice.html").decode()
    assert not [n for n in names if "pyodide" in n]
    assert "window.CAIRE_NO_PYTHON = true" in page
    assert (tmp_path / "texte.zip").stat().st_size < package.stat().st_size / 3
    assert rules_of(tmp_path / "texte.zip") == []
