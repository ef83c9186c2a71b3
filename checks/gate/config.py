"""Gate configuration: `[tool.caire]` in pyproject.toml, or `caire:` in _config.yml.

    [tool.caire]
    fail-on = "error"                 # error | warning | notice
    baseline = "caire-baseline.json"  # findings recorded there do not fail the gate
    browsers = 2                      # pages checked in parallel
    page-timeout = 30                 # seconds
    local-mathjax = false             # serve node_modules/mathjax (3) in place of its CDN
    quiz-cue-factor = 1.6             # quiz-cue-share: a cue strategy may answer at most
                                      # this many times chance (40 % with four choices)
    quiz-pass-chance = 1              # quiz-cue-pass: percent of a final bank's draws a
                                      # cue strategy may pass
    fact-review-months = 12           # a {fact} checked longer ago is to check again

    [[tool.caire.ignore]]
    rule = "axe-region"
    reason = "why this is accepted"
    until = 2027-01-31                # optional: the ignore stops working after this date
    paths = ["search.html"]           # optional: globs on the source or page

`caire: {badge_banks: [exam/badge_bank.md]}` in _config.yml names the book's certifying
question banks (see `checks.book.config.badge_banks`): never built, checked as sources.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from checks.book.config import BADGE_BANKS_KEYS, load_book_yaml
from checks.content.facts import REVIEW_MONTHS
from checks.errors import SetupError
from checks.gate.catalog import SEVERITY_RANK
from checks.gate.findings import Finding, found
from checks.gate.sources.quiz_cues import CueLimits
from checks.layout import CONFIG_FILE


@dataclass(frozen=True)
class Ignore:
    rule: str
    reason: str
    until: dt.date | None = None
    paths: tuple[str, ...] = ()

    def expired(self, today: dt.date) -> bool:
        return self.until is not None and today > self.until

    def matches(self, finding: Finding) -> bool:
        if finding.rule != self.rule:
            return False
        where = [w for w in (finding.source, finding.page) if w]
        return not self.paths or any(fnmatch(w, p) for w in where for p in self.paths)


@dataclass
class GateConfig:
    origin: str = "defaults"
    fail_on: str = "error"
    baseline: Path | None = None
    browsers: int = 2
    page_timeout: float = 30
    local_mathjax: bool = False
    fact_review_months: int = REVIEW_MONTHS
    ignores: list[Ignore] = field(default_factory=list)
    cue_limits: CueLimits = field(default_factory=CueLimits)


def _raw_config(root: Path) -> tuple[str, dict[str, Any]]:
    book = load_book_yaml(root).get("caire") if (root / CONFIG_FILE).is_file() else None
    if isinstance(book, dict):
        # Badge banks are the book's, not the gate's: alone, they leave the gate's
        # settings to pyproject.toml.
        book = {key: value for key, value in book.items() if key not in BADGE_BANKS_KEYS}
        book = book or None
    if book is not None:
        return "_config.yml", book
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SetupError(f"{pyproject}: not valid TOML ({exc})") from None
        section = data.get("tool", {}).get("caire")
        if section is not None:
            return "pyproject.toml", section
    return "defaults", {}


def _date(value: Any, origin: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SetupError(f"{origin}: ignore `until` must be a date (YYYY-MM-DD): {value!r}") \
            from None


def _cue_limits(raw: dict[str, Any], origin: str) -> CueLimits:
    default = CueLimits()
    factor = raw.get("quiz-cue-factor", default.factor)
    chance = raw.get("quiz-pass-chance", default.pass_chance)
    if isinstance(factor, bool) or not isinstance(factor, int | float) or factor <= 0:
        raise SetupError(f"{origin}: quiz-cue-factor must be a positive number (times the "
                         f"chance level), not {factor!r}")
    if isinstance(chance, bool) or not isinstance(chance, int | float) \
            or not 0 <= chance <= 100:
        raise SetupError(f"{origin}: quiz-pass-chance must be a percentage from 0 to 100, "
                         f"not {chance!r}")
    return CueLimits(float(factor), float(chance))


def load_config(root: Path) -> GateConfig:
    origin, raw = _raw_config(root)
    if not isinstance(raw, dict):
        raise SetupError(f"{origin}: the caire configuration must be a table")
    known = {"fail-on", "fail_on", "baseline", "browsers", "page-timeout", "page_timeout",
             "ignore", "quiz-cue-factor", "quiz-pass-chance", "fact-review-months",
             "fact_review_months", "local-mathjax", "local_mathjax"}
    unknown = set(raw) - known
    if unknown:
        raise SetupError(f"{origin}: unknown caire setting(s): {', '.join(sorted(unknown))}")
    config = GateConfig(origin=origin)
    config.fail_on = str(raw.get("fail-on", raw.get("fail_on", "error")))
    if config.fail_on not in SEVERITY_RANK:
        raise SetupError(f"{origin}: fail-on must be error, warning or notice")
    if raw.get("baseline"):
        config.baseline = root / str(raw["baseline"])
    config.browsers = raw.get("browsers", 2)
    config.page_timeout = raw.get("page-timeout", raw.get("page_timeout", 30))
    if not isinstance(config.browsers, int) or config.browsers < 1:
        raise SetupError(f"{origin}: browsers must be a positive integer")
    if not isinstance(config.page_timeout, int | float) or config.page_timeout <= 0:
        raise SetupError(f"{origin}: page-timeout must be a positive number of seconds")
    config.local_mathjax = raw.get("local-mathjax", raw.get("local_mathjax", False))
    if not isinstance(config.local_mathjax, bool):
        raise SetupError(f"{origin}: local-mathjax must be true or false")
    config.cue_limits = _cue_limits(raw, origin)
    config.fact_review_months = raw.get("fact-review-months",
                                        raw.get("fact_review_months", REVIEW_MONTHS))
    if not isinstance(config.fact_review_months, int) or \
            isinstance(config.fact_review_months, bool) or config.fact_review_months < 1:
        raise SetupError(f"{origin}: fact-review-months must be a positive whole number")
    for entry in raw.get("ignore", []) or []:
        if not isinstance(entry, dict) or not entry.get("rule") or not entry.get("reason"):
            raise SetupError(f"{origin}: each ignore needs a `rule` and a `reason`")
        paths = entry.get("paths", [])
        config.ignores.append(Ignore(str(entry["rule"]), str(entry["reason"]),
                                     _date(entry.get("until"), origin),
                                     tuple(str(p) for p in paths)))
    return config


def apply_ignores(findings: list[Finding], config: GateConfig,
                  today: dt.date | None = None) -> tuple[list[Finding], int]:
    """Drop ignored findings; an expired ignore drops nothing and says so."""
    today = today or dt.date.today()
    kept, dropped = [], 0
    active = [i for i in config.ignores if not i.expired(today)]
    for finding in findings:
        if any(ignore.matches(finding) for ignore in active):
            dropped += 1
        else:
            kept.append(finding)
    for ignore in config.ignores:
        if ignore.expired(today):
            kept.append(found("config-ignore-expired",
                f"the ignore of `{ignore.rule}` expired on {ignore.until} "
                f"(reason given: {ignore.reason})", config.origin))
    return kept, dropped
