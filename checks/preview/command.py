"""`caire preview`: the book's live preview with the gate's findings on every page.

The server (`checks.book.preview`) appends the panel's script to each page it serves and
serves the panel's files and the worker's latest result; the built site gets none of it.
"""

from __future__ import annotations

import os
import subprocess
import sys
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
    worker = subprocess.Popen([sys.executable, "-m", "checks.preview.worker", str(root)],
                              cwd=root)
    additions = Additions(SNIPPET, {f"{PREVIEW_URL}/static": STATIC,
                                    f"{PREVIEW_URL}/state": root / PREVIEW_DIR},
                          root / PREVIEW_PIPE)
    try:
        return preview(root, port=port, additions=additions)
    finally:
        end_tree(worker.pid)
        worker.wait()
        os.close(pipe)
