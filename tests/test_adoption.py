"""Adopting caire on someone else's Jupyter Book 1 book: no file of ours in it, MyST
markdown notebooks executed and checked, the README's commands as the only guide."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, notebook, run_caire, tree_digest

PLAIN = ROOT / "tests" / "fixtures" / "books" / "plain"


@pytest.fixture
def plain_book(tmp_path: Path) -> Path:
    target = tmp_path / "plain"
    shutil.copytree(PLAIN, target, ignore=shutil.ignore_patterns("_build"))
    return target


def readme_commands() -> list[str]:
    """The `$CAIRE …` lines of the README's "Use it on your book" block, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use it on your book"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the section shows its commands"
    lines = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line.startswith("$CAIRE ")]


def run_readme_line(line: str, book: Path) -> subprocess.CompletedProcess:
    words = shlex.split(line.removeprefix("$CAIRE "))
    output = None
    if ">" in words:
        output = book / words[words.index(">") + 1]
        words = words[:words.index(">")]
    result = subprocess.run([sys.executable, "-m", "checks.cli", *words], cwd=book,
                            capture_output=True, text=True, timeout=900)
    if output is not None:
        output.write_text(result.stdout, encoding="utf-8")
    return result


def json_findings(book: Path, *args: str) -> list[dict]:
    result = run_caire("check", *args, "--format", "json", cwd=book)
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)["findings"]


def where(findings: list[dict]) -> set[tuple]:
    return {(f["rule"], f["source"], f["cell"], f["line"]) for f in findings if f["source"]}


# What the plain book holds, wherever it is checked from: a MyST notebook whose import
# fails (cell 1, line 12), a plot without alt text and a figure without :alt:.
SOURCE_FINDINGS = {
    ("notebook-execution", "chapters/failing.md", 1, 12),
    ("image-alt-output", "chapters/plots.md", 1, 12),
    ("image-alt-directive", "chapters/plots.md", 2, 19),
}


@pytest.mark.slow
@pytest.mark.browser
def test_the_readme_commands_adopt_caire_on_a_plain_book(plain_book: Path) -> None:
    before = tree_digest(plain_book)
    commands = readme_commands()
    assert [c.split()[1] for c in commands] == ["build", "check", "check", "check", "preview"]
    results = {}
    for line in commands:
        if " preview" in line:
            continue  # a server; tests/test_preview.py runs it on a book without conf.py
        results[line] = result = run_readme_line(line, plain_book)
        assert result.returncode == 1, (line, result.stderr[-2000:])
        assert "Traceback" not in result.stderr, (line, result.stderr)
    build = results["$CAIRE build"]
    assert "chapters/failing.md:12: error: ModuleNotFoundError: No module named " \
        "'a_module_that_does_not_exist' [notebook-execution]" in build.stderr
    # The book's own extension ran: its role rendered in the page.
    assert "<strong>HELLO</strong>" in (plain_book / "_build/html/intro.html").read_text()
    assert not (plain_book / "conf.py").exists()
    assert tree_digest(plain_book) == before  # sources untouched
    report = (plain_book / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in report and "<h2 id=\"by-rule\">Findings by rule</h2>" in report
    findings = json_findings(plain_book)
    assert where(findings) == SOURCE_FINDINGS | {
        ("axe-button-name", "chapters/labelled.md", None, 6)}
    # No heading-first-cell: a `(label)=` target before the title is the MyST way.
    assert not [f for f in findings if f["rule"] == "heading-first-cell"]
    checked = json.loads(run_caire("check", "--format", "json", cwd=plain_book).stdout)
    pages = [c["page"] for c in checked["checked"] if c["page"]]
    assert "index.html" not in pages and "intro.html" in pages  # the redirect is no page


def test_check_without_a_browser_runs_myst_notebooks(plain_book: Path) -> None:
    assert where(json_findings(plain_book, "--no-browser")) == SOURCE_FINDINGS


def test_no_execute_runs_nothing_and_keeps_the_source_rules(plain_book: Path) -> None:
    findings = json_findings(plain_book, "--no-execute")
    assert where(findings) == {("image-alt-directive", "chapters/plots.md", 2, 19)}
    assert not (plain_book / "_build" / "html").exists()


def test_root_is_accepted_before_or_after_the_sub_command(plain_book: Path,
                                                           tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for args in (["--root", str(plain_book), "check", "--no-execute"],
                 ["check", "--no-execute", "--root", str(plain_book)]):
        result = run_caire(*args, "--format", "json", cwd=elsewhere)
        assert result.returncode == 1, result.stderr
        assert json.loads(result.stdout)["findings"]


def test_root_is_found_above_the_current_folder(plain_book: Path) -> None:
    result = run_caire("check", "--no-execute", "--format", "json",
                       cwd=plain_book / "chapters")
    assert {f["source"] for f in json.loads(result.stdout)["findings"]} == {
        "chapters/plots.md"}


def test_a_notebook_outside_any_book_is_checked_with_the_defaults(tmp_path: Path) -> None:
    nb = notebook(("md", "# Titre\n\n#### Trop profond"), ("code", "print(1)"))
    (tmp_path / "seul.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    result = run_caire("check", "seul.ipynb", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == [
        "heading-skipped-level"]


def test_a_missing_kernelspec_does_not_hide_the_other_rules(tmp_path: Path) -> None:
    nb = notebook(("md", "# Titre\n\n### Saut"), ("code", "print(1)"))
    del nb.metadata["kernelspec"]
    (tmp_path / "sans_noyau.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    result = run_caire("check", "sans_noyau.ipynb", "--format", "json", cwd=tmp_path)
    rules = sorted(f["rule"] for f in json.loads(result.stdout)["findings"])
    assert rules == ["heading-skipped-level", "notebook-no-kernelspec"]


def test_the_pre_commit_hook_runs_the_source_rules_on_the_files_given(
        plain_book: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "caire-sources")
    files = [p.relative_to(plain_book).as_posix() for p in sorted(plain_book.rglob("*"))
             if re.search(hook["files"], p.name)]
    assert "chapters/plots.md" in files and "chapters/failing.md" in files
    entry = shlex.split(hook["entry"])
    assert entry[0] == "caire"
    result = subprocess.run([sys.executable, "-m", "checks.cli", *entry[1:], *files],
                            cwd=plain_book, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "{figure} `../figure.png` has no :alt: option" in result.stdout
    assert "ModuleNotFoundError" not in result.stdout  # nothing ran


@pytest.mark.slow
def test_exercises_in_a_myst_notebook_are_checked_like_ipynb(tmp_path: Path) -> None:
    text = (
        "---\njupytext:\n  text_representation:\n    format_name: myst\n"
        "kernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n"
        "# Exercice\n\n"
        "```{code-cell} ipython3\n### BEGIN SOLUTION\nseuil = 0.8\n### END SOLUTION\n```\n\n"
        "```{code-cell} ipython3\n:tags: [tests]\nassert seuil is not None\n```\n")
    (tmp_path / "exercice.md").write_text(text, encoding="utf-8")
    result = run_caire("check", "exercice.md", "--format", "json", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    # The starter `seuil = ...` passes `is not None`: the tests check nothing.
    assert [(f["rule"], f["cell"], f["line"]) for f in findings] == [
        ("exercise-tests-pass-without-answer", 1, 12)]
    checked = json.loads(result.stdout)["checked"]
    assert {"source": "exercice.md", "cell": 1, "tests": [2], "page": None} in checked
