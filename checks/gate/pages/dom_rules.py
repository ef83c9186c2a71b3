"""Rules read from the rendered DOM that axe-core leaves out or only marks for review: a
table header cell that heads no cell (WCAG 1.3.1); a link text that says nothing of where
it leads, and links with the same text in the same context that lead to different content
(2.4.4); frames with the same title that show different content (4.1.2); a page that
opens with links and offers no way past them (2.4.1); the `aria-controls` WAI-ARIA
requires (an expanded combobox, a scrollbar) naming no element of its tree (4.1.2).

Scripts run in the page's top document; they return `[rule, selector, message]` items.
"""

from __future__ import annotations

import json
import re
from typing import Any

from checks.gate.link_text import CONTEXT_WORDS, FORMAT_LINK_TEXTS, GENERIC_LINK_TEXTS, TRIM

# The slots of an HTML table's cells: row, column, width and height, spans included
# (HTML's table algorithm); rows of nested tables are not the table's.
_SLOTS_JS = r"""
const slotsOf = (table) => {
  const slots = [], taken = [];
  Array.from(table.rows).forEach((row, r) => {
    if (row.closest('table') !== table) return;
    let c = 0;
    for (const cell of row.cells) {
      while ((taken[r] || [])[c]) c++;
      const width = Math.max(1, cell.colSpan), height = Math.max(1, cell.rowSpan || 1);
      for (let i = 0; i < height; i++) {
        taken[r + i] = taken[r + i] || [];
        for (let j = 0; j < width; j++) taken[r + i][c + j] = true;
      }
      slots.push({el: cell, r, c, w: width, h: height});
      c += width;
    }
  });
  return slots;
};
"""

# A header cell (th, columnheader, rowheader) must head at least one other cell: through a
# `headers` attribute naming it, or as the header of cells below it (column) or right of
# it (row) that name no headers of their own, as HTML's table algorithm assigns them.
_HEADERS_JS = r"""
SELECTOR_JS
SLOTS_JS
const found = [];
const shown = (el) => el.getClientRects().length && !el.closest('[aria-hidden="true"]') &&
  getComputedStyle(el).visibility === 'visible';
const roleOf = (el) => (el.getAttribute('role') || '').trim().split(/\s+/)[0];
const tables = document.querySelectorAll(
  'table, [role="table"], [role="grid"], [role="treegrid"]');
for (const table of tables) {
  if (/^(presentation|none)$/.test(roleOf(table)) || !shown(table)) continue;
  // The table's slots: [row, column] of each cell, spans included.
  const cells = [];
  if (table.tagName === 'TABLE') {
    cells.push(...slotsOf(table));
  } else {
    const rows = Array.from(table.querySelectorAll('[role="row"]'))
      .filter((row) => row.closest('[role="table"], [role="grid"], [role="treegrid"]') === table);
    rows.forEach((row, r) => {
      let c = 0;
      for (const cell of row.querySelectorAll(
          '[role="cell"], [role="gridcell"], [role="columnheader"], [role="rowheader"]')) {
        if (cell.closest('[role="row"]') !== row) continue;
        const index = parseInt(cell.getAttribute('aria-colindex'), 10);
        cells.push({el: cell, r, c: index > 0 ? index - 1 : c, w: 1, h: 1});
        c += 1;
      }
    });
  }
  const isHeader = (cell) => {
    const role = roleOf(cell.el);
    if (role) return role === 'columnheader' || role === 'rowheader';
    return cell.el.tagName === 'TH';
  };
  // A table of headers only (no data yet) has nothing to associate.
  if (cells.every(isHeader)) continue;
  for (const head of cells.filter(isHeader)) {
    if (!shown(head.el) || !head.el.textContent.trim()) continue;
    const role = roleOf(head.el);
    const scope = (head.el.getAttribute('scope') || '').toLowerCase();
    const asColumn = role === 'columnheader' || scope === 'col' || scope === 'colgroup' ||
      (!role && !/^row/.test(scope));
    const asRow = role === 'rowheader' || scope === 'row' || scope === 'rowgroup' ||
      (!role && !/^col/.test(scope));
    const id = head.el.id;
    const heads = cells.some((cell) => {
      if (cell === head) return false;
      const named = cell.el.getAttribute('headers');
      if (named !== null && named.trim()) return !!id && named.trim().split(/\s+/).includes(id);
      const sameColumn = cell.c < head.c + head.w && head.c < cell.c + cell.w;
      const sameRow = cell.r < head.r + head.h && head.r < cell.r + cell.h;
      return (asColumn && sameColumn && cell.r >= head.r + head.h) ||
             (asRow && sameRow && cell.c >= head.c + head.w);
    });
    if (!heads) {
      found.push(['page-header-no-cells', sel(head.el),
                  'this header cell heads no cell of its table']);
    }
  }
}
return found;
"""

