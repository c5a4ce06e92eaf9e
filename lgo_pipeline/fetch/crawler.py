"""Walk the site's search a month at a time, newest first, keep every result card, and store each decision
page (and its chapters) in the raw folder.

Incremental by default (from the latest decision date held, minus an overlap: pages appear weeks after the
decision and can be re-issued; months an earlier fetch found incomplete are walked again), resumable (a killed
fetch's session is picked up by the same command: months walked and pages checked in it are not asked for
again), conditional (pages held are asked for with their ETag / Last-Modified, and a 304 costs no download; a
page whose bytes changed but whose decision text did not, as per-request tokens make it, is not written again),
and atomic (a page reaches the raw folder whole or not at all). It fails loudly: a walk of past months in
which the search lists nothing at all is an error, never an empty success.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lgo_pipeline.fetch.client import FetchStopped, Politeness, PoliteClient, Reply
from lgo_pipeline.fetch.layout import FetchLayout
from lgo_pipeline.fetch.listing import Listing, read_listing
from lgo_pipeline.fetch.site import (DEFAULT_SITE_URL, EARLIEST_LISTED, DecisionPath, Window, decision_paths,
                                     month_window, month_windows, search_url)
from lgo_pipeline.fetch.state import FetchState, MonthRecord, Session
from lgo_pipeline.decoding import decode_bytes
from lgo_pipeline.parsing.html_text import html_to_text
from lgo_pipeline.publishing import writer_lock

# Pages are published at least six weeks after the decision and can be re-issued: an incremental fetch starts
# this long before the latest decision date already held.
OVERLAP = dt.timedelta(weeks=8)
SHELL_RETRIES = 3  # an empty search shell is asked for again this many times before the month is reported
PROGRESS_EVERY = 10.0  # seconds between progress lines
_MAX_RESULT_PAGES = 1000  # of one month: a month holds ~500 decisions, 50 pages; more means the paging is broken
# Past months walked with nothing listed at all, from which an empty walk is an error: a broken search, not news.
EMPTY_MONTHS_TO_FAIL = 3


@dataclass(frozen=True)
class FetchRequest:
    """What to fetch: every argument of `lgo-pipeline fetch`. A killed fetch is resumed by the same request."""

    site_url: str = DEFAULT_SITE_URL
    since: dt.date | None = None  # None: incremental (latest decision held minus OVERLAP, or EARLIEST_LISTED)
    until: dt.date | None = None  # None: today
    organisation: str = ""
    max_pages: int | None = None  # decision pages to ask for, at most (to try the fetch out)


@dataclass
class FetchTally:
    """What a fetch did, for the progress line, the final summary and the asset's metadata."""

    since: dt.date | None = None
    until: dt.date | None = None
    resumed: bool = False
    months: int = 0
    months_done: int = 0
    listing_pages: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    already_checked: int = 0  # pages checked earlier in the resumed session: not asked for again
    chapters: int = 0
    listed: int = 0  # decisions the site's counts said the months walked hold
    cards: int = 0  # cards read in those months (with their date, in the month)
    past_months: int = 0  # months walked that had ended before the fetch (a current month may be empty)
    gone: int = 0  # pages that answered 404 or 410 on three different days: not asked for again
    requests: int = 0
    bytes: int = 0
    seconds: float = 0.0
    failed_pages: list[str] = field(default_factory=list)
    incomplete_months: list[str] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)  # references listed with no link to their page anywhere
    stopped: str | None = None  # why the fetch stopped early (circuit breaker, robots.txt, --max-pages)
    nothing_listed: str | None = None  # the search listed no decision in any past month walked: what to check

    @property
    def pages(self) -> int:
        return self.new + self.changed + self.unchanged

    @property
    def complete(self) -> bool:
        return not (self.stopped or self.nothing_listed or self.failed_pages or self.incomplete_months
                    or self.unlinked)

    def summary(self) -> str:
        minutes = self.seconds / 60
        rate = f", {self.pages / minutes:,.1f} decision pages a minute" if minutes >= 0.05 else ""
        return (f"{self.pages:,} decision pages ({self.new:,} new, {self.changed:,} changed, {self.unchanged:,} "
                f"unchanged; {self.chapters:,} of them later chapters) from {self.listing_pages:,} result pages of "
                f"{self.months_done:,}/{self.months:,} months in {self.seconds:,.0f} s: {self.requests:,} requests, "
                f"{self.bytes / 1e6:,.1f} MB{rate}"
                + (f"; {self.already_checked:,} checked before the resume" if self.already_checked else "")
                + (f"; {self.gone:,} gone from the site (404 or 410 on three days)" if self.gone else ""))

    def metadata(self) -> dict:
        return {key: (str(value) if isinstance(value, dt.date) else value) for key, value in asdict(self).items()}

    @property
    def outcome(self) -> str:
        """complete | incomplete (months or pages the next fetch asks for again) | stopped (resumable) |
        nothing_listed (the site did not answer as expected)."""
        if self.nothing_listed:
            return "nothing_listed"
        return "stopped" if self.stopped else "complete" if self.complete else "incomplete"

    def report_lines(self, raw_dir: Path) -> list[str]:
        """What a person is told after a fetch, by `lgo-pipeline fetch` and `lgo-pipeline run --fetch` alike."""
        layout = FetchLayout(raw_dir)
        lines = [f"fetched     {self.summary()}", f"pages in    {layout.pages} (log and cards: {layout.database})"]
        if self.incomplete_months:
            lines.append(f"incomplete  {len(self.incomplete_months)} months not read whole (walked again by the next "
                         f"fetch), e.g. {self.incomplete_months[0]}")
        if self.failed_pages:
            lines.append(f"failed      {len(self.failed_pages)} pages (asked for again by the next fetch), e.g. "
                         f"{self.failed_pages[0]}")
        if self.unlinked:
            lines.append(f"unlinked    {len(self.unlinked)} decisions listed with no link to their page found, e.g. "
                         f"{self.unlinked[0]} (see fetch/listing.py)")
        if self.stopped:
            lines.append(f"stopped     {self.stopped}. Run the same command again to resume: months already walked and "
                         "pages already checked are not asked for again.")
        return lines


