"""The fetch's pure parts: the site's addresses, the result cards, the polite client's waiting and giving up
(on a mock transport with a fake clock: no network, no real sleeping)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from lgo_pipeline.fetch.client import FetchStopped, Politeness, PoliteClient, check_rate, user_agent
from lgo_pipeline.fetch.listing import read_listing
from lgo_pipeline.fetch.site import DecisionPath, decision_paths, month_windows, normalised_site_url, search_url
from lgo_pipeline.parsing.documents import chapter_of
from lgo_pipeline.parsing.html_text import html_to_text
from lgo_pipeline_tests.replica_site import SHELL_HTML, ReplicaSite, real_decisions, results_html

SITE = "https://www.lgo.org.uk"


def test_decision_paths_are_found_in_any_attribute_with_letters_and_chapters() -> None:
    html = ("<a href='/decisions/health/other/17-002-402b'>x</a><div data-href=\"/decisions/housing/homelessness/"
            "21-001-002\"></div><a href='/decisions/housing/homelessness/21-001-002?chapter=3'>3</a>"
            "<a href='/decisions/housing/homelessness/21-001-002&amp;chapter=2'>2</a>")
    paths = [path for _, path in decision_paths(html)]
    assert paths == [DecisionPath("health", "other", "17-002-402b"),
                     DecisionPath("housing", "homelessness", "21-001-002"),
                     DecisionPath("housing", "homelessness", "21-001-002", 3),
                     DecisionPath("housing", "homelessness", "21-001-002", 2)]
    assert paths[0].reference == "17 002 402b"
    assert paths[2].file_name() == "21-001-002.chapter-3.html" and paths[2].path.endswith("?chapter=3")
    assert chapter_of("/raw/lgo.org.uk/2024/21-001-002.chapter-3.html") == 3
    assert chapter_of("/raw/lgo.org.uk/2024/21-001-002.html") is None


def test_months_are_clipped_to_the_dates_newest_first() -> None:
    windows = month_windows(dt.date(2024, 11, 15), dt.date(2025, 2, 3))
    assert [(w.first, w.last) for w in windows] == [
        (dt.date(2025, 2, 1), dt.date(2025, 2, 3)), (dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
        (dt.date(2024, 12, 1), dt.date(2024, 12, 31)), (dt.date(2024, 11, 15), dt.date(2024, 11, 30))]
    assert normalised_site_url("https://www.lgo.org.uk/") == SITE
    with pytest.raises(ValueError, match="http"):
        normalised_site_url("www.lgo.org.uk")


def test_the_search_is_asked_as_the_public_crawlers_ask_it_and_a_server_reads_it_so() -> None:
    """Evidence: a public crawler sends `dc=c%2Bnu%2Bu%2B` and zero-padded ISO dates. A raw `+` reaches a
    server as a space: the replica, read as a server reads a query, then lists nothing."""
    url = search_url(SITE, dt.date(2026, 9, 7), dt.date(2026, 9, 30), 2, "Bath & North East Somerset")
    assert url == (f"{SITE}/Decisions/SearchResults?aname=Bath%20%26%20North%20East%20Somerset&dc=c%2Bnu%2Bu%2B"
                   "&fd=2026-09-07&td=2026-09-30&sortOrder=descending&page=2")
    site = ReplicaSite(real_decisions())
    in_2024 = sum(decision.decision_date.year == 2024 for decision in site.decisions)
    as_sent = parse_qs(urlsplit(search_url(SITE, dt.date(2024, 1, 1), dt.date(2024, 12, 31), 1)).query)
    assert as_sent["dc"] == ["c+nu+u+"] and len(site.search(as_sent)) == in_2024 == 10
    unencoded = parse_qs("dc=c+nu+u+&fd=2024-01-01&td=2024-12-31")  # the old request: plus signs as spaces
    unpadded = parse_qs("dc=c%2Bnu%2Bu%2B&fd=2024-1-1&td=2024-12-31")
    assert unencoded["dc"] == ["c nu u "] and site.search(unencoded) == [] and site.search(unpadded) == []


def test_a_result_page_gives_its_count_and_every_cards_fields_whatever_the_link_or_layout() -> None:
    """Evidence: card links that are data attributes or JSON-escaped paths in a script, meta as one paragraph
    (`Statement Upheld Homelessness 27-Apr-2026 Summary: ...`), and links to recent decisions that are not
    results."""
    decisions = sorted(real_decisions(), key=lambda d: d.slug)[:8]
    recent = sorted(real_decisions(), key=lambda d: d.slug)[-3:]
    page = results_html(decisions, 1, recent)
    assert "\\/decisions\\/" in page and "data-href" in page and " Summary: " in page  # every kind is there
    listing = read_listing(page)
    assert listing.total == 8 and not listing.is_empty_shell
    assert [card.page.slug for card in listing.cards] == [d.slug for d in decisions]  # not the recent three
    for card, decision in zip(listing.cards, decisions):
        assert (card.organisation, card.outcome, card.category_sub, card.decision_date, card.document_type) == (
            decision.organisation, decision.outcome, decision.sub_label, decision.decision_date,
            decision.document_type)
        assert card.summary == (decision.summary or None)


def test_a_card_whose_link_is_nowhere_is_read_but_has_no_page() -> None:
    listing = read_listing("<html><body><p>Your search has 1 result</p><div>Westmorland and Furness Council "
                           "(26 002 445)</div><div>Statement Closed after initial enquiries Parking and other "
                           "penalties 09-Aug-2026</div><p>Summary: Example result.</p></body></html>")
    (card,) = listing.cards
    assert (card.reference, card.page, card.organisation, card.outcome, card.category_sub, card.summary) == (
        "26 002 445", None, "Westmorland and Furness Council", "Closed after initial enquiries",
        "Parking and other penalties", "Example result.")
    assert card.decision_date == dt.date(2026, 8, 9) and card.document_type == "Statement"


def test_an_empty_shell_is_not_a_month_without_decisions() -> None:
    assert read_listing(SHELL_HTML).is_empty_shell
    none = read_listing(results_html([], 1))
    assert none.total == 0 and not none.is_empty_shell


def test_definition_lists_render_as_the_header_lines_the_parser_reads() -> None:
    text = html_to_text("<html><body><header>menu</header><main><h1>Leeds City Council (21 001 002)</h1><dl>"
                        "<dt>Category</dt><dd>Housing &gt; Allocations</dd><dt>Decision:</dt><dd>Upheld</dd></dl>"
                        "</main></body></html>")
    assert text.splitlines() == ["Leeds City Council (21 001 002)", "Category : Housing > Allocations",
                                 "Decision: Upheld"]


class FakeTime:
    """A clock that moves only when the client sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client_for(handler, politeness: Politeness = Politeness(), time: FakeTime | None = None,
               log: list | None = None) -> PoliteClient:
    time = time or FakeTime()
    return PoliteClient(SITE, politeness, on_request=(log.append if log is not None else lambda r: None),
                        sleep=time.sleep, clock=time.clock, transport=httpx.MockTransport(handler))


