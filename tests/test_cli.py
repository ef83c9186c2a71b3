"""The CLI's contract on bad input: one line, exit status 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

from conftest import run_caire


def assert_one_line_error(result, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_unknown_command_is_a_usage_error(tmp_path: Path) -> None:
    assert_one_line_error(run_caire("publish", cwd=tmp_path), "invalid choice")


def test_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    assert_one_line_error(run_caire("build", "--fast", cwd=tmp_path), "--fast")


def test_folder_without_a_book_names_the_missing_file(tmp_path: Path) -> None:
    result = run_caire("build", cwd=tmp_path)
    assert_one_line_error(result, str(tmp_path), "_config.yml")


def test_config_that_is_not_yaml_names_the_file(tiny_book) -> None:
    root = tiny_book({"index.md": "# Accueil\n"})
    (root / "_config.yml").write_text("title: [unclosed\n", encoding="utf-8")
    assert_one_line_error(run_caire("check", cwd=root), "_config.yml", "not valid YAML")


def test_preview_rejects_a_port_out_of_range(tiny_book) -> None:
    root = tiny_book({"index.md": "# Accueil\n"})
    assert_one_line_error(run_caire("preview", "--port", "70000", cwd=root), "70000")
