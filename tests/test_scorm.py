"""SCORM 1.2: the exported package passes the content-packaging rules, broken packages
are findings, and the runtime talks to an LMS `API` exactly as SCORM 1.2 prescribes."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from checks.gate.packages import check_package
from conftest import browsing, choose, drawn_questions, make_book, notebook, run_caire

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
LMS = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>LMS</title>
<script>
window.calls = [];
window.API = {
  data: {"cmi.core.lesson_status": "not attempted", "cmi.suspend_data": ""},
  LMSInitialize: function (a) { calls.push(["LMSInitialize", a]); return "true"; },
  LMSGetValue: function (k) { calls.push(["LMSGetValue", k]); return this.data[k] || ""; },
  LMSSetValue: function (k, v) { calls.push(["LMSSetValue", k, v]); this.data[k] = v;
                                 return "true"; },
  LMSCommit: function (a) { calls.push(["LMSCommit", a]); return "true"; },
  LMSFinish: function (a) { calls.push(["LMSFinish", a]); return "true"; },
  LMSGetLastError: function () { return "0"; },
  LMSGetErrorString: function () { return ""; },
  LMSGetDiagnostic: function () { return ""; }
};
</script></head><body><main><h1>LMS</h1>
<iframe id="sco" title="Contenu" src="about:blank" width="1000" height="700"></iframe>
</main></body></html>"""


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    chapter = notebook(("md", "# Chapitre"), ("md", QUIZ.format(id="chapitre-q")),
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
    root = make_book(tmp_path_factory.mktemp("scorm") / "book", {
        "book/index.md": "# Accueil\n", "notebooks/01_chapitre.ipynb": chapter,
        "notebooks/02_final.ipynb": final, "notebooks/03_exercice.ipynb": exercise,
        "notebooks/04_banque.ipynb": bank})
    result = run_caire("export", "scorm", "--output", "paquet.zip", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
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
        assert manifest.count("<item ") == 4  # one per chapter
        # Python for the exercises travels inside the package, listed in the manifest.
        assert '<file href="_static/pyodide/pyodide.asm.wasm.gz" />' in manifest
        assert "<adlcp:masteryscore>80</adlcp:masteryscore>" in manifest
        # Each chapter's computed duration, as LOM typical learning time (5 min minimum).
        assert manifest.count("<imsmd:datetime>PT0H5M0S</imsmd:datetime>") == 4
        assert "_static/caire-scorm.js" in z.read("notebooks/01_chapitre.html").decode()


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
    with browsing(folder, guard=False) as chromium:
        yield chromium.driver, chromium.base_url


def launch(driver, base_url: str, page: str) -> None:
    driver.get(base_url + "lms.html")
    driver.execute_script("document.getElementById('sco').src = arguments[0]", page)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not calls(driver):
        time.sleep(0.1)
    driver.switch_to.frame("sco")


def calls(driver) -> list[list[str]]:
    driver.switch_to.default_content()
    return driver.execute_script("return window.calls")


def answer(driver, quiz: str, right: bool) -> None:
    choose(driver, quiz, 1 if right else 0)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    # The answer is recorded when its feedback is announced.
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return document.querySelector('#quiz-' + arguments[0] + ' .caire-quiz-feedback')"
        ".textContent.trim() !== ''", quiz))


def finish(driver) -> None:
    driver.switch_to.default_content()
    driver.execute_script("document.getElementById('sco').src = 'about:blank'")
    WebDriverWait(driver, 10).until(lambda d: (calls(d) or [[""]])[-1][0] == "LMSFinish")


START = [["LMSInitialize", ""], ["LMSGetValue", "cmi.core.lesson_status"],
         ["LMSSetValue", "cmi.core.lesson_status", "incomplete"],
         ["LMSGetValue", "cmi.suspend_data"]]
# A final quiz draws its questions with the LMS's learner id.
FINAL_START = [*START, ["LMSGetValue", "cmi.core.student_id"]]


