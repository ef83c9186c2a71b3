"""The latest gate results, saved by `caire check` and shown in the accessibility statement."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from checks.findings import Finding, Subject
from checks.rules import all_rules

SUMMARY_FILE = Path("_build") / ".caire" / "last-gate.json"
# RGAA 4.1: number of criteria in each of the 13 themes (106 in all).
RGAA_THEMES = (("Images", 9), ("Cadres", 2), ("Couleurs", 3), ("Multimédia", 13),
               ("Tableaux", 8), ("Liens", 2), ("Scripts", 5), ("Éléments obligatoires", 10),
               ("Structuration de l'information", 4), ("Présentation de l'information", 14),
               ("Formulaires", 13), ("Navigation", 11), ("Consultation", 12))


def rgaa_criteria() -> list[str]:
    return [f"{theme}.{n}" for theme, (_name, count) in enumerate(RGAA_THEMES, start=1)
            for n in range(1, count + 1)]


def automated_rgaa(axe_script: Path | None) -> list[str]:
    """RGAA criteria some automated rule covers: ours, and axe-core's `RGAA-x.y.z` tags."""
    covered = {c for rule in all_rules().values() for c in rule.rgaa}
    if axe_script is not None and axe_script.is_file():
        text = axe_script.read_text(encoding="utf-8", errors="replace")
        covered |= set(re.findall(r"RGAA-(\d+\.\d+)\.\d+", text))
    order = {c: i for i, c in enumerate(rgaa_criteria())}
    return sorted((c for c in covered if c in order), key=order.__getitem__)


def save_summary(root: Path, findings: list[Finding], subjects: list[Subject],
                 axe_script: Path | None) -> None:
    pages = sum(1 for s in subjects if s.page is not None)
    data = {"date": dt.date.today().isoformat(), "pages": pages, "items": len(subjects),
            "errors": sum(f.severity == "error" for f in findings),
            "warnings": sum(f.severity == "warning" for f in findings),
            "rgaa_automated": automated_rgaa(axe_script)}
    path = root / SUMMARY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def load_summary(root: Path) -> dict[str, Any] | None:
    try:
        return json.loads((root / SUMMARY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
