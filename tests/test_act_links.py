"""Link and frame rules on the cases the W3C ACT rules fd3a94, b20e66, 4b1c6c and 5effbb
turn on, each on a page of its own with its near miss: destinations equivalent though
their URLs differ (the same phone number worded otherwise, one text within the other, a
document named as its frame is), same-name links that nothing on the page tells apart,
frames nested in a same-origin frame, links named by a file format, a header cell that
spans several columns."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks.gate.pages.engine import VARIANTS, check_site
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURES = ROOT / "tests" / "fixtures" / "probes"


@pytest.fixture(scope="module")
def targets(tmp_path_factory) -> dict[tuple[str, str], set[str | None]]:
    """(page, rule) -> the elements reported, for the link and frame rules."""
    site = tmp_path_factory.mktemp("act_links")
    shutil.copytree(FIXTURES / "dest", site / "dest")
    for page in [*FIXTURES.glob("links_*.html"), *FIXTURES.glob("frames_*.html")]:
        shutil.copy(page, site / page.name)
    findings, _pages = check_site(site, ROOT, jobs=2, variants=VARIANTS[:1], use_cache=False)
    result: dict[tuple[str, str], set[str | None]] = {}
    for f in findings:
        if f.rule.startswith(("page-link-", "page-frame-")):
            result.setdefault((Path(f.page or "").stem, f.rule), set()).add(f.target)
    return result


def test_same_name_links_to_equivalent_or_different_destinations(targets) -> None:
    # Not reported: the same number worded otherwise (#call-more), one text within the
    # other (#crumb). Reported: another number, other hours, a page that shows nothing
    # until a slow redirect.
    assert targets.get(("links_equivalent", "page-link-same-name")) == {
        "#other-number", "#other-hours", "#slow"}


def test_same_name_links_nothing_tells_apart_are_not_reported(targets) -> None:
    # Side by side and alike (#alike): ambiguous to every reader. Told apart by the text
    # after them, an icon each, pictures beside them, or loose in a region: reported.
    assert targets.get(("links_ambiguous", "page-link-same-name")) == {
        "#told-by-text", "#told-by-icon", "#told-by-pictures", "#loose"}


def test_a_frame_nested_in_a_same_origin_frame_is_compared(targets) -> None:
    # Reported at the outer frame; the nested frame showing the same document is not.
    assert targets.get(("frames_nested", "page-frame-same-name")) == {"#holder"}


def test_same_name_frames_with_equivalent_documents(targets) -> None:
    # Not reported: one text within the other (#crumb), documents that each call
    # themselves by the frame's name (#ad). Reported: other hours, a document that does not.
    assert targets.get(("frames_equivalent", "page-frame-same-name")) == {
        "#other-hours", "#not-ad"}


def test_links_named_by_a_format_and_spanning_header_cells(targets) -> None:
    # Not reported: sub-items under "Guide de l'IA responsable", a cell under a header
    # spanning both columns that names the report.
    assert targets.get(("links_generic_format", "page-link-generic")) == {
        "#pdf", "#epub", "#download"}
