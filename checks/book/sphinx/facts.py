"""Sphinx extension: the `{fact}` role (see `checks.content.facts`).

`{fact}`2 décembre 2027 <ria-omnibus 2026-11-30>`` shows its text followed by
"(vérifié le 30 novembre 2026)", a link to the bibliography entry `(src-ria-omnibus)=`;
for screen readers the link also names the claim it supports, so two checks of the same
date in one sentence are not two links of the same name to different places. A malformed
fact, a date in the future or an unknown key is a build warning of type `caire.fact`,
which the gate reports under its own rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import make_refnode

from checks.content.facts import ROLE, TARGET_PREFIX, FactError, checked_words, parse_fact

LOGGER = logging.getLogger(__name__)
WARNING_TYPE = ("caire", "fact")  # the build names this rule by it (checks.book.build)
CHECK_CLASS = "caire-fact-check"
# Attributes a check's node keeps until its link is resolved.
_KEY, _DATE, _TEXT = "caire_source", "caire_checked", "caire_claim"


def _warn(message: str, location: Any) -> None:
    # The type written at the end as Sphinx does with `show_warning_types`, which Sphinx 7
    # leaves off by default: the build reads it there.
    kind = ".".join(WARNING_TYPE)
    LOGGER.warning("%s [%s]", message, kind, location=location, type=WARNING_TYPE[0],
                   subtype=WARNING_TYPE[1])


class FactRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            fact = parse_fact(self.text, dt.date.today())
        except FactError as exc:
            _warn(str(exc), self.get_location())
            return [nodes.Text(self.text)], []
        claim = nodes.inline(classes=["caire-fact"])
        claim += nodes.Text(fact.text)
        claim += nodes.Text(" ")
        check = nodes.inline(classes=[CHECK_CLASS])
        check[_KEY], check[_DATE], check[_TEXT] = fact.target, fact.checked.isoformat(), \
            fact.text
        check.source, check.line = self.get_source_info()
        claim += check
        return [claim], []


def checked_dates(doctree: nodes.Node) -> list[dt.date]:
    """When each fact of the document was checked."""
    return [dt.date.fromisoformat(node[_DATE]) for node in doctree.findall(nodes.inline)
            if _DATE in node]


def up_to_date(doctree: nodes.Node) -> dt.date | None:
    """The date the document is up to date as of: its oldest check; None without facts."""
    return min(checked_dates(doctree), default=None)


class LinkChecks(SphinxPostTransform):
    """Each check becomes "(vérifié le …)", linked to its bibliography entry, once every
    document's targets are known; before the French spacing (priority 900)."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        lang = self.config.language
        french = (lang or "").startswith("fr")
        labels = self.env.get_domain("std").anonlabels  # type: ignore[attr-defined]
        for node in list(self.document.findall(nodes.inline)):
            if _KEY not in node:
                continue
            day = dt.date.fromisoformat(node[_DATE])
            words = nodes.inline(classes=["caire-fact-date"])
            words += nodes.Text(checked_words(day, lang))
            about = (f" : source de « {node[_TEXT]} »" if french
                     else f": source of “{node[_TEXT]}”")
            words += nodes.inline("", about, classes=["caire-sr-only"])
            target = labels.get(node[_KEY])
            if target is None:
                key = node[_KEY].removeprefix(TARGET_PREFIX)
                _warn(f'fact "{node[_TEXT]}": unknown source `{key}` (no '
                      f"`({node[_KEY]})=` target in the book)", node)
                link: nodes.Node = words
            else:
                link = make_refnode(self.app.builder, self.env.docname, target[0],
                                    target[1], words)
            node.children = []
            node += nodes.Text("(")
            node += link
            node += nodes.Text(")")
            for name in (_KEY, _DATE, _TEXT):
                del node[name]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role(ROLE, FactRole())
    app.add_post_transform(LinkChecks)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
