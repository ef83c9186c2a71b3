"""Reporters: they format findings and know nothing of the checks.

Help texts and criteria come from the rule catalog, so a report reads the same whatever
was imported before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from checks.gate.findings import BankFigures, Finding, Subject
from checks.gate.report.html_page import render_html
from checks.gate.report.machine import render_json, render_junit, render_sarif
from checks.gate.report.text import render_text

RENDERERS = {"text": render_text, "json": render_json, "junit": render_junit,
             "sarif": render_sarif, "html": render_html}
FORMATS = tuple(RENDERERS)


def render(findings: list[Finding], subjects: list[Subject], output_format: str,
           lang: str = "en", banks: Sequence[BankFigures] = ()) -> str:
    """The report in `output_format`, its words in `lang` (JSON keeps the checks' words);
    text, HTML and JSON also show the final quiz banks' cue figures."""
    return RENDERERS[output_format](findings, subjects, lang, banks)
