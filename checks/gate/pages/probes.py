"""Rules driven in the browser, beyond what axe-core decides alone: the keyboard (a
trap), the focus (visible or not, resting on content hidden by aria-hidden), media that
play sound on their own; and, from their own
modules, the DOM rules (`dom_rules`), the language of the text (`language`), the page
enlarged (`resize`), the page's reactions (`reactions`: text changing on its own, keys,
device motion), images of text (`image_text`), image and page names that say nothing
(`names`).

They run once per page, in the first variant, after axe. Each returns `[rule, selector,
message]` items; the engine maps them to the page's source and cell like axe's violations.
"""

from __future__ import annotations

import re
import time
from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from checks.gate.pages.contrast import run_contrast_probe
from checks.gate.pages.dom_rules import run_dom_rules
from checks.gate.pages.image_text import ocr_available, run_image_text_probe
from checks.gate.pages.language import run_language_probe
from checks.gate.pages.names import run_name_probes
from checks.gate.pages.reactions import run_reaction_rules
from checks.gate.pages.resize import run_resize_probes

# Key presses of the keyboard walk at most (a trap shows within the first elements it
# holds; the walk on a long page stops here).
MAX_TABS = 40
# The walk goes at full speed; when the focus moved while no Tab was down, a script of
# the page moves it too (on a timer, say 10 ms after a blur, or at the next frame), and
# the walk is done again one key at a time, each followed by the next frame and this
# pause on the page's clock, so such a handler has run before the next key.
TAB_PAUSE = 0.02  # seconds
SETTLE = 0.05  # seconds after the fast walk, for a handler on a timer to show itself
# Elements inside a focused element whose look is compared (a ring drawn on a child); a
# focusable box of code holds thousands, and an indicator is near the top.
MAX_INSIDE = 12

# A selector naming just this element: its id when unique, else its path from the body.
_SELECTOR_JS = r"""
const sel = (el) => {
  const path = [];
  for (let node = el; node && node.nodeType === 1 && node !== document.documentElement;
       node = node.parentElement) {
    if (node.id && document.querySelectorAll(`#${CSS.escape(node.id)}`).length === 1) {
      path.unshift(`#${CSS.escape(node.id)}`);
      break;
    }
    const same = Array.from(node.parentElement ? node.parentElement.children : [])
      .filter((s) => s.tagName === node.tagName);
    const tag = node.tagName.toLowerCase();
    path.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(node) + 1})` : tag);
  }
  return path.join(' > ');
};
"""

