"""The `caire` command line: build, preview and check the course book.

Exit status: 0 pass, 1 findings at the failing severity, 2 usage, setup or input error.
Reports go to standard output; progress and logs go to standard error.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from checks.content.course import PASS_MARK
from checks.errors import SetupError
from checks.gate.report import FORMATS
from checks.gate.report.words import LANGUAGES
from checks.layout import CONFIG_FILE, EXPORT_OUTPUTS


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error on one line, with exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _book_root(value: str) -> Path:
    return Path(value).resolve()


def _find_root(starts: list[Path]) -> Path:
    """The book a command is about when --root is not given: the nearest folder holding
    `_config.yml` above the current directory, else above the first path given, else the
    current directory (a notebook outside any book is checked with the defaults)."""
    for start in [Path.cwd(), *starts]:
        for folder in [start.resolve(), *start.resolve().parents]:
            if (folder / CONFIG_FILE).is_file():
                return folder
    return Path.cwd().resolve()


def _add_root(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--root", type=_book_root, default=default,
                        help="the book's folder, holding _config.yml and _toc.yml "
                        "(default: the nearest such folder above the current one)")


def _shard(value: str) -> tuple[int, int]:
    number, _, count = value.partition("/")
    if not (number.isdigit() and count.isdigit() and 1 <= int(number) <= int(count)):
        raise argparse.ArgumentTypeError(f"{value!r} is not K/N with 1 <= K <= N")
    return int(number), int(count)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="caire", description=__doc__.splitlines()[0])
    _add_root(parser, None)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    build = commands.add_parser("build", help="execute the notebooks and build the HTML site")
    build.add_argument("--all", action="store_true", dest="force_all",
                       help="rebuild from scratch, re-executing every notebook")

    preview = commands.add_parser("preview", help="serve the book and rebuild on change")
    preview.add_argument("--port", type=int, default=8000)
    preview.add_argument("--no-gate", action="store_true",
                         help="serve and rebuild only: no findings panel, no checks")

    check = commands.add_parser("check", help="build the book and run every check (the gate)")
    check.add_argument("paths", nargs="*", type=Path,
                       help="notebooks or folders to check (default: the whole book)")
    check.add_argument("--format", choices=FORMATS,
                       default="text")
    check.add_argument("--site", type=Path, default=None,
                       help="check an already-built site folder with axe only")
    check.add_argument("--no-browser", action="store_true",
                       help="skip the page rules (no Chromium): a quick local run")
    check.add_argument("--no-execute", action="store_true",
                       help="run no notebook and build nothing: the source rules and what "
                       "can be seen without running (a pre-commit hook)")
    check.add_argument("--update-baseline", action="store_true",
                       help="record the current findings in the baseline file and pass")
    check.add_argument("--jobs", type=int, default=None,
                       help="notebooks run in parallel (default: one per core)")
    check.add_argument("--lang", choices=LANGUAGES, default=None,
                       help="the report's language (default: the book's, else en)")
    check.add_argument("--shard", type=_shard, default=None, metavar="K/N",
                       help="check only slice K of N of the notebooks, sources and pages "
                       "(one CI job each; join the JSON reports with `caire report merge`)")

    report = commands.add_parser("report", help="work with saved JSON reports")
    report_commands = report.add_subparsers(dest="report_command", required=True,
                                            parser_class=_Parser)
    merge = report_commands.add_parser("merge", help="join JSON reports of shards into one")
    merge.add_argument("reports", nargs="+", type=Path)
    merge.add_argument("--format", choices=FORMATS, default="text")
    merge.add_argument("--lang", choices=LANGUAGES, default=None,
                       help="the report's language (default: the book's, else en)")
    commands.add_parser("rules", help="list every rule of the gate (Markdown)")

    export = commands.add_parser(
        "export", help="package the built book for an LMS (scorm), or write the final "
        "quiz's question bank as Moodle XML (moodle-quiz)")
    export.add_argument("kind", choices=tuple(EXPORT_OUTPUTS))
    export.add_argument("--output", type=Path, default=None,
                        help="the file to write (default: " + ", ".join(
                            f"{path} for {kind}" for kind, path in EXPORT_OUTPUTS.items())
                        + ")")
    from checks.lms.scorm import OPTIONAL_PARTS

    export.add_argument("--without", action="append", default=[],
                        choices=tuple(OPTIONAL_PARTS),
                        help="scorm: leave a part out of the package (python: the "
                        "exercises' Python runtime; the exercises then show their solution "
                        "only)")

    badge = commands.add_parser("badge", help="issue and verify Open Badges 2.0")
    badge_commands = badge.add_subparsers(dest="badge_command", required=True,
                                          parser_class=_Parser)
    issue = badge_commands.add_parser("issue", help="badges for the learners who passed")
    issue.add_argument("--roster", type=Path, required=True,
                       help="CSV from the gradebook: email, name, date, score, workshop "
                       "(oui/non: attended the level-1 workshop)")
    issue.add_argument("--base-url", required=True, help="where DIR will be published")
    issue.add_argument("--output", type=Path, required=True, help="folder to write")
    issue.add_argument("--pass-mark", type=float, default=PASS_MARK,
                       help=f"percent (default {PASS_MARK})")
    verify = badge_commands.add_parser("verify", help="check a baked PNG or SVG badge")
    verify.add_argument("file", type=Path)
    verify.add_argument("--published", type=Path, required=True,
                        help="the folder written by `caire badge issue`")
    verify.add_argument("--email", required=True)
    # `--root` is accepted after the sub-command too (`caire build --root DIR`); there,
    # SUPPRESS keeps a value given before the sub-command.
    for sub in [*commands.choices.values(), *report_commands.choices.values(),
                *badge_commands.choices.values()]:
        _add_root(sub, argparse.SUPPRESS)
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from checks.commands import build

        return build(args.root, force_all=args.force_all)
    if args.command == "export":
        from checks.commands import export

        return export(args.root, args.kind, args.output or EXPORT_OUTPUTS[args.kind],
                      tuple(args.without))
    if args.command == "badge":
        from checks.commands import badge

        return badge(args)
    if args.command == "rules":
        from checks.gate.rules_doc import rules_markdown

        sys.stdout.write(rules_markdown())
        return 0
    if args.command == "report":
        from checks.gate.run import merge_reports

        return merge_reports(args.root, args.reports, args.format, args.lang)
    if args.command == "preview":
        if args.no_gate:
            from checks.book.preview import preview

            return preview(args.root, port=args.port)
        from checks.preview.command import preview_with_gate

        return preview_with_gate(args.root, port=args.port)
    from checks.gate.run import CheckOptions, check

    if args.jobs is not None and args.jobs < 1:
        raise SetupError(f"--jobs {args.jobs}: must be at least 1")
    targets = [path if path.is_absolute() else Path.cwd() / path for path in args.paths]
    site = args.site.resolve() if args.site else None
    if site is not None and targets:
        raise SetupError("--site checks built pages: give no notebook paths with it")
    if site is not None and args.no_browser:
        raise SetupError("--site checks built pages in the browser: it cannot go with "
                         "--no-browser")
    options = CheckOptions(targets, args.format, args.jobs, site, not args.no_browser,
                           args.update_baseline, args.shard, args.lang, not args.no_execute)
    return check(args.root, options)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM ends the run like Ctrl-C: through every cleanup


def _end_browsers() -> None:
    # Only a run that imported the browser module can have browsers; importing it here
    # would load selenium for every command.
    browser = sys.modules.get("checks.gate.pages.browser")
    if browser is not None:
        browser.end_all_browsers()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.root is None:
        args.root = _find_root([p for p in getattr(args, "paths", []) or []])
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return _run(args)
    except SetupError as exc:
        print(f"caire: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("caire: interrupted", file=sys.stderr)
        return 130
    finally:
        _end_browsers()


if __name__ == "__main__":
    sys.exit(main())
