"""Which £ sums in a sentence or list item are remedies, read as a person reads them.

A sum is a remedy when the body pays, refunds or offers it, or is asked to: `pay Mr B £400`, `offered her
a £20 goodwill award`, `the agreed actions of £300`, `an additional £500, to the £500 it has already
offered` (both). It is not when it is
- a fact of the case: a debt, fee, invoice, bill, grant, quote, claim, waiver (`an invoice for nearly £700`);
- the basis of a calculation (`based on £1,500 per term`);
- what the complainant says, wants, claims or paid (`Mr X wants an apology and £400 compensation`,
  `the £5,250 she claims`);
- refused, delayed or not owed (`decision not to refund £14.90`, `does not have to repay the £50`,
  `delayed in refunding the fee of £67`);
- money paid in error (`a £50 refund that was given to the complainant in error`);
- a total stated beside its parts, or an offer the remedy replaced (`from £100 to £300`: only £300);
- a rate that explains a payment stated before it (`pay Miss X £3,500. This is £350 a month ...`).
"""

from __future__ import annotations

import re

from lgo_pipeline.parsing.amounts import Money, find_money
from lgo_pipeline.parsing.complainant import PSEUDONYM

# Words that make a sum a payment or a refund; the kind is the nearest before the sum.
_INCREASE = (r"increas(?:e|es|ed|ing)\s+(?:(?:its|the|this|that|his|her)\s+)?"
             r"(?:offer|payment|award|sum|amount|remedy|this|it)\b")
_PAY_WORDS = (r"pay(?:s|ing|ment|ments)?|paid|compensat\w*|offer(?:s|ed|ing)?|awards?|awarded|goodwill"
              rf"|settle[sd]?|agreed\s+actions?\s+of|{_INCREASE}")
_REFUND_WORDS = r"refund\w*|reimburs\w*|repay\w*|repaid"
_VERB = re.compile(rf"\b(?:(?P<refund>{_REFUND_WORDS})|(?P<pay>{_PAY_WORDS}))\b", re.I)
_REFUND_AFTER = re.compile(r"\s*(?:(?:to|as\s+an?)\s+)?(?:refund|reimburse|repay|reimbursement)\b", re.I)

# Facts of the case, by the words just before the sum, unless a remedy verb comes between (`charges and pay
# him £150` is a payment). Charges and fees are what a refund gives back, so they only disqualify a sum that
# is not refunded; a basis (`based on £1,500 per term`) is never a payment itself.
_FACT_WORDS = (r"debts?|arrears|invoice[sd]?|bills?|owe[sd]?|owing|quote[sd]?|estimate[sd]?|grants?|valued|claimed"
               r"|claim(?:ing|s)?|asked\s+for|requested|written\s+off|wrote\s+off|waive[sd]?|totalling|worth|spent"
               r"|overpayments?|reduce[sd]?\s+(?:\w+\s+){0,3}by|seeks?|sought")
_CHARGE_WORDS = r"fees?|costs?|charged|charges?"
_NO_VERB_BETWEEN = r"\b(?:(?!\b(?:pay|pays|paid|refund|refunds|reimburse|repay)\b)[^£]){0,25}$"
_FACT_BEFORE = re.compile(rf"\b(?:{_FACT_WORDS}){_NO_VERB_BETWEEN}", re.I)
_CHARGE_BEFORE = re.compile(rf"\b(?:{_CHARGE_WORDS}){_NO_VERB_BETWEEN}", re.I)
_BASIS_BEFORE = re.compile(r"\b(?:based\s+on|at\s+a\s+rate\s+of|calculated\s+(?:at|on)|equivalent\s+to)\s*$", re.I)
# `the £5,250 she claims`, `the £25 he paid`: the sum belongs to the complainant's account. What the
# complainant paid or spent is what a refund gives back (`refunded the £450 she paid`).
_AFTER_SUBJECT = rf"^\s*(?:that\s+|which\s+)?(?:he|she|they|{PSEUDONYM})\s+(?:says\s+|said\s+)?(?:had\s+|has\s+)?"
_CLAIMED_AFTER = re.compile(rf"{_AFTER_SUBJECT}(?:claims?|claimed|wants?|wanted|asked\s+for|requested|owes?|owed"
                            r"|is\s+owed)\b")
_PAID_AFTER = re.compile(rf"{_AFTER_SUBJECT}(?:paid|spent|incurred)\b")
# A sum the remedy replaced: `increase its offer from £100 to £300`.
_SUPERSEDED = re.compile(r"^\s*to\s*$")
_FROM_BEFORE = re.compile(r"\bfrom\s*$", re.I)
# The sentence tells what the complainant says, wants or did: its sums are not remedies.
_COMPLAINANT = rf"(?:{PSEUDONYM}|he|she|they|the\s+complainants?|(?:his|her|their)\s+(?:\w+\s+)?(?:representative|solicitor|son|daughter|mother|father|wife|husband|partner|advocate))"
_REPORTING = (r"(?:also\s+|further\s+|now\s+|then\s+|later\s+|still\s+|therefore\s+|had\s+|has\s+|have\s+|had\s+to\s+)*"
              r"(?:says?|said|complains?|complained|wants?|wanted|would\s+like|asks?|asked|believes?|believed"
              r"|considers?|considered|thinks?|thought|feels?|felt|claims?|claimed|disagrees?|disagreed|disputes?"
              r"|disputed|seeks?|sought|argues?|argued|expects?|expected|estimated|does\s+not\s+think"
              r"|did\s+not\s+think|pays?|paid|incurred|spent|owes?|owed|wish(?:es|ed)?|requests?|requested"
              r"|is\s+unhappy|was\s+unhappy)\b")
