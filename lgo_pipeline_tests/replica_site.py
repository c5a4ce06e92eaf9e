"""A replica of the Ombudsman's decision site, served on 127.0.0.1 inside the tests that fetch.

It is taught what public evidence says of the real site (docs/fetching.md lists each point and its source):
- Decision pages are the real pages of `fixtures/real_pages` rendered as HTML in three markups. The evidence's
  own: the decision in `<article id="article">`, its title (organisation and reference) inside the article's
  `<header>`, `Category :` / `Decision :` / `Decision date :` as label and value elements with the category's
  two parts as separate elements; the page's `<title>` names the organisation and reference, and a form carries
  a per-request verification token, so two downloads of an unchanged page differ in bytes. Two older markups of
  ours (`<dl>` pairs, `<strong>` labels) keep the parser honest about other renderings.
- The search (`/Decisions/SearchResults`) reads its parameters as a server does: `dc` must arrive as
  `c+nu+u+` (sent raw, its plus signs arrive as spaces and the search lists nothing), dates must be zero-padded
  ISO (anything else lists nothing). Results are 10 a page, newest first, under "Your search has N results";
  card links are anchors, data attributes, or JSON-escaped paths in a script; some cards give their meta as one
  paragraph (`Statement Upheld Homelessness 27-Apr-2026 Summary: ...`); a list of recent decisions beside the
  results links pages that are not results. A result page past the last answers 404.
- Validators: some pages send ETag and Last-Modified, some only Last-Modified, some neither; a 304 answers
  either kind of conditional request.
Three things are the replica's own: a report split into two chapters (17 002 928), a letter-suffixed copy of a
page (`b`), and, for pages that state no outcome, date or organisation, card values made up from the reference
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
import secrets
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
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
MARKUPS = ("evidence", "definition-list", "strong-labels")
DECISION_CODES = "c+nu+u+"  # what the site's own form sends for every outcome, as the server must read it
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TOKEN_FIELD = "__RequestVerificationToken"


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


def _digest(slug: str) -> int:
    return int(hashlib.sha256(slug.encode()).hexdigest(), 16)


def markup_of(decision: Decision) -> str:
    return MARKUPS[_digest(decision.slug) % len(MARKUPS)]


def page_html(decision: Decision, text: str, chapter: int | None = None, markup: str | None = None,
              token: str = "") -> str:
    """A decision page as the site serves it: banner and menu outside the article, the decision in
    <article id="article"> in one of MARKUPS (by default the decision's own), paragraphs and bullet lists,
    chapter links for a report, a search form with a per-request `token`."""
    markup = markup or markup_of(decision)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title_index = next((i for i, line in enumerate(lines) if _TITLE.match(line)), None)
    banner, body = (lines[:title_index], lines[title_index:]) if title_index is not None else ([], lines)
    parts, header, bullets = [], [], []
    title = ""

    def flush() -> None:
        if header:
            parts.append(_header_html(header, markup))
            header.clear()
        if bullets:
            parts.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in bullets) + "</ul>")
            bullets.clear()

    for index, line in enumerate(body):
        if index == 0 and _TITLE.match(line):
            title = line
            parts.append(f"<header class='articleHeader'><p class='articleTitle'>{html.escape(line)}</p></header>"
                         if markup == "evidence" else f"<h1>{html.escape(line)}</h1>")
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
    page_title = f"{title or decision.slug.replace('-', ' ')} - Local Government and Social Care Ombudsman"
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{html.escape(page_title)}</title>"
            f"</head><body><div id='cookie-banner'>{banner_html}</div><header><nav><a href='/'>Home</a> "
            f"<a href='/decisions'>Decisions</a></nav><form action='/Decisions/SearchResults'><input name='{TOKEN_FIELD}' "
            f"type='hidden' value='{token}'><input name='aname'></form></header><main><article id='article'>"
            f"{''.join(parts)}</article></main><footer>© Local Government and Social Care Ombudsman</footer>"
            "</body></html>\n")


def _header_html(pairs: list[tuple[str, str]], markup: str) -> str:
    if markup == "definition-list":
        return "<dl class='decision-meta'>" + "".join(
            f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>" for label, value in pairs) + "</dl>"
    if markup == "strong-labels":
        return "".join(f"<p><strong>{html.escape(label)} :</strong> {html.escape(value)}</p>" for label, value in pairs)
    rows = []
    for label, value in pairs:  # label and value elements; the category's two parts each an element of their own
        values = value.split(" > ", 1) if label == "Category" else [value]
        cells = "<div class='separator'>&gt;</div>".join(f"<div class='value'>{html.escape(v)}</div>" for v in values)
        rows.append(f"<div class='meta-row'><div class='label'>{html.escape(label)} :</div>{cells}</div>")
    return "<div class='articleMeta'>" + "".join(rows) + "</div>"


def card_html(decision: Decision, index: int) -> str:
    """A result card. Its link: an anchor, a data attribute (every fifth), or only a JSON-escaped path in the
    page's script (every seventh). Its meta: a list, or one paragraph with the summary (every third)."""
    date = decision.decision_date.strftime("%d-%b-%Y")
    title = f"{html.escape(decision.organisation)} ({decision.slug.replace('-', ' ')})"
    link = (f"<h3 class='result-title'>{title}</h3>" if index % 7 == 6
            else f"<h3 class='result-title' data-href='{decision.path}'>{title}</h3>" if index % 5 == 4
            else f"<h3><a href='{decision.path}'>{title}</a></h3>")
    if index % 3 == 2:
        return (f"<div class='result'>{link}<p class='result-meta'>{decision.document_type} {html.escape(decision.outcome)} "
                f"{html.escape(decision.sub_label)} {date} Summary: {html.escape(decision.summary)}</p></div>")
    return (f"<div class='result'>{link}<ul class='result-meta'><li>{decision.document_type}</li>"
            f"<li>{html.escape(decision.outcome)}</li><li>{html.escape(decision.sub_label)}</li><li>{date}</li></ul>"
            f"<p><strong>Summary:</strong> {html.escape(decision.summary)}</p></div>")


def results_html(found: list[Decision], page: int, recent: list[Decision] = (), hidden: frozenset[str] = frozenset(),
                 show_count: bool = True) -> str:
    """A result page: the count, the page's cards (less the `hidden` ones: counted, never shown), the script that
    holds every card's link, and a list of recent decisions (links and titles, not results)."""
    shown = [d for d in found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE] if d.slug not in hidden]
    cards = "".join(card_html(decision, index) for index, decision in enumerate(shown))
    links = json.dumps({d.slug: d.path for d in shown}).replace("/", "\\/")
    aside = "".join(f"<li><a href='{d.path}'>{html.escape(d.organisation)} ({d.slug.replace('-', ' ')})</a></li>"
                    for d in recent)
    return ("<!DOCTYPE html>\n<html><head><title>Search results</title></head><body><main><form action="
            "'/Decisions/SearchResults'><input name='aname'></form>"
            + (f"<p class='count'>Your search has {len(found)} results</p>" if show_count else "<p>Results</p>")
            + f"<div class='results'>{cards}</div>"
            f"<script>var resultLinks = {links};</script>"
            f"<aside><h2>Recent decisions</h2><ul>{aside}</ul></aside></main></body></html>\n")


