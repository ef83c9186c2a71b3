"""What every reporter shares: where to read about a rule, grouping, counts."""

from __future__ import annotations

from collections import defaultdict

from checks.gate.catalog import AXE_PREFIX
from checks.gate.findings import Finding, Subject, pages_not_checked

AXE_HELP = "https://dequeuniversity.com/rules/axe/4.14/"
RULES_DOC = "docs/rules.md#"


def help_url(rule_id: str) -> str:
    """Where an author reads about a rule: axe's rule page or this project's rule list."""
    if rule_id.startswith(AXE_PREFIX):
        return AXE_HELP + rule_id.removeprefix(AXE_PREFIX)
    return RULES_DOC + rule_id


def grouped(findings: list[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[finding.source or finding.page or "(book)"].append(finding)
    for group in groups.values():
        group.sort(key=lambda f: (f.cell is None, f.cell or 0, f.rule))
    return groups


def coverage(findings: list[Finding], subjects: list[Subject]) -> str:
    """`N item(s) checked`, with the pages that could not be checked named."""
    pages = [s.page for s in subjects if s.page is not None]
    text = f"{len(subjects)} item(s) checked"
    if pages:
        missing = pages_not_checked(findings, pages)
        text += f", {len(pages) - len(missing)} of {len(pages)} page(s) checked"
        if missing:
            text += f" (not checked: {', '.join(missing)})"
    return text


def counts(findings: list[Finding]) -> str:
    tally = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "notice")}
    return ", ".join(f"{n} {s}(s)" for s, n in tally.items())