_SETUP_JS = r"""
SELECTOR_JS
const focusable = Array.from(document.querySelectorAll(
  'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex],' +
  ' audio[controls], video[controls], [contenteditable=""], [contenteditable="true"]'))
  .filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length &&
          getComputedStyle(el).visibility !== 'hidden');
// What is seen of an element: an outline or border only when drawn, its shadow, colours,
// decoration, weight, transform (an outline offset with no outline shows nothing).
const look = (el) => {
  const s = getComputedStyle(el);
  const outline = s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0 ? 'none'
    : [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset].join(' ');
  const borders = ['Top', 'Right', 'Bottom', 'Left'].map((side) => {
    const width = s[`border${side}Width`], style = s[`border${side}Style`];
    return style === 'none' || parseFloat(width) === 0 ? 'none'
      : [style, width, s[`border${side}Color`]].join(' ');
  });
  return [outline, ...borders, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine,
          s.textDecorationThickness, s.textDecorationColor, s.opacity, s.transform,
          s.fontWeight, s.display, s.visibility].join('|');
};
// What may show an element's focus: itself, its ancestors, its near siblings, its
// children and theirs (a theme's <summary> draws no ring but rings its icon box:
// `summary:focus-visible > .toctree-toggle`), its pseudo-elements.
const around = (el) => {
  const parts = [el, ...Array.from(el.querySelectorAll(':scope > *, :scope > * > *'))
    .slice(0, MAX_INSIDE)];
  for (let p = el.parentElement, i = 0; p && i < 3; p = p.parentElement, i++) {
    parts.push(p);
  }
  for (let s = el.previousElementSibling, i = 0; s && i < 2;
       s = s.previousElementSibling, i++) parts.push(s);
  for (let s = el.nextElementSibling, i = 0; s && i < 2; s = s.nextElementSibling, i++) {
    parts.push(s);
  }
  const pseudo = ['::before', '::after'].map((p) => {
    const s = getComputedStyle(el, p);
    return s.content === 'none' ? 'none'
      : [s.content, s.backgroundColor, s.boxShadow, s.borderTopStyle, s.borderTopColor]
        .join('|');
  });
  return parts.map(look).join('#') + '#' + pseudo.join('#');
};
// The look without focus is taken once nothing has focus (a dialog may have focused its
// button on load) and the page has drawn that.
const done = arguments[arguments.length - 1];
if (!document.hasFocus()) throw new Error('the page does not have the focus: no walk');
if (document.activeElement && document.activeElement !== document.body) {
  document.activeElement.blur();
}
requestAnimationFrame(() => requestAnimationFrame(() => {
  // scripted: focus moves made while no Tab was down (by a timer, say), apart from the
  // focus coming back to the page's first element after it left, and focus() calls
  // made by the page's scripts during the walk.
  // stuck: elements on which the page cancelled a Tab (a field whose keydown handler
  // calls preventDefault on Tab) and the focus went nowhere, known at the next Tab or
  // when the walk is read. (Tab inside a media element's own controls moves no focus
  // the page sees, and is not cancelled.)
  // hidden: elements hidden from assistive technologies (aria-hidden="true" on them or
  // an ancestor) that held the focus when the next Tab came: the focus rested there.
  const state = {focusable, log: [], unfocused: focusable.map(around), focused: new Map(),
                 sel, scripted: 0, key: false, away: false, stuck: new Set(), press: null,
                 hidden: new Set()};
  state.rested = () => {
    const el = document.activeElement;
    if (el && el !== document.body && el.closest('[aria-hidden="true"]')) state.hidden.add(el);
  };
  state.pressed = () => {
    const press = state.press;
    if (press && press.event.defaultPrevented && press.logged === state.log.length &&
        document.activeElement === press.el && press.index >= 0) {
      state.stuck.add(press.index);
    }
    state.press = null;
  };
  window.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab' || window.__caireWalk !== state) return;
    state.rested();
    state.pressed();
    state.key = true;
    // The event is kept: once dispatched, it still tells whether a handler cancelled it.
    state.press = {event, el: document.activeElement, logged: state.log.length,
                   index: focusable.indexOf(document.activeElement)};
  }, true);
  window.addEventListener('keyup', (e) => { if (e.key === 'Tab') state.key = false; }, true);
  document.addEventListener('focusin', (event) => {
    if (window.__caireWalk !== state) return;  // a later walk has begun
    const i = focusable.indexOf(event.target);
    if (!state.key && !(state.away && i === 0)) state.scripted += 1;
    state.away = false;
    state.log.push(i);
    if (i >= 0 && !state.focused.has(i)) state.focused.set(i, around(event.target));
  }, true);
  window.addEventListener('blur', () => {
    if (window.__caireWalk !== state) return;
    state.log.push(-1);
    state.away = true;
    // The Tab that left the page is released outside it: its keyup never comes here,
    // and a focus the page's timer takes back while away must count as scripted.
    state.key = false;
  });
  // A focus the page's script gives, counted at the call: when the walk has left the
  // page, the browser may deliver its focus events only after the walk is read.
  for (const proto of [HTMLElement.prototype, SVGElement.prototype]) {
    const focus = proto.focus;
    proto.focus = function (...args) {
      if (window.__caireWalk === state) state.scripted += 1;
      return focus.apply(this, args);
    };
  }
  window.__caireWalk = state;
  done(focusable.length);
}));
"""

