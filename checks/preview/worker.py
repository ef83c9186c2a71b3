"""The preview's gate: after each rebuild, check what changed and publish the result.

A separate, lower-priority process, so the server and its reload never wait for it. It
sleeps on a pipe the builder writes to when a rebuild starts and when it ends (no
polling: no CPU while nothing changes); what arrives while it checks is taken together in
the next pass, whose result replaces the older one. When a rebuild starts, the exercise
gate and the source rules run on the sources whose content changed (the exercise gate's
cache makes an unchanged notebook cost nothing) while Sphinx builds, so their findings
are there when the page reloads; when it ends, the page gate runs on the pages whose HTML
or loaded files changed.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import io
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from checks.book.execution import book_execution
from checks.book.preview import SOURCES_CHANGED
from checks.book.toc import toc_sources
from checks.content.notebook_file import is_notebook
from checks.errors import SetupError
from checks.gate.baseline import apply_baseline, read_baseline
from checks.gate.config import apply_ignores, load_config
from checks.gate.findings import Finding
from checks.gate.notebooks.exercises import run_gate
from checks.gate.notebooks.load import relative
from checks.gate.pages.engine import check_site, read_page, site_pages
from checks.gate.report.text import one_line
from checks.gate.run import report_language
from checks.gate.sources.check import check_sources
from checks.gate.sources.read import read_source
from checks.layout import HTML_DIR, PREVIEW_PIPE, PREVIEW_STATE
from checks.preview.panel import write_state


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PreviewGate:
    """The latest findings of every source and page, updated pass by pass."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lang = report_language(root, None)
        self.sources: dict[str, str] = {}  # source -> digest when last checked
        self.pages: dict[str, str] = {}  # page -> digest of it and what it loads
        self.files: dict[tuple[str, int, int], str] = {}  # (file, mtime, size) -> digest
        self.parsed: dict[tuple[str, int, int], tuple[str, list[Path]]] = {}
        self.of_source: dict[str, list[Finding]] = {}
        self.of_page: dict[str, list[Finding]] = {}

    def findings(self) -> list[Finding]:
        """Every current finding, less what the configuration ignores or the baseline
        holds, as `caire check` reports them."""
        config = load_config(self.root)
        every = [f for group in self.of_source.values() for f in group] + \
                [f for group in self.of_page.values() for f in group]
        kept, _ignored = apply_ignores(every, config)
        if config.baseline is not None:
            kept, _known = apply_baseline(kept, read_baseline(config.baseline))
        return kept

    def _changed_sources(self) -> list[Path]:
        paths = toc_sources(self.root)[0]
        now = {relative(self.root, p): _digest(p.read_bytes()) for p in paths}
        changed = [p for p in paths if now[relative(self.root, p)] !=
                   self.sources.get(relative(self.root, p))]
        for gone in set(self.of_source) - set(now):
            del self.of_source[gone]
        self.sources = now
        return changed

    def _file_digest(self, path: Path) -> str:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in self.files:
            self.files[key] = _digest(path.read_bytes())
        return self.files[key]

    def _loaded(self, site: Path, page: str) -> tuple[str, list[Path]]:
        """The page's digest and the files it loads, parsed again only when it changed."""
        stat = (site / page).stat()
        key = (page, stat.st_mtime_ns, stat.st_size)
        if key not in self.parsed:
            data, loaded, _soup = read_page(site, page)
            self.parsed[key] = (_digest(data or b""), loaded)
        return self.parsed[key]

    def _changed_pages(self, site: Path) -> list[str]:
        now: dict[str, str] = {}
        for page in site_pages(site):
            digest, loaded = self._loaded(site, page)
            parts = [digest] + [self._file_digest(p) for p in loaded]
            now[page] = _digest("".join(parts).encode())
        changed = [page for page, digest in now.items() if self.pages.get(page) != digest]
        for gone in set(self.of_page) - set(now):
            del self.of_page[gone]
        self.pages = now
        return changed

    def run_pass(self, publish: Callable[[], None] = lambda: None, *,
                 pages: bool = True) -> list[str]:
        """Check what changed since the last pass (the sources alone while the site is
        being rebuilt); the files it checked. `publish` is called between the sources
        (seconds) and the pages (a browser, longer), so the page shows what the sources
        say without waiting for the browser."""
        sources = self._changed_sources()
        notebooks = [p for p in sources if p.suffix == ".ipynb" or is_notebook(p)]
        gate = run_gate(self.root, notebooks, book=book_execution(self.root), jobs=1)
        docs = [doc for path in sources
                if (doc := read_source(self.root, path, executed=path in gate.executed))]
        config = load_config(self.root)
        found = gate.findings + check_sources(docs, config.cue_limits,
                                              review_months=config.fact_review_months)
        for path in sources:
            rel = relative(self.root, path)
            self.of_source[rel] = [f for f in found if f.source == rel and f.page is None]
        publish()
        checked = [relative(self.root, p) for p in sources]
        if not pages:
            return checked
        site = self.root / HTML_DIR
        changed = self._changed_pages(site)
        if changed:
            page_findings, _subjects = check_site(site, self.root, jobs=1, pages=changed,
                                                  page_timeout=config.page_timeout)
            for page in changed:
                self.of_page[page] = [f for f in page_findings if f.page == page]
        return checked + changed


