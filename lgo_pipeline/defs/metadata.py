"""Materialization metadata for warehouse tables: row count, documented column schema, a preview."""

import dagster as dg
import duckdb

from lgo_pipeline.warehouse.introspection import describe, first_rows, row_count

# Facts an asset reports for the run's summary (`lgo-pipeline run` prints them): `summary/<RunSummary field>`.
SUMMARY_PREFIX = "summary/"


def summary_metadata(**facts) -> dict:
    return {f"{SUMMARY_PREFIX}{name}": value for name, value in facts.items()}


# What every check reports when it fails, so that a run's summary can show why: how many rows fail, the
# first of them, and the SQL that lists them all (run it with `lgo-pipeline query --unpublished`).
FAILING_ROWS = "failing_rows"
SAMPLE = "sample"
QUERY = "query"


def failure_metadata(failing_rows: int, sample: list, query: str | None) -> dict:
    metadata = {FAILING_ROWS: failing_rows, SAMPLE: dg.MetadataValue.json(sample)}
    if query:
        metadata[QUERY] = dg.MetadataValue.text(query)
    return metadata


def markdown_preview(con: duckdb.DuckDBPyConnection, relation: str, limit: int = 10) -> dg.MetadataValue:
    """The first rows as a markdown table, for the asset page in the UI."""
    names, rows = first_rows(con, relation, limit)

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.3g}"
        return "" if value is None else str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return dg.MetadataValue.md("\n".join(lines))


def table_metadata(con: duckdb.DuckDBPyConnection, relation: str) -> dict:
    columns = [dg.TableColumn(c.name, c.type, description=c.description or None) for c in describe(con, relation)]
    return {
        "dagster/row_count": row_count(con, relation),
        "dagster/column_schema": dg.TableSchema(columns=columns),
        "dagster/table_name": relation,
    }
