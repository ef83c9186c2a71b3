"""`caire preview`: the book's live preview with the gate's findings on every page.

The server (`checks.book.preview`) appends the panel's script to each page it serves and
serves the panel's files and the worker's latest result; the built site gets none of it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from checks.book.preview import Additions, preview
from checks.errors import SetupError
from checks.gate.run import report_language
from checks.layout import PREVIEW_DIR, PREVIEW_PIPE, PREVIEW_STATE, PREVIEW_URL
from checks.preview.panel import SNIPPET, STATIC, write_state
from checks.processes import end_tree


def _fresh_pipe(path: Path) -> int:
    """The rebuild pipe, held open here too, so a rebuild is never lost while the worker
    starts (a write to a pipe nobody holds open fails)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    return os.open(path, os.O_RDWR)


def preview_with_gate(root: Path, *, port: int) -> int:
    if not 0 <= port <= 65535:
        raise SetupError(f"--port {port}: not a TCP port")
    write_state(root / PREVIEW_STATE, report_language(root, None), [], running=True,
                version=0)
    pipe = _fresh_pipe(root / PREVIEW_PIPE)
    worker = _Supervised(root, pipe)
    additions = Additions(SNIPPET, {f"{PREVIEW_URL}/static": STATIC,
                                    f"{PREVIEW_URL}/state": root / PREVIEW_DIR},
                          root / PREVIEW_PIPE)
    try:
        return preview(root, port=port, additions=additions)
    finally:
        worker.stop()
        os.close(pipe)


# A worker that cannot start (it fails the same way each time) is not started for ever.
RESTARTS = 3


class _Supervised:
    """The gate's worker, started again if it ever stops while the preview runs (a crash
    in a pass, a kill from outside): the panel would otherwise say "Analyse en cours"
    for ever. The supervisor blocks in wait(): no CPU while the worker lives."""

    def __init__(self, root: Path, pipe: int) -> None:
        self.root, self.pipe = root, pipe
        self.stopping = threading.Event()
        self.process = self._start()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "checks.preview.worker",
                                 str(self.root)], cwd=self.root)

    def _watch(self) -> None:
        for _restart in range(RESTARTS):
            code = self.process.wait()
            if self.stopping.is_set():
                return
            print(f"caire preview: the gate's worker stopped (exit status {code}); "
                  "starting it again", file=sys.stderr, flush=True)
            self.process = self._start()
            os.write(self.pipe, b"\n")  # check the last rebuild at once, not at the next
        code = self.process.wait()
        if not self.stopping.is_set():
            print(f"caire preview: the gate's worker stopped {RESTARTS + 1} times (exit "
                  f"status {code}); the preview goes on without findings", file=sys.stderr,
                  flush=True)

    def stop(self) -> None:
        self.stopping.set()
        end_tree(self.process.pid)
        self.process.wait()
        self.thread.join(timeout=10)
