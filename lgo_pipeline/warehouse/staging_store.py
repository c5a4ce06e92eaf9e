"""Parse stored raw text into `staging.decisions`, `staging.remedies` and `staging.parse_quarantine`.

Only files without a result at the current parser version are parsed, so a re-run with nothing new
does nothing and a parser upgrade re-parses from stored text without re-reading the folder.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import duckdb
import polars as pl
import pyarrow as pa

from lgo_pipeline.parsing import PARSER_VERSION
from lgo_pipeline.parsing.batch import StoredRow, parse_batch
from lgo_pipeline.warehouse.transactions import transaction

_DECISIONS_SCHEMA = {
    "file_id": pl.String, "source": pl.String, "reference": pl.String, "organisation": pl.String,
    "category": pl.String, "category_top": pl.String, "category_sub": pl.String, "outcome": pl.String,
    "outcome_canonical": pl.String, "decision_date": pl.Date, "complainant": pl.String, "summary": pl.String,
    "signed_by": pl.String, "document_type": pl.String, "remedy_amounts_gbp": pl.List(pl.Float64), "warnings": pl.List(pl.String), "parser_version": pl.Int32,
}
_REMEDIES_SCHEMA = {
    "file_id": pl.String, "reference": pl.String, "remedy_index": pl.Int32, "kind": pl.String,
    "amount_gbp": pl.Float64, "rate": pl.String, "recipient": pl.String, "purpose": pl.String,
    "due_within_days": pl.Int32, "text": pl.String, "parser_version": pl.Int32,
}
_QUARANTINE_SCHEMA = {"file_id": pl.String, "path": pl.String, "reason": pl.String, "parser_version": pl.Int32}
_STAGING_TABLES = ("staging.decisions", "staging.remedies", "staging.parse_quarantine")


@dataclass(frozen=True)
class ParseStats:
    parsed: int
    quarantined: int
    remedies: int


def clear_staging(con: duckdb.DuckDBPyConnection) -> None:
    for table in _STAGING_TABLES:
        con.execute(f"DELETE FROM {table}")


def files_to_parse(con: duckdb.DuckDBPyConnection, parser_version: int) -> list[str]:
    """file_ids stored in raw with no decision or quarantine row at `parser_version`."""
    rows = con.execute(
        """SELECT file_id FROM raw.decision_files
           WHERE file_id NOT IN (SELECT file_id FROM staging.decisions WHERE parser_version = $v)
             AND file_id NOT IN (SELECT file_id FROM staging.parse_quarantine WHERE parser_version = $v)
           ORDER BY file_id""",
        {"v": parser_version},
    ).fetchall()
    return [row[0] for row in rows]


def load_batches(con: duckdb.DuckDBPyConnection, file_ids: list[str], batch_size: int) -> Iterator[list[StoredRow]]:
    """The stored rows of `file_ids`, batch by batch (a separate cursor, so writes can go on between)."""
    reader = con.cursor()
    for start in range(0, len(file_ids), batch_size):
        ids = pa.table({"file_id": file_ids[start:start + batch_size]})  # noqa: F841 (read by DuckDB by name)
        yield reader.execute(
            "SELECT r.file_id, r.path, r.encoding, r.text FROM raw.decision_files AS r "
            "JOIN ids USING (file_id) ORDER BY r.file_id"
        ).fetchall()


def _delete_rows(con: duckdb.DuckDBPyConnection, file_ids: list[str]) -> None:
    """Drop the staging rows of files about to be re-parsed (older parser versions), in one pass."""
    ids = pa.table({"file_id": file_ids})  # noqa: F841 (read by DuckDB by name)
    with transaction(con):
        for table in _STAGING_TABLES:
            con.execute(f"DELETE FROM {table} WHERE file_id IN (SELECT file_id FROM ids)")


def write_rows(con: duckdb.DuckDBPyConnection, rows: tuple[list[dict], list[dict], list[dict]]) -> ParseStats:
    """Insert one parsed batch in one transaction: a batch is all there or not at all."""
    decisions, remedies, quarantine = (
        pl.DataFrame(part, schema=schema).to_arrow()
        for part, schema in zip(rows, (_DECISIONS_SCHEMA, _REMEDIES_SCHEMA, _QUARANTINE_SCHEMA))
    )
    with transaction(con):
        con.execute("INSERT INTO staging.decisions BY NAME SELECT * FROM decisions")
        con.execute("INSERT INTO staging.remedies BY NAME SELECT * FROM remedies")
        con.execute("INSERT INTO staging.parse_quarantine BY NAME SELECT * FROM quarantine")
    return ParseStats(decisions.num_rows, quarantine.num_rows, remedies.num_rows)


def _workers(files: int, batch_size: int) -> int:
    """Parser processes: one per core, but none for a run too small to repay starting them."""
    return 1 if files < 2 * batch_size else (os.cpu_count() or 1)


def parse_stored_files(
    con: duckdb.DuckDBPyConnection,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> ParseStats:
    """Parse every file that needs it, on every core, batch by batch; `progress(done, total)` after each.

    The main process reads batches and writes results; parser processes have at most two batches each
    in hand, so memory stays flat however many files there are.
    """
    file_ids = files_to_parse(con, PARSER_VERSION)
    totals = ParseStats(0, 0, 0)
    if not file_ids:
        return totals
    _delete_rows(con, file_ids)
    workers = workers or _workers(len(file_ids), batch_size)
    batches = load_batches(con, file_ids, batch_size)

    def record(stats: ParseStats) -> None:
        nonlocal totals
        totals = ParseStats(totals.parsed + stats.parsed, totals.quarantined + stats.quarantined,
                            totals.remedies + stats.remedies)
        if progress:
            progress(totals.parsed + totals.quarantined, len(file_ids))

    if workers == 1:
        for batch in batches:
            record(write_rows(con, parse_batch(batch, PARSER_VERSION)))
        return totals
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        in_flight: deque = deque()
        for batch in batches:
            in_flight.append(pool.submit(parse_batch, batch, PARSER_VERSION))
            if len(in_flight) >= 2 * workers:
                record(write_rows(con, in_flight.popleft().result()))
        while in_flight:
            record(write_rows(con, in_flight.popleft().result()))
    return totals
