import dagster as dg
from dagster_duckdb import DuckDBResource

from lgo_pipeline.defs.resources import WAREHOUSE_POOL
from lgo_pipeline.quality import unknown_categories, unrecognised_outcomes
from lgo_pipeline.storage.register_table import register_load


@dg.asset_check(asset="outcome_labels", pool=WAREHOUSE_POOL)
def outcomes_recognised(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Decision-line wordings that map to no canonical outcome (WARN: they fall outside every rate)."""
    with duckdb.get_connection() as con:
        unknown = unrecognised_outcomes(con)
    return dg.AssetCheckResult(
        passed=not unknown, severity=dg.AssetCheckSeverity.WARN,
        metadata={"unrecognised": dg.MetadataValue.json({wording: n for wording, n in unknown})},
    )


@dg.asset_check(asset="organisation_register", pool=WAREHOUSE_POOL)
def organisation_register_loaded(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """The register is loaded (WARN: without it councils have no GSS code, tier or successor, only rule-based names)."""
    with duckdb.get_connection() as con:
        load = register_load(con)
    return dg.AssetCheckResult(
        passed=load.available, severity=dg.AssetCheckSeverity.WARN,
        description=load.detail or None,
        metadata={"status": load.status, "origin": load.origin, "entries": load.entries, "detail": load.detail},
    )


@dg.asset_check(asset="category_labels", pool=WAREHOUSE_POOL)
def categories_in_taxonomy(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Category labels outside the Ombudsman's taxonomy, with decision counts (WARN: add them as aliases)."""
    with duckdb.get_connection() as con:
        unknown = unknown_categories(con)
    return dg.AssetCheckResult(
        passed=not unknown, severity=dg.AssetCheckSeverity.WARN,
        metadata={"unknown_categories": dg.MetadataValue.json({label: n for label, n in unknown}),
                  "decisions": sum(n for _, n in unknown)},
    )
