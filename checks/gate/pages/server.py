"""Serve a built site on 127.0.0.1 only, quietly, for the browser checks."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Files the site does not change during a run are kept by the browser, as a learner's
    # browser would: a page opened again (one load per variant) does not ask for its
    # stylesheets, scripts and fonts again. (Connections are not kept open: a handler
    # waiting on an idle connection has nothing to do when the run ends.)
    # Text is read as UTF-8, as the book writes it and static hosts announce it (a page
    # without <meta charset> would otherwise be decoded as windows-1252).
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      **{ext: f"{kind}; charset=utf-8" for ext, kind in (
                          (".html", "text/html"), (".htm", "text/html"), (".css", "text/css"),
                          (".js", "text/javascript"), (".txt", "text/plain"),
                          (".vtt", "text/vtt"), (".svg", "image/svg+xml"))}}

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "private, max-age=3600")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser that stops reading (navigation, shutdown) is not an error


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Yield the base URL of `site` served on a free loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
