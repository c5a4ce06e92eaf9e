"""Run the refresh job, or the fetch-then-refresh job, in process (what `lgo-pipeline run [--fetch]` and `make
run` do) and summarise it."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from typing import TYPE_CHECKING

import dagster as dg

from lgo_pipeline.definitions import build_definitions
from lgo_pipeline.defs.fetch.assets import fetched_pages
from lgo_pipeline.defs.ingest.assets import decision_files
from lgo_pipeline.defs.metadata import FAILING_ROWS, QUERY, SAMPLE, SUMMARY_PREFIX
from lgo_pipeline.defs.parse.assets import parsed_decisions
from lgo_pipeline.defs.progress import PROGRESS_LOGGER
from lgo_pipeline.run_summary import FailedCheck, RunSummary
from lgo_pipeline.settings import Settings
from lgo_pipeline.sql_models.project import LAYERS

if TYPE_CHECKING:  # the crawler's HTTP libraries load only for a fetch
    from lgo_pipeline.fetch.crawler import FetchRequest

JOB_NAME, FETCH_JOB_NAME = "refresh_warehouse", "fetch_and_refresh"
SQL_LAYERS = frozenset(LAYERS)


def _metadata_value(event: dg.AssetMaterialization, key: str) -> int:
    value = event.metadata.get(key)
    return int(value.value) if value is not None else 0


def _failed_check(evaluation: dg.AssetCheckEvaluation) -> FailedCheck:
    metadata = {key: value.value for key, value in evaluation.metadata.items()}
    return FailedCheck(
        name=f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}",
        failing_rows=metadata.get(FAILING_ROWS), sample=list(metadata.get(SAMPLE) or []), query=metadata.get(QUERY),
    )


def _root_cause(error) -> str:
    """The innermost error's message: Dagster wraps what the asset raised."""
    while error.cause is not None:
        error = error.cause
    return error.message.strip().splitlines()[0]


@contextlib.contextmanager
def _progress_to_terminal(enabled: bool):
    """Print the assets' progress messages as `  HH:MM:SS message` on stderr while the run lasts."""
    if not enabled:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("  %(asctime)s %(message)s", datefmt="%H:%M:%S"))
    PROGRESS_LOGGER.addHandler(handler)
    PROGRESS_LOGGER.setLevel(logging.INFO)
    try:
        yield
    finally:
        PROGRESS_LOGGER.removeHandler(handler)


def _instance() -> dg.DagsterInstance:
    """The DAGSTER_HOME instance when there is one (runs then show in the UI), else a throwaway one."""
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def _execute(definitions: dg.Definitions, instance: dg.DagsterInstance, full_refresh: bool, quiet: bool,
             full_scan: bool, fetch: FetchRequest | None = None) -> dg.ExecuteInProcessResult:
    """The refresh job; with `fetch`, the fetch_and_refresh job, its fetch configured as `fetch` asks (the
    site's address and the rate come from the Settings the Definitions were built with)."""
    ops = {parsed_decisions.node_def.name: {"config": {"full_refresh": full_refresh}},
           decision_files.node_def.name: {"config": {"full_scan": full_scan or full_refresh}}}
    if fetch is not None:
        ops[fetched_pages.node_def.name] = {"config": {
            "since": fetch.since.isoformat() if fetch.since else None,
            "until": fetch.until.isoformat() if fetch.until else None,
            "organisation": fetch.organisation, "max_pages": fetch.max_pages}}
    run_config = {
        "ops": ops,
        # Dagster's own console lines only for errors; progress comes compactly from `_progress_to_terminal`.
        "loggers": {"console": {"config": {"log_level": "CRITICAL" if quiet else "ERROR"}}},
    }
    return definitions.resolve_job_def(FETCH_JOB_NAME if fetch else JOB_NAME).execute_in_process(
        run_config=run_config, instance=instance, raise_on_error=False)


def execute_refresh(settings: Settings, full_refresh: bool = False, quiet: bool = True,
                    lock_held_by_caller: bool = False, full_scan: bool = False, fetch: FetchRequest | None = None,
                    ) -> tuple[dg.ExecuteInProcessResult, dg.Definitions]:
    """The refresh job (with `fetch`: fetch first), in process, on the Definitions `settings` configure: what
    the CLI and the tests run."""
    definitions = build_definitions(settings, lock_held_by_caller)
    with _instance() as instance:
        return _execute(definitions, instance, full_refresh, quiet, full_scan, fetch), definitions


