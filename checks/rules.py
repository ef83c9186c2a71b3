"""The rule registry: every finding comes from a rule with an id, a severity, a help text
and the WCAG 2.1 / RGAA 4.1 criteria it serves (modelled on axe-core and ruff)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from checks.findings import Finding, Severity


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    help: str
    wcag: tuple[str, ...] = ()
    rgaa: tuple[str, ...] = ()
    # Source rules have a check function; rules raised by a runner (build, kernel) have none.
    check: Callable[..., Any] | None = field(default=None, compare=False)

    def finding(self, message: str, source: str | None = None, cell: int | None = None,
                page: str | None = None) -> Finding:
        return Finding(self.id, self.severity, message, source, cell, page, self.wcag,
                       self.rgaa)


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.id in REGISTRY:
        raise ValueError(f"rule {rule.id!r} registered twice")
    REGISTRY[rule.id] = rule
    return rule


def get(rule_id: str) -> Rule:
    return REGISTRY[rule_id]


def all_rules() -> dict[str, Rule]:
    """The whole registry: import every module that registers rules."""
    import checks.build  # noqa: F401
    import checks.config  # noqa: F401
    import checks.exercise_gate  # noqa: F401
    import checks.notebook_io  # noqa: F401
    import checks.page_rules  # noqa: F401
    import checks.scorm  # noqa: F401
    import checks.source_rules  # noqa: F401

    return REGISTRY
