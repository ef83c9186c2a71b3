"""`caire build` on tiny books: every kind of build error names its file, exit status 1."""

from __future__ import annotations

import pytest

from conftest import notebook, run_caire, tree_digest

pytestmark = [pytest.mark.slow]


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error: " in line]


def test_clean_tiny_book_builds(tiny_book) -> None:
    root = tiny_book({"index.md": "# Accueil\n\nTexte.\n"})
    result = run_caire("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "_build/html/index.html").is_file()
    assert "Traceback" not in result.stderr


def test_a_renamed_page_leaves_no_old_page_in_the_site(tiny_book) -> None:
    root = tiny_book({"index.md": "# Accueil\n", "notebooks/quiz.md": "# Quiz\n"})
    assert run_caire("build", cwd=root).returncode == 0
    site = root / "_build/html"
    assert (site / "notebooks/quiz.html").is_file()
    (root / "notebooks/quiz.md").rename(root / "notebooks/quiz_final.md")
    make_toc = (root / "_toc.yml").read_text(encoding="utf-8")
    (root / "_toc.yml").write_text(make_toc.replace("notebooks/quiz", "notebooks/quiz_final"),
                                   encoding="utf-8")
    result = run_caire("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (site / "notebooks/quiz_final.html").is_file()
    assert not (site / "notebooks/quiz.html").exists()
    assert (site / "index.html").is_file() and (site / "search.html").is_file()


def test_broken_reference_names_the_page_and_line(tiny_book) -> None:
    root = tiny_book({"index.md": "# Accueil\n\nVoir {ref}`cible-inexistante`.\n"})
    result = run_caire("build", cwd=root)
    assert result.returncode == 1
    [line] = error_lines(result)
    assert line.startswith("index.md:3: error: ")
    assert "cible-inexistante" in line


def test_a_warning_in_a_notebook_names_its_cell_not_a_raw_line(tiny_book) -> None:
    nb = notebook(("md", "# Chapitre"), ("md", "Texte.\n\nVoir {ref}`nulle-part`."))
    root = tiny_book({"index.md": "# Accueil\n", "notebooks/renvoi.ipynb": nb})
    result = run_caire("build", cwd=root)
    assert result.returncode == 1
    [line] = error_lines(result)
    # myst-nb reports line 20004 (cell 1, its line 3): an author needs the cell.
    assert line.startswith("notebooks/renvoi.ipynb: cell 1: error: line 3 of the cell: ")
    assert "nulle-part" in line and "20004" not in line


def test_page_missing_from_toc_is_named(tiny_book) -> None:
    root = tiny_book({"book/index.md": "# Accueil\n", "notebooks/oublie.ipynb":
                      notebook(("md", "# Oublié"))}, toc=["book/index"])
    # Jupyter Book builds every page unless told to build only those of _toc.yml.
    config = root / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "only_build_toc_files: true", "only_build_toc_files: false"), encoding="utf-8")
    result = run_caire("build", cwd=root)
    assert result.returncode == 1
    assert error_lines(result) == [
        "notebooks/oublie.ipynb: error: page is not listed in _toc.yml [toc-missing-page]"
    ]


def test_toc_entry_without_a_file_is_named(tiny_book) -> None:
    root = tiny_book({"index.md": "# Accueil\n"}, toc=["index", "notebooks/absent"])
    result = run_caire("build", cwd=root)
    assert result.returncode == 1
    [line] = error_lines(result)
    assert line.startswith("_toc.yml: error: `notebooks/absent` is listed in _toc.yml")


def test_notebook_that_fails_names_file_cell_and_exception(tiny_book) -> None:
    nb = notebook(("md", "# Chapitre"), ("code", "x = 1"), ("code", "x / 0"))
    root = tiny_book({"index.md": "# Accueil\n", "notebooks/casse.ipynb": nb})
    before = tree_digest(root)
    result = run_caire("build", cwd=root)
    assert result.returncode == 1
    [line] = error_lines(result)
    assert line == ("notebooks/casse.ipynb: cell 2: error: "
                    "ZeroDivisionError: division by zero [notebook-execution]")
    assert tree_digest(root) == before, "the build modified a source file"
