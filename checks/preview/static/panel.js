// caire preview: the gate's findings on the page, added by the preview server only.
// A named region at the top of the main content with a polite status (never moves the
// focus) and a collapsible list (open until the author closes it, for the session); each finding also shown next to the block it comes from
// (the build's caire-cell-N / caire-line-N stamps). Reads the worker's JSON, again every
// two seconds while the page is visible, and redraws only when its version changes.
(() => {
  'use strict';
  const STATE = '/_caire_preview/state/findings.json';
  const OPEN_KEY = 'caire-preview-open';
  const meta = document.querySelector('meta[name="caire-source"]');
  const source = meta ? meta.content : null;
  let page = decodeURIComponent(location.pathname).replace(/^\/+/, '');
  if (page === '' || page.endsWith('/')) page += 'index.html';

  let shown = null;  // the version drawn
  let region = null;
  let status = null;
  let toggle = null;
  let list = null;

  const make = (tag, className, text) => {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  };
  const fill = (template, n) => template.replace('{n}', String(n));

  const build = (words) => {
    region = make('section', 'caire-preview');
    region.setAttribute('aria-label', words['panel name']);
    status = make('p', 'caire-preview-status');
    status.setAttribute('role', 'status');
    toggle = make('button', 'caire-preview-toggle', words['panel details']);
    toggle.type = 'button';
    toggle.setAttribute('aria-controls', 'caire-preview-list');
    list = make('ol', 'caire-preview-list');
    list.id = 'caire-preview-list';
    const open = sessionStorage.getItem(OPEN_KEY) !== 'false';  // open unless closed
    toggle.setAttribute('aria-expanded', String(open));
    list.hidden = !open;
    toggle.addEventListener('click', () => {
      const now = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(now));
      list.hidden = !now;
      sessionStorage.setItem(OPEN_KEY, String(now));
    });
    region.append(status, toggle, list);
    const host = document.querySelector('main') || document.body;
    host.prepend(region);
  };

  // The stamped block a finding comes from, or null (then it is listed in the panel only).
  const stampOf = (el, prefix) => {
    const match = el.className && typeof el.className === 'string'
      && el.className.match(new RegExp(`(?:^|\\s)${prefix}(\\d+)`));
    return match ? parseInt(match[1], 10) : null;
  };
  const isStamped = (el) => stampOf(el, 'caire-cell-') !== null
    || stampOf(el, 'caire-line-') !== null;
  // A place a block may follow: out of any paragraph, list, table or inline element.
  const INSIDE = new Set(['P', 'UL', 'OL', 'DL', 'LI', 'DT', 'DD', 'TABLE', 'CAPTION',
                          'THEAD', 'TBODY', 'TFOOT', 'TR', 'TD', 'TH', 'A', 'BUTTON',
                          'LABEL', 'FIGCAPTION', 'PRE', 'SPAN', 'CODE', 'EM', 'STRONG']);
  const spotAfter = (el) => {
    let spot = el;
    while (spot.parentElement && INSIDE.has(spot.parentElement.tagName)) {
      spot = spot.parentElement;
    }
    return spot;
  };
  const blockOf = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      if (isStamped(node) && node.tagName !== 'SECTION') return node;
    }
    return el;
  };
  const article = () => document.querySelector('article') || document.querySelector('main');
  const anchorOf = (f) => {
    const content = article();
    if (!content) return null;
    if (f.target) {
      let el = null;
      try { el = document.querySelector(f.target); } catch (e) { el = null; }
      // Only in the content: the theme's frame (menus, header) keeps its layout.
      if (el && content.contains(el) && !region.contains(el)) return blockOf(el);
    }
    const stamped = Array.from(content.querySelectorAll('[class*="caire-"]'))
      .filter((el) => el.tagName !== 'SECTION' && !el.closest('.caire-preview-note'));
    if (f.cell !== null && f.cell !== undefined && f.line === null) {
      const cells = stamped.filter((el) => stampOf(el, 'caire-cell-') === f.cell);
      // The cell's outermost block: the one no other block of the cell contains.
      const outer = cells.filter((el) => !cells.some((o) => o !== el && o.contains(el)));
      if (outer.length) return outer[outer.length - 1];
    }
    if (f.line !== null && f.line !== undefined) {
      let best = null;
      let bestLine = -1;
      for (const el of stamped) {
        const line = stampOf(el, 'caire-line-');
        if (line !== null && line <= f.line && line >= bestLine) {
          best = el;
          bestLine = line;
        }
      }
      if (best) return best;
    }
    return null;
  };

  const details = (f, words) => {
    const box = make('div', 'caire-preview-details');
    const head = make('p', 'caire-preview-head');
    head.append(make('strong', '', f.severity_word), ' ', make('code', '', f.rule));
    if (f.place) head.append(` (${f.place})`);
    box.append(head, make('p', 'caire-preview-text', f.text));
    if (f.criteria) box.append(make('p', 'caire-preview-criteria', f.criteria));
    const fix = make('p', 'caire-preview-help');
    fix.append(make('strong', '', words['panel fix']), ' ', f.help);
    box.append(fix);
    if (f.url) {
      const more = make('p', 'caire-preview-url');
      const link = make('a', '', `${f.rule} (axe-core)`);
      link.href = f.url;
      more.append(link);
      box.append(more);
    }
    return box;
  };

  const draw = (state) => {
    if (!region) build(state.words);
    const words = state.words;
    const mine = state.findings.filter((f) => (f.page ? f.page === page
      : source !== null && f.source === source));
    document.querySelectorAll('.caire-preview-note').forEach((el) => el.remove());
    list.replaceChildren();
    mine.forEach((f, i) => {
      const item = make('li', `caire-preview-item caire-preview-${f.severity}`);
      item.dataset.rule = f.rule;
      const anchor = anchorOf(f);
      if (anchor) {
        const note = make('div', `caire-preview-note caire-preview-${f.severity}`);
        note.id = `caire-preview-note-${i}`;
        note.setAttribute('role', 'note');
        note.setAttribute('aria-label', fill(words['panel note'], i + 1));
        note.tabIndex = -1;
        note.dataset.rule = f.rule;
        note.append(details(f, words));
        spotAfter(anchor).after(note);
        const line = make('p', 'caire-preview-head');
        line.append(make('strong', '', f.severity_word), ' ', make('code', '', f.rule),
                    ` ${f.text} `);
        const go = make('a', '', fill(words['panel go'], i + 1));
        go.href = `#${note.id}`;
        line.append(go);
        item.append(line);
      } else {
        item.append(details(f, words));
      }
      list.append(item);
    });
    const a11y = mine.filter((f) => f.kind === 'a11y').length;
    const exercises = mine.length - a11y;
    const parts = [];
    if (state.running) parts.push(words['panel running']);
    if (state.error) parts.push(state.error);
    if (a11y) parts.push(fill(words[a11y === 1 ? 'panel a11y one' : 'panel a11y many'], a11y));
    if (exercises) {
      parts.push(fill(words[exercises === 1 ? 'panel exercise one'
        : 'panel exercise many'], exercises));
    }
    if (!mine.length && !state.running && !state.error) parts.push(words['panel none']);
    const text = parts.join(' · ');
    if (status.textContent !== text) status.textContent = text;  // announced once
    toggle.hidden = mine.length === 0;
    region.dataset.state = state.running ? 'running' : 'done';
    region.dataset.count = String(mine.length);
  };

  const poll = async () => {
    try {
      const response = await fetch(STATE, {cache: 'no-store'});
      if (response.ok) {
        const state = await response.json();
        if (state.version !== shown) {
          draw(state);
          shown = state.version;
        }
      }
    } catch (e) {
      // the server is restarting or gone: try again at the next tick
    }
  };
  const tick = () => {
    if (document.visibilityState === 'visible') poll();
  };
  const start = () => {
    poll();
    setInterval(tick, 2000);
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start, {once: true});
  } else {
    start();
  }
})();
