"""Quiz item writing beyond one item: cue strategies on a page, the final bank's draw as the
site makes it, the chance a strategy passes, the limits' settings and the report's figures."""

from __future__ import annotations

import json
import random
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from checks.content.quiz import parse_quiz
from checks.errors import SetupError
from checks.gate.config import load_config
from checks.gate.findings import BankFigures
from checks.gate.report import render
from checks.gate.run import merge_reports
from checks.gate.sources.check import check_sources, check_sources_and_banks
from checks.gate.sources.quiz_cues import CueLimits, bank_figures, mean, outcome
from checks.gate.sources.quiz_draw import Outcome, pass_chance, round_counts
from checks.gate.sources.quiz_items import unemphasised_negation
from checks.gate.sources.read import SourceDoc, read_source
from conftest import ROOT, run_caire

FIXTURES = ROOT / "tests" / "fixtures" / "a11y"
CUE_RULES = {"quiz-cue-share", "quiz-cue-pass"}


def doc(name: str) -> SourceDoc:
    read = read_source(ROOT, FIXTURES / name)
    assert read is not None
    return read


def figures(name: str) -> BankFigures:
    result = bank_figures(doc(name))
    assert result is not None
    return result


def test_the_small_bank_scores_what_the_hand_computation_says() -> None:
    """tests/fixtures/a11y/quiz_bank.md, always ticking the longest choice:
    section A: a1 right (1), a2 wrong (0); section B: b1 right (1), b2 wrong (0), b3 a
    multiple-answer item with 2 right choices of 4, its longest one right (1/2).
    Share: 1 + 0 + 1 + 0 + 1/2 = 2.5 of 5 questions.
    Draw 3 from groups of 2 and 3: one from each, then the partial round takes one more
    from A or from B, each with probability 1/2. Pass mark 60 %: 100 × score ≥ 60 × 3,
    score ≥ 1.8.
    - A gives 2 (a1 + a2 = 1), B gives 1 of b1, b2, b3 (1, 0, 1/2): passes iff b1, 1/3.
    - A gives 1 (1 or 0, each 1/2), B gives 2: {b1,b2} = 1, {b1,b3} = 1.5, {b2,b3} = 0.5,
      each 1/3: passes iff a1 and a pair with b1, 1/2 × 2/3 = 1/3.
    So 1/2 × 1/3 + 1/2 × 1/3 = 1/3.
    The fixed place: right answers at places 1, 2, 3, 4 and 2 + 4 (worth 1/2 each): the
    best place scores 1.5 and never reaches 1.8 in three questions. The overlap: each
    question shares a word with a wrong choice only: 0."""
    bank = figures("quiz_bank.md")
    assert (bank.draw, bank.pass_mark, bank.items) == (3, 60, 5)
    longest, position, overlap = bank.cues
    assert (longest.strategy, longest.right, longest.items) == ("longest", 2.5, 5)
    assert longest.pass_chance == pytest.approx(1 / 3, abs=1e-12)
    assert (position.strategy, position.position, position.right) == ("position", 2, 1.5)
    assert position.pass_chance == 0
    assert (overlap.strategy, overlap.right, overlap.pass_chance) == ("overlap", 0, 0)


def test_the_exact_chance_is_a_fraction() -> None:
    one, zero, half = ({Fraction(1): Fraction(1)}, {Fraction(0): Fraction(1)},
                       {Fraction(1, 2): Fraction(1)})
    assert pass_chance([[one, zero], [one, zero, half]], 3, 60) == Fraction(1, 3)


@pytest.mark.parametrize("sizes, draw, expected", [
    ([4] * 9, 10, ([1] * 9, list(range(9)), 1)),  # the course: one per chapter, one more
    ([1, 3], 3, ([1, 2], [], 0)),  # the second round has only the larger group
    ([2, 2, 2], 4, ([1, 1, 1], [0, 1, 2], 1)),
    ([1, 1], 5, ([1, 1], [], 0)),  # a bank smaller than the draw: all of it
])
def test_rounds_take_one_question_per_group_then_a_random_subset(
        sizes: list[int], draw: int, expected: tuple) -> None:
    assert round_counts(sizes, draw) == expected


def _site_draw(groups: list[list[int]], count: int, rng: random.Random) -> list[int]:
    """`drawFinal` of book/_static/caire.js, line for line (Fisher-Yates as `shuffle`)."""
    def shuffle(items: list) -> list:
        for i in range(len(items) - 1, 0, -1):
            j = int(rng.random() * (i + 1))
            items[i], items[j] = items[j], items[i]
        return items
    groups = [shuffle(list(g)) for g in groups]
    shuffle(groups)
    chosen: list[int] = []
    depth = 0
    while len(chosen) < count:
        before = len(chosen)
        for group in groups:
            if len(chosen) < count and depth < len(group):
                chosen.append(group[depth])
        if len(chosen) == before:
            break
        depth += 1
    return chosen


