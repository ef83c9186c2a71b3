"""The page gate on the W3C ACT rules test cases never scores below its committed figures
(bench/act_figures.json, written by `bench/act_score.py --save`), scored by ACT mapping
as the W3C implementation reports are."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_act_figures_do_not_drop() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from act_score import FIGURES, run

    committed = json.loads(FIGURES.read_text(encoding="utf-8"))
    now = run(committed["variants"])
    # On failure, the rules that are not consistent: caught/failed, false alarms.
    short = " ".join(f"{rule}:{r['caught']}/{r['failed']},{r['false']}"
                     for rule, r in now["per_rule"].items()
                     if r["caught"] != r["failed"] or r["false"])
    assert now["consistent"] >= committed["consistent"], short
    assert now["caught"] >= committed["caught"], short
    assert now["false_alarms"] <= committed["false_alarms"], short
    assert now["detected"] >= committed["detected"], short
