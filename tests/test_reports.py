"""Reporters: SARIF and HTML, apart from the rules; the HTML report is itself accessible."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.gate.findings import Finding, Subject
from checks.gate.pages.engine import check_site
from checks.gate.report import render
from conftest import ROOT, notebook, run_caire

FINDINGS = [
    Finding("heading-h1-multiple", "error", 'a second level-1 heading: "<script>alert(1)</script>"',
            "notebooks/a.ipynb", 3, None, ("1.3.1", "2.4.6"), ("9.1",)),
    Finding("axe-color-contrast", "error", "Elements must meet contrast: .x (clair 1280 px)",
            "notebooks/a.ipynb", 5, "notebooks/a.html", ("1.4.3",), ("3.2",)),
    Finding("link-bare-url", "warning", "the link text is a bare URL: https://e.org",
            "book/index.md", None, None, ("2.4.4",), ("6.1",)),
]
SUBJECTS = [Subject("notebooks/a.ipynb", None), Subject(None, None, (), "notebooks/a.html")]


def test_sarif_has_rules_results_levels_and_cells() -> None:
    sarif = json.loads(render(FINDINGS, SUBJECTS, "sarif"))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "axe-color-contrast", "heading-h1-multiple", "link-bare-url"]
    levels = [r["level"] for r in run["results"]]
    assert levels == ["error", "error", "warning"]
    first = run["results"][0]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "notebooks/a.ipynb"
    assert first["locations"][0]["logicalLocations"] == [{"name": "cell 3", "kind": "module"}]
    assert first["properties"]["rgaa"] == ["9.1"]


def test_text_report_groups_by_file_with_help_links() -> None:
    text = render(FINDINGS, SUBJECTS, "text")
    assert text.splitlines()[0] == "notebooks/a.ipynb"
    assert "  cell 3: error:" in text
    assert "dequeuniversity.com/rules/axe/4.14/color-contrast" in text
    assert "docs/rules.md#heading-h1-multiple" in text


def test_html_report_escapes_what_it_quotes_from_a_notebook(tmp_path: Path) -> None:
    nb = notebook(("md", "# Premier"), ("md", "# <script>alert('x')</script>"))
    (tmp_path / "nb.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (tmp_path / "_config.yml").write_text((ROOT / "_config.yml").read_text(), encoding="utf-8")
    result = run_caire("check", "nb.ipynb", "--format", "html", cwd=tmp_path)
    assert result.returncode == 1
    assert "<script>" not in result.stdout
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in result.stdout


@pytest.mark.browser
def test_html_report_passes_axe_itself(tmp_path: Path) -> None:
    site = tmp_path / "report"
    site.mkdir()
    (site / "index.html").write_text(render(FINDINGS, SUBJECTS, "html"), encoding="utf-8")
    findings, _pages = check_site(site, ROOT, jobs=1)
    assert findings == []
