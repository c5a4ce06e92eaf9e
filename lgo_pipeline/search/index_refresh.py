"""Bring the search index to the warehouse's working copy, writing only what changed.

A refresh compares a fingerprint of the facts of each decision the SQL models rebuilt since the index last
took them (`pipeline.released_references`: new files, re-issues, a renamed council, a re-parse) with the
fingerprint the index holds, so it costs what changed; after a full build of the facts, or when the index
does not hold as many decisions as the warehouse, it compares every decision. Organisations (a few thousand
rows) are compared in full. A changed decision gets a new `documents` row visible from the
generation being built; its text is read from the warehouse and indexed only when the index has not seen
that text before. Everything is one SQLite transaction: a refresh that dies leaves the index as it was, and
the next one first undoes what a run that never published had committed (`index_file.undo_unpublished`).
"""

from __future__ import annotations

import itertools
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from lgo_pipeline.search import index_file
from lgo_pipeline.storage.schema import RELEASED_REFERENCES

_FACTS = """
SELECT reference, file_id, organisation_id, organisation_name, CAST(decision_date AS VARCHAR) AS decision_date,
       outcome_canonical AS outcome, outcome AS outcome_as_written,
       CASE WHEN category_sub IS NULL THEN category_top ELSE category_top || ' > ' || category_sub END AS category,
       source_url
FROM core.fct_decision
"""
_FACT_COLUMNS = ("reference", "file_id", "organisation_id", "organisation_name", "decision_date", "outcome",
                 "outcome_as_written", "category", "source_url")
_ORGANISATIONS = """
SELECT organisation_id,
       lower(concat_ws(chr(10), organisation_name, current_organisation_name, array_to_string(name_variants, chr(10))))
           AS spellings
FROM core.dim_organisation
"""
_BATCH = 2_000  # texts read, compressed and indexed at a time: memory stays flat on a first build


@dataclass(frozen=True)
class IndexRefresh:
    generation: int
    documents_written: int  # decisions new or changed (a new row each)
    documents_removed: int
    texts_indexed: int  # texts the index had not seen
    organisations_written: int
    documents: int  # decisions searchable in this generation
    bytes: int
    seconds: float


def refresh_index(con: duckdb.DuckDBPyConnection, path: Path, generation: int,
                  progress: Callable[[str], None] = lambda line: None) -> IndexRefresh:
    """Make generation `generation` of the index at `path` match `core.fct_decision` of `con`."""
    started = time.perf_counter()
    released = _take_released(con, generation)
    with index_file.open_for_writing(path) as index:
        index.execute("PRAGMA journal_size_limit = 67108864")  # the log shrinks back after a first build
        index.execute("BEGIN IMMEDIATE")
        try:
            index_file.undo_unpublished(index, generation)
            scope = released if index.execute("SELECT EXISTS (SELECT 1 FROM documents)").fetchone()[0] else None
            documents = _refresh_documents(con, index, generation, scope, progress)  # scope None: everything
            searchable = _live_count(index)
            if scope is not None and searchable != _decision_count(con):  # the index is never trusted blindly
                progress("search: the index did not hold every decision; comparing all of them")
                documents = documents.plus(_refresh_documents(con, index, generation, None, progress))
                searchable = _live_count(index)
            organisations_changed, organisations_removed = _changes(
                _fingerprints(con, _ORGANISATIONS, "organisation_id"),
                _live_fingerprints(index, "organisations", "organisation_id"))
            _write_versions(index, "organisations", "organisation_id", generation, organisations_removed,
                            _organisation_rows(con, organisations_changed))
            index.execute("COMMIT")
        except BaseException:
            index.execute("ROLLBACK")
            raise
    con.execute(f"UPDATE {RELEASED_REFERENCES.relation} SET consumed_generation = ?", [generation])
    return IndexRefresh(generation, documents.written, documents.removed, documents.texts_indexed,
                        len(organisations_changed), searchable, path.stat().st_size, time.perf_counter() - started)


@dataclass(frozen=True)
class _Written:
    written: int
    removed: int
    texts_indexed: int

    def plus(self, other: _Written) -> _Written:
        return _Written(self.written + other.written, self.removed + other.removed,
                        self.texts_indexed + other.texts_indexed)


def _take_released(con: duckdb.DuckDBPyConnection, generation: int) -> list[str] | None:
    """The references released by the SQL models and not yet in a published generation of the index (None:
    every reference, after a full build). What an earlier generation took and published is forgotten here."""
    con.execute(f"DELETE FROM {RELEASED_REFERENCES.relation} WHERE consumed_generation < ?", [generation])
    references = [reference for (reference,) in con.execute(
        f"SELECT DISTINCT reference FROM {RELEASED_REFERENCES.relation}").fetchall()]
    return None if None in references else references


def _refresh_documents(con: duckdb.DuckDBPyConnection, index: sqlite3.Connection, generation: int,
                       scope: list[str] | None, progress: Callable[[str], None]) -> _Written:
    """Compare the decisions in `scope` (None: all) with the index and write what differs."""
    if scope is None:
        current = _fingerprints(con, _FACTS, "reference")
        indexed = _live_fingerprints(index, "documents", "reference")
    else:
        current = _fingerprints(con, f"SELECT * FROM ({_FACTS}) WHERE reference IN (SELECT unnest($scope))",
                                "reference", {"scope": scope})
        _fill_temp(index, "scope", "reference", scope)
        indexed = dict(index.execute("SELECT d.reference, d.fingerprint FROM documents AS d JOIN temp.scope "
                                     "USING (reference) WHERE d.died IS NULL").fetchall())
    changed, removed = _changes(current, indexed)
    texts = _index_new_texts(con, index, changed, progress)
    _write_versions(index, "documents", "reference", generation, removed, _document_rows(con, changed, texts))
    return _Written(len(changed), len(removed), texts.indexed)


