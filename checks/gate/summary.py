"""The latest gate results, saved by `caire check` and shown in the accessibility statement."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from checks.gate.catalog import CATALOG, RGAA_TAG, rgaa_criteria
from checks.gate.findings import Finding, Subject
from checks.layout import SUMMARY_FILE


def automated_rgaa(axe_script: Path | None) -> list[str]:
    """RGAA criteria some automated rule covers: ours, and axe-core's `RGAA-x.y.z` tags."""
    covered = {c for rule in CATALOG.values() for c in rule.rgaa}
    if axe_script is not None and axe_script.is_file():
        text = axe_script.read_text(encoding="utf-8", errors="replace")
        covered |= set(RGAA_TAG.findall(text))
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
