"""End to end: build the real course and check what every learner gets from the site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pydata_sphinx_theme
import pytest
import sphinx_book_theme
from bs4 import BeautifulSoup

from conftest import NOT_COPIED, ROOT, run_caire, tree_digest

pytestmark = [pytest.mark.course, pytest.mark.slow, pytest.mark.browser]

# Interface strings written in the themes' templates and code rather than their catalogs.
HARD_CODED_ENGLISH = ("Main", "Toggle primary sidebar", "Toggle secondary sidebar",
                      "Toggle hidden content", "Search this book", "Fullscreen mode",
                      "Contents", "Skip to main content", "Back to top", "Launch")
# Where the theme puts its interface, as opposed to the course's own text.
UI_ATTRIBUTES = ("aria-label", "title", "placeholder", "data-bs-title", "alt")


def theme_english_strings() -> set[str]:
    """Every English source string the two themes translate differently into French."""
    catalogs = [
        Path(sphinx_book_theme.__file__).parent
        / "theme/sphinx_book_theme/static/locales/fr/LC_MESSAGES/booktheme.po",
        *Path(pydata_sphinx_theme.__file__).parent.glob("locale/fr/LC_MESSAGES/*.po"),
    ]
    found = {entry.msgid for path in catalogs for entry in polib.pofile(str(path))
             if entry.msgstr and entry.msgstr != entry.msgid and len(entry.msgid) > 3}
    return found | set(HARD_CODED_ENGLISH)


def interface_strings(soup: BeautifulSoup) -> set[str]:
    strings = set()
    for tag in soup.find_all(True):
        for attribute in UI_ATTRIBUTES:
            if tag.has_attr(attribute):
                strings.add(tag[attribute].strip())
    for area in soup.select("header, nav, footer, button, .bd-sidebar, .header-article, "
                            ".prev-next-area, .skip-link, label"):
        strings |= {text.strip() for text in area.find_all(string=True) if text.strip()}
    return strings


@pytest.fixture(scope="module")
def built_course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site") / "course"
    shutil.copytree(ROOT, root, ignore=NOT_COPIED)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    before = tree_digest(root)
    result = run_caire("build", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    assert tree_digest(root) == before, "the build modified a source file"
    return root


def pages(root: Path) -> list[Path]:
    html = root / "_build/html"
    found = [p for p in html.rglob("*.html") if "_static" not in p.parts]
    assert len(found) >= 5
    return found


def test_every_page_is_in_french(built_course: Path) -> None:
    english = theme_english_strings()
    for page in pages(built_course):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.html.get("lang") == "fr", page
        leftovers = interface_strings(soup) & english
        assert not leftovers, f"{page.name}: English interface strings {sorted(leftovers)}"


def test_no_script_style_or_font_comes_from_outside(built_course: Path) -> None:
    external = re.compile(r"^(https?:)?//", re.I)
    html = built_course / "_build/html"
    for page in pages(built_course):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe", "source", "video"]):
            for attribute in ("src", "href"):
                value = tag.get(attribute, "")
                assert not external.match(value), f"{page.name}: <{tag.name} {attribute}={value}>"
    for css in html.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(errors="replace")):
            assert not external.match(url), f"{css.relative_to(html)}: url({url})"


def test_mathjax_is_shipped_with_the_site(tiny_book) -> None:
    root = tiny_book({"index.md": "# Formule\n\nL'aire vaut $\\pi r^2$.\n"})
    assert run_caire("build", cwd=root).returncode == 0
    html = root / "_build/html"
    soup = BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "html.parser")
    [script] = [s["src"] for s in soup.find_all("script", src=True) if "mathjax" in s["src"]]
    assert script.startswith("_static/mathjax/tex-chtml.js"), script
    assert (html / script.split("?")[0]).is_file()
    assert any((html / "_static/mathjax/output/chtml/fonts/woff-v2").glob("*.woff"))


def test_each_chapter_can_be_downloaded_as_a_notebook(built_course: Path) -> None:
    html = built_course / "_build/html"
    page = html / "notebooks/00_bienvenue.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.find_all("a", href=True) if a["href"].endswith(".ipynb")]
    assert links, "no .ipynb download link on the chapter page"
    assert (page.parent / links[0]).resolve().is_file()


def test_no_launch_button_to_an_external_service(built_course: Path) -> None:
    page = (built_course / "_build/html/notebooks/00_bienvenue.html").read_text()
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select(".dropdown-launch-buttons, [class*=launch]")
    for service in ("binder", "colab", "deepnote", "thebe", "jupyterhub"):
        assert service not in page.lower(), service


def test_unchanged_book_rebuild_executes_nothing(built_course: Path) -> None:
    page = built_course / "_build/html/notebooks/00_bienvenue.html"
    written = page.stat().st_mtime_ns
    result = run_caire("build", cwd=built_course)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Executing notebook" not in result.stderr
    assert "0 added, 0 changed, 0 removed" in result.stderr
    assert page.stat().st_mtime_ns == written


def test_exercises_are_published_in_their_learner_version(built_course: Path) -> None:
    html = built_course / "_build/html"
    text = (html / "notebooks/00_bienvenue.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    disclosures = soup.select("details.caire-solution")
    assert disclosures, "no solution disclosure on the chapter page"
    for details in disclosures:
        assert not details.has_attr("open"), "a solution is shown open"
        assert details.find("summary").get_text(strip=True) == "Voir la solution"
        stub = details.find_previous_sibling(class_="cell_input").get_text()
        assert "..." in stub and "À compléter" in stub
        assert "mon_metier = \"enseignant\"" in details.get_text()


def test_downloaded_notebook_is_the_learner_version(built_course: Path) -> None:
    import nbformat

    download = built_course / "_build/html/_sources/notebooks/00_bienvenue.ipynb"
    nb = nbformat.read(download, as_version=4)
    sources = "\n".join(cell.source for cell in nb.cells)
    assert "BEGIN SOLUTION" not in sources and "HIDDEN TESTS" not in sources
    assert "mon_metier = ..." in sources
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")


def test_gate_hands_its_runs_to_the_build(course_copy: Path) -> None:
    gate = run_caire("check", "notebooks", cwd=course_copy)
    assert gate.returncode == 0, gate.stdout + gate.stderr[-2000:]
    assert "00_bienvenue.ipynb: executed" in gate.stderr
    build = run_caire("build", cwd=course_copy)
    assert build.returncode == 0
    # The build reuses the gate's run through jupyter-cache instead of executing again.
    assert "Using cached notebook" in build.stderr
    assert "Executing notebook" not in build.stderr


def test_course_passes_the_whole_gate_with_zero_findings(course_copy: Path) -> None:
    result = run_caire("check", "--format", "json", cwd=course_copy)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["findings"] == [] and report["summary"]["pages_not_checked"] == []
    # Pages were really checked in the browser, in every variant.
    assert "notebooks/00_bienvenue.html: 0 finding(s)" in result.stderr
    check_again = run_caire("check", "--no-browser", cwd=course_copy)
    assert check_again.returncode == 0
    assert "unchanged, not run again" in check_again.stderr


def test_figures_are_published_with_their_alt_text(built_course: Path) -> None:
    import nbformat

    for notebook in sorted((built_course / "notebooks").glob("*.ipynb")):
        alts = [c.metadata["mystnb"]["image"]["alt"] for c in
                nbformat.read(notebook, as_version=4).cells
                if c.metadata.get("mystnb", {}).get("image", {}).get("alt")]
        page = built_course / "_build/html/notebooks" / f"{notebook.stem}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        published = [img.get("alt") for img in soup.select("article img")]
        assert published == alts, notebook.name
