"""Raw HTML in a notebook's markdown cells: a finding in the built page lands in the cell
the source rule names (the build stamps whole raw HTML with its cell), and raw HTML split
across cells is left as written."""

from __future__ import annotations

import nbformat
import pytest
from bs4 import BeautifulSoup

from checks.book.sphinx.stamp import is_balanced
from checks.gate.pages.engine import VARIANTS, check_site
from checks.gate.sources.check import check_sources
from checks.gate.sources.read import read_source
from conftest import ROOT, built_site

FIXTURE = ROOT / "tests" / "fixtures" / "raw_html" / "chapitre.ipynb"


@pytest.mark.parametrize("fragment, whole", [
    ('<div class="a">\n  <img src="x.png">\n</div>', True),
    ("<p>Un <b>mot</b><br></p>", True),
    ('<div class="encadre">\n\nUn encadré.', False),
    ("</div>\n\nLa fin.", False),
])
def test_only_whole_raw_html_is_stamped(fragment: str, whole: bool) -> None:
    assert is_balanced(fragment) is whole


@pytest.mark.slow
@pytest.mark.browser
def test_a_page_finding_on_raw_html_lands_in_the_source_rules_cell(tiny_book) -> None:
    root = tiny_book({"index.md": "# Accueil\n",
                      "notebooks/chapitre.ipynb": nbformat.read(FIXTURE, as_version=4)})
    doc = read_source(root, root / "notebooks/chapitre.ipynb", executed=False)
    assert doc is not None
    [source] = [f for f in check_sources([doc]) if f.rule == "image-alt-html"]
    site = built_site(root)
    soup = BeautifulSoup((site / "notebooks/chapitre.html").read_text(encoding="utf-8"),
                         "html.parser")
    # Raw HTML split across cells keeps its structure: the box holds its text.
    assert "Un encadré ouvert" in soup.select_one("div.encadre").get_text()
    findings, _pages = check_site(site, root, jobs=1, variants=VARIANTS[:1],
                                  pages=["notebooks/chapitre.html"], use_cache=False)
    [page] = [f for f in findings if f.rule == "axe-image-alt"]
    assert (page.source, page.cell) == (source.source, source.cell) == (
        "notebooks/chapitre.ipynb", 2)