SHELL_HTML = ("<!DOCTYPE html>\n<html><head><title>Search results</title></head><body><main><form action="
              "'/Decisions/SearchResults'><input name='aname'></form><div class='results'></div></main></body></html>\n")


class ReplicaSite:
    """The replica, started on a free port of 127.0.0.1; use as a context manager."""

    def __init__(self, decisions: list[Decision] | None = None, robots: str | None = "User-agent: *\nAllow: /\n"):
        self.decisions = decisions if decisions is not None else real_decisions()
        self.robots = robots
        self.requests: list[Request] = []
        self.shells = 0  # the next this-many searches get an empty shell
        self.hidden: frozenset[str] = frozenset()  # decisions the search counts but never shows a card of
        self.show_count = True  # False: result pages without "Your search has N results" (a markup change)
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
        token = secrets.token_hex(8)  # a new one at every request, as the real site's form has
        if chapter == 1:
            return page_html(decision, decision.text, token=token).encode()
        text = decision.chapters.get(chapter)
        return page_html(decision, text, chapter, token=token).encode() if text else None

    def search(self, query: dict[str, list[str]]) -> list[Decision]:
        """What the search lists, read as a server reads the query: `dc` (if sent) must name the outcome codes,
        dates must be zero-padded ISO; otherwise it lists nothing."""
        codes, first, last = query.get("dc", [DECISION_CODES])[0], query["fd"][0], query["td"][0]
        if codes != DECISION_CODES or not (_ISO_DATE.match(first) and _ISO_DATE.match(last)):
            return []
        first_date, last_date = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        name = query.get("aname", [""])[0].lower()
        found = [d for d in self.decisions
                 if first_date <= d.decision_date <= last_date and name in d.organisation.lower()]
        return sorted(found, key=lambda d: (d.decision_date, d.slug), reverse=True)

    def recent(self) -> list[Decision]:
        """The site's list of recent decisions beside every result page."""
        return sorted(self.decisions, key=lambda d: d.decision_date, reverse=True)[:3]

    def validators(self, decision_path: str, body: bytes) -> dict[str, str]:
        """ETag and Last-Modified of a page's content (its token left out): both for one page in three, only
        Last-Modified for another, none for the third."""
        content = re.sub(rb"value='[0-9a-f]*'", b"", body)
        digest = hashlib.sha256(content).hexdigest()
        modified = format_datetime(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(
            seconds=int(digest[:8], 16) % 10**7), usegmt=True)
        kind = _digest(decision_path) % 3
        return ({"ETag": f'"{digest[:16]}"', "Last-Modified": modified} if kind == 0
                else {"Last-Modified": modified} if kind == 1 else {})

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


def _not_modified(headers, validators: dict[str, str]) -> bool:
    """A conditional request the page's validators satisfy: If-None-Match first, else If-Modified-Since."""
    if "ETag" in validators and headers.get("If-None-Match"):
        return headers.get("If-None-Match") == validators["ETag"]
    since, modified = headers.get("If-Modified-Since"), validators.get("Last-Modified")
    return bool(since and modified) and parsedate_to_datetime(modified) <= parsedate_to_datetime(since)


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
                found, page = site.search(query), int(query.get("page", ["1"])[0])
                if page > 1 and (page - 1) * PAGE_SIZE >= len(found):
                    return self._send(target, 404, b"<html><body>Page not found</body></html>")
                body = results_html(found, page, site.recent(), site.hidden, site.show_count).encode()
                return self._send(target, 200, body, truncate=fault is not None and fault.kind == "truncate")
            body = site.page_bytes(target)
            if body is None:
                return self._send(target, 404, b"<html><body>Page not found</body></html>")
            validators = site.validators(parts.path, body)
            if _not_modified(self.headers, validators):
                return self._send(target, 304, b"", validators)
            self._send(target, 200, body, validators, truncate=fault is not None and fault.kind == "truncate")

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
