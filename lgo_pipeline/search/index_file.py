"""The search index: one SQLite file beside the warehouse (`warehouse.search.sqlite`), with FTS5.

SQLite's FTS5 comes with Python: phrases, prefixes, NEAR, BM25 ranking, nothing to download (DuckDB's `fts`
extension is a download at run time). The file is updated in place, never copied: a copy of the index at
every refresh would cost more than the refresh (200 MB at 100,000 decisions). Readers are never blocked by
the writer (write-ahead log) and see exactly the state of the warehouse they opened: each row of
`documents` and `organisations` carries the generation it appears in (`born`) and the one it is replaced in
(`died`), and a reader asks for the rows of the generation its warehouse file records
(`publishing.generations`).

- `words`: the full-text index of every decision text indexed so far, contentless (the words are in the
  index, the text is in `texts`, compressed), rowid = `texts.text_id`. A text is indexed once and stays:
  texts are history, as in `raw.decision_files`, and a re-issued decision's new text is a new row.
- `texts`: each indexed text, zlib-compressed, by the warehouse's file_id: for the snippets.
- `documents`: one row per reference and generation: the decision's facts from `core.fct_decision` and the
  text it points to; `fingerprint` says whether a refresh must write a new row.
- `organisations`: every organisation's spellings (its name and the names written in its decisions),
  lower-cased, for `--organisation`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

FORMAT = "1"  # the layout below; an index of another layout is rebuilt from nothing
# Porter stemming over unicode61 words: "delays" finds "delayed"; accents folded (café = cafe).
TOKENIZER = "porter unicode61 remove_diacritics 2"
TEXT_COMPRESSION_LEVEL = 1  # zlib: 3.3 times smaller; level 6 makes 3.6 at 1.5 times the time

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(body, content='', tokenize='{TOKENIZER}');
CREATE TABLE IF NOT EXISTS texts (text_id INTEGER PRIMARY KEY, file_id TEXT NOT NULL UNIQUE, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    reference TEXT NOT NULL, text_id INTEGER NOT NULL, organisation_id TEXT, organisation_name TEXT,
    decision_date TEXT, outcome TEXT, outcome_as_written TEXT, category TEXT, source_url TEXT,
    fingerprint TEXT NOT NULL, born INTEGER NOT NULL, died INTEGER);
CREATE INDEX IF NOT EXISTS documents_by_text ON documents (text_id);
CREATE INDEX IF NOT EXISTS documents_by_reference ON documents (reference, died);
CREATE INDEX IF NOT EXISTS documents_by_born ON documents (born);
CREATE INDEX IF NOT EXISTS documents_by_died ON documents (died);
CREATE TABLE IF NOT EXISTS organisations (
    organisation_id TEXT NOT NULL, spellings TEXT NOT NULL, fingerprint TEXT NOT NULL,
    born INTEGER NOT NULL, died INTEGER);
CREATE INDEX IF NOT EXISTS organisations_by_id ON organisations (organisation_id, died);
"""
VERSIONED = ("documents", "organisations")


class SearchIndexError(RuntimeError):
    """The index file cannot be read or written as an index: names the file and what to do."""


def index_path(warehouse: Path) -> Path:
    """`data/warehouse.duckdb` -> `data/warehouse.search.sqlite`."""
    return warehouse.with_name(f"{warehouse.stem}.search.sqlite")


def visible_at(alias: str) -> str:
    """The rows of `alias` a reader of generation `:generation` sees."""
    return f"({alias}.born <= :generation AND ({alias}.died IS NULL OR {alias}.died > :generation))"


@contextlib.contextmanager
def open_for_writing(path: Path) -> Iterator[sqlite3.Connection]:
    """The index, created when missing; rebuilt from nothing when its layout is not this code's."""
    try:
        con = sqlite3.connect(path, isolation_level=None, timeout=30)
        con.execute("PRAGMA journal_mode = WAL")  # readers keep reading while a refresh writes
        con.execute("PRAGMA synchronous = NORMAL")  # durable at each checkpoint; a crash loses no committed state
        if _format(con) not in (None, FORMAT):
            _drop_everything(con)
        con.executescript(_SCHEMA)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", [FORMAT])
    except sqlite3.DatabaseError as error:
        raise SearchIndexError(f"{path} is not a search index SQLite can open ({error}); remove it and run "
                               "`lgo-pipeline run` to build it again") from None
    try:
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def open_for_reading(path: Path) -> Iterator[sqlite3.Connection]:
    """The index for queries only: nothing a search runs can change it."""
    if not path.is_file():
        raise SearchIndexError(f"no search index at {path}: run `lgo-pipeline run` to build it")
    try:
        con = sqlite3.connect(path, isolation_level=None, timeout=5)
        con.execute("PRAGMA query_only = ON")
        if _format(con) != FORMAT:
            raise SearchIndexError(f"{path} was built by another version of lgo-pipeline: run `lgo-pipeline run` "
                                   "to rebuild it")
    except sqlite3.DatabaseError as error:
        raise SearchIndexError(f"cannot read the search index {path}: {error}") from None
    try:
        yield con
    finally:
        con.close()


def undo_unpublished(con: sqlite3.Connection, generation: int) -> None:
    """Forget what a run that never published wrote for `generation` or later, and the rows no reader can
    still ask for (replaced two generations ago or earlier: a search reads its generation and then the index
    within milliseconds)."""
    for table in VERSIONED:
        con.execute(f"DELETE FROM {table} WHERE born >= ?", [generation])
        con.execute(f"UPDATE {table} SET died = NULL WHERE died >= ?", [generation])
        con.execute(f"DELETE FROM {table} WHERE died <= ?", [generation - 2])


def _format(con: sqlite3.Connection) -> str | None:
    if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        return None
    row = con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    return row[0] if row else None


def _drop_everything(con: sqlite3.Connection) -> None:
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
                               "('meta', 'words', 'texts', 'documents', 'organisations')").fetchall():
        con.execute(f"DROP TABLE {name}")


def searchable_counts(path: Path, generation: int) -> tuple[int, int]:
    """Decisions visible at `generation`, and how many of them repeat a reference (0 in a sound index)."""
    with open_for_reading(path) as con:
        return con.execute(f"SELECT count(*), count(*) - count(DISTINCT reference) FROM documents AS d "
                           f"WHERE {visible_at('d')}", {"generation": generation}).fetchone()
