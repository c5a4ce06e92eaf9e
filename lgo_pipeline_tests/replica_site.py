"""A replica of the Ombudsman's decision site, served on 127.0.0.1 inside the tests that fetch.

Its decision pages are the real pages of `fixtures/real_pages` rendered as HTML (the title as a heading, the
header lines as label/value pairs, two markups; a cookie banner outside `<main>`), its search answers
`/Decisions/SearchResults` with the site's parameters and cards (10 a page, newest first, "Your search has N
results", some card links not anchors), and it serves a robots.txt, ETags and Last-Modified with 304s. Three
things are the replica's own: a report split into two chapters (17 002 928), a letter-suffixed copy of a page
(`b`), and, for pages that state no outcome, date or organisation, card values made up from the reference
(marked below), so a test can see the card fill them.

Faults are queued per URL (`fail`), the search can serve empty shells (`shells`), and a page can change
(`change_page`). Every request is recorded with its time and headers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

REAL_PAGES = Path(__file__).resolve().parent / "fixtures" / "real_pages"
PAGE_SIZE = 10
CHAPTERED = "17-002-928"  # a complete page with an agreed action of £200 each: its remedies go to chapter 2
LETTER_SOURCE = "21-011-085"
_TITLE = re.compile(r"^(?P<organisation>.*?)\s*\((?P<ref>\d{2} \d{3} \d{3}[a-z]?)\)\s*$")
_HEADER = re.compile(r"^(?P<label>Category|Decision date|Decision)\s*:\s*(?P<value>.*)$")
_OUTCOMES = ("Upheld", "Not upheld", "Closed after initial enquiries")


@dataclass
class Decision:
    slug: str  # 21-012-505
    category: str
    sub_category: str
    organisation: str
    document_type: str
    outcome: str
    sub_label: str
    decision_date: dt.date
    summary: str
    text: str
    chapters: dict[int, str] = field(default_factory=dict)  # chapter number -> text (2, 3, ...)
    stated_on_page: bool = True  # False: the card's outcome and date are the replica's own

    @property
    def path(self) -> str:
        return f"/decisions/{self.category}/{self.sub_category}/{self.slug}"


@dataclass(frozen=True)
class Fault:
    kind: str  # status | slow | truncate | redirect
    status: int = 503
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0
    location: str = ""


@dataclass(frozen=True)
class Request:
    at: float  # time.monotonic() on arrival
    target: str  # path and query
    headers: dict[str, str]
    status: int


def real_decisions() -> list[Decision]:
    """The 95 real pages as the replica's decisions, plus its chaptered report and its letter-suffixed page."""
    truths = [json.loads(line) for line in (REAL_PAGES / "truth.jsonl").read_text().splitlines()]
    decisions = [_decision(truth, (REAL_PAGES / "pages" / truth["file"]).read_text()) for truth in truths]
    by_slug = {decision.slug: decision for decision in decisions}
    _split_into_chapters(by_slug[CHAPTERED])
    source = by_slug[LETTER_SOURCE]
    lettered = source.slug + "b"
    decisions.append(Decision(
        lettered, source.category, source.sub_category, source.organisation, source.document_type, source.outcome,
        source.sub_label, source.decision_date, source.summary,
        source.text.replace(source.slug.replace("-", " "), lettered.replace("-", " ")),
        stated_on_page=source.stated_on_page))
    return decisions


def _decision(truth: dict, text: str) -> Decision:
    category, sub_category = truth["category_from_url"]
    slug = truth["reference"].replace(" ", "-")
    digest = int(hashlib.sha256(slug.encode()).hexdigest(), 16)
    stated = truth["decision"] is not None and truth["decision_date"] is not None
    # Made up (the replica's own) when the page states none: an outcome and a date a year after registration.
    outcome = truth["decision"] or _OUTCOMES[digest % 3]
    decided = (dt.date.fromisoformat(truth["decision_date"]) if truth["decision_date"]
               else dt.date(2001 + int(slug[:2]), 1 + digest % 12, 1 + digest % 28))
    sub_label = (truth["category"].partition(" > ")[2] if truth["category"]
                 else sub_category.replace("-", " ").capitalize())
    summary = next((line.partition("Summary:")[2].strip() for line in text.splitlines() if "Summary:" in line),
                   "")
    return Decision(slug, category, sub_category, truth["organisation"] or "Replica District Council", "Statement",
                    outcome, sub_label, decided, summary[:300], text, stated_on_page=stated)


