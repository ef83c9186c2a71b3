"""The final quiz's draw, as the site makes it, and the exact chance that answering by a
fixed strategy reaches the pass mark.

`drawFinal` in `book/_static/caire.js` groups the bank's questions by their innermost
section, shuffles the questions of each group and the groups' order, then takes one
question from each group in that order, round after round, until it has `draw` of them.
So every round that fits whole takes one more question from every group that still has
one; the last, partial round takes one from each of a uniformly random subset of the
groups still having one (the first ones in the shuffled order); and within a group the
questions taken are a uniformly random subset of its questions. The chance below sums
over exactly that distribution, with fractions: no sampling.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from math import comb

# An item's outcome under a strategy: its possible scores and their probabilities.
Outcome = dict[Fraction, Fraction]
# A distribution of total scores.
Scores = dict[Fraction, Fraction]


def _add(into: dict, key: object, weight: Fraction) -> None:
    into[key] = into.get(key, Fraction(0)) + weight


def subset_scores(items: list[Outcome], size: int) -> Scores:
    """The total score of `size` questions drawn uniformly from `items`."""
    # by_count[j]: score -> summed weight over every j-subset of the items seen so far.
    by_count: list[Scores] = [{Fraction(0): Fraction(1)}] + [{} for _ in range(size)]
    for outcome in items:
        for j in range(size, 0, -1):
            for total, weight in by_count[j - 1].items():
                for score, chance in outcome.items():
                    _add(by_count[j], total + score, weight * chance)
    subsets = comb(len(items), size)
    return {total: weight / subsets for total, weight in by_count[size].items()}


def round_counts(sizes: list[int], draw: int) -> tuple[list[int], list[int], int]:
    """(questions every group gives in the whole rounds, the groups the partial round
    draws from, how many of them it takes)."""
    taken, left, depth = [0] * len(sizes), draw, 0
    while left > 0:
        active = [g for g, size in enumerate(sizes) if size > depth]
        if not active:
            break
        if len(active) > left:
            return taken, active, left
        for g in active:
            taken[g] += 1
        left -= len(active)
        depth += 1
    return taken, [], 0


def draw_scores(groups: list[list[Outcome]], draw: int) -> tuple[Scores, int]:
    """The distribution of an attempt's total score, and how many questions it has."""
    taken, partial, extra = round_counts([len(g) for g in groups], draw)
    # state: (partial-round questions given so far, total score) -> probability weight
    states: dict[tuple[int, Fraction], Fraction] = {(0, Fraction(0)): Fraction(1)}
    for g, items in enumerate(groups):
        options = [(0, subset_scores(items, taken[g]))]
        if g in partial:
            options.append((1, subset_scores(items, taken[g] + 1)))
        following: dict[tuple[int, Fraction], Fraction] = defaultdict(Fraction)
        for (given, total), weight in states.items():
            for more, scores in options:
                if given + more > extra:
                    continue
                for score, chance in scores.items():
                    following[(given + more, total + score)] += weight * chance
        states = following
    subsets = comb(len(partial), extra)
    result: Scores = defaultdict(Fraction)
    for (given, total), weight in states.items():
        if given == extra:
            result[total] += weight / subsets
    return dict(result), sum(taken) + extra


def pass_chance(groups: list[list[Outcome]], draw: int, pass_mark: int) -> Fraction:
    """The chance an attempt reaches `pass_mark` percent, as the site decides it:
    100 × score ≥ pass mark × questions drawn."""
    scores, drawn = draw_scores(groups, draw)
    return sum((p for total, p in scores.items() if 100 * total >= pass_mark * drawn),
               Fraction(0))
