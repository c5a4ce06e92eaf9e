"""Read money (`£1,500`, `£250.00`, `£1.5k`), payment rates (`£200 a month`) and deadlines (`within one month`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Thousands grouped by commas, or by spaces (no-break and thin spaces are plain spaces by now: `£1 000`).
_MONEY = re.compile(
    r"£\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?: \d{3})+(?!,?\d)(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
    r"(?P<mult>\s?(?:k|m)\b|\s?million\b)?"
    r"(?P<rate>\s+(?:a|per|each|every)\s+(?P<period>day|week|month|term|year|annum|night|hour|mile|session|visit))?"
    r"(?P<each>\s+each\b)?",
    re.I,
)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "twenty": 20,
    "twenty-eight": 28, "thirty": 30,
}
_DEADLINE = re.compile(
    r"\bwithin\s+(?P<n>\d+|[a-z]+(?:-[a-z]+)?)\s+(?P<working>working\s+|calendar\s+)?(?P<unit>day|week|month)s?\b",
    re.I,
)
_DAYS_PER_UNIT = {"day": 1, "week": 7, "month": 30}


@dataclass(frozen=True)
class Money:
    amount: float
    rate: str | None
    each: bool
    start: int
    end: int


def find_money(text: str) -> list[Money]:
    """Every £ amount in `text`, in order, with its rate (`per month`) and whether it is `each`."""
    found = []
    for match in _MONEY.finditer(text):
        amount = float(match["num"].replace(",", "").replace(" ", ""))
        multiplier = (match["mult"] or "").strip().lower()
        if multiplier == "k":
            amount *= 1_000
        elif multiplier in {"m", "million"}:
            amount *= 1_000_000
        period = (match["period"] or "").lower()
        rate = None
        if period:
            rate = "per year" if period == "annum" else f"per {period}"
        found.append(Money(round(amount, 2), rate, bool(match["each"]), match.start(), match.end()))
    return found


# `completed within 28 days` states a standard the body must meet, not when the remedy is due.
_STANDARD_BEFORE = re.compile(
    r"\b(?:completed|decided|determined|made|issued|sent|dealt\s+with|processed|responded\s+to|answered"
    r"|carried\s+out|reviewed|paid|held|done)\s+$", re.I)


def item_deadline(text: str) -> int | None:
    """The deadline of a remedy: the first `within ...` that is not a standard the remedy sets.

    `within one month` = 30, `within three months` = 90, `within 20 working days` = 28.
    """
    for match in _DEADLINE.finditer(text):
        if not _STANDARD_BEFORE.search(text[max(0, match.start() - 25):match.start()]):
            return _days(match)
    return None


def _days(match: re.Match[str]) -> int | None:
    raw = match["n"].lower()
    count = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
    if count is None:
        return None
    if match["working"] and match["working"].lower().startswith("working") and match["unit"].lower() == "day":
        return -(-count * 7 // 5)
    return count * _DAYS_PER_UNIT[match["unit"].lower()]