# What the link rules share: the links a reader meets, a link's name (its accessible name,
# simplified: labelled-by, label, text, image text), and the block around it (the
# sentence, item or cell WCAG 2.4.4 reads a link in).
_LINK_JS = r"""
const links = () => Array.from(document.querySelectorAll('a[href], area[href], [role="link"]'))
  .filter((el) => el.getClientRects().length && !el.closest('[aria-hidden="true"]'));
const labelledBy = (el) => (el.getAttribute('aria-labelledby') || '').split(/\s+/)
  .map((id) => document.getElementById(id)).filter(Boolean)
  .map((label) => label.textContent).join(' ');
const nameOf = (link) => {
  const name = labelledBy(link) || link.getAttribute('aria-label') || link.textContent.trim() ||
    Array.from(link.querySelectorAll('img[alt]')).map((img) => img.alt).join(' ');
  return name.replace(/\s+/g, ' ').trim();
};
const blockOf = (link) => {
  let block = link.parentElement;
  while (block && /^inline/.test(getComputedStyle(block).display)) block = block.parentElement;
  return block;
};
// Blocks that are regions of the page, not a link's context.
const REGION = /^(BODY|MAIN|ARTICLE|SECTION|HTML|NAV|ASIDE|HEADER|FOOTER)$/;
"""

# Links whose text says nothing of where they lead ("here", "read more"), with nothing in
# their context that does (WCAG 2.4.4's programmatically determined context: the block
# around the link, a sentence, paragraph, list item, heading or table cell, with a cell's
# header cells). A context of grammar words and calls to click or read ("Pour en savoir
# plus, cliquez ici") says nothing either; a region (main, section, nav...) is no context.
_GENERIC_JS = r"""
SELECTOR_JS
SLOTS_JS
LINK_JS
const generic = new Set(GENERIC);
const quiet = new Set(CONTEXT_WORDS);
// A word that may name a destination: a number, or a word of two letters or more that is
// neither grammar nor a call to click ("IA", "règlement").
const names = (text) => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).some(
  (word) => /\p{N}/u.test(word) || (word.length > 1 && !quiet.has(word)));
// The header cells of a table cell, as HTML assigns them without `headers`: those of its
// row, and those above it in any column it spans (a header spanning several columns
// heads each of them).
const headersOf = (cell) => {
  const table = cell.closest('table'), row = cell.parentElement;
  if (!table || !row || row.tagName !== 'TR') return '';
  const slots = slotsOf(table), at = slots.find((slot) => slot.el === cell);
  if (!at) return '';
  return slots.filter((o) => o !== at && o.el.tagName === 'TH' &&
    ((o.r <= at.r && at.r < o.r + o.h) ||
     (o.r + o.h <= at.r && o.c < at.c + at.w && at.c < o.c + o.w)))
    .map((o) => o.el.textContent).join(' ');
};
// The list items a link is in: the item of a nested list is read with its parents' ("Ulysses:
// HTML, EPUB" as sub-items of "Ulysses").
const itemsOf = (link) => {
  const items = [];
  for (let item = link.closest('li'); item; item = item.parentElement.closest('li')) {
    items.push(item.textContent.replace(link.textContent, ' '));
  }
  return items.join(' ');
};
const found = [];
for (const link of links()) {
  const name = nameOf(link);
  const words = name.toLowerCase().replace(TRIM_RE, '');
  if (!generic.has(words)) continue;
  const block = blockOf(link);
  const region = !block || REGION.test(block.tagName);
  const cell = block && block.closest('td, th');
  const context = (region ? '' : block.textContent.replace(link.textContent, ' ')) + ' ' +
    (cell ? headersOf(cell) : '') + ' ' + itemsOf(link);
  if (!names(context)) {
    found.push(['page-link-generic', sel(link),
                `the link text "${name}" does not say where it leads`]);
  }
}
return found;
"""

