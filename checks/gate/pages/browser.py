"""Debian's headless Chromium through selenium: offline, guarded, and never left behind.

Each browser (chromedriver and every Chromium process it starts) runs in a process group
of its own, known from the moment chromedriver is launched, so it can be ended at once,
even with a hung renderer or while it is still starting, and on every exit path: normal
end, error, time-out, Ctrl-C, SIGTERM (`end_all_browsers`). Nothing is shut down
gracefully: selenium's way (an HTTP /shutdown, then up to 30 s of polling, then SIGTERM
and 60 s more) is what a loaded machine makes slow. Before any script of a
page runs, a guard script dismisses dialogs, refuses pop-ups and `beforeunload` prompts and
stops navigation to another document, and notes what it did.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from checks.errors import SetupError
from checks.layout import node_module

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER_CANDIDATES = ("/usr/bin/chromedriver",)
# Nothing leaves the machine: no background traffic, every host but loopback fails at once
# (names do not resolve; addresses go to a closed loopback port as a proxy).
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-default-apps",
                  "--disable-extensions", "--disable-quic", "--lang=fr-FR",
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                  "--proxy-server=http://127.0.0.1:9",
                  "--js-flags=--max-old-space-size=1024",
                  "--mute-audio", "--disable-breakpad", "--disable-crash-reporter",
                  # Media that autoplay do play (muted), so the gate hears whether they
                  # have sound.
                  "--autoplay-policy=no-user-gesture-required")

# Runs in every document before its own scripts (CDP addScriptToEvaluateOnNewDocument).
GUARD_JS = r"""
(() => {
  const notes = [];
  Object.defineProperty(window, '__caireNotes', {value: notes});
  const note = (what) => { if (!notes.includes(what)) notes.push(what); };
  window.alert = () => note('alert');
  window.confirm = () => { note('confirm'); return false; };
  window.prompt = () => { note('prompt'); return null; };
  window.print = () => note('print');
  window.open = () => { note('window.open'); return null; };
  window.close = () => note('window.close');
  // The device-motion listeners the page adds: the motion rules act only on such a page.
  const listens = [];
  Object.defineProperty(window, '__caireListens', {value: listens});
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    if (this === window && (type === 'beforeunload' || type === 'unload')) {
      note(type); return undefined;
    }
    if (this === window && (type === 'devicemotion' || type === 'deviceorientation')) {
      listens.push(type);
    }
    return add.call(this, type, ...rest);
  };
  for (const name of ['onbeforeunload', 'onunload']) {
    Object.defineProperty(window, name, {get() { return null; },
                                         set() { note(name.slice(2)); }});
  }
  if (window.navigation) {
    add.call(window.navigation, 'navigate', (event) => {
      if (event.hashChange || (event.destination && event.destination.sameDocument)) return;
      note('navigation');
      if (event.cancelable) event.preventDefault();
    });
  }
  // The intervals the page sets and, from the first tick on, the elements whose children
  // or text each tick changed (a few hundred at most): the changing-text rule reads them,
  // and waits only for an interval that has not ticked twice yet.
  const intervals = new Map();
  const timers = {intervals, ticks: new Map(), changed: new Map(), cleared: new Set(),
                  onTick: null};
  Object.defineProperty(window, '__caireIntervals', {value: timers});
  const setInterval = window.setInterval;
  window.setInterval = function (fn, delay, ...args) {
    if (typeof fn !== 'function') return setInterval.call(this, fn, delay, ...args);
    const id = setInterval.call(this, function (...given) {
      const observer = new MutationObserver(() => {});
      if (document.documentElement) {
        observer.observe(document.documentElement, {childList: true, characterData: true,
                                                    subtree: true});
      }
      try { return fn.apply(this, given); } finally {
        for (const r of observer.takeRecords()) {
          const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
          if (!el || (!timers.changed.has(el) && timers.changed.size >= 300)) continue;
          const by = timers.changed.get(el) || new Map();
          by.set(id, (by.get(id) || 0) + 1);
          timers.changed.set(el, by);
        }
        observer.disconnect();
        timers.ticks.set(id, (timers.ticks.get(id) || 0) + 1);
        if (timers.onTick) timers.onTick();
      }
    }, delay, ...args);
    intervals.set(id, Number(delay) || 0);
    return id;
  };
  for (const name of ['clearInterval', 'clearTimeout']) {
    const clear = window[name];
    window[name] = function (id) {
      if (intervals.delete(id)) timers.cleared.add(id);
      return clear.call(this, id);
    };
  }
  // Transitions and animations off: every run sees the final rendering, not a frame of it.
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { transition: none !important; ' +
                      'animation: none !important; caret-color: transparent !important; }';
  // This runs before the document has an element: the style goes in as soon as the root
  // element exists (before the first rendering), and again if the page drops it.
  const install = () => {
    const parent = document.head || document.documentElement;
    if (!style.isConnected && parent) parent.appendChild(style);
    return style.isConnected;
  };
  if (!install()) {
    const watch = new MutationObserver(() => { if (install()) watch.disconnect(); });
    watch.observe(document, {childList: true, subtree: true});
  }
  add.call(document, 'DOMContentLoaded', install);
})();
"""

# Every browser of this process. chromedriver is launched under the lock and refused once
# the run is closing, so the sweep of an exit path sees every process group there is, and
# never waits for a browser to finish starting.
_LIVE: set[Browser] = set()
_LIVE_LOCK = threading.Lock()
_closing = threading.Event()


def _kill_group(group: int) -> None:
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class _GroupService(Service):
    """chromedriver in a session of its own, its group noted as it is launched; stopped by
    SIGKILL to the group (selenium's own stop, on a failed start, is graceful and slow)."""

    def __init__(self, browser: Browser, path: str) -> None:
        super().__init__(path, popen_kw={"start_new_session": True})
        self.browser = browser
        browser.service = self

    def _start_process(self, path: str) -> None:
        with _LIVE_LOCK:
            if _closing.is_set():
                raise BrowserClosing("the run is ending")
            super()._start_process(path)

    def kill(self) -> None:
        """SIGKILL chromedriver's group (a session leader: its pid is the group id); not
        once reaped, when the pid may name another process."""
        process = getattr(self, "process", None)  # set only once launched
        if process is not None and process.returncode is None:
            _kill_group(process.pid)

    def stop(self) -> None:
        self.kill()
        if getattr(self, "process", None) is not None:
            try:
                self.process.wait(timeout=10)  # reaped: SIGKILL is not refused
            except Exception:  # noqa: BLE001 - already reaped
                pass


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


class BrowserClosing(RuntimeError):
    """The run is ending: no new browser may start."""


class Browser:
    """One headless Chromium with a fresh profile, in its own process group."""

    def __init__(self, page_timeout: float = 30, *, guard: bool = True,
                 init_scripts: tuple[str, ...] = ()) -> None:
        # Without the guard, pages keep their unload handlers (an LMS runtime needs them).
        self.guard = guard
        # Scripts every document gets before its own (axe-core for the page gate: compiled
        # once, not sent over WebDriver at each load).
        self.init_scripts = init_scripts
        self.page_timeout = page_timeout
        self.binary = _first(CHROMIUM_CANDIDATES, "chromium")
        self.driver_path = _first(DRIVER_CANDIDATES, "chromedriver")
        os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a driver
        self.profile: str | None = None
        self.driver: webdriver.Chrome | None = None
        self.service: _GroupService | None = None
        self._lock = threading.Lock()  # a watchdog thread may end the browser mid-command
        self.start()

    def start(self) -> None:
        with _LIVE_LOCK:
            if _closing.is_set():
                raise BrowserClosing("the run is ending")
            _LIVE.add(self)
        try:
            self._launch()
        except BaseException as exc:
            self.quit()
            if _closing.is_set():  # ended by the exit path while it was starting
                raise BrowserClosing("the run is ending") from exc
            raise
        if _closing.is_set():  # the run ended while this browser was starting
            self.quit()
            raise BrowserClosing("the run is ending")

    def _launch(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="caire-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = self.binary
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.profile}")
        options.set_capability("unhandledPromptBehavior", "dismiss")
        self.driver = webdriver.Chrome(service=_GroupService(self, self.driver_path),
                                       options=options)
        self.driver.set_page_load_timeout(self.page_timeout)
        self.driver.set_script_timeout(self.page_timeout)
        for source in ((GUARD_JS,) if self.guard else ()) + self.init_scripts:
            self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                        {"source": source})

    def restart(self) -> None:
        self.quit()
        self.start()

    def set_theme_media(self, dark: bool) -> None:
        """`prefers-color-scheme` as the learner's system would set it."""
        assert self.driver is not None
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
            {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})

    def quit(self) -> None:
        """End the whole process group at once: a hung renderer cannot delay it."""
        with self._lock:
            self._end()

    def _end(self) -> None:
        if self.service is not None:
            self.service.stop()  # the group killed and chromedriver reaped
            self.service = None
        self.driver = None
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None
        with _LIVE_LOCK:
            _LIVE.discard(self)


def end_all_browsers() -> None:
    """End every browser this process started, those still starting included, and refuse
    new ones (exit paths). Nothing is waited for but the reaping of killed processes: a
    browser's start on a loaded machine takes as long as it likes."""
    with _LIVE_LOCK:
        _closing.set()
        browsers = list(_LIVE)
        for browser in browsers:  # all at once: a browser's lock may be held by its worker
            if browser.service is not None:
                browser.service.kill()
    for browser in browsers:
        browser.quit()
