"""What `caire build` and `caire check` do, between the CLI and the checks."""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.errors import SphinxError

from checks.build import BuildResult, build_book
from checks.errors import SetupError
from checks.findings import at_or_above
from checks.report import render


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


def check(root: Path, *, output_format: str = "text") -> int:
    result = _build(root)
    findings = result.findings
    sys.stdout.write(render(findings, output_format))
    failing = at_or_above(findings, "error")
    print(f"caire: site in {result.html_dir}/index.html; "
          f"{'gate failed' if failing else 'gate passed'}", file=sys.stderr)
    return 1 if failing else 0
