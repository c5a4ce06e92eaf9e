import dagster as dg
from dagster_duckdb import DuckDBResource

from lgo_pipeline.defs.metadata import markdown_preview, table_metadata
from lgo_pipeline.defs.resources import WAREHOUSE_POOL
from lgo_pipeline.sql_models.building import build_model
from lgo_pipeline.sql_models.project import SqlModel, SqlProject, load_project


def sql_model_asset(project: SqlProject, model: SqlModel) -> dg.AssetsDefinition:
    """One asset per SQL file: key = file stem, group = folder, deps = its refs and sources."""

    @dg.asset(
        name=model.name,
        group_name=model.layer,
        deps=[*model.refs, *(table for _, table in model.sources)],
        description=model.description or None,
        kinds={"duckdb", "sql"},
        pool=WAREHOUSE_POOL,
        metadata={"sql_file": str(model.path.relative_to(project.root.parent)), "relation": model.relation},
    )
    def _build(duckdb: DuckDBResource) -> dg.MaterializeResult:
        with duckdb.get_connection() as con:
            build_model(con, project, model)
            metadata = table_metadata(con, model.relation)
            if model.layer == "marts":
                metadata["preview"] = markdown_preview(con, model.relation)
            return dg.MaterializeResult(metadata=metadata)

    return _build


SQL_PROJECT = load_project()
sql_model_assets = [sql_model_asset(SQL_PROJECT, model) for model in SQL_PROJECT.models.values()]
