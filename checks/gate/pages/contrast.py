"""Text over a background image or gradient (WCAG 1.4.3), which axe-core leaves to review:
the background is drawn without the text and read pixel by pixel under the text's own
boxes. The text fails when even its best background pixel gives less than the required
ratio (4.5:1, 3:1 for large text): the highest possible contrast, as ACT afw4f7 measures
it, so a background that is readable somewhere under the text is never reported.
"""

from __future__ import annotations

import base64
import io
import re
from typing import Any

from PIL import Image

MAX_ELEMENTS = 20  # text elements over an image read per page: bounded on image-heavy pages
NORMAL, LARGE = 4.5, 3.0

# What decides a text's contrast besides its colour, shared with the page engine's colour
# variants: the first painted background behind an element (an image or gradient, a
# colour, or the canvas), and whether its text is large in axe's sense (18 pt, or 14 pt
# bold).
TEXT_LOOK_JS = r"""
const backdrop = (el) => {
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.backgroundImage !== 'none') return 'image ' + style.backgroundImage;
    if (!/rgba\(.*,\s*0\)$|transparent/.test(style.backgroundColor)) {
      return style.backgroundColor;
    }
  }
  return 'canvas';
};
const largeText = (style) => {
  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
  return size >= 24 || (bold && size >= 18.66);
};
"""

# Elements with text of their own, shown, fully opaque, whose nearest painted background
# is an image or a gradient; with their text colour and size class. (The elements are
# kept in the page for the scripts below, by index.)
_CANDIDATES_JS = r"""
SELECTOR_JS
TEXT_LOOK_JS
const found = [];
const opaque = (el) => {
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    if (parseFloat(getComputedStyle(node).opacity) < 1) return false;
  }
  return true;
};
for (const el of document.body.querySelectorAll('*')) {
  if (found.length >= MAX_ELEMENTS) break;
  const texts = Array.from(el.childNodes).filter((n) => n.nodeType === 3 && n.data.trim());
  if (!texts.length || el.closest('[aria-hidden="true"], script, style, noscript')) continue;
  const style = getComputedStyle(el);
  if (style.visibility !== 'visible' || !el.getClientRects().length) continue;
  if (!backdrop(el).startsWith('image ') || !opaque(el)) continue;
  found.push([el, sel(el), style.color, largeText(style)]);
}
window.__caireContrast = found.map(([el]) => el);
return found.map(([_el, target, color, large]) => [target, color, large]);
"""

# Candidate i drawn without its text; the boxes of its text in page coordinates, once two
# frames are drawn.
_HIDE_JS = r"""
const done = arguments[arguments.length - 1];
const el = window.__caireContrast[arguments[0]];
el.scrollIntoView({block: 'center', inline: 'center'});
el.style.setProperty('color', 'transparent', 'important');
el.style.setProperty('-webkit-text-fill-color', 'transparent', 'important');
el.style.setProperty('text-shadow', 'none', 'important');
const boxes = [];
for (const node of el.childNodes) {
  if (node.nodeType !== 3 || !node.data.trim()) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  for (const r of range.getClientRects()) {
    if (r.width >= 1 && r.height >= 1) {
      boxes.push([r.left + scrollX, r.top + scrollY, r.width, r.height]);
    }
  }
}
requestAnimationFrame(() => requestAnimationFrame(() => done(boxes)));
"""

_RESTORE_JS = r"""
const el = window.__caireContrast[arguments[0]];
for (const name of ['color', '-webkit-text-fill-color', 'text-shadow']) {
  el.style.removeProperty(name);
}
"""

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def parse_colour(css: str) -> tuple[float, float, float, float] | None:
    """`rgb()`/`rgba()` as computed styles give them; None for any other notation."""
    match = _RGB.fullmatch(css.strip())
    if not match:
        return None
    r, g, b, alpha = match.groups()
    a = 1.0 if alpha is None else (float(alpha[:-1]) / 100 if alpha.endswith("%")
                                   else float(alpha))
    return float(r), float(g), float(b), a


def best_contrast(text: tuple[float, float, float, float],
                  pixels: list[tuple[int, int, int]]) -> float:
    """The highest contrast of the text colour (blended over each pixel if translucent)
    against the background pixels."""
    r, g, b, a = text
    best = 0.0
    for pixel in pixels:
        shown = tuple(a * t + (1 - a) * p for t, p in zip((r, g, b), pixel, strict=True))
        best = max(best, contrast(shown, pixel))  # type: ignore[arg-type]
    return best


def _background_pixels(driver: Any, boxes: list[list[float]]) -> list[tuple[int, int, int]]:
    left = min(x for x, _y, _w, _h in boxes)
    top = min(y for _x, y, _w, _h in boxes)
    right = max(x + w for x, _y, w, _h in boxes)
    bottom = max(y + h for _x, y, _w, h in boxes)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": left, "y": top, "width": right - left, "height": bottom - top,
                 "scale": 1}})
    image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB")
    colours: set[tuple[int, int, int]] = set()
    for x, y, w, h in boxes:
        box = (round(x - left), round(y - top), round(x - left + w), round(y - top + h))
        region = image.crop(box)
        counted = region.getcolors(maxcolors=region.width * region.height) or []
        colours.update(colour for _count, colour in counted)
    return sorted(colours)


def run_contrast_probe(driver: Any, selector_js: str) -> list[list[str]]:
    """`[rule, selector, message]` for text over an image or gradient that no part of its
    background makes readable."""
    candidates = driver.execute_script(_CANDIDATES_JS.replace("SELECTOR_JS", selector_js)
                                       .replace("TEXT_LOOK_JS", TEXT_LOOK_JS)
                                       .replace("MAX_ELEMENTS", str(MAX_ELEMENTS)))
    found = []
    for index, (target, css, large) in enumerate(candidates):
        colour = parse_colour(css)
        if colour is None:
            continue
        try:
            boxes = driver.execute_async_script(_HIDE_JS, index)
            pixels = _background_pixels(driver, boxes) if boxes else []
        finally:
            driver.execute_script(_RESTORE_JS, index)
        needed = LARGE if large else NORMAL
        best = best_contrast(colour, pixels) if pixels else needed
        if best < needed:
            found.append(["page-contrast-over-image", target,
                          f"the text is at best {best:.2f}:1 against the image or gradient "
                          f"behind it, below {needed:g}:1"])
    return found