def run_pipeline(settings: Settings, full_refresh: bool = False, quiet: bool = False,
                 lock_held_by_caller: bool = False, full_scan: bool = False,
                 fetch: FetchRequest | None = None) -> RunSummary:
    with _progress_to_terminal(enabled=not quiet):
        result, definitions = execute_refresh(settings, full_refresh, quiet, lock_held_by_caller, full_scan, fetch)
    return summarise(result, definitions.get_repository_def().asset_graph)


class WarmRefresher:
    """The refresh job kept ready in one process (`lgo-pipeline watch`): Dagster imported, the Definitions
    built and the instance opened once, so that each refresh pays for its steps only. The caller holds the
    writer lock around each refresh."""

    def __init__(self, settings: Settings) -> None:
        self.definitions = build_definitions(settings, lock_held_by_caller=True)
        self._graph = self.definitions.get_repository_def().asset_graph
        self._instance_scope = contextlib.ExitStack()
        self.instance = self._instance_scope.enter_context(_instance())

    def refresh(self, quiet: bool) -> RunSummary:
        with _progress_to_terminal(enabled=not quiet):
            result = _execute(self.definitions, self.instance, full_refresh=False, quiet=quiet, full_scan=False)
        summary = summarise(result, self._graph)
        if self.instance.is_ephemeral:  # nobody reads a throwaway instance's runs: keep its memory flat
            self.instance.wipe()
        return summary

    def close(self) -> None:
        self._instance_scope.close()


def stage_seconds(result: dg.ExecuteInProcessResult, graph, step_seconds: dict[str, float]) -> dict[str, float]:
    """Seconds by stage, in the order the run went through them: a step's stage is the group of the assets it
    materialised (`sql` for the SQL layers), `checks` for a step of checks alone."""
    stage_of = {}
    for event in result.get_asset_materialization_events():
        group = graph.get(event.materialization.asset_key).group_name
        stage_of[event.step_key] = "sql" if group in SQL_LAYERS else group
    stages: dict[str, float] = {}
    for step, seconds in step_seconds.items():
        stage = stage_of.get(step, "checks")
        stages[stage] = stages.get(stage, 0.0) + seconds
    return stages


def _take_facts(summary: RunSummary, metadata: dict) -> None:
    """The facts a step reported for the summary, under `summary/` keys, onto the summary's fields."""
    for key, value in metadata.items():
        if key.startswith(SUMMARY_PREFIX):
            setattr(summary, key.removeprefix(SUMMARY_PREFIX), value.value)


def summarise(result: dg.ExecuteInProcessResult, graph) -> RunSummary:
    """What the run did, from its events: the facts the assets report under `summary/` keys, mart row counts
    (the assets of group `marts`), the SQL models not built, checks by outcome, step times, errors."""
    summary = RunSummary(success=result.success)
    built = {event.materialization.asset_key for event in result.get_asset_materialization_events()}
    summary.skipped_models = sorted(key.to_user_string() for key in graph.get_all_asset_keys()
                                    if graph.get(key).group_name in SQL_LAYERS and key not in built)
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        _take_facts(summary, materialization.metadata)
        if graph.get(materialization.asset_key).group_name == "marts":
            summary.mart_rows[materialization.asset_key.to_user_string()] = _metadata_value(
                materialization, "dagster/row_count")
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed:
            summary.checks_passed += 1
        elif evaluation.severity == dg.AssetCheckSeverity.WARN:
            summary.checks_failed_warn.append(_failed_check(evaluation))
        elif evaluation.blocking:
            summary.checks_failed_blocking.append(_failed_check(evaluation))
        else:
            summary.checks_failed_error.append(_failed_check(evaluation))
    summary.step_seconds = {
        event.step_key: event.event_specific_data.duration_ms / 1000
        for event in result.all_events if event.is_step_success and event.step_key
    }
    summary.stage_seconds = stage_seconds(result, graph, summary.step_seconds)
    for event in result.all_events:  # a step that failed on purpose can still tell the summary why
        failure = event.step_failure_data.user_failure_data if event.is_step_failure else None
        _take_facts(summary, failure.metadata if failure else {})
    summary.errors = [
        f"{event.step_key}: {_root_cause(event.step_failure_data.error)}"
        for event in result.all_events
        if event.is_step_failure and event.step_failure_data.error
        and event.step_failure_data.error.cls_name != "DagsterAssetCheckFailedError"  # reported as a check
    ]
    return summary
