"""Rules that look at the page the way a learner who enlarges it does: the text zoomed to
200 % (WCAG 1.4.4), the WCAG text-spacing values (1.4.12), a 320 CSS px wide viewport
(1.4.10, reflow).

Each is measured in place on the loaded page (no reload): the viewport or the style is
changed through the DevTools protocol, the page lays itself out again, and the result is
compared with the page as loaded where the question is what the change causes (text
spacing).
"""

from __future__ import annotations

from typing import Any

# 200 %: a 1280 × 1024 window zoomed to 200 % shows a CSS viewport of 640 × 512 (media
# queries and vh follow), as the ACT rule measures it.
ZOOM_SIZE = (640, 512)
# Reflow: 320 CSS px wide (WCAG 1.4.10; 1280 px at 400 %), 256 px high.
REFLOW_SIZE = (320, 256)
# The text-spacing values of WCAG 1.4.12.
SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
MAX_PER_RULE = 5  # findings per page and rule: the first places show the pattern

# The elements whose overflow cuts off text: one selector per clipping box that hides part
# of a text node. Text in a scroll container is reachable (WCAG exempts it); a box of 2 px
# or less is the visually-hidden pattern (text for screen readers only).
_CLIPPED_JS = r"""
const clipped = () => {
const clipCache = new Map();
// Per axis: 'scroll' (what overflows can be scrolled to), 'clip' (cut off), or null.
const clipOf = (el) => {
  if (clipCache.has(el)) return clipCache.get(el);
  const s = getComputedStyle(el);
  const axis = (v) => /auto|scroll/.test(v) ? 'scroll' : /hidden|clip/.test(v) ? 'clip' : null;
  const info = {x: axis(s.overflowX), y: axis(s.overflowY)};
  if (info.x === 'clip' || info.y === 'clip') {
    const r = el.getBoundingClientRect();
    // Cut cleanly, as the ACT rule allows: one line ending in an ellipsis, or a box as
    // high as whole lines (no line is cut through). A box of 2 px or less hides text for
    // screen readers only.
    if (info.x === 'clip' && s.whiteSpace === 'nowrap' && s.textOverflow !== 'clip') {
      info.x = null;
    }
    const lineHeight = s.lineHeight === 'normal' ? 1.2 * parseFloat(s.fontSize)
      : parseFloat(s.lineHeight);
    const lines = r.height / lineHeight;
    if (info.y === 'clip' && lines >= 0.95 && Math.abs(lines - Math.round(lines)) < 0.05) {
      info.y = null;
    }
    if (r.width <= 2 || r.height <= 2) info.x = info.y = 'scroll';
    info.left = r.left + el.clientLeft;
    info.top = r.top + el.clientTop;
    info.right = info.left + el.clientWidth;
    info.bottom = info.top + el.clientHeight;
  }
  clipCache.set(el, info);
  return info;
};
const found = [];
const seen = new Set();
const range = document.createRange();
const walker = document.createTreeWalker(document.body || document.documentElement,
                                         NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const parent = node.parentElement;
  if (!node.data.trim() || !parent || parent.closest('script, style, noscript, template')) {
    continue;
  }
  if (getComputedStyle(parent).visibility !== 'visible') continue;
  range.selectNodeContents(node);
  const rects = Array.from(range.getClientRects()).filter((r) => r.width && r.height);
  if (!rects.length) continue;
  // Up to the first box that scrolls along an axis, what it cuts along that axis is lost.
  let reachX = false, reachY = false;
  for (let el = parent; el && el !== document.documentElement && !(reachX && reachY);
       el = el.parentElement) {
    const clip = clipOf(el);
    const cutX = !reachX && clip.x === 'clip' &&
      rects.some((r) => r.left < clip.left - 1 || r.right > clip.right + 1);
    const cutY = !reachY && clip.y === 'clip' &&
      rects.some((r) => r.top < clip.top - 1 || r.bottom > clip.bottom + 1);
    if (cutX || cutY) {
      if (!seen.has(el)) { seen.add(el); found.push(sel(el)); }
      break;
    }
    reachX = reachX || clip.x === 'scroll';
    reachY = reachY || clip.y === 'scroll';
  }
}
return found;
};
"""