class _LimitReached(Exception):
    pass


def whole_html(content: bytes) -> bool:
    """A server-rendered page ends with </html>: a body cut off on the way does not."""
    return b"</html>" in content[-4096:].lower()


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def fetch_decisions(raw_dir: Path, request: FetchRequest, politeness: Politeness = Politeness(),
                    contact: str | None = None, progress: Callable[[str], None] = print,
                    progress_every: float = PROGRESS_EVERY) -> FetchTally:
    """Fetch what `request` asks for into `raw_dir`, with a progress line every `progress_every` seconds. One
    fetch per raw folder at a time (a lock file)."""
    layout = FetchLayout(raw_dir)
    layout.state_dir.mkdir(parents=True, exist_ok=True)
    with writer_lock.held(layout.lock, doing=f"fetching into {layout.pages}"):
        for leftover in layout.incoming.glob("*"):  # parts of a killed fetch's downloads
            leftover.unlink()
        state = FetchState(layout.database)
        try:
            return _Crawl(layout, state, request, politeness, contact, progress, progress_every).run()
        finally:
            state.close()


class _Crawl:
    def __init__(self, layout: FetchLayout, state: FetchState, request: FetchRequest, politeness: Politeness,
                 contact: str | None, progress: Callable[[str], None], progress_every: float):
        self.layout, self.state, self.request = layout, state, request
        self.politeness, self.contact, self.progress, self.progress_every = politeness, contact, progress, progress_every
        self.tally = FetchTally()
        self.session: Session | None = None
        self.client: PoliteClient | None = None
        self.page_requests = 0
        self.started = time.monotonic()
        self.last_progress = self.started
        self.window_label = ""
        self._months_done_before = 0
        self.failed_urls: set[str] = set()  # pages that failed in this fetch: not asked for twice
        self.gone: set[str] = set()  # pages that answered 404 or 410 on three different days

    def run(self) -> FetchTally:
        latest = self.state.latest_decision_date()
        since = self.request.since or (max(EARLIEST_LISTED, latest - OVERLAP) if latest else EARLIEST_LISTED)
        until = self.request.until or dt.date.today()
        if since > until:
            raise ValueError(f"nothing to fetch: --since {since} is after --until {until}")
        self.session = self.state.open_session(
            {"site": self.request.site_url, "since": self.request.since, "until": self.request.until,
             "organisation": self.request.organisation}, since, until)
        windows = month_windows(self.session.since, self.session.until)
        walking = {window.label for window in windows}
        for label in self.state.incomplete_months(self.request.site_url, self.request.organisation):
            if label not in walking:  # found incomplete by an earlier fetch: walked again, whatever the dates
                windows.append(month_window(label))
        self.tally.since, self.tally.until = self.session.since, self.session.until
        self.tally.resumed, self.tally.months = self.session.resumed, len(windows)
        self.progress(f"fetch: {'resuming' if self.session.resumed else 'walking'} {len(windows)} months of decisions "
                      f"{self.session.since} to {self.session.until} from {self.request.site_url} at up to "
                      f"{self.politeness.rate:g} requests a second")
        with PoliteClient(self.request.site_url, self.politeness, self.contact, on_request=self._logged) as self.client:
            try:
                self._walk_all(windows)
            except FetchStopped as stop:
                self.tally.stopped = str(stop)
            except _LimitReached:
                self.tally.stopped = f"--max-pages {self.request.max_pages} reached"
        self.tally.seconds = time.monotonic() - self.started
        if not self.tally.stopped:  # a stopped session stays open: the same command resumes it
            self.state.finish_session(self.session.session_id, "complete" if self.tally.complete else "incomplete")
        return self.tally

    def _logged(self, record) -> None:
        self.state.log_request(self.session.session_id, record)
        self.tally.requests, self.tally.bytes = self.client.requests, self.client.bytes
        if time.monotonic() - self.last_progress >= self.progress_every:
            self.last_progress = time.monotonic()
            self.progress(self._progress_line())

    def _progress_line(self) -> str:
        elapsed = time.monotonic() - self.started
        left = self.tally.months - self.tally.months_done
        walked = self.tally.months_done - self._months_done_before
        eta = f"ETA {_duration(elapsed / walked * left)}" if walked else "ETA after the first month"
        where = f"month {self.window_label}" if self.window_label else "before the first month"
        return (f"fetch: {where} ({self.tally.months_done:,}/{self.tally.months:,} done) · "
                f"{self.tally.pages:,} decision pages ({self.tally.new:,} new, {self.tally.changed:,} changed, "
                f"{self.tally.unchanged:,} unchanged) · {self.tally.requests:,} requests, "
                f"{self.tally.requests / elapsed:.2f}/s · {eta}")

    def _walk_all(self, windows: list[Window]) -> None:
        self.client.read_robots()
        probe = search_url(self.request.site_url, windows[0].first, windows[0].last, 1, self.request.organisation)
        if not self.client.allowed(probe):
            raise FetchStopped(f"robots.txt of {self.request.site_url} disallows the decision search for "
                               f"{self.client.agent.split(' ')[0]}: nothing is fetched")
        done_before = [w for w in windows if self.state.window_done(self.session.session_id, w.label)]
        self.tally.months_done = self._months_done_before = len(done_before)
        self.gone = self.state.gone_urls()
        walked = []
        for window in windows:
            if window not in done_before:
                self._walk(window)
                walked.append(window)
        self._fetch_pages_missed_before()
        self._fail_if_nothing_listed(walked)

    def _fail_if_nothing_listed(self, walked: list[Window]) -> None:
        """Past months in which the search listed nothing at all: a search that does not work, said as such."""
        if self.tally.past_months < EMPTY_MONTHS_TO_FAIL or self.tally.cards or self.tally.listed:
            return
        past = sorted(window.label for window in walked if window.last < _this_month())
        example = search_url(self.request.site_url, walked[-1].first, walked[-1].last, 1, self.request.organisation)
        whom = f" about organisations matching {self.request.organisation!r}" if self.request.organisation else ""
        self.tally.nothing_listed = (
            f"the search listed no decision{whom} in any of the {len(past)} past months walked ({past[0]} to "
            f"{past[-1]}), e.g. {example}: open that address in a browser; if it lists decisions, the site's search "
            "has changed (run `lgo-pipeline fetch --probe` and see docs/fetching.md, 'When the site changes')"
            + ("; if not, check the organisation's name as the site writes it" if whom else ""))

    def _fetch_pages_missed_before(self) -> None:
        """Pages listed by an earlier fetch that never arrived (they failed then), whatever months this fetch
        walks: a failure is asked for again by the next fetch, not only if its month comes round again."""
        for url, decision_date in self.state.cards_without_pages():
            found = decision_paths(url)
            if url in self.failed_urls or not found:
                continue
            page = found[0][1]
            self._fetch_page(page, decision_date.year if decision_date else 2000 + int(page.slug[:2]))

    def _walk(self, window: Window) -> None:
        """Every result page of one month, each followed by its decision pages; the month is recorded as walked
        in this session (and skipped on resume) when all its result pages were read, and as complete (not walked
        again by the next fetch) when they listed as many decisions as the site's count."""
        self.window_label = window.label
        seen: set[str] = set()
        total, page, outside = None, 0, 0
        while True:
            page += 1
            url = search_url(self.request.site_url, window.first, window.last, page, self.request.organisation)
            listing, problem = self._listing(url, page)
            if listing is None and not problem:  # a result page past the last: the month's end
                break
            if listing is None:
                self.tally.incomplete_months.append(f"{window.label}: {problem} ({url})")
                return
            self.tally.listing_pages += 1
            total = listing.total if listing.total is not None else total
            in_month = [card for card in listing.cards if window.first <= card.decision_date <= window.last]
            outside += len(listing.cards) - len(in_month)
            fresh = [card for card in in_month if card.reference not in seen]
            seen.update(card.reference for card in fresh)
            self.state.record_cards(self.request.site_url, fresh)
            for card in fresh:
                if card.page is None:
                    self.tally.unlinked.append(f"{card.reference} ({window.label}): listed, but no link to its page")
                else:
                    self._fetch_page(card.page, card.decision_date.year)
            # the count says when to stop; without one (a markup change), a page that lists nothing new does
            if not fresh or (total is not None and len(seen) >= total) or page >= _MAX_RESULT_PAGES:
                break
        self._month_walked(window, total, len(seen), outside, page)

    def _month_walked(self, window: Window, total: int | None, cards: int, outside: int, pages: int) -> None:
        complete = total is None or cards >= total
        if outside:
            self.progress(f"fetch: {window.label}: {outside:,} cards dated outside the month were not counted")
        if total is None:
            self.progress(f"fetch: {window.label}: the result count could not be read (has the page changed? see "
                          f"fetch/listing.py); {cards:,} decisions listed")
        elif not complete:
            self.tally.incomplete_months.append(
                f"{window.label}: the search said {total:,} decisions but its pages listed {cards:,} (walked again by "
                "the next fetch)")
        self.state.record_month(self.request.site_url, self.request.organisation,
                                MonthRecord(window.label, total, cards, complete))
        self.state.record_window(self.session.session_id, window.label, total, cards, pages)
        self.tally.months_done += 1
        self.tally.listed += total or 0
        self.tally.cards += cards
        self.tally.past_months += window.last < _this_month()

    def _listing(self, url: str, page: int) -> tuple[Listing | None, str]:
        """The result page; (None, "") past the last page (the site answers 404 there), (None, why) when it
        could not be read. Empty shells are asked for again, and count toward the circuit breaker."""
        for attempt in range(SHELL_RETRIES + 1):
            reply = self.client.get(url, complete=whole_html)
            if reply.status == 404 and page > 1:
                return None, ""
            if reply.status != 200:
                return None, f"result page answered {_status(reply)}"
            listing = read_listing(decode_bytes(reply.content).text or "")
            if not listing.is_empty_shell:
                return listing, ""
            self.client.count_failure("an empty search shell", url)
            if attempt < SHELL_RETRIES:
                self.client.back_off(attempt + 1)
        return None, (f"the search came back as an empty shell (no results and no count) {SHELL_RETRIES + 1} times; "
                      "not read as 'no decisions' (run `lgo-pipeline fetch --probe` to see what the site sends)")

    def _fetch_page(self, page: DecisionPath, year: int) -> None:
        url = self.request.site_url + page.path
        if url in self.gone:
            self.tally.gone += 1
            return
        held = self.state.held_page(url)
        if held and held.checked_session == self.session.session_id:
            self.tally.already_checked += 1
            return
        if self.request.max_pages is not None and self.page_requests >= self.request.max_pages:
            raise _LimitReached
        self.page_requests += 1
        held_file = self.layout.raw_dir / held.path if held else None
        have = held_file is not None and held_file.is_file()
        conditional = {name: value for name, value in (("If-None-Match", held.etag),
                                                       ("If-Modified-Since", held.last_modified))
                       if value} if have else {}
        reply = self.client.get(url, conditional, complete=whole_html)
        if reply.status == 304 and have:
            self.state.record_page_checked(url, self.session.session_id, reply.etag, reply.last_modified)
            self.tally.unchanged += 1
            content = held_file.read_bytes()
        elif reply.status == 200 and _mentions_reference(reply.content, page):
            content = reply.content
            self._store(page, year, reply, held, have)
        elif reply.status in (404, 410) and self.state.record_page_missing(url, reply.status):
            self.gone.add(url)
            self.tally.gone += 1
            return
        else:
            problem = _status(reply) if reply.status != 200 else "200 but the page does not mention its reference"
            self.tally.failed_pages.append(f"{url}: {problem}")
            self.failed_urls.add(url)
            return
        if page.chapter is None:
            for chapter in _later_chapters(content, page):
                self._fetch_page(chapter, year)
        else:
            self.tally.chapters += 1  # a later chapter held: counted among the pages, as the summary says

    def _store(self, page: DecisionPath, year: int, reply: Reply, held, have: bool) -> None:
        """Write the page into place whole, unless the decision it holds is the one held: the same text in other
        bytes (a form's per-request token) is not a new version, and the ingest would read it again for nothing."""
        sha = _sha256(reply.content)
        text_sha = _sha256(decision_text(reply.content).encode())
        target = self.layout.page_file(year, page.file_name())
        relative = str(target.relative_to(self.layout.raw_dir))
        url = self.request.site_url + page.path
        if have and (held.sha256 == sha or held.text_sha256 == text_sha):
            self.state.record_page_checked(url, self.session.session_id, reply.etag, reply.last_modified)
            self.tally.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        self.layout.incoming.mkdir(parents=True, exist_ok=True)
        part = self.layout.incoming / f"{page.file_name()}.{os.getpid()}.part"
        with open(part, "wb") as handle:
            handle.write(reply.content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, target)
        if held and held.path != relative:  # the card's date moved the page to another year's folder
            (self.layout.raw_dir / held.path).unlink(missing_ok=True)
        if have:
            self.tally.changed += 1
        else:
            self.tally.new += 1
        self.state.record_page(url, page.reference, page.chapter, relative, sha, len(reply.content), reply.etag,
                               reply.last_modified, self.session.session_id, text_sha)


