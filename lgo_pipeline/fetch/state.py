"""The fetch's memory, one SQLite file: sessions (to resume a killed fetch), every request made, the months
walked, the cards read from search results, and the pages held with their validators (ETag, Last-Modified)
for conditional requests. SQLite, not the warehouse: a fetch writes a row a second while the warehouse may
be busy with a run, and the standard library reads it everywhere."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # reading the state (the ingest does) needs neither the HTTP client nor bs4
    from lgo_pipeline.fetch.client import RequestRecord
    from lgo_pipeline.fetch.listing import Card

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    session_id INTEGER PRIMARY KEY, request TEXT NOT NULL, since TEXT NOT NULL, until TEXT NOT NULL,
    started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT);
CREATE TABLE IF NOT EXISTS requests (
    session_id INTEGER NOT NULL, at TEXT NOT NULL, url TEXT NOT NULL, status INTEGER, bytes INTEGER NOT NULL,
    seconds REAL NOT NULL, etag TEXT, last_modified TEXT, error TEXT);
CREATE TABLE IF NOT EXISTS windows (
    session_id INTEGER NOT NULL, window TEXT NOT NULL, total INTEGER, cards INTEGER NOT NULL,
    listing_pages INTEGER NOT NULL, completed_at TEXT NOT NULL, PRIMARY KEY (session_id, window));
CREATE TABLE IF NOT EXISTS cards (
    url TEXT PRIMARY KEY, reference TEXT NOT NULL, category_slug TEXT NOT NULL, sub_category_slug TEXT NOT NULL,
    organisation TEXT, document_type TEXT, outcome TEXT, category_sub TEXT, decision_date TEXT, summary TEXT,
    listed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY, reference TEXT NOT NULL, chapter INTEGER, path TEXT NOT NULL, sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL, etag TEXT, last_modified TEXT, fetched_at TEXT NOT NULL, checked_at TEXT NOT NULL,
    checked_session INTEGER NOT NULL);
"""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Session:
    session_id: int
    since: dt.date
    until: dt.date
    resumed: bool


@dataclass(frozen=True)
class HeldPage:
    path: str  # below the raw folder
    sha256: str
    etag: str | None
    last_modified: str | None
    checked_session: int


class FetchState:
    def __init__(self, database: Path):
        database.parent.mkdir(parents=True, exist_ok=True)
        # autocommit: every row is on disk when the call returns, so a killed fetch loses nothing it logged
        self._db = sqlite3.connect(database, isolation_level=None)
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    # sessions ---------------------------------------------------------------------------------------------

    def open_session(self, request: dict, since: dt.date, until: dt.date) -> Session:
        """The unfinished session of the same request, resumed with its own dates; else a new one."""
        key = json.dumps(request, sort_keys=True, default=str)
        row = self._db.execute(
            "SELECT session_id, since, until, finished_at FROM sessions WHERE request = ? "
            "ORDER BY session_id DESC LIMIT 1", (key,)).fetchone()
        if row and row[3] is None:
            return Session(row[0], dt.date.fromisoformat(row[1]), dt.date.fromisoformat(row[2]), resumed=True)
        cursor = self._db.execute("INSERT INTO sessions (request, since, until, started_at) VALUES (?, ?, ?, ?)",
                                  (key, since.isoformat(), until.isoformat(), _now()))
        return Session(cursor.lastrowid, since, until, resumed=False)

    def finish_session(self, session_id: int, outcome: str) -> None:
        self._db.execute("UPDATE sessions SET finished_at = ?, outcome = ? WHERE session_id = ?",
                         (_now(), outcome, session_id))

    # the log ----------------------------------------------------------------------------------------------

    def log_request(self, session_id: int, record: RequestRecord) -> None:
        self._db.execute("INSERT INTO requests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (session_id, _now(), record.url, record.status, record.bytes, round(record.seconds, 3),
                          record.etag, record.last_modified, record.error))

    # months -----------------------------------------------------------------------------------------------

    def window_done(self, session_id: int, window: str) -> bool:
        return self._db.execute("SELECT 1 FROM windows WHERE session_id = ? AND window = ?",
                                (session_id, window)).fetchone() is not None

    def record_window(self, session_id: int, window: str, total: int | None, cards: int, listing_pages: int) -> None:
        self._db.execute("INSERT OR REPLACE INTO windows VALUES (?, ?, ?, ?, ?, ?)",
                         (session_id, window, total, cards, listing_pages, _now()))

    # cards and pages --------------------------------------------------------------------------------------

    def record_cards(self, site_url: str, cards: list[Card]) -> None:
        listed_at = _now()
        self._db.executemany(
            "INSERT OR REPLACE INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(site_url + card.page.path, card.page.reference, card.page.category, card.page.sub_category,
              card.organisation, card.document_type, card.outcome, card.category_sub,
              card.decision_date.isoformat() if card.decision_date else None, card.summary, listed_at)
             for card in cards])

    def latest_decision_date(self) -> dt.date | None:
        (latest,) = self._db.execute("SELECT max(decision_date) FROM cards").fetchone()
        return dt.date.fromisoformat(latest) if latest else None

    def held_page(self, url: str) -> HeldPage | None:
        row = self._db.execute("SELECT path, sha256, etag, last_modified, checked_session FROM pages WHERE url = ?",
                               (url,)).fetchone()
        return HeldPage(*row) if row else None

    def record_page(self, url: str, reference: str, chapter: int | None, path: str, sha256: str, size: int,
                    etag: str | None, last_modified: str | None, session_id: int) -> None:
        now = _now()
        self._db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (url, reference, chapter, path, sha256, size, etag, last_modified, now, now, session_id))

    def record_page_checked(self, url: str, session_id: int) -> None:
        self._db.execute("UPDATE pages SET checked_at = ?, checked_session = ? WHERE url = ?",
                         (_now(), session_id, url))

    def cards_without_pages(self) -> list[tuple[str, dt.date | None]]:
        """(url, decision date) of every decision listed whose page is not held."""
        rows = self._db.execute("SELECT c.url, c.decision_date FROM cards AS c LEFT JOIN pages AS p ON p.url = c.url "
                                "WHERE p.url IS NULL ORDER BY c.url").fetchall()
        return [(url, dt.date.fromisoformat(date) if date else None) for url, date in rows]

    def cards_with_pages(self) -> list[dict]:
        """Every card with the file its page was stored at (None when the page could not be fetched)."""
        cursor = self._db.execute("""
            SELECT c.reference, c.url, p.path AS page_path, c.category_slug, c.sub_category_slug, c.organisation,
                   c.document_type, c.outcome, c.category_sub, c.decision_date, c.summary, c.listed_at
            FROM cards AS c LEFT JOIN pages AS p ON p.url = c.url ORDER BY c.reference, c.listed_at""")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor]
