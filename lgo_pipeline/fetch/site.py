"""What is known of the Ombudsman's site: its addresses, the decision paths, the search's parameters.

This is where a change of the site's URLs would be fixed (the markup of result cards is read in `listing`,
decision pages by the parser's `html_text`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

DEFAULT_SITE_URL = "https://www.lgo.org.uk"
# Decisions are published for complaints received since April 2013: the first month a full fetch walks.
FIRST_PUBLISHED = dt.date(2013, 4, 1)
SEARCH_PATH = "/Decisions/SearchResults"
# Closed after initial enquiries, not upheld, upheld: every published outcome (as the site's own search sends it).
DECISION_CODES = "c+nu+u+"

CATEGORY_SLUGS = (
    "adult-care-services", "benefits-and-tax", "children-s-care-services", "education", "environment-and-regulation",
    "health", "housing", "other-categories", "planning", "transport-and-highways",
)
# /decisions/<category>/<sub-category>/<NN-NNN-NNN[letter]>[?chapter=N], wherever it appears in the raw HTML
# (an href, a data attribute, an onclick): result cards are not always plain anchors.
DECISION_PATH = re.compile(
    r"/decisions/(?P<category>[a-z0-9-]+)/(?P<sub>[a-z0-9-]+)/(?P<ref>\d{2}-\d{3}-\d{3}[a-z]?)"
    r"(?:(?:\?|&amp;|&)chapter=(?P<chapter>\d+))?(?![\w-])", re.I)


@dataclass(frozen=True)
class DecisionPath:
    """A decision page's address on the site."""

    category: str
    sub_category: str
    slug: str  # 17-002-402b
    chapter: int | None = None

    @property
    def reference(self) -> str:
        """The reference as the pages write it: 17 002 402b."""
        return self.slug.replace("-", " ")

    @property
    def path(self) -> str:
        base = f"/decisions/{self.category}/{self.sub_category}/{self.slug}"
        return base if self.chapter is None else f"{base}?chapter={self.chapter}"

    def chapter_path(self, chapter: int) -> DecisionPath:
        return DecisionPath(self.category, self.sub_category, self.slug, chapter)

    def file_name(self) -> str:
        """`17-002-402b.html`, a later chapter `17-002-402b.chapter-2.html` (the parser reads the chapter from it)."""
        return f"{self.slug}.html" if self.chapter is None else f"{self.slug}.chapter-{self.chapter}.html"


def decision_paths(html: str) -> list[tuple[int, DecisionPath]]:
    """Every decision path in `html` with its position, in order (repeats included)."""
    return [(m.start(), DecisionPath(m["category"].lower(), m["sub"].lower(), m["ref"].lower(),
                                     int(m["chapter"]) if m["chapter"] else None))
            for m in DECISION_PATH.finditer(html)]


def normalised_site_url(site_url: str) -> str:
    """`https://www.lgo.org.uk/` -> `https://www.lgo.org.uk`; anything that is not an http(s) address is refused."""
    parts = urlsplit(site_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"site URL must be an http(s) address such as {DEFAULT_SITE_URL}, not {site_url!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def search_url(site_url: str, first: dt.date, last: dt.date, page: int, organisation: str = "") -> str:
    """The search for decisions dated `first`..`last` (always both: an open-ended search has come back empty),
    newest first. Dates unpadded, as the site's own form sends them."""
    return (f"{site_url}{SEARCH_PATH}?aname={quote(organisation)}&dc={DECISION_CODES}"
            f"&fd={first.year}-{first.month}-{first.day}&td={last.year}-{last.month}-{last.day}"
            f"&sortOrder=descending&page={page}")


@dataclass(frozen=True)
class Window:
    """One calendar month of decisions: walking a month at a time keeps every search's pagination short."""

    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:
        return self.first.strftime("%Y-%m")


def month_windows(since: dt.date, until: dt.date) -> list[Window]:
    """The calendar months from `since` to `until` (both included), oldest first, clipped to the two dates."""
    windows = []
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        first = max(dt.date(year, month, 1), since)
        last = min(dt.date(year, month, calendar.monthrange(year, month)[1]), until)
        windows.append(Window(first, last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return windows
