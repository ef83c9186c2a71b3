"""Images of text (WCAG 1.4.5): each image the page renders (img, image buttons, objects,
SVG <image>, elements painted with a CSS background image and no text of their own) is
captured as the browser draws it and read by Tesseract (Debian's `tesseract` command).
An image is reported when Tesseract reads words in it with high confidence (enough
letters that it is text to read, not a letter or two of an icon or the noise of a
photograph) and their boxes cover a fair part of what the image draws: text that is part
of a picture with other significant content (a chart's labels, a sign in a photograph)
is not an image of text in WCAG's definition. A logo (its name says so) is exempt: WCAG
counts logotypes as essential. Whether other lettering is essential (a font specimen) is
a person's judgement: the rule is a warning.

Readings are cached by the digest of the captured image, so a book's repeated images are
read once per run; a page with no image costs one script call.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
from typing import Any

from PIL import Image, ImageDraw, ImageOps

MAX_IMAGES = 10  # images read per page at most: a gallery page stays within its time
MIN_WIDTH, MIN_HEIGHT, MIN_AREA = 24, 12, 1200  # CSS px: smaller images are icons
# Tesseract reads text best at 30 px or more per line: small images are captured
# enlarged (the browser draws them again at that scale, not a blurred resize).
TARGET_HEIGHT, MAX_SCALE, MAX_SIDE = 120, 4.0, 2400
# A word counts when Tesseract is this sure of it and it has this many letters (a lone
# "A" on a text-size button, "WSC" read from a logo at 36 %, photo noise are below).
MIN_CONFIDENCE, MIN_LETTERS = 80, 2
# The image shows text when its counted words hold this many letters in all, and the
# boxes of the words read (with this confidence) cover this part of what is drawn: in
# the course's charts, titles and labels cover 6 to 14 %; a button's label a quarter.
TEXT_LETTERS, BOX_CONFIDENCE, MIN_COVER = 6, 50, 0.2
# Ink: a grey this far from the background's; an image with more ink than this part of
# its pixels is a photograph, not lettering on a plain background.
INK_DIFFERENCE, MAX_INK = 60, 0.4
# A word of 3 letters or more read with this confidence is worth a second reading.
GLIMPSE_CONFIDENCE = 30
BORDER = 20  # px of white around the image read
OCR_TIMEOUT = 10  # seconds for one image
_WORD = re.compile(r"^[\"'“‘(«]*([^\W\d_]+(?:['’-][^\W\d_]+)*)[\"'”’),.;:!?»]*$")
# Names that say the image is a logo, in English and French.
_LOGO = re.compile(r"\blogo(?:type)?s?\b", re.I)

_IMAGES_JS = r"""
SELECTOR_JS
const done = arguments[arguments.length - 1];
const shown = (el) => {
  const s = getComputedStyle(el);
  return el.getClientRects().length && s.visibility === 'visible' && s.opacity !== '0';
};
const nameOf = (el) => {
  const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/)
    .map((id) => document.getElementById(id)).filter(Boolean)
    .map((node) => node.textContent).join(' ');
  return [by, el.getAttribute('aria-label'), el.getAttribute('alt'),
          el.getAttribute('title')].filter(Boolean).join(' ');
};
const picked = [];
const take = (el) => {
  if (picked.length >= MAX_IMAGES || picked.includes(el) || !shown(el)) return;
  const box = el.getBoundingClientRect();
  if (box.width < MIN_WIDTH || box.height < MIN_HEIGHT || box.width * box.height < MIN_AREA) {
    return;
  }
  picked.push(el);
};
for (const el of document.querySelectorAll(
    'img, input[type="image"], object[data], embed[src], svg image')) {
  if (el.tagName === 'OBJECT' && el.contentDocument) continue;  // a document, not an image
  if (el.tagName === 'IMG' && el.complete && !el.naturalWidth) continue;  // broken
  take(el);
}
// A CSS background image on an element with no text of its own (text over an image is
// the contrast rule's).
for (const el of document.body ? document.body.querySelectorAll('*') : []) {
  if (picked.length >= MAX_IMAGES) break;
  if (!/url\(/.test(getComputedStyle(el).backgroundImage)) continue;
  if (el.innerText && el.innerText.trim()) continue;
  take(el);
}
(async () => {
  // The images drawn before they are captured (a slow one is read as it is).
  const pending = picked.filter((el) => el.tagName === 'IMG' && !el.complete);
  for (const el of picked) {
    for (const m of getComputedStyle(el).backgroundImage.matchAll(/url\("?([^")]+)"?\)/g)) {
      const image = new Image();
      image.src = m[1];
      pending.push(image);
    }
  }
  await Promise.all(pending.map((el) => Promise.race([
    el.decode().catch(() => null), new Promise((r) => setTimeout(r, 2000))])));
  done(picked.map((el) => [sel(el), nameOf(el)]));
})();
"""

_readings: dict[str, list[str]] = {}  # digest of a captured image: the words it shows


@functools.cache
def tesseract_version() -> str | None:
    """The Tesseract in use ("tesseract 5.3.0"), or None when it is not installed."""
    path = shutil.which("tesseract")
    if path is None:
        return None
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True,
                              timeout=OCR_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (done.stdout or done.stderr).splitlines()
    return lines[0].strip() if lines else path


def ocr_available() -> bool:
    return tesseract_version() is not None


@functools.cache
def _languages() -> str:
    """French and English when their data is installed (either alone otherwise)."""
    done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                          timeout=OCR_TIMEOUT, check=False)
    have = set((done.stdout + done.stderr).split())
    return "+".join(lang for lang in ("fra", "eng") if lang in have) or "eng"


def _read(image: Image.Image) -> list[tuple[str, float, tuple[int, int, int, int]]]:
    """Tesseract's words in a greyscale image: text, confidence, box."""
    # A white border: Tesseract misses text that touches the edge of the image.
    framed = ImageOps.expand(image, border=BORDER, fill=255)
    buffer = io.BytesIO()
    framed.save(buffer, format="PNG")
    # One thread: the gate runs browsers in parallel on few cores.
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", _languages(), "--psm", "11", "tsv"],
            input=buffer.getvalue(), capture_output=True, timeout=OCR_TIMEOUT, check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        return []  # an image Tesseract cannot read in time shows it no word
    words = []
    for line in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) < 12 or not fields[11].strip():
            continue
        x, y, width, height = (int(v) - (BORDER if i < 2 else 0)
                               for i, v in enumerate(fields[6:10]))
        words.append((fields[11].strip(), float(fields[10]), (x, y, x + width, y + height)))
    return words


