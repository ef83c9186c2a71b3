"""What `caire build` and `caire check` do, between the CLI and the checks."""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.errors import SphinxError

from checks.book_config import load_book_yaml
from checks.build import BuildResult, build_book
from checks.errors import SetupError
from checks.exercise_gate import DEFAULT_TIMEOUT, run_gate
from checks.findings import Finding, at_or_above
from checks.notebook_io import discover
from checks.report import render
from checks.toc import toc_sources


def _build(root: Path, *, force_all: bool = False) -> BuildResult:
    try:
        return build_book(root, force_all=force_all)
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


def check(root: Path, targets: list[Path], *, output_format: str = "text",
          jobs: int | None = None) -> int:
    """The gate. With targets, only those notebooks are checked (no build)."""
    timeout = _default_timeout(root)
    toc_notebooks = [] if targets else [p for p in toc_sources(root)[0] if p.suffix == ".ipynb"]
    paths, findings = discover(root, targets, toc_notebooks)
    gate_findings, subjects = run_gate(root, paths, default_timeout=timeout, jobs=jobs)
    findings += gate_findings
    if not targets:
        findings += _build_findings(root, already=findings)
    sys.stdout.write(render(findings, subjects, output_format))
    failing = at_or_above(findings, "error")
    print(f"caire: {len(subjects)} item(s) checked; "
          f"{'gate failed' if failing else 'gate passed'}", file=sys.stderr)
    return 1 if failing else 0


def _build_findings(root: Path, already: list[Finding]) -> list[Finding]:
    """Build the site; drop what the exercise gate already reported more precisely."""
    result = _build(root)
    flagged = {f.source for f in already if f.severity == "error"}
    print(f"caire: site in {result.html_dir}/index.html", file=sys.stderr)
    return [f for f in result.findings if f.source not in flagged]


