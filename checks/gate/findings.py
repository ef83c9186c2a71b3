"""The finding: one problem found by a check, in the report contract shared with CI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from checks.gate.catalog import SEVERITY_RANK, Severity, rule


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    source: str | None = None
    cell: int | None = None
    page: str | None = None
    wcag: tuple[str, ...] = field(default_factory=tuple)
    rgaa: tuple[str, ...] = field(default_factory=tuple)
    # The CSS selector of the element on a built page; None for other findings.
    target: str | None = None
    # 1-based line in a markdown source (page or MyST notebook); None where lines do not
    # apply (a .ipynb cell, a built page).
    line: int | None = None
    # What the check measured, as (name, value) pairs: axe's colour contrast gives
    # fgColor, bgColor, contrastRatio and expectedContrastRatio; an element outside the
    # page's content its path of tags, ids and classes (`path`). A dict in JSON.
    data: tuple[tuple[str, str | float], ...] = ()
    # The W3C ACT rules its rule implements (ACT rule ids): the catalog's `act` for the
    # gate's own rules, axe-core's `actIds` for axe's; empty when none.
    act: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        # Reports written before `data` or `act` have none.
        return cls(**{**data, "wcag": tuple(data["wcag"]), "rgaa": tuple(data["rgaa"]),
                      "data": tuple(sorted((data.get("data") or {}).items())),
                      "act": tuple(data.get("act") or ())})

    def measured(self) -> dict[str, str | float]:
        return dict(self.data)

    def location(self) -> str:
        """`file`, `file:line`, `file: cell N` or `page`: where an author should look."""
        where = self.source or self.page or "-"
        if self.line is not None:
            return f"{where}:{self.line}"
        return f"{where}: cell {self.cell}" if self.cell is not None else where

    def one_line(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message} [{self.rule}]"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["wcag"], data["rgaa"] = list(self.wcag), list(self.rgaa)
        data["data"] = dict(self.data)
        data["act"] = list(self.act)
        return data


@dataclass(frozen=True)
class Subject:
    """Something a check covered, for reporters that list passes too (JUnit): a notebook
    (cell None), an exercise (its cell and its tests cells), or a built page."""

    source: str | None
    cell: int | None
    tests: tuple[int, ...] = ()
    page: str | None = None

    def owns(self, finding: Finding) -> bool:
        if self.page is not None:
            return finding.page == self.page
        if finding.source != self.source:
            return False
        if self.cell is None:
            return True
        return finding.cell is not None and (finding.cell == self.cell
                                             or finding.cell in self.tests)


def found(rule_id: str, message: str, source: str | None = None, cell: int | None = None,
          page: str | None = None, line: int | None = None) -> Finding:
    """A finding of a catalogued rule: severity and criteria come from the catalog."""
    entry = rule(rule_id)
    return Finding(entry.id, entry.severity, message, source, cell, page, entry.wcag,
                   entry.rgaa, line=line, act=entry.act)


# Verdicts that mean a page got no accessibility check at all.
PAGE_NOT_CHECKED = frozenset({"page-timeout", "page-error", "page-navigated", "page-not-html"})


def pages_not_checked(findings: list[Finding], pages: list[str]) -> list[str]:
    """The pages, among `pages` and in their order, that could not be checked."""
    failed = {f.page for f in findings if f.rule in PAGE_NOT_CHECKED}
    return [page for page in pages if page in failed]


class Problem(Protocol):
    """What another room reports by rule id (the book's build problems)."""

    rule: str
    message: str
    source: str | None
    cell: int | None
    line: int | None


def build_findings(problems: list[Problem]) -> list[Finding]:
    return [found(p.rule, p.message, p.source, p.cell, line=p.line) for p in problems]


def at_or_above(findings: list[Finding], severity: str) -> list[Finding]:
    return [f for f in findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[severity]]


@dataclass(frozen=True)
class CueFigure:
    """What one cue strategy scores on a final quiz bank (see gate/sources/quiz_cues.py):
    `strategy` is longest, position (the choice at `position`, 1-based) or overlap (the
    choice sharing most words with the question)."""

    strategy: str
    right: float  # questions answered right (expected; Moodle's score on multiple ones)
    items: int
    pass_chance: float | None  # chance of reaching the pass mark over a draw, 0 to 1
    position: int | None = None


@dataclass(frozen=True)
class BankFigures:
    """A final quiz bank's cue figures, shown in every report even below the limits."""

    source: str
    draw: int
    pass_mark: int
    items: int
    cues: tuple[CueFigure, ...]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["cues"] = [asdict(cue) for cue in self.cues]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BankFigures:
        return cls(**{**data, "cues": tuple(CueFigure(**cue) for cue in data["cues"])})
