"""Reporters: SARIF and HTML, apart from the rules; the HTML report is itself accessible."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.gate.catalog import CATALOG
from checks.gate.findings import Finding, Subject, found
from checks.gate.pages.engine import check_site
from checks.gate.report import render
from conftest import ROOT, course_config, notebook, run_caire

FINDINGS = [
    Finding("heading-h1-multiple", "error", 'a second level-1 heading: "<script>alert(1)</script>"',
            "notebooks/a.ipynb", 3, None, ("1.3.1", "2.4.6"), ("9.1",)),
    Finding("axe-color-contrast", "error", "Elements must meet contrast: .x (clair 1280 px)",
            "notebooks/a.ipynb", 5, "notebooks/a.html", ("1.4.3",), ("3.2",)),
    Finding("link-bare-url", "warning", "the link text is a bare URL: https://e.org",
            "book/index.md", None, None, ("2.4.4",), ("6.1",)),
]
SUBJECTS = [Subject("notebooks/a.ipynb", None), Subject(None, None, (), "notebooks/a.html")]


def test_sarif_has_rules_results_levels_and_cells() -> None:
    sarif = json.loads(render(FINDINGS, SUBJECTS, "sarif"))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "axe-color-contrast", "heading-h1-multiple", "link-bare-url"]
    levels = [r["level"] for r in run["results"]]
    assert levels == ["error", "error", "warning"]
    first = run["results"][0]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "notebooks/a.ipynb"
    assert first["locations"][0]["logicalLocations"] == [{"name": "cell 3", "kind": "module"}]
    assert first["properties"]["rgaa"] == ["9.1"]


def test_text_report_opens_with_summaries_and_gives_help_once_per_rule() -> None:
    text = render(FINDINGS, SUBJECTS, "text")
    lines = text.splitlines()
    assert lines[0].startswith("2 error(s), 1 warning(s), 0 notice(s); 2 item(s) checked")
    assert lines[2] == "Findings by rule"
    assert lines.index("Findings by rule") < lines.index("Findings by file") < lines.index(
        "Findings") < lines.index("Rules")
    assert "  cell 3, error [heading-h1-multiple]" in lines
    assert "dequeuniversity.com/rules/axe/4.14/color-contrast" in text
    assert "docs/rules.md" not in text  # a path of this repository means nothing elsewhere
    assert text.count(CATALOG["heading-h1-multiple"].help[:40]) == 1


def _theme_findings(pages: int) -> list[Finding]:
    """The same theme element (outside any cell) failing on `pages` pages, plus content."""
    return [Finding("axe-region", "warning", "All page content should be contained by "
                    "landmarks: .bd-header", None, None, f"p{n}.html", (), (), ".bd-header")
            for n in range(pages)] + [FINDINGS[0]]


def test_a_theme_finding_on_many_pages_is_reported_once_with_its_page_count() -> None:
    text = render(_theme_findings(66), [], "text")
    assert text.count(".bd-header") == 1
    assert "warning [axe-region] on 66 pages" in text
    # Apart from content findings, which keep their own place.
    assert "notebooks/a.ipynb\n  cell 3, error [heading-h1-multiple]" in text
    # Two pages are not a pattern: each keeps its own entry.
    assert render(_theme_findings(2), [], "text").count(".bd-header") == 2


def test_text_report_lines_stay_short_on_a_big_book() -> None:
    findings = _theme_findings(66) + [
        Finding("link-bare-url", "warning", "the link text is a bare URL: " + "word " * 60,
                f"chapters/c{n}.md", None, None, ("2.4.4",), ("6.1",), line=n + 3)
        for n in range(40)]
    lines = render(findings, [], "text").splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "  chapters/c0.md:" not in lines  # line numbers shown as words, not glued


def test_french_report_has_french_words_help_and_variant_names() -> None:
    axe = Finding("axe-color-contrast", "error", "Elements must meet minimum color contrast "
                  "ratio thresholds: .x (light 320 px; dark 1280 px)", None, None, "a.html",
                  ("1.4.3",), ("3.2",), ".x")
    own = Finding("heading-h1-multiple", "error", 'a second level-1 heading: "Deux"',
                  "a.md", None, None, ("1.3.1",), ("9.1",), line=7)
    text = render([axe, own], [], "text", "fr")
    assert "2 erreur(s)" in text and "ligne 7, erreur [heading-h1-multiple]" in text
    assert "un second titre de niveau 1 : « Deux »" in text
    flowing = " ".join(text.split())  # long messages wrap
    assert "(clair 320 px; sombre 1280 px)" in flowing and "light" not in text
    assert CATALOG["heading-h1-multiple"].help_fr[:40] in text
    assert 'lang="fr"' in render([axe, own], [], "html", "fr")
    # The JSON contract keeps the checks' own words whatever the language.
    assert json.loads(render([own], [], "json", "fr"))["findings"][0]["message"] == \
        own.message


def test_every_message_the_fixtures_produce_has_a_french_translation() -> None:
    from checks.gate.report.translate import translated
    from checks.gate.sources.check import check_sources
    from checks.gate.sources.read import read_source

    docs = [read_source(ROOT, path) for path in sorted(
        (ROOT / "tests" / "fixtures" / "a11y").iterdir())]
    messages = {f.message for f in check_sources([d for d in docs if d])}
    assert len(messages) > 15
    untranslated = [m for m in messages if translated(m, "fr") == m]
    assert untranslated == []


def test_html_report_has_summaries_filters_and_no_empty_column() -> None:
    page = render(_theme_findings(5) + FINDINGS[2:], [], "html")
    assert page.count("<table") == 4  # by rule, by file, repeated, findings
    assert '<select id="filter-rule" name="rule">' in page
    assert '<label for="filter-severity">' in page and 'role="status"' in page
    findings_table = page[page.index('<table id="findings"'):]
    findings_table = findings_table[:findings_table.index("</table>")]
    # No finding there has a cell or a page of its own: no such column.
    assert ">Cell<" not in findings_table and ">Page<" not in findings_table
    assert 'data-rule="link-bare-url"' in findings_table


def test_html_report_escapes_what_it_quotes_from_a_notebook(tmp_path: Path) -> None:
    nb = notebook(("md", "# Premier"), ("md", "# <script>alert('x')</script>"))
    (tmp_path / "nb.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    course_config(tmp_path)
    result = run_caire("check", "nb.ipynb", "--format", "html", cwd=tmp_path)
    assert result.returncode == 1
    assert "<script>alert" not in result.stdout
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in result.stdout


@pytest.mark.browser
def test_html_report_passes_axe_itself(tmp_path: Path) -> None:
    site = tmp_path / "report"
    site.mkdir()
    for lang in ("en", "fr"):
        page = render(FINDINGS + _theme_findings(4), SUBJECTS, "html", lang)
        (site / f"{lang}.html").write_text(page, encoding="utf-8")
    findings, _pages = check_site(site, ROOT, jobs=1)
    assert findings == []


def _frame(rule: str, target: str, page: str, message: str = "", **more) -> Finding:
    """A finding on a page's frame (outside any cell)."""
    return Finding(rule, more.pop("severity", "error"), message or f"Help: {target}", None,
                   None, page, (), (), target, **more)


