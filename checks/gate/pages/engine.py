"""Rules on the built pages: axe-core in headless Chromium, light and dark, wide and narrow.

Every page gets its own verdict, the same on every run:
- the page is checked once it has settled (load, fonts, MathJax, no pending request, two
  frames), with transitions off, so a run never measures a frame of an animation;
- light at 1280 px runs every rule; the three other variants (dark 1280 px, light 320 px,
  dark 320 px) run again only what their change can affect: every rule on content that
  only they show, the viewport rules when the width changed, and the colour rules on the
  text whose colours changed (all of it the first time a theme is shown);
- a new width is a new load (scripts that adapt the page to its width run on load); a new
  theme at the same width is switched in place, as the theme's own switch does it;
- dialogs, pop-ups and navigation away are blocked by the browser's guard and reported; a
  page that still leaves its document gets no finding of the other document;
- a page over its time limit keeps the findings of what finished (on the first variant
  axe-core runs first, alone, its slow colour rules apart and last) and gets
  `page-incomplete` naming the rest, or `page-timeout` when nothing finished; its
  browser is replaced, the next pages are unaffected; a crashed browser is restarted and
  the page tried once more;
- what pages load from other sites (blocked: the browser is offline) is named once for
  the site; MathJax 3 can be served from `node_modules` in place of its CDN;
- results are cached by content (the page, the files it loads, axe, the engine, the
  settings), so an unchanged page is not checked again; the random ids a build draws anew
  (MyST's equation ids) do not count, what refers to what does.
"""

from __future__ import annotations

import hashlib
import json
import queue
import re
import sys
import threading
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from checks.errors import SetupError
from checks.gate import link_text
from checks.gate.catalog import AXE_PREFIX, axe_act, rgaa_from_tags, wcag_from_tags
from checks.gate.findings import Finding, Subject, found, pages_not_checked
from checks.gate.pages import probes
from checks.gate.pages.browser import Browser, BrowserClosing, axe_script
from checks.gate.pages.contrast import TEXT_LOOK_JS
from checks.gate.pages.image_text import tesseract_version
from checks.gate.pages.offline import blocked_loads, local_mathjax, offline_notices
from checks.gate.pages.server import serve
from checks.layout import (
    CELL_CLASS,
    LINE_CLASS,
    PAGE_CACHE,
    SITE_ASSET_DIRS,
    SITE_DATA_FILES,
    SOURCE_META,
)

# Bump when the engine's logic changes, so cached verdicts are not reused across versions.
ENGINE_VERSION = "13"  # 13: findings carry their ACT rule ids (`act`)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WCAG_LEVEL_TAGS = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}
# axe-core rules outside the tags above that implement an ACT rule without false alarms
# on its test cases: orientation locked by CSS (experimental in axe); a page refreshed or
# sent on after 20 hours or more (WCAG 2.2.4, AAA: a warning), which `meta-refresh` (up
# to 20 hours) lets pass.
AXE_EXTRA_RULES = ["css-orientation-lock", "meta-refresh-no-exceptions"]
# Rules whose result can change with the colours, or with the width of the viewport.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
VIEWPORT_RULES = ["scrollable-region-focusable"]
VARIANT_RULES = COLOUR_RULES + VIEWPORT_RULES
# axe-core rules about what takes keyboard focus (not known to axe: an inert page).
FOCUS_RULES = ["frame-focusable-content", "scrollable-region-focusable", "aria-hidden-focus"]
# (label, dark, width, height), in the order variants are run and listed. The first runs
# every rule; the others what their change can affect.
VARIANTS = (("light 1280 px", False, 1280, 900), ("dark 1280 px", True, 1280, 900),
            ("light 320 px", False, 320, 800), ("dark 320 px", True, 320, 800))
# What the guard noted that a learner would meet as an interruption.
INTERRUPTIONS = ("alert", "confirm", "prompt", "print", "window.open", "navigation")
_THEME_PAGE = "__caire_theme__"  # any same-origin URL: a 404 page is enough for storage
# The choice a theme switcher stores (pydata-sphinx-theme's, for one).
_THEME_JS = """
localStorage.setItem('mode', arguments[0]);
localStorage.setItem('theme', arguments[0]);
"""
# The same choice applied to the page on show, as pydata-sphinx-theme's switch (the theme
# of every Jupyter Book 1) applies it: the root's data attributes and its Bootstrap menus.
# (The colour-scheme preference itself is emulated by the browser: CSS follows it.)
_SWITCH_JS = _THEME_JS + """
const root = document.documentElement;
if ('mode' in root.dataset) root.dataset.mode = arguments[0];
if ('theme' in root.dataset) root.dataset.theme = arguments[0];
document.querySelectorAll('.dropdown-menu').forEach(
  (menu) => menu.classList.toggle('dropdown-menu-dark', arguments[0] === 'dark'));
"""

