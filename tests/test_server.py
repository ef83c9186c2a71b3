"""The loopback server the page gate reads the site from: text is announced as UTF-8 (a page
without <meta charset> would otherwise be read as windows-1252), only on 127.0.0.1."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from checks.gate.pages.server import serve


def test_text_is_served_as_utf8_on_loopback_only(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>Bonne année</p>", encoding="utf-8")
    (tmp_path / "style.css").write_text("p { color: black }", encoding="utf-8")
    (tmp_path / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with serve(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:")
        types = {}
        for name in ("page.html", "style.css", "figure.png"):
            with urllib.request.urlopen(base + name) as response:  # noqa: S310 - loopback
                types[name] = response.headers["Content-Type"]
                body = response.read()
            if name == "page.html":
                assert body.decode("utf-8") == "<p>Bonne année</p>"
    assert types == {"page.html": "text/html; charset=utf-8",
                     "style.css": "text/css; charset=utf-8", "figure.png": "image/png"}
