"""What `caire build`, `caire export` and `caire badge` do, between the CLI and the rooms."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from checks.book.config import book_language, load_book_yaml, write_sphinx_conf
from checks.book.execution import book_execution
from checks.book.toc import toc_notebooks
from checks.gate.findings import Finding
from checks.gate.notebooks.exercises import NOT_EXECUTED, run_gate
from checks.gate.run import book_build
from checks.layout import BUILD_DIR, HTML_DIR
from checks.streams import stdout_to_stderr


def _execute_and_build(root: Path, *, force_all: bool = False) -> list[Finding]:
    """The book's notebooks executed as the book says, by the gate (so `caire check`
    after it runs them again only where the book says so), then the site built; what
    stops a notebook or the build."""
    root = root.resolve()
    with stdout_to_stderr():
        write_sphinx_conf(root)  # a missing extension stops here, before anything runs
        if force_all:
            shutil.rmtree(root / BUILD_DIR, ignore_errors=True)
        notebooks = toc_notebooks(root)
        gate = run_gate(root, notebooks, book=book_execution(root))
        failures = [f for f in gate.findings if f.rule in NOT_EXECUTED]
        return failures + book_build(root, set(notebooks) - gate.executed, failures,
                                     force_all=force_all, quiet=False)


def build(root: Path, *, force_all: bool = False) -> int:
    findings = _execute_and_build(root, force_all=force_all)
    for finding in findings:
        print(finding.one_line(), file=sys.stderr)
    if findings:
        print(f"caire: build failed with {len(findings)} error(s)", file=sys.stderr)
        return 1
    print(f"caire: site built in {root / HTML_DIR}/index.html", file=sys.stderr)
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
    problems = _execute_and_build(root)
    if problems:
        for finding in problems:
            print(finding.one_line(), file=sys.stderr)
        print("caire: the book does not build; no package written", file=sys.stderr)
        return 1
    package = export_scorm(root, root / HTML_DIR, target, title, without)
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
