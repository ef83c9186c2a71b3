"""What `caire build` and `caire check` do, between the CLI and the checks."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.errors import SphinxError

from checks.baseline import apply_baseline, read_baseline, write_baseline
from checks.book_config import load_book_yaml
from checks.browser import axe_script
from checks.build import HTML_DIR, BuildResult, build_book
from checks.config import GateConfig, apply_ignores, load_config
from checks.errors import SetupError
from checks.exercise_gate import DEFAULT_TIMEOUT, run_gate
from checks.findings import Finding, Subject, at_or_above
from checks.gate_summary import save_summary
from checks.notebook_io import discover, relative
from checks.page_rules import check_site
from checks.report import render
from checks.scorm import check_package
from checks.source_rules import check_sources
from checks.sources import read_source
from checks.toc import toc_sources


def _build(root: Path, *, force_all: bool = False, quiet: bool = False) -> BuildResult:
    try:
        return build_book(root, force_all=force_all, quiet=quiet)
    except SphinxError as exc:
        raise SetupError(f"{root}: the book cannot be built: {exc}".splitlines()[0]) from None


def build(root: Path, *, force_all: bool = False) -> int:
    result = _build(root, force_all=force_all)
    for finding in result.findings:
        print(finding.one_line(), file=sys.stderr)
    if result.findings:
        print(f"caire: build failed with {len(result.findings)} error(s)", file=sys.stderr)
        return 1
    print(f"caire: site built in {result.html_dir}/index.html", file=sys.stderr)
    return 0


def _default_timeout(root: Path) -> int:
    value = (load_book_yaml(root).get("execute") or {}).get("timeout", DEFAULT_TIMEOUT)
    if not isinstance(value, int) or value <= 0:
        raise SetupError(f"{root / '_config.yml'}: execute.timeout must be a positive integer")
    return value


@dataclass
class CheckOptions:
    targets: list[Path] = field(default_factory=list)
    output_format: str = "text"
    jobs: int | None = None
    site: Path | None = None
    browser: bool = True
    update_baseline: bool = False


def _sources(root: Path, targets: list[Path]) -> list[Path]:
    """Pages the source rules read: the book's, or the notebooks and pages given."""
    if not targets:
        return toc_sources(root)[0]
    found: list[Path] = []
    for target in targets:
        if target.is_dir():
            found += sorted(p for p in target.rglob("*") if p.suffix in (".ipynb", ".md")
                            and not {"_build", ".ipynb_checkpoints"} & set(p.parts))
        elif target.suffix in (".ipynb", ".md") and target.is_file():
            found.append(target)
    return found


def _gather(root: Path, options: CheckOptions, config: GateConfig) -> tuple[
        list[Finding], list[Subject]]:
    if options.site is not None:
        return check_site(options.site, root, jobs=config.browsers,
                          page_timeout=config.page_timeout)
    timeout = _default_timeout(root)
    targets = options.targets
    toc_notebooks = [] if targets else [p for p in toc_sources(root)[0] if p.suffix == ".ipynb"]
    packages = [p for p in targets if p.suffix == ".zip"]
    notebooks = [p for p in targets if p.suffix not in (".md", ".zip")]
    paths, findings = discover(root, notebooks, toc_notebooks)
    for package in packages:
        if not package.is_file():
            raise SetupError(f"{package}: no such package")
        findings += check_package(package, relative(root, package))
    subjects_packages = [Subject(relative(root, p), None, ()) for p in packages]
    gate_findings, subjects = run_gate(root, paths, default_timeout=timeout, jobs=options.jobs)
    findings += gate_findings
    subjects += subjects_packages
    docs = [doc for path in _sources(root, targets) if (doc := read_source(root, path))]
    findings += check_sources(docs)
    subjects += [Subject(doc.rel, None, ()) for doc in docs if not doc.is_notebook]
    if targets:
        return findings, subjects
    findings += _build_findings(root, already=findings)
    if options.browser:
        page_findings, pages = check_site(root / HTML_DIR, root, jobs=config.browsers,
                                          page_timeout=config.page_timeout)
        findings += page_findings
        subjects += pages
    return findings, subjects


def check(root: Path, options: CheckOptions) -> int:
    """The gate: exercises, source rules, then (whole book only) build and page rules."""
    config = load_config(root)
    findings, subjects = _gather(root, options, config)
    findings, ignored = apply_ignores(findings, config)
    if options.update_baseline:
        if config.baseline is None:
            raise SetupError(f"{config.origin}: set `baseline` to a file before "
                             "--update-baseline")
        write_baseline(config.baseline, findings)
        print(f"caire: {len(findings)} finding(s) recorded in {config.baseline}",
              file=sys.stderr)
        return 0
    if not options.targets and options.site is None and options.browser:
        save_summary(root, findings, subjects, axe_script(root))
    known = 0
    if config.baseline is not None:
        findings, known = apply_baseline(findings, read_baseline(config.baseline))
    sys.stdout.write(render(findings, subjects, options.output_format))
    failing = at_or_above(findings, config.fail_on)
    notes = [f"{ignored} ignored by configuration" if ignored else "",
             f"{known} already in the baseline" if known else ""]
    extra = "; ".join(n for n in notes if n)
    print(f"caire: {len(subjects)} item(s) checked{'; ' + extra if extra else ''}; "
          f"{'gate failed' if failing else 'gate passed'}", file=sys.stderr)
    return 1 if failing else 0


def _build_findings(root: Path, already: list[Finding]) -> list[Finding]:
    """Build the site; drop what the exercise gate already reported more precisely."""
    result = _build(root, quiet=True)
    flagged = {f.source for f in already if f.severity == "error"}
    print(f"caire: site in {result.html_dir}/index.html", file=sys.stderr)
    return [f for f in result.findings if f.source not in flagged]


def badge(args: argparse.Namespace) -> int:
    """`caire badge issue` and `caire badge verify`."""
    from checks.badges import issue_badges, verify_baked

    if args.badge_command == "issue":
        issued, problems = issue_badges(args.roster, args.base_url, args.output,
                                        args.pass_mark)
        for problem in problems:
            print(f"{args.roster}:{problem.line}: {problem.message}", file=sys.stderr)
        print(f"caire: {issued} badge(s) issued in {args.output}; publish it at "
              f"{args.base_url}", file=sys.stderr)
        return 1 if problems else 0
    holds, reason = verify_baked(args.file, args.published, args.email)
    print(f"{args.file}: {reason}")
    return 0 if holds else 1


def export(root: Path, output: Path) -> int:
    """`caire export scorm`: build the book, then package it for the LMS."""
    from checks.scorm import export_scorm

    result = _build(root)
    if result.findings:
        for finding in result.findings:
            print(finding.one_line(), file=sys.stderr)
        print("caire: the book does not build; no package written", file=sys.stderr)
        return 1
    title = str(load_book_yaml(root).get("title") or "Cours")
    target = output if output.is_absolute() else Path.cwd() / output
    count = export_scorm(root, result.html_dir, target, title)
    print(f"caire: SCORM 1.2 package with {count} files written to {target}", file=sys.stderr)
    return 0
