"""What `caire build`, `caire export` and `caire badge` do, between the CLI and the rooms."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks.book.build import build_book
from checks.book.config import book_language, load_book_yaml
from checks.gate.findings import build_findings


def build(root: Path, *, force_all: bool = False) -> int:
    result = build_book(root, force_all=force_all)
    findings = build_findings(result.problems)
    for finding in findings:
        print(finding.one_line(), file=sys.stderr)
    if findings:
        print(f"caire: build failed with {len(findings)} error(s)", file=sys.stderr)
        return 1
    print(f"caire: site built in {result.html_dir}/index.html", file=sys.stderr)
    return 0


def badge(args: argparse.Namespace) -> int:
    """`caire badge issue` and `caire badge verify`."""
    from checks.lms.badges import issue_badges, verify_baked

    if args.badge_command == "issue":
        issued, notes = issue_badges(args.roster, args.base_url, args.output,
                                     args.pass_mark)
        for problem in sorted(issued.problems + notes, key=lambda p: p.line):
            print(f"{args.roster}:{problem.line}: {problem.message}", file=sys.stderr)
        print(f"caire: {issued.summary()}; publish {args.output} at {args.base_url}",
              file=sys.stderr)
        # Learners who do not qualify yet are not an error; rows that cannot be read are.
        return 1 if issued.problems else 0
    holds, reason = verify_baked(args.file, args.published, args.email)
    print(f"{args.file}: {reason}")
    return 0 if holds else 1


def export(root: Path, kind: str, output: Path, without: tuple[str, ...] = ()) -> int:
    """`caire export scorm`: build the book, then package it for the LMS.
    `caire export moodle-quiz`: write the final quiz's bank as Moodle XML (no build)."""
    from checks.lms.scorm import export_scorm

    target = output if output.is_absolute() else Path.cwd() / output
    book = load_book_yaml(root)
    title = str(book.get("title") or "Cours")
    if kind == "moodle-quiz":
        from checks.lms.moodle import export_moodle_quiz

        count = export_moodle_quiz(root, target, title, book_language(root) == "fr")
        print(f"caire: {count} questions written to {target} (Moodle XML)", file=sys.stderr)
        return 0
    result = build_book(root)
    if result.problems:
        for finding in build_findings(result.problems):
            print(finding.one_line(), file=sys.stderr)
        print("caire: the book does not build; no package written", file=sys.stderr)
        return 1
    package = export_scorm(root, result.html_dir, target, title, without)
    print(f"caire: SCORM 1.2 package with {package.files} files written to {target}: "
          f"{package.size / 1e6:.1f} MB ({package.unpacked / 1e6:.1f} MB unpacked); "
          "check your LMS's upload limit (Moodle's default may be lower)", file=sys.stderr)
    print("caire: largest parts: " + ", ".join(
        f"{name} {size / 1e6:.1f} MB" for name, size in package.largest), file=sys.stderr)
    if "python" not in without and any(n.startswith("_static/pyodide") for n, _ in
                                       package.largest):
        print("caire: `--without python` leaves out the exercises' Python (they then show "
              "their solution only)", file=sys.stderr)
    return 0