def test_theme_elements_of_one_pattern_are_one_entry_on_every_page() -> None:
    pages = [f"p{n}.html" for n in range(8)]
    subjects = [Subject(None, None, (), page) for page in pages]
    # Eleven sidebar items of one pattern, each with its own id, on every page.
    findings = [_frame("axe-link-name", f"#sidebar-item-{k} > a", page)
                for page in pages for k in range(11)]
    text = render(findings, subjects, "text")
    assert "error [axe-link-name] on every page (8), 88 elements" in text
    assert "element: #sidebar-item-0 > a, #sidebar-item-1 > a, #sidebar-item-2 > a " \
           "(+8 more)" in " ".join(text.split())
    assert len(text.splitlines()) < 20
    assert "sur toutes les pages (8), 88 éléments" in render(findings, subjects, "text", "fr")
    # On some pages only: how many, and which.
    some = render(findings, [*subjects, Subject(None, None, (), "extra.html")], "text")
    assert "on 8 pages, 88 elements" in some and "pages: p0.html" in some
    # The JSON keeps every finding.
    assert len(json.loads(render(findings, subjects, "json"))["findings"]) == 88


def test_an_element_axe_names_differently_per_page_is_grouped_by_its_path() -> None:
    pages = [f"p{n}.html" for n in range(4)]
    path = (("path", "div.banner > img.logo"),)
    findings = [_frame("axe-image-alt", "img" if n else ".logo", page, data=path)
                for n, page in enumerate(pages)]
    text = render(findings, [Subject(None, None, (), p) for p in pages], "text")
    assert "error [axe-image-alt] on every page (4)" in text
    assert "element: div.banner > img.logo" in text


