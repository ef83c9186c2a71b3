"""Rules that try what the page's own scripts do on their own or when the learner acts:
text that changes by itself (WCAG 2.2.2), a printable key pressed with the focus on the
page (2.1.4, single-character shortcuts), the device tilted or moved (2.5.4, motion
actuation).

Each acts through synthetic events (no default action of the browser follows them, so
only the page's handlers react), watches what the page changes (text, children, form
values, the focus), then clicks the page's controls one by one to see whether one of them
does the same thing (motion) or turns the reaction off (keys, motion, changing text). They
cost nothing on a page whose handlers ignore the events (a key pressed changes nothing, no
motion listener, no interval timer): they only go further on a page that reacts. Any page's
storage the clicks change is restored, so the next page sees the theme and state the gate
set.
"""

from __future__ import annotations

from typing import Any

# Controls clicked at most per page: the disabling switch or the equivalent button is
# near the feature; a page with many controls is not clicked through.
MAX_CONTROLS = 20
# Text changed by an interval of at most this many ms is watched (two ticks): a ticker, a
# counter, a clock; a slower carousel is not waited for.
MAX_DELAY = 2000

# Shared by the rules: a watcher of what an action changes, and the page's controls.
_COMMON_JS = r"""
SELECTOR_JS
const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
const fields = () => Array.from(document.querySelectorAll('input, select, textarea'));
const valueOf = (c) => (c.type === 'checkbox' || c.type === 'radio') ? c.checked : c.value;
// The elements an action changed: children or text changed under them, or their value;
// and whether it moved the focus. Read at once and again two frames later.
const watch = async (action, later = true) => {
  const values = new Map(fields().map((c) => [c, valueOf(c)]));
  const focused = document.activeElement;
  const changed = new Set();
  const take = (records) => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el) changed.add(el);
    }
  };
  // Records are handed to the callback at the next microtask, or taken at the end.
  const observer = new MutationObserver(take);
  observer.observe(document.documentElement, {childList: true, characterData: true,
                                              subtree: true});
  action();
  if (later) await frames();
  take(observer.takeRecords());
  observer.disconnect();
  for (const [c, v] of values) if (c.isConnected && valueOf(c) !== v) changed.add(c);
  if (document.activeElement !== focused && document.activeElement !== document.body) {
    changed.add(document.activeElement);
  }
  return changed;
};
// Controls a learner can click, shown, not in a link, and not one that submits a form
// (that would leave the page), in document order; those a click reveals come next.
const tried = new Set();
const nextControl = () => Array.from(document.querySelectorAll(
  'button, input[type="button"], input[type="checkbox"], input[type="radio"], ' +
  '[role="button"], [role="switch"], [role="checkbox"], [role="menuitemcheckbox"]'))
  .find((el) => !tried.has(el) && !el.disabled && el.getClientRects().length &&
        getComputedStyle(el).visibility === 'visible' && !el.closest('a[href]') &&
        !(el.form && el.type === 'submit'));
const stores = [window.localStorage, window.sessionStorage].map((s) => {
  try { return [s, JSON.stringify(Object.entries(s))]; } catch (e) { return [null, '']; }
});
const restore = () => {
  for (const [s, saved] of stores) {
    if (!s) continue;
    try { s.clear(); for (const [k, v] of JSON.parse(saved)) s.setItem(k, v); } catch (e) { }
  }
};
"""

# Printable keys pressed with the focus on the page: letters, digits, punctuation and
# symbols of a keyboard. A key counts when it changes the page at once and a key that
# prints nothing (Shift) does not: a page reacting to every key tracks the keyboard, it
# has no shortcut.
_KEYS_JS = r"""
const done = arguments[arguments.length - 1];
COMMON_JS
const PRINTABLE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' +
  '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const press = (key) => {
  if (document.activeElement && document.activeElement !== document.body) {
    document.activeElement.blur();
  }
  const target = document.body || document.documentElement;
  const init = {key, bubbles: true, cancelable: true, composed: true,
                charCode: key.length === 1 ? key.charCodeAt(0) : 0};
  target.dispatchEvent(new KeyboardEvent('keydown', init));
  if (key.length === 1) target.dispatchEvent(new KeyboardEvent('keypress', init));
  target.dispatchEvent(new KeyboardEvent('keyup', init));
};
(async () => {
  if ((await watch(() => press('Shift'))).size) return [];
  const reacting = new Map();
  // A key counts when it changes the page each time (once only, as a script loaded on
  // the first key press would, is no shortcut).
  for (const key of PRINTABLE) {
    const changed = await watch(() => press(key), false);
    if (changed.size && (await watch(() => press(key), false)).size) {
      reacting.set(key, changed.values().next().value);
    }
  }
  if (!reacting.size) return [];
  // A control that turns a key off (or remaps it to a modifier) stops its reaction.
  for (let i = 0; i < MAX_CONTROLS && reacting.size; i++) {
    const control = nextControl();
    if (!control) break;
    tried.add(control);
    await watch(() => control.click());
    for (const key of Array.from(reacting.keys())) {
      if (!(await watch(() => press(key), false)).size) reacting.delete(key);
    }
  }
  restore();
  const keys = Array.from(reacting.keys());
  return keys.length ? [['page-key-shortcut', sel(reacting.get(keys[0])),
    `pressing ${keys.map((k) => JSON.stringify(k)).join(', ')} with the focus on the ` +
    'page changes it, and no control of the page turns that off']] : [];
})().then(done, () => done([]));
"""

