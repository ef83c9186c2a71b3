"""Sphinx extension: the automated part of the accessibility statement (déclaration
d'accessibilité), filled from the latest `caire check` results at build time."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from checks.book.sphinx.collector import course_data
from checks.gate.catalog import RGAA_THEMES, rgaa_criteria
from checks.layout import SUMMARY_FILE

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def french_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def render_results(summary: dict[str, Any] | None) -> str:
    esc = html.escape
    if not summary:
        return ("<p>Aucun résultat de vérification automatique n'est encore disponible : "
                "lancez <code>caire check</code> puis reconstruisez le site.</p>")
    automated = set(summary.get("rgaa_automated", []))
    manual_items = []
    for theme, (name, _count) in enumerate(RGAA_THEMES, start=1):
        todo = [c for c in rgaa_criteria() if c.split(".")[0] == str(theme)
                and c not in automated]
        if todo:
            manual_items.append(f"<li>{esc(name)} : {esc(', '.join(todo))}</li>")
    return (
        f"<p>Dernière vérification automatique : {esc(french_date(summary['date']))}, sur "
        f"{_plural(summary['pages'], 'page')} du site, en thème clair et sombre, sur grand "
        f"écran et à 320 pixels de large. Résultat : "
        f"{_plural(summary['errors'], 'erreur')} et "
        f"{_plural(summary['warnings'], 'avertissement')}.</p>\n"
        f"<p>Critères du RGAA 4.1 vérifiés en partie automatiquement "
        f"({len(automated)} sur 106) : {esc(', '.join(sorted(automated, key=_key)))}.</p>\n"
        "<p>Un outil automatique ne couvre qu'une partie de chaque critère. Les critères "
        "suivants demandent une vérification humaine :</p>\n"
        f"<ul>{''.join(manual_items)}</ul>\n")


def _key(criterion: str) -> tuple[int, int]:
    theme, number = criterion.split(".")
    return int(theme), int(number)


def load_summary(root: Path) -> dict[str, Any] | None:
    """The latest gate results `caire check` saved, if any."""
    try:
        return json.loads((root / SUMMARY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class GateResultsDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        course_data(self.env).statement_pages.add(self.env.docname)
        summary = load_summary(Path(self.env.srcdir))
        return [nodes.raw("", render_results(summary), format="html")]


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    path = Path(app.srcdir) / SUMMARY_FILE
    stamp = path.stat().st_mtime if path.is_file() else 0.0
    data = course_data(env)
    if stamp == data.summary_stamp:
        return []
    data.summary_stamp = stamp
    return sorted(data.statement_pages & env.found_docs)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("caire-gate-results", GateResultsDirective)
    app.connect("env-get-outdated", _outdated)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
