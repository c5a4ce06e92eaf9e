"""A page of search results: how many decisions the search found, and the card of each.

A card holds `Organisation (NN NNN NNN)` linking to the decision page, the document type (Statement or
Report), the outcome, the sub-category, the date as `DD-Mon-YYYY`, and `Summary: ...`. The fields are
recognised by their shape, not their position or markup, and cards are found by the decision paths in the
raw HTML (card links are not always anchors): this is where a change of the results' markup would be fixed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lgo_pipeline.fetch.site import DecisionPath, decision_paths
from lgo_pipeline.normalise.outcomes import canonical_outcome
from lgo_pipeline.parsing.html_text import fragment_to_text

_RESULT_COUNT = re.compile(r"Your\s+search\s+has\s+([\d,]+)\s+results?", re.I)
_CARD_DATE = re.compile(r"\b(\d{1,2})-([A-Za-z]{3})-(\d{4})\b")
_DOCUMENT_TYPE = re.compile(r"^(statement|report)$", re.I)
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_LONGEST_LABEL = 80  # a sub-category label is short; a longer line is prose


@dataclass(frozen=True)
class Card:
    """What the search results say about one decision."""

    page: DecisionPath
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
    count = _RESULT_COUNT.search(" ".join(fragment_to_text(html).split()))
    return Listing(int(count[1].replace(",", "")) if count else None, _cards(html))


def _cards(html: str) -> list[Card]:
    """A card from each run of one decision's path to the next decision's (a card may link its page twice)."""
    starts: list[tuple[int, DecisionPath]] = []
    for position, path in decision_paths(html):
        if path.chapter is None and (not starts or starts[-1][1] != path):
            starts.append((position, path))
    cards, seen = [], set()
    for index, (position, path) in enumerate(starts):
        following = starts[index + 1][0] if index + 1 < len(starts) else len(html)
        end = max(html.rfind("<", position, following), position) if following < len(html) else following
        if path.slug in seen:  # the same decision listed twice on a page: its first card
            continue
        seen.add(path.slug)
        tag_end = html.find(">", position)  # the path sits in a tag's attribute: the card's text follows it
        cards.append(_card(path, html[tag_end + 1 if 0 <= tag_end < end else position:end]))
    return cards


def _card(page: DecisionPath, fragment: str) -> Card:
    lines = [line.lstrip("•·*–- ").strip() for line in fragment_to_text(fragment).splitlines()]  # list bullets off
    organisation = summary = document_type = outcome = category_sub = None
    decision_date = None
    for index, line in enumerate(lines):
        if organisation is None and f"({page.reference})" in line.lower():
            organisation = line[:line.lower().index(f"({page.reference})")].strip() or None
        elif line.lower().startswith("summary:"):  # the label's own line, or the next when it stands alone
            summary = line[len("summary:"):].strip() or next(iter(lines[index + 1:index + 2]), None)
            break
        elif decision_date is None and (date := _card_date(line)):
            decision_date = date
        elif document_type is None and _DOCUMENT_TYPE.match(line):
            document_type = line.capitalize()
        elif outcome is None and canonical_outcome(line) != "unknown":
            outcome = line
        elif category_sub is None and len(line) <= _LONGEST_LABEL and organisation is not None:
            category_sub = line
    return Card(page, organisation, document_type, outcome, category_sub, decision_date, summary)


def _card_date(line: str) -> dt.date | None:
    match = _CARD_DATE.search(line)
    month = _MONTHS.get(match[2].lower()) if match else None
    if not month:
        return None
    try:
        return dt.date(int(match[3]), month, int(match[1]))
    except ValueError:
        return None

