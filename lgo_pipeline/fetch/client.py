"""One polite HTTP connection to the site: a request rate, robots.txt, retries with backoff, a circuit breaker.

Every request, retries included, waits its turn (default one a second), is logged through `on_request`, and
a 429 or 5xx, a timeout or a cut-off body is retried after the site's `Retry-After` or an exponential
backoff with full jitter. Failures in a row open the circuit breaker (`FetchStopped`): the crawl stops
cleanly instead of hammering a site that is down or refusing us.
"""

from __future__ import annotations

import email.utils
import random
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import httpx

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


def user_agent(contact: str | None = None) -> str:
    """Names the project, its version and where to read about it, and the operator's contact when given
    (LGO_FETCH_CONTACT: an e-mail address or URL the site can write to)."""
    try:
        release = version("lgo-pipeline")
    except PackageNotFoundError:
        release = "dev"
    extra = f"; contact: {contact}" if contact else ""
    return (f"lgo-pipeline/{release} (open-source data warehouse of Ombudsman decisions; about this crawler: "
            f"docs/fetching.md in the lgo-pipeline project{extra})")


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

    def __post_init__(self) -> None:
        if not self.rate > 0:
            raise ValueError(f"rate must be a positive number of requests a second, not {self.rate}")


MAX_PUBLIC_RATE = 5.0  # requests a second: above it, a fetch is no longer what a careful citizen would do


def check_rate(rate: float, site_url: str) -> None:
    """A rate above MAX_PUBLIC_RATE is for a replica on this machine only."""
    if rate > MAX_PUBLIC_RATE and urlsplit(site_url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"--rate {rate:g} is more than {MAX_PUBLIC_RATE:g} requests a second: too fast for "
                         f"{site_url} (faster rates are for a replica on this machine)")


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
        self._robots: urllib.robotparser.RobotFileParser | None = None
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

    def read_robots(self) -> None:
        """Read the site's robots.txt (RFC 9309): missing (4xx) allows everything; unreachable stops the fetch.
        A Crawl-delay longer than our interval slows us down to it."""
        url = urljoin(self.site_url + "/", "robots.txt")
        reply = self._get_following_redirects(url, {}, lambda content: True, check_robots=False)
        robots = urllib.robotparser.RobotFileParser(url)
        if reply.status >= 500:
            raise FetchStopped(f"robots.txt at {url} cannot be read ({reply.status}): the site's rules are unknown, "
                               "so nothing is fetched")
        robots.parse([] if reply.status >= 400 else reply.content.decode("utf-8", "replace").splitlines())
        delay = robots.crawl_delay(self.agent)
        if delay:
            self._interval = max(self._interval, float(delay))
        self._robots = robots

    def allowed(self, url: str) -> bool:
        return self._robots is None or self._robots.can_fetch(self.agent, url)

    # requests ---------------------------------------------------------------------------------------------

    def get(self, url: str, conditional: dict[str, str] | None = None,
            complete: Callable[[bytes], bool] = lambda content: True) -> Reply:
        """The site's reply to GET `url`, retried as the class says. `conditional`: If-None-Match /
        If-Modified-Since headers (a 304 comes back as it is). `complete` says whether a 200 body is whole.
        Raises FetchStopped when the breaker opens; a URL that fails every attempt comes back as its last reply
        (status 599 when there was none)."""
        if self._robots is None:
            self.read_robots()
        return self._get_following_redirects(url, conditional or {}, complete, check_robots=True)

    def _get_following_redirects(self, url: str, headers: dict[str, str], complete: Callable[[bytes], bool],
                                 check_robots: bool) -> Reply:
        for _ in range(6):
            if check_robots and not self.allowed(url):
                return Reply(url, 403, b"", httpx.Headers({"x-lgo-pipeline": "disallowed by robots.txt"}))
            reply = self._get_with_retries(url, headers, complete)
            location = reply.headers.get("location")
            if reply.status not in (301, 302, 303, 307, 308) or not location:
                return reply
            target = urljoin(url, location)
            if urlsplit(target).netloc != urlsplit(self.site_url).netloc:
                return Reply(url, 502, b"", httpx.Headers({"x-lgo-pipeline": f"redirected off the site to {target}"}))
            url = target
        return Reply(url, 508, b"", httpx.Headers({"x-lgo-pipeline": "more than 5 redirects"}))

    def _get_with_retries(self, url: str, headers: dict[str, str], complete: Callable[[bytes], bool]) -> Reply:
        reply: Reply | None = None
        problem = ""
        for attempt in range(self.politeness.attempts):
            reply, problem = self._get_once(url, headers, complete)
            if not problem:
                self._failures_in_a_row = 0
                return reply
            self._failures_in_a_row += 1
            if self._failures_in_a_row >= self.politeness.failures_to_stop:
                raise FetchStopped(f"{self._failures_in_a_row} requests in a row failed (last: {problem} from {url})")
            if attempt + 1 < self.politeness.attempts:
                wait = self._retry_after(reply)
                if wait and wait > self.politeness.longest_wait:
                    raise FetchStopped(f"the site asks us to wait {wait:,.0f} s before asking again ({url})")
                if wait:
                    self._sleep(wait)
                else:
                    self.back_off(attempt)
        return reply if reply is not None and reply.status else Reply(url, 599, b"", httpx.Headers({"x-lgo-pipeline": problem}))

    def back_off(self, attempt: int) -> None:
        """Wait before the (attempt + 1)-th retry: a random time up to base * 2^attempt (full jitter, capped)."""
        self._sleep(random.uniform(0, min(self.politeness.backoff_cap, self.politeness.backoff_base * 2 ** attempt)))

    def _get_once(self, url: str, headers: dict[str, str], complete: Callable[[bytes], bool]) -> tuple[Reply, str]:
        """One request in its turn: the reply and, when it is worth another try, what went wrong."""
        wait = self._next_start - self._clock()
        if wait > 0:
            self._sleep(wait)
        started = self._clock()
        self._next_start = started + self._interval
        self.requests += 1
        try:
            response = self._http.get(url, headers=headers)
            content = response.content
        except httpx.TransportError as error:
            problem = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            self._on_request(RequestRecord(url, None, 0, self._clock() - started, error=problem))
            return Reply(url, 0, b"", httpx.Headers()), problem
        self.bytes += len(content)
        reply = Reply(str(response.url), response.status_code, content, response.headers)
        problem = (f"{reply.status} {response.reason_phrase}" if reply.status in RETRYABLE_STATUS
                   else "incomplete response" if reply.status == 200 and not complete(content) else "")
        self._on_request(RequestRecord(url, reply.status, len(content), self._clock() - started, reply.etag,
                                       reply.last_modified, problem or None))
        return reply, problem

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