def robots_then(handler):
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return handler(request)
    return respond


def test_requests_keep_the_rate_and_say_who_we_are() -> None:
    time, agents = FakeTime(), []

    def handler(request: httpx.Request) -> httpx.Response:
        agents.append(request.headers["user-agent"])
        return httpx.Response(200, html="<html></html>")

    client = client_for(robots_then(handler), Politeness(rate=0.5), time)
    started = time.now
    for _ in range(3):
        assert client.get(f"{SITE}/decisions").status == 200
    assert time.now - started == pytest.approx(6.0)  # robots.txt + 3 requests, 2 s apart
    assert agents[0] == user_agent() and agents[0].startswith("lgo-pipeline/") and "docs/fetching.md" in agents[0]


def test_retry_after_is_honoured_and_errors_back_off_with_jitter() -> None:
    time, answers = FakeTime(), iter([httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(503),
                                      httpx.Response(503), httpx.Response(200, html="<html>ok</html>")])
    log: list = []
    client = client_for(robots_then(lambda request: next(answers)), Politeness(rate=1000, backoff_base=2), time, log)
    assert client.get(f"{SITE}/page").status == 200
    waits = [seconds for seconds in time.sleeps if seconds > 0.01]  # not the rate's own spacing (1 ms)
    assert waits[0] == 7 and len(waits) == 3  # Retry-After, in seconds
    assert 0 <= waits[1] <= 4 and 0 <= waits[2] <= 8  # full jitter up to 2 * 2^attempt
    assert [record.status for record in log] == [404, 429, 503, 503, 200]
    assert log[1].error == "429 Too Many Requests" and log[-1].error is None


