"""Nothing lost on a page the gate cannot finish, and nothing blocked in silence: what
finished within page-timeout is kept (axe-core first) and the rest named; scripts from
another site (MathJax from its CDN) are named once per site, or served locally."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.gate.findings import found
from checks.gate.pages.browser import Browser
from checks.gate.pages.engine import VARIANTS, PageVerdict, check_site
from checks.gate.pages.offline import local_mathjax
from checks.gate.pages.server import serve
from checks.gate.report import render
from checks.layout import PAGE_CACHE
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def test_a_verdict_cut_short_is_not_cached() -> None:
    cut = PageVerdict("a.html", [found("page-incomplete", "…", page="a.html")])
    assert not cut.checked
    assert PageVerdict("a.html", []).checked


@pytest.mark.browser
def test_a_page_out_of_time_keeps_what_finished_and_names_the_rest(tmp_path: Path) -> None:
    # The page hangs once opened narrow: the wide variants and the browser-driven rules
    # finish, the narrow ones do not.
    findings, _pages = check_site(FIXTURES / "partial", tmp_path, jobs=1, page_timeout=20)
    rules = sorted(f.rule for f in findings)
    assert "axe-image-alt" in rules and "page-timeout" not in rules
    [partial] = [f for f in findings if f.rule == "page-incomplete"]
    assert partial.message == (
        "within 20 s only part of the page was checked: axe-core in light 1280 px, "
        "dark 1280 px; not finished: axe-core in light 320 px, dark 320 px")
    assert partial.page == "narrow_hang.html"
    # A page cut short is checked again next time.
    assert not list((tmp_path / PAGE_CACHE).glob("*.json"))
    text = render(findings, [], "text")
    assert "Images must have alternative text: img" in text


@pytest.mark.browser
def test_mathjax_from_its_cdn_is_named_once_or_served_locally(tmp_path: Path) -> None:
    site = FIXTURES / "mathjax"
    findings, _pages = check_site(site, tmp_path, jobs=1, variants=VARIANTS[:1],
                                  use_cache=False)
    [notice] = [f for f in findings if f.rule == "page-offline-resource"]
    assert notice.severity == "notice" and notice.page is None
    assert notice.message == ("1 page(s) load MathJax from https://cdn.jsdelivr.net/npm/"
                              "mathjax@3/es5/tex-mml-chtml.js: checked without it "
                              "(equation.html)")
    if local_mathjax(ROOT) is None:
        pytest.skip("node_modules/mathjax (version 3) is not installed")
    served, _pages = check_site(site, tmp_path, jobs=1, variants=VARIANTS[:1],
                                use_cache=False, serve_mathjax=True)
    assert not [f for f in served if f.rule == "page-offline-resource"]
    # The equation is typeset, as learners see it.
    browser = Browser(30)
    try:
        with serve(site, local_mathjax(ROOT)) as base:
            assert browser.driver is not None
            browser.driver.get(base + "equation.html")
            typeset = browser.driver.execute_async_script("""
                const done = arguments[0];
                MathJax.startup.promise.then(() => done(
                  [MathJax.version, document.querySelectorAll('mjx-container').length]));
            """)
    finally:
        browser.quit()
    assert typeset[0].startswith("3.") and typeset[1] == 1


def test_blocked_loads_are_named_once_per_library() -> None:
    from bs4 import BeautifulSoup

    from checks.gate.pages.offline import blocked_loads, offline_notices

    page = BeautifulSoup(
        '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"></script>'
        '<link rel="stylesheet" href="https://fonts.example.org/a.css">'
        '<link rel="icon" href="https://fonts.example.org/i.png">'
        '<script src="_static/local.js"></script>', "html.parser")
    assert blocked_loads(page) == ["https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js",
                                   "https://fonts.example.org/a.css"]
    assert blocked_loads(page, served_mathjax=True) == ["https://fonts.example.org/a.css"]
    notices = offline_notices({f"p{n}.html": blocked_loads(page) for n in range(8)})
    assert [n.message.split(" from ")[0] for n in notices] == [
        "8 page(s) load MathJax", "8 page(s) load fonts.example.org"]
    assert notices[0].message.endswith("(p0.html, p1.html, p2.html, p3.html, p4.html, "
                                       "and 3 more)")
    assert offline_notices({"a.html": []}) == []


def test_the_blocked_load_notices_of_shards_merge_into_one() -> None:
    from checks.gate.pages.offline import merged, offline_notices

    url = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"
    first = offline_notices({"a.html": [url], "b.html": [url]})
    second = offline_notices({"c.html": [url]})
    other = found("page-timeout", "no verdict", page="d.html")
    [kept, notice] = merged([*first, other, *second])
    assert kept == other
    assert notice.message == (f"3 page(s) load MathJax from {url}: checked without it "
                              "(a.html, b.html, c.html)")
