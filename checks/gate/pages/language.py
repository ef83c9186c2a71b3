"""The language of the page and of its parts, read from the text itself (WCAG 3.1.1 and
3.1.2): text whose declared language (`lang` of its nearest element that has one) is
plainly not the language it is written in.

Detection is lingua's (offline models, low-accuracy mode: trigrams only, a fraction of the
memory), and a finding needs it to be sure: the text is long enough, one language is
nearly certain and the declared one nearly excluded. Code, formulas and keyboard keys are
not prose and are left out.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

MIN_WORDS = 3  # distinct words; fewer say too little (two words can pass for Turkish)
MAX_WORDS = 2000  # words read per scope: enough to be sure, bounded on huge pages
SURE = 0.9  # the detected language's confidence, at least
EXCLUDED = 0.05  # the declared language's confidence, at most
# Two distinct words are judged only when they leave no doubt: letters and endings only
# one language has ("Bonne année" is French at 0.99996), the declared one all but
# excluded. English terms in French text stay below (machine learning: 0.986).
PAIR_SURE = 0.999
PAIR_EXCLUDED = 0.001

# Per scope (the root, then each element with a `lang` of its own): its declared language
# and the prose that takes its language from it, the text alternatives and (for the root)
# the title included.
_SCOPES_JS = r"""
SELECTOR_JS
const skip = 'script, style, noscript, template, code, pre, kbd, samp, var, math, ' +
  'mjx-container, svg, [aria-hidden="true"]';
const root = document.documentElement;
const scopeOf = (node) => {
  const el = node.nodeType === 1 ? node : node.parentElement;
  return el && el.closest('[lang]');
};
const texts = new Map();
const add = (scope, text) => {
  if (!scope || !text || !text.trim()) return;
  if (!texts.has(scope)) texts.set(scope, []);
  if (texts.get(scope).length < 5000) texts.get(scope).push(text.trim());
};
const walker = document.createTreeWalker(document.body || root, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const parent = node.parentElement;
  if (!parent || parent.closest(skip) || !parent.getClientRects().length) continue;
  add(scopeOf(node), node.data);
}
for (const el of document.querySelectorAll('img[alt], [aria-label]')) {
  if (el.closest(skip) || !el.getClientRects().length) continue;
  add(scopeOf(el), el.getAttribute('alt') || el.getAttribute('aria-label'));
}
if (root.hasAttribute('lang')) add(root, document.title);
return Array.from(texts.entries()).map(([scope, parts]) => [
  scope === root ? 'html' : sel(scope), scope.getAttribute('lang'), parts.join(' ')]);
"""

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_PUNCTUATION = ".,;:!?…«»\"'“”‘’()[]{}"
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_all_spoken_languages().with_low_accuracy_mode().build()


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(code for language in Language.all_spoken_ones()
                     for code in _iso(language))


def _declared(tag: str) -> str:
    """The primary subtag of a language tag, lower case: `fr-FR` → `fr`."""
    return tag.strip().split("-")[0].lower()


def _iso(language: Any) -> set[str]:
    return {language.iso_code_639_1.name.lower(), language.iso_code_639_3.name.lower()}


def misdeclared(declared: str, text: str) -> str | None:
    """The language `text` is plainly written in when it is not `declared`, else None."""
    primary = _declared(declared)
    # Prose only: words of letters (identifiers, numbers and symbols are not prose).
    words = [w for w in (chunk.strip(_PUNCTUATION) for chunk in text.split())
             if _WORD.fullmatch(w)]
    distinct = len({w.lower() for w in words})
    if distinct < 2 or not primary.isalpha():
        return None
    sure, excluded = (SURE, EXCLUDED) if distinct >= MIN_WORDS else (PAIR_SURE, PAIR_EXCLUDED)
    text = " ".join(words[:MAX_WORDS])
    if primary not in _known():
        return None  # a language the detector does not know: it cannot judge
    with _LOCK:
        values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value < sure or primary in _iso(values[0].language):
        return None
    declared_value = next((v.value for v in values if primary in _iso(v.language)), 0.0)
    if declared_value > excluded:
        return None
    return values[0].language.iso_code_639_1.name.lower()


def run_language_probe(driver: Any, selector_js: str) -> list[list[str]]:
    """`[rule, selector, message]` for the page and the parts whose text is not in the
    language they declare."""
    found: list[list[str]] = []
    for target, declared, text in driver.execute_script(
            _SCOPES_JS.replace("SELECTOR_JS", selector_js)):
        written = misdeclared(declared or "", text)
        if written is None:
            continue
        rule = "page-lang-mismatch" if target == "html" else "page-lang-part-mismatch"
        found.append([rule, target, f'declared "{declared}", but its text is in "{written}"'])
    return found
