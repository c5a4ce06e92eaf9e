import dagster as dg
from dagster_duckdb import DuckDBResource

from lgo_pipeline.defs.metadata import failure_metadata
from lgo_pipeline.defs.resources import WAREHOUSE_POOL
from lgo_pipeline.defs.sql.assets import SQL_PROJECT
from lgo_pipeline.sql_models.data_tests import run_test
from lgo_pipeline.sql_models.project import DataTest, SqlModel, SqlProject


def _description(test: DataTest) -> str:
    config = ", ".join(f"{k}={v}" for k, v in test.config.items())
    target = f"{test.column}: " if test.column else ""
    return f"{target}{test.kind}{f' ({config})' if config else ''}; {_on_failure(test)} on failure"


def _on_failure(test: DataTest) -> str:
    if test.severity == "warn":
        return "warns"
    return "blocks downstream" if test.blocking else "fails without blocking"


def sql_model_checks(project: SqlProject, model: SqlModel) -> dg.AssetChecksDefinition:
    """The schema.yml tests of one model; `error` tests block downstream models (unless `blocking: false`),
    `warn` tests only report."""
    specs = [
        dg.AssetCheckSpec(test.name, asset=model.name, blocking=test.blocking, description=_description(test))
        for test in model.tests
    ]
    tests = {test.name: test for test in model.tests}

    @dg.multi_asset_check(name=f"{model.name}_tests", specs=specs, can_subset=True, pool=WAREHOUSE_POOL)
    def _check(context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource):
        with duckdb.get_connection() as con:
            for check_key in sorted(context.selected_asset_check_keys, key=lambda k: k.name):
                outcome = run_test(con, project, model, tests[check_key.name])
                yield dg.AssetCheckResult(
                    asset_key=model.name,
                    check_name=check_key.name,
                    passed=outcome.passed,
                    severity=dg.AssetCheckSeverity.ERROR if outcome.test.severity == "error" else dg.AssetCheckSeverity.WARN,
                    metadata=failure_metadata(outcome.failing_rows, outcome.sample, outcome.sql),
                )

    return _check


sql_model_test_checks = [sql_model_checks(SQL_PROJECT, m) for m in SQL_PROJECT.models.values() if m.tests]
