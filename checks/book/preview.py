"""`caire preview`: serve the book on 127.0.0.1, rebuild on change, reload the browser.

sphinx-autobuild's parts do the watching, rebuilding and live reload; the generated
conf.py re-reads `_config.yml` at every rebuild, so configuration changes are picked up
too. The server is assembled here (not sphinx-autobuild's command) so a caller can add to
it without touching the build: a snippet appended to every HTML response (the gate's
panel, served only here, never written into `_build/html`), folders served under URL
paths, and a pipe told of every rebuild.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_autobuild.build import Builder

from checks.book.config import write_sphinx_conf
from checks.errors import SetupError
from checks.layout import DOCTREE_DIR, HTML_DIR, NOT_CONTENT

# Everything under the book root that is not a page, a config file or an asset.
IGNORED = sorted(NOT_CONTENT | {"tests", "bench", "checks"})


@dataclass
class Additions:
    """What a caller adds to the preview server."""

    # Appended to every HTML response, as sphinx-autobuild appends its reload script.
    snippet: str = ""
    # URL path -> folder served there (before the site itself).
    mounts: dict[str, Path] = field(default_factory=dict)
    # A named pipe told of every rebuild: SOURCES_CHANGED when one starts (the sources
    # are saved: they can be checked while Sphinx builds), REBUILT when it is done.
    rebuilt_pipe: Path | None = None


SOURCES_CHANGED = b"s"
REBUILT = b"1"


def sphinx_arguments(root: Path) -> list[str]:
    return [str(root), str(root / HTML_DIR), "-c", str(write_sphinx_conf(root)),
            "--doctree-dir", str(root / DOCTREE_DIR)]


def _notify(pipe: Path | None, message: bytes) -> None:
    if pipe is None:
        return
    try:  # nobody reading (the worker ended): nothing to tell
        descriptor = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        return
    try:
        os.write(descriptor, message)
    except OSError:
        pass  # a full pipe already holds a rebuild the reader has not seen
    finally:
        os.close(descriptor)


class NotifyingBuilder(Builder):
    """sphinx-autobuild's builder that also tells a pipe when each rebuild starts and
    ends (at module level: the watcher pickles it into a worker process for every
    rebuild)."""

    def __init__(self, arguments: list[str], url_host: str, pipe: Path | None) -> None:
        super().__init__(arguments, url_host=url_host, pre_build_commands=[],
                         post_build_commands=[])
        self.pipe = pipe

    def __call__(self, *, changed_paths: Sequence[Path]) -> None:
        if changed_paths:
            _notify(self.pipe, SOURCES_CHANGED)
        super().__call__(changed_paths=changed_paths)
        _notify(self.pipe, REBUILT)


class _Appender:
    """ASGI middleware: `snippet` after the body of every HTML response."""

    def __init__(self, app, snippet: str) -> None:  # noqa: ANN001 - an ASGI app
        self.app = app
        self.snippet = snippet.encode("utf-8")

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001 - ASGI
        if scope["type"] != "http" or not self.snippet:
            await self.app(scope, receive, send)
            return
        from starlette.datastructures import MutableHeaders

        html = False

        async def wrapped(message) -> None:  # noqa: ANN001 - ASGI message
            nonlocal html
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    html = True
                    if "content-length" in headers:
                        headers["content-length"] = str(
                            int(headers["content-length"]) + len(self.snippet))
            elif message["type"] == "http.response.body" and html and \
                    not message.get("more_body", False):
                message["body"] += self.snippet
            await send(message)

        await self.app(scope, receive, wrapped)


def preview_app(root: Path, port: int, additions: Additions):  # noqa: ANN201 - Starlette
    """The server: sphinx-autobuild's watcher, builder and reload script, plus `additions`;
    and the builder, for the first build."""
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    url_host = f"127.0.0.1:{port}"
    builder = NotifyingBuilder(sphinx_arguments(root), url_host, additions.rebuilt_pipe)
    (root / HTML_DIR).mkdir(parents=True, exist_ok=True)
    ignore = IgnoreFilter([root / HTML_DIR, root / DOCTREE_DIR],
                          [rf"(^|/){re.escape(name)}(/|$)" for name in IGNORED])
    watcher = RebuildServer([root], ignore, change_callback=builder)
    routes = [WebSocketRoute("/websocket-reload", watcher, name="reload")]
    routes += [Mount(path, app=StaticFiles(directory=folder)) for path, folder
               in additions.mounts.items()]
    routes.append(Mount("/", app=StaticFiles(directory=root / HTML_DIR, html=True)))
    middleware = [Middleware(JavascriptInjectorMiddleware, ws_url=url_host),
                  Middleware(_Appender, snippet=additions.snippet)]
    return Starlette(routes=routes, middleware=middleware,
                     lifespan=watcher.lifespan), builder


def preview(root: Path, *, port: int, additions: Additions | None = None) -> int:
    if not 0 <= port <= 65535:
        raise SetupError(f"--port {port}: not a TCP port")
    import uvicorn
    from sphinx_autobuild.utils import find_free_port

    port = port or find_free_port()

    app, builder = preview_app(root, port, additions or Additions())
    print(f"caire: serving the book on http://127.0.0.1:{port}/ (Ctrl+C to stop)",
          file=sys.stderr)
    try:
        builder(changed_paths=())
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
    except KeyboardInterrupt:
        pass
    return 0
