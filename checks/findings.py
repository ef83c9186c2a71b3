"""The finding: one problem found by a check, in the report contract shared with CI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "notice"]
SEVERITY_RANK: dict[str, int] = {"notice": 0, "warning": 1, "error": 2}


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

    def location(self) -> str:
        """`file`, `file: cell N` or `page`: where an author should look."""
        where = self.source or self.page or "-"
        return f"{where}: cell {self.cell}" if self.cell is not None else where

    def one_line(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message} [{self.rule}]"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["wcag"], data["rgaa"] = list(self.wcag), list(self.rgaa)
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


def at_or_above(findings: list[Finding], severity: str) -> list[Finding]:
    return [f for f in findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[severity]]
