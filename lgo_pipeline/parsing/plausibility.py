"""Values no real decision can have: set aside with a warning so they never reach the facts.

The record keeps everything else (an impossible date does not make the outcome wrong); the raw text
stays in the warehouse for anyone who wants to look.
"""

from __future__ import annotations

import datetime as dt

from lgo_pipeline.parsing.records import Remedy

# The Ombudsman has published decisions since 2010 (DOMAIN.md); earlier dates are misreadings.
EARLIEST_DECISION_DATE = dt.date(2010, 1, 1)
# Over £10,000 is rare but real (one recommendation was about £250,000); above a million it is a typo or a
# fact of the case, not a remedy.
MAX_REMEDY_GBP = 1_000_000.0
# Deadlines are weeks or months; past two years a number was misread (the warehouse's range ends there too).
MAX_DEADLINE_DAYS = 730
# How every warning of a value set aside ends: the warehouse's check finds them by these words.
NOT_USED = "not used"
NOT_COUNTED = "not counted as a payment"


def plausible_decision_date(decided: dt.date | None, reference: str | None,
                            today: dt.date) -> tuple[dt.date | None, str | None]:
    """The date if it can be true, else None and the reason."""
    if decided is None:
        return None, None
    if decided < EARLIEST_DECISION_DATE:
        return None, f"decision date {decided} is before {EARLIEST_DECISION_DATE.year}: {NOT_USED}"
    if decided > today:
        return None, f"decision date {decided} is in the future (today is {today}): {NOT_USED}"
    if reference and 2000 + int(reference[:2]) > decided.year:
        return None, (f"reference {reference} was registered in {2000 + int(reference[:2])}, after the decision "
                      f"date {decided}: decision date {NOT_USED}")
    return decided, None


def plausible_remedies(remedies: list[Remedy]) -> tuple[list[Remedy], list[str]]:
    """Remedies with amounts of £0 or less or above MAX_REMEDY_GBP kept without the amount, and deadlines
    beyond MAX_DEADLINE_DAYS kept without the deadline."""
    kept: list[Remedy] = []
    warnings: list[str] = []
    for remedy in remedies:
        amount, days = remedy.amount_gbp, remedy.due_within_days
        if amount is not None and not 0 < amount <= MAX_REMEDY_GBP:
            warnings.append(f"amount £{amount:,.2f} is outside £0.01-£{MAX_REMEDY_GBP:,.0f}: {NOT_COUNTED}")
            remedy = remedy.model_copy(update={"amount_gbp": None})
        if days is not None and not 1 <= days <= MAX_DEADLINE_DAYS:
            warnings.append(f"deadline of {days} days is outside 1-{MAX_DEADLINE_DAYS} days: {NOT_USED}")
            remedy = remedy.model_copy(update={"due_within_days": None})
        kept.append(remedy)
    return kept, warnings
