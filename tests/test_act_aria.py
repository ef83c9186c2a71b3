"""W3C ACT rules on small pages made for them (tests/fixtures/act_aria), each with its near
miss: the aria-controls an expanded combobox or a scrollbar requires (in6db8), the focus
resting in content hidden from assistive technologies (6cfa84), a refresh after 20 hours
(bisz58), a summary with no name (2t702h), a two-word passage plainly not in its declared
language (off6ek); and the ACT ids the findings carry into the
JSON report and SARIF."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checks.gate.catalog import CATALOG
from checks.gate.findings import Finding
from checks.gate.pages.engine import VARIANTS, check_site
from checks.gate.report import render
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURES = ROOT / "tests" / "fixtures" / "act_aria"


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> list[Finding]:
    site = tmp_path_factory.mktemp("act_aria")
    shutil.copytree(FIXTURES, site, dirs_exist_ok=True)
    found, _pages = check_site(site, ROOT, jobs=2, variants=VARIANTS[:1], use_cache=False)
    return found


def on(findings: list[Finding], page: str, rule: str) -> dict[str | None, Finding]:
    return {f.target: f for f in findings
            if Path(f.page or "").stem == page and f.rule == rule}


def test_required_aria_controls_must_name_an_element_of_the_same_tree(findings) -> None:
    # A scrollbar naming no element; an expanded combobox naming a list that lives in a
    # shadow tree, not in its document.
    missing = on(findings, "aria_controls", "page-aria-controls-missing")
    assert set(missing) == {"#bar-missing", "#combo-shadow"}
    # Near misses: one id of two exists; a collapsed combobox and a button do not need
    # aria-controls; an expanded combobox whose list exists.
    assert missing["#bar-missing"].act == ("in6db8",)


def test_focus_resting_in_hidden_content_is_found_by_the_walk(findings) -> None:
    # Behind an aria-modal dialog axe leaves its aria-hidden-focus undecided: the walk
    # finds the focus resting on the hidden sentinel.
    assert set(on(findings, "aria_hidden_focus", "page-hidden-focus")) == {"#sentinel-stays"}
    # Its twin sends the focus back into the dialog at once: it never rests there.
    assert not on(findings, "aria_hidden_focus_ok", "page-hidden-focus")
    # Where axe reports the hidden element itself, the walk does not say it again.
    assert on(findings, "aria_hidden_focus_axe", "axe-aria-hidden-focus")
    assert not on(findings, "aria_hidden_focus_axe", "page-hidden-focus")


def test_a_refresh_after_twenty_hours_is_a_warning_and_an_invalid_one_nothing(
        findings) -> None:
    late = on(findings, "aria_refresh_late", "axe-meta-refresh-no-exceptions")
    assert [(f.severity, f.act) for f in late.values()] == [("warning", ("bisz58",))]
    assert not [f for f in findings if Path(f.page or "").stem == "aria_refresh_invalid"
                and "refresh" in f.rule]


def test_a_summary_without_a_name_carries_act_2t702h_only_without_a_role(findings) -> None:
    summaries = on(findings, "aria_summary", "axe-summary-name")
    assert summaries["#summary-empty"].act == ("2t702h",)
    # A summary with a role of its own is still reported, but ACT 2t702h does not apply.
    assert summaries["#summary-role"].act == ()
    assert "#summary-named" not in summaries


def test_a_two_word_passage_is_judged_only_when_its_language_is_beyond_doubt(
        findings) -> None:
    # French words declared English: French beyond doubt. An English term declared French
    # (a loan) or English is below that certainty: not judged.
    assert set(on(findings, "aria_lang_pairs", "page-lang-part-mismatch")) == {"#pair-wrong"}


def test_json_and_sarif_carry_the_act_ids_of_axe_and_of_the_gate(findings) -> None:
    axe_image = on(findings, "aria_summary", "axe-image-alt")["#no-alt"]
    ours = on(findings, "aria_controls", "page-aria-controls-missing")["#bar-missing"]
    assert "23a2a8" in axe_image.act  # axe's own actIds
    assert ours.act == CATALOG["page-aria-controls-missing"].act
    chosen = [axe_image, ours]
    report = json.loads(render(chosen, [], "json"))["findings"]
    assert [f["act"] for f in report] == [list(axe_image.act), ["in6db8"]]
    assert [Finding.from_json(f) for f in report] == chosen  # what the page cache stores
    run = json.loads(render(chosen, [], "sarif"))["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    targets = {r: [rel["target"] for rel in rules[r]["relationships"]] for r in rules}
    assert {"id": "in6db8", "toolComponent": {"name": "ACT Rules"}} in \
        targets["page-aria-controls-missing"]
    assert {"id": "23a2a8", "toolComponent": {"name": "ACT Rules"}} in targets["axe-image-alt"]
    taxa = {t["id"] for t in run["taxonomies"][0]["taxa"]}
    assert {"in6db8", "23a2a8"} <= taxa
    assert [r["properties"]["act"] for r in run["results"]] == [list(axe_image.act),
                                                                ["in6db8"]]
