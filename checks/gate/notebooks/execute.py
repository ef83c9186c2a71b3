"""Run one notebook in a real kernel, cell by cell, and record what each cell did."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync

GUARD_SOURCE = (Path(__file__).with_name("kernel_guard.py")).read_text(encoding="utf-8")
GUARD_MARKER = "caire: refused network access to"
SKIP_TAG = "skip-execution"
RAISES_TAG = "raises-exception"
# Tools that honour these fail fast instead of reaching for a registry or a hub.
OFFLINE_ENV = {"PIP_NO_INDEX": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
               "HF_DATASETS_OFFLINE": "1"}


@dataclass
class CellRun:
    status: str  # "ok" | "error" | "timeout" | "dead"
    ename: str = ""
    evalue: str = ""
    refused: list[str] = field(default_factory=list)

    def last_line(self) -> str:
        return f"{self.ename}: {self.evalue}" if self.evalue else self.ename


@dataclass
class NotebookRun:
    cells: dict[int, CellRun]
    notebook: nbformat.NotebookNode

    @property
    def complete(self) -> bool:
        return all(run.status in ("ok", "error") for run in self.cells.values())


def _cell_run(cell: nbformat.NotebookNode) -> CellRun:
    run = CellRun("ok")
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error" and run.status == "ok":
            run.status, run.ename = "error", output.get("ename", "Error")
            run.evalue = str(output.get("evalue", "")).splitlines()[0] if output.get(
                "evalue") else ""
        if output.get("output_type") == "stream" and GUARD_MARKER in output.get("text", ""):
            run.refused += [line.split(GUARD_MARKER, 1)[1].split(":")[0].strip()
                            for line in output["text"].splitlines() if GUARD_MARKER in line]
    return run


def run_notebook(nb: nbformat.NotebookNode, cwd: Path, timeout: int, *,
                 stop_on_error: bool) -> NotebookRun:
    """Execute `nb` (a copy is kept) in `cwd`; stop at the first error if asked."""
    nb = nbformat.from_dict(nb)
    client = NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name=nb.metadata
                            .get("kernelspec", {}).get("name", "python3"),
                            resources={"metadata": {"path": str(cwd)}},
                            skip_cells_with_tag=SKIP_TAG, record_timing=False)
    env = {**os.environ, **OFFLINE_ENV}
    cells: dict[int, CellRun] = {}
    try:
        _run_cells(client, nb, cells, env, cwd, timeout, stop_on_error)
    except Exception:
        # Shutting down a kernel that already died can fail in many ways (a closed
        # channel, a missing process): the death is the finding, not the clean-up.
        if not any(run.status == "dead" for run in cells.values()):
            raise
    return NotebookRun(cells, nb)


def _kernel_alive(client: NotebookClient) -> bool:
    try:
        return client.km is not None and bool(run_sync(client.km.is_alive)())
    except Exception:  # noqa: BLE001 - a manager that cannot tell has lost its kernel
        return False


def _run_cells(client: NotebookClient, nb: nbformat.NotebookNode, cells: dict[int, CellRun],
               env: dict[str, str], cwd: Path, timeout: int, stop_on_error: bool) -> None:
    # The kernel's own log (TCP warnings, shutdown noise) is not the author's concern.
    with client.setup_kernel(env=env, cwd=str(cwd), stderr=subprocess.DEVNULL):
        # As nbclient's own execute() does: the build's code highlighting reads the
        # language from the executed notebook (a MyST notebook may not name it).
        reply = client.wait_for_reply(client.kc.kernel_info())
        if reply and "language_info" in reply["content"]:
            nb.metadata["language_info"] = reply["content"]["language_info"]
        guard = nbformat.v4.new_code_cell(
            f"exec(compile({GUARD_SOURCE!r}, 'caire-offline-guard', 'exec'), {{}})")
        # nbclient writes each executed cell back at its index: give the guard its own slot.
        nb.cells.append(guard)
        client.execute_cell(guard, len(nb.cells) - 1, store_history=False)
        nb.cells.pop()
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or SKIP_TAG in cell.metadata.get("tags", []):
                continue
            try:
                client.execute_cell(cell, index)
            except CellTimeoutError:
                cells[index] = CellRun("timeout", "TimeoutError",
                                       f"cell still running after {timeout} s")
                break
            except DeadKernelError:
                cells[index] = CellRun("dead", "DeadKernelError", "the kernel died")
                break
            except Exception:
                # Under load the death can surface as another error (a channel closing
                # first): the kernel's state decides, not the exception's type.
                if _kernel_alive(client):
                    raise
                cells[index] = CellRun("dead", "DeadKernelError", "the kernel died")
                break
            run = _cell_run(cell)
            cells[index] = run
            if stop_on_error and run.status == "error" and \
                    RAISES_TAG not in cell.metadata.get("tags", []):
                break
