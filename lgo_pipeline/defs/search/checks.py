import dagster as dg

from lgo_pipeline.defs.resources import WAREHOUSE_POOL, WarehouseWriter
from lgo_pipeline.search.index_refresh import index_health
from lgo_pipeline.search.index_store import work_index


@dg.asset_check(asset="decision_search", blocking=True, pool=WAREHOUSE_POOL)
def every_decision_searchable_once(warehouse: WarehouseWriter) -> dg.AssetCheckResult:
    """The index this run publishes holds one document per decision of core.fct_decision, and its record of
    what it holds names exactly those decisions (blocking: a search that silently misses decisions, or lists
    one twice, is worse than the last published index)."""
    with warehouse.connection() as con:
        health = index_health(con, work_index(warehouse.files))
    return dg.AssetCheckResult(passed=health.sound, metadata={
        "decisions": health.decisions, "documents": health.documents, "decisions_not_indexed": health.not_indexed,
        "indexed_but_gone": health.indexed_but_gone})