# Links with the same name in the same context (the sentence, item or cell around them,
# as WCAG 2.4.4 reads a link) must serve the same purpose. Destinations serve the same one
# when they are the same URL, or when what a reader sees there is equivalent (see
# `equivalent`): same-origin pages are opened in a hidden frame (their scripts run, a
# refresh at once is followed); other hosts are never contacted, so two different ones
# count as different. Links the page does not tell apart at all are ambiguous to every
# reader, which 2.4.4 excepts (see `toldApart`).
_SAME_NAME_JS = r"""
SELECTOR_JS
const done = arguments[arguments.length - 1];
const FRAME_WAIT = 3000;  // ms for a destination to load in the hidden frame
const MAX_FRAMES = 8;  // destinations opened per page; past them, other URLs differ
const UNKNOWN = {};  // what a destination shows, when it did not load in time
LINK_JS
const destinationOf = (link) => {
  let href = link.getAttribute('href');
  if (href === null) {
    const onclick = /location(?:\.href)?\s*=\s*['"]([^'"]+)['"]/
      .exec(link.getAttribute('onclick') || '');
    href = onclick ? onclick[1] : null;
  }
  if (href === null) return null;
  try {
    const url = new URL(href, document.baseURI);
    url.hash = '';
    return /^https?:$/.test(url.protocol) ? url.href : null;
  } catch (e) { return null; }
};
const contextOf = (link) => (blockOf(link) || document.body).textContent
  .replace(/\s+/g, ' ').trim().toLowerCase();
const groups = new Map();
for (const link of links()) {
  const name = nameOf(link).toLowerCase(), destination = destinationOf(link);
  if (!name || !destination) continue;
  const key = name + '\u0000' + contextOf(link);
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push([link, destination]);
}
// What a reader sees of a document: the visible text of its main region (or body).
const mainText = (doc) => {
  const main = doc.querySelector('main, [role="main"]') || doc.body || doc.documentElement;
  return (main.innerText || main.textContent || '').replace(/\s+/g, ' ').trim();
};
const words = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
// The data that identify something: figures of 5 digits or more (a phone number, a
// postcode, a reference; not a year or a count), e-mail addresses.
const dataOf = (text) => new Set([
  ...(text.match(/\d[\d ().\/-]*\d/g) || []).map((f) => f.replace(/\D/g, ''))
    .filter((digits) => digits.length >= 5),
  ...(text.toLowerCase().match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) || [])]);
// Two documents a reader would take for the same resource (ACT's "equivalent resource"):
// the same text; one text within the other, word after word (less information, or the
// same with other navigation around it: a breadcrumb, a sub-menu); or every identifying
// datum of one found on the other (the same phone number, worded otherwise). A page
// that shows nothing (a slow redirect) is equivalent to none.
const within = (small, big) => {
  let i = 0;
  for (const word of big) if (i < small.length && word === small[i]) i += 1;
  return small.length > 0 && i === small.length;
};
const equivalent = (a, b) => {
  if (a === null || b === null) return false;
  if (a && a === b) return true;
  const [x, y] = [words(a), words(b)];
  if (within(x.length <= y.length ? x : y, x.length <= y.length ? y : x)) return true;
  const [p, q] = [dataOf(a), dataOf(b)];
  const holds = (small, big) => small.size > 0 && [...small].every((d) => big.has(d));
  return holds(p, q) || holds(q, p);
};
const seenAt = new Map();
const frameSeen = (url, hops) => new Promise((resolve) => {
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;left:-20000px;top:0;width:1280px;height:900px;' +
                        'visibility:hidden';
  let over = false;
  const finish = (value) => { if (!over) { over = true; frame.remove(); resolve(value); } };
  // A same-origin page that did not load in time is unknown, not different: a loaded
  // machine must not make two equivalent pages look different.
  setTimeout(() => finish(UNKNOWN), FRAME_WAIT);
  frame.addEventListener('load', () => requestAnimationFrame(() => requestAnimationFrame(() => {
    let doc = null;
    try { doc = frame.contentDocument; } catch (e) { doc = null; }
    if (!doc || !doc.documentElement) { finish(null); return; }
    const refresh = doc.querySelector('meta[http-equiv="refresh" i]');
    const next = refresh && /^\s*0*(?:\.\d*)?\s*[;,]\s*(?:url\s*=\s*)?['"]?([^'"]+)/i
      .exec(refresh.getAttribute('content') || '');
    if (next && hops < 3) {
      finish(frameSeen(new URL(next[1], url).href, hops + 1));
      return;
    }
    finish(mainText(doc));
  })), {once: true});
  frame.src = url;
  document.body.appendChild(frame);
});
const seenOf = (url) => {
  if (new URL(url).origin !== location.origin) return Promise.resolve(null);
  if (!seenAt.has(url) && seenAt.size >= MAX_FRAMES) return Promise.resolve(null);
  if (!seenAt.has(url)) seenAt.set(url, frameSeen(url, 0));
  return seenAt.get(url);
};
// Whether the page lets a reader who sees it tell same-name links apart. Links loose in
// a region (body, main, section...) have no context of their own and are judged by their
// name alone: told apart. Links in different blocks stand in different places. In one
// sentence or item, they are told apart by text after the first of them ("contact us by
// phone, or contact us by chat"), by a different look (an icon, a background image), or
// by a picture beside their block (a row of icons over a row of links); otherwise ("We are
// on social media: ACT rules ACT rules") no reader can, and 2.4.4 does not apply.
const lookOf = (link) => getComputedStyle(link).backgroundImage + '|' +
  link.innerHTML.replace(/>[^<]*</g, '><').replace(/^[^<]*|[^>]*$/g, '');
const toldApart = (members) => {
  const block = blockOf(members[0]);
  if (!block || REGION.test(block.tagName)) return true;
  if (members.some((link) => blockOf(link) !== block)) return true;
  if (new Set(members.map(lookOf)).size > 1) return true;
  const inLinks = (node) => members.some((link) => link.contains(node));
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (members[0].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING &&
        !inLinks(node) && /[\p{L}\p{N}]/u.test(node.data)) return true;
  }
  const around = block.parentElement || block;
  return Array.from(around.querySelectorAll('img, svg, picture, canvas, [role="img"]'))
    .some((picture) => !inLinks(picture) && picture.getClientRects().length);
};
// Frames with the same accessible name must show equivalent content (4.1.2): the same
// URL, or equivalent documents where they can be read (same origin), or documents that
// each call themselves by that name in their title (two advertisements in frames named
// "advertising": each is what the name announces). Frames nested in a same-origin frame
// belong to the same page and are compared too; the outer frame is reported.
const frameName = (frame) => (labelledBy(frame) || frame.getAttribute('aria-label') ||
  frame.getAttribute('title') || '').replace(/\s+/g, ' ').trim().toLowerCase();
const frameDoc = (frame) => {
  try { return frame.contentDocument && frame.contentDocument.body ? frame.contentDocument
    : null; } catch (e) { return null; }
};
const frames = new Map();
const collectFrames = (doc, outer) => {
  for (const frame of doc.querySelectorAll('iframe')) {
    if (!frame.getClientRects().length || frame.closest('[aria-hidden="true"]') ||
        doc.defaultView.getComputedStyle(frame).visibility !== 'visible') continue;
    const name = frameName(frame);
    if (name) {
      if (!frames.has(name)) frames.set(name, []);
      frames.get(name).push([frame, outer || frame]);
    }
    const inner = frameDoc(frame);
    if (inner) collectFrames(inner, outer || frame);
  }
};
collectFrames(document, null);
const sameFrame = (name, a, b) => {
  if (a.src && a.src === b.src) return true;
  const [x, y] = [frameDoc(a), frameDoc(b)];
  if (!x || !y) return false;
  const named = (doc) => {
    const title = words(doc.title || '');
    return words(name).every((word) => title.includes(word));
  };
  return equivalent(mainText(x), mainText(y)) || (named(x) && named(y));
};
(async () => {
  const found = [];
  for (const [name, members] of frames) {
    const other = members.slice(1).find(([frame]) => !sameFrame(name, members[0][0], frame));
    if (other) {
      found.push(['page-frame-same-name', sel(other[1]),
                  `the frame title "${name}" also names a frame with different content`]);
    }
  }
  for (const members of groups.values()) {
    const first = members[0];
    for (const [link, destination] of members.slice(1)) {
      if (destination === first[1]) continue;
      const [a, b] = [await seenOf(first[1]), await seenOf(destination)];
      if (a === UNKNOWN || b === UNKNOWN || equivalent(a, b)) continue;
      if (!toldApart(members.map(([member]) => member))) break;
      found.push(['page-link-same-name', sel(link),
                  `"${nameOf(link)}" also names a link in the same context that leads ` +
                  'to different content']);
      break;
    }
  }
  done(found);
})().catch(() => done([]));
"""


