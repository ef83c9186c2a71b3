"""Page rules in a real headless Chromium with axe-core from npm."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest

from checks.gate.pages.browser import axe_script
from checks.gate.pages.engine import VARIANTS, PageChecker, check_site
from checks.gate.pages.server import serve
from checks.processes import descendants
from conftest import ROOT, notebook, run_caire

pytestmark = [pytest.mark.browser]

SITE = ROOT / "tests" / "fixtures" / "site"


@pytest.fixture(scope="module")
def site_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("site-check")
    shutil.copytree(SITE, root / "site")
    (root / "pyproject.toml").write_text("[tool.caire]\npage-timeout = 10\n", encoding="utf-8")
    result = run_caire("check", "--site", "site", "--format", "json", cwd=root)
    return result, json.loads(result.stdout)["findings"]


def test_violation_maps_to_page_selector_criteria_and_cell(site_report) -> None:
    result, findings = site_report
    assert result.returncode == 1
    [image] = [f for f in findings if f["rule"] == "axe-image-alt"]
    assert image["page"] == "violations.html"
    assert image["source"] == "notebooks/demo.ipynb" and image["cell"] == 3
    assert image["wcag"] == ["1.1.1"] and image["rgaa"] == ["1.1"]
    assert image["severity"] == "error"
    assert ".caire-cell-3" in image["message"] or "img" in image["message"]
    # Found in the first variant, reported once with its element's selector.
    assert image["target"] == "img" and image["message"].endswith(": img")


def test_theme_chrome_is_not_blamed_on_a_notebook_cell(site_report) -> None:
    _result, findings = site_report
    [button] = [f for f in findings if f["rule"] == "axe-button-name"]
    assert button["page"] == "violations.html"
    assert button["source"] is None and button["cell"] is None
    assert "4.1.2" in button["wcag"]


def test_clean_page_has_no_finding(site_report) -> None:
    _result, findings = site_report
    assert not [f for f in findings if f["page"] == "clean.html"]


def test_label_in_name_applies_to_a_text_label_not_to_icons(site_report) -> None:
    _result, findings = site_report
    # SVG <title>s, icon-font glyphs and hidden text are no visible label; a button
    # whose visible text is absent from its name is still reported.
    assert [f["target"] for f in findings if f["page"] == "icon_switch.html"
            and f["rule"] == "axe-label-content-name-mismatch"] == ["#reel"]


def test_file_that_is_not_html_is_a_finding(site_report) -> None:
    _result, findings = site_report
    assert [(f["rule"], f["page"]) for f in findings if f["page"] == "not_html.html"] == [
        ("page-not-html", "not_html.html")]


def test_page_that_never_loads_times_out_and_the_run_goes_on(site_report) -> None:
    result, findings = site_report
    assert [f["rule"] for f in findings if f["page"] == "hang.html"] == ["page-timeout"]
    assert "Traceback" not in result.stderr


def test_missing_site_folder_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_caire("check", "--site", "absent", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "absent" in result.stderr and "no such site folder" in result.stderr


def test_browser_that_crashes_is_restarted_and_the_page_checked() -> None:
    with serve(SITE) as base_url:
        checker = PageChecker(base_url, axe_script(ROOT), page_timeout=20)
        try:
            driver = checker.browser.driver
            driver.get(base_url + "clean.html")
            checker.browser.driver.execute_script(open(axe_script(ROOT)).read())
            assert driver.execute_script("return axe.version").startswith("4.")
            for pid in descendants(driver.service.process.pid):
                os.kill(pid, signal.SIGKILL)
            verdict = checker.check("violations.html")
            assert checker.browser.driver is not driver, "the browser was not restarted"
            assert verdict.checked
            assert "axe-image-alt" in {f.rule for f in verdict.findings}
        finally:
            checker.close()


def test_notebook_cell_is_found_through_the_real_build(tiny_book) -> None:
    nb = notebook(("md", "# Contraste"), ("md", "Texte normal."),
                  ("md", '<span style="color:#b0b0b0;background-color:#ffffff">pâle</span>'))
    root = tiny_book({"index.md": "# Accueil\n", "notebooks/contraste.ipynb": nb})
    findings, _pages = check_site_after_build(root)
    contrast = [f for f in findings if f.rule == "axe-color-contrast"]
    assert contrast, findings
    assert {(f.source, f.cell, f.page) for f in contrast} == {
        ("notebooks/contraste.ipynb", 2, "notebooks/contraste.html")}
    assert contrast[0].wcag == ("1.4.3",) and contrast[0].rgaa == ("3.2",)


def check_site_after_build(root: Path):
    assert run_caire("build", cwd=root).returncode == 0
    return check_site(root / "_build/html", ROOT, jobs=1,
                      pages=["notebooks/contraste.html"])


def test_dark_theme_and_narrow_screen_findings_name_their_variants() -> None:
    """The dark theme is switched in place at a width already shown, and loaded afresh at
    a new width: both give what a learner who opens the page that way would meet."""
    site = ROOT / "tests" / "fixtures" / "themes"
    findings, _pages = check_site(site, ROOT, jobs=1, use_cache=False)
    contrast = {f.target: f.message for f in findings if f.rule == "axe-color-contrast"}
    assert set(contrast) == {"#stored", "#preference", "#narrow"}
    assert contrast["#stored"].endswith("(dark 1280 px; dark 320 px)")
    assert contrast["#preference"].endswith("(dark 1280 px; dark 320 px)")
    assert contrast["#narrow"].endswith("(dark 320 px)")
    # Content only the dark theme shows gets every rule.
    assert [f.target for f in findings if f.rule == "axe-image-alt"] == ["img"]


def test_dark_theme_switched_in_place_finds_what_a_dark_load_finds() -> None:
    site = ROOT / "tests" / "fixtures" / "themes"
    switched, _ = check_site(site, ROOT, jobs=1, use_cache=False,
                             variants=VARIANTS[:2])
    loaded, _ = check_site(site, ROOT, jobs=1, use_cache=False,
                           variants=(VARIANTS[1],))
    dark = VARIANTS[1][0]
    in_place = {(f.rule, f.target) for f in switched if dark in f.message
                or f.rule == "axe-image-alt"}
    assert in_place == {(f.rule, f.target) for f in loaded if f.rule.startswith("axe-")}
    assert ("axe-color-contrast", "#stored") in in_place
