import dagster as dg

from lgo_pipeline.defs.metadata import summary_metadata
from lgo_pipeline.defs.progress import progress
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, WarehouseWriter
from lgo_pipeline.defs.sql.assets import sql_models
from lgo_pipeline.publishing.generations import record_publication
from lgo_pipeline.publishing.working_copy import publish
from lgo_pipeline.search.index_store import publish_version, remove_old_versions


@dg.asset(
    group_name="publish",
    kinds={"duckdb"},
    deps=[*sql_models.keys, "warehouse_report", "decision_search"],
    pool=WAREHOUSE_POOL,
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseWriter) -> dg.MaterializeResult:
    """The warehouse readers query (LGO_WAREHOUSE) and its report: the run's working copy, swapped in by one
    atomic rename once every model is built and every blocking check has passed, then the report built
    beside it. The search index is linked first into the version named by the generation the file records,
    so the rename publishes it too. Queries never wait for a run and never see a half-built table; a run that
    fails a gate or dies leaves the last complete state, report and search included, in place."""
    with warehouse.connection() as con:
        generation = record_publication(con)
        publish_version(warehouse.files, generation)
        size = publish(con, warehouse.files)
    remove_old_versions(warehouse.files)
    report = warehouse.files.published_report / "index.html"
    progress(context, f"publish: {warehouse.published} ({size / 1e6:,.1f} MB) and {report}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(warehouse.published), "bytes": size,
        "report": dg.MetadataValue.path(str(report)), **summary_metadata(published=True, report=str(report)),
    })
