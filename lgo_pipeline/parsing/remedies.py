"""Remedies from the Agreed action / Actions / Recommendations sections, or from the summary.

A remedy section is a run of items. An item ending in ':' opens a group (`Within one month ... the
Council agrees to:`) whose deadline its children inherit; if the opener is itself an action (`agrees to
remind staff of:`) its children are the detail of that one remedy. Each payment becomes one remedy, so
`remedy_amounts_gbp` counts every payment once: a total stated beside its parts is dropped, and £ sums that
are facts of the case (debts, fees, invoices) are not payments.
"""

from __future__ import annotations

import re

from lgo_pipeline.parsing.amounts import Money, deadline_days, find_money
from lgo_pipeline.parsing.complainant import JOINT_RE, PERSON_RE, PSEUDONYM
from lgo_pipeline.parsing.records import Remedy
from lgo_pipeline.parsing.sections import split_items

_NON_FINANCIAL_KINDS = (
    ("apology", re.compile(r"\bapologi[sz]|\bapology\b|\bapologies\b", re.I)),
    ("staff_training", re.compile(r"\bremind|\breminder|\btraining\b|\btrain\b", re.I)),
    ("procedure_review", re.compile(
        r"\breview(?:s|ing)?\s+(?:of\s+)?(?:its|their|the|how|what)\s+(?:[\w']+\s+){0,4}?"
        r"(?:policy|policies|procedure|procedures|process|processes|practice|practices|guidance|arrangements)\b"
        r"|\b(?:update|amend|revise|change)s?\s+(?:its|their|the)\s+(?:[\w']+\s+){0,3}?"
        r"(?:policy|policies|procedure|procedures|process|guidance)\b|\baction plan\b|\bservice improvements?\b",
        re.I)),
    ("reassessment", re.compile(
        r"\bre-?assess|\bre-?consider|\bre-?calculat|\bre-?determin|\bre-?review|\bnew\s+assessment"
        r"|\bfresh\s+(?:assessment|decision|review)|\breview\s+(?:his|her|their)\s+\w+", re.I)),
)
_PAYMENT_VERB = re.compile(r"\bpay(?:s|ing|ment)?\b|\bcompensat|\bpaid\b", re.I)
_REFUND_VERB = re.compile(r"\brefund|\breimburs|\brepay", re.I)
_NOT_A_REMEDY_BEFORE = re.compile(
    r"\b(?:debt|arrears|invoice[sd]?|bills?|owe[sd]?|owing|fees?|costs?|charged|charges?|quote[sd]?|estimate[sd]?"
    r"|grants?|valued|claimed|claim(?:ing|s)?|asked\s+for|requested|already\s+(?:paid|offered)|had\s+(?:paid|offered)"
    r"|has\s+(?:paid|offered)|offered|written\s+off|waived|totalling|worth)\b[^£]{0,25}$",
    re.I,
)
_PURPOSES = (
    ("distress", re.compile(r"\bdistress|\buncertainty|\bfrustration|\banxiety|\bupset|\bharm\b", re.I)),
    ("time_and_trouble", re.compile(r"\btime\s+and\s+trouble", re.I)),
    ("lost_education", re.compile(r"\beducation|\bschooling|\btuition|\blost\s+provision|\bmissed\s+provision", re.I)),
    ("financial_loss", re.compile(
        r"\bfinancial\s+loss|\blost\s+(?:earnings|income|benefits?|wages)|\bloss\s+of\s+(?:earnings|income|benefits?)"
        r"|\bout\s+of\s+pocket|\bcosts?\s+(?:he|she|they)\s+(?:incurred|paid)", re.I)),
    ("refund_of_charges", re.compile(r"\bcharges?\b|\bfees?\b|\bcare\s+costs?\b|\binvoice", re.I)),
)
_NOT_AN_ACTION = re.compile(
    r"\bprovide\s+us\s+with\s+evidence\b.*\bcomplied\b|\bevidence\s+of\s+compliance\b|\bwe\s+will\s+(?:monitor|publish)",
    re.I,
)
_RECIPIENT_AFTER_VERB = re.compile(
    rf"\b(?:pay|refund|reimburse|repay)\s+(?:to\s+)?(?P<who>{PSEUDONYM})"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _people(text: str) -> list[str]:
    """Distinct pseudonyms in order, each joint form counted as its two people."""
    people: list[str] = []
    for joint in JOINT_RE.finditer(text):
        for title in (joint["t1"], joint["t2"]):
            people.append(f"{title} {joint['l']}")
    for person in PERSON_RE.finditer(text):
        people.append(f"{person['t']} {person['l']}")
    return list(dict.fromkeys(people))


def _recipient(text: str) -> str | None:
    match = _RECIPIENT_AFTER_VERB.search(text)
    if match:
        return re.sub(r"\s+", " ", match["who"]).replace("&", "and").rstrip(".")
    people = _people(text)
    return people[0] if people else None


def _purpose(window: str) -> str:
    hits = [(m.start(), name) for name, pattern in _PURPOSES if (m := pattern.search(window))]
    return min(hits)[1] if hits else "other"


def _remedy_money(text: str) -> list[Money]:
    """The £ amounts that are payments: not facts of the case, not a total beside its parts."""
    money = [m for m in find_money(text) if not _NOT_A_REMEDY_BEFORE.search(text[max(0, m.start - 60):m.start])]
    amounts = [m.amount for m in money]
    if len(money) >= 3:
        money = [m for m in money if abs(m.amount * 2 - sum(amounts)) > 0.005]
    return money


def _non_financial_kind(text: str) -> str | None:
    for kind, pattern in _NON_FINANCIAL_KINDS:
        if pattern.search(text):
            return kind
    return None


def is_action(text: str) -> bool:
    if _NOT_AN_ACTION.search(text):
        return False
    financial = (_PAYMENT_VERB.search(text) or _REFUND_VERB.search(text)) and _remedy_money(text)
    return bool(financial or _non_financial_kind(text))


def remedies_from_item(text: str, inherited_deadline: int | None, default_other: bool) -> list[Remedy]:
    """The remedies one item asks for: a payment per amount (per person for `each`), then the action."""
    deadline = deadline_days(text) or inherited_deadline
    remedies: list[Remedy] = []
    financial_kind = "refund" if _REFUND_VERB.search(text) else "payment"
    money = _remedy_money(text) if (_PAYMENT_VERB.search(text) or _REFUND_VERB.search(text)) else []
    for index, m in enumerate(money):
        window_end = money[index + 1].start if index + 1 < len(money) else len(text)
        purpose = _purpose(text[m.end:window_end]) if text[m.end:window_end].strip() else _purpose(text)
        if financial_kind == "refund" and purpose == "other":
            purpose = "refund_of_charges"
        people = _people(text) if m.each else []
        for recipient in (people if len(people) >= 2 else [_recipient(text)]):
            remedies.append(Remedy(kind=financial_kind, amount_gbp=m.amount, rate=m.rate, recipient=recipient,
                                   purpose=purpose, due_within_days=deadline, text=text))
    kind = _non_financial_kind(text)
    if kind or (not remedies and default_other):
        remedies.append(Remedy(kind=kind or "other", due_within_days=deadline, text=text))
    return remedies


def remedies_from_section(lines: list[str]) -> list[Remedy]:
    remedies: list[Remedy] = []
    group_deadline: int | None = None
    in_group = False
    parent: tuple[int, int] | None = None  # (index in remedies, indent) of an opener that is an action
    for item in split_items(lines):
        text = item.text
        if _NOT_AN_ACTION.search(text):
            continue
        if text.endswith(":"):
            group_deadline, in_group, parent = deadline_days(text), True, None
            if is_action(text):
                remedies.extend(remedies_from_item(text, None, default_other=True))
                parent = (len(remedies) - 1, item.indent)
            continue
        if parent and not is_action(text) and item.indent >= parent[1]:
            index = parent[0]
            remedies[index] = remedies[index].model_copy(update={"text": f"{remedies[index].text} {text}"})
            continue
        if in_group or is_action(text):
            remedies.extend(remedies_from_item(text, group_deadline, default_other=in_group))
    return remedies


def remedies_from_summary(summary: str) -> list[Remedy]:
    """Fallback when the body has no remedy section: each sentence of the summary that asks for action."""
    remedies: list[Remedy] = []
    for sentence in _SENTENCE.split(summary):
        if is_action(sentence):
            remedies.extend(remedies_from_item(sentence, None, default_other=False))
    return remedies


def payment_amounts(remedies: list[Remedy]) -> list[float]:
    return [r.amount_gbp for r in remedies if r.amount_gbp is not None]
