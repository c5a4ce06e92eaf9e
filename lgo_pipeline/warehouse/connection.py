"""Open the working copy for writing, with row groups small enough that DuckDB compresses as it goes.

DuckDB's default row group (122,880 rows) holds all of a 100,000-file corpus: the raw text was then
compressed in one piece, on one core, when the ingest committed (6.5 s at 100,000 files). With 16,384-row
groups full groups are written while files are still being read, on every core (measured on 40,000
texts: 2.6 s of CPU -> 0.8 s: `Tunables.duckdb_row_group_size`). The size is a setting of the attached
database, not of the file, so every writing connection is opened here.
"""

from __future__ import annotations

import time

import duckdb

# Another process may hold the file for a moment (someone reading the working copy): wait, then give up.
_RETRY_DELAYS = (0.1, 0.2, 0.5, 1.0, 2.0, 4.0)


def connect_for_writing(path: str, config: dict[str, str], row_group_size: int) -> duckdb.DuckDBPyConnection:
    """A connection whose default database is the file at `path` (created when missing)."""
    con = duckdb.connect(config=config)
    for delay in (*_RETRY_DELAYS, None):
        try:
            con.execute(f"ATTACH ? AS warehouse (ROW_GROUP_SIZE {int(row_group_size)})", [path])
            break
        except duckdb.IOException:
            if delay is None:
                con.close()
                raise
            time.sleep(delay)
    con.execute("USE warehouse")
    return con


def second_connection(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Another connection to the same database as `con`, on the same default database (a plain cursor starts
    on the instance's first one, the in-memory database here): for a read that streams while `con` writes."""
    (database,) = con.execute("SELECT current_database()").fetchone()
    cursor = con.cursor()
    cursor.execute(f'USE "{database.replace(chr(34), chr(34) * 2)}"')
    return cursor
