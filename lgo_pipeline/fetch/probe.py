"""`lgo-pipeline fetch --probe`: three requests that show whether the site still answers as the fetch expects.

robots.txt, one search of the last complete month, and the first decision page it lists: what each answered,
what was read from it (the count, the cards and how many of each card field were filled, the page's parsed
fields), and what is missing. The raw bytes of all three are kept under the fetch folder, so a user can
attach them to a bug report: when the site changes, this is the evidence to change the code by.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from lgo_pipeline.fetch.client import FetchStopped, Politeness, PoliteClient, Reply
from lgo_pipeline.fetch.crawler import whole_html
from lgo_pipeline.fetch.layout import FetchLayout
from lgo_pipeline.fetch.listing import Card, Listing, read_listing
from lgo_pipeline.fetch.site import month_window, search_url
from lgo_pipeline.decoding import decode_bytes
from lgo_pipeline.parsing.documents import parse_document

_CARD_FIELDS = ("organisation", "document_type", "outcome", "category_sub", "decision_date", "summary", "page")


@dataclass
class ProbeReport:
    kept_in: Path  # the folder holding the three replies' bytes
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def probe_site(raw_dir: Path, site_url: str, politeness: Politeness = Politeness(), contact: str | None = None,
               today: dt.date | None = None) -> ProbeReport:
    """Ask robots.txt, the search of the month before `today`'s, and the first page it lists; report."""
    today = today or dt.date.today()
    report = ProbeReport(FetchLayout(raw_dir).state_dir / "probe" / dt.datetime.now().strftime("%Y%m%dT%H%M%S"))
    report.kept_in.mkdir(parents=True, exist_ok=True)
    with PoliteClient(site_url, politeness, contact) as client:
        try:
            robots = client.read_robots()
        except FetchStopped as stopped:
            report.problems.append(str(stopped))
            return report
        _keep(report, "robots.txt", robots)
        report.lines.append(f"robots.txt  {robots.status} ({len(robots.content):,} bytes)")
        month = month_window((today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m"))
        url = search_url(site_url, month.first, month.last, 1)
        if not client.allowed(url):
            report.problems.append(f"robots.txt disallows the search {url}")
            return report
        listing = _probe_search(report, client.get(url, complete=whole_html), url)
        card = next((card for card in listing.cards if card.page is not None), None) if listing else None
        if card is not None:
            page_url = site_url + card.page.path
            _probe_page(report, client.get(page_url, complete=whole_html), page_url, card)
        elif listing is not None:
            report.problems.append("no card of the search links its decision page: no page to probe")
    return report


def _probe_search(report: ProbeReport, reply: Reply, url: str) -> Listing | None:
    _keep(report, "search.html", reply)
    report.lines.append(f"search      {reply.status} {url} ({len(reply.content):,} bytes)")
    if reply.status != 200:
        report.problems.append(f"the search answered {reply.refusal or reply.status}")
        return None
    listing = read_listing(decode_bytes(reply.content).text or "")
    cards = len(listing.cards)
    report.lines.append(f"  count     {listing.total if listing.total is not None else 'not found'}"
                        f"{' (an empty search shell: no count and no cards)' if listing.is_empty_shell else ''}")
    report.lines.append(f"  cards     {cards} on the first result page")
    for name in _CARD_FIELDS:
        filled = sum(getattr(card, name) is not None for card in listing.cards)
        report.lines.append(f"    {name:<14} {filled}/{cards} filled")
        if cards and not filled:
            report.problems.append(f"no card has its {name.replace('_', ' ')} (see fetch/listing.py)")
    if listing.total is None:
        report.problems.append("the result count ('Your search has N results') was not found")
    if not cards:
        report.problems.append("the search listed no decision for a whole past month")
    return listing


def _probe_page(report: ProbeReport, reply: Reply, url: str, card: Card) -> None:
    _keep(report, "page.html", reply)
    validators = ", ".join(name for name, value in (("ETag", reply.etag), ("Last-Modified", reply.last_modified))
                           if value) or "none"
    report.lines.append(f"page        {reply.status} {url} ({len(reply.content):,} bytes; validators: {validators})")
    if reply.status != 200:
        report.problems.append(f"the decision page answered {reply.refusal or reply.status}")
        return
    decoded = decode_bytes(reply.content)
    year = card.decision_date.year if card.decision_date else 2000 + int(card.reference[:2])
    record = parse_document(decoded.text, decoded.encoding, f"lgo.org.uk/{year}/{card.page.file_name()}")
    if not record.ok:
        report.problems.append(f"the decision page was not read as a decision: {record.error}")
        return
    for name in ("reference", "organisation", "category", "outcome", "decision_date", "complainant", "summary"):
        value = getattr(record, name)
        shown = "(none)" if value is None else (str(value)[:77] + "..." if len(str(value)) > 80 else str(value))
        report.lines.append(f"  {name:<14} {shown}")
    report.lines.append(f"  remedies       {len(record.remedies)} ({len(record.remedy_amounts_gbp)} payments)")
    if record.reference != card.reference:
        report.problems.append(f"the page's reference {record.reference} is not its card's {card.reference}")
    if record.summary is None and record.category is None and record.outcome is None:
        report.problems.append("the page gave neither a summary nor any header field (see parsing/html_text.py)")


def _keep(report: ProbeReport, name: str, reply: Reply) -> None:
    (report.kept_in / name).write_bytes(reply.content)
