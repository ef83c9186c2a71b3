"""Reporters: turn findings into text or the JSON report contract. Separate from the rules."""

from __future__ import annotations

import json

from checks.findings import Finding


def render_text(findings: list[Finding]) -> str:
    if not findings:
        return "No findings.\n"
    lines = [finding.one_line() for finding in findings]
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "notice")}
    lines.append(", ".join(f"{n} {s}(s)" for s, n in counts.items()))
    return "\n".join(lines) + "\n"


def render_json(findings: list[Finding]) -> str:
    return json.dumps({"findings": [f.to_json() for f in findings]}, ensure_ascii=False,
                      indent=2) + "\n"


RENDERERS = {"text": render_text, "json": render_json}


def render(findings: list[Finding], output_format: str) -> str:
    return RENDERERS[output_format](findings)
