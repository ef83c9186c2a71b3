"""What every reporter shares: help for a rule, the summary, the findings that repeat on
many pages, and the report's words in the run's language."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from checks.gate.catalog import AXE_PREFIX, help_text
from checks.gate.findings import BankFigures, Finding, Subject, pages_not_checked
from checks.gate.report.words import say

AXE_HELP = "https://dequeuniversity.com/rules/axe/4.14/"
# A page finding at elements of one pattern on this many pages comes from the theme or
# the layout, not from one page's content; as many contrast findings of the same colours
# come from one CSS rule: each is reported once, with its pages and elements.
REPEAT_MIN_PAGES = 3


def help_url(rule_id: str) -> str | None:
    """axe-core's page for its rules; caire's own rules carry their help in the report
    (and in `caire rules`), so nothing points into a repository the reader may not have."""
    if rule_id.startswith(AXE_PREFIX):
        return AXE_HELP + rule_id.removeprefix(AXE_PREFIX)
    return None


def rule_help(rule_id: str, lang: str) -> str:
    return help_text(rule_id, lang) or rule_id


# Numbers and hex ids in a selector: `#sidebar-item-12 > a`, `li:nth-child(3)` and
# `#eq-3f2a9c1e` name elements of one pattern.
_HEX_ID = re.compile(r"(?<![0-9a-z])(?=[0-9a-f]*\d)[0-9a-f]{6,}(?![0-9a-z])", re.I)
_NUMBER = re.compile(r"\d+")


def selector_pattern(target: str) -> str:
    return _NUMBER.sub("N", _HEX_ID.sub("H", target))


@dataclass(frozen=True)
class Repeated:
    """Findings fixed in one place, shown as one entry (the JSON keeps each): the theme or
    layout at elements of one selector pattern on many pages, or colour contrast from one
    CSS rule (the same two colours and required ratio)."""

    example: Finding
    findings: tuple[Finding, ...]
    pages: tuple[str, ...]
    elements: tuple[str, ...]
    every_page: bool = False


def _natural(text: str) -> list:
    """`#item-2` before `#item-10`."""
    return [(0, int(part)) if part.isdigit() else (1, part)
            for part in re.split(r"(\d+)", text)]


def _contrast_key(finding: Finding) -> tuple | None:
    data = finding.measured()
    if not {"fgColor", "bgColor", "expectedContrastRatio"} <= set(data):
        return None
    return ("contrast", finding.rule, data["fgColor"], data["bgColor"],
            data["expectedContrastRatio"])


def _group_key(finding: Finding) -> tuple | None:
    """What a finding shares with the others fixed in the same place; None: its own."""
    if (key := _contrast_key(finding)) is not None:
        return key
    # Outside any notebook cell (source None): the page's frame, not its content.
    # Its path when known: axe names one element `img` on a page, `.logo` on the next.
    if finding.page and finding.target and finding.source is None:
        where = str(finding.measured().get("path") or finding.target)
        return ("theme", finding.rule, selector_pattern(where))
    return None


def _enough(key: tuple, group: list[Finding]) -> bool:
    if key[0] == "contrast":
        return len(group) >= REPEAT_MIN_PAGES
    return len({f.page for f in group}) >= REPEAT_MIN_PAGES


def checked_pages(findings: list[Finding], subjects: Sequence[Subject]) -> list[str]:
    pages = [s.page for s in subjects if s.page is not None]
    missing = set(pages_not_checked(findings, pages))
    return [page for page in pages if page not in missing]


def split_repeated(findings: list[Finding], subjects: Sequence[Subject] = ()
                   ) -> tuple[list[Repeated], list[Finding]]:
    """(findings fixed in one place, grouped; the others in order)."""
    groups: dict[tuple, list[Finding]] = defaultdict(list)
    for finding in findings:
        if (key := _group_key(finding)) is not None:
            groups[key].append(finding)
    kept = {key for key, group in groups.items() if _enough(key, group)}
    checked = set(checked_pages(findings, subjects))
    repeated = []
    for key in kept:
        group = groups[key]
        pages = tuple(sorted({f.page for f in group if f.page}))
        paths = {f.measured().get("path") for f in group}
        # One element of the theme that axe names differently from page to page: its path.
        elements = (tuple(str(p) for p in paths) if len(paths) == 1 and None not in paths
                    else tuple(sorted({f.target for f in group if f.target}, key=_natural)))
        repeated.append(Repeated(group[0], tuple(group), pages, elements,
                                 every_page=len(checked) >= REPEAT_MIN_PAGES
                                 and checked <= set(pages)))
    grouped_ids = {id(f) for key in kept for f in groups[key]}
    others = [f for f in findings if id(f) not in grouped_ids]
    repeated.sort(key=lambda r: (-len(r.pages), -len(r.findings), r.example.rule,
                                 r.example.target or ""))
    return repeated, others


def repeated_message(item: Repeated) -> str:
    """The example's message without its own element (the entry lists its elements)."""
    f = item.example
    if f.target and item.elements != (f.target,):
        return f.message.replace(f": {f.target}", "", 1)
    return f.message


def where_on(item: Repeated, lang: str) -> str:
    """`on every page (72)`, `on 5 pages`, then `, 240 elements` when more than pages."""
    text = (say(lang, "on every page", n=len(item.pages)) if item.every_page
            else say(lang, "on pages", n=len(item.pages)))
    if len(item.findings) > len(item.pages):
        text += ", " + say(lang, "elements", n=len(item.findings))
    return text


def shortened(items: tuple[str, ...] | list[str], lang: str, most: int) -> str:
    """The first `most` items, then `+N more`."""
    text = ", ".join(items[:most])
    if len(items) > most:
        text += " " + say(lang, "and more", n=len(items) - most)
    return text


def page_sources(findings: list[Finding], subjects: list[Subject]) -> dict[str, str]:
    """Each built page's source (from the page's subject, else from its findings), so a
    notebook is listed once, by its source."""
    sources = {f.page: f.source for f in findings if f.page and f.source}
    sources.update({s.page: s.source for s in subjects if s.page and s.source})
    return sources


def where_of(finding: Finding, sources: dict[str, str] | None = None) -> str:
    if finding.source:
        return finding.source
    if finding.page:
        return (sources or {}).get(finding.page, finding.page)
    return "(book)"


def grouped(findings: list[Finding],
            sources: dict[str, str] | None = None) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[where_of(finding, sources)].append(finding)
    for group in groups.values():
        group.sort(key=lambda f: (f.line is None, f.line or 0, f.cell is None, f.cell or 0,
                                  f.rule))
    return groups


def element_of(finding: Finding) -> str | None:
    """The element a finding names when its message does not already show it."""
    if finding.target and finding.target not in finding.message:
        return finding.target
    return None


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


def by_file(findings: list[Finding],
            sources: dict[str, str] | None = None) -> list[tuple[str, int]]:
    counter = Counter(where_of(f, sources) for f in findings)
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
