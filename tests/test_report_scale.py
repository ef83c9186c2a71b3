"""Reports that scale: a generated 70-page site sharing a theme with defects on every page
(an image without alt, content outside landmarks, eleven grey sidebar links), and a few
defects of its own on some pages, gives a short text report; the JSON keeps every finding."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from checks.gate.pages.engine import VARIANTS, check_site
from checks.gate.report import render
from conftest import ROOT, run_caire

THEME = ROOT / "tests" / "fixtures" / "theme_site"
PAGES = 70
SIDEBAR_LINKS = 11
MATHJAX = ('<script defer src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/'
           'tex-mml-chtml.js"></script>\n')
# What some pages have of their own (an image without alt in a cell, faint text, a link
# without text) and which load MathJax from its CDN.
EXTRA = {7: '<div class="cell caire-cell-4"><img src="figure.png"></div>',
         12: '<p class="faint">Remarque en gris clair.</p>',
         30: '<p><a href="page-1.html"></a></p>'}
WITH_MATHJAX = (40, 41, 42)


def generate_site(folder: Path, pages: int = PAGES) -> Path:
    template = (THEME / "page.html").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.css").write_bytes((THEME / "theme.css").read_bytes())
    sidebar = "\n".join(f'<a id="nav-item-{k}" href="page-{k}.html">Chapitre {k}</a>'
                        for k in range(1, SIDEBAR_LINKS + 1))
    for n in range(1, pages + 1):
        # Pages named in order (page-01 … page-70) so the first pages sort first.
        (folder / f"page-{n:02d}.html").write_text(template.format(
            n=n, sidebar=sidebar, extra=EXTRA.get(n, ""),
            source=f'<meta name="caire-source" content="notebooks/chapitre_{n:02d}.ipynb">\n',
            mathjax=MATHJAX if n in WITH_MATHJAX else ""), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    root = tmp_path_factory.mktemp("scale")
    site = generate_site(root / "site")
    findings, subjects = check_site(site, root, jobs=2, variants=VARIANTS[:1],
                                    use_cache=False)
    return root, findings, subjects


@pytest.mark.browser
@pytest.mark.slow
def test_a_70_page_site_gives_a_short_text_report(checked) -> None:
    _root, findings, subjects = checked
    assert len(findings) > PAGES * SIDEBAR_LINKS  # every element a finding in the JSON
    text = render(findings, subjects, "text")
    lines = text.splitlines()
    print(f"text report: {len(lines)} lines for {len(findings)} findings")
    assert len(lines) <= 300
    # The theme's image and landmark defects: once, on every page.
    assert "error [axe-image-alt] on every page (70)" in text
    assert "warning [axe-region] on every page (70)" in text
    # The eleven sidebar links: one CSS rule, grouped by its colours with a count.
    contrast = [line for line in lines if line.startswith("  error [axe-color-contrast] on")]
    assert contrast == [f"  error [axe-color-contrast] on every page (70), "
                        f"{PAGES * SIDEBAR_LINKS} elements"]
    # The faint text of one page is its own: other colours.
    assert "  error [axe-color-contrast] (page-12.html)" in lines
    flowing = " ".join(text.split())
    assert re.search(r"\(contrast 2\.\d+:1, #a0a0a0 on #ffffff; 4\.5:1 needed\)", flowing)
    assert "#nav-item-1, #nav-item-2, #nav-item-3 (+8 more)" in flowing
    # A page's own defects stay under its notebook, listed once by its source, with
    # their element.
    start = lines.index("Findings by file") + 1
    by_file = lines[start:lines.index("", start)]
    assert not any(".html" in line for line in by_file)
    assert text.count("notebooks/chapitre_07.ipynb") == 2  # by file, then its findings
    assert "cell 4, error [axe-image-alt]" in text
    # Scripts the gate blocked: named once for the site.
    assert "3 page(s) load MathJax from https://cdn.jsdelivr.net/npm/mathjax@3/es5/" \
        "tex-mml-chtml.js: checked without it (page-40.html, page-41.html, page-42.html)" \
        in flowing
    french = render(findings, subjects, "text", "fr")
    assert "sur toutes les pages (70)" in french
    assert re.search(r"\(contraste 2,\d+:1, #a0a0a0 sur #ffffff ; 4,5:1 requis\)",
                     " ".join(french.split()))


@pytest.mark.browser
@pytest.mark.slow
def test_the_json_keeps_every_finding_with_its_measure_and_merges(checked,
                                                                  tmp_path: Path) -> None:
    root, findings, subjects = checked
    data = json.loads(render(findings, subjects, "json"))
    assert len(data["findings"]) == len(findings)
    sidebar = [f for f in data["findings"] if f["rule"] == "axe-color-contrast"
               and f["target"].startswith("#nav-item-")]
    assert len(sidebar) == PAGES * SIDEBAR_LINKS
    measure = sidebar[0]["data"]
    assert measure["fgColor"] == "#a0a0a0" and measure["bgColor"] == "#ffffff"
    assert measure["expectedContrastRatio"] == "4.5:1" and 2 < measure["contrastRatio"] < 3
    assert "contrast" in sidebar[0]["message"]
    report = tmp_path / "report.json"
    report.write_text(render(findings, subjects, "json"), encoding="utf-8")
    merged = run_caire("report", "merge", str(report), "--format", "text", cwd=root)
    # The same report, its files in the merged order.
    assert sorted(merged.stdout.splitlines()) == sorted(
        render(findings, subjects, "text").splitlines())
