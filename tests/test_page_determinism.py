"""The page gate gives the same report on every run of a site of many pages that share a
sidebar of focusable chapter toggles, as a Jupyter Book's pages do: its browsers walk
the keyboard through that sidebar on every page, in whatever order the pages fall to
them, so a walk that depends on what the browser did before shows here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_caire

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = 64
CHAPTERS = 8
# The sidebar as pydata-sphinx-theme 0.17 draws it (its <summary> rings its icon box),
# with one toggle of the older theme (an invisible checkbox whose label rings itself).
STYLE = """
nav { float: left; width: 260px; }
main { margin-left: 280px; max-width: 40em; }
li.has-children { position: relative; list-style: none; }
li.has-children > details > summary { list-style: none; }
li.has-children > details > summary::-webkit-details-marker { display: none; }
li.has-children > details > summary:focus-visible { outline: none; }
li.has-children > details > summary:focus-visible > .toctree-toggle {
  outline: 3px solid #b4006e; outline-offset: -3px; }
.toctree-toggle { position: absolute; top: 0; right: 0; width: 30px; height: 30px;
  display: inline-flex; justify-content: center; align-items: center; }
input.toctree-checkbox { position: absolute; opacity: 0; }
input.toctree-checkbox:focus-visible + label { box-shadow: 0 0 0 3px #b4006e; }
@media (max-width: 600px) { nav { float: none; width: auto; } main { margin-left: 0; } }
"""


def _sidebar(current: int) -> str:
    items = []
    for chapter in range(CHAPTERS):
        first = chapter * PAGES // CHAPTERS
        pages = range(first, first + PAGES // CHAPTERS)
        links = "".join(
            f'<li><a href="page{n:02d}.html"{" aria-current=page" if n == current else ""}>'
            f"Section {chapter + 1}.{n - first + 1}</a></li>" for n in pages)
        opened = " open" if current in pages else ""
        if chapter == CHAPTERS - 1:
            toggle = (f'<input class="toctree-checkbox" type="checkbox" id="toggle{chapter}"'
                      f' aria-label="Sections of chapter {chapter + 1}">'
                      f'<label class="toctree-toggle" for="toggle{chapter}">'
                      f'<span aria-hidden="true">&#8964;</span></label><ul>{links}</ul>')
        else:
            toggle = (f'<details{opened}><summary aria-label="Sections of chapter '
                      f'{chapter + 1}"><span class="toctree-toggle" role="presentation">'
                      f'&#8964;</span></summary><ul>{links}</ul></details>')
        items.append(f'<li class="has-children"><a href="page{first:02d}.html">Chapter '
                     f"{chapter + 1}</a>{toggle}</li>")
    return f'<nav aria-label="Chapters"><ul>{"".join(items)}</ul></nav>'


def _page(n: int) -> str:
    # A few defects, so the report has findings to order: an image without alt text on
    # every fifth page, a bare "read more" on every seventh.
    image = '<img src="figure.svg">' if n % 5 == 0 else \
        '<img src="figure.svg" alt="A rising curve">'
    more = '<p><a href="page00.html">Read more</a></p>' if n % 7 == 0 else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Section {n}</title>
<link rel="stylesheet" href="theme.css"></head>
<body>{_sidebar(n)}<main><h1>Section {n}</h1>
<p>This section explains part {n} of the course about responsible artificial
intelligence, with an example and a figure.</p>{image}{more}
<p>Next: <a href="page{(n + 1) % PAGES:02d}.html">section {(n + 1) % PAGES}</a>.</p>
</main></body></html>
"""


def _site(root: Path) -> Path:
    site = root / "site"
    site.mkdir()
    (site / "theme.css").write_text(STYLE, encoding="utf-8")
    (site / "figure.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">'
        '<path d="M0 60 L120 0" stroke="#1b1b1b"/></svg>', encoding="utf-8")
    for n in range(PAGES):
        (site / f"page{n:02d}.html").write_text(_page(n), encoding="utf-8")
    return site


def test_two_runs_on_a_site_of_many_pages_give_byte_identical_json(tmp_path: Path) -> None:
    _site(tmp_path)
    # A loaded machine makes pages slow, not different: no page may reach its limit.
    (tmp_path / "pyproject.toml").write_text(
        "[tool.caire]\nbrowsers = 2\npage-timeout = 120\n", encoding="utf-8")
    outputs = []
    for _ in range(2):
        shutil.rmtree(tmp_path / "_build", ignore_errors=True)  # no cached verdict
        result = run_caire("check", "--site", "site", "--format", "json", cwd=tmp_path,
                           timeout=1800)
        assert result.returncode == 1, result.stderr[-2000:]
        assert f"{PAGES} of {PAGES} page(s) checked" in result.stderr
        outputs.append(result.stdout)
    assert '"axe-image-alt"' in outputs[0] and '"page-link-generic"' in outputs[0]
    assert outputs[0] == outputs[1]
