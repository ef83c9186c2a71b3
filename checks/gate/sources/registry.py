"""The source checks, by rule: `@check_of("rule-id")` binds a check to its catalogued rule.

A check takes a `SourceDoc` and yields findings; the rule's severity, help and criteria
live in the catalog alone. The modules that define checks register them on import
(`checks.gate.sources.check` imports them all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from checks.gate.catalog import rule
from checks.gate.findings import Finding
from checks.gate.sources.read import SourceDoc

Check = Callable[[SourceDoc], Iterator[Finding]]
# rule id -> its check, in the order the checks are defined.
SOURCE_CHECKS: dict[str, Check] = {}


def check_of(rule_id: str) -> Callable[[Check], Check]:
    """Register `check` as the source check of the catalogued rule `rule_id`."""
    rule(rule_id)  # an id missing from the catalog fails at import, not at run time

    def wrap(check: Check) -> Check:
        if rule_id in SOURCE_CHECKS:
            raise ValueError(f"rule {rule_id!r} has two source checks")
        SOURCE_CHECKS[rule_id] = check
        return check
    return wrap