# axe's label-content-name-mismatch (WCAG 2.5.3, label in name) applies to a control that
# shows a text label. axe takes for shown text what is not drawn: the <title> of an SVG
# icon (Font Awesome's script gives every titled icon one, as in pydata-sphinx-theme's
# colour switch), a glyph of an icon font, text hidden in a 1 px box. A control
# whose drawn text holds no letter or digit has no text label: the rule does not apply.
NO_TEXT_LABEL_JS = r"""
const ICON_FONT = /icon|awesome|material|symbols|glyph/i;
const PRIVATE_USE = /[\uE000-\uF8FF]|[\u{F0000}-\u{10FFFD}]/gu;
const hasTextLabel = (el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    // An SVG's <title> and <desc> name it and are never drawn; its <text> is drawn.
    if (!parent || parent.closest('svg title, svg desc') ||
        ICON_FONT.test(getComputedStyle(parent).fontFamily)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const drawn = Array.from(range.getClientRects()).some((r) => r.width > 1 && r.height > 1);
    if (drawn && /[\p{L}\p{N}]/u.test(node.data.replace(PRIVATE_USE, ''))) return true;
  }
  return false;
};
"""

# Where an element comes from, read from the build's stamps on its nearest stamped
# ancestor: [notebook cell, inside the page's content, line in a markdown source, its
# path of tags, ids and classes].
_PLACE_JS = ("""
const stampOf = (el, prefix) => {
  const block = el && el.closest(`[class*="${prefix}"]`);
  const match = block && block.className.match(new RegExp(`${prefix}(\\\\d+)`));
  return match ? parseInt(match[1], 10) : null;
};
// The element's place in the page's frame, the same on every page of a theme whatever
// selector axe chose there: tag, id and classes of it and of its ancestors below <body>.
const pathOf = (el) => {
  if (!el) return null;
  const parts = [];
  for (let e = el; e && e !== document.body && e.nodeType === 1; e = e.parentElement) {
    parts.unshift(e.localName + (e.id ? '#' + e.id : '') +
                  Array.from(e.classList).map((c) => '.' + c).join(''));
  }
  return parts.join(' > ');
};
const placeOf = (el) => [stampOf(el, 'CELL_CLASS'), !!(el && el.closest('article')),
                         stampOf(el, 'LINE_CLASS'), pathOf(el)];
// The element a selector names; null when none, or when the selector is not one the
// browser accepts (axe and the probes build them from the page's own ids and classes).
const find = (selector) => {
  try { return document.querySelector(selector); } catch (e) { return null; }
};
""").replace("CELL_CLASS", CELL_CLASS).replace("LINE_CLASS", LINE_CLASS)

