"""The text report: findings grouped by file, for a terminal or a CI log."""

from __future__ import annotations

from checks.gate.catalog import help_text
from checks.gate.findings import Finding, Subject
from checks.gate.report.common import counts, coverage, grouped, help_url


def render_text(findings: list[Finding], subjects: list[Subject]) -> str:
    if not findings:
        return f"No findings ({coverage(findings, subjects)}).\n"
    lines = []
    for where, group in grouped(findings).items():
        lines.append(where)
        for f in group:
            cell = f"cell {f.cell}: " if f.cell is not None else ""
            page = f" (page {f.page})" if f.page and f.page != where else ""
            criteria = (f" WCAG {', '.join(f.wcag)};" if f.wcag else "") + (
                f" RGAA {', '.join(f.rgaa)};" if f.rgaa else "")
            lines.append(f"  {cell}{f.severity}: {f.message}{page} [{f.rule}]{criteria}")
            lines.append(f"      help: {help_text(f.rule)} {help_url(f.rule)}".rstrip())
    lines.append(f"{counts(findings)}; {coverage(findings, subjects)}")
    return "\n".join(lines) + "\n"