# Motion: the page listens to devicemotion or deviceorientation (noted by the browser's
# guard script as the page adds its listeners, or an `on…` handler). First the device is
# tilted one way, or else the other, on the page as loaded; then, on the page loaded
# again, each control is clicked in turn to see whether it changes what the motion
# changed (7677a9); and on the page loaded once more, whether after a click the motion,
# both ways (one way may be at its end), changes nothing any more (c249d5). A control
# clicked after the motion would start from where the motion left the page (at the end of
# a slider), hence the fresh loads.
_MOTION_JS = r"""
const [phase, moved] = arguments;
const done = arguments[arguments.length - 1];
COMMON_JS
const fire = (sign) => {
  window.dispatchEvent(new DeviceOrientationEvent('deviceorientation',
    {alpha: 0, beta: 45 * sign, gamma: 45 * sign, absolute: false}));
  const vector = {x: 5 * sign, y: 5 * sign, z: 5 * sign};
  window.dispatchEvent(new DeviceMotionEvent('devicemotion', {
    acceleration: vector, accelerationIncludingGravity: vector, interval: 16,
    rotationRate: {alpha: 45 * sign, beta: 45 * sign, gamma: 45 * sign}}));
};
const selectors = (changed) => Array.from(changed).map(sel);
(async () => {
  if (phase === 'move') {
    if (!(window.__caireListens || []).length && !window.ondevicemotion &&
        !window.ondeviceorientation) return [];
    const changed = await watch(() => fire(1));
    return selectors(changed.size ? changed : await watch(() => fire(-1)));
  }
  for (let i = 0; i < MAX_CONTROLS; i++) {
    const control = nextControl();
    if (!control) break;
    tried.add(control);
    const byControl = selectors(await watch(() => control.click()));
    if (phase === 'same' && byControl.some((s) => moved.includes(s))) return restore(), true;
    if (phase === 'stop' && !(await watch(() => { fire(-1); fire(1); })).size) {
      return restore(), true;
    }
  }
  return restore(), false;
})().then(done, () => done(phase === 'move' ? [] : true));
"""


# Text that changes on its own (efbfc7): the guard script notes, for each interval the
# page sets, which elements each tick changed; an interval of at most MAX_DELAY ms that has
# not ticked twice yet is waited for (an event per tick, not a pause: a slow machine waits
# longer). An element that two ticks of one interval changed, visible, with no such
# element inside and not the page's only text, is a target. A control stops it when its
# click clears an interval that changed it (stop, pause, or a new frequency set in its
# place), or hides it.
_TEXT_JS = r"""
const done = arguments[arguments.length - 1];
COMMON_JS
const timers = window.__caireIntervals;
const shown = (el) => el.isConnected && el.getClientRects().length &&
  getComputedStyle(el).visibility === 'visible' && !el.closest('[aria-hidden="true"]');
(async () => {
  if (!timers) return [[], false];
  const watched = Array.from(timers.intervals).filter(([, delay]) => delay <= MAX_DELAY)
    .map(([id]) => id);
  const ticked = () => watched.every((id) => timers.ticks.get(id) >= 2 ||
                                     !timers.intervals.has(id));
  if (!watched.length) return [[], false];
  if (!ticked()) {
    // A bound for a page whose timers never fire (throttled): then nothing is judged.
    const late = await Promise.race([
      new Promise((r) => { timers.onTick = () => { if (ticked()) r(false); }; }),
      new Promise((r) => setTimeout(() => r(true), 3 * MAX_DELAY + 1000))]);
    timers.onTick = null;
    if (late) return [[], false];
  }
  const drivers = (el) => Array.from(timers.changed.get(el) || [])
    .filter(([id, n]) => n >= 2 && watched.includes(id)).map(([id]) => id);
  const changing = Array.from(timers.changed.keys()).filter((el) => drivers(el).length &&
    shown(el) && el.innerText.trim());
  const targets = changing.filter((el) => !changing.some((o) => o !== el && el.contains(o)))
    .filter((el) => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        const text = a.innerText.trim();
        if (text && text !== el.innerText.trim()) return true;
      }
      return false;
    });
  if (!targets.length) return [[], false];
  let open = targets;
  for (let i = 0; i < MAX_CONTROLS && open.length; i++) {
    const control = nextControl();
    if (!control) break;
    tried.add(control);
    timers.cleared.clear();
    await watch(() => control.click());
    open = open.filter((el) => shown(el) && !drivers(el).some((id) => timers.cleared.has(id)));
  }
  restore();
  return [open.map((el) => ['page-changing-text', sel(el), 'the text changes on its own ' +
    'and no control of the page pauses, stops or hides it']), true];
})().then(done, () => done([[], true]));
"""


def _script(source: str, selector_js: str) -> str:
    common = _COMMON_JS.replace("SELECTOR_JS", selector_js)
    return (source.replace("COMMON_JS", common).replace("MAX_CONTROLS", str(MAX_CONTROLS))
            .replace("MAX_DELAY", str(MAX_DELAY)))


def run_reaction_rules(driver: Any, selector_js: str) -> list[list[str]]:
    """`[rule, selector, message]` for the motion, changing-text and key rules on the
    loaded page. They click the page's controls: run them last; each starts from the page
    as loaded."""
    found: list[list[str]] = []
    moved = driver.execute_async_script(_script(_MOTION_JS, selector_js), "move", [])
    if moved:
        for phase, rule, lacks in (("same", "page-motion-only", "makes that change"),
                                   ("stop", "page-motion-always-on", "turns that off")):
            driver.get(driver.current_url)
            if not driver.execute_async_script(_script(_MOTION_JS, selector_js), phase,
                                               moved):
                found.append([rule, moved[0], "tilting or moving the device changes the "
                              f"page, and no control of the page {lacks}"])
        driver.get(driver.current_url)
    changing, acted = driver.execute_async_script(_script(_TEXT_JS, selector_js))
    if acted:
        driver.get(driver.current_url)
    found += changing
    return found + driver.execute_async_script(_script(_KEYS_JS, selector_js))
