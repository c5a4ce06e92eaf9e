"""Remedies: what the body agreed, was asked or offered to do, read where the decision says it.

Sources, in order (`read_remedies`): the remedy sections (Agreed action, Recommendations, or an older
page's "To remedy the injustice caused, the council has agreed to:" list); else the summary, sentence by
sentence. When neither names a sum, sums come from the assessment (My assessment, Final decision) and,
where the Ombudsman accepts what the body already did ("the Council has provided a proportionate
response"), from the account of what it did. Prose repeats itself: a sum said in two sentences is one
payment. Which sums are remedies at all is `money_roles`' job.

A remedy section is a run of items. An item ending in ':' opens a group (`Within one month ... the
Council agrees to:`) whose deadline its children inherit; if the opener is itself an action (`agrees to
remind staff of:`) its children are the detail of that one remedy. Each payment becomes one remedy, so
`remedy_amounts_gbp` counts every payment once.
"""

from __future__ import annotations

import re

from collections import Counter

from lgo_pipeline.parsing.amounts import find_money, item_deadline
from lgo_pipeline.parsing.complainant import JOINT_RE, PERSON_RE, PSEUDONYM
from lgo_pipeline.parsing.money_roles import (
    existing_remedies, has_remedy_word, is_reported, kind_of, raises_an_offer, remedy_kind_before, remedy_money,
)
from lgo_pipeline.parsing.records import Remedy
from lgo_pipeline.parsing.sections import REMEDY_SECTIONS, Section, split_items

