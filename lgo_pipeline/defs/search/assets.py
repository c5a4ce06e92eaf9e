import dagster as dg

from lgo_pipeline.defs.metadata import summary_metadata
from lgo_pipeline.defs.progress import progress
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, WarehouseWriter
from lgo_pipeline.search.index_refresh import refresh_index
from lgo_pipeline.search.index_store import index_bytes, work_index
from lgo_pipeline.tunables import Tunables


@dg.asset(group_name="search", kinds={"tantivy"}, deps=["fct_decision"], pool=WAREHOUSE_POOL)
def decision_search(context: dg.AssetExecutionContext, warehouse: WarehouseWriter,
                    tunables: dg.ResourceParam[Tunables]) -> dg.MaterializeResult:
    """The full-text index of every decision's latest text with its facts (tantivy), for `lgo-pipeline search`
    and `lgo_pipeline.search.search`. Only the decisions whose text or facts changed are written; it is built
    beside the working copy and published with the warehouse, as a version of hard links, so a search during
    a refresh answers from the last published state."""
    folder = work_index(warehouse.files)
    with warehouse.connection() as con:
        refresh = refresh_index(con, folder, progress=lambda line: progress(context, line), tunables=tunables)
    size = index_bytes(folder)
    progress(context, f"search: {refresh.written:,} decisions indexed, {refresh.removed:,} removed; "
                      f"{refresh.documents:,} searchable, {size / 1e6:,.1f} MB, in {refresh.seconds:.1f} s"
                      + (f" (built from nothing: {refresh.rebuilt})" if refresh.rebuilt else ""))
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(folder)),
        "dagster/row_count": refresh.documents,
        "written": refresh.written,
        "removed": refresh.removed,
        "built_from_nothing": refresh.rebuilt or "no",
        "bytes": size,
        "seconds": round(refresh.seconds, 2),
        **summary_metadata(search_index=f"{refresh.documents:,} decisions"),
    })