_SETUP_JS = _SETUP_JS.replace("SELECTOR_JS", _SELECTOR_JS).replace(
    "MAX_INSIDE", str(MAX_INSIDE))

# A trap: an element focused twice with Tab without focus leaving the page in between
# (on any page, Tab goes through every element, leaves to the browser, then wraps), or an
# element a Tab did not leave at all (the page cancelled the key).
_RESULT_FN = r"""
const result = () => {
const state = window.__caireWalk;
state.pressed();
state.rested();
const seen = new Map();
let trap = null;
state.log.forEach((i, at) => {
  if (i === -1) { seen.clear(); return; }
  if (i < 0) return;
  if (seen.has(i) && trap === null) trap = state.log.slice(seen.get(i), at).filter((j) => j >= 0);
  seen.set(i, at);
});
if (trap === null && state.stuck.size) trap = Array.from(state.stuck).sort((a, b) => a - b);
const invisible = [];
state.focused.forEach((look, i) => {
  if (look === state.unfocused[i]) invisible.push(state.sel(state.focusable[i]));
});
const text = document.body ? document.body.innerText : '';
return {trap: trap && Array.from(new Set(trap)).map((i) => state.sel(state.focusable[i])),
        trapIndexes: trap ? Array.from(new Set(trap)) : [],
        active: state.focusable.indexOf(document.activeElement), invisible, text,
        scripted: state.scripted, hidden: Array.from(state.hidden).map(state.sel)};
};
"""
_RESULT_JS = _RESULT_FN + "return result();"
# After the fast walk: a frame callback or a timer the page set during it (a refocus at
# the next frame, or 10 ms after a blur) has run before one set now, however loaded the
# machine is.
_RESULT_LATER_JS = _RESULT_FN + """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => setTimeout(() => done(result()), SETTLE_MS));
"""
_SETTLED_JS = """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => setTimeout(done, PAUSE_MS));
""".replace("PAUSE_MS", str(round(TAB_PAUSE * 1000)))

_MEDIA_JS = r"""
const done = arguments[arguments.length - 1];
SELECTOR_JS
(async () => {
  const found = [];
  // A control the page gives itself: a button that plays, pauses, stops or mutes.
  const controls = Array.from(document.querySelectorAll('button, [role="button"], ' +
    'input[type="button"]')).some((b) => /play|pause|stop|mute|son|lecture|arr[êe]t|couper/i
      .test(b.textContent + ' ' + (b.value || '') + ' ' + (b.getAttribute('aria-label') || '')));
  const media = Array.from(document.querySelectorAll('audio[autoplay], video[autoplay]'))
    .filter((m) => !m.muted && !m.hasAttribute('muted') && !m.controls && !controls);
  for (const m of media) {
    if (m.paused || m.readyState < 1) {
      await Promise.race([new Promise((r) => m.addEventListener('playing', r, {once: true})),
                          new Promise((r) => m.addEventListener('error', r, {once: true})),
                          new Promise((r) => setTimeout(r, 2000))]);
    }
    // Listen to what it plays (the browser's output is muted; the samples are not): a
    // silent track is no sound.
    let loudest = 0;
    try {
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      context.createMediaElementSource(m).connect(analyser);
      await context.resume();
      const samples = new Float32Array(analyser.fftSize);
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 60));
        analyser.getFloatTimeDomainData(samples);
        for (const v of samples) loudest = Math.max(loudest, Math.abs(v));
      }
    } catch (e) {
      loudest = m.webkitAudioDecodedByteCount > 0 ? 1 : 0;
    }
    // A media fragment (#t=8,10) plays only that part.
    const fragment = /#t=([\d.]+)?(?:,([\d.]+))?/.exec(m.currentSrc || '');
    let length = m.duration;
    if (fragment && fragment[2]) length = parseFloat(fragment[2]) - parseFloat(fragment[1] || 0);
    // Media that did not play are not judged.
    if (!m.paused && loudest > 0.001 && !(length <= 3)) {
      found.push(['page-autoplay-audio', sel(m), 'a media element plays sound on its own ' +
                  'for more than 3 seconds, with no way to stop it']);
    }
  }
  done(found);
})().catch((e) => done([]));
"""