# The kinds as the real pages' conventions define them: reminding, instructing or sharing the decision with
# staff is staff_training; reviewing procedures or making service improvements is procedure_review (the truth's
# procedure_change); reconsidering a decision, a new assessment, review or investigation is reassessment.
_NON_FINANCIAL_KINDS = (
    ("apology", re.compile(r"\bapologi[sz]|\bapology\b|\bapologies\b", re.I)),
    ("staff_training", re.compile(
        r"\bremind|\breminder|\btraining\b|\btrain\b|\bensure\s+(?:that\s+)?(?:its\s+|all\s+)?(?:relevant\s+)?staff\b"
        r"|\binstruct\s+(?:its\s+|all\s+)?(?:staff|officers|bailiffs?|enforcement\s+agents?|contractors?|workers)\b"
        r"|\bshare\s+(?:the|this|our|my)\s+(?:final\s+)?(?:decision|findings|learning|statement)\s+with\b", re.I)),
    ("procedure_review", re.compile(
        r"\breview(?:s|ing)?\s+(?:of\s+)?(?:(?:its|their|the|how|what|relevant|all)\s+)?(?:[\w'-]+\s+){0,4}?"
        r"(?:policy|policies|procedure|procedures|process|processes|practice|practices|guidance|arrangements)\b"
        r"|\b(?:update|amend|revise|change)s?\s+(?:its|their|the)\s+(?:[\w'-]+\s+){0,3}?"
        r"(?:policy|policies|procedure|procedures|process|guidance)\b|\baction plan\b|\bservice improvements?\b"
        r"|\bprevent\s+(?:a\s+)?(?:recurrence|(?:this|it|the\s+fault)\s+(?:from\s+)?happening)"
        r"|\bimprove\s+(?:its|their)\s+(?:\w+\s+)?(?:procedures?|process(?:es)?|practices?|guidance)\b"
        r"|\bamend\s+(?:its|their)\s+(?:\w+\s+)?(?:literature|leaflets?|website|letters?|information)\b"
        r"|\bimplement\s+(?:the\s+|a\s+)?(?:new\s+)?(?:policy|procedure)\b|\baudit\b"
        r"|\breview\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:of\s+)?other\s+(?:families|cases|people|residents|tenants|children)\b"
        r"|\bwork\s+with\s+(?:[\w'-]+\s+){1,4}?to\s+ensure\b"
        r"|\bensure\s+(?:that\s+)?(?:its|the|their)\s+(?:[\w'-]+\s+){0,4}?(?:are|is)\s+(?:clear|transparent|correct|accurate)\b",
        re.I)),
    ("reassessment", re.compile(
        r"\bre-?assess|\bre-?consider|\bre-?calculat|\bre-?determin|\bre-?review|\bnew\s+assessment"
        r"|\b(?:fresh|new)\s+(?:assessment|decision|review|appeal|hearing|investigation)"
        r"|\breview\s+(?:his|her|their)\s+\w+|\breview\s+(?:its|the)\s+decision\b"
        r"|\bconsider\s+whether\s+to\s+exercise\b", re.I)),
)
# What the body can be asked to pay that the page may state a sum for elsewhere (`did not pay him a £10,000 small
# business grant` ... `agreed to pay the grant`).
_ENTITLEMENT = r"(?P<noun>grant|allowance|benefit|award|relief|deposit|bursary|reimbursement|arrears)"
# Payments and refunds asked for without a sum (`agreed to pay a symbolic financial remedy`, `refund the
# deposit`): the remedy is recorded, with no amount.
_UNSTATED_MONEY_KINDS = (
    ("payment", re.compile(
        r"\bsymbolic\s+(?:financial\s+)?(?:payment|remedy|sum)|\bfinancial\s+(?:remedy|redress)"
        r"|\b(?:(?:agreed|agrees|agree|offered|offers)\s+to|will|should|must)\s+(?:also\s+)?(?:make\s+an?\s+(?:\w+\s+)?payment"
        r"|pay\s+(?:\w+\s+){0,3}?(?:an?\s+)?(?:sum|payment|amount|remedy|compensation|backdated))\b"
        r"|\boffer\s+(?:\w+\s+)?an?\s+sum\b|\b(?:made|make|makes|making)\s+an?\s+(?:\w+\s+)?payment\b"
        r"|\bpay\s+(?:him|her|them|mr\s+\w+|mrs\s+\w+|ms\s+\w+|miss\s+\w+)\s+(?:\w+\s+){0,2}?interest\b"
        r"|\bpayment\s+to\s+(?:mr|mrs|ms|miss|him|her|them)\b|\bapology,\s+(?:\w+,\s+)*payment\b"
        r"|\breimburs(?:e|es|ing)\s+(?:him|her|them|mr\s+\w+|mrs\s+\w+|ms\s+\w+|miss\s+\w+)?\s*(?:for\s+)?(?:the|her|his|their)\b"
        rf"|\bpay\s+(?:(?:him|her|them|mr\s+\w+|mrs\s+\w+|ms\s+\w+|miss\s+\w+)\s+)?the\s+(?:[\w'-]+\s+){{0,3}}?{_ENTITLEMENT}\b",
        re.I)),
    # refunding what the body charged or took; reimbursing what the complainant spent is a payment (above)
    ("refund", re.compile(
        r"\b(?:(?:agreed|agrees|agree|offered|offers|offer)\s+to|will|should|must)\s+(?:also\s+)?(?:refund|repay)\b"
        r"|\b(?:refund|repay)(?:s|ing)?\s+(?:(?:him|her|them|mr\s+\w+|mrs\s+\w+|ms\s+\w+|miss\s+\w+)\s+)?"
        r"(?:the|her|his|their|its|any|all)\b(?!\s+£)", re.I)),
)
# An action named as what someone failed or refused to do is not a remedy (`failed to refund the deposit`).
_NEGATED_BEFORE = re.compile(
    r"\b(?:fail(?:ed|s|ing|ure)?\s+to|(?:did|does|do|has|have|had)\s+not|refus(?:al|ed|es|ing)\s+to|unable\s+to|"
    r"without|delay(?:ed|s)?\s+(?:in\s+)?|not)\s*(?:[\w'-]+\s+){0,3}$", re.I)
# Whether a remedy is one the body had already given before the decision (the Ombudsman's "satisfactory remedy
# provided by the authority") or one it agreed or was asked to give: said in the tense of its sentence.
_DONE = re.compile(
    r"\balready\b|\b(?:has|had|have)\s+(?:now\s+)?(?:apologi[sz]ed|paid|refunded|offered|made|provided|given|reviewed"
    r"|reminded|trained|re-?assessed|re-?calculated|re-?considered|removed|written\s+off|changed|updated|amended"
    r"|addressed|resolved|put)\b|\b(?:apologi[sz]ed|refunded)\b|\boffered\s+(?:him|her|them|mr|mrs|ms|miss)\b"
    r"|\bits\s+(?:\w+\s+)?(?:apology|apologies|offer|payment|refund|remedy)\b", re.I)
