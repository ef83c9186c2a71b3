"""Baseline: record today's findings so a team adopting the gate fails only on new ones."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from checks.errors import SetupError
from checks.gate.findings import Finding


def fingerprint(finding: Finding) -> str:
    # The cell index is left out on purpose: inserting a cell above must not make an old
    # finding look new. Rule, file, page and the element's selector identify a page
    # finding (its message lists variants); other findings have only their message.
    what = finding.target if finding.target is not None else finding.message
    key = "\x1f".join([finding.rule, finding.source or "", finding.page or "", what])
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def read_baseline(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return set(data["fingerprints"])
    except (ValueError, KeyError, TypeError):
        raise SetupError(f"{path}: not a caire baseline file") from None


def write_baseline(path: Path, findings: list[Finding]) -> None:
    data = {"version": 1, "fingerprints": sorted({fingerprint(f) for f in findings})}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def apply_baseline(findings: list[Finding], known: set[str]) -> tuple[list[Finding], int]:
    kept = [f for f in findings if fingerprint(f) not in known]
    return kept, len(findings) - len(kept)
