"""Build one model in DuckDB: atomically, and documented with COMMENT ON."""

from __future__ import annotations

import duckdb

from lgo_pipeline.sql_models.project import SqlModel, SqlProject
from lgo_pipeline.storage.introspection import row_count
from lgo_pipeline.storage.transactions import transaction


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def build_model(con: duckdb.DuckDBPyConnection, project: SqlProject, model: SqlModel) -> int:
    """Create or replace the model's table (or view) and its comments in one transaction.

    A reader never sees a half-built table: the old one stays visible until COMMIT. Returns row count.
    """
    kind = "VIEW" if model.materialized == "view" else "TABLE"
    with transaction(con):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {model.layer}")
        con.execute(f"CREATE OR REPLACE {kind} {model.relation} AS\n{project.render(model)}")
        if model.description:
            con.execute(f"COMMENT ON {kind} {model.relation} IS {_quote(model.description)}")
        actual = {row[0] for row in con.execute(f"DESCRIBE {model.relation}").fetchall()}
        for column in model.columns:
            if column.name in actual and column.description:
                con.execute(f"COMMENT ON COLUMN {model.relation}.{column.name} IS {_quote(column.description)}")
    return row_count(con, model.relation)
