import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from lgo_pipeline.defs.metadata import table_metadata
from lgo_pipeline.defs.resources import WAREHOUSE_POOL
from lgo_pipeline.normalise.lookup_tables import category_table, organisation_table, outcome_table
from lgo_pipeline.warehouse.frames import query_frame, replace_table

_KINDS = {"python", "duckdb", "polars"}


def _materialize(con, relation: str, frame: pl.DataFrame) -> dg.MaterializeResult:
    replace_table(con, relation, frame)
    return dg.MaterializeResult(metadata=table_metadata(con, relation))


@dg.asset(group_name="normalise", kinds=_KINDS, deps=["decisions"], pool=WAREHOUSE_POOL)
def organisation_names(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Each organisation name as written, mapped by rule to one organisation id, display name and type."""
    with duckdb.get_connection() as con:
        counts = query_frame(con, "SELECT organisation, count(*) AS n FROM staging.decisions "
                                  "WHERE organisation IS NOT NULL GROUP BY organisation")
        return _materialize(con, "staging.organisation_names", organisation_table(dict(counts.iter_rows())))


@dg.asset(group_name="normalise", kinds=_KINDS, deps=["decisions"], pool=WAREHOUSE_POOL)
def category_labels(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Each category label as written (Top > Sub), mapped to the current taxonomy with its URL slugs."""
    with duckdb.get_connection() as con:
        pairs = query_frame(con, "SELECT DISTINCT category_top, category_sub FROM staging.decisions")
        return _materialize(con, "staging.category_labels", category_table(list(pairs.iter_rows())))


@dg.asset(group_name="normalise", kinds=_KINDS, deps=["decisions"], pool=WAREHOUSE_POOL)
def outcome_labels(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Each Decision line as written, mapped to the canonical outcomes of DOMAIN.md."""
    with duckdb.get_connection() as con:
        outcomes = query_frame(con, "SELECT DISTINCT outcome FROM staging.decisions")
        return _materialize(con, "staging.outcome_labels", outcome_table(outcomes["outcome"].to_list()))
