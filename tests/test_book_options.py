"""Jupyter Book 1 options that change what is built or executed, honoured by `caire build`
and `caire check` alike; standard output holds the report whatever the book prints."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

from conftest import make_book, notebook, run_caire

pytestmark = [pytest.mark.slow]

CONFIG = """\
title: Options
author: Someone
execute:
  execute_notebooks: {mode}
  timeout: 60
sphinx:
  config:
    language: en
"""
# Each run of this cell adds a line to runs.txt, beside the notebook.
COUNTED = ("code", "with open('runs.txt', 'a') as f:\n    f.write('run\\n')")


def options_book(root: Path, pages: dict, extra: str = "", mode: str = "cache",
                 toc: list[str] | None = None) -> Path:
    make_book(root, pages, toc)
    # Only the pages: none of the course's theme and assets.
    (root / "node_modules").unlink()
    shutil.rmtree(root / "book")
    (root / "_config.yml").write_text(CONFIG.format(mode=mode) + extra, encoding="utf-8")
    return root


def findings(root: Path, *args: str) -> list[tuple]:
    result = run_caire("check", *args, "--format", "json", cwd=root)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return sorted((f["rule"], f["source"], f["cell"])
                  for f in json.loads(result.stdout)["findings"])


def runs(root: Path, folder: str = "notebooks") -> int:
    counter = root / folder / "runs.txt"
    return len(counter.read_text().splitlines()) if counter.is_file() else 0


# --- standard output --------------------------------------------------------------------

NOISY = """\
html:
  google_analytics_id: UA-1
sphinx:
  local_extensions:
    noisy: _ext
"""


@pytest.fixture(scope="module")
def noisy_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Jupyter Book warns about a moved key; an extension of the book prints on stdout."""
    root = options_book(tmp_path_factory.mktemp("noisy") / "book",
                        {"index.md": "# Home\n\nText.\n"})
    config = (root / "_config.yml").read_text(encoding="utf-8")
    (root / "_config.yml").write_text(config.replace("sphinx:\n", NOISY, 1), encoding="utf-8")
    (root / "_ext").mkdir()
    (root / "_ext" / "noisy.py").write_text(
        "print('noisy: loaded')\n\n\ndef setup(app):\n    print('noisy: set up')\n",
        encoding="utf-8")
    return root


def _parses(output_format: str, stdout: str) -> None:
    if output_format in ("json", "sarif"):
        json.loads(stdout)
    elif output_format == "junit":
        ET.fromstring(stdout.encode())
    elif output_format == "html":
        assert stdout.startswith("<!DOCTYPE html>")
    else:
        assert stdout.startswith("No findings"), stdout[:300]


@pytest.mark.parametrize("output_format", ["text", "json", "junit", "sarif", "html"])
def test_standard_output_holds_the_report_only(noisy_book: Path, output_format: str) -> None:
    result = run_caire("check", "--no-browser", "--format", output_format, cwd=noisy_book)
    assert result.returncode == 0, result.stderr[-2000:]
    _parses(output_format, result.stdout)
    assert "noisy:" not in result.stdout and "Warning" not in result.stdout
    # Jupyter Book's note once, in one line, without its colours or its box.
    notes = [line for line in result.stderr.splitlines() if "google_analytics_id" in line]
    assert len(notes) == 1 and notes[0].startswith("caire: ") and "\x1b" not in notes[0]
    assert "noisy: set up" in result.stderr


def test_caire_build_writes_nothing_on_standard_output(noisy_book: Path) -> None:
    result = run_caire("build", cwd=noisy_book)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == ""
    assert sum("google_analytics_id" in line for line in result.stderr.splitlines()) == 1


# --- what is built ----------------------------------------------------------------------

BIB = "@book{knuth68,\n  author = {Donald Knuth},\n  title = {Fundamental Algorithms},\n" \
      "  publisher = {Addison-Wesley},\n  year = {1968}\n}\n"