def test_the_circuit_breaker_stops_after_failures_in_a_row() -> None:
    client = client_for(robots_then(lambda request: httpx.Response(503)),
                        Politeness(rate=1000, attempts=3, failures_to_stop=5))
    assert client.get(f"{SITE}/a").status == 503  # three tries, then the URL is given up
    with pytest.raises(FetchStopped, match=r"5 requests in a row failed \(last: 503 Service Unavailable"):
        client.get(f"{SITE}/b")


def test_a_very_long_retry_after_stops_rather_than_sleeping_for_hours() -> None:
    client = client_for(robots_then(lambda request: httpx.Response(503, headers={"Retry-After": "86400"})),
                        Politeness(rate=1000))
    with pytest.raises(FetchStopped, match="wait 86,400 s"):
        client.get(f"{SITE}/a")


def test_cut_off_bodies_and_timeouts_are_retried() -> None:
    answers = iter(["timeout", httpx.Response(200, html="<html><body>half"), httpx.Response(200, html="<html></html>")])

    def handler(request: httpx.Request) -> httpx.Response:
        answer = next(answers)
        if answer == "timeout":
            raise httpx.ReadTimeout("read timed out", request=request)
        return answer

    log: list = []
    client = client_for(robots_then(handler), Politeness(rate=1000), log=log)
    reply = client.get(f"{SITE}/page", complete=lambda content: b"</html>" in content)
    assert reply.status == 200 and reply.content == b"<html></html>"
    assert [record.error for record in log[1:]] == ["ReadTimeout: read timed out", "incomplete response", None]


def test_robots_rules_crawl_delay_and_off_site_redirects() -> None:
    time = FakeTime()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /private\nCrawl-delay: 3\n")
        if request.url.path == "/moved":
            return httpx.Response(301, headers={"Location": "https://elsewhere.example/page"})
        return httpx.Response(200, html="<html></html>")

    client = client_for(handler, Politeness(rate=1000), time)
    assert client.get(f"{SITE}/private/x").status == 403  # never asked for
    assert client.get(f"{SITE}/moved").refusal == "redirected off the site to https://elsewhere.example/page"
    started = time.now
    client.get(f"{SITE}/a")
    client.get(f"{SITE}/b")
    assert time.now - started == pytest.approx(6.0)  # the site's Crawl-delay, not our faster rate


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_robots_txt_answering_5xx_or_429_means_disallow_everything_for_now(status: int) -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        return httpx.Response(status)

    client = client_for(handler, Politeness(rate=1000, attempts=2))
    with pytest.raises(FetchStopped, match="robots.txt .* cannot be read .*disallow everything for now"):
        client.get(f"{SITE}/a")
    assert asked == ["/robots.txt", "/robots.txt"]  # retried, then nothing else asked


@pytest.mark.parametrize("status", [404, 410, 403])
def test_a_robots_txt_answering_4xx_allows_everything(status: int) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status) if request.url.path == "/robots.txt" else httpx.Response(200, html="<html></html>")

    assert client_for(handler, Politeness(rate=1000)).get(f"{SITE}/Decisions/SearchResults?page=1").status == 200