_RUN_JS = _PLACE_JS + NO_TEXT_LABEL_JS + ("""
// before: the elements the first variant showed (null: this is the first variant);
// colourBase: what the text looked like in an earlier variant of the same theme (null:
// none yet, every text is new to the colour rules), and inherit: the colour findings of
// that variant, which still hold where the text did not change; viewport: the width
// changed.
// phase: in the first variant, 'axe' runs every rule but the colour rules and nothing
// else, 'colour' the colour rules (on a page too big for everything in time, axe's
// findings come first and are kept, the slowest rules last), 'look' only reads what the
// first variant shows and how its text looks; 'variant' does a later variant.
const [tags, before, colourBase, inherit, viewport, phase] = arguments;
const done = arguments[arguments.length - 1];
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  if (document.readyState !== 'complete') {
    await new Promise((r) => window.addEventListener('load', r, {once: true}));
  }
  if (document.fonts && document.fonts.ready) await document.fonts.ready;
  const mathjax = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
  if (mathjax) await mathjax;
  let seen = -1;
  for (let i = 0; i < 40; i++) {  // no new request for 50 ms, at most 2 s
    const now = performance.getEntriesByType('resource').length;
    if (now === seen) break;
    seen = now;
    await pause(50);
  }
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const options = (runOnly, off = []) => ({resultTypes: ['violations'], runOnly,
    rules: {...EXTRA_RULES, ...Object.fromEntries(off.map((r) => [r, {enabled: false}]))}});
  const meta = document.querySelector('meta[name="SOURCE_META"]');
  const reply = (more) => done({violations: [], visible: [], colours: {}, inherited: [],
    ...more, source: meta ? meta.content : null,
    notes: Array.from(window.__caireNotes || []), url: location.href});
  const modal = document.querySelector(':modal');
  let index = null;
  // The ACT rules each axe rule implements, from axe's own metadata.
  const actIds = Object.fromEntries(axe.getRules().map((r) => [r.ruleId, r.actIds || []]));
  // Where the ACT rules the gate adds to an axe rule (catalog.AXE_ACT_EXTRA) apply. ACT
  // 2t702h: a summary with no explicit role (ARIA's fallback list: any valid one but none
  // and presentation, which a focusable summary overrides), not hidden from assistive
  // technologies; one with a role of its own is still reported by axe, as a failure of
  // that role's name, not of 2t702h.
  const EXTRA_ACT = {'summary-name': (el) => !el.closest('[aria-hidden="true"]') &&
    !(el.getAttribute('role') || '').trim().split(/\\s+/).some(
      (r) => axe.commons.aria.isValidRole(r) && r !== 'none' && r !== 'presentation')};
  const violationsOf = (runs) => {
    const violations = [];
    for (const [run, keptRules, keptElements] of runs) {
      for (const v of run.violations) {
        const nodes = [];
        for (const n of v.nodes) {
          const target = Array.isArray(n.target) ? n.target.join(' ') : String(n.target);
          const el = n.target.length === 1 ? find(n.target[0]) : null;
          // In the run on some elements: every rule on fresh content, colour rules on text
          // whose colours changed.
          if (keptElements !== null && !keptRules.has(v.id) &&
              !(el && keptElements.has(index.get(el)))) continue;
          // Behind an open modal dialog the page is inert: nothing there takes focus, which
          // axe's focus rules do not know.
          if (modal && FOCUS_RULES.includes(v.id)) {
            const host = n.target.length === 1 ? el : find(n.target[0]);  // or its frame
            if (host && !modal.contains(host)) continue;
          }
          if (v.id === 'label-content-name-mismatch' && el && !hasTextLabel(el)) continue;
          // What axe measured (colour contrast: the two colours, the ratio and the ratio
          // required), kept so the report can say what to change.
          const check = [...(n.any || []), ...(n.all || [])].find((c) => c.data &&
            typeof c.data === 'object' && 'contrastRatio' in c.data);
          const measured = check ? {fgColor: check.data.fgColor, bgColor: check.data.bgColor,
            contrastRatio: check.data.contrastRatio,
            expectedContrastRatio: check.data.expectedContrastRatio} : null;
          // Whether the ACT rules the gate adds to axe's own apply to this element.
          const extra = !(v.id in EXTRA_ACT) || (el !== null && EXTRA_ACT[v.id](el));
          nodes.push([target, ...placeOf(el), measured, extra]);
        }
        if (nodes.length) {
          violations.push({id: v.id, help: v.help, tags: v.tags, act: actIds[v.id] || [],
                           nodes});
        }
      }
    }
    return violations;
  };
  if (phase === 'axe' || phase === 'colour') {
    // The colour rules apart: on a very big page they take most of axe's time.
    const run = await axe.run(document, phase === 'axe'
      ? options({type: 'tag', values: tags}, COLOUR)
      : options({type: 'rule', values: COLOUR}));
    reply({violations: violationsOf([[run, null, null]])});
    return;
  }
  const all = Array.from(document.querySelectorAll('body *'));
  index = new Map(all.map((el, i) => [el, i]));
  const visible = [];
  all.forEach((el, i) => {
    if (el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden') {
      visible.push(i);
    }
  });
  // What decides a text's contrast: its colour, size and weight, its opacity, and the
  // first background behind it. A short hash per element that holds text.
  const hash = (text) => {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return h >>> 0;
  };
  TEXT_LOOK_JS
  const colours = {};
  for (const i of visible) {
    const el = all[i];
    if (!Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.data.trim())) continue;
    const style = getComputedStyle(el);
    // Size counts only as axe's large-text threshold.
    colours[i] = hash([style.color, largeText(style), style.opacity,
                       style.textDecorationLine, backdrop(el)].join('|'));
  }
  if (phase === 'look') {
    reply({visible, colours});
    return;
  }
  const runs = [];  // [axe results, rules kept (null: all), elements kept (null: all)]
  const inherited = [];
  // A later variant runs only what its change can affect.
  const old = new Set(before);
  const fresh = new Set(visible.filter((i) => !old.has(i)));
  const changed = colourBase === null ? null : new Set(Object.keys(colours)
    .map(Number).filter((i) => colourBase[i] !== colours[i]));
  if (changed !== null) {
    for (const [rule, target] of inherit) {
      const el = find(target);
      const i = el ? index.get(el) : undefined;
      if (i !== undefined && i in colours && !changed.has(i)) inherited.push([rule, target]);
    }
  }
  const whole = [...(viewport ? VIEWPORT : []), ...(changed === null ? COLOUR : [])];
  if (whole.length) {
    runs.push([await axe.run(document, options({type: 'rule', values: whole})), null, null]);
  }
  const some = new Set([...fresh, ...(changed || [])]);
  if (some.size) {
    const include = Array.from(some).map((i) => all[i]);
    runs.push([await axe.run({include}, options({type: 'tag', values: tags})),
               new Set(changed === null ? [] : COLOUR), fresh]);
  }
  reply({violations: violationsOf(runs), visible, colours, inherited});
})().catch((e) => done({error: String(e && e.message || e)}));
""").replace("TEXT_LOOK_JS", TEXT_LOOK_JS).replace("SOURCE_META", SOURCE_META).replace(
        "EXTRA_RULES", json.dumps(
        {rule: {"enabled": True} for rule in AXE_EXTRA_RULES})).replace(
        "VIEWPORT", json.dumps(VIEWPORT_RULES)).replace("COLOUR", json.dumps(COLOUR_RULES)).replace(
        "FOCUS_RULES", json.dumps(FOCUS_RULES))

