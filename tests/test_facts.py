"""Facts that say when they go stale: the `{fact}` role, its check date on the page, the
chapter's "à jour au" date computed from its facts, bad facts as build problems, and the
gate's warning when a check is older than the review period (with a frozen "today")."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from checks.book.build import build_book
from checks.content.facts import (
    FactError,
    add_months,
    checked_words,
    format_date,
    is_stale,
    parse_fact,
    up_to_date_words,
)
from checks.errors import SetupError
from checks.gate.config import load_config
from checks.gate.findings import build_findings
from checks.gate.report.translate import translated
from checks.gate.sources.check import check_sources
from checks.gate.sources.read import read_source
from conftest import ROOT, notebook

TODAY = dt.date(2026, 11, 30)
FIXTURE = ROOT / "tests" / "fixtures" / "a11y" / "fact_stale.md"


def test_a_fact_gives_its_text_source_and_date() -> None:
    fact = parse_fact("2 décembre 2027 <ria-omnibus 2026-11-30>", TODAY)
    assert (fact.text, fact.key, fact.checked) == ("2 décembre 2027", "ria-omnibus", TODAY)
    assert fact.target == "src-ria-omnibus"


@pytest.mark.parametrize("content, says", [
    ("2 décembre 2027", "needs its text, source key and date"),
    ("2 décembre 2027 <ria-omnibus>", "needs its text, source key and date"),
    ("<ria 2026-11-30>", "needs its text, source key and date"),
    ("article 5 <RIA_2024 2026-11-30>", "must be lower-case letters"),
    ("article 5 <ria 30/11/2026>", "`30/11/2026` is not a date"),
    ("article 5 <ria 2026-02-30>", "`2026-02-30` is not a date"),
    ("article 5 <ria 2026-12-01>", "checked on 2026-12-01, a date in the future"),
])
def test_bad_facts_say_what_to_fix(content: str, says: str) -> None:
    with pytest.raises(FactError, match=says):
        parse_fact(content, TODAY)


def test_dates_are_written_in_the_book_language() -> None:
    assert format_date(dt.date(2024, 8, 1), "fr") == "1er août 2024"
    assert format_date(TODAY, "fr") == "30 novembre 2026"
    assert format_date(dt.date(2024, 8, 1), "en") == "1 August 2024"
    assert checked_words(TODAY, "fr") == "vérifié le 30 novembre 2026"
    assert checked_words(TODAY, "en") == checked_words(TODAY, "de") == \
        "checked on 30 November 2026"  # English for a book in any other language
    assert up_to_date_words("en_GB") == "Up to date as of "


def test_a_check_goes_stale_after_the_review_period() -> None:
    fact = parse_fact("x <ria 2025-11-30>", TODAY)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert not is_stale(fact, TODAY)  # exactly twelve months: still valid
    assert is_stale(fact, TODAY + dt.timedelta(days=1))
    assert is_stale(fact, TODAY, months=6)


def test_the_gate_lists_the_facts_to_check_again() -> None:
    doc = read_source(ROOT, FIXTURE)
    assert doc is not None
    stale = [f for f in check_sources([doc], today=dt.date(2025, 6, 4))
             if f.rule == "fact-stale"]
    assert [(f.severity, f.source, f.line) for f in stale] == [
        ("warning", "tests/fixtures/a11y/fact_stale.md", 5),
        ("warning", "tests/fixtures/a11y/fact_stale.md", 7)]
    assert stale[0].message == ('fact "2 décembre 2027" (source `ria-omnibus`) was checked '
                                "on 2020-01-15, more than 12 months ago: check it again")
    assert translated(stale[0].message, "fr").startswith(
        "le fait « 2 décembre 2027 » (source `ria-omnibus`) a été vérifié le 2020-01-15")
    # On the last day of its review period the 2024 check is not listed; with ten years
    # to review, neither is the 2020 one.
    fresh = check_sources([doc], today=dt.date(2025, 6, 3), review_months=12)
    assert [f.message for f in fresh if f.rule == "fact-stale"] == [stale[0].message]
    assert not [f for f in check_sources([doc], today=dt.date(2025, 6, 4),
                                         review_months=120) if f.rule == "fact-stale"]


def test_the_review_period_is_configurable(tmp_path: Path) -> None:
    assert load_config(tmp_path).fact_review_months == 12
    (tmp_path / "pyproject.toml").write_text("[tool.caire]\nfact-review-months = 6\n",
                                             encoding="utf-8")
    assert load_config(tmp_path).fact_review_months == 6
    (tmp_path / "pyproject.toml").write_text("[tool.caire]\nfact-review-months = 0\n",
                                             encoding="utf-8")
    with pytest.raises(SetupError, match="fact-review-months must be a positive"):
        load_config(tmp_path)


BIBLIOGRAPHY = """# Bibliographie

