"""Every source rule over the documents: the per-document checks registered with
`@check_of`, then those that need the whole set (duplicate quiz ids) or the gate's
configuration (quiz cue limits), and the final quiz banks' cue figures for the report."""

from __future__ import annotations

import datetime as dt

from checks.content.facts import REVIEW_MONTHS
from checks.gate.findings import BankFigures, Finding
from checks.gate.sources import quiz_items, rules
from checks.gate.sources.quiz_cues import (
    CueLimits,
    bank_figures,
    cue_pass_findings,
    cue_share_findings,
)
from checks.gate.sources.read import SourceDoc
from checks.gate.sources.registry import SOURCE_CHECKS

# The modules whose checks register themselves on import.
CHECK_MODULES = (rules, quiz_items)


def check_sources(docs: list[SourceDoc], limits: CueLimits | None = None,
                  today: dt.date | None = None,
                  review_months: int = REVIEW_MONTHS) -> list[Finding]:
    findings, _banks = check_sources_and_banks(docs, limits, today, review_months)
    return findings


def check_sources_and_banks(docs: list[SourceDoc], limits: CueLimits | None = None,
                            today: dt.date | None = None,
                            review_months: int = REVIEW_MONTHS) -> tuple[
        list[Finding], list[BankFigures]]:
    """Every source rule on `docs`, and the final banks' cue figures; facts are stale
    after `review_months` before `today`."""
    limits = limits or CueLimits()
    today = today or dt.date.today()
    findings = [f for doc in docs for check in SOURCE_CHECKS.values() for f in check(doc)]
    findings += [f for doc in docs for f in rules.stale_facts(doc, today, review_months)]
    findings += list(rules.duplicate_quiz_ids(docs))
    banks = [figures for doc in docs if (figures := bank_figures(doc))]
    for doc in docs:
        findings += cue_share_findings(doc, limits)
    for figures in banks:
        findings += cue_pass_findings(figures, limits)
    return findings, banks