# Where an element found by a browser-driven rule comes from: [cell, in content, line].
_LOCATE_JS = _PLACE_JS + """
return arguments[0].map((selector) => placeOf(find(selector)));
"""


# For each selector of the first list, whether its element lies inside an element of the
# second list.
_INSIDE_JS = _PLACE_JS + """
const [inner, outer] = arguments;
const hosts = outer.map(find).filter(Boolean);
return inner.map((selector) => {
  const el = find(selector);
  return !!el && hosts.some((host) => host.contains(el));
});
"""


_REDIRECT = re.compile(rb"<meta[^>]+http-equiv=[\"']?refresh[\"']?[^>]*content=[\"']?0\s*;",
                       re.I)


def is_redirect_stub(path: Path) -> bool:
    """A page that only sends the reader on at once (the book's root `index.html`): it is
    checked as the page it leads to, not as a page of its own."""
    if path.stat().st_size >= 4096:
        return False
    return bool(_REDIRECT.search(path.read_bytes()))


def site_pages(site: Path) -> list[str]:
    if not site.is_dir():
        raise SetupError(f"{site}: no such site folder (build it with `caire build`)")
    pages = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))
             if not SITE_ASSET_DIRS & set(p.relative_to(site).parts[:-1])
             and not is_redirect_stub(p)]
    if not pages:
        raise SetupError(f"{site}: no HTML page found")
    return pages


def in_shard(items: list, shard: tuple[int, int] | None) -> list:
    """The items of shard K of N (1-based), by position: deterministic and balanced."""
    if shard is None:
        return items
    number, count = shard
    return [item for i, item in enumerate(items) if i % count == number - 1]


def read_page(site: Path, page: str) -> tuple[bytes | None, list[Path], BeautifulSoup | None]:
    """The page's bytes (None when it is not an HTML page), the files of the site it
    loads and renders from (scripts, stylesheets, images, frames, media): its cache key,
    and the page parsed."""
    data = (site / page).read_bytes()
    if b"\x00" in data[:4096]:
        return None, [], None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, [], None
    soup = BeautifulSoup(text, "html.parser")
    if soup.find(True) is None:
        return None, [], None
    loaded = []
    for tag in soup.find_all(["script", "link", "img", "source", "iframe", "video", "audio"]):
        for attribute in ("src", "href"):
            reference = tag.get(attribute)
            if not reference or (tag.name == "link" and attribute == "href" and
                                 "stylesheet" not in (tag.get("rel") or [])):
                continue
            parts = urlsplit(str(reference))
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = ((site / page).parent / unquote(parts.path)).resolve()
            if target.is_file() and target.is_relative_to(site) and \
                    target.name not in SITE_DATA_FILES:
                loaded.append(target)
    return data, sorted(set(loaded)), soup


def page_source(soup: BeautifulSoup) -> str | None:
    """The source file the build stamped on the page (a notebook, a markdown page)."""
    meta = soup.find("meta", attrs={"name": SOURCE_META})
    return str(meta["content"]) if meta and meta.get("content") else None


@dataclass
class _Hit:
    rule: str
    help: str
    severity: str
    wcag: tuple[str, ...]
    rgaa: tuple[str, ...]
    target: str
    source: str | None
    cell: int | None
    line: int | None
    variants: set[str] = field(default_factory=set)
    measured: tuple[tuple[str, str | float], ...] = ()
    act: tuple[str, ...] = ()


