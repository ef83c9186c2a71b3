"""Shared helpers: copies of the real book or tiny books in temporary folders, and the CLI."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from checks.gate.pages.browser import Browser
from checks.gate.pages.server import serve

ROOT = Path(__file__).resolve().parents[1]
# What a book needs besides its pages: config, theme and shipped assets.
BOOK_FRAME = ("_config.yml", "book/_static", "book/_templates")
NOT_COPIED = shutil.ignore_patterns("_build", ".venv", "node_modules", ".git", "tests",
                                    "bench", "__pycache__", ".pytest_cache", ".ruff_cache")


def run_caire(*args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checks.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def tree_digest(root: Path, patterns: tuple[str, ...] = ("*.ipynb", "*.md", "*.yml")) -> str:
    """One hash of every source file, to prove a command modified none of them."""
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(root.rglob(pattern)):
            if "_build" not in path.parts:
                digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def notebook(*cells: tuple[str, str], metadata: dict | None = None) -> nbformat.NotebookNode:
    """A notebook from ("md" | "code", source) pairs, with a python3 kernelspec."""
    make = {"md": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    nb = nbformat.v4.new_notebook(cells=[make[kind](src) for kind, src in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata.update(metadata or {})
    return nb


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A copy of the real course, so tests never write into the repository."""
    target = tmp_path / "course"
    shutil.copytree(ROOT, target, ignore=NOT_COPIED)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def course_config(folder: Path, badge_banks: tuple[str, ...] = ()) -> Path:
    """The course's `_config.yml` in `folder`, without the course's `caire:` settings (its
    badge bank is not there): with `badge_banks` as the book's own, if any."""
    config = re.sub(r"^caire:\n(?:[ \t].*\n|\n)*", "", (ROOT / "_config.yml").read_text(
        encoding="utf-8"), flags=re.M)
    assert "badge_banks" not in config  # the course's banks are not this book's
    if badge_banks:
        config += "\ncaire:\n  badge_banks:\n" + "".join(f"    - {b}\n" for b in badge_banks)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_config.yml").write_text(config, encoding="utf-8")
    return folder / "_config.yml"


def make_book(root: Path, pages: dict[str, str | nbformat.NotebookNode],
              toc: list[str] | None = None, badge_banks: tuple[str, ...] = ()) -> Path:
    """A book at `root` with the course's config and theme, and the pages given; its
    `caire: badge_banks` are `badge_banks` (pages given, left out of the toc), not the
    course's."""
    for name in BOOK_FRAME:
        src, dst = ROOT / name, root / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dst)
    course_config(root, badge_banks)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    for name, content in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            nbformat.write(content, path)
    entries = toc if toc is not None else [Path(n).with_suffix("").as_posix() for n in pages
                                           if n not in badge_banks]
    lines = ["format: jb-book", f"root: {entries[0]}"]
    if entries[1:]:
        lines.append("chapters:")
        lines += [f"  - file: {entry}" for entry in entries[1:]]
    (root / "_toc.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def built_site(root: Path) -> Path:
    """`caire build` of the book at `root`, which must succeed; its HTML folder."""
    result = run_caire("build", cwd=root)
    assert result.returncode == 0, result.stderr[-2000:]
    return root / "_build/html"


@contextmanager
def browsing(site: Path, page_timeout: float = 30, guard: bool = True) -> Iterator[Browser]:
    """A Chromium for `site`, served on loopback; `.base_url` is the site's address."""
    with serve(site) as base_url:
        chromium = Browser(page_timeout=page_timeout, guard=guard)
        chromium.base_url = base_url  # type: ignore[attr-defined]
        try:
            yield chromium
        finally:
            chromium.quit()


@pytest.fixture
def tiny_book(tmp_path: Path):
    """Factory: a book with the course's config and theme, and the pages given."""

    def make(pages: dict[str, str | nbformat.NotebookNode], toc: list[str] | None = None) -> Path:
        return make_book(tmp_path / "tiny", pages, toc)

    return make


def tab_to(driver, predicate: str, limit: int = 120):
    """Press Tab until the focused element matches the JS predicate (on `el`)."""
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _ in range(limit):
        if driver.execute_script(f"const el = document.activeElement; return {predicate};"):
            return driver.switch_to.active_element
        driver.switch_to.active_element.send_keys(Keys.TAB)
    raise AssertionError(f"Tab never reached an element where {predicate}")


def choose(driver, quiz: str, index: int, limit: int = 150):
    """Select choice `index` of a single-answer quiz with the keyboard only, whatever
    order the page shows its choices in: Tab into the radio group, then arrows (which
    move and select) until that choice is focused."""
    tab_to(driver, f"el.name === 'quiz-{quiz}'", limit=limit)
    for _ in range(10):
        active = driver.switch_to.active_element
        if active.get_attribute("id") == f"quiz-{quiz}-{index}":
            if not active.is_selected():
                active.send_keys(Keys.SPACE)
            return active
        active.send_keys(Keys.ARROW_DOWN)
    raise AssertionError(f"choice {index} of quiz {quiz} never got the focus")


def drawn_questions(driver) -> list[str]:
    """The ids of the final-quiz questions the page shows (the others are hidden)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('form.caire-quiz'))"
        ".filter(f => !f.hidden).map(f => f.dataset.quiz)")


def badge_bank(*sections: tuple[str, list[str]], title: str = "Quiz du badge") -> str:
    """A badge bank as authors write it: a MyST markdown notebook whose front matter holds
    the caire facts, a `##` section per chapter holding its ```{quiz} items."""
    front = ("---\njupytext:\n  text_representation:\n    format_name: myst\n"
             "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n"
             "caire:\n  final_quiz: true\n  draw: 10\n  pass_mark: 80\n  outcomes:\n"
             "    - Appliquer les notions du parcours\n---\n\n")
    body = "".join(f"## {heading}\n\n" + "\n\n".join(quizzes) + "\n\n"
                   for heading, quizzes in sections)
    return f"{front}# {title}\n\n{body}"


def single_quiz(quiz_id: str, question: str, right: int = 1) -> str:
    """A single-answer quiz item of three options, the `right`-th one right."""
    options = "".join(
        f"  - text: Option {quiz_id} {n}\n    correct: {str(n == right).lower()}\n"
        f"    feedback: Explication de l'option {n} de {quiz_id}.\n" for n in range(3))
    return f"```{{quiz}}\nid: {quiz_id}\nquestion: \"{question}\"\nchoices:\n{options}```"