_TO_DO = re.compile(r"\b(?:will|should|must|recommend\w*)\b|(?<!already\s)\bagree[sd]?\s+to\b|\bagrees\b"
                    r"|\bwithin\s+(?:one|two|three|four|six|\d+)\b", re.I)
_ANY_KIND = re.compile("|".join(f"(?:{p.pattern})" for _, p in _NON_FINANCIAL_KINDS + _UNSTATED_MONEY_KINDS), re.I)
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
    r"\bprovide\s+us\s+with\s+evidence\b.*\bcomplied\b|\bevidence\s+of\s+compliance\b|\bwe\s+will\s+(?:monitor|publish)"
    r"|\bfault\s+in\s+(?:how|the\s+way)\b",  # a finding of what the body did wrong, not what it will do
    re.I,
)
_RECIPIENT_AFTER_VERB = re.compile(
    rf"\b(?:pay|pays|refund|reimburse|repay|offered|offers|awarded)\s+(?:to\s+)?(?P<who>{PSEUDONYM})"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_EACH_BEFORE = re.compile(r"\beach(?:\s+of\s+them)?\s*$", re.I)
# Where a decision records what the body did or agreed outside the remedy sections.
_ASSESSMENT_SECTIONS = frozenset({"my assessment", "our assessment", "assessment", "final decision", "decision",
                                  "conclusions"})
_ACCOUNT_SECTIONS = frozenset({
    "how i considered this complaint", "how we considered this complaint", "what i found", "what we found",
    "what happened", "analysis", "my findings", "findings",
})
_COMPLAINT_SECTION = frozenset({"the complaint"})
_ELSEWHERE = _ASSESSMENT_SECTIONS | _ACCOUNT_SECTIONS | _COMPLAINT_SECTION
# The Ombudsman accepts what the body has already done or offered as the remedy.
_ACCEPTED = re.compile(
    r"\b(?:has|had|have)\s+(?:already\s+)?(?:provided|given|offered|made)\s+(?:an?\s+)?(?:\w+\s+){0,2}?"
    r"(?:response|remedy|remedies|redress)\b"
    r"|\balready\s+(?:addressed|remedied|put\s+(?:this|things|it)\s+right|resolved|offered|provided)\b"
    r"|\bsatisfied\s+with\s+(?:the\s+|its\s+)?(?:actions?|response|remedy|steps|offer)\b"
    r"|\b(?:is|are|was|were|provides?|provided)\s+(?:an?\s+)?(?:satisfactory|suitable|appropriate|proportionate"
    r"|adequate|sufficient|reasonable)\s+(?:remedy|remedies|response|action|actions)\b"
    r"|\b(?:unlikely\s+to|could\s+not|would\s+not|cannot|can\s*not)\s+achieve\s+(?:anything\s+)?(?:more|further)\b"
    r"|\b(?:offer|remedy|remedies|apology|payment)\s+(?:is|was|are|were)\s+(?:an?\s+)?(?:appropriate|adequate"
    r"|sufficient|proportionate|suitable|satisfactory|enough)\b",
    re.I)
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
        return re.sub(r"\s+", " ", match["who"]).rstrip(".")
    people = _people(text)
    return people[0] if people else None


def _purpose(window: str) -> str:
    hits = [(m.start(), name) for name, pattern in _PURPOSES if (m := pattern.search(window))]
    return min(hits)[1] if hits else "other"


def _non_financial_kinds(text: str, kinds=_NON_FINANCIAL_KINDS) -> list[str]:
    """Every kind of non-financial action the text asks for, in order, conditions (`until ...`) aside."""
    return [kind for kind, _ in _kinds_at(text, kinds)]


def _kinds_at(text: str, kinds=_NON_FINANCIAL_KINDS) -> list[tuple[str, int]]:
    """(kind, where it is named) of every kind of action the text asks for, in order, conditions aside."""
    if not _ANY_KIND.search(text):  # one search rules out most sentences: they ask for nothing
        return []
    found = []
    for kind, pattern in kinds:
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 40):match.start()]
            if not (_SUBORDINATE_BEFORE.search(before) or _NEGATED_BEFORE.search(before)):
                found.append((match.start(), kind))
                break
    return [(kind, start) for start, kind in sorted(found)]


