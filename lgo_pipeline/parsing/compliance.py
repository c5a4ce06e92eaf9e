"""When the Ombudsman recorded that the body had done what it agreed: older pages close with "Ombudsman satisfied
with council's response: 12 September 2017". The date, where a page states one; nothing is inferred."""

from __future__ import annotations

import datetime as dt
import re

from lgo_pipeline.parsing.header import parse_decision_date

_SATISFIED = re.compile(r"^\s*ombudsman\s+satisfied\s+with\s+(?:the\s+)?[\w&' -]{1,60}?\s*(?:re\w{0,3}ponse|actions?|remedy)"
                        r"\s*:?\s*(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4})", re.I | re.M)


def compliance_date(text: str) -> dt.date | None:
    if "atisfied with" not in text:  # the line's words, cheaply, before the pattern
        return None
    match = _SATISFIED.search(text)
    return parse_decision_date(match["date"]) if match else None
