"""Sphinx extension: French typography in the text of French pages.

Every text node gets its no-break spaces (see `checks.content.typography`), except in
code, literal blocks, math and raw HTML (widgets apply it to their own strings), and
except link text that is an address; titles get them while the document is read, so the
page's `<title>`, the navigation and the tables of contents have them too.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from checks.content.typography import french_spacing

# Where text is code, math or markup, not prose.
_SKIP = (nodes.literal, nodes.literal_block, nodes.math, nodes.math_block, nodes.raw,
         nodes.FixedTextElement, nodes.comment, nodes.substitution_definition)


def _is_prose(node: nodes.Text) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _SKIP):
            return False
        if isinstance(parent, nodes.reference) and parent.get("refuri", "") == node.astext():
            return False  # an address shown as its own link text
        parent = parent.parent
    return True


class FrenchSpacing(SphinxTransform):
    default_priority = 900  # after references are resolved into their text

    def apply(self, **kwargs: Any) -> None:
        if not (self.config.language or "").startswith("fr"):
            return
        for node in list(self.document.findall(nodes.Text)):
            if not _is_prose(node):
                continue
            fixed = french_spacing(node.astext())
            if fixed != node.astext():
                node.parent.replace(node, nodes.Text(fixed))


class FrenchSpacingInTitles(FrenchSpacing):
    """Titles too, while the document is read: Sphinx keeps them then for the page's
    `<title>`, the navigation and the tables of contents, which the post-transform above
    never sees."""

    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        if not (self.config.language or "").startswith("fr"):
            return
        for title in list(self.document.findall(nodes.title)):
            for node in list(title.findall(nodes.Text)):
                fixed = french_spacing(node.astext())
                if fixed != node.astext() and _is_prose(node):
                    node.parent.replace(node, nodes.Text(fixed))
        # The page's <title> comes from this attribute when the parser set one.
        if self.document.get("title"):
            self.document["title"] = french_spacing(self.document["title"])


def _template_filter(app: Sphinx) -> None:
    """`french_spacing` for templates: the course's layout puts the spaces back in the
    page's <title>, where the theme's `striptags` turns them into plain spaces."""
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["french_spacing"] = (
            french_spacing if (app.config.language or "").startswith("fr") else str)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _template_filter)
    app.add_transform(FrenchSpacingInTitles)
    app.add_post_transform(FrenchSpacing)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
