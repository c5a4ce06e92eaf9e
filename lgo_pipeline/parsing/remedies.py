"""Remedies from the Agreed action / Actions / Recommendations sections, or from the summary.

A remedy section is a run of items. An item ending in ':' opens a group (`Within one month ... the
Council agrees to:`) whose deadline its children inherit; if the opener is itself an action (`agrees to
remind staff of:`) its children are the detail of that one remedy. Each payment becomes one remedy, so
`remedy_amounts_gbp` counts every payment once: a total stated beside its parts is dropped, and £ sums that
are facts of the case (debts, fees, invoices) are not payments.
"""

from __future__ import annotations

import re

from lgo_pipeline.parsing.amounts import Money, find_money, item_deadline
from lgo_pipeline.parsing.complainant import JOINT_RE, PERSON_RE, PSEUDONYM
from lgo_pipeline.parsing.records import Remedy
from lgo_pipeline.parsing.sections import split_items

_NON_FINANCIAL_KINDS = (
    ("apology", re.compile(r"\bapologi[sz]|\bapology\b|\bapologies\b", re.I)),
    ("staff_training", re.compile(r"\bremind|\breminder|\btraining\b|\btrain\b", re.I)),
    ("procedure_review", re.compile(
        r"\breview(?:s|ing)?\s+(?:of\s+)?(?:its|their|the|how|what)\s+(?:[\w'-]+\s+){0,4}?"
        r"(?:policy|policies|procedure|procedures|process|processes|practice|practices|guidance|arrangements)\b"
        r"|\b(?:update|amend|revise|change)s?\s+(?:its|their|the)\s+(?:[\w'-]+\s+){0,3}?"
        r"(?:policy|policies|procedure|procedures|process|guidance)\b|\baction plan\b|\bservice improvements?\b",
        re.I)),
    ("reassessment", re.compile(
        r"\bre-?assess|\bre-?consider|\bre-?calculat|\bre-?determin|\bre-?review|\bnew\s+assessment"
        r"|\bfresh\s+(?:assessment|decision|review)|\breview\s+(?:his|her|their)\s+\w+", re.I)),
)
_PAYMENT_VERB = re.compile(r"\bpay(?:s|ing|ment)?\b|\bcompensat|\bpaid\b", re.I)
_REFUND_VERB = re.compile(r"\brefund|\breimburs|\brepay", re.I)
# £ sums that are facts of the case, by the words just before them, unless a remedy verb comes between
# (`charges and pay him £150` is a payment). Charges and fees are what a refund gives back, so they only
# disqualify an amount that is not refunded; a basis (`based on £1,500 per term`) is never a payment itself.
_FACT_WORDS = (r"debts?|arrears|invoice[sd]?|bills?|owe[sd]?|owing|quote[sd]?|estimate[sd]?|grants?|valued|claimed"
               r"|claim(?:ing|s)?|asked\s+for|requested|already\s+(?:paid|offered)|had\s+(?:paid|offered)"
               r"|has\s+(?:paid|offered)|offered|written\s+off|wrote\s+off|waived?|totalling|worth|spent")
