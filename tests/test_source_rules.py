"""Source rules, one fixture per rule: exact rule, cell, WCAG and RGAA criteria."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.gate.catalog import CATALOG
from checks.gate.rules_doc import rules_markdown
from checks.gate.sources.check import SOURCE_CHECKS, check_sources
from checks.gate.sources.read import read_source
from checks.gate.sources.rules import contrast_ratio, parse_colour
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "a11y"
# fixture -> [(rule, cell, wcag, rgaa)]
EXPECTED = {
    "clean": [],
    "page_clean": [],
    "image_alt_markdown": [("image-alt-markdown", 1, ["1.1.1"], ["1.1"])],
    "image_alt_html": [("image-alt-html", 1, ["1.1.1"], ["1.1"])],
    "image_alt_output": [("image-alt-output", 2, ["1.1.1"], ["1.1"])],
    "heading_h1_missing": [("heading-h1-missing", None, ["1.3.1", "2.4.6"], ["9.1"]),
                           ("heading-first-cell", 0, ["1.3.1", "2.4.6"], ["9.1"])],
    "heading_h1_multiple": [("heading-h1-multiple", 1, ["1.3.1", "2.4.6"], ["9.1"])],
    "heading_first_cell": [("heading-first-cell", 0, ["1.3.1", "2.4.6"], ["9.1"])],
    # A copyright notice and an index entry before the title are not content; a first
    # heading of level 2 after them is still not a title.
    "heading_first_cell_preamble": [],
    "heading_first_cell_preamble_h2": [("heading-first-cell", 0, ["1.3.1", "2.4.6"], ["9.1"])],
    # A raw <h1> is a title like `# …`: a second one is a second title.
    "heading_raw_h1": [("heading-h1-multiple", 2, ["1.3.1", "2.4.6"], ["9.1"])],
    "heading_skipped_level": [("heading-skipped-level", 2, ["1.3.1", "2.4.6"], ["9.1"])],
    "heading_empty": [("heading-empty", 1, ["1.3.1", "2.4.6"], ["9.1"])],
    "link_empty": [("link-empty", 1, ["2.4.4", "4.1.2"], ["6.2"])],
    "link_generic_text": [("link-generic-text", 1, ["2.4.4"], ["6.1"])],
    "link_bare_url": [("link-bare-url", 1, ["2.4.4"], ["6.1"])],
    "table_headers": [("table-headers", 1, ["1.3.1"], ["5.6", "5.7"])],
    "inline_style_contrast": [("inline-style-contrast", 1, ["1.4.3"], ["3.2"])],
    "media_captions": [("media-captions", 1, ["1.2.1", "1.2.2"], ["4.1", "4.3"])],
    "plot_rainbow_colormap": [("plot-rainbow-colormap", 2, ["1.4.1"], ["3.1"])],
    "quiz_invalid": [("quiz-invalid", 1, [], [])],
    "quiz_answer_position": [("quiz-answer-position", None, [], [])],
    # Quiz item writing: each page holds a flawed item (line 3) and its corrected twin(s).
    "quiz_longest_right": [("quiz-longest-right", None, [], [])],
    "quiz_unequal_options": [("quiz-unequal-options", None, [], [])],
    "quiz_all_none_of_the_above": [("quiz-all-none-of-the-above", None, [], [])],
    "quiz_absolute_words": [("quiz-absolute-words", None, [], [])],
    "quiz_negation_unemphasised": [("quiz-negation-unemphasised", None, [], [])],
    "quiz_stem_clang": [("quiz-stem-clang", None, [], [])],
    "quiz_duplicate_options": [("quiz-duplicate-options", None, [], [])],
    "quiz_two_options": [("quiz-two-options", None, [], [])],
    # Five items whose right choice is the longest by a few characters; the twin varies it.
    "quiz_cue_share": [("quiz-cue-share", None, [], [])],
    "quiz_cue_share_fixed": [],
    # A small final bank (a MyST notebook): see tests/test_quiz_cues.py.
    "quiz_bank": [("quiz-cue-pass", None, [], []), ("quiz-cue-share", 0, [], [])],
    # Checked in 2020 and 2024: stale whatever the day the tests run.
    "fact_stale": [("fact-stale", None, [], []), ("fact-stale", None, [], [])],
    "myst_notebook": [("image-alt-directive", 0, ["1.1.1"], ["1.1"]),
                      ("image-alt-markdown", 2, ["1.1.1"], ["1.1"])],
    "page_directives": [("image-alt-directive", None, ["1.1.1"], ["1.1"]),
                        ("heading-skipped-level", None, ["1.3.1", "2.4.6"], ["9.1"])],
    "page_headings": [("heading-h1-multiple", None, ["1.3.1", "2.4.6"], ["9.1"]),
                      ("heading-skipped-level", None, ["1.3.1", "2.4.6"], ["9.1"])],
    "page_raw_html": [("image-alt-html", None, ["1.1.1"], ["1.1"]),
                      ("table-headers", None, ["1.3.1"], ["5.6", "5.7"])],
}


def findings_of(name: str) -> list[tuple[str, int | None, list[str], list[str]]]:
    path = next(FIXTURES.glob(f"{name}.*"))
    doc = read_source(ROOT, path)
    assert doc is not None
    found = [f for f in check_sources([doc])]
    assert all(f.source == path.relative_to(ROOT).as_posix() for f in found)
    return sorted((f.rule, f.cell, list(f.wcag), list(f.rgaa)) for f in found)


def test_every_fixture_is_expected() -> None:
    assert sorted(p.stem for p in FIXTURES.iterdir()) == sorted(EXPECTED)


def test_every_source_rule_has_a_fixture_that_triggers_it() -> None:
    triggered = {rule for cases in EXPECTED.values() for rule, *_ in cases}
    assert set(SOURCE_CHECKS) | {"quiz-cue-share", "quiz-cue-pass"} <= triggered


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_reports_exactly_its_rule(name: str) -> None:
    assert findings_of(name) == sorted(EXPECTED[name])


@pytest.mark.parametrize("name, lines", [
    # The line of the directive, image or heading in the file, counting the front matter.
    ("myst_notebook", [("image-alt-directive", 15), ("image-alt-markdown", 29)]),
    ("page_directives", [("heading-skipped-level", 18), ("image-alt-directive", 8)]),
    ("page_headings", [("heading-h1-multiple", 5), ("heading-skipped-level", 3)]),
    # The flawed quiz's fence, never its corrected twin further down.
    *((name, [(EXPECTED[name][0][0], 3)]) for name in (
        "quiz_longest_right", "quiz_unequal_options", "quiz_all_none_of_the_above",
        "quiz_absolute_words", "quiz_negation_unemphasised", "quiz_stem_clang",
        "quiz_duplicate_options", "quiz_two_options", "quiz_cue_share")),
    # A page rule points at the page's first quiz; a bank's chance, at the whole file.
    ("quiz_bank", [("quiz-cue-pass", None), ("quiz-cue-share", 20)]),
    # In raw HTML, the line of the element itself, not of the block it starts in.
    ("page_raw_html", [("image-alt-html", 10), ("table-headers", 14)]),
])
def test_findings_in_markdown_files_carry_their_line(name: str, lines: list) -> None:
    path = next(FIXTURES.glob(f"{name}.*"))
    doc = read_source(ROOT, path)
    assert doc is not None
    assert sorted((f.rule, f.line) for f in check_sources([doc])) == lines


def test_notebook_cells_have_no_line() -> None:
    doc = read_source(ROOT, FIXTURES / "heading_skipped_level.ipynb")
    assert doc is not None and [f.line for f in check_sources([doc])] == [None]


def test_rules_are_documented() -> None:
    documented = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert documented == rules_markdown(), "docs/rules.md is stale: caire rules > docs/rules.md"
    for rule_id, rule in CATALOG.items():
        assert f"`{rule_id}`" in documented and rule.help


@pytest.mark.parametrize("first, second, ratio", [
    ("#000000", "#ffffff", 21.0), ("#777777", "#ffffff", 4.48), ("white", "rgb(0, 0, 0)", 21.0),
    ("#aaa", "#fff", 2.32),
])
def test_contrast_ratio_matches_wcag(first: str, second: str, ratio: float) -> None:
    a, b = parse_colour(first), parse_colour(second)
    assert a is not None and b is not None
    assert contrast_ratio(a, b) == pytest.approx(ratio, abs=0.01)


def test_unreadable_source_is_skipped_not_a_crash(tmp_path: Path) -> None:
    broken = tmp_path / "casse.ipynb"
    broken.write_text("{ pas du json", encoding="utf-8")
    assert read_source(tmp_path, broken) is None