_MEASURED = ("fgColor", "bgColor", "contrastRatio", "expectedContrastRatio")


def _with_path(data: tuple[tuple[str, str | float], ...],
               path: str | None) -> tuple[tuple[str, str | float], ...]:
    return tuple(sorted(data + (("path", path),))) if path else data


def _measured(data: dict | None) -> tuple[tuple[str, str | float], ...]:
    """axe's colour measure, whole (all four values) or nothing; the ratio to 2 decimals
    as axe prints it."""
    if not data or any(data.get(name) in (None, "") for name in _MEASURED):
        return ()
    ratio = data["contrastRatio"]
    values = {**data, "contrastRatio": round(float(ratio), 2)
              if isinstance(ratio, int | float) else ratio}
    return tuple(sorted((name, values[name]) for name in _MEASURED))


@dataclass
class PageVerdict:
    page: str
    findings: list[Finding]

    @property
    def checked(self) -> bool:
        """Wholly checked: a verdict worth caching (not one cut short by its time)."""
        return not pages_not_checked(self.findings, [self.page]) and \
            not any(f.rule == "page-incomplete" for f in self.findings)


@dataclass
class _Progress:
    """What a page's check has finished so far: kept when its time runs out."""

    hits: dict[tuple[str, str], _Hit] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)  # variants whose axe run finished
    colours_done: bool = False  # the colour rules in the first variant (run apart)
    probed: list[Finding] | None = None  # the browser-driven rules' findings, once run


class _Expired(Exception):
    """The page's time limit passed: its browser was ended by the watchdog."""


