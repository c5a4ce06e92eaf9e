import dagster as dg

from lgo_pipeline.defs.metadata import failure_metadata, markdown_preview, table_metadata
from lgo_pipeline.defs.progress import progress
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, WarehouseWriter
from lgo_pipeline.sql_models.incremental import definition_sha256
from lgo_pipeline.sql_models.project import DataTest, SqlModel, load_project
from lgo_pipeline.sql_models.runner import ModelBuilt, ModelSkipped, build_project

SQL_PROJECT = load_project()


def _spec(model: SqlModel) -> dg.AssetSpec:
    """An asset per model: key = file stem, group = folder (layer), deps = its refs and sources."""
    return dg.AssetSpec(
        model.name, group_name=model.layer, deps=[*model.refs, *(table for _, table in model.sources)],
        description=model.description or None, kinds={"duckdb", "sql"}, skippable=True,
        code_version=definition_sha256(SQL_PROJECT, model)[:16],
        metadata={"sql_file": str(model.path.relative_to(SQL_PROJECT.root)), "relation": model.relation,
                  "materialized": model.materialized},
    )


def _on_failure(test: DataTest) -> str:
    if test.severity == "warn":
        return "warns"
    return "blocks downstream" if test.blocking else "fails without blocking"


def _check_spec(model: SqlModel, test: DataTest) -> dg.AssetCheckSpec:
    config = ", ".join(f"{k}={v}" for k, v in test.config.items())
    target = f"{test.column}: " if test.column else ""
    description = f"{target}{test.kind}{f' ({config})' if config else ''}; {_on_failure(test)} on failure"
    return dg.AssetCheckSpec(test.name, asset=model.name, blocking=test.blocking, description=description)


@dg.multi_asset(
    name="sql_models",
    specs=[_spec(model) for model in SQL_PROJECT.models.values()],
    check_specs=[_check_spec(model, test) for model in SQL_PROJECT.models.values() for test in model.tests],
    can_subset=True,
    pool=WAREHOUSE_POOL,
)
def sql_models(context: dg.AssetExecutionContext, warehouse: WarehouseWriter):
    """Every SQL model of dbt_like_sql/ built in dependency order in one step, each followed by its schema.yml
    tests, as `@dbt_assets` does: each model is its own asset with its own checks, and a blocking failure
    skips the models downstream of it (and so the publication)."""
    models = {key.to_user_string() for key in context.selected_asset_keys}
    tests = {(key.asset_key.to_user_string(), key.name) for key in context.selected_asset_check_keys}
    with warehouse.connection() as con:
        for event in build_project(con, SQL_PROJECT, models, tests):
            if isinstance(event, ModelBuilt):
                metadata = {**table_metadata(con, event.model.relation), "built": event.plan.how,
                            "why": event.plan.why, "seconds": round(event.seconds, 3)}
                if event.model.layer == "marts":
                    metadata["preview"] = markdown_preview(con, event.model.relation)
                yield dg.MaterializeResult(asset_key=event.model.name, metadata=metadata)
            elif isinstance(event, ModelSkipped):
                progress(context, f"sql: {event.model.name} skipped: {event.because} failed upstream")
            else:
                outcome = event.outcome
                yield dg.AssetCheckResult(
                    asset_key=event.model.name, check_name=outcome.test.name, passed=outcome.passed,
                    severity=dg.AssetCheckSeverity.ERROR if outcome.test.severity == "error" else dg.AssetCheckSeverity.WARN,
                    metadata=failure_metadata(outcome.failing_rows, outcome.sample, outcome.sql),
                )
