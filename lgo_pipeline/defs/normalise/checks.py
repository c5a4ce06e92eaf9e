import dagster as dg
from dagster_duckdb import DuckDBResource

from lgo_pipeline.defs.resources import WAREHOUSE_POOL
from lgo_pipeline.warehouse.quality import unrecognised_outcomes


@dg.asset_check(asset="outcome_labels", pool=WAREHOUSE_POOL)
def outcomes_recognised(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Decision-line wordings that map to no canonical outcome (WARN: they fall outside every rate)."""
    with duckdb.get_connection() as con:
        unknown = unrecognised_outcomes(con)
    return dg.AssetCheckResult(
        passed=not unknown, severity=dg.AssetCheckSeverity.WARN,
        metadata={"unrecognised": dg.MetadataValue.json({wording: n for wording, n in unknown})},
    )