def test_the_exact_chance_agrees_with_the_sites_draw_sampled() -> None:
    """40,000 draws made as the site makes them (fixed seed): the sampled share of passing
    attempts lies within 1.5 points of the exact chance (its standard error is 0.25)."""
    scores = [Fraction(1), Fraction(0), Fraction(1), Fraction(1, 2), Fraction(1), Fraction(0),
              Fraction(1), Fraction(1), Fraction(0)]
    groups = [[0, 1, 2, 3], [4, 5], [6, 7, 8]]
    draw, mark = 5, 60
    outcomes: list[list[Outcome]] = [[{scores[i]: Fraction(1)} for i in g] for g in groups]
    exact = float(pass_chance(outcomes, draw, mark))
    rng = random.Random(2026)
    runs = 40_000
    passed = sum(100 * sum(scores[i] for i in picked) >= mark * len(picked)
                 for picked in (_site_draw(groups, draw, rng) for _ in range(runs)))
    assert 0.05 < exact < 0.95  # a case where the draw's shape matters
    assert abs(passed / runs - exact) < 0.015


MULTIPLE = parse_quiz("""id: q-multiple
question: Quelles mesures protègent les données ?
type: multiple
choices:
  - {text: Chiffrer le disque, correct: true, feedback: Oui.}
  - {text: Limiter les accès, correct: true, feedback: Oui.}
  - {text: Publier le fichier, correct: false, feedback: Non.}
  - {text: Copier sur une clé, correct: false, feedback: Non.}
""")


def test_one_ticked_choice_scores_as_moodle_scores_it() -> None:
    # 2 right of 4: a right choice is worth 1/2; a wrong one -1/2, clamped at 0.
    assert mean(outcome(MULTIPLE, [0])) == Fraction(1, 2)
    assert mean(outcome(MULTIPLE, [2])) == 0
    # A tie between a right and a wrong choice: each picked half the time.
    assert mean(outcome(MULTIPLE, [1, 3])) == Fraction(1, 4)


@pytest.mark.parametrize("stem, negation", [
    ("Quelle donnée ne faut-il pas saisir ?", "ne faut-il pas"),
    ("Quelle donnée n'est pas personnelle ?", "n'est pas"),
    ("Toutes ces mesures aident, sauf une : laquelle ?", "sauf"),
    ("Which tool is not allowed?", "not"),
    ("Quelle donnée ne faut-il **pas** saisir ?", None),
    ("Quelle donnée ne faut-il PAS saisir ?", None),
    ("Quelle donnée **ne faut-il pas** saisir ?", None),
    ("Toutes ces mesures aident, SAUF une : laquelle ?", None),
    # Only the question sentence counts: the situation before it may be negative.
    ("Le modèle n'utilise pas la colonne. Peut-il défavoriser un groupe ?", None),
])
def test_a_negation_in_the_question_sentence_must_stand_out(stem: str,
                                                            negation: str | None) -> None:
    assert unemphasised_negation(stem) == negation


def _findings(name: str, limits: CueLimits) -> set[str]:
    return {f.rule for f in check_sources([doc(name)], limits) if f.rule in CUE_RULES}


def test_the_limits_are_settings(tmp_path: Path) -> None:
    assert load_config(tmp_path).cue_limits == CueLimits(1.6, 1.0)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.caire]\nquiz-cue-factor = 2.5\nquiz-pass-chance = 40\n", encoding="utf-8")
    limits = load_config(tmp_path).cue_limits
    assert limits == CueLimits(2.5, 40.0)
    # The small bank: the longest choice scores 50 % (2 times chance: 25 %) and passes
    # a third of the draws (33 %).
    assert _findings("quiz_bank.md", CueLimits()) == CUE_RULES
    assert _findings("quiz_bank.md", limits) == set()
    assert _findings("quiz_bank.md", CueLimits(1.9, 34)) == CUE_RULES - {"quiz-cue-pass"}
    assert _findings("quiz_bank.md", CueLimits(2.1, 33)) == {"quiz-cue-pass"}


@pytest.mark.parametrize("setting", ["quiz-cue-factor = 0", "quiz-cue-factor = \"x\"",
                                     "quiz-pass-chance = 101", "quiz-pass-chance = true"])
def test_a_bad_limit_is_a_clear_error(tmp_path: Path, setting: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.caire]\n{setting}\n", encoding="utf-8")
    name = setting.split(" =")[0]
    with pytest.raises(SetupError, match=f"pyproject.toml: {name} must be"):
        load_config(tmp_path)


