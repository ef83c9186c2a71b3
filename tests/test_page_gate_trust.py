"""The page gate in CI: every page its own verdict whatever its scripts do, the same verdict
on every run, nothing left running, unchanged pages not checked again."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from checks.gate.pages import browser as browser_module
from checks.gate.pages.engine import check_site
from checks.gate.report import render
from checks.processes import descendants
from conftest import ROOT, run_caire

pytestmark = [pytest.mark.browser]

MISBEHAVING = ROOT / "tests" / "fixtures" / "misbehaving"
# Every page but the endless one carries one known defect that must still be found.
CHECKED = ["after.html", "beforeunload.html", "closes.html", "dialogs.html", "navigates.html",
           "offline.html", "popup.html", "refresh.html", "transition.html"]
INTERRUPTING = {"dialogs.html": "alert, confirm, prompt", "navigates.html": "navigation",
                "refresh.html": "navigation", "popup.html": "window.open"}


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    root = tmp_path_factory.mktemp("misbehaving")
    pages = [*sorted(p for p in CHECKED if p != "after.html"), "endless.html", "after.html"]
    # One browser, so the page after the endless one runs in the browser that replaced it.
    findings, subjects = check_site(MISBEHAVING, root, jobs=1, page_timeout=8, pages=pages,
                                    use_cache=False)
    return findings, subjects


def rules_on(findings, page: str) -> list[str]:
    return sorted(f.rule for f in findings if f.page == page)


@pytest.mark.parametrize("page", CHECKED)
def test_each_page_is_checked_and_its_defect_found(verdicts, page: str) -> None:
    findings, _subjects = verdicts
    rules = rules_on(findings, page)
    assert "axe-image-alt" in rules
    [defect] = [f for f in findings if f.page == page and f.rule == "axe-image-alt"]
    assert defect.target in ("img", ".defect"), "axe's shortest selector for the defect"
    expected = ["axe-image-alt"] + (["page-interrupts"] if page in INTERRUPTING else [])
    assert rules == sorted(expected), "no finding of another document, nothing else"


@pytest.mark.parametrize("page", sorted(INTERRUPTING))
def test_interruptions_are_blocked_and_noted(verdicts, page: str) -> None:
    findings, _subjects = verdicts
    [note] = [f for f in findings if f.page == page and f.rule == "page-interrupts"]
    assert INTERRUPTING[page] in note.message and note.severity == "warning"


def test_endless_script_times_out_and_the_next_page_is_checked(verdicts) -> None:
    findings, subjects = verdicts
    assert rules_on(findings, "endless.html") == ["page-timeout"]
    assert "axe-image-alt" in rules_on(findings, "after.html")
    assert {s.page for s in subjects} == {*CHECKED, "endless.html"}


def test_the_report_counts_pages_and_names_the_unchecked_one(verdicts) -> None:
    findings, subjects = verdicts
    report = json.loads(render(findings, subjects, "json"))
    assert report["summary"] == {"items": 10, "pages": 10,
                                 "pages_not_checked": ["endless.html"]}
    assert "9 of 10 page(s) checked (not checked: endless.html)" in render(
        findings, subjects, "text")


def test_three_runs_give_byte_identical_json(tmp_path: Path) -> None:
    site = ROOT / "tests" / "fixtures" / "site"
    pages = ["clean.html", "not_html.html", "violations.html"]
    outputs = set()
    for _ in range(3):
        findings, subjects = check_site(site, tmp_path, jobs=2, pages=pages, use_cache=False)
        outputs.add(render(findings, subjects, "json"))
    assert len(outputs) == 1
    assert '"axe-image-alt"' in outputs.pop()


def test_cache_reuse_and_invalidation(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", site, ignore=shutil.ignore_patterns(
        "hang.html", "icon_switch.html"))
    shutil.copy(ROOT / "tests" / "fixtures" / "cache" / "equation.html", site)
    equation = site / "equation.html"
    drawn = "0b5d4f0e-8c47-4a53-9a71-3c2f6d9e1b20"
    (site / "style.css").write_text("p { color: #1b1b1b; }\n", encoding="utf-8")
    clean = site / "clean.html"
    (site / "searchindex.js").write_text("Search.setIndex({})\n", encoding="utf-8")
    clean.write_text(clean.read_text(encoding="utf-8").replace(
        "</head>", '<link rel="stylesheet" href="style.css">'
        '<script src="searchindex.js"></script></head>'), encoding="utf-8")

    def run() -> tuple[str, set[str]]:
        findings, subjects = check_site(site, tmp_path, jobs=1)
        checked = {line.split(": ")[1] for line in capsys.readouterr().err.splitlines()
                   if line.endswith("finding(s)") and line.count(": ") == 2}
        return render(findings, subjects, "json"), checked

    first, checked = run()
    assert checked == {"clean.html", "violations.html", "equation.html"}
    # Rebuilt, the page's equation has a new random id, and nothing else is new.
    equation.write_text(equation.read_text(encoding="utf-8").replace(
        drawn, "9f1c2a77-1d0e-4b6f-8e2d-5a4c3b2a1f00"), encoding="utf-8")
    second, checked = run()
    assert checked == set() and second == first, "unchanged pages are not checked again"
    (site / "searchindex.js").write_text("Search.setIndex({a: 1})\n", encoding="utf-8")
    _same, checked = run()
    assert checked == set(), "Sphinx's search index (any text change) re-checks nothing"
    (site / "style.css").write_text("p { color: #dddddd; }\n", encoding="utf-8")
    third, checked = run()
    assert checked == {"clean.html"}, "a changed stylesheet re-checks the pages that load it"
    assert '"axe-color-contrast"' in third
    violations = site / "violations.html"
    violations.write_text(violations.read_text(encoding="utf-8").replace(
        '<img src="figure.png">', '<img src="figure.png" alt="Courbe">'), encoding="utf-8")
    fourth, checked = run()
    assert checked == {"violations.html"}
    assert '"axe-image-alt"' not in fourth


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # the process has ended since it was listed
        return b""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_no_process_is_left_behind_when_the_run_is_stopped(tmp_path: Path, how) -> None:
    shutil.copytree(MISBEHAVING, tmp_path / "site")
    (tmp_path / "pyproject.toml").write_text("[tool.caire]\npage-timeout = 60\nbrowsers = 2\n",
                                             encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "checks.cli", "check", "--site", "site"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    # Wait until both browsers run (one of them stuck on the endless page).
    while time.monotonic() < deadline:
        seen |= set(descendants(process.pid))
        browsers = [p for p in seen if b"chromium" in _cmdline(p)]
        if len(browsers) >= 2:
            break
        time.sleep(0.2)
    assert browsers, "the browsers started"
    time.sleep(1)
    seen |= set(descendants(process.pid))
    os.kill(process.pid, how)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in err
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in seen):
        time.sleep(0.2)
    assert [p for p in seen if _alive(p)] == []


def test_a_browser_still_starting_is_ended_at_once(tmp_path: Path, monkeypatch) -> None:
    """The exit path does not wait for a start that a loaded machine makes slow: a
    chromedriver that never answers (it sleeps, with a child) is killed with its group,
    and reaped, by the time `end_all_browsers` returns."""
    children = tmp_path / "children"
    driver = tmp_path / "chromedriver"
    driver.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {children}\nsleep 300\n",
                      encoding="utf-8")
    driver.chmod(0o755)
    monkeypatch.setattr(browser_module, "DRIVER_CANDIDATES", (str(driver),))
    monkeypatch.setattr(browser_module, "_closing", threading.Event())
    outcome: list[BaseException] = []

    def start() -> None:
        try:
            browser_module.Browser(30)
        except BaseException as exc:  # noqa: BLE001 - the outcome is the assertion
            outcome.append(exc)

    starter = threading.Thread(target=start, daemon=True)
    starter.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (children.is_file() and
                                               children.read_text().strip()):
        time.sleep(0.05)
    [starting] = list(browser_module._LIVE)
    process = starting.service.process
    grandchild = int(children.read_text())
    browser_module.end_all_browsers()
    assert process.returncode == -signal.SIGKILL, "chromedriver killed and reaped"
    grandchild_gone = time.monotonic() + 10
    while time.monotonic() < grandchild_gone and _alive(grandchild):
        time.sleep(0.05)
    assert not _alive(grandchild), "its whole group went with it"
    starter.join(60)
    assert [type(exc) for exc in outcome] == [browser_module.BrowserClosing]
    assert not browser_module._LIVE


def test_shards_merge_into_the_whole_report(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", tmp_path / "site",
                    ignore=shutil.ignore_patterns("hang.html"))
    whole = run_caire("check", "--site", "site", "--format", "json", cwd=tmp_path)
    for number in (1, 2):
        shard = run_caire("check", "--site", "site", "--format", "json", "--shard",
                          f"{number}/2", cwd=tmp_path)
        assert shard.returncode in (0, 1), shard.stderr
        (tmp_path / f"shard{number}.json").write_text(shard.stdout, encoding="utf-8")
        assert len(json.loads(shard.stdout)["checked"]) < 3
    merged = run_caire("report", "merge", "shard2.json", "shard1.json", "shard1.json",
                       "--format", "json", cwd=tmp_path)
    assert merged.returncode == whole.returncode == 1
    expected, got = json.loads(whole.stdout), json.loads(merged.stdout)
    key = json.dumps
    assert sorted(map(key, got["findings"])) == sorted(map(key, expected["findings"]))
    assert sorted(map(key, got["checked"])) == sorted(map(key, expected["checked"]))
    assert got["summary"] == expected["summary"]
    bad = run_caire("report", "merge", "site/clean.html", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "site/clean.html: not a caire JSON report" in bad.stderr
