"""What caire adds to every book it builds, ours or anyone's: cell and source stamps in
the HTML (so page findings map back to their notebook cell), re-reading documents that
warned last time, and static files copied whenever they changed. Nothing a reader sees
changes; the course's look and widgets are the other parts, set up by
`checks.book.sphinx`."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

PARTS = ("reread", "stamp", "static")


def setup(app: Sphinx) -> dict[str, Any]:
    for part in PARTS:
        app.setup_extension(f"{__package__}.{part}")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
