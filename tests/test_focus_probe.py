"""The focus walk on the sidebar of Jupyter Book 1's theme: the chapter toggles whose
ring is drawn on their icon box are seen focused, a toggle with no indicator is not; and
a page gets the same verdict whatever the browser walked before it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from checks.gate.pages import probes
from checks.gate.pages.browser import Browser
from checks.gate.pages.server import serve
from conftest import ROOT

pytestmark = [pytest.mark.browser]

FIXTURES = ROOT / "tests" / "fixtures" / "focus"
BARE_TOGGLE = "#bare > details > summary"


@pytest.fixture(scope="module")
def page() -> Iterator[tuple[Any, str]]:
    with serve(FIXTURES) as base_url:
        browser = Browser(30)
        try:
            yield browser.driver, base_url + "toggles.html"
        finally:
            browser.quit()


def _not_visible(driver: Any, url: str) -> list[str]:
    driver.get(url)
    return [target for rule, target, _message in probes.run_probes(driver)
            if rule == "page-focus-not-visible"]


def test_a_ring_on_the_toggle_icon_is_seen_and_a_bare_toggle_is_found(page) -> None:
    driver, url = page
    assert _not_visible(driver, url) == [BARE_TOGGLE]


def test_the_walk_gives_the_same_findings_run_after_run(page) -> None:
    driver, url = page
    # Each walk tabs out of its page (more Tabs than elements): the next load starts
    # without the focus, as a page checked after another one does.
    runs = [_not_visible(driver, url) for _ in range(3)]
    assert runs == [[BARE_TOGGLE]] * 3


def test_a_page_loaded_after_a_walk_is_walked_with_the_focus(page) -> None:
    driver, url = page
    driver.get(url)
    probes.run_probes(driver)
    driver.get(url)
    assert probes._setup(driver) > 0
    assert driver.execute_script("return document.hasFocus()")