def already_given(text: str, at: int | None = None) -> bool:
    """The remedy's words say the body had already given it, not that it agreed or was asked to: in the clause
    around `at` (where the remedy is named) when given (`has already agreed to refund the fees and has now agreed
    to pay £500`: the refund was given before, the payment was not), else in the whole text."""
    words = _clause(text, at, _TENSE_CLAUSE_END) if at is not None else text
    return _DONE.search(words) is not None and _TO_DO.search(words) is None


def _as_given(remedies: list[Remedy]) -> list[Remedy]:
    return [r.model_copy(update={"already_provided": True}) for r in remedies]


def is_action(text: str) -> bool:
    """The item or sentence asks for (or records) a remedy; what the complainant says or wants does not."""
    if _NOT_AN_ACTION.search(text) or is_reported(text):
        return False
    financial = has_remedy_word(text) and remedy_money(text)
    return bool(financial or _non_financial_kinds(text, _UNSTATED_MONEY_KINDS + _NON_FINANCIAL_KINDS))


def _payments(text: str, money, deadline: int | None, lead: str | None, lead_kind: str | None) -> list[Remedy]:
    """A payment per sum (per person for `each`), with its kind, purpose and recipient."""
    remedies: list[Remedy] = []
    for index, m in enumerate(money):
        kind = kind_of(text, m, lead_kind)
        window_end = money[index + 1].start if index + 1 < len(money) else len(text)
        purpose = _purpose(text[m.end:window_end]) if text[m.end:window_end].strip() else _purpose(text)
        if kind == "refund" and purpose == "other":
            purpose = "refund_of_charges"
        each = m.each or _EACH_BEFORE.search(text[max(0, m.start - 20):m.start])
        people = _people(text) if each else []
        recipient = _recipient(text) or (_recipient(lead) if lead else None)
        for who in (people if len(people) >= 2 else [recipient]):
            remedies.append(Remedy(kind=kind, amount_gbp=m.amount, rate=m.rate, recipient=who, purpose=purpose,
                                   due_within_days=deadline, already_provided=already_given(text, m.start),
                                   text=text))
    return remedies


_CLAUSE_END = re.compile(r",\s|;|\band\b|\.\s")  # not the comma of £1,400
# Where the tense can change: a new verb after `and` (`has already agreed to refund ... and has now agreed to pay`),
# not the `and` of a name (`Mrs W and Mr Z`).
_TENSE_CLAUSE_END = re.compile(r";|\.\s|\band\s+(?=(?:has|have|had|now|will|would|should|must|also|it|they|we)\b)")


def _clause(text: str, at: int, ends: re.Pattern[str] = _CLAUSE_END) -> str:
    """The clause of `text` around position `at`: from the last comma, semicolon or `and` to the next."""
    start = max((m.end() for m in ends.finditer(text, 0, at)), default=0)
    end = next((m.start() for m in ends.finditer(text, at)), len(text))
    return text[start:end]


def remedies_from_item(text: str, inherited_deadline: int | None, default_other: bool,
                       lead: str | None = None) -> list[Remedy]:
    """The remedies one item asks for: a payment per amount (per person for `each`), then each other action.

    `lead` is the opener of a list whose entries are the amounts (`the Council will pay Mr Q:`): its verb
    and recipient apply to them.
    """
    deadline = item_deadline(text) or inherited_deadline
    lead_kind = remedy_kind_before(lead, len(lead)) if lead else None
    money = remedy_money(text, lead_kind) if has_remedy_word(text) or lead_kind else []
    remedies = _payments(text, money, deadline, lead, lead_kind)
    # a sum's kind is its own; money asked for without a sum, in a clause of its own, is a remedy of its own
    # (`make a payment of £100 and refund the difference`)
    paid = {remedy.kind for remedy in remedies}
    unstated = [kind for kind, pattern in _UNSTATED_MONEY_KINDS if kind not in paid
                and any("£" not in _clause(text, m.start()) for m in pattern.finditer(text))] if money else []
    kinds = [(kind, at) for kind, at in _kinds_at(text, _UNSTATED_MONEY_KINDS + _NON_FINANCIAL_KINDS)
             if not money or kind in unstated or kind not in {"payment", "refund"}]
    for kind, at in kinds or ([("other", None)] if not remedies and default_other else []):
        remedies.append(Remedy(kind=kind, due_within_days=deadline, already_provided=already_given(text, at),
                               text=text))
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
            elif has_remedy_word(text):
                lead = text
            continue
        if parent and not is_action(text) and item.indent >= parent[1]:
            index = parent[0]
            remedies[index] = remedies[index].model_copy(update={"text": f"{remedies[index].text} {text}"})
            continue
        if in_group or is_action(text):
            remedies.extend(remedies_from_item(text, group_deadline, default_other=in_group, lead=lead))
    return remedies


