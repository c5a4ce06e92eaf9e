"""Build one model in DuckDB: atomically, as far as it changed (see `incremental`), documented with COMMENT ON."""

from __future__ import annotations

import duckdb

from lgo_pipeline.sql_models.incremental import Plan, build_changes, plan_build, record_build
from lgo_pipeline.sql_models.project import SqlModel, SqlProject
from lgo_pipeline.warehouse.introspection import row_count
from lgo_pipeline.warehouse.transactions import transaction


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _build_in_full(con: duckdb.DuckDBPyConnection, project: SqlProject, model: SqlModel) -> None:
    """Create or replace the model's table (or view) and its comments in one transaction.

    A reader never sees a half-built table: the old one stays visible until COMMIT.
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


def build_model(con: duckdb.DuckDBPyConnection, project: SqlProject, model: SqlModel) -> tuple[int, Plan]:
    """Build the model as its plan says (in full, by its changed references, or not at all); its row count and
    the plan. The runner's state tables must exist (`incremental.ensure_state`, made once by `build_project`)."""
    plan = plan_build(con, project, model)
    if plan.how == "full":
        _build_in_full(con, project, model)
    elif plan.how == "changes":
        build_changes(con, project, model)
    if plan.how != "unchanged":
        record_build(con, project, model, plan.how)
    return row_count(con, model.relation), plan
