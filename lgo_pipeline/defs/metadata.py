"""Materialization metadata for warehouse tables: row count and documented column schema."""

import dagster as dg
import duckdb

from lgo_pipeline.warehouse.introspection import describe, row_count


def table_metadata(con: duckdb.DuckDBPyConnection, relation: str) -> dict:
    columns = [dg.TableColumn(c.name, c.type, description=c.description or None) for c in describe(con, relation)]
    return {
        "dagster/row_count": row_count(con, relation),
        "dagster/column_schema": dg.TableSchema(columns=columns),
        "dagster/table_name": relation,
    }
