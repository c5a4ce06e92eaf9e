"""The fetch's memory, one SQLite file: sessions (to resume a killed fetch), every request made, the months
walked in a session and, across sessions, what the site listed for each month (incomplete months are walked
again by the next fetch), the cards read from search results, the pages held with their validators (ETag,
Last-Modified) for conditional requests and the fingerprint of their decision text, and the pages that
answered 404 or 410. SQLite, not the warehouse: a fetch writes a row a second while the warehouse may be busy
with a run, and the standard library reads it everywhere."""

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
    checked_session INTEGER NOT NULL, text_sha256 TEXT);
CREATE TABLE IF NOT EXISTS months (
    site_url TEXT NOT NULL, organisation TEXT NOT NULL, month TEXT NOT NULL, listed INTEGER, cards INTEGER NOT NULL,
    complete INTEGER NOT NULL, last_checked TEXT NOT NULL, PRIMARY KEY (site_url, organisation, month));
CREATE TABLE IF NOT EXISTS missing_pages (
    url TEXT NOT NULL, day TEXT NOT NULL, status INTEGER NOT NULL, PRIMARY KEY (url, day));
"""
# Columns added since the first release of the state file: added to an older file when it is opened.
_ADDED_COLUMNS = {"pages": {"text_sha256": "TEXT"}}
# A page answering 404 or 410 on this many different days is gone: not asked for again, counted as gone.
GONE_AFTER_DAYS = 3


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
    text_sha256: str | None  # of the decision's text: a page whose bytes changed (tokens) but not its text is unchanged


@dataclass(frozen=True)
class MonthRecord:
    """What the site listed for one month, as the latest walk of it found."""

    month: str  # 2024-03
    listed: int | None  # the site's own count; None when the page did not say
    cards: int  # cards read, in the month and with their date
    complete: bool


class FetchState:
    def __init__(self, database: Path):
        database.parent.mkdir(parents=True, exist_ok=True)
        # autocommit: every row is on disk when the call returns, so a killed fetch loses nothing it logged
        self._db = sqlite3.connect(database, isolation_level=None)
        self._db.executescript(_SCHEMA)
        for table, columns in _ADDED_COLUMNS.items():
            present = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
            for name, kind in columns.items():
                if name not in present:
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")

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

    def record_month(self, site_url: str, organisation: str, month: MonthRecord) -> None:
        self._db.execute("INSERT OR REPLACE INTO months VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (site_url, organisation, month.month, month.listed, month.cards, int(month.complete), _now()))

    def incomplete_months(self, site_url: str, organisation: str) -> list[str]:
        """Months whose latest walk listed fewer cards than the site's count: the next fetch walks them again."""
        return [row[0] for row in self._db.execute(
            "SELECT month FROM months WHERE site_url = ? AND organisation = ? AND NOT complete ORDER BY month DESC",
            (site_url, organisation))]

    def month_rows(self) -> list[dict]:
        """Every month walked with the site's count, the cards read, and the pages of its cards now gone."""
        cursor = self._db.execute(f"""
            SELECT m.organisation AS organisation_filter, m.month, m.listed, m.cards, m.complete = 1 AS complete,
                   m.last_checked,
                   (SELECT count(*) FROM cards AS c
                    WHERE substr(c.decision_date, 1, 7) = m.month
                      AND (m.organisation = '' OR c.organisation LIKE '%' || m.organisation || '%')
                      AND c.url IN (SELECT url FROM missing_pages GROUP BY url
                                    HAVING count(DISTINCT day) >= {GONE_AFTER_DAYS})) AS gone
            FROM months AS m ORDER BY m.organisation, m.month""")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    # cards and pages --------------------------------------------------------------------------------------

    def record_cards(self, site_url: str, cards: list[Card]) -> None:
        """Cards with a link to their page (one without cannot be fetched: the crawler reports it)."""
        listed_at = _now()
        self._db.executemany(
            "INSERT OR REPLACE INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(site_url + card.page.path, card.page.reference, card.page.category, card.page.sub_category,
              card.organisation, card.document_type, card.outcome, card.category_sub,
              card.decision_date.isoformat() if card.decision_date else None, card.summary, listed_at)
             for card in cards if card.page is not None])

    def latest_decision_date(self) -> dt.date | None:
        (latest,) = self._db.execute("SELECT max(decision_date) FROM cards").fetchone()
        return dt.date.fromisoformat(latest) if latest else None

    def held_page(self, url: str) -> HeldPage | None:
        row = self._db.execute("SELECT path, sha256, etag, last_modified, checked_session, text_sha256 FROM pages "
                               "WHERE url = ?", (url,)).fetchone()
        return HeldPage(*row) if row else None

    def record_page(self, url: str, reference: str, chapter: int | None, path: str, sha256: str, size: int,
                    etag: str | None, last_modified: str | None, session_id: int, text_sha256: str | None) -> None:
        now = _now()
        self._db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (url, reference, chapter, path, sha256, size, etag, last_modified, now, now, session_id,
                          text_sha256))

    def pages_written_since(self, when: dt.datetime) -> list[str]:
        """Paths (below the raw folder) of the pages written since `when` (UTC): new, or rewritten in place."""
        return [row[0] for row in self._db.execute("SELECT path FROM pages WHERE fetched_at >= ? ORDER BY path",
                                                   (when.isoformat(timespec="seconds"),))]

    def record_page_checked(self, url: str, session_id: int, etag: str | None = None,
                            last_modified: str | None = None) -> None:
        """The page held is still the page published (a 304, or the same decision text): new validators kept."""
        self._db.execute("UPDATE pages SET checked_at = ?, checked_session = ?, etag = coalesce(?, etag), "
                         "last_modified = coalesce(?, last_modified) WHERE url = ?",
                         (_now(), session_id, etag, last_modified, url))

    def record_page_missing(self, url: str, status: int) -> bool:
        """A 404 or 410 for `url` today; True when it has now answered so on GONE_AFTER_DAYS different days."""
        self._db.execute("INSERT OR REPLACE INTO missing_pages VALUES (?, ?, ?)",
                         (url, dt.date.today().isoformat(), status))
        (days,) = self._db.execute("SELECT count(DISTINCT day) FROM missing_pages WHERE url = ?", (url,)).fetchone()
        return days >= GONE_AFTER_DAYS

    def gone_urls(self) -> set[str]:
        return {row[0] for row in self._db.execute(
            f"SELECT url FROM missing_pages GROUP BY url HAVING count(DISTINCT day) >= {GONE_AFTER_DAYS}")}

    def cards_without_pages(self) -> list[tuple[str, dt.date | None]]:
        """(url, decision date) of every decision listed whose page is not held and not gone."""
        rows = self._db.execute("SELECT c.url, c.decision_date FROM cards AS c LEFT JOIN pages AS p ON p.url = c.url "
                                "WHERE p.url IS NULL ORDER BY c.url").fetchall()
        gone = self.gone_urls()
        return [(url, dt.date.fromisoformat(date) if date else None) for url, date in rows if url not in gone]

    def cards_with_pages(self) -> list[dict]:
        """Every card with the file its page was stored at (None when the page could not be fetched)."""
        cursor = self._db.execute("""
            SELECT c.reference, c.url, p.path AS page_path, c.category_slug, c.sub_category_slug, c.organisation,
                   c.document_type, c.outcome, c.category_sub, c.decision_date, c.summary, c.listed_at
            FROM cards AS c LEFT JOIN pages AS p ON p.url = c.url ORDER BY c.reference, c.listed_at""")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor]
