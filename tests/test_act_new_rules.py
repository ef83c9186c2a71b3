"""The page rules that try the page's reactions (`checks/gate/pages/reactions.py`), each
on a failing page and its near-miss twin: a counter that changes on its own with no pause
(and one with a pause button, one whose colour only changes); a single-key shortcut
always on (and one a switch turns off, one active only while its list has the focus, one
that reacts to the first key only); a page that follows the device's tilt with no button
doing the same and nothing to stop it (and one whose buttons do the same, one with a
switch too, one that listens and changes nothing)."""

from __future__ import annotations

import shutil

import pytest

from checks.gate.catalog import rule
from checks.gate.pages.engine import VARIANTS, check_site
from checks.gate.pages.probes import PROBE_RULES
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "probes"
NEW_RULES = ("page-changing-text", "page-key-shortcut", "page-motion-only", "page-motion-always-on")


def test_the_rules_are_catalogued_with_their_criteria() -> None:
    for rule_id in NEW_RULES:
        assert rule_id in PROBE_RULES
        entry = rule(rule_id)
        assert entry.help and entry.help_fr and entry.wcag and entry.rgaa and entry.act
    assert rule("page-changing-text").act == ("efbfc7",)
    assert rule("page-key-shortcut").act == ("ffbc54",)
    assert rule("page-motion-only").act == ("7677a9",)
    assert rule("page-motion-always-on").act == ("c249d5",)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[str, set[tuple[str, str | None]]]:
    site = tmp_path_factory.mktemp("reactions")
    for page in FIXTURES.glob("*.html"):
        if page.stem.startswith(("auto_", "keys_", "motion_")):
            shutil.copy(page, site / page.name)
    findings, _pages = check_site(site, ROOT, jobs=2, variants=VARIANTS[:1], use_cache=False)
    result: dict[str, set[tuple[str, str | None]]] = {}
    for f in findings:
        if f.rule in NEW_RULES:
            result.setdefault(f.page.rsplit("/", 1)[-1].removesuffix(".html"), set()).add(
                (f.rule, f.target))
    return result


@pytest.mark.browser
@pytest.mark.slow
def test_text_changing_on_its_own_with_no_pause_is_found(verdicts) -> None:
    assert verdicts.get("auto_counter") == {("page-changing-text", "#compte")}


@pytest.mark.browser
@pytest.mark.slow
def test_a_counter_with_a_pause_button_or_a_changing_colour_is_not(verdicts) -> None:
    assert "auto_counter_pause" not in verdicts
    assert "auto_colour" not in verdicts


@pytest.mark.browser
@pytest.mark.slow
def test_a_single_key_shortcut_always_on_is_found(verdicts) -> None:
    assert verdicts.get("keys_single") == {("page-key-shortcut", "#notes")}


@pytest.mark.browser
@pytest.mark.slow
def test_a_shortcut_a_switch_turns_off_or_active_on_focus_is_not(verdicts) -> None:
    assert "keys_single_off" not in verdicts
    assert "keys_on_focus" not in verdicts
    # A page that reacts to the first key press only has no shortcut.
    assert "keys_once" not in verdicts


@pytest.mark.browser
@pytest.mark.slow
def test_motion_with_no_button_and_no_off_switch_fails_both(verdicts) -> None:
    assert verdicts.get("motion_tilt") == {("page-motion-only", "#diapo"),
                                           ("page-motion-always-on", "#diapo")}


@pytest.mark.browser
@pytest.mark.slow
def test_buttons_that_do_the_same_still_need_an_off_switch(verdicts) -> None:
    assert verdicts.get("motion_tilt_buttons") == {("page-motion-always-on", "#diapo")}


@pytest.mark.browser
@pytest.mark.slow
def test_buttons_and_an_off_switch_or_no_change_pass(verdicts) -> None:
    assert "motion_tilt_switch" not in verdicts
    assert "motion_listen_only" not in verdicts
