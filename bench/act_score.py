"""The page gate on the W3C ACT rules test cases (`../shared/act/`: 984 example pages of 70
rules, with their expected outcomes), scored the way the W3C ACT implementation reports
are (as `../shared/act/score.py` does): a finding counts for the ACT rules its own rule
implements (the `act` ids every finding carries: axe's `actIds`, the catalog's `act`). An
ACT rule is consistent when every failed example gets an error or warning of a rule
mapped to it and no passed or inapplicable example does. A second figure counts a failed
example as detected when any finding is on one of its WCAG criteria.

Run: .venv/bin/python bench/act_score.py [--variants 1|4] [--save]
(`../shared/act/score.py` scores `caire check --site` itself, with all four variants.)
`--save` writes the figures to bench/act_figures.json, which tests/test_act_score.py holds
the gate to.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.gate.findings import Finding  # noqa: E402
from checks.gate.pages.engine import VARIANTS, check_site  # noqa: E402

ACT = ROOT.parent / "shared" / "act"
FIGURES = ROOT / "bench" / "act_figures.json"


def score(findings: list[Finding], truth: dict) -> dict:
    acts: dict[str, set[str]] = collections.defaultdict(set)
    criteria: dict[str, set[str]] = collections.defaultdict(set)
    for f in findings:
        if f.severity in ("error", "warning") and f.page:
            acts[Path(f.page).name].update(f.act)
            criteria[Path(f.page).name].update(f.wcag)
    rules: dict[str, dict] = collections.defaultdict(
        lambda: {"caught": 0, "failed": 0, "false": 0, "detected": 0})
    for page, expected in truth.items():
        rule = rules[expected["rule"]]
        hit = expected["rule"] in acts.get(page, set())
        if expected["outcome"] == "failed":
            rule["failed"] += 1
            rule["caught"] += hit
            rule["detected"] += bool(criteria.get(page, set()) & set(expected["wcag"]))
        elif hit:
            rule["false"] += 1
    verdicts = collections.Counter()
    for rule in rules.values():
        if rule["caught"] == rule["failed"] and not rule["false"]:
            verdicts["consistent"] += 1
        elif rule["caught"] and not rule["false"]:
            verdicts["partial"] += 1
        else:
            verdicts["no"] += 1
    return {"rules": len(rules), "consistent": verdicts["consistent"],
            "partial": verdicts["partial"], "not": verdicts["no"],
            "caught": sum(r["caught"] for r in rules.values()),
            "failed": sum(r["failed"] for r in rules.values()),
            "false_alarms": sum(r["false"] for r in rules.values()),
            "detected": sum(r["detected"] for r in rules.values()),
            "per_rule": {rid: r for rid, r in sorted(rules.items())}}


def run(variants: int = 1) -> dict:
    if not (ACT / "truth.json").is_file():
        raise SystemExit(f"{ACT}: the ACT test cases are missing (../shared/act)")
    truth = json.loads((ACT / "truth.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as state:  # no page cache: a cold, honest run
        start = time.perf_counter()
        findings, _pages = check_site(ACT / "site", Path(state), jobs=2,
                                      variants=VARIANTS[:variants], use_cache=False)
        seconds = time.perf_counter() - start
    figures = score(findings, truth)
    figures["seconds"] = round(seconds, 1)
    figures["variants"] = variants
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", type=int, choices=(1, 4), default=1)
    parser.add_argument("--save", action="store_true")
    args = parser.parse_args()
    figures = run(args.variants)
    for rule_id, rule in figures["per_rule"].items():
        if rule["caught"] != rule["failed"] or rule["false"]:
            print(f"  {rule_id}: caught {rule['caught']}/{rule['failed']}, "
                  f"{rule['false']} false alarm(s)")
    print(f"act: {figures['consistent']} consistent, {figures['partial']} partial, "
          f"{figures['not']} not, of {figures['rules']} rules; caught {figures['caught']}/"
          f"{figures['failed']} failed examples, {figures['false_alarms']} false alarms "
          f"(by ACT mapping); detected {figures['detected']}/{figures['failed']} on their "
          f"WCAG criterion ({figures['variants']} variant(s), {figures['seconds']} s)")
    if args.save:
        kept = {k: v for k, v in figures.items() if k != "per_rule"}
        FIGURES.write_text(json.dumps(kept, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
