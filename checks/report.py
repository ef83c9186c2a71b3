"""Reporters: turn findings into text, the JSON report contract, or JUnit XML.

Reporters know nothing of the rules; they only format findings.
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections import defaultdict

from checks import __version__
from checks.findings import Finding, Subject
from checks.rules import REGISTRY

AXE_HELP = "https://dequeuniversity.com/rules/axe/4.14/"
RULES_DOC = "docs/rules.md#"


def help_text(finding: Finding) -> str:
    rule = REGISTRY.get(finding.rule)
    return rule.help if rule else ""


def help_url(rule_id: str) -> str:
    """Where an author reads about a rule: axe's rule page or this project's rule list."""
    if rule_id.startswith("axe-"):
        return AXE_HELP + rule_id.removeprefix("axe-")
    return RULES_DOC + rule_id


def _grouped(findings: list[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[finding.source or finding.page or "(book)"].append(finding)
    for group in groups.values():
        group.sort(key=lambda f: (f.cell is None, f.cell or 0, f.rule))
    return groups


def _counts(findings: list[Finding]) -> str:
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "notice")}
    return ", ".join(f"{n} {s}(s)" for s, n in counts.items())


def render_text(findings: list[Finding], subjects: list[Subject]) -> str:
    if not findings:
        return f"No findings ({len(subjects)} item(s) checked).\n"
    lines = []
    for where, group in _grouped(findings).items():
        lines.append(where)
        for f in group:
            cell = f"cell {f.cell}: " if f.cell is not None else ""
            page = f" (page {f.page})" if f.page and f.page != where else ""
            criteria = (f" WCAG {', '.join(f.wcag)};" if f.wcag else "") + (
                f" RGAA {', '.join(f.rgaa)};" if f.rgaa else "")
            lines.append(f"  {cell}{f.severity}: {f.message}{page} [{f.rule}]{criteria}")
            lines.append(f"      help: {help_text(f)} {help_url(f.rule)}".rstrip())
    lines.append(_counts(findings))
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


SARIF_LEVEL = {"error": "error", "warning": "warning", "notice": "note"}


def render_sarif(findings: list[Finding], subjects: list[Subject]) -> str:
    """SARIF 2.1.0, for code-scanning annotations."""
    rule_ids = sorted({f.rule for f in findings})
    rules = []
    for rule_id in rule_ids:
        example = next(f for f in findings if f.rule == rule_id)
        rules.append({
            "id": rule_id,
            "shortDescription": {"text": help_text(example) or rule_id},
            "helpUri": help_url(rule_id),
            "properties": {"wcag": list(example.wcag), "rgaa": list(example.rgaa),
                           "tags": ["accessibility"] if example.wcag or example.rgaa else []},
        })
    results = []
    for f in findings:
        location: dict[str, object] = {"physicalLocation": {
            "artifactLocation": {"uri": f.source or f.page or "_toc.yml"},
            "region": {"startLine": 1}}}
        if f.cell is not None:
            location["logicalLocations"] = [{"name": f"cell {f.cell}", "kind": "module"}]
        results.append({
            "ruleId": f.rule, "ruleIndex": rule_ids.index(f.rule),
            "level": SARIF_LEVEL[f.severity], "message": {"text": f.message},
            "locations": [location],
            "properties": {"cell": f.cell, "page": f.page, "wcag": list(f.wcag),
                           "rgaa": list(f.rgaa)},
        })
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "caire", "version": __version__,
                                      "informationUri": "https://www.w3.org/WAI/standards-guidelines/wcag/",
                                      "rules": rules}},
                  "results": results}],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


_HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; line-height: 1.5; max-width: 70rem;
       margin: 0 auto; padding: 1rem; color: #1b1b1b; background: #ffffff; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2rem; }}
caption {{ text-align: left; font-weight: 600; padding: 0.5rem 0; }}
th, td {{ border: 1px solid #595959; padding: 0.4rem; text-align: left;
          vertical-align: top; overflow-wrap: anywhere; }}
th {{ background: #eeeeee; }}
.error {{ color: #a4001d; font-weight: 600; }}
.warning {{ color: #6b4a00; font-weight: 600; }}
.notice {{ color: #1b1b1b; }}
a {{ color: #0b4f9c; }}
a:focus {{ outline: 3px solid #1b1b1b; outline-offset: 2px; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{summary}</p>
{sections}
</main>
</body>
</html>
"""


def render_html(findings: list[Finding], subjects: list[Subject]) -> str:
    """A standalone report page, itself accessible; everything quoted is escaped."""
    esc = html.escape
    sections = []
    for number, (where, group) in enumerate(_grouped(findings).items(), start=1):
        rows = []
        for f in group:
            criteria = "; ".join(filter(None, [
                f"WCAG {', '.join(f.wcag)}" if f.wcag else "",
                f"RGAA {', '.join(f.rgaa)}" if f.rgaa else ""]))
            rows.append(
                "<tr>"
                f"<td>{'' if f.cell is None else f.cell}</td>"
                f'<td class="{esc(f.severity)}">{esc(f.severity)}</td>'
                f"<td>{esc(f.message)}</td>"
                f"<td>{esc(f.page or '')}</td>"
                f"<td>{esc(criteria)}</td>"
                f'<td><a href="{esc(help_url(f.rule))}">{esc(f.rule)}'
                f"<span> (help)</span></a></td>"
                "</tr>")
        sections.append(
            f'<section aria-labelledby="file-{number}">'
            f'<h2 id="file-{number}">{esc(where)}</h2>'
            f"<table><caption>Findings in {esc(where)}</caption>"
            "<thead><tr><th scope=\"col\">Cell</th><th scope=\"col\">Severity</th>"
            "<th scope=\"col\">Message</th><th scope=\"col\">Page</th>"
            "<th scope=\"col\">Criteria</th><th scope=\"col\">Rule</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>")
    summary = (f"{len(subjects)} item(s) checked: {_counts(findings)}." if findings
               else f"{len(subjects)} item(s) checked: no findings.")
    return _HTML_PAGE.format(title="caire accessibility and exercise report",
                             summary=esc(summary), sections="\n".join(sections))


RENDERERS = {"text": render_text, "json": render_json, "junit": render_junit,
             "sarif": render_sarif, "html": render_html}


def render(findings: list[Finding], subjects: list[Subject], output_format: str) -> str:
    return RENDERERS[output_format](findings, subjects)