def _end_with_parent() -> None:
    """Linux: this process gets SIGTERM when the preview server ends, however it ends."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_for_rebuild(pipe: int) -> bool:
    """Block until a rebuild is announced, then take every announcement waiting; True
    when a rebuild has ended (anything but the start of one: the supervisor's restart
    says to check the last rebuild too)."""
    os.set_blocking(pipe, True)
    told = os.read(pipe, 4096)
    os.set_blocking(pipe, False)
    with contextlib.suppress(BlockingIOError):
        while more := os.read(pipe, 4096):
            told += more
    return bool(told.replace(SOURCES_CHANGED, b""))


def serve_forever(root: Path) -> None:
    gate = PreviewGate(root)
    state = root / PREVIEW_STATE
    # Read and write: the pipe never reads as closed while no builder holds it open.
    pipe = os.open(root / PREVIEW_PIPE, os.O_RDWR)
    version = 0
    # Since the last rebuild ended: the files checked, the findings printed.
    files: set[str] = set()
    printed = 0

    def running() -> None:
        nonlocal version
        version += 1
        write_state(state, gate.lang, gate.findings(), running=True, version=version)

    while True:
        rebuilt = _wait_for_rebuild(pipe)
        running()
        error, checked = None, []
        chatter = io.StringIO()  # the gate's progress lines: the terminal gets findings
        try:
            with contextlib.redirect_stderr(chatter):
                checked = gate.run_pass(publish=running, pages=rebuilt)
        except SetupError as exc:
            error = str(exc)
            print(f"caire preview: error: {exc}", file=sys.stderr)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - the preview goes on
            error = f"{type(exc).__name__}: {exc}"
            print(f"caire preview: the gate failed: {error}", file=sys.stderr)
        findings = gate.findings()
        # Each pass prints what it found: a source fixed before Sphinx is done was
        # still seen (and shown) with its finding.
        mine = [f for f in findings if (f.page or f.source) in checked]
        for finding in mine:
            print(one_line(finding, gate.lang), file=sys.stderr)
        files.update(checked)
        printed += len(mine)
        if not rebuilt and error is None:
            continue  # the sources are published; the pages come when Sphinx is done
        version += 1
        write_state(state, gate.lang, findings, running=False, version=version, error=error)
        print(f"caire preview: {printed} finding(s) in the {len(files)} file(s) this "
              "rebuild changed", file=sys.stderr, flush=True)
        files, printed = set(), 0


def main() -> int:
    _end_with_parent()
    os.nice(10)  # the server and the rebuild come first
    try:
        serve_forever(Path(sys.argv[1]))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