def decision_text(content: bytes) -> str:
    """The decision as the parser reads it from the page: what "unchanged" is judged on."""
    return html_to_text(decode_bytes(content).text or "")


def _this_month() -> dt.date:
    """The first day of the current month: months that ended before it are past."""
    return dt.date.today().replace(day=1)


def _mentions_reference(content: bytes, page: DecisionPath) -> bool:
    """A decision page names its reference (`17 002 402`, with any spacing): a 200 that does not is an error
    page or a search shell, not the decision."""
    first, second, third = page.slug[:9].split("-")
    return re.search(rf"{first}\D{{0,12}}{second}\D{{0,12}}{third}".encode(), content) is not None


def _later_chapters(content: bytes, page: DecisionPath) -> list[DecisionPath]:
    """Chapters 2, 3, ... a report's page links to (the page itself is its first chapter)."""
    html = decode_bytes(content).text or ""
    chapters = {path.chapter for _, path in decision_paths(html)
                if path.slug == page.slug and path.chapter and path.chapter > 1}
    return [page.chapter_path(chapter) for chapter in sorted(chapters)]


def _status(reply: Reply) -> str:
    why = reply.refusal
    if reply.status == 0:
        return why or "no usable answer"
    return f"{reply.status}" + (f" ({why})" if why else "")


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes / 60:.1f} h"
