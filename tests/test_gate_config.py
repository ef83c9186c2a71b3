"""Gate configuration: failing severity, ignores with reasons and expiry, baseline."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from checks.errors import SetupError
from checks.gate.config import Ignore, apply_ignores, load_config
from checks.gate.findings import Finding
from conftest import ROOT, course_config, run_caire

pytestmark = [pytest.mark.slow]

FIXTURES = ROOT / "tests" / "fixtures" / "a11y"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    course_config(tmp_path)
    for name in ("link_bare_url", "heading_h1_multiple"):
        shutil.copy(FIXTURES / f"{name}.ipynb", tmp_path / f"{name}.ipynb")
    return tmp_path


def check(root: Path, *args: str):
    result = run_caire("check", "link_bare_url.ipynb", "heading_h1_multiple.ipynb",
                       "--format", "json", *args, cwd=root)
    return result, [f["rule"] for f in json.loads(result.stdout or '{"findings": []}')[
        "findings"]]


def write_config(root: Path, text: str) -> None:
    (root / "pyproject.toml").write_text("[tool.caire]\n" + text, encoding="utf-8")


def test_errors_fail_and_warnings_do_not_by_default(book: Path) -> None:
    write_config(book, "")
    result, rules = check(book)
    assert sorted(rules) == ["heading-h1-multiple", "link-bare-url"]
    assert result.returncode == 1
    write_config(book, '[[tool.caire.ignore]]\nrule = "heading-h1-multiple"\n'
                       'reason = "two chapters merged"\n')
    result, rules = check(book)
    assert rules == ["link-bare-url"] and result.returncode == 0
    assert "1 ignored by configuration" in result.stderr


def test_fail_on_warning(book: Path) -> None:
    write_config(book, 'fail-on = "warning"\n[[tool.caire.ignore]]\n'
                       'rule = "heading-h1-multiple"\nreason = "merged"\n')
    result, rules = check(book)
    assert rules == ["link-bare-url"] and result.returncode == 1


def test_expired_ignore_stops_working_and_says_so(book: Path) -> None:
    write_config(book, '[[tool.caire.ignore]]\nrule = "heading-h1-multiple"\n'
                       'reason = "merged"\nuntil = 2020-01-31\n')
    result, rules = check(book)
    assert "heading-h1-multiple" in rules and "config-ignore-expired" in rules
    assert result.returncode == 1


def test_ignore_limited_to_paths() -> None:
    finding = Finding("link-empty", "error", "x", "notebooks/a.ipynb")
    other = Finding("link-empty", "error", "x", "notebooks/b.ipynb")
    config = load_config(ROOT)
    config.ignores = [Ignore("link-empty", "legacy", dt.date(2999, 1, 1), ("notebooks/a.*",))]
    kept, dropped = apply_ignores([finding, other], config, today=dt.date(2026, 1, 1))
    assert kept == [other] and dropped == 1


def test_baseline_fails_only_on_new_findings(book: Path) -> None:
    write_config(book, 'baseline = "caire-baseline.json"\n')
    result, _rules = check(book, "--update-baseline")
    assert result.returncode == 0 and (book / "caire-baseline.json").is_file()
    result, rules = check(book)
    assert rules == [] and result.returncode == 0
    assert "2 already in the baseline" in result.stderr
    nb = book / "link_bare_url.ipynb"
    nb.write_text(nb.read_text(encoding="utf-8").replace("# Liens", "## Liens"),
                  encoding="utf-8")
    result, rules = check(book)
    assert "heading-h1-missing" in rules and result.returncode == 1


@pytest.mark.parametrize("text, message", [
    ('fail-on = "sometimes"\n', "fail-on"),
    ('[[tool.caire.ignore]]\nrule = "link-empty"\n', "reason"),
    ('colour = "blue"\n', "unknown caire setting"),
    ('[[tool.caire.ignore]]\nrule = "x"\nreason = "y"\nuntil = "soon"\n', "until"),
    ('local-mathjax = "yes"\n', "local-mathjax must be true or false"),
])
def test_bad_configuration_is_a_one_line_error(book: Path, text: str, message: str) -> None:
    write_config(book, text)
    with pytest.raises(SetupError, match=message):
        load_config(book)
    result = run_caire("check", "link_bare_url.ipynb", cwd=book)
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_local_mathjax_is_off_by_default_and_can_be_set(book: Path) -> None:
    assert load_config(book).local_mathjax is False
    write_config(book, "local-mathjax = true\n")
    assert load_config(book).local_mathjax is True