class PageChecker:
    """One browser that gives pages their verdicts, replaced after a hang or a crash."""

    def __init__(self, base_url: str, script: Path, page_timeout: float,
                 variants: tuple[tuple[str, bool, int, int], ...] = VARIANTS) -> None:
        self.base_url = base_url
        self.variants = variants
        self.axe_source = script.read_text(encoding="utf-8")
        self.page_timeout = page_timeout
        self.browser = Browser(page_timeout, init_scripts=(self.axe_source,))
        self.dark: bool | None = None
        self._expired = threading.Event()
        self._progress = _Progress()

    # --- one page ---------------------------------------------------------------------
    def check(self, page: str) -> PageVerdict:
        for attempt in (1, 2):
            self._expired.clear()
            self._progress = _Progress()
            watchdog = threading.Timer(self.page_timeout, self._expire)
            watchdog.daemon = True
            watchdog.start()
            try:
                return PageVerdict(page, self._check_variants(page))
            except BrowserClosing:
                raise
            except Exception as exc:  # noqa: BLE001 - whatever the page did, it gets a verdict
                expired = self._expired.is_set() or type(exc).__name__ == "TimeoutException"
                self._replace_browser()
                if expired:
                    return PageVerdict(page, self._unfinished(page))
                if attempt == 2:
                    reason = (getattr(exc, "msg", None) or str(exc) or type(exc).__name__)
                    return PageVerdict(page, [found(
                        "page-error", f"browser failed twice: {reason.splitlines()[0]}",
                        page=page)])
            finally:
                watchdog.cancel()
        raise AssertionError("unreachable")

    def _unfinished(self, page: str) -> list[Finding]:
        """A page over its time limit: the findings of what finished (axe in the first
        variant comes first), and a finding naming what did not; `page-timeout` when
        nothing finished."""
        progress = self._progress
        if not progress.done:
            return [found("page-timeout", f"no verdict within {self.page_timeout:g} s; the "
                          "browser was replaced", page=page)]
        left = [label for label, *_ in self.variants[1:] if label not in progress.done]
        unfinished = [
            "" if progress.colours_done else
            f"{', '.join(COLOUR_RULES)} in {self.variants[0][0]}",
            f"axe-core in {', '.join(left)}" if left else "",
            "" if progress.probed is not None else ", ".join(probes.PROBE_RULES)]
        findings = [self._finding(hit, page) for hit in progress.hits.values()]
        findings += progress.probed or []
        findings.append(found(
            "page-incomplete", f"within {self.page_timeout:g} s only part of the page was "
            f"checked: axe-core in {', '.join(progress.done)}; not finished: "
            + "; ".join(filter(None, unfinished)), page=page))
        return findings

    def _expire(self) -> None:
        self._expired.set()
        self.browser.quit()  # the pending command fails at once instead of hanging

    def _replace_browser(self) -> None:
        self.browser.restart()
        self.dark = None

    def _set_theme(self, dark: bool) -> None:
        """The learner's theme, set before the page loads (no transition is measured): the
        colour-scheme preference and the choice a theme switcher stores."""
        driver = self.browser.driver
        assert driver is not None
        self.browser.set_theme_media(dark)
        # Storage is per origin: any page of the site will do, the current one if it is.
        if not driver.current_url.startswith(self.base_url):
            driver.get(self.base_url + _THEME_PAGE)
        driver.execute_script(_THEME_JS, "dark" if dark else "light")
        self.dark = dark

    def _switch_theme(self, dark: bool) -> None:
        """The learner's theme changed on the page shown (same result as a reload at the
        same width: computed styles and colour findings compared on every course page)."""
        driver = self.browser.driver
        assert driver is not None
        self.browser.set_theme_media(dark)
        driver.execute_script(_SWITCH_JS, "dark" if dark else "light")
        self.dark = dark

    def _check_variants(self, page: str) -> list[Finding]:
        driver = self.browser.driver
        assert driver is not None
        url = self.base_url + page
        hits = self._progress.hits
        notes: set[str] = set()
        before: list[int] | None = None
        first_width = self.variants[0][2]
        colours: dict[bool, dict] = {}  # per theme: how its text looked last
        colour_hits: dict[bool, list[tuple[str, str]]] = {}  # and what failed then
        source: str | None = None
        shown_width: int | None = None
        for index, (label, dark, width, height) in enumerate(self.variants):
            if self._expired.is_set():
                raise _Expired()
            # The viewport rules run again at a new width; on the same layout in another
            # theme their findings hold.
            in_place = width == shown_width
            relaid = not in_place and width != first_width
            if in_place:
                self._switch_theme(dark)
            else:
                if shown_width is not None and self._progress.probed is None:
                    self._progress.probed = self._probe_first(page, source)
                # A new width loads the page as a learner would open it at that size and
                # in that theme: scripts that adapt the page on load (focusable code
                # blocks) run.
                driver.set_window_size(width, height)
                if self.dark != dark:
                    self._set_theme(dark)
                driver.get(url)
                shown_width = width
            if not driver.execute_script("return !!(window.axe && window.axe.run)"):
                driver.execute_script(self.axe_source)  # the page replaced it
            # The first variant: axe-core alone first (kept if the rest runs out of time),
            # then what the page shows, for the variants after it.
            phases = ["axe", "colour", "look"] if before is None else ["variant"]
            for phase in phases:
                result = driver.execute_async_script(_RUN_JS, AXE_TAGS, before,
                                                     colours.get(dark),
                                                     colour_hits.get(dark, []), relaid,
                                                     phase)
                if not isinstance(result, dict) or "error" in result:
                    message = result.get("error") if isinstance(result, dict) else result
                    raise RuntimeError(f"axe could not run: {message}")
                if urlsplit(result["url"])._replace(fragment="") != urlsplit(url):
                    return [found("page-navigated",
                                  f"the page left its document for {result['url']}; it was "
                                  "not checked", page=page)]
                notes |= set(result["notes"])
                self._collect(hits, result, label)
                if phase == "axe":
                    self._progress.done.append(label)
                elif phase == "colour":
                    self._progress.colours_done = True
            for rule, target in result["inherited"]:
                hits[(rule, target)].variants.add(label)
            if in_place:
                previous = self.variants[index - 1][0]
                for hit in hits.values():
                    if hit.rule in VIEWPORT_RULES and previous in hit.variants:
                        hit.variants.add(label)
            colours[dark] = result["colours"]
            colour_hits[dark] = [key for key, hit in hits.items()
                                 if hit.rule in COLOUR_RULES and label in hit.variants]
            if before is None:
                before = result["visible"]
                source = result["source"]
            else:
                self._progress.done.append(label)
        if self._progress.probed is None:
            self._progress.probed = self._probe_first(page, source)
        findings = [self._finding(hit, page) for hit in hits.values()] + self._progress.probed
        interruptions = [n for n in INTERRUPTIONS if n in notes]
        if interruptions:
            findings.append(found("page-interrupts",
                                  f"on load the page tried: {', '.join(interruptions)}; "
                                  "blocked, and the page was checked", page=page))
        return findings

    def _probe_first(self, page: str, source: str | None) -> list[Finding]:
        """The browser-driven rules, once per page, in the first variant, after axe in every
        variant shown at its width (they move the focus and the viewport)."""
        driver = self.browser.driver
        assert driver is not None
        first_dark = self.variants[0][1]
        if self.dark != first_dark:
            self._switch_theme(first_dark)
        items = self._without_axe_hidden_focus(
            probes.run_probes(driver, built=source is not None))
        places = driver.execute_script(_LOCATE_JS, [target for _rule, target, _m in items])
        findings = []
        for (rule_id, target, message), (cell, in_content, line, path) in zip(
                items, places, strict=True):
            mine = source if in_content else None
            finding = found(rule_id, message, mine, cell if mine else None, page,
                            line=line if mine else None)
            findings.append(replace(finding, target=target,
                                    data=_with_path((), None if mine else path)))
        return findings

    def _without_axe_hidden_focus(self, items: list[list[str]]) -> list[list[str]]:
        """A focus resting in aria-hidden content (the walk) inside an element axe's
        aria-hidden-focus already reports is one problem: axe's finding says it."""
        driver = self.browser.driver
        assert driver is not None
        rested = [target for rule, target, _m in items if rule == "page-hidden-focus"]
        hidden = [hit.target for hit in self._progress.hits.values()
                  if hit.rule == "aria-hidden-focus"]
        if not rested or not hidden:
            return items
        covered = {target for target, inside in zip(
            rested, driver.execute_script(_INSIDE_JS, rested, hidden), strict=True) if inside}
        return [item for item in items
                if not (item[0] == "page-hidden-focus" and item[1] in covered)]

    def _collect(self, hits: dict[tuple[str, str], _Hit], result: dict, label: str) -> None:
        for violation in result["violations"]:
            tags = violation.get("tags", [])
            severity = "error" if WCAG_LEVEL_TAGS & set(tags) else "warning"
            for target, cell, in_content, line, path, measured, extra in violation["nodes"]:
                key = (violation["id"], target)
                if key not in hits:
                    source = result["source"] if in_content else None
                    hits[key] = _Hit(violation["id"], violation["help"], severity,
                                     wcag_from_tags(tags), rgaa_from_tags(tags), target,
                                     source, cell if source else None,
                                     line if source else None,
                                     act=axe_act(violation["id"], violation["act"], extra))
                    # The first variant's measure (light, wide): the one the report gives;
                    # outside the content, the element's path (the report groups the
                    # theme's findings by it).
                    hits[key].measured = _with_path(_measured(measured),
                                                    None if source else path)
                hits[key].variants.add(label)

    def _finding(self, hit: _Hit, page: str) -> Finding:
        message = f"{hit.help}: {hit.target}"
        data = dict(hit.measured)
        if "contrastRatio" in data:
            message += (f" (contrast {data['contrastRatio']}:1, {data['fgColor']} on "
                        f"{data['bgColor']}; {data['expectedContrastRatio']} needed)")
        if hit.rule in VARIANT_RULES:
            seen = [label for label, *_ in self.variants if label in hit.variants]
            message += f" ({'; '.join(seen)})"
        return Finding(f"{AXE_PREFIX}{hit.rule}", hit.severity, message, hit.source,
                       hit.cell, page, hit.wcag, hit.rgaa, hit.target, hit.line,
                       hit.measured, hit.act)

    def close(self) -> None:
        self.browser.quit()


