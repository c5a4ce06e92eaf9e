"""A page of search results: how many decisions the search found, and the card of each.

A card is the text of one result: a title line `Organisation (NN NNN NNN)`, then the document type
(Statement or Report), the outcome, the sub-category and the date as `DD-Mon-YYYY` (each on its own line, or
all in one paragraph: `Statement Upheld Homelessness 27-Apr-2026`), then `Summary: ...`. Cards are found in
the page's text after the result count, by that shape, not by their markup; a card's link to its page is
found anywhere in the raw HTML by the reference (an anchor, a data attribute, a JSON-escaped path in a
script). A line shaped like a title with no date after it (a list of recent decisions beside the results) is
not a result. This is where a change of the results' markup would be fixed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lgo_pipeline.fetch.site import DecisionPath, decision_paths
from lgo_pipeline.normalise.outcomes import canonical_outcome
from lgo_pipeline.parsing.html_text import fragment_to_text

_RESULT_COUNT = re.compile(r"Your\s+search\s+has\s+([\d,]+)\s+results?", re.I)
_CARD_TITLE = re.compile(r"^(?:(?P<organisation>.*?)\s*\(\s*)?(?P<ref>\d{2} \d{3} \d{3}[a-z]?)(?(organisation)\s*\))\s*$",
                         re.I)
_CARD_DATE = re.compile(r"\b(\d{1,2})-([A-Za-z]{3})-(\d{4})\b")
# `Statement Upheld Homelessness 27-Apr-2026 Summary: ...`: the meta as one paragraph
_ONE_LINE_META = re.compile(r"^(?:(?P<type>statement|report)\s+)?(?P<middle>.+?)\s+(?P<date>\d{1,2}-[A-Za-z]{3}-\d{4})"
                            r"(?:\s+summary\s*:\s*(?P<summary>.*))?$", re.I)
_DOCUMENT_TYPE = re.compile(r"^(statement|report)$", re.I)
_SUMMARY_LABEL = re.compile(r"^summary\s*:\s*", re.I)
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_LONGEST_LABEL = 80  # a sub-category label is short; a longer line is prose


@dataclass(frozen=True)
class Card:
    """What the search results say about one decision."""

    reference: str  # 17 002 402b
    page: DecisionPath | None  # None: the card's link to its page was found nowhere in the HTML
    organisation: str | None
    document_type: str | None  # Statement | Report, as written
    outcome: str | None
    category_sub: str | None
    decision_date: dt.date | None
    summary: str | None


@dataclass(frozen=True)
class Listing:
    total: int | None  # "Your search has N results"; None when the page does not say
    cards: list[Card]

    @property
    def is_empty_shell(self) -> bool:
        """The search page without its results: served to automated clients at times. Never read as "no
        decisions": only a stated count of 0 means that."""
        return self.total is None and not self.cards


def read_listing(html: str) -> Listing:
    lines = [line.lstrip("•·*–- ").strip() for line in fragment_to_text(html).splitlines()]  # list bullets off
    total, first = None, 0
    for index, line in enumerate(lines):
        if count := _RESULT_COUNT.search(line):
            total, first = int(count[1].replace(",", "")), index + 1
            break
    links = {path.slug: path for _, path in decision_paths(html) if path.chapter is None}
    return Listing(total, _cards(lines[first:], links))


def _cards(lines: list[str], links: dict[str, DecisionPath]) -> list[Card]:
    """A card from each title line to the next; only cards with a date are results, each reference once."""
    starts = [(index, match) for index, line in enumerate(lines) if (match := _CARD_TITLE.match(line))]
    cards, seen = [], set()
    for number, (index, title) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        reference = title["ref"].lower()
        card = _card(reference, links.get(reference.replace(" ", "-")), (title["organisation"] or "").strip() or None,
                     lines[index + 1:end])
        if card.decision_date is not None and reference not in seen:
            seen.add(reference)
            cards.append(card)
    return cards


def _card(reference: str, page: DecisionPath | None, organisation: str | None, lines: list[str]) -> Card:
    summary = document_type = outcome = category_sub = None
    decision_date = None
    for index, line in enumerate(lines):
        if _SUMMARY_LABEL.match(line):  # the label's own line, or the next when it stands alone
            summary = _SUMMARY_LABEL.sub("", line) or next(iter(lines[index + 1:index + 2]), None)
            break
        if decision_date is None and (meta := _ONE_LINE_META.match(line)) and (split := _outcome_and_sub(meta["middle"])):
            document_type = (meta["type"] or "").capitalize() or document_type
            outcome, category_sub = split
            decision_date = _card_date(meta["date"])
            summary = (meta["summary"] or "").strip() or None
            if summary:
                break
        elif decision_date is None and (date := _card_date(line)):
            decision_date = date
        elif document_type is None and _DOCUMENT_TYPE.match(line):
            document_type = line.capitalize()
        elif outcome is None and canonical_outcome(line) != "unknown":
            outcome = line
        elif category_sub is None and line and len(line) <= _LONGEST_LABEL:
            category_sub = line
    return Card(reference, page, organisation, document_type, outcome, category_sub, decision_date, summary)


def _outcome_and_sub(middle: str) -> tuple[str, str] | None:
    """`Closed after initial enquiries Parking and other penalties` -> the outcome and the sub-category: the
    shortest run of leading words that reads as an outcome, the rest."""
    words = middle.split()
    for count in range(1, len(words)):
        outcome = " ".join(words[:count])
        if canonical_outcome(outcome) != "unknown":
            return outcome, " ".join(words[count:])
    return None


def _card_date(line: str) -> dt.date | None:
    match = _CARD_DATE.search(line)
    month = _MONTHS.get(match[2].lower()) if match else None
    if not month:
        return None
    try:
        return dt.date(int(match[3]), month, int(match[1]))
    except ValueError:
        return None
