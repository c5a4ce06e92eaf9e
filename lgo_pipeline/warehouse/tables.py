"""Create the tables Python writes, as `schema` declares them, in a new or an older warehouse."""

from __future__ import annotations

import dataclasses

import duckdb

from lgo_pipeline.warehouse.schema import PYTHON_SCHEMAS, SQL_SCHEMAS, TABLES, column_ddl


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Every schema and table, and in a warehouse built by an earlier version: the columns added since (the
    parser version moves with them, so their rows are parsed again), and no tables where SQL models now
    build views (`staging` held the parse tables before they had a schema of their own)."""
    for schema in (*PYTHON_SCHEMAS, *SQL_SCHEMAS):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for (retired,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                                  "AND schema_name = 'staging'").fetchall():
        con.execute(f'DROP TABLE staging."{retired}"')
    for table in TABLES:
        con.execute(table.ddl())
        present = {name for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = ? AND table_name = ?", [table.schema, table.name]).fetchall()}
        for column in table.columns:
            if column.name not in present:
                existing_rows_allow = dataclasses.replace(column, nullable=True)  # NOT NULL needs a value per row
                con.execute(f"ALTER TABLE {table.relation} ADD COLUMN {column_ddl(existing_rows_allow)}")
