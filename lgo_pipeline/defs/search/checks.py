import dagster as dg

from lgo_pipeline.defs.resources import WAREHOUSE_POOL, Warehouse
from lgo_pipeline.publishing.generations import generation_being_built
from lgo_pipeline.search.index_file import index_path, searchable_counts


@dg.asset_check(asset="decision_search", blocking=True, pool=WAREHOUSE_POOL)
def every_decision_searchable_once(duckdb: Warehouse) -> dg.AssetCheckResult:
    """The index this run publishes finds every decision of core.fct_decision, each once (blocking: a search
    that silently misses decisions, or lists one twice, is worse than yesterday's index)."""
    with duckdb.get_connection() as con:
        (decisions,) = con.execute("SELECT count(*) FROM core.fct_decision").fetchone()
        searchable, repeated = searchable_counts(index_path(duckdb.files.published), generation_being_built(con))
    return dg.AssetCheckResult(passed=searchable == decisions and not repeated, metadata={
        "decisions": decisions, "searchable": searchable, "references_listed_twice": repeated})
