import dagster as dg
from dagster_duckdb import DuckDBResource

from lgo_pipeline.defs.resources import WAREHOUSE_POOL
from lgo_pipeline.warehouse.quality import file_accounting, missing_header_lines, missing_references


@dg.asset_check(asset="decisions", additional_deps=["decision_files", "parse_quarantine"], blocking=True,
                pool=WAREHOUSE_POOL)
def every_raw_file_accounted_for(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Every raw file is a parsed decision or a quarantined row: raw = parsed + quarantined."""
    with duckdb.get_connection() as con:
        accounting = file_accounting(con)
    return dg.AssetCheckResult(passed=accounting.balanced, metadata={
        "raw_files": accounting.raw_files, "parsed": accounting.parsed, "quarantined": accounting.quarantined,
        "unaccounted_paths": dg.MetadataValue.json(accounting.unaccounted),
    })


@dg.asset_check(asset="decisions", blocking=True, pool=WAREHOUSE_POOL)
def required_header_fields_present(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Every parsed decision has its case reference (the key of the fact table)."""
    with duckdb.get_connection() as con:
        missing = missing_references(con)
    return dg.AssetCheckResult(passed=missing == 0, metadata={"missing_reference": missing})


@dg.asset_check(asset="decisions", pool=WAREHOUSE_POOL)
def header_lines_present(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Counts decisions without a title line (organisation unknown) or without Category / Decision / Decision
    date lines (WARN: ~10% of real pages have no header lines; a decision without them still counts where it can)."""
    with duckdb.get_connection() as con:
        missing = missing_header_lines(con)
    return dg.AssetCheckResult(passed=not any(missing.values()), severity=dg.AssetCheckSeverity.WARN,
                               metadata={f"missing_{k}": v for k, v in missing.items()})
