"""Link texts that say nothing of where a link leads, in French and English: one list for
the source rule (`link-generic-text`) and the page rule (`page-link-generic`)."""

from __future__ import annotations

GENERIC_LINK_TEXTS = frozenset({
    # French
    "ici", "cliquez ici", "cliquer ici", "lien", "ce lien", "plus", "en savoir plus",
    "lire la suite", "la suite", "suite", "voir", "voir plus", "détails", "aller",
    "télécharger",
    # English
    "here", "click here", "link", "this link", "more", "read more", "learn more",
    "more info", "details", "go", "continue", "download",
})
# Punctuation around a link text that does not change what it says.
TRIM = " .:!…»«\"'()[]→>"


def is_generic(name: str) -> bool:
    return " ".join(name.split()).lower().strip(TRIM) in GENERIC_LINK_TEXTS
