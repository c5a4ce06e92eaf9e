"""One polite HTTP connection to the site: a request rate, robots.txt, retries with backoff, a circuit breaker.

Every request, retries included, waits its turn (default one a second), is logged through `on_request`, and
a 429 or 5xx, a timeout or a cut-off body is retried after the site's `Retry-After` or an exponential
backoff with full jitter. Failures in a row (those, and 401, 403 and 410 answers, and empty search shells
the crawler reports) open the circuit breaker (`FetchStopped`): the crawl stops cleanly instead of hammering a
site that is down or refusing us. Responses are read with a size cap and a total deadline, and must be HTML.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, metadata, version
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
# Answers that are not worth a retry but say the site is refusing us: several in a row stop the fetch.
REFUSING_STATUS = frozenset({401, 403, 410})
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def user_agent(contact: str | None = None) -> str:
    """Names the project, its version and where to read about it (the project's URL when the package states
    one), and the operator's contact when given (LGO_FETCH_CONTACT: an e-mail address or URL the site can
    write to)."""
    try:
        release = version("lgo-pipeline")
        urls = [value.partition(",")[2].strip() for value in metadata("lgo-pipeline").get_all("Project-URL") or []]
    except PackageNotFoundError:
        release, urls = "dev", []
    where = urls[0] if urls else "docs/fetching.md in the lgo-pipeline project"
    extra = f"; contact: {contact}" if contact else ""
    return (f"lgo-pipeline/{release} (open-source data warehouse of Ombudsman decisions; about this crawler: "
            f"{where}{extra})")


class FetchStopped(Exception):
    """The crawl cannot go on (repeated failures, a site asking for a long pause, robots.txt unreadable): why."""


@dataclass(frozen=True)
class Politeness:
    rate: float = 1.0  # requests a second, at most
    timeout: float = 30.0  # seconds to connect, and between bytes of a response
    attempts: int = 5  # tries of one URL before it is given up for this fetch
    backoff_base: float = 2.0  # seconds: the n-th retry waits a random time up to base * 2^n ...
    backoff_cap: float = 120.0  # ... and never longer than this
    longest_wait: float = 900.0  # a Retry-After beyond this stops the fetch rather than sleeping for hours
    failures_to_stop: int = 8  # failed attempts in a row (across URLs) that open the circuit breaker
    max_bytes: int = 5_000_000  # a decision page is tens of KB: a response larger than this is not one
    deadline: float = 120.0  # seconds for a whole response (the timeout bounds each read, not a trickle)

    def __post_init__(self) -> None:
        if not self.rate > 0:
            raise ValueError(f"rate must be a positive number of requests a second, not {self.rate}")


MAX_PUBLIC_RATE = 5.0  # requests a second: above it, a fetch is no longer what a careful citizen would do


def check_rate(rate: float, site_url: str) -> None:
    """A rate above MAX_PUBLIC_RATE is for a replica on this machine only."""
    if rate > MAX_PUBLIC_RATE and not is_local(site_url):
        raise ValueError(f"--rate {rate:g} is more than {MAX_PUBLIC_RATE:g} requests a second: too fast for "
                         f"{site_url} (faster rates are for a replica on this machine)")


def is_local(site_url: str) -> bool:
    """A replica on this machine (the tests'), not a site on the network."""
    return urlsplit(site_url).hostname in LOCAL_HOSTS


@dataclass(frozen=True)
class RequestRecord:
    """One request as the fetch log keeps it."""

    url: str
    status: int | None  # None: no response (timeout, connection error, cut-off body)
    bytes: int
    seconds: float
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Reply:
    url: str  # after redirects
    status: int
    content: bytes
    headers: httpx.Headers = field(repr=False)

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def refusal(self) -> str | None:
        """Why a reply is no use although the site answered (ours to say: not HTML, too large, off the site)."""
        return self.headers.get("x-lgo-pipeline")


def refused(url: str, why: str) -> Reply:
    """A reply we made up instead of the site's: status 0 and the reason (see `Reply.refusal`)."""
    return Reply(url, 0, b"", httpx.Headers({"x-lgo-pipeline": why}))


class PoliteClient:
    """GET with the site's manners. `sleep` and `clock` are injectable so the waiting can be tested."""

    def __init__(self, site_url: str, politeness: Politeness = Politeness(), contact: str | None = None,
                 on_request: Callable[[RequestRecord], None] = lambda record: None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 transport: httpx.BaseTransport | None = None):
        self.site_url = site_url
        self.politeness = politeness
        self.agent = user_agent(contact)
        self._on_request = on_request
        self._sleep, self._clock = sleep, clock
        self._interval = 1.0 / politeness.rate
        self._next_start = 0.0
        self._failures_in_a_row = 0
        self._robots: Protego | None = None
        self.requests = 0
        self.bytes = 0
        self._http = httpx.Client(
            headers={"User-Agent": self.agent, "Accept": "text/html,application/xhtml+xml"},
            timeout=httpx.Timeout(politeness.timeout), follow_redirects=False, transport=transport,
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # robots.txt -------------------------------------------------------------------------------------------

    def read_robots(self) -> Reply:
        """Read the site's robots.txt as RFC 9309 reads it (Protego: `*` and `$` in paths, the longest match
        wins, Allow beats an equal Disallow). A 4xx answer allows everything; a 429 or 5xx after the retries,
        or no answer, means "disallow everything for now": the fetch stops. A Crawl-delay longer than our
        interval slows us down to it."""
        url = urljoin(self.site_url + "/", "robots.txt")
        reply = self._get_following_redirects(url, {}, lambda content: True, check_robots=False, expect_html=False)
        if reply.status == 429 or reply.status >= 500 or reply.status < 200:
            raise FetchStopped(f"robots.txt at {url} cannot be read ({reply.refusal or reply.status}): RFC 9309 reads "
                               "that as 'disallow everything for now', so nothing is fetched; try again later")
        robots = Protego.parse("" if reply.status >= 400 else reply.content.decode("utf-8", "replace"))
        delay = robots.crawl_delay(self.agent)
        if delay:
            self._interval = max(self._interval, float(delay))
        self._robots = robots
        return reply

    def allowed(self, url: str) -> bool:
        return self._robots is None or self._robots.can_fetch(url, self.agent)

    # requests ---------------------------------------------------------------------------------------------

    def get(self, url: str, conditional: dict[str, str] | None = None,
            complete: Callable[[bytes], bool] = lambda content: True) -> Reply:
        """The site's reply to GET `url`, retried as the class says. `conditional`: If-None-Match /
        If-Modified-Since headers (a 304 comes back as it is). `complete` says whether a 200 body is whole.
        Raises FetchStopped when the breaker opens; a URL that fails every attempt comes back as the site's last
        answer, or as status 599 with the problem when there was none (a timeout, a body cut short); a 200 that
        is not HTML or is too large comes back `refused`."""
        if self._robots is None:
            self.read_robots()
        return self._get_following_redirects(url, conditional or {}, complete, check_robots=True, expect_html=True)

    def count_failure(self, problem: str, url: str) -> None:
        """A failure the crawler sees in a reply the client took for good (an empty search shell): toward the
        breaker like any other."""
        self._failures_in_a_row += 1
        if self._failures_in_a_row >= self.politeness.failures_to_stop:
            raise FetchStopped(f"{self._failures_in_a_row} requests in a row failed (last: {problem} from {url})")

    def _get_following_redirects(self, url: str, headers: dict[str, str], complete: Callable[[bytes], bool],
                                 check_robots: bool, expect_html: bool) -> Reply:
        for _ in range(6):
            if check_robots and not self.allowed(url):
                return Reply(url, 403, b"", httpx.Headers({"x-lgo-pipeline": "disallowed by robots.txt"}))
            reply = self._get_with_retries(url, headers, complete, expect_html)
            location = reply.headers.get("location")
            if reply.status not in (301, 302, 303, 307, 308) or not location:
                return reply
            target = urljoin(url, location)
            here, there = urlsplit(url), urlsplit(target)
            if there.netloc != urlsplit(self.site_url).netloc:
                return refused(url, f"redirected off the site to {target}")
            if here.scheme == "https" and there.scheme != "https":
                return refused(url, f"redirected from https to {there.scheme}: {target}")
            url = target
        return refused(url, "more than 5 redirects")

    def _get_with_retries(self, url: str, headers: dict[str, str], complete: Callable[[bytes], bool],
                          expect_html: bool) -> Reply:
        reply: Reply | None = None
        problem = ""
        for attempt in range(self.politeness.attempts):
            reply, problem, retry = self._get_once(url, headers, complete, expect_html)
            if not problem:
                self._failures_in_a_row = 0
                return reply
            self.count_failure(problem, url)
            if not retry:
                return reply
            if attempt + 1 < self.politeness.attempts:
                wait = self._retry_after(reply)
                if wait and wait > self.politeness.longest_wait:
                    raise FetchStopped(f"the site asks us to wait {wait:,.0f} s before asking again ({url})")
                if wait:
                    self._sleep(wait)
                else:
                    self.back_off(attempt)
        if reply is not None and reply.status not in (0, 200):
            return reply  # the site's own answer: 503, 429...
        return Reply(url, 599, b"", httpx.Headers({"x-lgo-pipeline": problem}))  # never a body cut short

    def back_off(self, attempt: int) -> None:
        """Wait before the (attempt + 1)-th retry: a random time up to base * 2^attempt (full jitter, capped)."""
        self._sleep(random.uniform(0, min(self.politeness.backoff_cap, self.politeness.backoff_base * 2 ** attempt)))

    def _get_once(self, url: str, headers: dict[str, str], complete: Callable[[bytes], bool],
                  expect_html: bool) -> tuple[Reply, str, bool]:
        """One request in its turn: the reply, what went wrong (empty when nothing did), and whether another
        try could help."""
        wait = self._next_start - self._clock()
        if wait > 0:
            self._sleep(wait)
        started = self._clock()
        self._next_start = started + self._interval
        self.requests += 1
        try:
            response, content, cut_short = self._read(url, headers, started)
        except httpx.TransportError as error:
            problem = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            self._on_request(RequestRecord(url, None, 0, self._clock() - started, error=problem))
            return Reply(url, 0, b"", httpx.Headers()), problem, True
        self.bytes += len(content)
        reply = Reply(str(response.url), response.status_code, content, response.headers)
        problem, retry = self._problem(reply, response.reason_phrase, cut_short, complete, expect_html)
        self._on_request(RequestRecord(url, reply.status, len(content), self._clock() - started, reply.etag,
                                       reply.last_modified, problem or None))
        if problem and not retry:
            reply = refused(url, problem) if reply.status == 200 else reply
        return reply, problem, retry

    def _read(self, url: str, headers: dict[str, str], started: float) -> tuple[httpx.Response, bytes, str]:
        """The response and its body, read up to the size cap and the deadline (what stopped it, if anything)."""
        chunks, size = [], 0
        with self._http.stream("GET", url, headers=headers) as response:
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > self.politeness.max_bytes:
                    return response, b"".join(chunks), f"larger than {self.politeness.max_bytes:,} bytes"
                if self._clock() - started > self.politeness.deadline:
                    return response, b"".join(chunks), f"not whole after {self.politeness.deadline:g} s"
        return response, b"".join(chunks), ""

    def _problem(self, reply: Reply, reason: str, cut_short: str, complete: Callable[[bytes], bool],
                 expect_html: bool) -> tuple[str, bool]:
        if reply.status in RETRYABLE_STATUS:
            return f"{reply.status} {reason}", True
        if reply.status in REFUSING_STATUS:
            return f"{reply.status} {reason}", False
        if reply.status != 200:
            return "", False
        if cut_short.startswith("larger"):
            return cut_short, False
        if cut_short:
            return cut_short, True
        content_type = reply.headers.get("content-type", "").split(";")[0].strip().lower()
        if expect_html and content_type not in ("text/html", "application/xhtml+xml"):
            return f"not an HTML page (Content-Type: {content_type or 'none'})", False
        if not complete(reply.content):
            return "incomplete response", True
        return "", False

    def _retry_after(self, reply: Reply | None) -> float | None:
        """Retry-After in seconds, given as seconds or as an HTTP date."""
        value = reply.headers.get("retry-after") if reply is not None else None
        if not value:
            return None
        if value.strip().isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())