_MEDIA_JS = _MEDIA_JS.replace("SELECTOR_JS", _SELECTOR_JS)

# "Press Ctrl+M to exit", "Appuyez sur Échap pour sortir": a key the page says leaves.
_INSTRUCTION = re.compile(
    r"(?:press|use|hit|appuyez sur|utilisez|tapez)\s+(?:la touche\s+)?"
    r"((?:(?:ctrl|control|alt|shift|maj|cmd|meta)\s*\+\s*)*(?:esc(?:ape)?|échap|tab|f\d+|\w))\b",
    re.I)
_MODIFIERS = {"alt": 1, "ctrl": 2, "control": 2, "meta": 4, "cmd": 4, "shift": 8, "maj": 8}
_NAMED_KEYS = {"esc": ("Escape", 27), "escape": ("Escape", 27), "échap": ("Escape", 27),
               "tab": ("Tab", 9)}


def _press(driver: Any, key: str, code: int, modifiers: int = 0, text: str = "") -> None:
    event = {"key": key, "code": key if len(key) > 1 else f"Key{key.upper()}",
             "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code,
             "modifiers": modifiers}
    driver.execute_cdp_cmd("Input.dispatchKeyEvent", {**event, "type": "rawKeyDown"})
    if text and not modifiers & 7:
        driver.execute_cdp_cmd("Input.dispatchKeyEvent", {**event, "type": "char", "text": text})
    driver.execute_cdp_cmd("Input.dispatchKeyEvent", {**event, "type": "keyUp"})


def _press_combo(driver: Any, combo: str) -> None:
    parts = [p.strip().lower() for p in combo.split("+")]
    modifiers = sum(_MODIFIERS.get(p, 0) for p in parts[:-1])
    key = parts[-1]
    if key in _NAMED_KEYS:
        name, code = _NAMED_KEYS[key]
        _press(driver, name, code, modifiers)
    elif re.fullmatch(r"f\d+", key):
        _press(driver, key.upper(), 111 + int(key[1:]), modifiers)
    else:
        _press(driver, key, ord(key.upper()), modifiers, key)


def _tab(driver: Any, times: int, pause: float = TAB_PAUSE) -> None:
    """Tab `times` times, `pause` seconds after each: one WebDriver request for the whole
    walk (W3C actions), not a round trip per key."""
    actions = ActionChains(driver, duration=0)
    for _ in range(times):
        actions.send_keys(Keys.TAB)
        if pause:
            actions.pause(pause)
    actions.perform()


def _setup(driver: Any) -> int:
    """Ready the walk on the page shown; how many elements take the focus.

    The page is given the focus first: the walk of the page checked before, in this
    browser, may have tabbed out of its page, and the next page then loads without the
    focus (which page a browser gets before which depends on the run), so the same page
    was walked focused in one run and not in another."""
    driver.execute_cdp_cmd("Page.bringToFront", {})
    return driver.execute_async_script(_SETUP_JS)


def _walk(driver: Any, count: int) -> dict:
    """Tab through the page (setup done, `count` focusable elements): fast, then again
    with pauses, on the page loaded afresh, if a script of the page moves the focus too."""
    tabs = min(2 * count + 2, MAX_TABS)
    _tab(driver, tabs, pause=0)
    walk = driver.execute_async_script(
        _RESULT_LATER_JS.replace("SETTLE_MS", str(round(SETTLE * 1000))))
    if walk["scripted"]:
        # From a fresh load: the page's handlers may still be pulling the focus back.
        driver.get(driver.current_url)
        count = _setup(driver)
        for _ in range(min(2 * count + 2, MAX_TABS)):
            _tab(driver, 1, pause=0)
            driver.execute_async_script(_SETTLED_JS)
        walk = driver.execute_script(_RESULT_JS)
    return walk


