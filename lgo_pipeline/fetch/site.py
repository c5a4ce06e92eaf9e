"""What is known of the Ombudsman's site: its addresses, the decision paths, the search's parameters.

This is where a change of the site's URLs would be fixed (the markup of result cards is read in `listing`,
decision pages by the parser's `html_text`). Each assumption is held to public evidence, listed with its
source in docs/fetching.md ("What we know of the site, and from where").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

DEFAULT_SITE_URL = "https://www.lgo.org.uk"
# The first month a full fetch walks. Most decisions are of complaints received since April 2013, but the site
# also holds older ones (a real page of 2012 is among the fixtures; a public crawler walks from 2010): an empty
# month costs one request.
EARLIEST_LISTED = dt.date(2010, 1, 1)
SEARCH_PATH = "/Decisions/SearchResults"
# Closed after initial enquiries, not upheld, upheld: every published outcome, as a public crawler sends it
# (`dc=c%2Bnu%2Bu%2B`). The plus signs belong to the value: sent raw, a server reads each as a space.
DECISION_CODES = "c+nu+u+"
# /decisions/<category>/<sub-category>/<NN-NNN-NNN[letter]>[?chapter=N], wherever it appears in the raw HTML
# (an href, a data attribute, an onclick): result cards are not always plain anchors.
DECISION_PATH = re.compile(  # `\\/decisions\\/...` inside a script's JSON is unescaped before matching
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
    """Every decision path in `html` with its position, in order (repeats included): in an href, a data
    attribute, or JSON-escaped in a script (`\\/decisions\\/housing\\/...`)."""
    unescaped = html.replace("\\/", "/")
    return [(m.start(), DecisionPath(m["category"].lower(), m["sub"].lower(), m["ref"].lower(),
                                     int(m["chapter"]) if m["chapter"] else None))
            for m in DECISION_PATH.finditer(unescaped)]


def normalised_site_url(site_url: str) -> str:
    """`https://www.lgo.org.uk/` -> `https://www.lgo.org.uk`; anything that is not an http(s) address is refused."""
    parts = urlsplit(site_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"site URL must be an http(s) address such as {DEFAULT_SITE_URL}, not {site_url!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def search_url(site_url: str, first: dt.date, last: dt.date, page: int, organisation: str = "") -> str:
    """The search for decisions dated `first`..`last` (always both: an open-ended search has come back empty),
    newest first. Every value percent-encoded (`dc`'s plus signs as %2B); dates zero-padded ISO, as the
    public crawlers send them."""
    query = {"aname": organisation, "dc": DECISION_CODES, "fd": first.isoformat(), "td": last.isoformat(),
             "sortOrder": "descending", "page": page}
    # quote, not urlencode's default quote_plus: a space as %20, never as `+`, the character that is ambiguous
    return f"{site_url}{SEARCH_PATH}?{urlencode(query, quote_via=quote)}"


@dataclass(frozen=True)
class Window:
    """One calendar month of decisions: walking a month at a time keeps every search's pagination short."""

    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:
        return self.first.strftime("%Y-%m")


def month_window(label: str) -> Window:
    """The whole month `2024-03`."""
    year, month = map(int, label.split("-"))
    return Window(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))


def month_windows(since: dt.date, until: dt.date) -> list[Window]:
    """The calendar months from `since` to `until` (both included), newest first, clipped to the two dates:
    a first try with --max-pages gets recent decisions, and an interrupted first fetch holds the latest years."""
    windows = []
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        first = max(dt.date(year, month, 1), since)
        last = min(dt.date(year, month, calendar.monthrange(year, month)[1]), until)
        windows.append(Window(first, last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return windows[::-1]
