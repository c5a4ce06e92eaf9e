"""What is in the warehouse: columns with their documentation, row counts."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str
    description: str


def describe(con: duckdb.DuckDBPyConnection, relation: str) -> list[ColumnInfo]:
    """Columns of a table or view with their types and COMMENT ON descriptions."""
    schema, name = relation.split(".")
    rows = con.execute(
        """SELECT column_name, data_type, coalesce(comment, '') FROM duckdb_columns()
           WHERE schema_name = ? AND table_name = ? ORDER BY column_index""",
        [schema, name],
    ).fetchall()
    return [ColumnInfo(*row) for row in rows]


def row_count(con: duckdb.DuckDBPyConnection, relation: str) -> int:
    return con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]


def first_rows(con: duckdb.DuckDBPyConnection, relation: str, limit: int) -> tuple[list[str], list[tuple]]:
    """(column names, the first `limit` rows) of a relation, for a preview."""
    cursor = con.execute(f"SELECT * FROM {relation} LIMIT {int(limit)}")
    return [d[0] for d in cursor.description], cursor.fetchall()
