"""Cue strategies on a whole page or bank: how often a test-wise learner who knows nothing
answers right by always picking the longest choice, the choice at one fixed place, or the
choice that repeats most words of the question; and, for a final bank, the chance that
doing so over a draw reaches the pass mark.

A strategy ticks one choice per question; among tied choices it picks one at random (each
equally likely). A question is scored as Moodle scores a multiple-answer item: with k right
choices out of n, a right choice ticked is worth 1/k, a wrong one -1/(n-k), clamped at 0;
so a single-answer question scores 1 or 0. Chance alone scores 1/n on a question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from checks.content.course import final_bank
from checks.content.quiz import Quiz
from checks.gate.findings import BankFigures, CueFigure, Finding, found
from checks.gate.sources.quiz_draw import Outcome, pass_chance
from checks.gate.sources.quiz_items import Item, length, quiz_items, shared_words
from checks.gate.sources.read import SourceDoc


@dataclass(frozen=True)
class CueLimits:
    """When the cue rules report: a strategy scoring more than `factor` times the page's
    mean chance level (1.6 × 25 % = 40 % for four choices), or reaching a bank's pass
    mark in more than `pass_chance` percent of draws."""

    factor: float = 1.6
    pass_chance: float = 1.0


# Below this many questions a page's share moves by 20 points a question: it means little.
MIN_QUESTIONS = 5


def outcome(quiz: Quiz, picked: list[int]) -> Outcome:
    """The score of ticking one of the `picked` choices, each equally likely."""
    right = sum(c.correct for c in quiz.choices)
    hits = Fraction(sum(quiz.choices[i].correct for i in picked), len(picked))
    worth = Fraction(1, right)
    return {worth: hits, Fraction(0): 1 - hits} if hits < 1 else {worth: Fraction(1)}


def _most(values: list[int]) -> list[int]:
    top = max(values)
    return [i for i, value in enumerate(values) if value == top]


def longest(quiz: Quiz) -> Outcome:
    return outcome(quiz, _most([length(c.text) for c in quiz.choices]))


def overlap(quiz: Quiz) -> Outcome:
    return outcome(quiz, _most([shared_words(quiz, c.text) for c in quiz.choices]))


def at_position(place: int) -> Callable[[Quiz], Outcome]:
    """Always the choice at `place` (0-based), or the last one in a shorter question."""
    return lambda quiz: outcome(quiz, [min(place, len(quiz.choices) - 1)])


def mean(result: Outcome) -> Fraction:
    return sum((score * p for score, p in result.items()), Fraction(0))


@dataclass(frozen=True)
class Bank:
    """A final quiz: its questions, draw and pass mark, from its `caire` metadata."""

    draw: int
    pass_mark: int


def bank_of(doc: SourceDoc) -> Bank | None:
    """A final quiz bank: a document whose `caire` metadata has `final_quiz: true` and a
    `draw`, whether the book's table of contents lists it or not."""
    facts = final_bank(doc.metadata)
    return Bank(*facts) if facts else None


def _figure(name: str, items: list[Item], strategy: Callable[[Quiz], Outcome],
            bank: Bank | None, place: int | None = None) -> CueFigure:
    outcomes = [strategy(item.quiz) for item in items]
    right = sum((mean(o) for o in outcomes), Fraction(0))
    chance = None
    if bank is not None:
        groups: dict[int, list[Outcome]] = {}
        for item, result in zip(items, outcomes, strict=True):
            groups.setdefault(item.section, []).append(result)
        chance = float(pass_chance(list(groups.values()), bank.draw, bank.pass_mark))
    return CueFigure(name, float(right), len(items), chance, place)


def cue_figures(items: list[Item], bank: Bank | None) -> list[CueFigure]:
    """The three strategies; for the fixed place, the one that does best (the chance of
    passing for a bank, else the share; the first place among equals)."""
    places = range(max(len(item.quiz.choices) for item in items))
    by_place = [_figure("position", items, at_position(p), bank, p + 1) for p in places]
    best = max(by_place, key=lambda f: (f.pass_chance or 0, f.right))
    return [_figure("longest", items, longest, bank), best,
            _figure("overlap", items, overlap, bank)]


def chance_share(items: list[Item]) -> float:
    """The share of questions chance alone answers: the mean of 1/n."""
    return sum(1 / len(item.quiz.choices) for item in items) / len(items)


_RIGHT = {"longest": "the longest choice is right",
          "position": "choice {place} is right",
          "overlap": "the choice sharing most words with the question is right"}
_PICK = {"longest": "picking the longest choice",
         "position": "picking choice {place}",
         "overlap": "picking the choice sharing most words with the question"}


def _count(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.1f}"


def cue_share_findings(doc: SourceDoc, limits: CueLimits) -> Iterator[Finding]:
    """quiz-cue-share: a strategy that answers more than the limit of the page's items."""
    items = quiz_items(doc)
    if len(items) < MIN_QUESTIONS:
        return
    limit = limits.factor * chance_share(items)
    first = items[0]
    for figure in cue_figures(items, None):
        share = figure.right / figure.items
        if share > limit + 1e-9:
            yield found("quiz-cue-share",
                        f"{_RIGHT[figure.strategy].format(place=figure.position)} in "
                        f"{_count(figure.right)} of {figure.items} questions "
                        f"({100 * share:.0f} %; the limit is {100 * limit:.0f} %)",
                        doc.rel, first.cell.index, line=first.line)


def bank_figures(doc: SourceDoc) -> BankFigures | None:
    bank = bank_of(doc)
    items = quiz_items(doc) if bank else []
    if bank is None or not items:
        return None
    return BankFigures(doc.rel, bank.draw, bank.pass_mark, len(items),
                       tuple(cue_figures(items, bank)))


def cue_pass_findings(figures: BankFigures, limits: CueLimits) -> Iterator[Finding]:
    """quiz-cue-pass: a strategy that reaches the bank's pass mark too often."""
    for figure in figures.cues:
        chance = figure.pass_chance or 0.0
        if 100 * chance > limits.pass_chance:
            yield found("quiz-cue-pass",
                        f"{_PICK[figure.strategy].format(place=figure.position)} every time "
                        f"reaches the pass mark ({figures.pass_mark} %) in "
                        f"{100 * chance:.1f} % of draws of {figures.draw} questions (the "
                        f"limit is {limits.pass_chance:g} %)", figures.source)
