"""`caire preview`: a real sphinx-autobuild server on 127.0.0.1 that rebuilds on change."""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # the server restarts while rebuilding
        return None


def wait_for(url: str, needle: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and needle in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{url} never contained {needle!r}")


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on `port`, from the kernel's own table."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


@pytest.fixture
def server(tiny_book):
    root = tiny_book({"index.md": "# Accueil\n\nPremière version.\n"})
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "checks.cli", "preview", "--port",
                                str(port)], cwd=root, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    yield root, port
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_preview_serves_on_loopback_and_rebuilds_on_change(server) -> None:
    root, port = server
    url = f"http://127.0.0.1:{port}/index.html"
    wait_for(url, "Première version")
    # 0100007F is 127.0.0.1 in the kernel's table: nothing listens on other interfaces.
    assert listening_addresses(port) == {"0100007F"}
    (root / "index.md").write_text("# Accueil\n\nDeuxième version.\n", encoding="utf-8")
    page = wait_for(url, "Deuxième version")
    assert "livereload" in page or "websocket" in page.lower()


def test_preview_picks_up_a_config_change(server) -> None:
    root, port = server
    url = f"http://127.0.0.1:{port}/index.html"
    wait_for(url, "Première version")
    config = root / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'title: "IA responsable', 'title: "Titre modifié'), encoding="utf-8")
    wait_for(url, "Titre modifié")
