"""`caire check`: the gate's run, from notebooks to the report.

Notebooks execute (exercise gate), the source rules read notebooks and pages, then for the
whole book the site is built and every page checked in the browser; findings pass the
configuration's ignores and the baseline before a reporter prints them.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from myst_nb.core.config import NbParserConfig

from checks.book.build import build_book
from checks.book.config import badge_banks, book_language, write_sphinx_conf
from checks.book.execution import book_execution, notebook_execution
from checks.book.toc import book_excludes, toc_notebooks, toc_sources
from checks.content.course import is_final_bank
from checks.content.notebook_file import is_notebook
from checks.errors import SetupError
from checks.gate.baseline import apply_baseline, read_baseline, write_baseline
from checks.gate.config import GateConfig, apply_ignores, load_config
from checks.gate.findings import BankFigures, Finding, Subject, at_or_above, build_findings
from checks.gate.notebooks.exercises import run_gate, static_gate
from checks.gate.notebooks.load import discover, load, relative
from checks.gate.packages import check_package
from checks.gate.pages.browser import axe_script
from checks.gate.pages.engine import check_site, in_shard
from checks.gate.pages.offline import merged as blocked_merged
from checks.gate.report import render
from checks.gate.report.words import LANGUAGES
from checks.gate.sources.check import check_sources_and_banks
from checks.gate.sources.read import read_source
from checks.gate.summary import save_summary
from checks.layout import CONFIG_FILE, HTML_DIR, SOURCE_SUFFIXES, TOC_FILE, source_files
from checks.streams import stdout_to_stderr


@dataclass
class CheckOptions:
    targets: list[Path] = field(default_factory=list)
    output_format: str = "text"
    jobs: int | None = None
    site: Path | None = None
    browser: bool = True
    update_baseline: bool = False
    # (K, N): check only the K-th of N deterministic slices of notebooks, sources and pages.
    shard: tuple[int, int] | None = None
    # The report's language; None: the book's (English for a book in another language).
    lang: str | None = None
    # False: run no notebook (static rules only, for a pre-commit hook).
    execute: bool = True


def report_language(root: Path, lang: str | None) -> str:
    chosen = lang or book_language(root) or "en"
    return chosen if chosen in LANGUAGES else "en"


def _in_book(root: Path, paths: list[Path]) -> list[Path]:
    """`paths` less the files the book leaves out (`exclude_patterns`, files missing from
    `_toc.yml` with `only_build_toc_files`): a README given to a pre-commit hook, say."""
    if not ((root / CONFIG_FILE).is_file() and (root / TOC_FILE).is_file()):
        return paths  # notebooks outside any book
    excluded = book_excludes(root)
    return [path for path in paths if not excluded(path)]


def _badge_banks(root: Path) -> list[Path]:
    """The book's badge banks: left out of the site, read by the source rules."""
    if not (root / CONFIG_FILE).is_file():
        return []
    return [path.resolve() for path in badge_banks(root)]


def _sources(root: Path, targets: list[Path]) -> list[Path]:
    """Pages the source rules read: the book's and its badge banks, or the notebooks and
    pages given (a final quiz bank among them is read, though the book leaves it out: an
    exam kept unpublished)."""
    banks = _badge_banks(root)
    if not targets:
        return toc_sources(root)[0] + banks
    paths: list[Path] = []
    for target in targets:
        if target.is_dir():
            paths += source_files(target)
        elif target.suffix in SOURCE_SUFFIXES and target.is_file():
            paths.append(target)
    kept = set(_in_book(root, paths))
    return [path for path in paths
            if path in kept or path.resolve() in banks or is_final_bank(path)]


def _not_executed(root: Path, paths: list[Path], book: NbParserConfig) -> set[Path]:
    """The notebooks of `paths` the book does not execute (those of other shards)."""
    return {path for path in paths if (item := load(root, path)[0]) is not None
            and not notebook_execution(book, item.path, item.nb).run}


def book_build(root: Path, as_is: set[Path], already: list[Finding], *,
               force_all: bool = False, quiet: bool = True) -> list[Finding]:
    """Build the site once the gate has executed the notebooks (the build shows the
    notebooks `as_is` as they are); the build's findings, less what `already` reported
    more precisely."""
    result = build_book(root, as_is, force_all=force_all, quiet=quiet)
    flagged = {f.source for f in already if f.severity == "error"}
    return [f for f in build_findings(result.problems) if f.source not in flagged]


