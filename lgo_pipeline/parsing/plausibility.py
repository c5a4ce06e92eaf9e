"""Values no real decision can have: set aside with a warning so they never reach the facts.

The record keeps everything else (an impossible date does not make the outcome wrong); the raw text
stays in the warehouse for anyone who wants to look.
"""

from __future__ import annotations

import datetime as dt

from lgo_pipeline.parsing.records import Remedy, SetAside

# The Ombudsman has published decisions since 2010 (docs/input.md); earlier dates are misreadings.
EARLIEST_DECISION_DATE = dt.date(2010, 1, 1)
# Over £10,000 is rare but real (one recommendation was about £250,000); above a million it is a typo or a
# fact of the case, not a remedy; below a penny, no payment.
MIN_REMEDY_GBP = 0.01
MAX_REMEDY_GBP = 1_000_000.0
# Deadlines are weeks or months; past two years a number was misread (the warehouse's range ends there too).
MAX_DEADLINE_DAYS = 730


def plausible_decision_date(decided: dt.date | None, reference: str | None,
                            today: dt.date) -> tuple[dt.date | None, SetAside | None]:
    """The date if it can be true, else None and what was set aside."""
    if decided is None:
        return None, None
    if decided < EARLIEST_DECISION_DATE:
        reason = f"before {EARLIEST_DECISION_DATE.year}"
    elif decided > today:
        reason = f"after today ({today})"
    elif reference and 2000 + int(reference[:2]) > decided.year:
        reason = f"before {2000 + int(reference[:2])}, the year reference {reference} was registered"
    else:
        return decided, None
    return None, SetAside(field="decision_date", value=decided.isoformat(), reason=reason)


def plausible_remedies(remedies: list[Remedy]) -> tuple[list[Remedy], list[SetAside]]:
    """Remedies with amounts outside MIN_REMEDY_GBP-MAX_REMEDY_GBP kept without the amount, and deadlines
    beyond MAX_DEADLINE_DAYS kept without the deadline."""
    kept: list[Remedy] = []
    set_aside: list[SetAside] = []
    for remedy in remedies:
        amount, days = remedy.amount_gbp, remedy.due_within_days
        if amount is not None and not MIN_REMEDY_GBP <= amount <= MAX_REMEDY_GBP:
            set_aside.append(SetAside(field="amount_gbp", value=f"{amount:.2f}",
                                      reason=f"outside £{MIN_REMEDY_GBP}-£{MAX_REMEDY_GBP:,.0f}"))
            remedy = remedy.model_copy(update={"amount_gbp": None})
        if days is not None and not 1 <= days <= MAX_DEADLINE_DAYS:
            set_aside.append(SetAside(field="due_within_days", value=str(days),
                                      reason=f"outside 1-{MAX_DEADLINE_DAYS} days"))
            remedy = remedy.model_copy(update={"due_within_days": None})
        kept.append(remedy)
    return kept, set_aside


# The same limits in the warehouse's tests (schema.yml: `{{ var('earliest_decision_date') }}`...).
SQL_VARS = {
    "earliest_decision_date": f"DATE '{EARLIEST_DECISION_DATE.isoformat()}'",
    "min_remedy_gbp": str(MIN_REMEDY_GBP),
    "max_remedy_gbp": str(int(MAX_REMEDY_GBP)),
}
