"""Sphinx extension: French typography in the text of French pages.

Every text node gets its no-break spaces (see `checks.content.typography`), except in
code, literal blocks, math and raw HTML (widgets apply it to their own strings), and
except link text that is an address.
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(FrenchSpacing)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
