import dagster as dg

from lgo_pipeline.defs.metadata import failure_metadata
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, WarehouseWriter
from lgo_pipeline.quality import (
    REISSUED_SQL, SET_ASIDE_SQL, UNACCOUNTED_FILES_SQL, file_accounting, reissued_references, set_aside_values,
)


@dg.asset_check(asset="decisions", additional_deps=["decision_files", "parse_quarantine"], blocking=True,
                pool=WAREHOUSE_POOL)
def every_raw_file_accounted_for(warehouse: WarehouseWriter) -> dg.AssetCheckResult:
    """Every raw file is a parsed decision or a quarantined row: raw = parsed + quarantined."""
    with warehouse.connection() as con:
        accounting = file_accounting(con)
    unaccounted = abs(accounting.raw_files - accounting.parsed - accounting.quarantined) or len(accounting.unaccounted)
    return dg.AssetCheckResult(passed=accounting.balanced, metadata={
        "raw_files": accounting.raw_files, "parsed": accounting.parsed, "quarantined": accounting.quarantined,
        **failure_metadata(unaccounted, accounting.unaccounted, UNACCOUNTED_FILES_SQL),
    })


@dg.asset_check(asset="decisions", pool=WAREHOUSE_POOL)
def no_reissued_references(warehouse: WarehouseWriter) -> dg.AssetCheckResult:
    """Counts references with more than one decision file (WARN: re-issued decisions are real; the fact table
    keeps the latest decision date, then the latest seen, and the older versions stay in staging)."""
    with warehouse.connection() as con:
        reissued = reissued_references(con)
    return dg.AssetCheckResult(passed=not reissued, severity=dg.AssetCheckSeverity.WARN, metadata={
        "reissued_references": len(reissued),
        **failure_metadata(len(reissued), [{"reference": r, "versions": n} for r, n in reissued[:20]], REISSUED_SQL),
    })


@dg.asset_check(asset="decisions", pool=WAREHOUSE_POOL)
def no_implausible_values(warehouse: WarehouseWriter) -> dg.AssetCheckResult:
    """Lists decision dates (before 2010, in the future, before the reference's year), amounts (outside
    £0.01-£1m) and deadlines (over two years) the parser set aside (WARN: the decision still counts, without the
    impossible value)."""
    with warehouse.connection() as con:
        set_aside = set_aside_values(con)
    return dg.AssetCheckResult(passed=not set_aside, severity=dg.AssetCheckSeverity.WARN,
                               metadata=failure_metadata(len(set_aside), set_aside[:20], SET_ASIDE_SQL))