# A page whose first stop for the keyboard is a link, before any of its own text, must
# offer a way past such blocks (2.4.1): a main landmark, a heading, or a link to a place in
# the page. (axe's `bypass` accepts any landmark, an aside included.)
_BYPASS_JS = r"""
SELECTOR_JS
if (document.querySelector('main, [role="main"], h1, h2, h3, h4, h5, h6, [role="heading"]')) {
  return [];
}
const inPage = Array.from(document.querySelectorAll('a[href^="#"]')).some((a) => {
  const id = decodeURIComponent(a.getAttribute('href').slice(1));
  return id && (document.getElementById(id) || document.getElementsByName(id).length);
});
const shown = (el) => el.getClientRects().length && getComputedStyle(el).visibility === 'visible';
const first = Array.from(document.querySelectorAll(
  'a[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, ' +
  '[tabindex]:not([tabindex^="-"])')).find(shown);
// A link to another document (one that runs a script, href="#", is a control).
const leaves = (a) => {
  if (a.tagName !== 'A' || a.hasAttribute('onclick')) return false;
  try {
    const url = new URL(a.getAttribute('href'), document.baseURI);
    return /^https?:$/.test(url.protocol) && url.href.split('#')[0] !== location.href.split('#')[0];
  } catch (e) { return false; }
};
if (inPage || !first || !leaves(first)) return [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (first.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) break;
  if (node.data.trim() && !node.parentElement.closest('a, script, style') &&
      shown(node.parentElement)) return [];
}
return [['page-no-bypass', sel(first), 'the page opens with links and offers no way ' +
         'past them: no main landmark, no heading, no link to a place in the page']];
"""