def _contrast(target: str, page: str, source: str | None = None, cell: int | None = None,
              fg: str = "#777777") -> Finding:
    data = (("bgColor", "#ffffff"), ("contrastRatio", 4.48), ("expectedContrastRatio", "4.5:1"),
            ("fgColor", fg))
    message = (f"Elements must meet minimum color contrast ratio thresholds: {target} "
               f"(contrast 4.48:1, {fg} on #ffffff; 4.5:1 needed) (light 1280 px)")
    return Finding("axe-color-contrast", "error", message, source, cell, page, ("1.4.3",),
                   ("3.2",), target, data=data)


def test_contrast_from_one_css_rule_is_one_entry_with_its_colours() -> None:
    # An injected stylesheet: the same grey in the cells of many pages.
    findings = [_contrast(f".output:nth-child({k})", f"nb{n}.html", f"nb{n}.ipynb", k)
                for n in range(3) for k in range(80)]
    findings.append(_contrast(".rare", "nb0.html", "nb0.ipynb", 1, fg="#888888"))
    text = render(findings, [], "text")
    assert "error [axe-color-contrast] on 3 pages, 240 elements" in text
    flowing = " ".join(text.split())
    assert "(contrast 4.48:1, #777777 on #ffffff; 4.5:1 needed)" in flowing
    # A colour pair seen once keeps its own entry, under its notebook.
    assert "nb0.ipynb\n  cell 1, error [axe-color-contrast] (nb0.html)" in text
    assert len(text.splitlines()) < 40
    french = " ".join(render(findings, [], "text", "fr").split())
    assert "(contraste 4,48:1, #777777 sur #ffffff ; 4,5:1 requis)" in french
    # The measure in the JSON, and back.
    data = json.loads(render(findings, [], "json"))["findings"][0]
    assert data["data"] == {"bgColor": "#ffffff", "contrastRatio": 4.48,
                            "expectedContrastRatio": "4.5:1", "fgColor": "#777777"}
    assert Finding.from_json(data) == findings[0]
    old = {k: v for k, v in data.items() if k not in ("data", "act")}  # an older report
    assert Finding.from_json(old).data == () and Finding.from_json(old).act == ()


def test_act_ids_come_from_the_catalog_and_reach_json_and_sarif() -> None:
    ours = found("page-keyboard-trap", "Tab cannot move the focus out of 1 element(s): #x",
                 page="a.html")
    assert ours.act == ("80af7b",)
    axe = Finding("axe-image-alt", "error", "Images must have alternative text: img", None,
                  None, "a.html", ("1.1.1",), ("1.1",), "img", act=("23a2a8",))
    plain = FINDINGS[0]
    data = json.loads(render([ours, axe, plain], [], "json"))["findings"]
    assert [f["act"] for f in data] == [["80af7b"], ["23a2a8"], []]
    assert [Finding.from_json(f) for f in data] == [ours, axe, plain]
    run = json.loads(render([ours, axe, plain], [], "sarif"))["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["page-keyboard-trap"]["relationships"] == [
        {"target": {"id": "80af7b", "toolComponent": {"name": "ACT Rules"}},
         "kinds": ["relevant"]}]
    assert "relationships" not in rules["heading-h1-multiple"]
    assert [t["id"] for t in run["taxonomies"][0]["taxa"]] == ["23a2a8", "80af7b"]
    assert "taxonomies" not in json.loads(render([plain], [], "sarif"))["runs"][0]


def test_a_notebook_is_listed_once_by_its_source_and_every_finding_shows_its_element(
        ) -> None:
    subjects = [Subject("notebooks/a.ipynb", None, (), "notebooks/a.html")]
    frame = Finding("page-reflow", "error", "at 320 CSS px wide, this element sticks out of "
                    "the viewport: the page must be scrolled sideways to read it", None, None,
                    "notebooks/a.html", ("1.4.10",), ("10.11",), "#wide-banner")
    content = Finding("axe-image-alt", "error", "Images must have alternative text: img",
                      "notebooks/a.ipynb", 3, "notebooks/a.html", ("1.1.1",), ("1.1",), "img")
    text = render([frame, content], subjects, "text")
    by_file = text[text.index("Findings by file"):text.index("\n\n", text.index("by file"))]
    assert "notebooks/a.ipynb" in by_file and "a.html" not in by_file
    assert "      element: #wide-banner" in text
    page = render([frame, content], subjects, "html")
    assert "<code>#wide-banner</code>" in page
    assert "élément : #wide-banner" in render([frame, content], subjects, "text", "fr")


