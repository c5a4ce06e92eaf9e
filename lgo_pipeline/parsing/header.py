"""The header of a decision: title line (organisation and reference), Category, Decision, Decision date.

Real pages drop header lines, run them together, or put banner text before the title; every field is
found independently and a missing one is None (the caller turns that into a warning).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_REF = r"(\d{2})[ \-]?(\d{3})[ \-]?(\d{3})"
REFERENCE_RE = re.compile(rf"(?<!\d){_REF}(?!\d)")
TITLE_RE = re.compile(rf"^\s*(?P<org>\S.*?)\s*\(\s*{_REF}\s*\)")
_LABEL_STOP = r"(?=\s*\b(?:Category|Decision(?:\s*date)?)\s*:|$)"
CATEGORY_RE = re.compile(rf"\bCategory\s*:\s*(?P<v>.+?){_LABEL_STOP}", re.I | re.M)
DECISION_RE = re.compile(rf"\bDecision\s*:\s*(?P<v>.+?){_LABEL_STOP}", re.I | re.M)
DATE_RE = re.compile(rf"\bDecision\s*date\s*:\s*(?P<v>.+?){_LABEL_STOP}", re.I | re.M)
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%B-%Y", "%d/%m/%Y", "%Y-%m-%d")


@dataclass(frozen=True)
class Title:
    organisation: str
    reference: str
    line_index: int
    rest_of_line: str  # header fields sometimes follow the title on the same line


def normalise_reference(text: str) -> str | None:
    """`22 001 239`, `22-001-239` and `22001239` are one case: return the spaced form."""
    match = REFERENCE_RE.search(text)
    return " ".join(match.groups()) if match else None


def find_title(lines: list[str]) -> Title | None:
    """The first line shaped `<Organisation> (<YY NNN NNN>)`."""
    for index, line in enumerate(lines):
        match = TITLE_RE.match(line)
        if match:
            organisation = re.sub(r"\s+", " ", match.group("org")).strip(" -:")
            if organisation:
                return Title(organisation, " ".join(match.groups()[1:4]), index, line[match.end():])
    return None


def _field(pattern: re.Pattern[str], header_text: str) -> str | None:
    match = pattern.search(header_text)
    if not match:
        return None
    value = re.sub(r"\s+", " ", match.group("v")).strip(" .")
    return value or None


def parse_header_fields(header_text: str) -> tuple[str | None, str | None, str | None]:
    """(category, outcome, decision date text) from the text between the title and the body."""
    return _field(CATEGORY_RE, header_text), _field(DECISION_RE, header_text), _field(DATE_RE, header_text)


def parse_decision_date(value: str) -> dt.date | None:
    """`03 Jul 2023` (pages), `03-Jul-2023` (listings) and a few other spellings."""
    cleaned = re.sub(r"\s+", " ", value.strip().rstrip("."))
    cleaned = re.sub(r"\b(Sept)\b", "Sep", cleaned, flags=re.I)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None
