import dagster as dg

from lgo_pipeline.defs.metadata import failure_metadata
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, WarehouseWriter
from lgo_pipeline.lookup.register_table import register_load
from lgo_pipeline.quality import REGISTER_SOURCE_SQL, UNKNOWN_CATEGORIES_SQL, UNRECOGNISED_OUTCOMES_SQL, labels_outside


def _labels_outside(warehouse: WarehouseWriter, sql: str) -> dg.AssetCheckResult:
    """WARN with the labels and how many decisions use each: they fall outside the figures that group by them."""
    with warehouse.connection() as con:
        unplaced = labels_outside(con, sql)
    sample = [{"label": label, "decisions": decisions} for label, decisions in unplaced[:20]]
    return dg.AssetCheckResult(passed=not unplaced, severity=dg.AssetCheckSeverity.WARN,
                               metadata=failure_metadata(sum(n for _, n in unplaced), sample, sql))


@dg.asset_check(asset="outcome_labels", pool=WAREHOUSE_POOL)
def outcomes_recognised(warehouse: WarehouseWriter) -> dg.AssetCheckResult:
    """Decision-line wordings that map to no canonical outcome (WARN: they fall outside every rate)."""
    return _labels_outside(warehouse, UNRECOGNISED_OUTCOMES_SQL)


@dg.asset_check(asset="category_labels", pool=WAREHOUSE_POOL)
def categories_in_taxonomy(warehouse: WarehouseWriter) -> dg.AssetCheckResult:
    """Category labels outside the Ombudsman's taxonomy, with decision counts (WARN: add them as aliases)."""
    return _labels_outside(warehouse, UNKNOWN_CATEGORIES_SQL)


@dg.asset_check(asset="organisation_register", pool=WAREHOUSE_POOL)
def organisation_register_loaded(warehouse: WarehouseWriter) -> dg.AssetCheckResult:
    """The register is loaded (WARN: without it councils have no GSS code, tier or successor, only rule-based names)."""
    with warehouse.connection() as con:
        load = register_load(con)
    return dg.AssetCheckResult(
        passed=load.available, severity=dg.AssetCheckSeverity.WARN,
        description=load.detail or None,
        metadata={"status": load.status, "origin": load.origin, "entries": load.entries, "detail": load.detail,
                  **failure_metadata(0 if load.available else 1, [] if load.available else [load.__dict__],
                                     REGISTER_SOURCE_SQL)},
    )