@pytest.mark.browser
def test_chapter_is_completed_when_its_quiz_is_answered(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/01_chapitre.html")
    answer(driver, "chapitre-q", right=True)
    finish(driver)
    assert calls(driver) == START + [
        ["LMSSetValue", "cmi.suspend_data", '{"chapitre-q":true}'],
        ["LMSSetValue", "cmi.core.lesson_status", "completed"],
        ["LMSCommit", ""], ["LMSCommit", ""], ["LMSFinish", ""]]


@pytest.mark.browser
def test_final_quiz_reports_score_and_failed_under_the_pass_mark(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/02_final.html")
    answer(driver, "final-q1", right=True)
    answer(driver, "final-q2", right=False)
    finish(driver)
    assert calls(driver) == FINAL_START + [
        ["LMSSetValue", "cmi.suspend_data", '{"tries:final-q1":1,"answer:final-q1":true}'],
        ["LMSCommit", ""],
        ["LMSSetValue", "cmi.suspend_data", '{"tries:final-q1":1,"answer:final-q1":true,'
                                            '"tries:final-q2":1,"answer:final-q2":false}'],
        ["LMSSetValue", "cmi.core.score.raw", "50"],
        ["LMSSetValue", "cmi.core.score.min", "0"],
        ["LMSSetValue", "cmi.core.score.max", "100"],
        ["LMSSetValue", "cmi.core.lesson_status", "failed"],
        ["LMSCommit", ""], ["LMSCommit", ""], ["LMSFinish", ""]]


@pytest.mark.browser
def test_final_quiz_passed(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/02_final.html")
    answer(driver, "final-q1", right=True)
    answer(driver, "final-q2", right=True)
    finish(driver)
    sets = [c for c in calls(driver) if c[0] == "LMSSetValue"]
    assert sets[-5:-1] == [["LMSSetValue", "cmi.core.score.raw", "100"],
                           ["LMSSetValue", "cmi.core.score.min", "0"],
                           ["LMSSetValue", "cmi.core.score.max", "100"],
                           ["LMSSetValue", "cmi.core.lesson_status", "passed"]]
    # A pass is kept: answering again later never takes it back.
    assert sets[-1][1] == "cmi.suspend_data" and '"passed":true' in sets[-1][2]


@pytest.mark.browser
def test_outside_an_lms_the_page_works_as_the_plain_site(lms) -> None:
    driver, base_url = lms
    driver.get(base_url + "notebooks/01_chapitre.html")
    driver.execute_script("localStorage.clear(); location.reload()")
    answer(driver, "chapitre-q", right=True)
    status = driver.find_element(By.CSS_SELECTOR, "#quiz-chapitre-q [role=status]").text
    assert status.startswith("Bonne réponse")
    stored = driver.execute_script("return localStorage.getItem('caire-progress-v1')")
    assert json.loads(stored) == {"quizzes": {"chapitre-q": True}, "exercises": {},
                                  "choices": {"chapitre-q": [1]}}


@pytest.mark.browser
def test_an_exercise_runs_inside_the_package_and_is_kept_in_suspend_data(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/03_exercice.html")
    box = driver.find_element(By.CSS_SELECTOR, ".caire-exercise")
    driver.execute_script("arguments[0].value = 'reponse = 4'", box.find_element(
        By.TAG_NAME, "textarea"))
    box.find_element(By.CSS_SELECTOR, ".caire-check").click()
    WebDriverWait(driver, 120).until(lambda d: box.find_element(
        By.CSS_SELECTOR, ".caire-result").text.startswith("Bravo"))
    finish(driver)
    progress = [json.loads(c[2]) for c in calls(driver)
                if c[:2] == ["LMSSetValue", "cmi.suspend_data"]]
    assert progress == [{"exercise:notebooks/03_exercice#1": True}]


@pytest.mark.browser
def test_final_quiz_counts_the_first_answer_only(lms) -> None:
    """Retrying a question until right does not earn the badge (attempts: 1)."""
    driver, base_url = lms
    launch(driver, base_url, "notebooks/02_final.html")
    answer(driver, "final-q1", right=False)
    answer(driver, "final-q1", right=True)
    answer(driver, "final-q2", right=True)
    finish(driver)
    sets = [c for c in calls(driver) if c[0] == "LMSSetValue"]
    assert ["LMSSetValue", "cmi.core.score.raw", "50"] in sets
    assert sets[-1] == ["LMSSetValue", "cmi.core.lesson_status", "failed"]
    assert '"tries:final-q1":2,"answer:final-q1":false' in [
        c for c in sets if c[1] == "cmi.suspend_data"][-1][2]


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


@pytest.mark.browser
def test_a_bank_is_scored_on_the_drawn_questions_and_offers_a_second_attempt(lms) -> None:
    driver, base_url = lms
    launch(driver, base_url, "notebooks/04_banque.html")
    first = drawn_questions(driver)
    assert len(first) == 2 and {q[2] for q in first} == {"a", "b"}  # one per section
    redraw = driver.find_element(By.CSS_SELECTOR, ".caire-final-redraw")
    assert not redraw.is_displayed()  # the LMS decides: no new draw before a fail
    for quiz in first:
        answer(driver, quiz, right=False)
    WebDriverWait(driver, 10).until(lambda d: redraw.is_displayed())
    redraw.send_keys(Keys.ENTER)
    second = drawn_questions(driver)
    assert len(second) == 2
    for quiz in second:
        answer(driver, quiz, right=True)
    assert not redraw.is_displayed()
    finish(driver)
    sets = [c for c in calls(driver) if c[0] == "LMSSetValue"]
    scores = [c[2] for c in sets if c[1] == "cmi.core.score.raw"]
    statuses = [c[2] for c in sets if c[1] == "cmi.core.lesson_status"]
    assert scores == ["0", "100"] and statuses[-2:] == ["failed", "passed"]
    data = json.loads([c for c in sets if c[1] == "cmi.suspend_data"][-1][2])
    assert data["attempt"] == 2 and data["passed"] is True
    assert {k for k in data if k.startswith("answer:")} == {f"answer:{q}" for q in second}