def _gather(root: Path, options: CheckOptions, config: GateConfig) -> tuple[
        list[Finding], list[Subject], list[BankFigures]]:
    if options.site is not None:
        findings, pages = check_site(options.site, root, jobs=config.browsers,
                                     page_timeout=config.page_timeout, shard=options.shard,
                                     serve_mathjax=config.local_mathjax)
        return findings, pages, []
    targets = options.targets
    whole_book = not targets and options.execute
    if whole_book:
        write_sphinx_conf(root)  # a missing extension stops the run before anything runs
    book = book_execution(root)
    book_notebooks = [] if targets else toc_notebooks(root)
    packages = [p for p in targets if p.suffix == ".zip"]
    # Markdown pages are read by the source rules only; MyST notebooks also execute.
    notebooks = [p for p in targets if p.suffix != ".zip"
                 and (p.suffix != ".md" or is_notebook(p))]
    paths, findings = discover(root, notebooks, book_notebooks)
    paths = in_shard(_in_book(root, paths) if targets else paths, options.shard)
    for package in packages:
        if not package.is_file():
            raise SetupError(f"{package}: no such package")
        findings += check_package(package, relative(root, package))
    gate = run_gate(root, paths, book=book, jobs=options.jobs) if options.execute \
        else static_gate(root, paths)
    findings += gate.findings
    subjects = gate.subjects + [Subject(relative(root, p), None, ()) for p in packages]
    # Outputs from the execution cache only where the gate ran the notebook (a notebook
    # the book does not execute shows what it holds).
    docs = [doc for path in in_shard(_sources(root, targets), options.shard)
            if (doc := read_source(root, path, executed=path in gate.executed))]
    source_findings, banks = check_sources_and_banks(
        docs, config.cue_limits, review_months=config.fact_review_months)
    findings += source_findings
    # A badge bank runs nothing: the source rules are all that check it.
    bank_docs = {relative(root, path) for path in _badge_banks(root)}
    subjects += [Subject(doc.rel, None, ()) for doc in docs
                 if not doc.is_notebook or doc.rel in bank_docs]
    if not whole_book:
        return findings, subjects, banks
    # Notebooks that did not run here are shown as they are; another shard's, as the
    # book executes them.
    others = [path for path in book_notebooks if path not in paths]
    as_is = (set(paths) - gate.executed) | _not_executed(root, others, book)
    findings += book_build(root, as_is, already=findings)
    print(f"caire: site in {root / HTML_DIR}/index.html", file=sys.stderr)
    if options.browser:
        page_findings, pages = check_site(root / HTML_DIR, root, jobs=config.browsers,
                                          page_timeout=config.page_timeout,
                                          shard=options.shard,
                                          serve_mathjax=config.local_mathjax)
        findings += page_findings
        subjects += pages
    return findings, subjects, banks


def check(root: Path, options: CheckOptions) -> int:
    """The gate: exercises, source rules, then (whole book only) build and page rules."""
    config = load_config(root)
    with stdout_to_stderr():
        findings, subjects, banks = _gather(root, options, config)
    findings, ignored = apply_ignores(findings, config)
    if options.update_baseline:
        if config.baseline is None:
            raise SetupError(f"{config.origin}: set `baseline` to a file before "
                             "--update-baseline")
        write_baseline(config.baseline, findings)
        print(f"caire: {len(findings)} finding(s) recorded in {config.baseline}",
              file=sys.stderr)
        return 0
    if not options.targets and options.site is None and options.browser and \
            options.execute and options.shard is None:
        save_summary(root, findings, subjects, axe_script(root))
    known = 0
    if config.baseline is not None:
        findings, known = apply_baseline(findings, read_baseline(config.baseline))
    sys.stdout.write(render(findings, subjects, options.output_format,
                            report_language(root, options.lang), banks))
    failing = at_or_above(findings, config.fail_on)
    notes = [f"{ignored} ignored by configuration" if ignored else "",
             f"{known} already in the baseline" if known else ""]
    extra = "; ".join(n for n in notes if n)
    print(f"caire: {len(subjects)} item(s) checked{'; ' + extra if extra else ''}; "
          f"{'gate failed' if failing else 'gate passed'}", file=sys.stderr)
    return 1 if failing else 0


def _read_report(path: Path) -> tuple[list[Finding], list[Subject], list[BankFigures]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        findings = [Finding.from_json(item) for item in data["findings"]]
        subjects = [Subject(s["source"], s["cell"], tuple(s["tests"]), s["page"])
                    for s in data["checked"]]
        # Reports written before the banks' figures have none.
        banks = [BankFigures.from_json(item) for item in data.get("quiz_banks", [])]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise SetupError(f"{path}: not a caire JSON report ({type(exc).__name__})") from None
    return findings, subjects, banks


def merge_reports(root: Path, paths: list[Path], output_format: str,
                  lang: str | None = None) -> int:
    """`caire report merge`: one report from the JSON reports of shards, in a fixed order."""
    findings: list[Finding] = []
    subjects: list[Subject] = []
    banks: list[BankFigures] = []
    for path in paths:
        more_findings, more_subjects, more_banks = _read_report(path)
        findings += more_findings
        subjects += more_subjects
        banks += more_banks
    # Shards do not overlap, but the same report given twice must not count twice; what
    # each shard's pages load from other sites is named once for the site.
    findings = blocked_merged(list(dict.fromkeys(findings)))
    subjects = list(dict.fromkeys(subjects))
    subjects.sort(key=lambda s: (s.page is not None, s.page or s.source or "", s.cell or -1))
    findings.sort(key=lambda f: (f.page is not None, f.page or f.source or "",
                                 -1 if f.cell is None else f.cell, f.rule, f.target or "",
                                 f.message))
    banks = sorted(dict.fromkeys(banks), key=lambda bank: bank.source)
    sys.stdout.write(render(findings, subjects, output_format, report_language(root, lang),
                            banks))
    failing = at_or_above(findings, load_config(root).fail_on)
    print(f"caire: {len(paths)} report(s) merged; "
          f"{'gate failed' if failing else 'gate passed'}", file=sys.stderr)
    return 1 if failing else 0


