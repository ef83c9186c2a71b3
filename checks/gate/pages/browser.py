"""Start Debian's headless Chromium through selenium, offline, with axe-core from npm."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from checks.errors import SetupError
from checks.layout import node_module

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER_CANDIDATES = ("/usr/bin/chromedriver",)
# No background traffic: the checks must not send a packet outside the machine.
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-default-apps",
                  "--disable-extensions", "--disable-quic", "--lang=fr-FR")


def _first(candidates: tuple[str, ...], name: str) -> str:
    found = next((c for c in candidates if Path(c).is_file()), None) or shutil.which(name)
    if not found:
        raise SetupError(f"{name} not found: install Debian's chromium and chromium-driver "
                         "(apt-get install chromium chromium-driver), or run `make setup`")
    return found


def axe_script(root: Path) -> Path:
    path = node_module(root, "axe-core/axe.min.js")
    if not path.is_file():
        raise SetupError(f"{path}: axe-core is missing; run `npm ci` (or `make setup`)")
    return path


class Browser:
    """One headless Chromium with its own fresh profile; restartable after a crash."""

    def __init__(self, page_timeout: float = 30) -> None:
        self.page_timeout = page_timeout
        self.binary = _first(CHROMIUM_CANDIDATES, "chromium")
        self.driver_path = _first(DRIVER_CANDIDATES, "chromedriver")
        os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a driver
        self.profile: str | None = None
        self.driver: webdriver.Chrome | None = None
        self.start()

    def start(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="caire-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = self.binary
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.profile}")
        self.driver = webdriver.Chrome(service=Service(self.driver_path), options=options)
        self.driver.set_page_load_timeout(self.page_timeout)
        self.driver.set_script_timeout(self.page_timeout * 2)

    def restart(self) -> None:
        self.quit()
        self.start()

    def quit(self) -> None:
        if self.driver is not None:
            try:
                self.driver.quit()
            except Exception:  # noqa: BLE001 - a crashed browser may refuse even to quit
                pass
            self.driver = None
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None
