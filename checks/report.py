"""Reporters: turn findings into text, the JSON report contract, or JUnit XML.

Reporters know nothing of the rules; they only format findings.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict

from checks.findings import Finding, Subject
from checks.rules import REGISTRY


def render_text(findings: list[Finding], subjects: list[Subject]) -> str:
    if not findings:
        return f"No findings ({len(subjects)} item(s) checked).\n"
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[finding.source or finding.page or "(book)"].append(finding)
    lines = []
    for where, group in groups.items():
        lines.append(where)
        for f in sorted(group, key=lambda f: (f.cell is None, f.cell or 0)):
            cell = f"cell {f.cell}: " if f.cell is not None else ""
            criteria = "".join(
                f" WCAG {', '.join(f.wcag)};" if f.wcag else "") + (
                f" RGAA {', '.join(f.rgaa)};" if f.rgaa else "")
            lines.append(f"  {cell}{f.severity}: {f.message} [{f.rule}]{criteria}")
            rule = REGISTRY.get(f.rule)
            if rule:
                lines.append(f"      help: {rule.help}")
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "notice")}
    lines.append(", ".join(f"{n} {s}(s)" for s, n in counts.items()))
    return "\n".join(lines) + "\n"


def render_json(findings: list[Finding], subjects: list[Subject]) -> str:
    return json.dumps({"findings": [f.to_json() for f in findings]}, ensure_ascii=False,
                      indent=2) + "\n"


def _case_name(subject: Subject) -> tuple[str, str]:
    if subject.page is not None:
        return "page", subject.page
    if subject.cell is None:
        return "notebook", subject.source or "(book)"
    return "exercise", f"{subject.source} cell {subject.cell}"


def render_junit(findings: list[Finding], subjects: list[Subject]) -> str:
    """One testcase per notebook, per exercise and per page; a failure per error finding."""
    suite = ET.Element("testsuite", name="caire")
    claimed: set[int] = set()
    # Exercises first, so a notebook's own testcase keeps only what no exercise claims.
    ordered = sorted(subjects, key=lambda s: s.cell is None and s.page is None)
    cases: list[tuple[Subject, list[Finding]]] = []
    for subject in ordered:
        owned = [f for i, f in enumerate(findings) if i not in claimed and subject.owns(f)]
        claimed |= {i for i, f in enumerate(findings) if f in owned}
        cases.append((subject, owned))
    leftovers = [f for i, f in enumerate(findings) if i not in claimed]
    for finding in leftovers:
        cases.append((Subject(finding.source, None, (), finding.page), [finding]))
    failures = 0
    for subject, owned in cases:
        classname, name = _case_name(subject)
        case = ET.SubElement(suite, "testcase", classname=f"caire.{classname}", name=name)
        errors = [f for f in owned if f.severity == "error"]
        if errors:
            failures += 1
            failure = ET.SubElement(case, "failure", message=errors[0].one_line(),
                                    type=errors[0].rule)
            failure.text = "\n".join(f.one_line() for f in owned)
        elif owned:
            ET.SubElement(case, "system-out").text = "\n".join(f.one_line() for f in owned)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "junit": render_junit}


def render(findings: list[Finding], subjects: list[Subject], output_format: str) -> str:
    return RENDERERS[output_format](findings, subjects)
