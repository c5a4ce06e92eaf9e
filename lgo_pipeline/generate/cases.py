"""What each synthetic decision is about, before it is written: organisation, dates, reference, outcome,
complainant, remedies. The truth file is made from these, so the text only has to say them.

Realism (issue targets): about half closed after initial enquiries; 65-80% of investigations upheld,
varying by council and year; decision dates 2013-2025; registration weeks before a closed decision and
months before an investigated one, with reference sequences ordered by registration date within the year;
heavy-tailed payment amounts (mostly £100-£1,000, rarely above £10,000).

Shapes learned from real pages: joint complainants as the page writes them (`Mr & Mrs X`, `Ms Y and Ms Z`),
businesses (`Company X`); complaints closed because the body already offered a remedy the Ombudsman accepts;
sums the complainant asks for that are not remedies; a few references with a letter (`17 002 402b`); schools
acting as admission authorities.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from lgo_pipeline.generate.vocabulary import (
    CARE_PROVIDER_FIRST, CARE_PROVIDER_SECOND, CARE_PROVIDER_SUFFIX, CATEGORIES, COUNCILS, LETTERS, OTHER_BODIES,
    SCHOOLS, TITLES,
)

FIRST_DAY, LAST_DAY = dt.date(2013, 4, 1), dt.date(2025, 12, 31)
_UPHELD, _NOT_UPHELD, _CLOSED = "Upheld", "Not upheld", "Closed after initial enquiries"
_OLDER_OUTCOMES = ("Upheld: maladministration and injustice", "Not upheld: no maladministration",
                   "Closed after initial enquiries - out of jurisdiction", "Premature", "Withdrawn")


@dataclass
class Payment:
    amount: float
    purpose: str  # distress | time_and_trouble | lost_education | refund_of_charges
    kind: str = "payment"  # payment | refund
    rate: str | None = None
    each: bool = False


@dataclass
class Case:
    index: int
    organisation: str
    is_council: bool
    category_top: str
    category_sub: str
    outcome: str
    decision_date: dt.date
    registered: dt.date
    complainant: str
    payments: list[Payment] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)  # apology | procedure_review | staff_training | reassessment
    total_beside_parts: bool = False
    offered: float | None = None  # closed: the body already offered this, and the Ombudsman accepts it
    claimed: float | None = None  # closed: what the complainant wants paid (not a remedy)
    reference: str = ""


def _weighted(rng: random.Random, pairs) -> str:
    names, weights = zip(*pairs)
    return rng.choices(names, weights)[0]


def _amount(rng: random.Random) -> float:
    if rng.random() < 0.01:
        return float(rng.randrange(10_100, 60_000, 100))
    value = math.exp(rng.gauss(math.log(300), 0.75))
    step = 25 if value < 200 else 50 if value < 2000 else 100
    return float(max(50, min(9_900, round(value / step) * step)))


def _organisation(rng: random.Random) -> tuple[str, bool]:
    roll = rng.random()
    if roll < 0.88:
        return rng.choice(rng.choice(COUNCILS)), True
    if roll < 0.98:
        return (f"{rng.choice(CARE_PROVIDER_FIRST)} {rng.choice(CARE_PROVIDER_SECOND)} "
                f"{rng.choice(CARE_PROVIDER_SUFFIX)}"), False
    return rng.choice(OTHER_BODIES + SCHOOLS), False


def _complainant(rng: random.Random) -> str:
    title, letter = _weighted(rng, TITLES), _weighted(rng, LETTERS)
    roll = rng.random()
    if roll < 0.05:
        return f"Mr and Mrs {letter}"
    if roll < 0.07:
        return f"Mr & Mrs {letter}"
    if roll < 0.09:
        other = "Z" if letter != "Z" else "Y"
        return f"{title} {letter} and {_weighted(rng, TITLES)} {other}"
    if roll < 0.10:
        return f"Company {letter}"
    return f"{title} {letter}"


def _remedies(case: Case, rng: random.Random) -> None:
    if rng.random() < 0.15:
        return  # upheld with no significant injustice: no remedy
    if rng.random() < 0.7:
        if (" and " in case.complainant or " & " in case.complainant) and rng.random() < 0.5:
            case.payments.append(Payment(float(rng.choice((100, 150, 200))), "distress", each=True))
        elif rng.random() < 0.03:
            rate = rng.choice(("per month", "per term"))
            purpose = "financial_loss" if rate == "per month" else "lost_education"
            case.payments.append(Payment(_amount(rng), purpose, rate=rate))
        else:
            purpose = "lost_education" if case.category_top == "Education" else "distress"
            case.payments.append(Payment(_amount(rng), purpose))
            if case.category_top == "Adult care services" and rng.random() < 0.2:
                case.payments.append(Payment(_amount(rng), "refund_of_charges", kind="refund"))
            if rng.random() < 0.25:
                case.payments.append(Payment(float(rng.choice((100, 150, 200, 250, 300))), "time_and_trouble"))
            case.total_beside_parts = len(case.payments) >= 2 and rng.random() < 0.1
    for action, share in (("apology", 0.6), ("reassessment", 0.15), ("procedure_review", 0.3),
                          ("staff_training", 0.25)):
        if rng.random() < share:
            case.actions.append(action)


def plan_cases(n: int, seed: int) -> list[Case]:
    """Every case of the corpus, deterministic for the seed, references assigned in registration order."""
    rng = random.Random(seed)
    propensity = {names[0]: rng.uniform(0.62, 0.82) for names in COUNCILS}
    year_effect = {year: rng.gauss(0, 0.04) for year in range(2013, 2027)}
    span = (LAST_DAY - FIRST_DAY).days
    cases = []
    for index in range(n):
        organisation, is_council = _organisation(rng)
        top, _, subs = rng.choices(CATEGORIES, [c[1] for c in CATEGORIES])[0]
        if organisation in SCHOOLS:
            top, subs = "Education", ("School admissions",)
        decided = FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1))
        base = next((propensity[names[0]] for names in COUNCILS if organisation in names), 0.7)
        roll = rng.random()
        if roll < 0.5:
            outcome, weeks = _CLOSED, rng.uniform(2, 12)
        elif roll < 0.98:
            upheld = rng.random() < min(0.9, max(0.5, base + year_effect[decided.year]))
            outcome, weeks = (_UPHELD if upheld else _NOT_UPHELD), rng.uniform(13, 60)
        else:
            outcome, weeks = rng.choice(_OLDER_OUTCOMES), rng.uniform(4, 40)
        registered = max(dt.date(2012, 1, 5), decided - dt.timedelta(days=round(weeks * 7)))
        case = Case(index, organisation, is_council, top, rng.choice(subs), outcome, decided, registered,
                    _complainant(rng))
        if outcome.startswith("Upheld"):
            _remedies(case, rng)
        elif outcome == _CLOSED and rng.random() < 0.15:
            case.offered = float(rng.choice((50, 100, 150, 200, 250, 300, 500)))
        elif outcome == _CLOSED and rng.random() < 0.1:
            case.claimed = float(rng.randrange(500, 20_000, 250))
        cases.append(case)
    _assign_references(cases)
    return cases


def _assign_references(cases: list[Case]) -> None:
    """`YY NNN NNN`: the business year of registration (from 1 April, as the real sequence restarts: see
    docs/figures.md) and a sequence that follows registration order within it, spread over the year like the
    real one (~19,000 a year): its position in the year, or one more than the previous case when the day is
    busy."""
    by_year: dict[int, list[Case]] = {}
    for case in cases:
        by_year.setdefault(_business_year(case.registered), []).append(case)
    for year, group in by_year.items():
        group.sort(key=lambda c: (c.registered, c.index))
        previous = 0
        for case in group:
            position = (case.registered - dt.date(year, 4, 1)).days * 19_000 // 366 + 1
            previous = max(previous + 1, position)
            letter = "b" if case.index % 397 == 5 else ""  # a few cases carry a letter after the number
            case.reference = f"{year % 100:02d} {previous // 1000:03d} {previous % 1000:03d}{letter}"


def _business_year(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1