def test_bibtex_files_are_read_from_the_book(tmp_path: Path) -> None:
    root = options_book(tmp_path / "book", {
        "index.md": "# Home\n\nAs {cite}`knuth68` shows.\n\n## References\n\n"
                    "```{bibliography}\n```\n"},
        extra="bibtex_bibfiles:\n  - references.bib\n")
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    result = run_caire("build", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Fundamental Algorithms" in (root / "_build/html/index.html").read_text()
    assert findings(root, "--no-browser") == []


LEFT_OUT = {
    "README.md": "Notes for maintainers ![](shot.png)\n",
    "genindex.md": "# Index\n",
    "drafts/idea.md": "# Idea\n\n![](sketch.png)\n",
}


def test_only_build_toc_files_leaves_the_other_files_out(tmp_path: Path) -> None:
    root = options_book(tmp_path / "book", {"index.md": "# Home\n", **LEFT_OUT},
                        extra="only_build_toc_files: true\n", toc=["index"])
    assert run_caire("build", cwd=root).returncode == 0
    assert not (root / "_build/html/README.html").exists()
    assert findings(root, "--no-browser") == []
    # Given to a pre-commit hook, files the book leaves out are not checked either.
    assert findings(root, "--no-execute", *LEFT_OUT) == []
    assert findings(root, "--no-execute", "drafts") == []


def test_without_only_build_toc_files_a_file_left_out_is_named(tmp_path: Path) -> None:
    root = options_book(tmp_path / "book", {"index.md": "# Home\n", **LEFT_OUT},
                        extra="only_build_toc_files: false\n"
                              "exclude_patterns: [README.md, genindex.md]\n", toc=["index"])
    found = findings(root, "--no-browser")
    assert ("toc-missing-page", "drafts/idea.md", None) in found
    assert {source for _rule, source, _cell in found} == {"drafts/idea.md"}


def test_exclude_patterns_leave_pages_and_notebooks_out(tmp_path: Path) -> None:
    failing = notebook(("md", "# Draft"), ("code", "1 / 0"))
    root = options_book(tmp_path / "book", {"index.md": "# Home\n", **LEFT_OUT,
                                            "drafts/wip.ipynb": failing},
                        extra="exclude_patterns: [drafts, README.md, genindex.md]\n",
                        toc=["index"])
    assert run_caire("build", cwd=root).returncode == 0
    assert findings(root, "--no-browser") == []
    assert findings(root, "--no-execute", "drafts") == []


# --- what is executed -------------------------------------------------------------------

def _with_outputs(nb: nbformat.NotebookNode, text: str) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return nb


def test_off_executes_nothing_and_shows_the_stored_outputs(tmp_path: Path) -> None:
    stored = _with_outputs(notebook(("md", "# Stored"), COUNTED, ("code", "1 / 0")),
                           "stored output\n")
    root = options_book(tmp_path / "book", {"index.md": "# Home\n",
                                            "notebooks/stored.ipynb": stored}, mode="off")
    assert run_caire("build", cwd=root).returncode == 0
    assert "stored output" in (root / "_build/html/notebooks/stored.html").read_text()
    assert findings(root, "--no-browser") == []
    assert runs(root) == 0


def test_auto_executes_only_notebooks_missing_outputs(tmp_path: Path) -> None:
    complete = _with_outputs(notebook(("md", "# Complete"), ("code", "1 / 0")), "done\n")
    missing = notebook(("md", "# Missing"), COUNTED, ("code", "1 / 0"))
    root = options_book(tmp_path / "book", {"index.md": "# Home\n",
                                            "notebooks/complete.ipynb": complete,
                                            "notebooks/missing.ipynb": missing}, mode="auto")
    assert findings(root, "--no-browser") == [
        ("notebook-execution", "notebooks/missing.ipynb", 2)]
    assert runs(root) == 1


@pytest.mark.parametrize(("mode", "expected"), [("cache", 1), ("force", 2)])
def test_build_then_check_executes_once_per_command_that_must(tmp_path: Path, mode: str,
                                                              expected: int) -> None:
    counted = notebook(("md", "# Counted"), COUNTED)
    root = options_book(tmp_path / "book", {"index.md": "# Home\n",
                                            "notebooks/counted.ipynb": counted}, mode=mode)
    assert run_caire("build", cwd=root).returncode == 0
    assert runs(root) == 1
    assert findings(root, "--no-browser") == []
    # cache: the build's run serves the check; force: each command executes it once.
    assert runs(root) == expected


def test_build_then_check_finds_what_check_alone_finds(tmp_path: Path) -> None:
    plot = ("code", "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()")
    pages = {"index.md": "# Home\n\nSee {ref}`nowhere`.\n",
             "notebooks/plot.ipynb": notebook(("md", "# Plot"), plot),
             "notebooks/broken.ipynb": notebook(("md", "# Broken"), ("code", "1 / 0"))}
    alone = options_book(tmp_path / "alone", pages)
    expected = findings(alone, "--no-browser")
    assert {rule for rule, _source, _cell in expected} == {
        "image-alt-output", "notebook-execution", "build-warning"}
    both = options_book(tmp_path / "both", pages)
    assert run_caire("build", cwd=both).returncode == 1
    assert findings(both, "--no-browser") == expected


def with_execute(root: Path, setting: str) -> None:
    """Add `setting` under the book's `execute:`."""
    config = (root / "_config.yml").read_text(encoding="utf-8")
    (root / "_config.yml").write_text(config.replace(
        "  timeout: 60\n", f"  timeout: 60\n  {setting}\n"), encoding="utf-8")


def test_allow_errors_runs_on_and_reports_no_error(tmp_path: Path) -> None:
    nb = notebook(("md", "# Errors"), ("code", "raise ValueError('on purpose')"),
                  ("code", "print('after the error')"))
    root = options_book(tmp_path / "book", {"index.md": "# Home\n",
                                            "notebooks/errors.ipynb": nb})
    with_execute(root, "allow_errors: true")
    assert findings(root, "--no-browser") == []
    page = (root / "_build/html/notebooks/errors.html").read_text()
    assert "on purpose" in page and "after the error" in page


def test_notebook_metadata_overrides_the_book(tmp_path: Path) -> None:
    def failing(title: str, metadata: dict) -> nbformat.NotebookNode:
        return notebook(("md", f"# {title}"), COUNTED, ("code", "1 / 0"), metadata=metadata)

    pages = {
        "index.md": "# Home\n",
        "notebooks/untouched.ipynb": failing("Untouched", {}),
        "notebooks/forced.ipynb": failing("Forced", {"mystnb": {"execution_mode": "force"}}),
        "notebooks/allowed.ipynb": failing("Allowed", {
            "mystnb": {"execution_mode": "cache"}, "execution": {"allow_errors": True}}),
        "notebooks/slow.ipynb": notebook(
            ("md", "# Slow"), ("code", "import time\ntime.sleep(30)"),
            metadata={"mystnb": {"execution_mode": "cache", "execution_timeout": 2}}),
    }
    root = options_book(tmp_path / "book", pages, mode="off")
    assert findings(root, "--no-browser") == [
        ("cell-timeout", "notebooks/slow.ipynb", 1),
        ("notebook-execution", "notebooks/forced.ipynb", 2)]
    assert runs(root) == 2  # forced and allowed


def test_run_in_temp_executes_in_a_temporary_folder(tmp_path: Path) -> None:
    root = options_book(tmp_path / "book", {"index.md": "# Home\n",
                                            "notebooks/counted.ipynb":
                                                notebook(("md", "# Counted"), COUNTED)})
    with_execute(root, "run_in_temp: true")
    assert run_caire("build", cwd=root).returncode == 0
    assert runs(root) == 0


# --- extensions -------------------------------------------------------------------------

@pytest.mark.parametrize(("extra", "expected"), [
    ("  extra_extensions: [sphinx_not_installed_here]\n",
     "sphinx.extra_extensions: the Sphinx extension `sphinx_not_installed_here` cannot be "
     "imported (no module `sphinx_not_installed_here`): install it with "
     "`pip install sphinx-not-installed-here`"),
    ("  local_extensions:\n    download_link_replacer: _ext\n",
     "sphinx.local_extensions.download_link_replacer: no module `download_link_replacer` "
     "in `_ext`"),
])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_missing_extension_is_named_before_anything_runs(tmp_path: Path, extra: str,
                                                           expected: str,
                                                           command: str) -> None:
    root = options_book(tmp_path / "book", {"index.md": "# Home\n",
                                            "notebooks/counted.ipynb":
                                                notebook(("md", "# Counted"), COUNTED)})
    config = (root / "_config.yml").read_text(encoding="utf-8")
    (root / "_config.yml").write_text(config.replace("sphinx:\n", "sphinx:\n" + extra),
                                      encoding="utf-8")
    result = run_caire(command, cwd=root)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"caire: error: {root / '_config.yml'}: {expected}"), line
    assert runs(root) == 0