def _escapes(driver: Any, walk: dict) -> bool:
    """True when a key the page names (now, or after activating a help control inside
    the trap) takes the focus out of the trap."""
    trapped = set(walk["trapIndexes"])
    texts = [walk["text"]]
    for index in walk["trapIndexes"]:
        # Help offered from inside the trap ("How to go to the next element").
        tag = driver.execute_script(
            "const el = window.__caireWalk.focusable[arguments[0]]; el.focus();"
            "return el.tagName;", index)
        if tag in ("A", "BUTTON"):
            _press(driver, "Enter", 13, text="\r")
            time.sleep(TAB_PAUSE)
            texts.append(driver.execute_script("return document.body.innerText"))
    for combo in dict.fromkeys(m.group(1) for text in texts
                               for m in _INSTRUCTION.finditer(text)):
        driver.execute_script("window.__caireWalk.focusable[arguments[0]].focus()",
                              walk["trapIndexes"][0])
        start = driver.execute_script("return window.__caireWalk.log.length")
        _press_combo(driver, combo)
        time.sleep(TAB_PAUSE * 2)
        _tab(driver, len(trapped) + 2)
        # Out: the focus reached an element outside the trap, or left the page.
        after = driver.execute_script("return window.__caireWalk.log.slice(arguments[0])",
                                      start)
        if any(index == -1 or (index >= 0 and index not in trapped) for index in after):
            return True
    return False


# The rules run_probes checks: named when a page's time ran out before it.
PROBE_RULES = ("page-autoplay-audio", "page-header-no-cells", "page-link-generic",
               "page-link-same-name", "page-frame-same-name", "page-no-bypass",
               "page-aria-controls-missing",
               "page-lang-mismatch", "page-lang-part-mismatch", "page-zoom-clipped",
               "page-spacing-clipped", "page-reflow", "page-contrast-over-image",
               "page-focus-not-visible", "page-keyboard-trap", "page-hidden-focus",
               "page-image-of-text", "page-image-name-placeholder", "page-title-placeholder",
               "page-motion-only", "page-motion-always-on", "page-changing-text",
               "page-key-shortcut")


def run_probes(driver: Any, *, built: bool = False) -> list[list[str]]:
    """The browser-driven rules on the page loaded in `driver` (axe injected); `built`
    when the page was built from a source of the book, whose rules ran on it."""
    found: list[list[str]] = driver.execute_async_script(_MEDIA_JS)
    found += run_dom_rules(driver, _SELECTOR_JS)
    found += run_language_probe(driver, _SELECTOR_JS)
    found += run_resize_probes(driver, _SELECTOR_JS)
    found += run_contrast_probe(driver, _SELECTOR_JS)
    found += run_name_probes(driver, _SELECTOR_JS, built=built)
    found += run_image_text_probe(driver, _SELECTOR_JS, ocr_available())
    count = _setup(driver)
    if count:
        walk = _walk(driver, count)
        found += [["page-focus-not-visible", target,
                   "reached with Tab, the element looks the same as without focus"]
                  for target in walk["invisible"]]
        found += [["page-hidden-focus", target, "the focus rests on this element, hidden "
                   "from assistive technologies (aria-hidden)"] for target in walk["hidden"]]
        if walk["trap"] and not _escapes(driver, walk):
            found.append(["page-keyboard-trap", walk["trap"][0],
                          "Tab cannot move the focus out of "
                          f"{len(walk['trap'])} element(s): {', '.join(walk['trap'])}"])
    # Last: they click the page's controls.
    found += run_reaction_rules(driver, _SELECTOR_JS)
    return sorted(found)
