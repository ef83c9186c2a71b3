"""The text report, for a terminal or a CI log: a summary by rule and by file, findings
the theme repeats on many pages once, then each finding; lines kept short."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from checks.gate.findings import BankFigures, Finding, Subject
from checks.gate.report.common import (
    bank_title,
    by_file,
    by_rule,
    counts,
    coverage,
    criteria,
    cue_rows,
    grouped,
    help_url,
    place,
    rule_help,
    split_repeated,
    where_of,
)
from checks.gate.report.translate import translated
from checks.gate.report.words import say

WIDTH = 100


def _wrapped(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) or [indent]


def _banks(banks: Sequence[BankFigures], lang: str) -> list[str]:
    """The final quiz banks' cue figures, whatever the findings."""
    if not banks:
        return []
    lines = ["", say(lang, "banks"), *_wrapped(say(lang, "banks note"), "  ")]
    for bank in banks:
        lines.append(f"  {bank_title(bank, lang)}")
        for row in cue_rows(bank, lang):
            lines.append(f"    {row.strategy}")
            lines += _wrapped(say(lang, "cue line", right=row.right, share=row.share,
                                  chance=row.chance), "      ")
    return lines


def render_text(findings: list[Finding], subjects: list[Subject], lang: str = "en",
                banks: Sequence[BankFigures] = ()) -> str:
    if not findings:
        return "\n".join([say(lang, "no findings",
                               coverage=coverage(findings, subjects, lang)),
                           *_banks(banks, lang)]) + "\n"
    lines = [f"{counts(findings, lang)}; {coverage(findings, subjects, lang)}", ""]
    lines.append(say(lang, "by rule"))
    for rule_id, severity, number in by_rule(findings):
        lines.append(f"  {number:>5}  {say(lang, severity):<13} {rule_id}")
    lines += ["", say(lang, "by file")]
    for where, number in by_file(findings):
        lines.append(f"  {number:>5}  {where}")
    repeated, others = split_repeated(findings)
    if repeated:
        lines += ["", say(lang, "repeated")]
        for item in repeated:
            f = item.example
            lines.append(f"  {say(lang, f.severity)} [{f.rule}] "
                         f"{say(lang, 'on pages', n=len(item.pages))}")
            lines += _wrapped(translated(f.message, lang, f.rule), "      ")
            if f.target and f.target not in f.message:
                lines += _wrapped(f.target, "      ")
            lines += _wrapped(", ".join(item.pages), "      ")
    lines += ["", say(lang, "findings")]
    for where, group in grouped(others).items():
        lines.append(where)
        for f in group:
            head = ", ".join(filter(None, [place(f, lang), say(lang, f.severity)]))
            page = f" ({f.page})" if f.page and f.page != where else ""
            lines.append(f"  {head} [{f.rule}]{page}")
            lines += _wrapped(translated(f.message, lang, f.rule), "      ")
    lines += ["", say(lang, "rules")]
    for rule_id, _severity, _number in by_rule(findings):
        example = next(f for f in findings if f.rule == rule_id)
        tags = criteria(example)
        lines.append(f"  {rule_id}" + (f" ({tags})" if tags else ""))
        lines += _wrapped(rule_help(rule_id, lang), "      ")
        if url := help_url(rule_id):
            lines.append(f"      {url}")
    lines += ["", say(lang, "rules doc")]
    lines += _banks(banks, lang)
    return "\n".join(lines) + "\n"


def one_line(finding: Finding, lang: str = "en") -> str:
    """A finding on one line, with the text report's words: `file: cell 3, error [rule]
    (page): message` (the live preview prints these)."""
    where = where_of(finding)
    head = ", ".join(filter(None, [place(finding, lang), say(lang, finding.severity)]))
    page = f" ({finding.page})" if finding.page and finding.page != where else ""
    message = translated(finding.message, lang, finding.rule)
    return f"{where}: {head} [{finding.rule}]{page}: {message}"