# --- the whole site -----------------------------------------------------------------------

# A random UUID (version 4): MyST gives each amsmath equation one, new at every build.
_RANDOM_ID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def without_random_ids(data: bytes) -> bytes:
    """The page with each random id replaced by its rank of first appearance: what
    refers to what is kept, the draw is not (a page is not checked again for it)."""
    ranks: dict[bytes, bytes] = {}
    return _RANDOM_ID.sub(lambda m: ranks.setdefault(
        m.group(0), b"random-id-%d" % len(ranks)), data)


def _cache_key(site: Path, page: str, data: bytes, loaded: list[Path], axe_digest: str,
               settings: str) -> str:
    digest = hashlib.sha256()
    for part in (ENGINE_VERSION, axe_digest, settings, page):
        digest.update(part.encode() + b"\x00")
    digest.update(without_random_ids(data))
    for path in loaded:
        digest.update(b"\x00" + path.relative_to(site).as_posix().encode() + b"\x00")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _load_cached(path: Path) -> list[Finding] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Finding.from_json(item) for item in data]
    except (OSError, ValueError, TypeError, KeyError):
        return None


def check_site(site: Path, root: Path, *, jobs: int = 2, page_timeout: float = 30,
               pages: list[str] | None = None,
               variants: tuple[tuple[str, bool, int, int], ...] = VARIANTS,
               shard: tuple[int, int] | None = None,
               use_cache: bool = True,
               serve_mathjax: bool = False) -> tuple[list[Finding], list[Subject]]:
    """Give every page of `site` its verdict, `jobs` browsers in parallel; what the pages
    load from other sites (blocked) is named once. With `serve_mathjax`, MathJax 3 from
    `node_modules` is served in place of its CDN."""
    site = site.resolve()
    mathjax = local_mathjax(root) if serve_mathjax else None
    if serve_mathjax and mathjax is None:
        raise SetupError(f"{root}: local-mathjax is set, but node_modules/mathjax (version "
                         "3) is missing; add it to package.json and run `npm ci`")
    pages = in_shard(pages if pages is not None else site_pages(site), shard)
    script = axe_script(root)
    axe_digest = hashlib.sha256(script.read_bytes()).hexdigest()
    # The browser-driven rules are part of the engine, the link texts they read too: a
    # change to them is a new engine.
    probes_digest = hashlib.sha256(b"".join(
        path.read_bytes() for path in [*sorted(Path(probes.__file__).parent.glob("*.py")),
                                       Path(link_text.__file__)])).hexdigest()
    settings = json.dumps([AXE_TAGS, AXE_EXTRA_RULES, VARIANT_RULES,
                           [list(v) for v in variants], probes_digest,
                           version("lingua-language-detector"), serve_mathjax,
                           tesseract_version()])
    cache_dir = root / PAGE_CACHE
    verdicts: dict[str, list[Finding]] = {}
    todo: queue.Queue[tuple[str, Path | None]] = queue.Queue()
    blocked: dict[str, list[str]] = {}
    sources: dict[str, str | None] = {}
    for page in pages:
        data, loaded, soup = read_page(site, page)
        if data is None or soup is None:
            verdicts[page] = [found("page-not-html", "not an HTML document", page=page)]
            continue
        blocked[page] = blocked_loads(soup, served_mathjax=mathjax is not None)
        sources[page] = page_source(soup)
        key = _cache_key(site, page, data, loaded, axe_digest, settings)
        cached_path = cache_dir / f"{key}.json"
        cached = _load_cached(cached_path) if use_cache else None
        if cached is not None:
            verdicts[page] = cached
            continue
        todo.put((page, cached_path if use_cache else None))
    if not todo.empty():
        _check_pages(site, script, page_timeout, variants, jobs, todo, verdicts, mathjax)
    findings = [f for page in pages for f in sorted(verdicts[page], key=_order)]
    findings += offline_notices(blocked)
    if pages and tesseract_version() is None:
        # Once for the site, not once a page: the images were not read at all.
        findings.append(found("page-image-ocr-unavailable", "tesseract is not installed: "
                              "images were not checked for text (page-image-of-text)"))
    not_checked = pages_not_checked(findings, pages)
    print(f"caire: {len(pages) - len(not_checked)} of {len(pages)} page(s) checked"
          + (f"; not checked: {', '.join(not_checked)}" if not_checked else ""),
          file=sys.stderr)
    # A page's subject names its source, so reports list a notebook once, by its source.
    return findings, [Subject(sources.get(page), None, (), page) for page in pages]