- (src-ria)=
  Règlement (UE) 2024/1689, consulté le 1er mars 2025.
- (src-omnibus)=
  Règlement (UE) 2026/1744, consulté le 30 novembre 2026.
"""


def chapter(*facts: str) -> object:
    return notebook(("md", "# Le cadre\n\nIntroduction."),
                    ("md", "Le haut risque s'applique le " + " et le ".join(facts) + "."),
                    metadata={"caire": {"outcomes": ["Citer les dates clés"]}})


@pytest.mark.slow
def test_facts_render_with_their_check_and_date_the_chapter(tiny_book) -> None:
    root = tiny_book({
        "index.md": "# Accueil\n", "bibliographie.md": BIBLIOGRAPHY,
        "notebooks/cadre.ipynb": chapter("{fact}`2 décembre 2027 <omnibus 2026-11-30>`",
                                         "{fact}`1er août 2024 <ria 2025-03-01>`")})
    result = build_book(root, {root / "notebooks/cadre.ipynb"}, quiet=True)
    assert result.problems == []
    page = BeautifulSoup((root / "_build/html/notebooks/cadre.html").read_text(
        encoding="utf-8"), "html.parser")
    first, second = page.select(".caire-fact")
    assert first.get_text().startswith("2 décembre 2027 (vérifié le 30 novembre 2026")
    link = first.select_one(".caire-fact-check a")
    assert link["href"] == "../bibliographie.html#src-omnibus"
    # Its name says what it is the source of: two checks of one date stay two names.
    assert " ".join(link.get_text().split()) == \
        "vérifié le 30 novembre 2026 : source de « 2 décembre 2027 »"
    assert link.select_one(".caire-sr-only") is not None
    assert second.select_one("a")["href"] == "../bibliographie.html#src-ria"
    box = " ".join(page.select_one(".caire-chapter-info").get_text().split())
    assert "À jour au 1er mars 2025" in box  # the oldest check, written by no one
    bibliography = BeautifulSoup((root / "_build/html/bibliographie.html").read_text(
        encoding="utf-8"), "html.parser")
    entry = bibliography.find(id="src-omnibus")
    assert entry is not None and "2026/1744" in entry.get_text()
    assert len(bibliography.select("article ul")) == 1  # the entries stay one list


@pytest.mark.slow
def test_a_chapter_without_facts_claims_no_date(tiny_book) -> None:
    root = tiny_book({"index.md": "# Accueil\n", "notebooks/cadre.ipynb": chapter("lundi")})
    assert build_book(root, {root / "notebooks/cadre.ipynb"}, quiet=True).problems == []
    page = (root / "_build/html/notebooks/cadre.html").read_text(encoding="utf-8")
    assert "Durée estimée" in page and "À jour au" not in page


@pytest.mark.slow
def test_bad_facts_are_build_problems_of_their_own_rule(tiny_book) -> None:
    root = tiny_book({
        "index.md": "# Accueil\n", "bibliographie.md": BIBLIOGRAPHY,
        "notebooks/cadre.ipynb": chapter("{fact}`2 décembre 2027 <inconnue 2026-11-30>`",
                                         "{fact}`1er août 2024 <ria 2024-13-01>`",
                                         "{fact}`2 août 2026 <ria 2999-01-01>`",
                                         "{fact}`2 août 2028`")})
    problems = build_book(root, {root / "notebooks/cadre.ipynb"}, quiet=True).problems
    findings = build_findings(problems)
    assert {(f.rule, f.severity, f.source, f.cell) for f in findings} == {
        ("fact-invalid", "error", "notebooks/cadre.ipynb", 1)}
    messages = sorted(f.message for f in findings)
    assert messages == sorted([
        'fact "2 décembre 2027": unknown source `inconnue` (no `(src-inconnue)=` target '
        "in the book)",
        'fact "1er août 2024": `2024-13-01` is not a date (YYYY-MM-DD)',
        'fact "2 août 2026": checked on 2999-01-01, a date in the future',
        "fact `2 août 2028` needs its text, source key and date: "
        "{fact}`text <source-key YYYY-MM-DD>`"])
    assert all(translated(m, "fr") != m for m in messages)
    assert json.dumps(messages)  # plain strings, for the JSON report
