import dagster as dg

from lgo_pipeline.defs.metadata import summary_metadata
from lgo_pipeline.defs.progress import progress
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, Warehouse
from lgo_pipeline.publishing.generations import generation_being_built
from lgo_pipeline.search.index_file import index_path
from lgo_pipeline.search.index_refresh import refresh_index


@dg.asset(group_name="search", kinds={"sqlite"}, deps=["fct_decision", "dim_organisation"], pool=WAREHOUSE_POOL)
def decision_search(context: dg.AssetExecutionContext, duckdb: Warehouse) -> dg.MaterializeResult:
    """The full-text index of every decision's latest text with its facts (SQLite FTS5, beside the warehouse:
    warehouse.search.sqlite), for `lgo-pipeline search` and `lgo_pipeline.search.search`. Only decisions whose
    text or facts changed are written; the rows are visible from the generation this run publishes, so a
    search during the refresh answers from the last published state, and the index moves with the warehouse."""
    path = index_path(duckdb.files.published)
    with duckdb.get_connection() as con:
        refresh = refresh_index(con, path, generation_being_built(con), progress=lambda line: progress(context, line))
    progress(context, f"search: {refresh.documents_written:,} decisions written ({refresh.texts_indexed:,} new texts), "
                      f"{refresh.documents_removed:,} removed; {refresh.documents:,} searchable, "
                      f"{refresh.bytes / 1e6:,.1f} MB, in {refresh.seconds:.1f} s")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(path)),
        "dagster/row_count": refresh.documents,
        "generation": refresh.generation,
        "documents_written": refresh.documents_written,
        "documents_removed": refresh.documents_removed,
        "texts_indexed": refresh.texts_indexed,
        "organisations_written": refresh.organisations_written,
        "bytes": refresh.bytes,
        "seconds": round(refresh.seconds, 2),
        **summary_metadata(search_index=f"{path} ({refresh.documents:,} decisions)"),
    })
