"""The HTML report: a standalone page, itself accessible; everything quoted is escaped."""

from __future__ import annotations

import html

from checks.gate.findings import Finding, Subject
from checks.gate.report.common import counts, coverage, grouped, help_url

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
    for number, (where, group) in enumerate(grouped(findings).items(), start=1):
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
    summary = (f"{coverage(findings, subjects)}: {counts(findings)}." if findings
               else f"{coverage(findings, subjects)}: no findings.")
    return _HTML_PAGE.format(title="caire accessibility and exercise report",
                             summary=esc(summary), sections="\n".join(sections))