def test_every_report_shows_a_banks_figures_even_without_findings() -> None:
    bank = figures("quiz_bank.md")
    text = render([], [], "text", "en", [bank])
    assert "tests/fixtures/a11y/quiz_bank.md: 5 questions, 3 drawn, pass mark 60 %" in text
    assert "2.5 of 5 right (50 %); reaches the pass mark in 33.3 % of draws" in text
    french = render([], [], "text", "fr", [bank])
    assert "2,5 sur 5 justes (50\u00a0%) ; atteint le seuil dans 33,3\u00a0% des tirages" \
        in french
    page = render([], [], "html", "fr", [bank])
    assert '<h2 id="quiz-banks">' in page and '<th scope="row">toujours le choix 2</th>' \
        in page
    assert "-caption\">tests/fixtures/a11y/quiz_bank.md : 5 questions, 3 tirées" in page
    data = json.loads(render([], [], "json", "fr", [bank]))["quiz_banks"]
    assert BankFigures.from_json(data[0]) == bank
    assert data[0]["cues"][0]["pass_chance"] == pytest.approx(1 / 3)


def test_merged_reports_keep_the_banks_figures(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    findings, banks = check_sources_and_banks([doc("quiz_bank.md")])
    shard = tmp_path / "shard.json"
    shard.write_text(render(findings, [], "json", "en", banks), encoding="utf-8")
    old = tmp_path / "old.json"  # a report from before the figures
    old.write_text(json.dumps({"findings": [], "checked": []}), encoding="utf-8")
    merge_reports(tmp_path, [shard, shard, old], "json")
    merged = json.loads(capsys.readouterr().out)
    assert [BankFigures.from_json(b) for b in merged["quiz_banks"]] == banks


@pytest.mark.parametrize("strategy, french", [
    ("longest", "le choix le plus long"), ("position", "le choix 3"),
    ("overlap", "le choix qui reprend le plus de mots de la question")])
def test_every_cue_message_reads_in_french(strategy: str, french: str) -> None:
    from checks.gate.findings import CueFigure
    from checks.gate.report.translate import translated
    from checks.gate.sources.quiz_cues import cue_pass_findings

    cue = CueFigure(strategy, 7.5, 10, 0.25, 3 if strategy == "position" else None)
    bank = BankFigures("banque.md", 10, 80, 10, (cue,))
    (found,) = cue_pass_findings(bank, CueLimits())
    assert translated(found.message, "fr", found.rule) == (
        f"prendre à chaque fois {french} atteint le seuil de réussite (80 %) dans 25,0 % "
        "des tirages de 10 questions (la limite est 1 %)")
    english = {"longest": "the longest choice", "position": "choice 3",
               "overlap": "the choice sharing most words with the question"}[strategy]
    # The share message as quiz_cues writes it (the fixtures produce it for "longest").
    share = f"{english} is right in 7.5 of 10 questions (75 %; the limit is 40 %)"
    assert translated(share, "fr", "quiz-cue-share") == (
        f"{french} est juste dans 7,5 des 10 questions (75 % ; la limite est 40 %)")


def test_a_bank_the_book_leaves_out_is_checked_when_given(tmp_path: Path) -> None:
    """The course builds only the files of its table of contents; an unpublished exam
    bank given to `caire check` is still read, and the JSON report carries its figures."""
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "exam").mkdir()
    shutil.copy(FIXTURES / "quiz_bank.md", tmp_path / "exam" / "badge_bank.md")
    result = run_caire("check", "--no-execute", "--format", "json", "exam/badge_bank.md",
                       cwd=tmp_path)
    report = json.loads(result.stdout)
    assert [b["source"] for b in report["quiz_banks"]] == ["exam/badge_bank.md"]
    assert {f["rule"] for f in report["findings"]} == CUE_RULES


# --- The course ------------------------------------------------------------------------------

ITEM_WRITING_RULES = {
    "quiz-longest-right", "quiz-unequal-options", "quiz-all-none-of-the-above",
    "quiz-absolute-words", "quiz-negation-unemphasised", "quiz-stem-clang",
    "quiz-duplicate-options", "quiz-two-options", "quiz-cue-share", "quiz-cue-pass"}


def course_docs() -> list[SourceDoc]:
    """The book's pages, and the banks kept out of it (the badge bank under exam/)."""
    from checks.book.toc import toc_sources

    paths = toc_sources(ROOT)[0] + sorted((ROOT / "exam").glob("*.md")) + sorted(
        (ROOT / "exam").glob("*.ipynb"))
    return [read for path in paths if (read := read_source(ROOT, path, executed=False))]


@pytest.mark.course
def test_no_cue_strategy_passes_a_final_bank_and_no_item_has_a_flaw() -> None:
    findings, banks = check_sources_and_banks(course_docs())
    assert any(bank.source == "notebooks/10_quiz_final.ipynb" for bank in banks)
    print(render([], [], "text", "en", banks))  # the figures, for whoever runs it with -s
    too_likely = [(bank.source, cue.strategy, round(100 * (cue.pass_chance or 0), 2))
                  for bank in banks for cue in bank.cues if (cue.pass_chance or 0) > 0.01]
    flawed = [f.one_line() for f in findings if f.rule in ITEM_WRITING_RULES]
    assert too_likely == [] and flawed == []