_CHARGE_WORDS = r"fees?|costs?|charged|charges?"
_NO_VERB_BETWEEN = r"\b(?:(?!\b(?:pay|pays|paid|refund|refunds|reimburse|repay)\b)[^£]){0,25}$"
_FACT_BEFORE = re.compile(rf"\b(?:{_FACT_WORDS}){_NO_VERB_BETWEEN}", re.I)
_CHARGE_BEFORE = re.compile(rf"\b(?:{_CHARGE_WORDS}){_NO_VERB_BETWEEN}", re.I)
_BASIS_BEFORE = re.compile(r"\b(?:based\s+on|at\s+a\s+rate\s+of|calculated\s+(?:at|on)|equivalent\s+to)\s*$", re.I)
_REFUND_AFTER = re.compile(r"\s*(?:to|as\s+an?)\s+(?:refund|reimburse|repay|reimbursement)", re.I)
_EACH_BEFORE = re.compile(r"\beach(?:\s+of\s+them)?\s*$", re.I)
_VERB = re.compile(r"\b(?P<refund>refund|reimburse|repay)\w*|\b(?P<pay>pay(?:s|ing|ment)?|paid|compensat\w*)\b", re.I)
_PURPOSES = (
    ("distress", re.compile(r"\bdistress|\buncertainty|\bfrustration|\banxiety|\bupset|\bharm\b", re.I)),
    ("time_and_trouble", re.compile(r"\btime\s+and\s+trouble", re.I)),
    ("lost_education", re.compile(r"\beducation|\bschooling|\btuition|\blost\s+provision|\bmissed\s+provision", re.I)),
    ("financial_loss", re.compile(
        r"\bfinancial\s+loss|\blost\s+(?:earnings|income|benefits?|wages)|\bloss\s+of\s+(?:earnings|income|benefits?)"
        r"|\bout\s+of\s+pocket|\b(?:costs?|fares?|expenses)\s+(?:he|she|they)\s+(?:incurred|paid|had)"
        r"|\bfares\b|\bexpenses\b|\bstorage\b", re.I)),
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
# An action mentioned as a condition of another (`until it completes a new assessment`) is not a remedy.
_SUBORDINATE_BEFORE = re.compile(r"\b(?:until|after|once|when|pending|following|before)\b[^.;]{0,25}$", re.I)


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


def verb_before(text: str, position: int) -> str | None:
    """`refund` or `payment`: the remedy verb nearest before `position`."""
    verbs = list(_VERB.finditer(text, 0, position))
    if not verbs:
        return None
    return "refund" if verbs[-1]["refund"] else "payment"


def _remedy_money(text: str, lead_verb: str | None = None) -> list[Money]:
    """The £ amounts that are payments: not facts of the case, not a basis, not a total beside its parts."""
    money = []
    for m in find_money(text):
        before = text[max(0, m.start - 60):m.start]
        if _FACT_BEFORE.search(before) or _BASIS_BEFORE.search(before):
            continue
        if _CHARGE_BEFORE.search(before) and (verb_before(text, m.start) or lead_verb) != "refund":
            continue
        money.append(m)
    amounts = [m.amount for m in money]
    if len(money) >= 3:
        money = [m for m in money if abs(m.amount * 2 - sum(amounts)) > 0.005]
    return money


def _non_financial_kinds(text: str) -> list[str]:
    """Every kind of non-financial action the text asks for, in order, conditions (`until ...`) aside."""
    found = []
    for kind, pattern in _NON_FINANCIAL_KINDS:
        for match in pattern.finditer(text):
            if not _SUBORDINATE_BEFORE.search(text[max(0, match.start() - 40):match.start()]):
                found.append((match.start(), kind))
                break
    return [kind for _, kind in sorted(found)]


def is_action(text: str) -> bool:
    if _NOT_AN_ACTION.search(text):
        return False
    financial = (_PAYMENT_VERB.search(text) or _REFUND_VERB.search(text)) and _remedy_money(text)
    return bool(financial or _non_financial_kinds(text))


def remedies_from_item(text: str, inherited_deadline: int | None, default_other: bool,
                       lead: str | None = None) -> list[Remedy]:
    """The remedies one item asks for: a payment per amount (per person for `each`), then each other action.

    `lead` is the opener of a list whose entries are the amounts (`the Council will pay Mr Q:`): its verb
    and recipient apply to them.
    """
    deadline = item_deadline(text) or inherited_deadline
    lead_verb = verb_before(lead, len(lead)) if lead else None
    remedies: list[Remedy] = []
    has_verb = _PAYMENT_VERB.search(text) or _REFUND_VERB.search(text) or lead_verb
    money = _remedy_money(text, lead_verb) if has_verb else []
    for index, m in enumerate(money):
        kind = "refund" if _REFUND_AFTER.match(text, m.end) else verb_before(text, m.start) or lead_verb or "payment"
        window_end = money[index + 1].start if index + 1 < len(money) else len(text)
        purpose = _purpose(text[m.end:window_end]) if text[m.end:window_end].strip() else _purpose(text)
        if kind == "refund" and purpose == "other":
            purpose = "refund_of_charges"
        each = m.each or _EACH_BEFORE.search(text[max(0, m.start - 20):m.start])
        people = _people(text) if each else []
        recipient = _recipient(text) or (_recipient(lead) if lead else None)
        for who in (people if len(people) >= 2 else [recipient]):
            remedies.append(Remedy(kind=kind, amount_gbp=m.amount, rate=m.rate, recipient=who,
                                   purpose=purpose, due_within_days=deadline, text=text))
    kinds = _non_financial_kinds(text)
    for kind in kinds or (["other"] if not remedies and default_other else []):
        remedies.append(Remedy(kind=kind, due_within_days=deadline, text=text))
    return remedies


def remedies_from_section(lines: list[str]) -> list[Remedy]:
    remedies: list[Remedy] = []
    group_deadline: int | None = None
    in_group = False
    lead: str | None = None  # an opener that pays (`will pay Mr Q:`): its entries are the amounts
    parent: tuple[int, int] | None = None  # (index in remedies, indent) of an opener that is an action
    for item in split_items(lines):
        text = item.text
        if _NOT_AN_ACTION.search(text):
            continue
        if text.endswith(":"):
            group_deadline, in_group, parent, lead = item_deadline(text), True, None, None
            if is_action(text):
                remedies.extend(remedies_from_item(text, None, default_other=True))
                parent = (len(remedies) - 1, item.indent)
            elif _PAYMENT_VERB.search(text) or _REFUND_VERB.search(text):
                lead = text
            continue
        if parent and not is_action(text) and item.indent >= parent[1]:
            index = parent[0]
            remedies[index] = remedies[index].model_copy(update={"text": f"{remedies[index].text} {text}"})
            continue
        if in_group or is_action(text):
            remedies.extend(remedies_from_item(text, group_deadline, default_other=in_group, lead=lead))
    return remedies


def remedies_from_summary(summary: str) -> list[Remedy]:
    """Fallback when the body has no remedy section: each sentence of the summary that asks for action."""
    remedies: list[Remedy] = []
    for sentence in _SENTENCE.split(summary):
        if is_action(sentence):
            remedies.extend(remedies_from_item(sentence, None, default_other=False))
    return remedies


def purposes_from_summary(remedies: list[Remedy], summary: str | None) -> list[Remedy]:
    """A payment whose own words give no purpose takes the purpose the summary gives the same amount."""
    if not summary:
        return remedies
    said = {m.amount: _purpose(summary[m.end:m.end + 120]) for m in find_money(summary)}
    return [
        r.model_copy(update={"purpose": said[r.amount_gbp]})
        if r.amount_gbp is not None and r.purpose == "other" and said.get(r.amount_gbp, "other") != "other" else r
        for r in remedies
    ]


def payment_amounts(remedies: list[Remedy]) -> list[float]:
    return [r.amount_gbp for r in remedies if r.amount_gbp is not None]
