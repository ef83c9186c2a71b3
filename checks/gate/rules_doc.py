"""`caire rules`: every rule of the gate as a Markdown table (the source of docs/rules.md)."""

from __future__ import annotations

from checks.gate.catalog import CATALOG

INTRO = """# Rules

Every finding of `caire check` comes from one of these rules (`caire rules` prints this
page). Rules on the built pages come from axe-core and are reported as
`axe-<axe rule id>`, with the WCAG 2.1 and RGAA 4.1 criteria axe tags them with (axe 4.11+
carries `RGAA-x.y.z` tags); their help is axe's own page for the rule. Violations of WCAG
A/AA rules are errors, best practices are warnings.

Rules named `page-…` are driven in the browser on every built page (the keyboard, the
focus, media, refresh): what rule engines leave to a person; their W3C ACT rule is given
where one exists.

Rules named `quiz-…` check the self-check and final quizzes; those on how items are
written (Haladyna, Downing & Rodriguez, 2002) are about content quality, so they name no
accessibility criterion.

| rule | severity | WCAG 2.1 | RGAA 4.1 | ACT | what to do |
| --- | --- | --- | --- | --- | --- |
"""


def rules_markdown() -> str:
    rows = []
    for rule_id, rule in sorted(CATALOG.items()):
        help_text = rule.help.replace("|", "\\|")
        rows.append(f'| <a id="{rule_id}"></a>`{rule_id}` | {rule.severity} | '
                    f'{", ".join(rule.wcag)} | {", ".join(rule.rgaa)} | '
                    f'{", ".join(rule.act)} | {help_text} |')
    return INTRO + "\n".join(rows) + "\n"
