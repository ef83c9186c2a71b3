"""What the preview's panel reads: the gate's latest findings, with their words, help and
criteria in the book's language, as one small JSON file next to the build."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from checks.gate.catalog import AXE_PREFIX
from checks.gate.findings import Finding
from checks.gate.notebooks.exercises import NOT_EXECUTED
from checks.gate.report.common import criteria, help_url, place, rule_help
from checks.gate.report.translate import translated
from checks.gate.report.words import say, words_of
from checks.layout import PREVIEW_URL

STATIC = Path(__file__).resolve().parent / "static"
# What the preview server appends to every page it serves.
SNIPPET = (f'<link rel="stylesheet" href="{PREVIEW_URL}/static/panel.css">'
           f'<script src="{PREVIEW_URL}/static/panel.js" defer></script>')


def is_exercise(finding: Finding) -> bool:
    """A finding of the exercise gate (a notebook that does not run through, an exercise
    that is broken), counted apart from the accessibility findings."""
    return finding.rule in NOT_EXECUTED or finding.rule.startswith("exercise-")


def _what_to_do(finding: Finding, text: str, lang: str) -> str:
    """The catalog's help; for an axe-core rule (not in the catalog), axe's own help,
    which its message starts with (`help: element`), in the book's language."""
    if finding.rule.startswith(AXE_PREFIX):
        return text.partition(": ")[0]
    return rule_help(finding.rule, lang)


def shown(finding: Finding, lang: str) -> dict[str, Any]:
    """One finding as the panel shows it: where, what, and what to do."""
    text = translated(finding.message, lang, finding.rule)
    return {**finding.to_json(),
            "kind": "exercise" if is_exercise(finding) else "a11y",
            "severity_word": say(lang, finding.severity),
            "place": place(finding, lang),
            "criteria": criteria(finding),
            "text": text,
            "help": _what_to_do(finding, text, lang),
            "url": help_url(finding.rule)}


def write_state(path: Path, lang: str, findings: list[Finding], *, running: bool,
                version: int, error: str | None = None) -> None:
    """The panel's JSON, replaced in one step (a page never reads half of it)."""
    state = {"version": version, "running": running, "lang": lang,
             "words": words_of(lang, "panel "),
             "error": say(lang, "panel failed", e=error) if error else None,
             "findings": [shown(f, lang) for f in findings]}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)
