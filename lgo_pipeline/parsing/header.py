"""The header of a decision: title line (organisation and reference), Category, Decision, Decision date.

Real pages drop header lines, run them together, or put banner text before the title; every field is
found independently and a missing one is None (the caller turns that into a warning).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# ASCII digits only: Python's \d also matches other scripts' digits (`２２ ００１ ２３９`), which would become
# references that the warehouse cannot read as numbers.
# A few cases carry a letter after the number (`/decisions/health/other/17-002-402b`): a case of its own.
_REF = r"([0-9]{2})[ \-]?([0-9]{3})[ \-]?([0-9]{3})([A-Za-z](?![A-Za-z0-9]))?"
REFERENCE_RE = re.compile(rf"(?<![0-9]){_REF}(?![0-9])")
TITLE_RE = re.compile(rf"^\s*(?P<org>\S.*?)\s*\(\s*{_REF}\s*\)")
_LABEL_STOP = r"(?=\s*\b(?:Category|Decision(?:\s*date)?)\s*:|$)"
CATEGORY_RE = re.compile(rf"\bCategory\s*:\s*(?P<v>.+?){_LABEL_STOP}", re.I | re.M)
DECISION_RE = re.compile(rf"\bDecision\s*:\s*(?P<v>.+?){_LABEL_STOP}", re.I | re.M)
DATE_RE = re.compile(rf"\bDecision\s*date\s*:\s*(?P<v>.+?){_LABEL_STOP}", re.I | re.M)
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)} | {
    name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)} | {"sept": 9}
_NAMED_MONTH_DATE = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?P<sep>[ -])(?P<month>[A-Za-z]+)(?P=sep)(?P<year>\d{4})", re.I)
_NUMERIC_DATE = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")
_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")


@dataclass(frozen=True)
class Title:
    organisation: str
    reference: str
    line_index: int
    rest_of_line: str  # header fields sometimes follow the title on the same line


def _spaced(year: str, first: str, second: str, letter: str | None) -> str:
    return f"{year} {first} {second}{(letter or '').lower()}"


def normalise_reference(text: str) -> str | None:
    """`22 001 239`, `22-001-239` and `22001239` are one case: return the spaced form (`17 002 402b` keeps
    its letter, lower case)."""
    match = REFERENCE_RE.search(text)
    return _spaced(*match.groups()) if match else None


def find_title(lines: list[str]) -> Title | None:
    """The first line shaped `<Organisation> (<YY NNN NNN>)`."""
    for index, line in enumerate(lines):
        match = TITLE_RE.match(line)
        if match:
            organisation = re.sub(r"\s+", " ", match.group("org")).strip(" -:")
            if organisation:
                return Title(organisation, _spaced(*match.groups()[1:5]), index, line[match.end():])
    return None


_LABEL_ALONE = re.compile(r"^\s*(?P<label>Category|Decision\s*date|Decision)\s*:\s*$", re.I)


def join_split_header_pairs(lines: list[str]) -> list[str]:
    """`Category :` / `Top` / `>` / `Sub` / `Decision :` / `Upheld` (label and value as separate elements, as
    text extracted from the site's markup has them) -> `Category : Top > Sub` / `Decision : Upheld`."""
    if not any(line.endswith(":") and _LABEL_ALONE.match(line) for line in lines):
        return lines  # most pages: the pairs are on one line each
    joined: list[str] = []
    index = 0
    while index < len(lines):
        label = _LABEL_ALONE.match(lines[index]) if lines[index].endswith(":") else None
        value_at = _next_filled(lines, index + 1) if label else None
        if not label or value_at is None or _LABEL_ALONE.match(lines[value_at]):
            joined.append(lines[index])
            index += 1
            continue
        value, index = lines[value_at].strip(), value_at + 1
        while label["label"].lower() == "category" and (sign := _next_filled(lines, index)) is not None and (
                lines[sign].strip() == ">" or value.endswith(">") or lines[sign].lstrip().startswith("> ")):
            part = lines[sign].strip()
            following = _next_filled(lines, sign + 1) if part == ">" else None
            value = f"{value} {part}" + (f" {lines[following].strip()}" if following is not None else "")
            index = (following if following is not None else sign) + 1
        joined.append(f"{label['label']} : {value}")
    return joined


def _next_filled(lines: list[str], start: int) -> int | None:
    """The index of the first non-blank line from `start`."""
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


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
    """`03 Jul 2023` (pages), `03-Jul-2023` (listings), `3rd July 2023`, `03/07/2023`, `2023-07-03`.

    Read with regular expressions and a month table rather than `strptime` (several times slower, and it
    follows the machine's locale)."""
    cleaned = " ".join(value.split()).rstrip(".").strip()
    if match := _NAMED_MONTH_DATE.fullmatch(cleaned):
        day, month, year = match["day"], _MONTHS.get(match["month"].lower()), match["year"]
    elif match := _NUMERIC_DATE.fullmatch(cleaned):
        day, month, year = match["day"], int(match["month"]), match["year"]
    elif match := _ISO_DATE.fullmatch(cleaned):
        day, month, year = match["day"], int(match["month"]), match["year"]
    else:
        return None
    try:
        return dt.date(int(year), month, int(day)) if month else None
    except ValueError:  # 31 June, month 13
        return None
