"""Parse stored raw text into the parse tables (`parsed.decisions`, `parsed.remedies`, `parsed.parse_quarantine`).

Only files without a result at the current parser version are parsed, so a re-run with nothing new
does nothing and a parser upgrade re-parses from stored text without re-reading the folder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from lgo_pipeline.parsed.batch import ParsedTables, StoredRow
from lgo_pipeline.parsed.pool import parse_batches, parser_processes
from lgo_pipeline.parsing import PARSER_VERSION
from lgo_pipeline.tunables import DEFAULT_TUNABLES
from lgo_pipeline.warehouse.connection import second_connection
from lgo_pipeline.warehouse.schema import DECISIONS, PARSE_QUARANTINE, PARSE_TABLES, PENDING_REFERENCES, REMEDIES
from lgo_pipeline.warehouse.transactions import transaction


@dataclass(frozen=True)
class ParseStats:
    parsed: int
    quarantined: int
    remedies: int
    quarantine_reasons: Counter = field(default_factory=Counter)  # reason -> files, of the files parsed now

    def __add__(self, other: ParseStats) -> ParseStats:
        return ParseStats(self.parsed + other.parsed, self.quarantined + other.quarantined,
                          self.remedies + other.remedies, self.quarantine_reasons + other.quarantine_reasons)

    @property
    def all_quarantined(self) -> bool:
        """Files were parsed and not one of them was a decision: the input is not what the parser reads."""
        return self.quarantined > 0 and self.parsed == 0


_ANNOUNCE = (f"INSERT INTO {PENDING_REFERENCES.relation} "
             "SELECT DISTINCT reference FROM (SELECT reference FROM {rows}) WHERE reference IS NOT NULL")


def clear_parse_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Empty the parse tables for a full re-parse; every reference they held is announced as changed."""
    with transaction(con):
        con.execute(_ANNOUNCE.format(rows=DECISIONS.relation))
        for table in PARSE_TABLES:
            con.execute(f"DELETE FROM {table.relation}")


def files_to_parse(con: duckdb.DuckDBPyConnection, parser_version: int) -> list[str]:
    """file_ids stored in raw with no decision or quarantine row at `parser_version`, in stored order."""
    rows = con.execute(
        f"""SELECT file_id FROM raw.decision_files
           WHERE file_id NOT IN (SELECT file_id FROM {DECISIONS.relation} WHERE parser_version = $v)
             AND file_id NOT IN (SELECT file_id FROM {PARSE_QUARANTINE.relation} WHERE parser_version = $v)
           ORDER BY rowid""",
        {"v": parser_version},
    ).fetchall()
    return [row[0] for row in rows]


def load_batches(con: duckdb.DuckDBPyConnection, file_ids: list[str], batch_size: int) -> Iterator[list[StoredRow]]:
    """The stored rows of `file_ids`, batch by batch, in stored order, from one streamed scan that starts at the
    first of them (new files sit at the end). A separate cursor, so writes can go on between batches.

    One scan, not a query per batch: at 100,000 files a join per batch read the whole text column each time
    (50 x 0.4 s); the scan reads it once (1 s). Filtering in Python keeps DuckDB's scan order."""
    wanted = set(file_ids)
    ids = pa.table({"file_id": file_ids})  # noqa: F841 (read by DuckDB by name)
    reader = second_connection(con)
    (first,) = reader.execute("SELECT min(rowid) FROM raw.decision_files WHERE file_id IN (SELECT file_id FROM ids)"
                              ).fetchone()
    result = reader.execute("SELECT file_id, path, encoding, text FROM raw.decision_files WHERE rowid >= ?", [first])
    batch: list[StoredRow] = []
    while rows := result.fetchmany(batch_size):
        batch += [row for row in rows if row[0] in wanted]
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _delete_rows(con: duckdb.DuckDBPyConnection, file_ids: list[str]) -> None:
    """Drop the parse rows of files about to be re-parsed (older parser versions), in one pass."""
    ids = pa.table({"file_id": file_ids})  # noqa: F841 (read by DuckDB by name)
    with transaction(con):
        # the references these rows held change too (a new parser may read another reference from a file)
        con.execute(_ANNOUNCE.format(rows=f"{DECISIONS.relation} WHERE file_id IN (SELECT file_id FROM ids)"))
        for table in PARSE_TABLES:
            con.execute(f"DELETE FROM {table.relation} WHERE file_id IN (SELECT file_id FROM ids)")


def write_rows(con: duckdb.DuckDBPyConnection, tables: ParsedTables) -> ParseStats:
    """Insert one parsed batch in one transaction, its references announced as changed: a batch is all there
    or not at all."""
    with transaction(con):
        for table, rows in zip((DECISIONS, REMEDIES, PARSE_QUARANTINE), tables):  # noqa: B007 (read by DuckDB)
            con.execute(f"INSERT INTO {table.relation} BY NAME SELECT * FROM rows")
        decisions = tables[0]  # noqa: F841 (read by DuckDB by name)
        con.execute(_ANNOUNCE.format(rows="decisions"))
    decisions, remedies, quarantine = tables
    return ParseStats(decisions.num_rows, quarantine.num_rows, remedies.num_rows,
                      Counter(quarantine.column("reason").to_pylist()))


def parse_stored_files(
    con: duckdb.DuckDBPyConnection,
    batch_size: int = DEFAULT_TUNABLES.parse_batch_files,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> ParseStats:
    """Parse every file that needs it, on every core, batch by batch; `progress(done, total)` after each."""
    file_ids = files_to_parse(con, PARSER_VERSION)
    totals = ParseStats(0, 0, 0)
    if not file_ids:
        return totals
    _delete_rows(con, file_ids)

    def write(tables: ParsedTables) -> None:
        nonlocal totals
        totals += write_rows(con, tables)
        if progress:
            progress(totals.parsed + totals.quarantined, len(file_ids))

    parse_batches(load_batches(con, file_ids, batch_size), PARSER_VERSION, write,
                  workers or parser_processes(len(file_ids), batch_size))
    return totals
