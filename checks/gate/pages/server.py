"""Serve a built site on 127.0.0.1 only, quietly, for the browser checks."""

from __future__ import annotations

import functools
import http.server
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from checks.gate.pages.offline import LOCAL_MATHJAX, MATHJAX3_URL


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

    # With a local copy of MathJax 3 (`local-mathjax`): its CDN URLs in pages are served
    # from it, as if the site shipped it.
    mathjax: Path | None = None

    def send_head(self):  # type: ignore[no-untyped-def] - the stdlib's own signature
        path = unquote(urlsplit(self.path).path)
        if self.mathjax is None:
            return super().send_head()
        if path.startswith("/" + LOCAL_MATHJAX):
            target = (self.mathjax / path.removeprefix("/" + LOCAL_MATHJAX)).resolve()
            if not target.is_file() or not target.is_relative_to(self.mathjax.resolve()):
                self.send_error(404)
                return None
            return self._send_bytes(target.read_bytes(), "text/javascript; charset=utf-8")
        local = Path(self.translate_path(self.path))
        if local.suffix in (".html", ".htm") and local.is_file():
            text = local.read_text(encoding="utf-8", errors="replace")
            text = MATHJAX3_URL.sub(lambda m: f"/{LOCAL_MATHJAX}{m['file']}", text)
            return self._send_bytes(text.encode("utf-8"), "text/html; charset=utf-8")
        return super().send_head()

    def _send_bytes(self, data: bytes, kind: str):  # type: ignore[no-untyped-def]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)

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
def serve(site: Path, mathjax: Path | None = None) -> Iterator[str]:
    """Yield the base URL of `site` served on a free loopback port; with `mathjax` (a
    MathJax 3 `es5` folder), pages get it in place of its CDN."""
    handler_class = type("_Handler", (_QuietHandler,), {"mathjax": mathjax})
    handler = functools.partial(handler_class, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