def _sentences(lines: list[str], containing: str = "") -> list[str]:
    """The sentences of a section's items; with `containing`, only those that hold it (cheaper)."""
    if containing and not any(containing in line for line in lines):
        return []
    return [sentence for item in split_items(lines) if containing in item.text
            for sentence in _SENTENCE.split(item.text) if containing in sentence]


def _once_each(per_sentence: list[list[Remedy]]) -> list[Remedy]:
    """Remedies of prose, each said once: a sum repeated in another sentence is the same payment (a sentence
    that names it twice, `£100 each`, pays it twice), and a kind of action is one action."""
    kept: list[Remedy] = []
    paid: Counter[float] = Counter()
    kinds: set[str] = set()
    for remedies in per_sentence:
        here = Counter(r.amount_gbp for r in remedies if r.amount_gbp is not None)
        for remedy in remedies:
            if remedy.amount_gbp is None:
                if remedy.kind not in kinds:
                    kinds.add(remedy.kind)
                    kept.append(remedy)
            elif paid[remedy.amount_gbp] < here[remedy.amount_gbp]:
                paid[remedy.amount_gbp] += 1
                kept.append(remedy)
    return kept


def remedies_from_prose(sentences: list[str]) -> list[Remedy]:
    """Each sentence that asks for (or records) action, said once; what the complainant says or wants is
    not a remedy, and an offer a later sentence raises (`increase this to £250`) is replaced by the new sum."""
    actions = [s for s in sentences if is_action(s)]
    per_sentence = [remedies_from_item(s, None, default_other=False) for s in actions]
    for index, sentence in enumerate(actions):
        if raises_an_offer(sentence):
            for earlier in per_sentence[:index]:
                earlier[:] = [r for r in earlier if r.amount_gbp is None or "offer" not in r.text.lower()]
    return _once_each(per_sentence)


def remedies_from_summary(summary: str) -> list[Remedy]:
    return remedies_from_prose(_SENTENCE.split(summary))


# Words without which _ACCEPTED cannot match: checked first, as most pages have none of them.
_ACCEPTED_HINTS = ("already", "atisf", "suitable", "appropriate", "proportionate", "adequate", "sufficient",
                   "reasonable", "achieve", "enough")


def _is_accepted(text: str) -> bool:
    return any(hint in text for hint in _ACCEPTED_HINTS) and _ACCEPTED.search(text) is not None


def _accepted(sections: list[Section], summary: str | None) -> bool:
    """The Ombudsman accepts what the body had already done or offered (the summary or the assessment says so)."""
    return _is_accepted(summary or "") or _is_accepted(" ".join(_lines_of(sections, _ASSESSMENT_SECTIONS)))


def _lines_of(sections: list[Section], headings: frozenset[str]) -> list[str]:
    return [line for s in sections if s.heading in headings for line in s.lines]


def _existing_payment(text: str, money) -> Remedy:
    kind = kind_of(text, money, None)
    return Remedy(kind=kind, amount_gbp=money.amount, rate=money.rate,
                  purpose="refund_of_charges" if kind == "refund" else "other", already_provided=True,
                  text=" ".join(text[money.start:money.end + 40].split()))


def _given_before(sections: list[Section], accepted: bool) -> list[Remedy]:
    """Where the Ombudsman accepts what the body had already done, the actions its account says it took
    (`The Council apologised for the delay`): remedies already provided."""
    if not accepted:
        return []
    assessment = _lines_of(sections, _ASSESSMENT_SECTIONS)
    sentences = [sentence for item in split_items(assessment + _lines_of(sections, _ACCOUNT_SECTIONS))
                 for sentence in _SENTENCE.split(item.text)]
    done = [s for s in sentences if already_given(s) and not is_reported(s) and is_action(s)]
    return _as_given([r for r in remedies_from_prose(done) if r.amount_gbp is None and r.kind != "other"])