def _split_into_chapters(decision: Decision) -> None:
    """A report in two chapters: the findings on the page itself, the agreed action in chapter 2."""
    head, marker, rest = decision.text.partition("To remedy injustice")
    title = decision.text.splitlines()[0]
    decision.text = head
    decision.chapters = {2: f"{title}\nChapter 2: Agreed action\n{marker}{rest}"}
    decision.document_type = "Report"


def page_html(decision: Decision, text: str, chapter: int | None = None) -> str:
    """A decision page as the site serves it: banner and menu outside <main>, the decision in
    <article id="article">, header fields as <dl> (or <p><strong>Label :</strong> value</p> on every other
    page), paragraphs and bullet lists, chapter links for a report."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title_index = next((i for i, line in enumerate(lines) if _TITLE.match(line)), None)
    banner, body = (lines[:title_index], lines[title_index:]) if title_index is not None else ([], lines)
    as_list = int(hashlib.sha256(decision.slug.encode()).hexdigest(), 16) % 2 == 0
    parts, header, bullets = [], [], []

    def flush() -> None:
        if header:
            parts.append("<dl class='decision-meta'>" + "".join(
                f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>" for label, value in header) + "</dl>"
                if as_list else "".join(f"<p><strong>{html.escape(label)} :</strong> {html.escape(value)}</p>"
                                        for label, value in header))
            header.clear()
        if bullets:
            parts.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in bullets) + "</ul>")
            bullets.clear()

    for index, line in enumerate(body):
        if index == 0 and _TITLE.match(line):
            parts.append(f"<h1>{html.escape(line)}</h1>")
        elif (match := _HEADER.match(line)) and not bullets:
            header.append((match["label"], match["value"]))
        elif line.startswith(("- ", "• ")):
            if header:
                flush()
            bullets.append(line[2:])
        else:
            flush()
            parts.append(f"<p>{html.escape(line)}</p>")
    flush()
    if decision.chapters:
        links = [f"<a href='{decision.path}'>Chapter 1</a>"] + [
            f"<a href='{decision.path}?chapter={number}'>Chapter {number}</a>" for number in sorted(decision.chapters)]
        parts.append(f"<nav class='chapters'>{' '.join(links)}</nav>")
    banner_html = "".join(f"<p>{html.escape(line)}</p>" for line in banner)
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{html.escape(decision.slug)}"
            f"</title></head><body><div id='cookie-banner'>{banner_html}</div><nav><a href='/'>Home</a> "
            f"<a href='/decisions'>Decisions</a></nav><main><article id='article'>{''.join(parts)}</article></main>"
            "<footer>© Local Government and Social Care Ombudsman</footer></body></html>\n")


def card_html(decision: Decision, index: int) -> str:
    """A result card; every fifth links its page from a data attribute, not an anchor."""
    date = decision.decision_date.strftime("%d-%b-%Y")
    title = f"{html.escape(decision.organisation)} ({decision.slug.replace('-', ' ')})"
    link = (f"<h3 class='result-title' data-href='{decision.path}'>{title}</h3>" if index % 5 == 4
            else f"<h3><a href='{decision.path}'>{title}</a></h3>")
    return (f"<div class='result'>{link}<ul class='result-meta'><li>{decision.document_type}</li>"
            f"<li>{html.escape(decision.outcome)}</li><li>{html.escape(decision.sub_label)}</li><li>{date}</li></ul>"
            f"<p><strong>Summary:</strong> {html.escape(decision.summary)}</p></div>")


def results_html(found: list[Decision], page: int) -> str:
    cards = "".join(card_html(decision, index)
                    for index, decision in enumerate(found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]))
    return ("<!DOCTYPE html>\n<html><head><title>Search results</title></head><body><main><form action="
            "'/Decisions/SearchResults'><input name='aname'></form>"
            f"<p class='count'>Your search has {len(found)} results</p><div class='results'>{cards}</div>"
            "</main></body></html>\n")


SHELL_HTML = ("<!DOCTYPE html>\n<html><head><title>Search results</title></head><body><main><form action="
              "'/Decisions/SearchResults'><input name='aname'></form><div class='results'></div></main></body></html>\n")


class ReplicaSite:
    """The replica, started on a free port of 127.0.0.1; use as a context manager."""

    def __init__(self, decisions: list[Decision] | None = None, robots: str | None = "User-agent: *\nAllow: /\n"):
        self.decisions = decisions if decisions is not None else real_decisions()
        self.robots = robots
        self.requests: list[Request] = []
        self.shells = 0  # the next this-many searches get an empty shell
        self._faults: dict[str, list[Fault]] = defaultdict(list)
        self._versions: dict[str, str] = {}  # path?query -> replacement HTML (a page that changed)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # set-up -----------------------------------------------------------------------------------------------

    def fail(self, target: str, *faults: Fault) -> None:
        """Serve these faults, in order, to the next requests for `target` (path and query as sent)."""
        self._faults[target].extend(faults)

    def change_page(self, decision: Decision, new_html: str) -> None:
        self._versions[decision.path] = new_html

    def page_bytes(self, target: str) -> bytes | None:
        path, _, query = target.partition("?")
        if path in self._versions:
            return self._versions[path].encode()
        decision = next((d for d in self.decisions if d.path == path), None)
        if decision is None:
            return None
        chapter = int(parse_qs(query).get("chapter", ["1"])[0])
        if chapter == 1:
            return page_html(decision, decision.text).encode()
        text = decision.chapters.get(chapter)
        return page_html(decision, text, chapter).encode() if text else None

    def search(self, query: dict[str, list[str]]) -> list[Decision]:
        first = dt.date(*map(int, query["fd"][0].split("-")))
        last = dt.date(*map(int, query["td"][0].split("-")))
        name = query.get("aname", [""])[0].lower()
        found = [d for d in self.decisions if first <= d.decision_date <= last and name in d.organisation.lower()]
        return sorted(found, key=lambda d: (d.decision_date, d.slug), reverse=True)

    # serving ----------------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> ReplicaSite:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def record(self, target: str, headers: dict[str, str], status: int) -> None:
        with self._lock:
            self.requests.append(Request(time.monotonic(), target, headers, status))

    def next_fault(self, target: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(target)
            return queue.pop(0) if queue else None

    def take_shell(self) -> bool:
        with self._lock:
            if self.shells > 0:
                self.shells -= 1
                return True
            return False

    def requests_for(self, prefix: str) -> list[Request]:
        return [request for request in self.requests if request.target.startswith(prefix)]


def _handler_for(site: ReplicaSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real site

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            target = self.path
            fault = site.next_fault(target)
            if fault and fault.kind == "slow":
                time.sleep(fault.seconds)
            elif fault and fault.kind == "status":
                return self._send(target, fault.status, b"<html><body>busy</body></html>", dict(fault.headers))
            elif fault and fault.kind == "redirect":
                return self._send(target, 301, b"", {"Location": fault.location})
            parts = urlsplit(target)
            if parts.path == "/robots.txt":
                if site.robots is None:
                    return self._send(target, 404, b"not found")
                return self._send(target, 200, site.robots.encode(), {"Content-Type": "text/plain"})
            if parts.path == "/Decisions/SearchResults":
                if site.take_shell():
                    return self._send(target, 200, SHELL_HTML.encode())
                query = parse_qs(parts.query, keep_blank_values=True)
                body = results_html(site.search(query), int(query.get("page", ["1"])[0])).encode()
                return self._send(target, 200, body, truncate=fault is not None and fault.kind == "truncate")
            body = site.page_bytes(target)
            if body is None:
                return self._send(target, 404, b"<html><body>Page not found</body></html>")
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            modified = format_datetime(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(
                seconds=int(etag[1:9], 16) % 10**7), usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                return self._send(target, 304, b"", {"ETag": etag, "Last-Modified": modified})
            self._send(target, 200, body, {"ETag": etag, "Last-Modified": modified},
                       truncate=fault is not None and fault.kind == "truncate")

        def _send(self, target: str, status: int, body: bytes, headers: dict | None = None,
                  truncate: bool = False) -> None:
            site.record(target, dict(self.headers), status)
            try:
                self._write(status, body, headers, truncate)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (a slow fault)
                self.close_connection = True

        def _write(self, status: int, body: bytes, headers: dict | None, truncate: bool) -> None:
            self.send_response(status)
            headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            if truncate:  # promise the whole body, send half, hang up
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body[:len(body) // 2])
                self.close_connection = True
                return
            self.end_headers()
            if body and status != 304:
                self.wfile.write(body)

    return Handler