def _confident(words: list[tuple[str, float, tuple[int, int, int, int]]]) -> list[str]:
    """The words read with confidence, of letters (punctuation around them dropped)."""
    kept = []
    for text, confidence, _box in words:
        match = _WORD.match(text)
        if match and confidence >= MIN_CONFIDENCE and len(match.group(1)) >= MIN_LETTERS:
            kept.append(match.group(1))
    return kept


def words_shown(png: bytes) -> list[str]:
    """The words an image shows as its main content (empty when it shows none, or only
    a little text in a chart, diagram or photograph); cached by the image's digest."""
    digest = hashlib.sha256(png).hexdigest()
    if digest in _readings:
        return _readings[digest]
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    flat = Image.new("RGBA", image.size, "white")
    flat.alpha_composite(image)
    grey = ImageOps.grayscale(flat)
    # The background: the commonest grey; ink: what differs from it clearly (dark text
    # on a light background, or light on dark, both become black on white).
    histogram = grey.histogram()
    background = max(range(256), key=histogram.__getitem__)
    ink = grey.point(lambda v: 0 if abs(v - background) > INK_DIFFERENCE else 255)
    words = _read(grey)
    # Tesseract's own thresholding loses shaded or outlined lettering: read again the
    # ink alone, when the first reading glimpsed a word and the image is lettering on a
    # plain background (not a photograph).
    inked = ink.histogram()[0] / (grey.width * grey.height)
    glimpsed = any(confidence >= GLIMPSE_CONFIDENCE and (m := _WORD.match(text)) and
                   len(m.group(1)) >= 3 for text, confidence, _box in words)
    if len("".join(_confident(words))) < TEXT_LETTERS and glimpsed and inked <= MAX_INK:
        words = _read(ink)
    shown = _confident(words)
    # Text as the main content: the boxes of the words read cover enough of what is drawn
    # (a chart's labels, a shop sign in a photograph cover little of it).
    drawn = ImageOps.invert(ink).getbbox() or (0, 0, grey.width, grey.height)
    cover = Image.new("1", grey.size, 0)
    pen = ImageDraw.Draw(cover)
    for _text, confidence, box in words:
        if confidence >= BOX_CONFIDENCE:
            pen.rectangle(box, fill=1)
    covered = cover.crop(drawn).histogram()[1]
    area = (drawn[2] - drawn[0]) * (drawn[3] - drawn[1])
    if len("".join(shown)) < TEXT_LETTERS or covered < MIN_COVER * area:
        shown = []
    _readings[digest] = shown
    return shown


# The image brought into view and its box then, in page coordinates: the part that is in
# the viewport (an image taller than it is read as far as it shows). Captured beyond the
# viewport instead, the page was laid out again at its full height and a theme's layout
# moved: the clip took the chart's lower half and a button below it.
_PLACE_JS = r"""
const el = document.querySelector(arguments[0]);
if (!el) return null;
el.scrollIntoView({block: 'center', inline: 'center'});
const b = el.getBoundingClientRect();
const left = Math.max(0, b.left), top = Math.max(0, b.top);
const right = Math.min(innerWidth, b.right), bottom = Math.min(innerHeight, b.bottom);
if (right - left < 1 || bottom - top < 1) return null;
return [left + scrollX, top + scrollY, right - left, bottom - top];
"""


def _capture(driver: Any, target: str) -> bytes | None:
    box = driver.execute_script(_PLACE_JS, target)
    if box is None:
        return None
    x, y, width, height = box
    scale = min(MAX_SCALE, max(1.0, TARGET_HEIGHT / height), MAX_SIDE / max(width, height))
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png",
        "clip": {"x": x, "y": y, "width": width, "height": height, "scale": scale}})
    return base64.b64decode(shot["data"])


def run_image_text_probe(driver: Any, selector_js: str, ocr: bool) -> list[list[str]]:
    """`[rule, selector, message]` for each image that shows text; nothing is read when
    `ocr` is off (Tesseract missing: the site's report says so once)."""
    if not ocr:
        return []
    images = driver.execute_async_script(
        _IMAGES_JS.replace("SELECTOR_JS", selector_js)
        .replace("MAX_IMAGES", str(MAX_IMAGES)).replace("MIN_WIDTH", str(MIN_WIDTH))
        .replace("MIN_HEIGHT", str(MIN_HEIGHT)).replace("MIN_AREA", str(MIN_AREA)))
    found = []
    for target, name in images:
        if _LOGO.search(name) or (shot := _capture(driver, target)) is None:
            continue
        words = words_shown(shot)
        if words:
            quoted = " ".join(words)
            quoted = quoted if len(quoted) <= 60 else quoted[:57] + "..."
            found.append(["page-image-of-text", target,
                          f"the image shows text (read: \"{quoted}\"): give it as text "
                          "styled with CSS, unless its look is essential"])
    if images:
        driver.execute_script("window.scrollTo(0, 0)")  # as the next rules expect it
    return found