def test_html_report_tables_scroll_in_their_own_named_box_and_follow_dark_mode() -> None:
    page = render(FINDINGS + _theme_findings(4), SUBJECTS, "html")
    assert page.count('<div class="scroll" role="region" tabindex="0"') == page.count("<table")
    assert 'aria-labelledby="findings-caption"' in page and 'id="findings-caption"' in page
    assert "@media (prefers-color-scheme: dark)" in page


def test_new_page_messages_have_french_translations() -> None:
    from checks.gate.report.translate import translated

    partial = ("within 20 s only part of the page was checked: axe-core in light 1280 px, "
               "dark 1280 px; not finished: axe-core in light 320 px, dark 320 px")
    assert translated(partial, "fr", "page-incomplete") == (
        "en 20 s, la page n'a été vérifiée qu'en partie : axe-core en clair 1280 px, "
        "sombre 1280 px ; pas terminé : axe-core en clair 320 px, sombre 320 px")
    big = ("within 30 s only part of the page was checked: axe-core in light 1280 px; not "
           "finished: color-contrast, link-in-text-block in light 1280 px; axe-core in dark "
           "1280 px; page-reflow, page-keyboard-trap")
    assert translated(big, "fr", "page-incomplete") == (
        "en 30 s, la page n'a été vérifiée qu'en partie : axe-core en clair 1280 px ; pas "
        "terminé : color-contrast, link-in-text-block en clair 1280 px ; axe-core en sombre "
        "1280 px ; page-reflow, page-keyboard-trap")
    blocked = ("70 page(s) load MathJax from https://cdn.example/mathjax@3/es5/tex-chtml.js: "
               "checked without it (a.html, b.html, c.html, d.html, e.html, and 65 more)")
    assert translated(blocked, "fr", "page-offline-resource") == (
        "70 page(s) chargent MathJax depuis https://cdn.example/mathjax@3/es5/tex-chtml.js : "
        "vérifiées sans (a.html, b.html, c.html, d.html, e.html, et 65 autres)")


def _wide_findings() -> list[Finding]:
    """What makes a report wide: long selectors, long paths, many pages."""
    long_target = "#" + "-".join(["sidebar-navigation-primary-item"] * 6) + " > a"
    return (FINDINGS + _theme_findings(70)
            + [_frame("axe-link-name", f"{long_target}{k}", f"chapitres/p{n}.html")
               for n in range(5) for k in range(3)]
            + [_contrast(".x", f"nb{n}.html", f"notebooks/{'tres-long-' * 8}{n}.ipynb", 2)
               for n in range(4)])


@pytest.mark.browser
def test_html_report_fits_320_px_and_passes_the_page_gate_in_dark_mode(
        tmp_path: Path) -> None:
    from checks.gate.pages.browser import Browser
    from checks.gate.pages.engine import VARIANTS
    from checks.gate.pages.server import serve

    site = tmp_path / "report"
    site.mkdir()
    (site / "wide.html").write_text(render(_wide_findings(), SUBJECTS, "html", "fr"),
                                    encoding="utf-8")
    # Every variant: light and dark, 1280 and 320 px (reflow and contrast included).
    findings, _pages = check_site(site, ROOT, jobs=1, variants=VARIANTS, use_cache=False)
    assert findings == []
    browser = Browser(30)
    try:
        with serve(site) as base:
            driver = browser.driver
            assert driver is not None
            driver.set_window_size(320, 800)
            for dark in (False, True):
                browser.set_theme_media(dark)
                driver.get(base + "wide.html")
                wide, shown, background = driver.execute_script(
                    "const root = document.documentElement;"
                    "return [root.scrollWidth, root.clientWidth,"
                    " getComputedStyle(document.body).backgroundColor];")
                assert wide <= shown, "the report scrolls sideways at 320 px"
                assert (background == "rgb(20, 20, 20)") == dark
    finally:
        browser.quit()