_GIVEN_SUM = re.compile(r"\b(?:pa(?:y|ys|id|ying)|offer\w*|refund\w*|reimburs\w*|repa(?:y|id)\w*|award\w*|agree\w*"
                        r"|make|made|makes|provid\w*|giv(?:e|es|en|ing)|gave|settle\w*|recommend\w*|increas\w*)\b[^£]*£",
                        re.I)


def _payments_elsewhere(sections: list[Section], accepted: bool) -> list[Remedy]:
    """Sums the assessment records (`It has offered Miss Y £150`), and, where the Ombudsman accepts what the
    body did, sums the account of it names (`checked the Council has paid the £1.50`, `the £90 refund`)."""
    if not any("£" in line for line in _lines_of(sections, _ELSEWHERE)):
        return []
    assessment = _lines_of(sections, _ASSESSMENT_SECTIONS)
    # only sums are looked for here, and only sums the body gives (`it has offered Miss Y £150`): a sum that only
    # names a scheme or an entitlement (`the £500 test and trace support payment`) is a fact of the case
    sentences = [s for s in _sentences(assessment, containing="£") if _GIVEN_SUM.search(s)]
    account = _sentences(_lines_of(sections, _ACCOUNT_SECTIONS), containing="£")
    complaint = " ".join(line.strip() for line in _lines_of(sections, _COMPLAINT_SECTION))
    existing: list[Remedy] = []
    if (account or "£" in complaint) and accepted:
        sentences += account
        existing = [_existing_payment(complaint, m) for m in existing_remedies(complaint)]
    found = remedies_from_prose(sentences)
    return _once_each([[r for r in found if r.amount_gbp is not None], existing])


def read_remedies(sections: list[Section], summary: str | None) -> list[Remedy]:
    """The decision's remedies (see the module's docstring): the sums from the best source that has them; the
    kinds of action wherever the page states them (the remedy sections, the summary, and what the body had
    already done where the Ombudsman accepted it), each kind once."""
    section_lines = [line for s in sections if s.heading in REMEDY_SECTIONS for line in s.lines]
    remedies = remedies_from_section(section_lines) if section_lines else []
    from_summary = remedies_from_summary(summary) if summary else []
    if not remedies:
        remedies = from_summary
    accepted = _accepted(sections, summary)
    if not any(r.amount_gbp is not None for r in remedies) and (elsewhere := _payments_elsewhere(sections, accepted)):
        # The sums replace payments the summary named without one (`agreed to pay an additional remedy`).
        remedies = [r for r in remedies if r.kind not in {"payment", "refund"}] + elsewhere
    remedies = _with_amounts_named_elsewhere(remedies, sections, summary)
    return _with_kinds_from(remedies, from_summary + _given_before(sections, accepted))


_NAMED_PAYMENT = re.compile(rf"\bpay\s+(?:[\w'-]+\s+){{0,2}}?the\s+(?:[\w'-]+\s+){{0,3}}?{_ENTITLEMENT}\b", re.I)


def _with_amounts_named_elsewhere(remedies: list[Remedy], sections: list[Section], summary: str | None) -> list[Remedy]:
    """A payment of a named entitlement without its sum (`agreed to pay the grant`) takes the one sum the page
    gives that entitlement elsewhere (`did not pay him a £10,000 small business grant`)."""
    if any(r.amount_gbp is not None for r in remedies):
        return remedies
    page = " ".join([summary or "", *(line.strip() for s in sections for line in s.lines)])
    named = []
    for remedy in remedies:
        match = _NAMED_PAYMENT.search(remedy.text) if remedy.kind == "payment" and remedy.amount_gbp is None else None
        sums = {m.amount for m in find_money(page)
                if re.match(rf"[^.;£]{{0,40}}?\b{match['noun']}s?\b", page[m.end:], re.I)} if match else set()
        named.append(remedy.model_copy(update={"amount_gbp": sums.pop()}) if len(sums) == 1 else remedy)
    return named


def _with_kinds_from(remedies: list[Remedy], more: list[Remedy]) -> list[Remedy]:
    """`remedies` and, of `more`, the actions without a sum of a kind `remedies` lacks (a kind said twice is
    one action; a sum is never added twice)."""
    kinds = {r.kind for r in remedies}
    added = []
    for remedy in more:
        if remedy.amount_gbp is None and remedy.kind != "other" and remedy.kind not in kinds:
            kinds.add(remedy.kind)
            added.append(remedy)
    return remedies + added


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
