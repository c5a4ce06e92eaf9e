"""Write one synthetic case as a decision page in one of the real layouts (docs/input.md), with its truth.

Layouts and their shares: blank-line separated (70%), single newlines with `- ` paragraphs (20%), no header
lines (10%); header fields run together on one line (3%); references written `22-001-239` (3%) or
`22001239` (2%); full month names (10%); cookie banner before (5%) or after (5%); `Back to top` between
sections; cp1252 (2%) and CRLF (3%); older summary pages (a fifth of the upheld decisions before April 2018:
half with the bare reference as title, an anonymous opening, remedies after "To remedy the injustice caused,
the council has agreed to:"). The truth is the parse record of the contract for the text written, field for
field (text fields as the parser normalises them: straight quotes, one line).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from lgo_pipeline.generate.cases import Case, Payment
from lgo_pipeline.generate.vocabulary import (
    ANONYMOUS, APOLOGY_IN_RESPONSE, BANNER, COMPLAINTS, FACTS, FILLER, LAW, ROLE, SCHEME_SENTENCE,
)
from lgo_pipeline.normalise.outcomes import canonical_outcome

_NO_HEADER_WARNINGS = ["no 'Category' line in the header", "no 'Decision' line in the header",
                       "no 'Decision date' line in the header"]
_NO_TITLE_WARNING = "no title line: organisation unknown, reference taken from the text"
_OLDER_PAGES_UNTIL = dt.date(2018, 4, 1)
_ACTION_TEXT = {
    "apology": "apologise to {c} for the distress and uncertainty caused",
    "reassessment": "reconsider {c}'s application and write to explain its decision",
    "procedure_review": "review its procedure for responding to referrals so that officers record their decisions",
    "staff_training": "remind relevant staff of the need to keep people informed of progress",
}


@dataclass(frozen=True)
class Rendered:
    text: str
    encoding: str  # utf-8 | cp1252
    newline: str  # \n | \r\n
    truth: dict


def _money(amount: float) -> str:
    return f"£{amount:,.0f}" if amount == int(amount) else f"£{amount:,.2f}"


def _people(complainant: str) -> list[str]:
    """`Mr and Mrs X` and `Mr & Mrs X` are Mr X and Mrs X; `Ms Y and Ms Z` are Ms Y and Ms Z."""
    joint = re.fullmatch(r"(\w+) (?:and|&) (\w+) ([A-Z])", complainant)
    if joint:
        return [f"{joint[1]} {joint[3]}", f"{joint[2]} {joint[3]}"]
    return complainant.split(" and ")


def _payment_text(payment: Payment, c: str) -> str:
    if payment.each:
        return f"pay {c} {_money(payment.amount)} each to recognise the distress caused"
    if payment.kind == "refund":
        return f"refund {c} {_money(payment.amount)} of the care charges paid"
    if payment.rate == "per month":
        return f"pay {c} {_money(payment.amount)} a month for the lost income from the direct payments"
    if payment.rate == "per term":
        return f"pay {c} {_money(payment.amount)} per term for the education provision missed"
    if payment.purpose == "time_and_trouble":
        return f"pay {c} {_money(payment.amount)} for the time and trouble in pursuing the complaint"
    if payment.purpose == "lost_education":
        return f"pay {c} {_money(payment.amount)} to acknowledge the lost education"
    return f"pay {c} {_money(payment.amount)} to recognise the distress caused"


def _payment_truth(payment: Payment, c: str, text: str, due: int) -> list[dict]:
    recipients = _people(c) if payment.each else [c]
    return [{"kind": payment.kind, "amount_gbp": payment.amount, "rate": payment.rate, "recipient": who,
             "purpose": payment.purpose, "due_within_days": due, "already_provided": False, "text": text}
            for who in recipients]


def _remedy_groups(case: Case, body: str, month_due: int | None = 30, later_due: int | None = 90,
                   explain_first: bool = False) -> tuple[list[tuple[str, list[str]]], list[dict]]:
    """[(opener, items)] for the Agreed action section and the remedies they mean, in parser order; without
    deadlines (`None`) the items make one list, as on older pages. `explain_first`: the first payment's item
    goes on to explain it as a rate (`This is £350 a month ...`), which is not another payment."""
    c, month, later, truth = case.complainant, [], [], []
    if "apology" in case.actions:
        text = _ACTION_TEXT["apology"].format(c=c) + ";"
        month.append(text)
        truth.append({"kind": "apology", "amount_gbp": None, "rate": None, "recipient": None, "purpose": None,
                      "due_within_days": month_due, "already_provided": False, "text": text})
    if case.total_beside_parts:
        first, second = case.payments[0], case.payments[1]
        total = first.amount + second.amount
        text = (f"pay {c} {_money(total)}, made up of {_money(first.amount)} for the distress caused and "
                f"{_money(second.amount)} for the time and trouble in pursuing the complaint;")
        month.append(text)
        truth += _payment_truth(Payment(first.amount, "distress"), c, text, month_due)
        truth += _payment_truth(Payment(second.amount, "time_and_trouble"), c, text, month_due)
        rest = case.payments[2:]
    else:
        rest = case.payments
    for number, payment in enumerate(rest):
        text = _payment_text(payment, c) + ";"
        if number == 0 and explain_first:
            text = (f"{_payment_text(payment, c)}. This is {_money(payment.amount / 10)} a month for the ten months "
                    f"{c} went without the service;")
        month.append(text)
        truth += _payment_truth(payment, c, text, month_due)
    for action, group, due in (("reassessment", month, month_due), ("procedure_review", later, later_due),
                               ("staff_training", later, later_due)):
        if action in case.actions:
            text = _ACTION_TEXT[action].format(c=c) + ";"
            group.append(text)
            truth.append({"kind": action, "amount_gbp": None, "rate": None, "recipient": None, "purpose": None,
                          "due_within_days": due, "already_provided": False, "text": text})
    groups = []
    if month:
        groups.append((f"Within one month of my final decision {body} agrees to:", month))
    if later:
        groups.append((f"Within three months of my final decision {body} agrees to:", later))
    return groups, truth


def _offered_sentence(case: Case) -> str:
    return f"It has offered {case.complainant} {_money(case.offered)} to recognise the distress caused."


def _offered_truth(case: Case) -> dict:
    return {"kind": "payment", "amount_gbp": case.offered, "rate": None, "recipient": case.complainant,
            "purpose": "distress", "due_within_days": None, "already_provided": True, "text": _offered_sentence(case)}


def _apology_given() -> dict:
    return {"kind": "apology", "amount_gbp": None, "rate": None, "recipient": None, "purpose": None,
            "due_within_days": None, "already_provided": True, "text": APOLOGY_IN_RESPONSE}


def _summary(case: Case, body: str) -> str:
    c, about = case.complainant, COMPLAINTS[case.category_top].replace("the Council", body)
    if case.offered:
        return f"We will not investigate {c}'s complaint about {about}. This is because {body} has already offered a suitable remedy."
    if case.claimed:
        return (f"We will not investigate {c}'s complaint about {about}. {c} wants {body} to pay "
                f"{_money(case.claimed)} in compensation. This is because it is unlikely we would find fault.")
    if case.outcome.startswith(("Closed", "Premature", "Withdrawn")):
        return f"We will not investigate {c}'s complaint about {about}. This is because it is unlikely we would find fault."
    if case.outcome.startswith("Not upheld"):
        return f"{c} complained about {about}. We found no fault in how {body} acted."
    remedy = ""
    if case.payments:
        remedy = f" {body[0].upper()}{body[1:]} has agreed to pay {c} {_money(case.payments[0].amount)}."
    elif case.actions:
        remedy = f" {body[0].upper()}{body[1:]} has agreed to put things right."
    return f"{c} complained about {about}. There was fault by {body} which caused injustice.{remedy}"


def _outcome_said(case: Case) -> str | None:
    """What `_summary` says was decided, as the parser reads it where the page has no Decision line: nothing
    where the body had already put things right (that reads as upheld or closed); "will not investigate" is
    closed after initial enquiries, whatever the Ombudsman recorded (premature, withdrawn)."""
    if case.offered:
        return None
    if case.claimed or case.outcome.startswith(("Closed", "Premature", "Withdrawn")):
        return "closed_after_initial_enquiries"
    return "not_upheld" if case.outcome.startswith("Not upheld") else "upheld"


def _older_page(case: Case, body: str, rng: random.Random) -> Rendered:
    """A summary page as published until 2018: no final-decision line and no Summary label, an anonymous
    opening, the remedies after "To remedy the injustice caused, the council has agreed to:", and the date the
    Ombudsman was satisfied with the response; half of them titled by the bare reference."""
    body = body.replace("the Council", "the council")
    about = COMPLAINTS[case.category_top].replace("the Council", body)
    who = rng.choice(ANONYMOUS)
    opening = f"{who} complains about {about}."
    groups, remedies = _remedy_groups(case, body, month_due=None, later_due=None)
    items = [item for _, group in groups for item in group]
    bare = rng.random() < 0.5
    satisfied = case.decision_date + dt.timedelta(days=rng.randrange(60, 200))
    lines = [case.reference if bare else f"{case.organisation} ({case.reference})", "",
             f"Category : {case.category_top} > {case.category_sub}", "", f"Decision : {case.outcome}", "",
             f"Decision date : {case.decision_date.strftime('%d %b %Y')}", "", "", opening, "", "The complaint", "",
             f"The {who.split()[1].lower()} complains about {about}.", "", "",
             "The Ombudsman upheld the complaint and found fault causing injustice.", "", "",
             f"To remedy the injustice caused, {body} has agreed to:", "",
             *(f"  • {item}" for item in items), "",
             f"Ombudsman satisfied with council's response: {satisfied.day} {satisfied.strftime('%B %Y')}.", "",
             "Print this page"]
    # nobody is named until the remedies: the complainant is whoever they name first
    complainant = case.complainant if any(case.complainant in item for item in items) else None
    truth = {
        "ok": True, "error": None, "reference": case.reference, "organisation": None if bare else case.organisation,
        "category": f"{case.category_top} > {case.category_sub}", "category_top": case.category_top,
        "category_sub": case.category_sub, "outcome": case.outcome,
        "outcome_canonical": canonical_outcome(case.outcome), "outcome_source": "page", "decision_date": case.decision_date.isoformat(),
        "complainant": complainant, "summary": opening.replace("’", "'"),
        "signed_by": None, "document_type": None, "remedies": remedies,
        "remedy_amounts_gbp": [r["amount_gbp"] for r in remedies if r["amount_gbp"] is not None],
        "warnings": [_NO_TITLE_WARNING] if bare else [],
        "compliance_date": satisfied.isoformat(),
    }
    return Rendered("\n".join(lines) + "\n", "utf-8", "\n", truth)


def _paragraphs(items: list[str], single: bool, indent: str = "  ") -> list[str]:
    if single:
        return [f"- {item}" for item in items]
    return [f"{indent}{number}. {item}" for number, item in enumerate(items, 1)]


def render(case: Case, seed: int) -> Rendered:
    rng = random.Random(seed * 1_000_003 + case.index)
    layout = rng.choices(("blank", "single", "no_header"), (70, 20, 10))[0]
    single = layout == "single"
    body = "the Council" if case.is_council else "the care provider" if "Care" in case.organisation or \
        case.organisation.endswith(("Ltd", "Limited")) else "the organisation"
    c = case.complainant
    investigated = case.outcome.startswith(("Upheld", "Not upheld"))

    sections: list[tuple[str, list[str]]] = []
    sections.append(("The complaint", _paragraphs(
        [f"{c} complains about {COMPLAINTS[case.category_top].replace('the Council', body)}."
         if rng.random() < 0.7 else
         f"The complainant, whom I shall call {c}, complains about "
         f"{COMPLAINTS[case.category_top].replace('the Council', body)}."], single)))
    sections.append(("The Ombudsman’s role and powers", _paragraphs(list(ROLE), single)))
    if investigated:
        found = [" ".join(rng.sample(FILLER, 3)) for _ in range(rng.randint(18, 30))]
        if rng.random() < 0.3:
            found.insert(rng.randrange(len(found)), rng.choice(FACTS).format(a=f"{rng.randrange(300, 9000):,}"))
        sections.append(("How I considered this complaint", _paragraphs(
            [f"I considered the information {c} and {body} provided."], single)))
        sections.append(("Relevant law and guidance", _paragraphs(list(LAW), single)))
        sections.append(("What I found", _paragraphs(found, single)))
    else:
        assessment = [" ".join(rng.sample(FILLER, 3)) for _ in range(5)]
        if case.offered:
            assessment.insert(2, f"{body[0].upper()}{body[1:]} accepted it was at fault. {_offered_sentence(case)}")
        elif rng.random() < 0.1:  # a scheme's sum, a fact of the case: not a remedy
            assessment.insert(1, SCHEME_SENTENCE)
        sections.append(("My assessment", _paragraphs(assessment, single)))
    explain = (rng.random() < 0.1 and bool(case.payments) and not case.total_beside_parts and not case.payments[0].each
               and case.payments[0].rate is None and case.payments[0].amount >= 500 and case.payments[0].amount % 100 == 0)
    groups, remedies = (_remedy_groups(case, body, explain_first=explain) if case.outcome.startswith("Upheld")
                        else ([], []))
    if case.offered:
        # what the body had done, accepted by the Ombudsman: its offer, and an apology the account records
        remedies = [_offered_truth(case)] + ([_apology_given()] if any(APOLOGY_IN_RESPONSE in paragraph
                                                                        for paragraph in assessment) else [])
    if groups and case.decision_date < _OLDER_PAGES_UNTIL and rng.random() < 0.2:
        return _older_page(case, body, rng)
    if groups:
        lines: list[str] = []
        for number, (opener, items) in enumerate(groups, 1):
            if single:
                lines += [f"- {opener}", *(f"- {item}" for item in items)]
            else:
                lines += [f"  {number}. {opener}", *(f"      • {item}" for item in items)]
        sections.append((rng.choice(("Agreed action", "Agreed action", "Actions")), lines))
    final = ("I have completed my investigation. There was fault causing injustice." if case.outcome.startswith("Upheld")
             else "I have completed my investigation. There was no fault." if investigated
             else "We will not investigate this complaint.")
    sections.append(("Final decision", _paragraphs([final], single)))

    sep = "\n" if single else "\n\n"
    written_reference = rng.choices((case.reference, case.reference.replace(" ", "-"), case.reference.replace(" ", "")),
                                    (95, 3, 2))[0]
    header = [f"{case.organisation} ({written_reference})"]
    if layout != "no_header":
        date_format = "%d %B %Y" if rng.random() < 0.1 else "%d %b %Y"
        fields = [f"Category : {case.category_top} > {case.category_sub}", f"Decision : {case.outcome}",
                  f"Decision date : {case.decision_date.strftime(date_format)}"]
        header += [" ".join(fields)] if rng.random() < 0.03 else fields
    summary = _summary(case, body)
    header += ["The Ombudsman's final decision:", f"Summary: {summary}"]
    parts = [sep.join(header)]
    back_to_top = not single and rng.random() < 0.5
    for heading, lines in sections:
        block = sep.join([heading, sep.join(lines)])
        parts.append(block + (f"{sep}Back to top" if back_to_top else ""))
    parts.append("Investigator's decision on behalf of the Ombudsman")
    text = sep.join(parts) + "\n"
    if rng.random() < 0.05:
        text = BANNER + "\n" + text
    if rng.random() < 0.05:
        text = text + "\n" + BANNER
    encoding = "cp1252" if rng.random() < 0.02 else "utf-8"
    newline = "\r\n" if rng.random() < 0.03 else "\n"

    header_known = layout != "no_header"
    truth = {
        "ok": True, "error": None, "reference": case.reference, "organisation": case.organisation,
        "category": f"{case.category_top} > {case.category_sub}" if header_known else None,
        "category_top": case.category_top if header_known else None,
        "category_sub": case.category_sub if header_known else None,
        "outcome": case.outcome if header_known else None,
        "outcome_canonical": canonical_outcome(case.outcome) if header_known else _outcome_said(case) or "unknown",
        "outcome_source": "page" if header_known else "text" if _outcome_said(case) else None,
        "decision_date": case.decision_date.isoformat() if header_known else None,
        "complainant": c, "summary": summary.replace("’", "'"),
        "signed_by": "investigator", "document_type": "statement",
        "remedies": remedies,
        "remedy_amounts_gbp": [r["amount_gbp"] for r in remedies if r["amount_gbp"] is not None],
        "warnings": [] if header_known else list(_NO_HEADER_WARNINGS),
        "compliance_date": None,
    }
    return Rendered(text, encoding, newline, truth)
