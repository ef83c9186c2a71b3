"""Reports for machines: the JSON report contract, JUnit XML and SARIF 2.1.0."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import asdict

from checks import __version__
from checks.gate.findings import BankFigures, Finding, Subject, pages_not_checked
from checks.gate.report.common import help_url, rule_help
from checks.gate.report.translate import translated


def render_json(findings: list[Finding], subjects: list[Subject], lang: str = "en",
                banks: Sequence[BankFigures] = ()) -> str:
    """The report contract: messages as the checks wrote them (English), whatever the
    language of the run, so baselines and tools that read it never depend on it; each
    final quiz bank's cue figures (shares and chances from 0 to 1)."""
    pages = [s.page for s in subjects if s.page is not None]
    report = {
        "findings": [f.to_json() for f in findings],
        "checked": [asdict(s) for s in subjects],
        "summary": {"items": len(subjects), "pages": len(pages),
                    "pages_not_checked": pages_not_checked(findings, pages)},
        "quiz_banks": [bank.to_json() for bank in banks],
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _case_name(subject: Subject) -> tuple[str, str]:
    if subject.page is not None:
        return "page", subject.page
    if subject.cell is None:
        return "notebook", subject.source or "(book)"
    return "exercise", f"{subject.source} cell {subject.cell}"


def _line(finding: Finding, lang: str) -> str:
    return (f"{finding.location()}: {finding.severity}: "
            f"{translated(finding.message, lang, finding.rule)} [{finding.rule}]")


def render_junit(findings: list[Finding], subjects: list[Subject], lang: str = "en",
                 banks: Sequence[BankFigures] = ()) -> str:
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
            failure = ET.SubElement(case, "failure", message=_line(errors[0], lang),
                                    type=errors[0].rule)
            failure.text = "\n".join(_line(f, lang) for f in owned)
        elif owned:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f, lang) for f in owned)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


SARIF_LEVEL = {"error": "error", "warning": "warning", "notice": "note"}
# The W3C ACT rules, as a SARIF taxonomy (§3.19.3): a rule that implements ACT rules
# names them in its relationships, so a tool can group results by ACT rule.
ACT_TAXONOMY = "ACT Rules"
ACT_URI = "https://www.w3.org/WAI/standards-guidelines/act/rules/"


def render_sarif(findings: list[Finding], subjects: list[Subject], lang: str = "en",
                 banks: Sequence[BankFigures] = ()) -> str:
    """SARIF 2.1.0, for code-scanning annotations."""
    rule_ids = sorted({f.rule for f in findings})
    rules = []
    for rule_id in rule_ids:
        example = next(f for f in findings if f.rule == rule_id)
        # The ACT rules of any of its findings (an axe rule's added ones may not apply to
        # every element it reports).
        act = list(dict.fromkeys(a for f in findings if f.rule == rule_id for a in f.act))
        entry: dict[str, object] = {
            "id": rule_id,
            "shortDescription": {"text": rule_help(rule_id, lang)},
            "help": {"text": rule_help(rule_id, lang)},
            "properties": {"wcag": list(example.wcag), "rgaa": list(example.rgaa),
                           "act": act,
                           "tags": ["accessibility"] if example.wcag or example.rgaa else []},
        }
        if act:
            entry["relationships"] = [
                {"target": {"id": act_id, "toolComponent": {"name": ACT_TAXONOMY}},
                 "kinds": ["relevant"]} for act_id in act]
        if url := help_url(rule_id):
            entry["helpUri"] = url
        rules.append(entry)
    results = []
    for f in findings:
        location: dict[str, object] = {"physicalLocation": {
            "artifactLocation": {"uri": f.source or f.page or "_toc.yml"},
            "region": {"startLine": f.line or 1}}}
        if f.cell is not None:
            location["logicalLocations"] = [{"name": f"cell {f.cell}", "kind": "module"}]
        results.append({
            "ruleId": f.rule, "ruleIndex": rule_ids.index(f.rule),
            "level": SARIF_LEVEL[f.severity],
            "message": {"text": translated(f.message, lang, f.rule)},
            "locations": [location],
            "properties": {"cell": f.cell, "page": f.page, "wcag": list(f.wcag),
                           "rgaa": list(f.rgaa), "act": list(f.act)},
        })
    run: dict[str, object] = {
        "tool": {"driver": {"name": "caire", "version": __version__,
                            "informationUri": "https://www.w3.org/WAI/standards-guidelines/wcag/",
                            "rules": rules}},
        "results": results}
    act_ids = sorted({act_id for f in findings for act_id in f.act})
    if act_ids:
        run["taxonomies"] = [{"name": ACT_TAXONOMY, "informationUri": ACT_URI,
                              "taxa": [{"id": act_id, "helpUri": f"{ACT_URI}{act_id}/"}
                                       for act_id in act_ids]}]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
