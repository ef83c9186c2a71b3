"""The HTML report: a standalone page, itself accessible; everything quoted is escaped.

It opens with the counts, summaries by rule and by file, then what is fixed once (the
theme on many pages, one CSS rule's contrast), then one table of findings, each with its
element, that can be filtered by rule, severity and file (form controls; without
JavaScript every finding shows), then every rule's help, then the final quiz banks' cue
figures (a table per bank). It fits a 320 px screen (wide tables scroll in their own
box) and follows the reader's dark mode.
"""

from __future__ import annotations

import html
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
    help_url,
    page_sources,
    place,
    repeated_message,
    rule_help,
    split_repeated,
    where_of,
    where_on,
)
from checks.gate.report.translate import translated
from checks.gate.report.words import say

_STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 80rem;
       margin: 0 auto; padding: 1rem; color: #1b1b1b; background: #ffffff; }
.scroll { overflow-x: auto; max-width: 100%; margin-bottom: 2rem; }
.scroll:focus { outline: 3px solid currentColor; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { border: 1px solid #595959; padding: 0.4rem; text-align: left; vertical-align: top; }
td.message, td.pages { overflow-wrap: break-word; hyphens: manual; }
code { overflow-wrap: anywhere; }
th { background: #eeeeee; }
.error { color: #a4001d; font-weight: 600; }
.warning { color: #6b4a00; font-weight: 600; }
.notice { color: #1b1b1b; }
a { color: #0b4f9c; }
a:focus, select:focus { outline: 3px solid #1b1b1b; outline-offset: 2px; }
fieldset { border: 1px solid #595959; margin-bottom: 1rem; }
label { margin-right: 0.5rem; }
select { font: inherit; margin-right: 1.5rem; max-width: 100%; }
[hidden] { display: none; }
@media (prefers-color-scheme: dark) {
  body { color: #ececec; background: #141414; }
  th { background: #2b2b2b; }
  th, td, fieldset { border-color: #9a9a9a; }
  .error { color: #ff9c9c; }
  .warning { color: #f5c65b; }
  .notice { color: #ececec; }
  a { color: #9cc8ff; }
  a:focus, select:focus { outline-color: #ececec; }
}
"""

# Filtering hides rows; the count is announced in a polite live region.
_SCRIPT = """
(() => {
  const form = document.getElementById('filters');
  if (!form) return;
  const rows = Array.from(document.querySelectorAll('#findings tbody tr'));
  const status = document.getElementById('shown');
  const template = status.dataset.template;
  const update = () => {
    const want = Object.fromEntries(Array.from(form.querySelectorAll('select'))
      .map((s) => [s.name, s.value]));
    let shown = 0;
    for (const row of rows) {
      const keep = Object.entries(want).every(([k, v]) => !v || row.dataset[k] === v);
      row.hidden = !keep;
      if (keep) shown += 1;
    }
    status.textContent = template.replace('{n}', shown).replace('{total}', rows.length);
  };
  form.hidden = false;
  form.addEventListener('change', update);
})();
"""


def _td(content: str, css: str = "") -> str:
    """A cell of already-escaped HTML."""
    return f'<td class="{css}">{content}</td>' if css else f"<td>{content}</td>"


def _table(caption: str, headers: list[str], rows: list[list[str]], table_id: str,
           row_data: list[str] | None = None) -> str:
    """A table of `_td` cells, with escaped caption and headers, in a box of its own that
    scrolls sideways when the table is wider than a phone (the page does not), reachable
    and named for the keyboard."""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers)
    body = "".join(f"<tr{row_data[i] if row_data else ''}>{''.join(row)}</tr>"
                   for i, row in enumerate(rows))
    return (f'<div class="scroll" role="region" tabindex="0" '
            f'aria-labelledby="{table_id}-caption"><table id="{table_id}">'
            f'<caption id="{table_id}-caption">{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def _rule_link(rule_id: str) -> str:
    return f'<a href="#rule-{html.escape(rule_id)}">{html.escape(rule_id)}</a>'


def _select(name: str, label: str, values: list[tuple[str, str]], lang: str) -> str:
    options = [f'<option value="">{html.escape(say(lang, "all"))}</option>'] + [
        f'<option value="{html.escape(v)}">{html.escape(text)}</option>' for v, text in values]
    return (f'<label for="filter-{name}">{html.escape(label)}</label>'
            f'<select id="filter-{name}" name="{name}">{"".join(options)}</select>')


def render_html(findings: list[Finding], subjects: list[Subject], lang: str = "en",
                banks: Sequence[BankFigures] = ()) -> str:
    esc = html.escape
    title = say(lang, "title")
    summary = (f"{counts(findings, lang)}; {coverage(findings, subjects, lang)}" if findings
               else say(lang, "no findings", coverage=coverage(findings, subjects, lang)))
    parts = [f"<h1>{esc(title)}</h1>", f"<p>{esc(summary)}</p>"]
    if findings:
        sources = page_sources(findings, subjects)
        repeated, others = split_repeated(findings, subjects)
        parts += _summaries(findings, repeated, others, sources, lang)
        if repeated:
            parts += _repeated_section(repeated, lang)
        if others:
            parts += _findings_section(others, sources, lang)
        parts += _rules_section(findings, lang)
    if banks:
        parts += _banks_section(banks, lang)
    body = "\n".join(parts)
    script = f"<script>{_SCRIPT}</script>\n" if findings else ""
    return (f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="color-scheme" content="light dark">\n'
            f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"<main>\n{body}\n</main>\n{script}</body>\n</html>\n")


def _summaries(findings: list[Finding], repeated: list[Repeated], others: list[Finding],
               sources: dict[str, str], lang: str) -> list[str]:
    esc = html.escape
    rule_rows = [[_td(_rule_link(r)), _td(esc(say(lang, s)), s), _td(str(n))]
                 for r, s, n in by_rule(findings)]
    file_rows = [[_td(esc(where)), _td(str(n))] for where, n in by_file(others, sources)]
    if repeated:
        file_rows.insert(0, [_td(f'<a href="#repeated">{esc(say(lang, "fixed once"))}</a>'),
                             _td(str(sum(len(r.findings) for r in repeated)))])
    return [
        f'<h2 id="by-rule">{esc(say(lang, "by rule"))}</h2>',
        _table(say(lang, "by rule"), [say(lang, k) for k in ("rule", "severity", "count")],
               rule_rows, "by-rule-table"),
        f'<h2 id="by-file">{esc(say(lang, "by file"))}</h2>',
        _table(say(lang, "by file"), [say(lang, "file"), say(lang, "count")], file_rows,
               "by-file-table"),
    ]


def _code_list(items: tuple[str, ...]) -> str:
    return ", ".join(f"<code>{html.escape(item)}</code>" for item in items)


def _repeated_section(repeated: list[Repeated], lang: str) -> list[str]:
    esc = html.escape
    rows = []
    for item in repeated:
        f = item.example
        elements = (f"<br>{esc(say(lang, 'element line', e=''))}{_code_list(item.elements)}"
                    if item.elements and item.elements != (f.target,) else "")
        pages = esc(where_on(item, lang)) + (
            "" if item.every_page else f": {esc(', '.join(item.pages))}")
        rows.append([_td(_rule_link(f.rule)), _td(esc(say(lang, f.severity)), f.severity),
                     _td(esc(translated(repeated_message(item), lang, f.rule)) + elements,
                         "message"),
                     _td(pages, "pages")])
    heading = say(lang, "repeated")
    return [f'<h2 id="repeated">{esc(heading)}</h2>',
            _table(heading, [say(lang, k) for k in ("rule", "severity", "message", "pages")],
                   rows, "repeated-table")]


def _findings_section(findings: list[Finding], sources: dict[str, str],
                      lang: str) -> list[str]:
    esc = html.escape
    ordered = sorted(findings, key=lambda f: (where_of(f, sources), f.line is None,
                                              f.line or 0, f.cell is None, f.cell or 0,
                                              f.rule))
    show_page = any(f.page and f.page != where_of(f, sources) for f in ordered)
    show_criteria = any(f.wcag or f.rgaa for f in ordered)
    headers = ["location", "severity", "rule", "message"] + (["page"] if show_page else []) \
        + (["criteria"] if show_criteria else [])
    rows, data = [], []
    for f in ordered:
        where = where_of(f, sources)
        spot = place(f, lang)
        element = element_of(f)
        message = esc(translated(f.message, lang, f.rule)) + (
            f"<br>{esc(say(lang, 'element line', e=''))}<code>{esc(element)}</code>"
            if element else "")
        row = [_td(esc(f"{where}: {spot}" if spot else where)),
               _td(esc(say(lang, f.severity)), f.severity), _td(_rule_link(f.rule)),
               _td(message, "message")]
        if show_page:
            row.append(_td(esc(f.page or "")))
        if show_criteria:
            row.append(_td(esc(criteria(f))))
        rows.append(row)
        data.append(f' data-rule="{esc(f.rule)}" data-severity="{esc(f.severity)}" '
                    f'data-file="{esc(where)}"')
    rules = sorted({f.rule for f in ordered})
    severities = [s for s in ("error", "warning", "notice") if any(f.severity == s
                                                                    for f in ordered)]
    files = sorted({where_of(f, sources) for f in ordered})
    filters = (
        '<form id="filters" hidden><fieldset>'
        f"<legend>{esc(say(lang, 'filter'))}</legend>"
        + _select("rule", say(lang, "rule"), [(r, r) for r in rules], lang)
        + _select("severity", say(lang, "severity"), [(s, say(lang, s)) for s in severities],
                  lang)
        + _select("file", say(lang, "file"), [(f, f) for f in files], lang)
        + "</fieldset></form>"
        + f'<p id="shown" role="status" '
        f'data-template="{esc(say(lang, "shown", n="{n}", total="{total}"))}">'
        + f"{esc(say(lang, 'shown', n=len(ordered), total=len(ordered)))}</p>")
    heading = say(lang, "findings")
    return [f'<h2 id="findings-title">{esc(heading)}</h2>', filters,
            _table(heading, [say(lang, h) for h in headers], rows, "findings", data)]


def _rules_section(findings: list[Finding], lang: str) -> list[str]:
    esc = html.escape
    items = []
    for rule_id, _severity, _n in by_rule(findings):
        example = next(f for f in findings if f.rule == rule_id)
        tags = criteria(example)
        url = help_url(rule_id)
        more = f' <a href="{esc(url)}">{esc(say(lang, "more"))}: {esc(rule_id)}</a>' \
            if url else ""
        items.append(f'<dt id="rule-{esc(rule_id)}"><code>{esc(rule_id)}</code>'
                     f"{' (' + esc(tags) + ')' if tags else ''}</dt>"
                     f"<dd>{esc(rule_help(rule_id, lang))}{more}</dd>")
    return [f'<h2 id="rules">{esc(say(lang, "rules"))}</h2>', f"<dl>{''.join(items)}</dl>",
            f"<p>{esc(say(lang, 'rules doc'))}</p>"]


def _banks_section(banks: Sequence[BankFigures], lang: str) -> list[str]:
    esc = html.escape
    parts = [f'<h2 id="quiz-banks">{esc(say(lang, "banks"))}</h2>',
             f"<p>{esc(say(lang, 'banks note'))}</p>"]
    headers = [say(lang, k) for k in ("strategy", "questions right", "share", "pass chance")]
    for bank in banks:
        rows = [[f'<th scope="row">{esc(row.strategy)}</th>', _td(esc(row.right)),
                 _td(esc(row.share)), _td(esc(row.chance))] for row in cue_rows(bank, lang)]
        parts.append(_table(bank_title(bank, lang), headers, rows,
                            f"bank-{len(parts)}"))
    return parts
