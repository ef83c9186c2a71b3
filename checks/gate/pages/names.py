"""Names that say nothing: an image whose accessible name is a file name (`photo.jpg`,
`IMG_2031`), an address, or a placeholder ("image", "picture 2", "sans titre") leaves a
screen reader user with no idea of what it shows (WCAG 1.1.1); a page whose title is one
("<no title>", which Sphinx gives a page without a heading, "Untitled", "index.html")
does not say what the page is (2.4.2). axe-core checks that a name exists, not what it
says; whether a real name fits its image or page is a person's judgement, not the gate's.
"""

from __future__ import annotations

import re
from typing import Any

# A file name: a word-like stem and an image extension; or a camera's or screen tool's
# numbered name without extension.
_FILE = re.compile(
    r"^[\w\-. ()]*[\w)-]\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?|avif|ico|heic)$"
    r"|^(?:img|dsc|dscn|dcim|pxl|mvimg|screenshot|capture)[\s_-]*\d[\d_-]*$", re.I)
_ADDRESS = re.compile(r"^(?:https?://|www\.|data:|\.{0,2}/)\S*$", re.I)
# Placeholders an editor or a generator leaves, alone or numbered ("image 1", "photo #3").
# A bare "Logo" is left to a person: it names the kind of image, and often its page or
# link says whose.
_PLACEHOLDER = re.compile(
    r"^(?:image|img|picture|pic|photo|photograph|graphic|graphique|icon|icône|icone|"
    r"illustration|figure|untitled|sans[\s-]titre|placeholder|alt|alt text|"
    r"texte alternatif|capture d'écran|capture d’écran|screenshot|"
    r"image sans titre|untitled image)(?:[\s_#-]*\d+)?$", re.I)

# Titles an editor or a generator leaves; Sphinx writes "<no title>" for a page without
# a heading.
_TITLE_PLACEHOLDER = re.compile(
    r"^(?:<no title>|no title|untitled(?: document| page)?|sans titre|document(?: sans "
    r"titre)?|page|new page|nouvelle page|title|titre|document \d+)$", re.I)
_DOCUMENT_FILE = re.compile(r"^[\w\-.]+\.(?:html?|ipynb|md|rst|txt|pdf|docx?|odt)$", re.I)
# Separators between a page's own title and its site's name ("Chapitre 1 — Mon livre").
_TITLE_PARTS = re.compile(r"\s+[—–|·-]\s+")

_NAMES_JS = r"""
SELECTOR_JS
const shown = (el) => el.getClientRects().length && !el.closest('[aria-hidden="true"]') &&
  getComputedStyle(el).visibility === 'visible';
const nameOf = (el) => {
  const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  if (ids.length) {
    return ids.map((id) => document.getElementById(id)).filter(Boolean)
      .map((node) => node.textContent).join(' ');
  }
  for (const attr of ['aria-label', 'alt', 'title']) {
    const value = el.getAttribute(attr);
    if (value && value.trim()) return value;
  }
  return '';
};
return Array.from(document.querySelectorAll(
    'img, input[type="image"], area[href], [role="img"]'))
  .filter((el) => !/^(presentation|none)$/.test((el.getAttribute('role') || '').trim()) &&
    (el.tagName === 'AREA' || shown(el)))
  .map((el) => [sel(el), nameOf(el).replace(/\s+/g, ' ').trim(),
                 !!el.getAttribute('src') && el.getAttribute('alt') === el.getAttribute('src')])
  .filter(([_target, name]) => name);
"""


def says_nothing(name: str) -> bool:
    """True for a name that is a file name, an address or a placeholder."""
    name = name.strip().strip(".").strip()
    return bool(_FILE.match(name) or _ADDRESS.match(name) or _PLACEHOLDER.match(name))


def title_says_nothing(title: str) -> bool:
    """True for a page title whose own part (before the site's name) is a file name, an
    address or a placeholder."""
    own = _TITLE_PARTS.split(title.strip())[0].strip()
    return bool(own) and bool(_TITLE_PLACEHOLDER.match(own) or _DOCUMENT_FILE.match(own)
                              or says_nothing(own))


def run_name_probes(driver: Any, selector_js: str, *, built: bool = False) -> list[list[str]]:
    """`[rule, selector, message]` for each shown image, and the page, named by a file
    name, an address or a placeholder. On a page `built` from a book's source, an image
    whose alt text is its own address is left out: Sphinx and MyST-NB write that when the
    source gives none, and the source rules report the missing alt text at its line."""
    images = driver.execute_script(_NAMES_JS.replace("SELECTOR_JS", selector_js))
    found = [["page-image-name-placeholder", target,
              f"the image's name \"{name[:60]}\" says nothing of what it shows"]
             for target, name, defaulted in images
             if says_nothing(name) and not (built and defaulted)]
    title = driver.execute_script("return document.title")
    if title_says_nothing(title):
        found.append(["page-title-placeholder", "title",
                      f"the page's title \"{title[:60]}\" says nothing of what it holds"])
    return found
