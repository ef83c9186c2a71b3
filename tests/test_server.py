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


def test_a_local_mathjax_3_is_served_in_place_of_its_cdn(tmp_path: Path) -> None:
    import urllib.error

    import pytest

    from checks.gate.pages.offline import LOCAL_MATHJAX, local_mathjax
    from conftest import ROOT

    mathjax = local_mathjax(ROOT)
    if mathjax is None:
        pytest.skip("node_modules/mathjax (version 3) is not installed")
    page = ('<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"></script>'
            '<script src="https://example.org/other.js"></script>')
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    with serve(tmp_path, mathjax) as base:
        with urllib.request.urlopen(base + "page.html") as response:  # noqa: S310 - loopback
            body = response.read().decode("utf-8")
        with urllib.request.urlopen(base + LOCAL_MATHJAX + "tex-chtml.js") as response:  # noqa: S310
            script = response.read()
        with pytest.raises(urllib.error.HTTPError):  # nothing outside its folder
            urllib.request.urlopen(base + LOCAL_MATHJAX + "../package.json")  # noqa: S310
    assert f'src="/{LOCAL_MATHJAX}tex-chtml.js"' in body
    assert 'src="https://example.org/other.js"' in body  # only MathJax is replaced
    assert script == (mathjax / "tex-chtml.js").read_bytes()
    # Without the setting, pages are served as they are.
    with serve(tmp_path) as base, urllib.request.urlopen(base + "page.html") as response:  # noqa: S310
        assert response.read().decode("utf-8") == page
