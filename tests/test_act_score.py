"""The page gate on the W3C ACT rules test cases never scores below its committed figures
(bench/act_figures.json, written by `bench/act_score.py --save`)."""

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
    assert now["consistent"] >= committed["consistent"], now["per_rule"]
    assert now["caught"] >= committed["caught"], now["per_rule"]
    assert now["false_alarms"] <= committed["false_alarms"], now["per_rule"]
