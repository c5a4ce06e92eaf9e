"""Move polars frames in and out of DuckDB through Arrow."""

from __future__ import annotations

import duckdb
import polars as pl

from lgo_pipeline.warehouse.transactions import transaction


def replace_table(con: duckdb.DuckDBPyConnection, relation: str, frame: pl.DataFrame) -> int:
    """Swap `relation` for the frame's rows in one transaction; readers see the old or the new table."""
    incoming = frame.to_arrow()  # noqa: F841 (read by DuckDB by name)
    with transaction(con):
        con.execute(f"CREATE OR REPLACE TABLE {relation} AS SELECT * FROM incoming")
    return frame.height


def query_frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    return con.sql(sql, params=params or []).pl()
