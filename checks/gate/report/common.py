"""What every reporter shares: help for a rule, the summary, the findings that repeat on
many pages, and the report's words in the run's language."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from checks.gate.catalog import AXE_PREFIX, help_text
from checks.gate.findings import BankFigures, Finding, Subject, pages_not_checked
from checks.gate.report.words import say

AXE_HELP = "https://dequeuniversity.com/rules/axe/4.14/"
# A page finding at the same element on this many pages comes from the theme or the
# layout, not from one page's content: it is reported once, with its pages.
REPEAT_MIN_PAGES = 3


def help_url(rule_id: str) -> str | None:
    """axe-core's page for its rules; caire's own rules carry their help in the report
    (and in `caire rules`), so nothing points into a repository the reader may not have."""
    if rule_id.startswith(AXE_PREFIX):
        return AXE_HELP + rule_id.removeprefix(AXE_PREFIX)
    return None


def rule_help(rule_id: str, lang: str) -> str:
    return help_text(rule_id, lang) or rule_id


@dataclass(frozen=True)
class Repeated:
    """One finding that the theme or layout puts on many pages."""

    example: Finding
    pages: tuple[str, ...]


def split_repeated(findings: list[Finding]) -> tuple[list[Repeated], list[Finding]]:
    """(findings repeated at the same element on many pages, the others in order)."""
    pages_of: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        # Outside any notebook cell (source None): the page's frame, not its content.
        if finding.page and finding.target and finding.source is None:
            pages_of[(finding.rule, finding.target)].append(finding)
    repeated_keys = {key for key, group in pages_of.items()
                     if len({f.page for f in group}) >= REPEAT_MIN_PAGES}
    repeated = [Repeated(group[0], tuple(sorted({f.page for f in group if f.page})))
                for key, group in pages_of.items() if key in repeated_keys]
    others = [f for f in findings if (f.rule, f.target) not in repeated_keys
              or not (f.page and f.target and f.source is None)]
    repeated.sort(key=lambda r: (-len(r.pages), r.example.rule, r.example.target or ""))
    return repeated, others


def where_of(finding: Finding) -> str:
    return finding.source or finding.page or "(book)"


def grouped(findings: list[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[where_of(finding)].append(finding)
    for group in groups.values():
        group.sort(key=lambda f: (f.line is None, f.line or 0, f.cell is None, f.cell or 0,
                                  f.rule))
    return groups


def criteria(finding: Finding) -> str:
    """`WCAG 1.1.1; RGAA 1.1`, or '' for a rule with no criterion."""
    return "; ".join(filter(None, [f"WCAG {', '.join(finding.wcag)}" if finding.wcag else "",
                                   f"RGAA {', '.join(finding.rgaa)}" if finding.rgaa else ""]))


def place(finding: Finding, lang: str) -> str:
    """`line 12, cell 3`, `cell 3`, `line 12` or '' within a file."""
    parts = []
    if finding.line is not None:
        parts.append(say(lang, "line", n=finding.line))
    if finding.cell is not None:
        parts.append(say(lang, "cell", n=finding.cell))
    return ", ".join(parts)


def by_rule(findings: list[Finding]) -> list[tuple[str, str, int]]:
    """(rule, severity, count), most severe first, then most frequent."""
    counter = Counter(f.rule for f in findings)
    severity = {f.rule: f.severity for f in findings}
    rank = {"error": 0, "warning": 1, "notice": 2}
    return sorted(((rule, severity[rule], n) for rule, n in counter.items()),
                  key=lambda item: (rank[item[1]], -item[2], item[0]))


def by_file(findings: list[Finding]) -> list[tuple[str, int]]:
    counter = Counter(where_of(f) for f in findings)
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def coverage(findings: list[Finding], subjects: list[Subject], lang: str) -> str:
    """`N item(s) checked`, with the pages that could not be checked named."""
    pages = [s.page for s in subjects if s.page is not None]
    text = say(lang, "items checked", n=len(subjects))
    if pages:
        missing = pages_not_checked(findings, pages)
        text += say(lang, "pages checked", n=len(pages) - len(missing), total=len(pages))
        if missing:
            text += say(lang, "not checked", pages=", ".join(missing))
    return text


def counts(findings: list[Finding], lang: str) -> str:
    tally = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "notice")}
    return ", ".join(say(lang, f"{s}s", n=n) for s, n in tally.items())


def number(value: float, lang: str, digits: int = 1) -> str:
    """`32`, `9.9` (`9,9` in French): whole numbers without decimals."""
    text = f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def percent(share: float, lang: str) -> str:
    """A share from 0 to 1 as a percentage: `89 %`, `95.3 %`, `< 0.1 %` (French: comma,
    no-break space)."""
    value = 100 * share
    if 0 < value < 0.1:
        text = "< " + number(0.1, lang)
    else:
        text = number(round(value, 1), lang)
    return f"{text}\u00a0%" if lang == "fr" else f"{text} %"


@dataclass(frozen=True)
class CueRow:
    strategy: str
    right: str
    share: str
    chance: str


def bank_title(bank: BankFigures, lang: str) -> str:
    return say(lang, "bank", source=bank.source, items=bank.items, draw=bank.draw,
               mark=percent(bank.pass_mark / 100, lang))


def cue_rows(bank: BankFigures, lang: str) -> list[CueRow]:
    """Each strategy's figures on a bank, in the run's language."""
    rows = []
    for cue in bank.cues:
        rows.append(CueRow(say(lang, f"cue {cue.strategy}", n=cue.position),
                           say(lang, "right of", right=number(cue.right, lang),
                               items=cue.items),
                           percent(cue.right / cue.items, lang),
                           percent(cue.pass_chance or 0.0, lang)))
    return rows