# The outermost elements that stick out of the right edge of a narrow viewport: they make
# the page scroll sideways (or cut it, under overflow hidden). Content WCAG lets scroll in
# two directions (code, tables, maps, images, formulas) and what is in a scroll container
# is exempt; what lies wholly off screen (an off-canvas menu) is not content shown.
_REFLOW_JS = r"""
const reflow = () => {
const width = document.documentElement.clientWidth;
const exempt = 'pre, code, table, img, svg, video, canvas, iframe, math, [role="math"], ' +
  'mjx-container, .MathJax, [role="img"], [role="application"]';
const sticks = (el) => {
  const r = el.getBoundingClientRect();
  return r.width > 2 && r.height > 2 && r.left < width && r.right > width + 1;
};
// A box can fit while its own text does not: a long word in a big heading. (Text that is
// only for screen readers, in a 1 px box that clips it, is not shown.)
const textSticks = (el) => {
  const box = el.getBoundingClientRect();
  if (box.width <= 2 || box.height <= 2) return false;
  for (const node of el.childNodes) {
    if (node.nodeType !== 3 || !node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 2 && r.left < width && r.right > width + 1) return true;
    }
  }
  return false;
};
const scrolls = (el) => /auto|scroll|hidden|clip/.test(getComputedStyle(el).overflowX);
const found = [];
for (const el of document.querySelectorAll('body *')) {
  if (found.length >= LIMIT) break;
  if (el.closest(exempt) || !(sticks(el) || textSticks(el))) continue;
  if (getComputedStyle(el).visibility !== 'visible') continue;
  let inner = false;
  for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
    if (scrolls(up) || sticks(up)) { inner = true; break; }
  }
  if (!inner) found.push(sel(el));
}
return found;
};
"""

# The page as loaded, then with the WCAG text spacing (a style only, no event for a script
# to answer: measured at once), in one call.
_AS_LOADED_JS = """
const before = clipped();
const style = document.createElement('style');
style.textContent = arguments[0];
(document.head || document.documentElement).append(style);
const spaced = clipped();
style.remove();
return [before, spaced];
"""
# After one frame: the page's resize and media-query handlers have run (they come before
# the frame's callbacks); the measure brings layout up to date.
_AFTER_FRAME_JS = """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => done(MEASURE()));
"""


def _script(body: str, selector_js: str) -> str:
    return "\n".join((selector_js, _CLIPPED_JS, _REFLOW_JS.replace("LIMIT", str(MAX_PER_RULE)),
                      body))


def _at_viewport(driver: Any, size: tuple[int, int], scale: float, measure: str,
                 selector_js: str) -> list[str]:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size[0], "height": size[1], "deviceScaleFactor": scale, "mobile": False})
    return driver.execute_async_script(
        _script(_AFTER_FRAME_JS.replace("MEASURE", measure), selector_js))


def run_resize_probes(driver: Any, selector_js: str) -> list[list[str]]:
    """`[rule, selector, message]` for text lost at 200 % or with wider spacing, and for
    content that makes a 320 px viewport scroll sideways."""
    before, spaced = driver.execute_script(_script(_AS_LOADED_JS, selector_js), SPACING_CSS)
    try:
        zoomed = _at_viewport(driver, ZOOM_SIZE, 2, "clipped", selector_js)
        wide = _at_viewport(driver, REFLOW_SIZE, 1, "reflow", selector_js)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    cut_before = set(before)
    spaced = [target for target in spaced if target not in cut_before]
    return ([["page-zoom-clipped", target, "at 200 % text size, this box cuts off its text "
              "(overflow hidden with a fixed size)"] for target in zoomed[:MAX_PER_RULE]]
            + [["page-reflow", target, "at 320 CSS px wide, this element sticks out of the "
                "viewport: the page must be scrolled sideways to read it"] for target in wide]
            + [["page-spacing-clipped", target, "with the WCAG text spacing (line height "
                "1.5, letter 0.12 em, word 0.16 em), this box cuts off its text"]
               for target in spaced[:MAX_PER_RULE]])
