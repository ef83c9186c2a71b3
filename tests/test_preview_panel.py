"""The preview's panel data, its terminal lines and the server's snippet, without a browser."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import time

from checks.book.preview import REBUILT, SOURCES_CHANGED, _Appender
from checks.gate.findings import Finding, found
from checks.gate.report.text import one_line
from checks.layout import PREVIEW_PIPE
from checks.preview.command import RESTARTS, _fresh_pipe, _Supervised
from checks.preview.panel import SNIPPET, write_state
from checks.preview.worker import PreviewGate, _wait_for_rebuild


def test_the_state_holds_french_words_help_and_kinds(tmp_path) -> None:
    findings = [found("image-alt-markdown", "markdown image `a.png` has an empty text "
                      "alternative", "notebooks/x.ipynb", 2),
                found("exercise-solution-fails", "AssertionError: relisez", "notebooks/x.ipynb",
                      5)]
    path = tmp_path / "state" / "findings.json"
    write_state(path, "fr", findings, running=False, version=3)
    state = json.loads(path.read_text(encoding="utf-8"))
    assert state["version"] == 3 and state["running"] is False and state["error"] is None
    assert state["words"]["panel running"] == "Analyse en cours…"
    assert state["words"]["panel a11y many"].format(n=3) == \
        "3 problèmes d'accessibilité sur cette page"
    image, exercise = state["findings"]
    assert image["kind"] == "a11y" and exercise["kind"] == "exercise"
    assert image["text"] == "l'image markdown `a.png` a un texte alternatif vide"
    assert image["help"].startswith("Donnez à chaque image markdown")
    assert image["criteria"] == "WCAG 1.1.1; RGAA 1.1"
    assert image["place"] == "cellule 2" and image["severity_word"] == "erreur"
    assert not list(tmp_path.glob("state/*.tmp"))  # replaced in one step


def test_an_axe_finding_says_what_to_do_with_axes_french_help(tmp_path) -> None:
    finding = Finding("axe-image-alt", "error", "Images must have alternate text: img",
                      "x.ipynb", 3, "x.html", ("1.1.1",), ("1.1",), "img")
    path = tmp_path / "findings.json"
    write_state(path, "fr", [finding], running=False, version=1)
    [shown] = json.loads(path.read_text(encoding="utf-8"))["findings"]
    assert shown["help"] and shown["help"] != "axe-image-alt"
    assert shown["text"] == shown["help"] + ": img" and "Images must" not in shown["help"]
    assert shown["url"].endswith("/image-alt")


def test_a_failed_pass_says_why_in_the_books_language(tmp_path) -> None:
    path = tmp_path / "findings.json"
    write_state(path, "fr", [], running=False, version=1, error="_toc.yml: no root")
    assert json.loads(path.read_text(encoding="utf-8"))["error"] == \
        "Le contrôle n'a pas pu s'exécuter : _toc.yml: no root"


def test_the_terminal_line_has_the_text_reports_words() -> None:
    finding = found("image-alt-markdown", "markdown image `a.png` has an empty text "
                    "alternative", "notebooks/x.ipynb", 2)
    assert one_line(finding, "fr") == (
        "notebooks/x.ipynb: cellule 2, erreur [image-alt-markdown]: l'image markdown "
        "`a.png` a un texte alternatif vide")
    page = found("page-focus-not-visible", "reached with Tab", page="index.html")
    assert one_line(page, "en") == \
        "index.html: error [page-focus-not-visible]: reached with Tab"


def _served(content_type: bytes, body: bytes) -> tuple[dict, bytes]:
    async def app(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    async def receive() -> dict:
        return {"type": "http.request"}

    asyncio.run(_Appender(app, SNIPPET)({"type": "http"}, receive, send))
    headers = dict(sent[0]["headers"])
    return headers, sent[1]["body"]


def test_the_server_appends_the_panel_to_html_only() -> None:
    headers, body = _served(b"text/html; charset=utf-8", b"<html></html>")
    assert body == b"<html></html>" + SNIPPET.encode()
    assert int(headers[b"content-length"]) == len(body)
    headers, body = _served(b"application/json", b"{}")
    assert body == b"{}" and headers[b"content-length"] == b"2"


def test_a_worker_that_stops_is_started_again_then_given_up(tmp_path, capfd) -> None:
    pipe = _fresh_pipe(tmp_path / PREVIEW_PIPE)
    supervised = _Supervised(tmp_path, pipe)
    try:
        # Killed from outside each time: started again RESTARTS times, then left stopped.
        for _kill in range(RESTARTS + 1):
            process = supervised.process
            process.kill()
            deadline = time.monotonic() + 120
            while (supervised.process is process and supervised.thread.is_alive()
                   and time.monotonic() < deadline):
                time.sleep(0.05)
        supervised.thread.join(timeout=120)
        assert not supervised.thread.is_alive()
        err = capfd.readouterr().err
        assert err.count("starting it again") == RESTARTS, err[-2000:]
        assert "the preview goes on without findings" in err
    finally:
        supervised.stop()
        os.close(pipe)


def test_a_rebuild_that_starts_asks_for_the_sources_alone(tmp_path) -> None:
    # The builder says when a rebuild starts (the sources can be checked while Sphinx
    # builds) and when it ends (the pages can be); a restart's newline means "ended".
    pipe = _fresh_pipe(tmp_path / PREVIEW_PIPE)
    try:
        for told, rebuilt in ((SOURCES_CHANGED, False), (SOURCES_CHANGED + REBUILT, True),
                              (REBUILT, True), (b"\n", True)):
            os.write(pipe, told)
            assert _wait_for_rebuild(pipe) is rebuilt, told
    finally:
        os.close(pipe)


def test_a_sources_pass_checks_no_page(tiny_book) -> None:
    root = tiny_book({"index.md": "# Accueil\n\n![](figure.png)\n"})
    gate = PreviewGate(root)
    # No site was built: a pass that looked at pages would find none to check.
    assert gate.run_pass(pages=False) == ["index.md"]
    assert [f.rule for f in gate.findings()] == ["image-alt-markdown"]
    assert gate.run_pass(pages=False) == []  # unchanged: nothing checked again


def test_the_preview_reads_the_books_settings(tiny_book) -> None:
    # A fact checked about two years before today: stale after 12 months (the default),
    # not after the 60 this book sets.
    checked = (dt.date.today() - dt.timedelta(days=700)).isoformat()
    root = tiny_book({"index.md": f"# Accueil\n\nLe {{fact}}`2 août 2026 <ria {checked}>`.\n"})
    assert [f.rule for f in _sources_pass(root)] == ["fact-stale"]
    (root / "pyproject.toml").write_text("[tool.caire]\nfact-review-months = 60\n",
                                         encoding="utf-8")
    assert _sources_pass(root) == []


def _sources_pass(root) -> list[Finding]:  # noqa: ANN001 - a Path
    gate = PreviewGate(root)
    gate.run_pass(pages=False)
    return [f for f in gate.findings() if f.rule.startswith("fact-")]