# WAI-ARIA requires `aria-controls` on a scrollbar and on an expanded combobox (the only
# ID reference it requires): at least one of the ids it lists must name an element of the
# same tree (the document, or the shadow root the element is in). The role is the first
# valid token of `role` (ARIA's fallback list), else the implicit one: a single-line
# <select>, and a text field with a suggestions `list`, are comboboxes.
_CONTROLS_JS = r"""
SELECTOR_JS
const ROLES = new Set(['alert', 'alertdialog', 'application', 'article', 'banner',
  'blockquote', 'button', 'caption', 'cell', 'checkbox', 'code', 'columnheader', 'combobox',
  'complementary', 'contentinfo', 'definition', 'deletion', 'dialog', 'directory',
  'document', 'emphasis', 'feed', 'figure', 'form', 'generic', 'grid', 'gridcell', 'group',
  'heading', 'img', 'insertion', 'link', 'list', 'listbox', 'listitem', 'log', 'main',
  'marquee', 'math', 'menu', 'menubar', 'menuitem', 'menuitemcheckbox', 'menuitemradio',
  'meter', 'navigation', 'none', 'note', 'option', 'paragraph', 'presentation',
  'progressbar', 'radio', 'radiogroup', 'region', 'row', 'rowgroup', 'rowheader',
  'scrollbar', 'search', 'searchbox', 'separator', 'slider', 'spinbutton', 'status',
  'strong', 'subscript', 'superscript', 'switch', 'tab', 'table', 'tablist', 'tabpanel',
  'term', 'textbox', 'time', 'timer', 'toolbar', 'tooltip', 'tree', 'treegrid',
  'treeitem']);
const TEXT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email']);
const roleOf = (el) => {
  const explicit = (el.getAttribute('role') || '').trim().toLowerCase().split(/\s+/)
    .find((r) => ROLES.has(r));
  if (explicit) return explicit;
  if (el.localName === 'select' && !el.multiple && el.size <= 1) return 'combobox';
  if (el.localName === 'input' && el.hasAttribute('list') &&
      TEXT_TYPES.has((el.getAttribute('type') || 'text').toLowerCase())) return 'combobox';
  return null;
};
const found = [];
const visit = (root) => {
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) visit(el.shadowRoot);
    if (!el.hasAttribute('aria-controls')) continue;
    const role = roleOf(el);
    const expanded = (el.getAttribute('aria-expanded') || '').trim().toLowerCase() === 'true';
    if (!(role === 'scrollbar' || (role === 'combobox' && expanded))) continue;
    const tree = el.getRootNode();
    const ids = el.getAttribute('aria-controls').trim().split(/\s+/).filter(Boolean);
    if (!ids.some((id) => tree.getElementById(id))) {
      found.push(['page-aria-controls-missing', sel(el),
                  `this ${role}'s aria-controls ("${ids.join(' ')}") names no element ` +
                  'of its document']);
    }
  }
};
visit(document);
return found;
"""


_TRIM_RE = "/^[{0}]+|[{0}]+$/g".format(re.escape(TRIM).replace("/", "\\/"))


def _script(source: str, selector_js: str) -> str:
    return source.replace("SELECTOR_JS", selector_js).replace("SLOTS_JS", _SLOTS_JS).replace(
        "LINK_JS", _LINK_JS).replace(
        "GENERIC", json.dumps(sorted(GENERIC_LINK_TEXTS | FORMAT_LINK_TEXTS))).replace(
        "CONTEXT_WORDS", json.dumps(sorted(CONTEXT_WORDS))).replace("TRIM_RE", _TRIM_RE)


def run_dom_rules(driver: Any, selector_js: str) -> list[list[str]]:
    """`[rule, selector, message]` for the DOM rules on the loaded page."""
    # The synchronous rules in one round trip, each in its own scope.
    found: list[list[str]] = driver.execute_script("return [].concat(" + ", ".join(
        f"(() => {{ {_script(source, selector_js)} }})()"
        for source in (_HEADERS_JS, _GENERIC_JS, _BYPASS_JS, _CONTROLS_JS)) + ");")
    return found + driver.execute_async_script(_script(_SAME_NAME_JS, selector_js))
