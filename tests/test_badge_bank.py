"""A badge bank (`caire: {badge_banks: [...]}` in `_config.yml`) is a source of the book
the gate reads like any other, though the book never publishes it: every source rule
applies to it, its findings name its file, line and cell."""

from __future__ import annotations

import json
from pathlib import Path

from checks.book.config import sphinx_config
from checks.book.toc import pages_missing_from_toc
from conftest import badge_bank, make_book, notebook, run_caire, single_quiz

BROKEN = ("```{quiz}\nid: sans-reponse\nquestion: Pourquoi ?\nchoices:\n"
          "  - text: A\n    feedback: Non.\n  - text: B\n    feedback: Non.\n```")


def book(tmp_path: Path) -> Path:
    chapter = notebook(("md", "# Chapitre"), ("md", single_quiz("commune", "Publiée ?")),
                       metadata={"caire": {"outcomes": ["a"]}})
    bank = badge_bank(("Chapitre 1 : l'IA", [single_quiz("badge-un", "Secrète ?"), BROKEN]),
                      ("Chapitre 2 : données", [single_quiz("commune", "Même id ?"),
                                                "![](figure.png)"]))
    return make_book(tmp_path / "book", {"book/index.md": "# Accueil\n",
                                         "notebooks/chapitre.ipynb": chapter,
                                         "examens/badge.md": bank},
                     badge_banks=("examens/badge.md",))


def findings(root: Path, *targets: str) -> list[tuple[str, str | None, int | None, int | None]]:
    result = run_caire("check", "--no-execute", "--format", "json", *targets, cwd=root)
    assert result.returncode == 1, result.stderr[-2000:]  # the bank's errors fail the gate
    report = json.loads(result.stdout)
    assert "examens/badge.md" in [s["source"] for s in report["checked"]]
    return sorted((f["rule"], f["source"], f["cell"], f["line"]) for f in report["findings"]
                  if f["source"] == "examens/badge.md")


def test_the_gate_reads_a_badge_bank_as_a_source_of_the_book(tmp_path: Path) -> None:
    root = book(tmp_path)
    whole = findings(root)
    rules = [rule for rule, *_ in whole]
    # Quiz validation, the quiz rules across files, the accessibility rules: all apply.
    assert {"quiz-invalid", "quiz-duplicate-id", "image-alt-markdown"} <= set(rules), whole
    # Each finding on an item names its cell and line; the bank-wide cue figures name none.
    assert all(cell == 0 and isinstance(line, int) for rule, _s, cell, line in whole
               if rule not in ("quiz-cue-pass", "quiz-cue-share"))
    # Named on the command line, it is checked too, though the book leaves it out.
    assert findings(root, "examens/badge.md") == [f for f in whole
                                                  if f[0] != "quiz-duplicate-id"]


def test_a_badge_bank_is_left_out_of_the_book_whatever_its_other_settings(
        tmp_path: Path) -> None:
    root = book(tmp_path)
    config = (root / "_config.yml").read_text(encoding="utf-8")
    (root / "_config.yml").write_text(config.replace("only_build_toc_files: true",
                                                     "only_build_toc_files: false"),
                                      encoding="utf-8")
    assert "examens/badge.md" in sphinx_config(root)["exclude_patterns"]
    # Not a page `_toc.yml` forgets: a page the book never builds.
    assert pages_missing_from_toc(root) == []


def test_badge_banks_must_be_a_list_of_paths(tmp_path: Path) -> None:
    root = book(tmp_path)
    config = (root / "_config.yml").read_text(encoding="utf-8")
    (root / "_config.yml").write_text(config.replace(
        "  badge_banks:\n    - examens/badge.md\n", "  badge_banks: examens/badge.md\n"),
        encoding="utf-8")
    result = run_caire("export", "moodle-quiz", cwd=root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"caire: error: {root / '_config.yml'}: caire: "
                                     "badge_banks must be a list of file paths relative "
                                     "to the book")