def _order(finding: Finding) -> tuple:
    return (finding.rule, finding.target or "", finding.message, finding.cell or -1)


def _check_pages(site: Path, script: Path, page_timeout: float,
                 variants: tuple[tuple[str, bool, int, int], ...], jobs: int,
                 todo: queue.Queue[tuple[str, Path | None]],
                 verdicts: dict[str, list[Finding]], mathjax: Path | None) -> None:
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work(base_url: str) -> None:
        try:
            checker = PageChecker(base_url, script, page_timeout, variants)
        except Exception as exc:  # noqa: BLE001 - reported once all workers are done
            errors.append(exc)
            return
        try:
            while True:
                try:
                    page, cache_path = todo.get_nowait()
                except queue.Empty:
                    return
                verdict = checker.check(page)
                with lock:
                    verdicts[page] = verdict.findings
                if cache_path is not None and verdict.checked:
                    cache_path.parent.mkdir(parents=True, exist_ok=True)
                    cache_path.write_text(json.dumps(
                        [f.to_json() for f in verdict.findings], ensure_ascii=False),
                        encoding="utf-8")
                print(f"caire: {page}: {len(verdict.findings)} finding(s)", file=sys.stderr)
        except BrowserClosing as exc:
            errors.append(exc)
        finally:
            checker.close()

    with serve(site, mathjax) as base_url:
        threads = [threading.Thread(target=work, args=(base_url,), daemon=True)
                   for _ in range(max(1, min(jobs, todo.qsize())))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if errors and not todo.empty():
        first = errors[0]
        if isinstance(first, BrowserClosing):
            raise KeyboardInterrupt
        reason = getattr(first, "msg", None) or str(first) or type(first).__name__
        raise SetupError(f"the browser could not start: {reason.splitlines()[0]}")
