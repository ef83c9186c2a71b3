"""French typography: the no-break spaces French puts before `: ; ! ?` and inside « ».

Authors type ordinary spaces; a line may then break between a word and its `?`, or
after « . Only spaces that are already there are changed (never one inserted where the
author wrote none), so code-like text such as `10:30`, `4.5:1` or `https://` is left alone.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"  # narrow no-break space: before ; ! ?
NBSP = "\u00a0"  # no-break space: before : and inside « »

_SPACE = "[ \u00a0\u202f]"
_BEFORE_NARROW = re.compile(rf"(?<=\S){_SPACE}+(?=[;!?])")
_BEFORE_COLON = re.compile(rf"(?<=\S){_SPACE}+(?=:(?:\s|$))")
_BEFORE_CLOSING = re.compile(rf"(?<=\S){_SPACE}+(?=»)")
_AFTER_OPENING = re.compile(rf"(?<=«){_SPACE}+(?=\S)")


def french_spacing(text: str) -> str:
    """`text` with French no-break spaces where the author typed a space."""
    if not any(mark in text for mark in ":;!?«»"):
        return text
    text = _BEFORE_NARROW.sub(NNBSP, text)
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _BEFORE_CLOSING.sub(NBSP, text)
    return _AFTER_OPENING.sub(NBSP, text)