def test_robots_txt_is_read_as_rfc_9309_reads_it() -> None:
    """Wildcards and `$`, the longest match wins, Allow beats an equal Disallow, our own group over `*`."""
    rules = ("User-agent: *\nDisallow: /\n\n"
             "User-agent: lgo-pipeline\nDisallow: /Decisions/\nAllow: /Decisions/SearchResults\n"
             "Disallow: /*.pdf$\nDisallow: /decisions/*/draft\nAllow: /tie\nDisallow: /tie\n")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text=rules)
        return httpx.Response(200, html="<html></html>")

    client = client_for(handler, Politeness(rate=1000))
    client.read_robots()
    allowed = {path: client.allowed(SITE + path) for path in (
        "/Decisions/SearchResults?fd=2024-01-01", "/Decisions/Other", "/decisions/housing/x/21-001-002",
        "/decisions/housing/draft", "/report.pdf", "/report.pdf?x=1", "/tie", "/elsewhere")}
    assert allowed == {"/Decisions/SearchResults?fd=2024-01-01": True, "/Decisions/Other": False,
                       "/decisions/housing/x/21-001-002": True, "/decisions/housing/draft": False,
                       "/report.pdf": False, "/report.pdf?x=1": True, "/tie": True, "/elsewhere": True}


@pytest.mark.parametrize("status", [401, 403, 410])
def test_refusals_count_toward_the_breaker_without_being_retried(status: int) -> None:
    log: list = []
    client = client_for(robots_then(lambda request: httpx.Response(status)),
                        Politeness(rate=1000, failures_to_stop=3), log=log)
    assert client.get(f"{SITE}/a").status == status and client.get(f"{SITE}/b").status == status
    with pytest.raises(FetchStopped, match=f"3 requests in a row failed \\(last: {status}"):
        client.get(f"{SITE}/c")
    assert [record.url for record in log[1:]] == [f"{SITE}/a", f"{SITE}/b", f"{SITE}/c"]  # once each


def test_replies_are_read_with_a_size_cap_a_deadline_and_must_be_html() -> None:
    time = FakeTime()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path == "/huge":
            return httpx.Response(200, html="<html>" + "x" * 2000 + "</html>")
        if request.url.path == "/pdf":
            return httpx.Response(200, content=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
        if request.url.path == "/slow":
            def trickle():
                for _ in range(5):
                    time.now += 30  # each chunk arrives within the read timeout, the whole takes 150 s
                    yield b"<html>....</html>"
            return httpx.Response(200, content=trickle(), headers={"Content-Type": "text/html"})
        return httpx.Response(301, headers={"Location": "http://www.lgo.org.uk/plain"})

    log: list = []
    client = client_for(handler, Politeness(rate=1000, max_bytes=1000, deadline=100, attempts=2), time, log)
    assert client.get(f"{SITE}/huge").refusal == "larger than 1,000 bytes"
    assert client.get(f"{SITE}/pdf").refusal == "not an HTML page (Content-Type: application/pdf)"
    assert client.get(f"{SITE}/secure").refusal == "redirected from https to http: http://www.lgo.org.uk/plain"
    slow = client.get(f"{SITE}/slow")
    assert slow.status == 599 and slow.refusal == "not whole after 100 s"
    assert [record.error for record in log if record.url.endswith("/slow")] == ["not whole after 100 s"] * 2


def test_fast_rates_are_for_a_replica_on_this_machine_only() -> None:
    check_rate(50, "http://127.0.0.1:8000")
    check_rate(1, SITE)
    with pytest.raises(ValueError, match="too fast"):
        check_rate(50, SITE)


def test_without_a_contact_a_fetch_from_the_real_site_suggests_one(tmp_path) -> None:
    from lgo_pipeline.cli import contact_tip
    from lgo_pipeline.settings import Settings

    def settings(site: str, contact: str | None = None) -> Settings:
        return Settings(tmp_path, tmp_path / "w.duckdb", site_url=site, fetch_contact=contact)

    assert "LGO_FETCH_CONTACT" in contact_tip(settings(SITE)) and SITE in contact_tip(settings(SITE))
    assert contact_tip(settings(SITE, "me@example.org")) is None
    assert contact_tip(settings("http://127.0.0.1:8000")) is None  # a replica on this machine
