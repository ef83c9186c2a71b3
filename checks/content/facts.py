"""Facts that say when they were checked: the `{fact}` role authors write.

    Le haut risque s'applique à partir du {fact}`2 décembre 2027 <ria-omnibus 2026-11-30>`.

The visible text, then, between angle brackets, the key of the bibliography entry that
supports it and the date (YYYY-MM-DD) it was checked there. The entry carries the MyST
target `(src-<key>)=` as the first line of its list item. The build shows the date and
links to the entry; the chapter box says the chapter is up to date as of the oldest check;
the gate warns when a check is older than the review period.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

ROLE = "fact"
# The bibliography entry of key `k` is the MyST target `(src-k)=`.
TARGET_PREFIX = "src-"
REVIEW_MONTHS = 12  # how long a check stays valid, unless the gate's configuration says

_CONTENT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]*)>$", re.S)
_TARGET = re.compile(r"^(?P<key>\S+)\s+(?P<date>\S+)$")
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SYNTAX = "{fact}`text <source-key YYYY-MM-DD>`"

_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


class FactError(ValueError):
    """A `{fact}` an author must fix; the message says what and how."""


@dataclass(frozen=True)
class Fact:
    text: str
    key: str  # the bibliography entry's key, without TARGET_PREFIX
    checked: dt.date

    @property
    def target(self) -> str:
        return TARGET_PREFIX + self.key


def parse_fact(content: str, today: dt.date) -> Fact:
    """The fact written `text <key YYYY-MM-DD>`; FactError when it is malformed or its
    date is after `today`."""
    match = _CONTENT.match(content.strip())
    target = _TARGET.match(match["target"].strip()) if match else None
    if not match or not match["text"] or not target:
        raise FactError(f"fact `{content.strip()}` needs its text, source key and date: "
                        f"{SYNTAX}")
    text, key, date = " ".join(match["text"].split()), target["key"], target["date"]
    if not KEY.match(key):
        raise FactError(f'fact "{text}": the source key `{key}` must be lower-case letters, '
                        "digits and hyphens")
    try:
        if not _ISO_DATE.match(date):
            raise ValueError(date)
        checked = dt.date.fromisoformat(date)
    except ValueError:
        raise FactError(f'fact "{text}": `{date}` is not a date (YYYY-MM-DD)') from None
    if checked > today:
        raise FactError(f'fact "{text}": checked on {date}, a date in the future')
    return Fact(text, key, checked)


def language(lang: str | None) -> str:
    """The language the words around facts are written in: French for a French book,
    English for any other."""
    return "fr" if (lang or "").startswith("fr") else "en"


def format_date(day: dt.date, lang: str | None) -> str:
    """`1er août 2024`, `30 novembre 2026`; `30 November 2026` in English."""
    lang = language(lang)
    first = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{first} {_MONTHS[lang][day.month - 1]} {day.year}"


def checked_words(day: dt.date, lang: str | None) -> str:
    """What the page shows after a fact."""
    words = "vérifié le" if language(lang) == "fr" else "checked on"
    return f"{words} {format_date(day, lang)}"


def up_to_date_words(lang: str | None) -> str:
    """The chapter box's label before the oldest check of its facts."""
    return "À jour au " if language(lang) == "fr" else "Up to date as of "


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus `months` calendar months, on the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def is_stale(fact: Fact, today: dt.date, months: int = REVIEW_MONTHS) -> bool:
    """True when the fact's check is older than the review period."""
    return today > add_months(fact.checked, months)
