"""The text report, for a terminal or a CI log: a summary by rule and by file (a notebook
once, by its source), what is fixed in one place once (the theme on many pages, one CSS
rule's contrast: a count, a few elements and pages), then each finding with its element;
lines kept short, so a big book's report stays readable."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from checks.gate.findings import BankFigures, Finding, Subject
from checks.gate.report.common import (
    Repeated,
    bank_title,
    by_file,
    by_rule,
    counts,
    coverage,
    criteria,
    cue_rows,
    element_of,
    grouped,
    help_url,
    page_sources,
    place,
    repeated_message,
    rule_help,
    shortened,
    split_repeated,
    where_of,
    where_on,
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


def _repeated(repeated: list[Repeated], lang: str) -> list[str]:
    lines = ["", say(lang, "repeated")]
    for item in repeated:
        f = item.example
        lines.append(f"  {say(lang, f.severity)} [{f.rule}] {where_on(item, lang)}")
        lines += _wrapped(translated(repeated_message(item), lang, f.rule), "      ")
        if item.elements and item.elements != (f.target,):
            lines += _wrapped(say(lang, "element line", e=shortened(item.elements, lang, 3)),
                              "      ")
        if not item.every_page:
            lines += _wrapped(say(lang, "pages list", p=shortened(item.pages, lang, 6)),
                              "      ")
    return lines


def render_text(findings: list[Finding], subjects: list[Subject], lang: str = "en",
                banks: Sequence[BankFigures] = ()) -> str:
    if not findings:
        return "\n".join([say(lang, "no findings",
                               coverage=coverage(findings, subjects, lang)),
                           *_banks(banks, lang)]) + "\n"
    sources = page_sources(findings, subjects)
    repeated, others = split_repeated(findings, subjects)
    lines = [f"{counts(findings, lang)}; {coverage(findings, subjects, lang)}", ""]
    lines.append(say(lang, "by rule"))
    for rule_id, severity, number in by_rule(findings):
        lines.append(f"  {number:>5}  {say(lang, severity):<13} {rule_id}")
    lines += ["", say(lang, "by file")]
    if repeated:
        lines.append(f"  {sum(len(r.findings) for r in repeated):>5}  "
                     f"{say(lang, 'fixed once')}")
    for where, number in by_file(others, sources):
        lines.append(f"  {number:>5}  {where}")
    if repeated:
        lines += _repeated(repeated, lang)
    if others:
        lines += ["", say(lang, "findings")]
    for where, group in grouped(others, sources).items():
        lines.append(where)
        for f in group:
            head = ", ".join(filter(None, [place(f, lang), say(lang, f.severity)]))
            page = f" ({f.page})" if f.page and f.page != where else ""
            lines.append(f"  {head} [{f.rule}]{page}")
            lines += _wrapped(translated(f.message, lang, f.rule), "      ")
            if element := element_of(f):
                lines += _wrapped(say(lang, "element line", e=element), "      ")
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