def _live_count(index: sqlite3.Connection) -> int:
    return index.execute("SELECT count(*) FROM documents WHERE died IS NULL").fetchone()[0]


def _decision_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM core.fct_decision").fetchone()[0]


def _fill_temp(index: sqlite3.Connection, table: str, column: str, values: list[str]) -> None:
    index.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({column} TEXT PRIMARY KEY)")
    index.execute(f"DELETE FROM temp.{table}")
    index.executemany(f"INSERT OR IGNORE INTO temp.{table} VALUES (?)", ((value,) for value in values))


def _fingerprints(con: duckdb.DuckDBPyConnection, sql: str, key: str, parameters: dict | None = None) -> dict[str, str]:
    """Each row's key and a hash of the whole row, computed in DuckDB (the rows are not read out)."""
    return dict(con.execute(f"SELECT {key}, CAST(hash(r) AS VARCHAR) FROM ({sql}) AS r", parameters).fetchall())


def _live_fingerprints(index: sqlite3.Connection, table: str, key: str) -> dict[str, str]:
    return dict(index.execute(f"SELECT {key}, fingerprint FROM {table} WHERE died IS NULL").fetchall())


def _changes(current: dict[str, str], indexed: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The keys new or changed (with their fingerprint) and the keys gone."""
    changed = {key: print_ for key, print_ in current.items() if indexed.get(key) != print_}
    return changed, sorted(indexed.keys() - current.keys())


@dataclass
class _Texts:
    ids: dict[str, int]  # file_id -> text_id, for the changed decisions' texts
    indexed: int = 0


def _index_new_texts(con: duckdb.DuckDBPyConnection, index: sqlite3.Connection, changed: dict[str, str],
                     progress: Callable[[str], None]) -> _Texts:
    """Index the texts of the changed decisions that the index has not seen; the text ids of all of them."""
    if not changed:
        return _Texts({})
    wanted = [file_id for (file_id,) in con.execute(
        "SELECT DISTINCT file_id FROM core.fct_decision WHERE reference IN (SELECT unnest($references))",
        {"references": list(changed)}).fetchall()]
    texts = _Texts(_known_texts(index, wanted))
    missing = [file_id for file_id in wanted if file_id not in texts.ids]
    (next_id,) = index.execute("SELECT coalesce(max(text_id), 0) + 1 FROM texts").fetchone()
    cursor = con.execute("SELECT file_id, coalesce(text, '') FROM raw.decision_files "
                         "WHERE file_id IN (SELECT unnest($ids))", {"ids": missing})
    started = time.perf_counter()
    while batch := cursor.fetchmany(_BATCH):
        rows = [(next_id + i, file_id, text) for i, (file_id, text) in enumerate(batch)]
        index.executemany("INSERT INTO words (rowid, body) VALUES (?, ?)", ((i, text) for i, _, text in rows))
        index.executemany("INSERT INTO texts VALUES (?, ?, ?)", (
            (i, file_id, zlib.compress(text.encode(), index_file.TEXT_COMPRESSION_LEVEL)) for i, file_id, text in rows))
        texts.ids.update((file_id, i) for i, file_id, _ in rows)
        next_id += len(rows)
        texts.indexed += len(rows)
        if len(missing) > 10 * _BATCH and texts.indexed % (10 * _BATCH) < _BATCH:
            rate = texts.indexed / max(time.perf_counter() - started, 1e-9)
            progress(f"search: {texts.indexed:,}/{len(missing):,} texts indexed ({rate:,.0f}/s)")
    return texts


def _known_texts(index: sqlite3.Connection, file_ids: list[str]) -> dict[str, int]:
    _fill_temp(index, "wanted", "file_id", file_ids)
    return dict(index.execute("SELECT t.file_id, t.text_id FROM texts AS t JOIN temp.wanted USING (file_id)").fetchall())


def _document_rows(con: duckdb.DuckDBPyConnection, changed: dict[str, str], texts: _Texts) -> Iterable[tuple]:
    cursor = con.execute(f"SELECT * FROM ({_FACTS}) WHERE reference IN (SELECT unnest($references))",
                         {"references": list(changed)})
    file_id = _FACT_COLUMNS.index("file_id")
    while batch := cursor.fetchmany(_BATCH):
        for row in batch:
            yield (row[0], texts.ids[row[file_id]], *row[2:], changed[row[0]])


def _organisation_rows(con: duckdb.DuckDBPyConnection, changed: dict[str, str]) -> Iterable[tuple]:
    rows = con.execute(f"SELECT * FROM ({_ORGANISATIONS}) WHERE organisation_id IN (SELECT unnest($ids))",
                       {"ids": list(changed)}).fetchall()
    return [(*row, changed[row[0]]) for row in rows]


def _batched(rows: Iterable[tuple]) -> Iterable[list[tuple]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, _BATCH)):
        yield batch


def _write_versions(index: sqlite3.Connection, table: str, key: str, generation: int, removed: list[str],
                    rows: Iterable[tuple]) -> None:
    """End the live row of each removed or changed key at `generation`; the changed rows start there."""
    end = f"UPDATE {table} SET died = ? WHERE {key} = ? AND died IS NULL"
    index.executemany(end, ((generation, gone) for gone in removed))
    columns = [name for (_, name, *_) in index.execute(f"PRAGMA table_info({table})").fetchall()]
    insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for batch in _batched(rows):
        index.executemany(end, ((generation, row[0]) for row in batch))
        index.executemany(insert, ((*row, generation, None) for row in batch))