REPORTED_RE = re.compile(
    rf"^\W*(?:(?:however|but|and|also|so|instead),?\s+)?{_COMPLAINANT}(?:\s*,[^,]{{0,60}},)?(?:\s*[-–][^-–]{{0,60}}[-–])?"
    rf"\s+{_REPORTING}", re.I)
# The governing verb is negated, refused or delayed: `decision not to refund`, `failed to provide a refund`.
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|never|n't|no\s+longer|failed|fails|failing|failure|refused|refuses|refusing|refusal|declined"
    r"|declines|delayed|delays|delaying|delay|unable|without|instead\s+of|rather\s+than)"
    r"(?:\s+(?:to|in|be|been|have|has|had|need|needs|any|a|an|the|its|his|her|their|it|him|them|provide"
    r"|providing|make|making|give|giving|issue|issuing))*\s*$", re.I)
# Money given by mistake is not a remedy (`gave him a £50 refund in error`); money taken in error and
# refunded is (`refund the £200 it took in error`).
_PAID_IN_ERROR = re.compile(r"\b(?:gave|given|paid|refunded|sent|credited|made|issued)\b[^.;]{0,40}\bin\s+error\b", re.I)
_SENTENCE_END = re.compile(r"[.!?;]\s+")
# A sentence that explains a sum already stated (`This is £350 a month for the ten months`): not another payment.
_EXPLAINS = re.compile(r"^\W*(?:this|that|which|it)\s+(?:is|was|represents|equates\s+to|amounts\s+to|works\s+out\s+(?:at|as)"
                       r"|is\s+made\s+up\s+of)\b", re.I)


# `We recommended it increase this to £250`: the earlier offer is replaced, not added to.
_RAISES_AN_OFFER = re.compile(rf"\b{_INCREASE}[^.;£]{{0,40}}\bto\s+£", re.I)


def raises_an_offer(sentence: str) -> bool:
    return _RAISES_AN_OFFER.search(sentence) is not None


def sentence_around(text: str, position: int) -> tuple[int, int]:
    """(start, end) of the sentence or clause of `text` holding `position`."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, position):
        start = match.end()
    following = _SENTENCE_END.search(text, position)
    return start, following.start() + 1 if following else len(text)


def is_reported(sentence: str) -> bool:
    """The sentence tells what the complainant says, wants, claims or paid."""
    return bool(REPORTED_RE.match(sentence))


def remedy_kind_before(text: str, position: int) -> str | None:
    """`refund` or `payment`: the remedy word nearest before `position`."""
    verbs = list(_VERB.finditer(text, 0, position))
    if not verbs:
        return None
    return "refund" if verbs[-1]["refund"] else "payment"


def has_remedy_word(text: str) -> bool:
    return _VERB.search(text) is not None


def kind_of(text: str, money: Money, lead_kind: str | None) -> str:
    if _REFUND_AFTER.match(text, money.end):
        return "refund"
    return remedy_kind_before(text, money.start) or lead_kind or "payment"


def _negated(text: str, sentence_start: int, money: Money) -> bool:
    verbs = list(_VERB.finditer(text, sentence_start, money.start))
    anchor = verbs[-1].start() if verbs else money.start
    return bool(_NEGATED_BEFORE.search(text[max(sentence_start, anchor - 40):anchor]))


def _is_fact(text: str, money: Money, lead_kind: str | None) -> bool:
    before, after = text[max(0, money.start - 60):money.start], text[money.end:]
    if _FACT_BEFORE.search(before) or _BASIS_BEFORE.search(before) or _CLAIMED_AFTER.match(after):
        return True
    refunded = (remedy_kind_before(text, money.start) or lead_kind) == "refund"
    return not refunded and bool(_CHARGE_BEFORE.search(before) or _PAID_AFTER.match(after))


def remedy_money(text: str, lead_kind: str | None = None) -> list[Money]:
    """The £ sums of `text` that are remedies; `lead_kind` is the verb of a list's opener (`will pay Mr Q:`)."""
    found = find_money(text)
    money = []
    for index, m in enumerate(found):
        start, end = sentence_around(text, m.start)
        sentence = text[start:end]
        if is_reported(sentence) or _PAID_IN_ERROR.search(sentence) or _negated(text, start, m):
            continue
        if _EXPLAINS.match(sentence) and any(other.start < start for other in money):
            continue
        if _is_fact(text, m, lead_kind):
            continue
        later = found[index + 1] if index + 1 < len(found) else None
        if later and _SUPERSEDED.match(text[m.end:later.start]) and _FROM_BEFORE.search(text[:m.start]):
            continue
        money.append(m)
    parts = [m.amount * (2 if m.each else 1) for m in money]  # `£500 each` is (at least) two parts
    if len(parts) >= 2 and sum(m.each for m in money) + len(money) >= 3:
        # a total beside its parts (`£1,000 (£500 each)`): the sum of the others is not another payment
        money = [m for m in money if m.each or abs(m.amount * 2 - sum(parts)) > 0.005]
    return money


# A remedy the body already gave, named as such: `He does not think the £90 refund is sufficient`.
_EXISTING_REMEDY_AFTER = re.compile(
    r"^\s*(?:refund|reimbursement|payment|compensation|award|goodwill\s+(?:payment|award|gesture))\b", re.I)
_THE_BEFORE = re.compile(r"\bthe\s*$", re.I)


def existing_remedies(text: str) -> list[Money]:
    """Sums named as a remedy already given (`the £90 refund`), even where the complainant is speaking."""
    return [m for m in find_money(text)
            if _THE_BEFORE.search(text[max(0, m.start - 5):m.start]) and _EXISTING_REMEDY_AFTER.match(text[m.end:])]
