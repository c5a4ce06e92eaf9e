"""The Definitions load with the expected assets, checks, job, schedule and sensor; automation evaluates."""

import datetime as dt
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import duckdb
import pytest

from lgo_pipeline.definitions import defs
from lgo_pipeline.defs.automation.sensors import new_raw_files
from lgo_pipeline.defs.resources import RawFolder, WarehouseWriter, resources_for
from lgo_pipeline.ingest.raw_files import ingest_raw_folder
from lgo_pipeline.settings import Settings, SettingsError
from lgo_pipeline.tunables import DEFAULT_TUNABLES
from lgo_pipeline.warehouse.tables import ensure_tables
from lgo_pipeline_tests.conftest import settle

EXPECTED_ASSETS = {
    "decision_files", "decisions", "remedies", "parse_quarantine", "organisation_register", "organisation_names",
    "organisations", "category_labels", "outcome_labels", "stg_decision_files", "stg_decisions", "stg_remedies",
    "stg_parse_quarantine", "stg_organisation_names", "stg_organisations", "stg_category_labels", "stg_outcome_labels",
    "dim_organisation", "dim_category", "unresolved_organisations", "fct_decision", "fct_remedy", "int_reference_years",
    "council_uphold_league", "payments_by_category", "timeliness_by_year", "warehouse_report", "outcome_rates_by_council",
    "remedy_amounts", "time_to_decision", "national_uphold_rates", "council_funnel", "funnel_limits",
    "published_warehouse",
    "fetched_pages", "decision_cards", "stg_decision_cards", "int_decision_versions", "organisation_profiles",
    "organisation_outcomes", "organisation_remedies", "organisation_timeliness", "organisation_decisions",
    "fetch_months", "stg_fetch_months", "fetch_coverage", "left_out", "organisation_remedy_provision",
    "decision_search",
}
EXPECTED_GROUPS = {
    "decision_files": "ingest", "decisions": "parse", "organisation_register": "normalise",
    "organisation_names": "normalise", "organisations": "normalise", "stg_decisions": "staging",
    "unresolved_organisations": "core", "council_uphold_league": "marts", "warehouse_report": "report",
    "fct_decision": "core", "outcome_rates_by_council": "marts", "published_warehouse": "publish",
    "fetched_pages": "fetch", "decision_cards": "ingest", "int_decision_versions": "core", "fetch_months": "ingest",
    "fetch_coverage": "marts", "decision_search": "search",
}
KEY_CHECKS = {
    ("decisions", "every_raw_file_accounted_for", True), ("stg_decisions", "reference__not_null", True),
    ("fct_decision", "unique_key", True), ("fct_decision", "decision_date__2010_to_today", True),
    ("fct_decision", "outcome_canonical__accepted_values", True), ("outcome_rates_by_council", "unique_key", True),
    ("stg_remedies", "amount_gbp__plausible", True), ("fct_remedy", "amount_gbp__at_most_10000", False),
    ("stg_decisions", "complainant__matches", False),
    ("unresolved_organisations", "no_unresolved_councils", False),
    ("organisation_register", "organisation_register_loaded", False),
    ("category_labels", "categories_in_taxonomy", False),
    ("fetched_pages", "every_listed_page_fetched", False), ("stg_decision_cards", "unique_key", True),
    ("fct_decision", "outcome_source__accepted_values", True),
    ("decisions", "not_every_file_quarantined", True), ("fetch_coverage", "unique_key", True),
    ("decision_search", "every_decision_searchable_once", True),
}


def test_definitions_load_with_expected_assets_and_groups() -> None:
    repository = defs().get_repository_def()
    graph = repository.asset_graph
    assert {key.to_user_string() for key in graph.get_all_asset_keys()} == EXPECTED_ASSETS
    for key, group in EXPECTED_GROUPS.items():
        assert graph.get(dg.AssetKey(key)).group_name == group
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, f"{key.to_user_string()} has no description"
        assert node.kinds, f"{key.to_user_string()} has no kinds"
    groups = {graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups == {"fetch", "ingest", "parse", "normalise", "staging", "core", "marts", "report", "search",
                      "publish"}


def test_key_checks_exist_with_their_blocking_flag() -> None:
    graph = defs().get_repository_def().asset_graph
    for asset, name, blocking in KEY_CHECKS:
        assert graph.get_check_spec(dg.AssetCheckKey(dg.AssetKey(asset), name)).blocking is blocking


def test_schedule_runs_the_refresh_daily_in_uk_time() -> None:
    schedule = defs().resolve_schedule_def("daily_refresh")
    assert (schedule.cron_schedule, schedule.execution_timezone, schedule.job_name) == (
        "0 6 * * *", "Europe/London", "refresh_warehouse")


def test_schedule_evaluates_to_a_refresh_run() -> None:
    schedule = defs().resolve_schedule_def("daily_refresh")
    context = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 11, 23, 6, 0))
    result = schedule.evaluate_tick(context)
    assert len(result.run_requests) == 1
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    # the day's one full scan: files edited in place, which no folder's time shows, are read then
    assert result.run_requests[0].run_config["ops"]["decision_files"]["config"] == {"full_scan": True}


def test_the_jobs_execute_in_process_whatever_executor_the_definitions_name() -> None:
    base = defs()
    multiprocess = dg.Definitions(assets=base.assets, asset_checks=base.asset_checks, jobs=base.jobs,
                                  resources=base.resources, executor=dg.multiprocess_executor)
    for definitions in (base, multiprocess):
        for job in ("refresh_warehouse", "fetch_and_refresh"):
            assert definitions.resolve_job_def(job).executor_def.name == "in_process"


def test_a_step_of_the_run_in_another_process_is_refused_with_the_reason(tmp_path: Path) -> None:
    """A step another executor starts in a process of its own finds its run's lock: it fails saying the run
    must execute in process, where a step of another run is told the warehouse is busy."""
    writer = WarehouseWriter.at(tmp_path / "w.duckdb", DEFAULT_TUNABLES)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from lgo_pipeline.publishing import writer_lock; "
        f"writer_lock.acquire(Path({str(writer.files.lock)!r}), note='Dagster run R1'); print('held', flush=True); "
        "sys.stdin.read()")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        for run, expected in (("R1", "another step of this run .* in-process executor"), ("R2", "another lgo-pipeline run")):
            writer.setup_for_execution(SimpleNamespace(run=SimpleNamespace(run_id=run)))
            with pytest.raises(dg.Failure, match=expected):
                with writer.connection():
                    pass
    finally:
        holder.communicate("", timeout=30)
    assert not writer.files.work.exists()  # refused before the working copy was made


def test_only_the_fetch_job_and_its_weekly_schedule_touch_the_site() -> None:
    definitions = defs()
    graph = definitions.get_repository_def().asset_graph
    refresh = {key.to_user_string() for key in definitions.resolve_job_def("refresh_warehouse").asset_layer.selected_asset_keys}
    fetch = {key.to_user_string() for key in definitions.resolve_job_def("fetch_and_refresh").asset_layer.selected_asset_keys}
    assert "fetched_pages" not in refresh and fetch == refresh | {"fetched_pages"}
    assert {key.to_user_string() for key in graph.get(dg.AssetKey("fetched_pages")).child_keys} == {
        "decision_files", "decision_cards", "fetch_months"}
    weekly = definitions.resolve_schedule_def("weekly_fetch")
    assert (weekly.job_name, weekly.cron_schedule, weekly.execution_timezone) == (
        "fetch_and_refresh", "0 2 * * 1", "Europe/London")
    assert weekly.default_status == dg.DefaultScheduleStatus.STOPPED  # nothing talks to the site unless asked


def _evaluate(resources: dict, cursor: str | None = None):
    """The sensor's result; the warehouse resource has a teardown, so the context is opened as a block."""
    with dg.build_sensor_context(resources=resources, cursor=cursor) as context:
        return new_raw_files(context)


def test_sensor_requests_a_run_only_when_a_name_changes_in_a_folder_of_the_record(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    (raw / "2025").mkdir(parents=True)
    (raw / "2025" / "a.txt").write_text("a")
    resources = {"raw_folder": RawFolder(raw_dir=str(raw)), "warehouse": WarehouseWriter.at(warehouse, DEFAULT_TUNABLES)}

    first = _evaluate(resources)  # nothing published: the first run makes the record
    assert len(first.run_requests) == 1 and first.cursor
    assert isinstance(_evaluate(resources, first.cursor), dg.SkipReason)  # asked once per change

    settle(raw)
    with duckdb.connect(str(warehouse)) as con:  # what that run publishes: the scan's record
        ensure_tables(con)
        ingest_raw_folder(con, raw, dt.datetime(2026, 1, 1))
    published = _evaluate(resources, first.cursor)
    assert isinstance(published, dg.SkipReason) and "since the last scan" in published.skip_message

    (raw / "2025" / "a.txt").write_text("edited in place: for the daily full scan")
    assert isinstance(_evaluate(resources, first.cursor), dg.SkipReason)

    (raw / "2025" / "b.txt").write_text("b")
    changed = _evaluate(resources, first.cursor)
    assert len(changed.run_requests) == 1 and changed.cursor != first.cursor
    assert isinstance(_evaluate(resources, changed.cursor), dg.SkipReason)


def test_sensor_skips_with_a_reason_when_the_folder_is_missing(tmp_path: Path) -> None:
    resources = {"raw_folder": RawFolder(raw_dir=str(tmp_path / "nope")),
                 "warehouse": WarehouseWriter.at(tmp_path / "w.duckdb", DEFAULT_TUNABLES)}
    result = _evaluate(resources)
    assert isinstance(result, dg.SkipReason) and "raw folder not found" in result.skip_message


def test_the_tunables_come_from_the_environment_and_reach_the_warehouse_connection(tmp_path: Path,
                                                                                  monkeypatch) -> None:
    monkeypatch.setenv("LGO_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("LGO_PARSE_BATCH_FILES", "1_000")
    monkeypatch.setenv("LGO_WAREHOUSE", str(tmp_path / "w.duckdb"))
    settings = Settings.from_env()
    assert (settings.tunables.duckdb_memory_limit, settings.tunables.parse_batch_files) == ("300MB", 1000)
    writer = resources_for(settings)["warehouse"]
    try:
        with writer.connection() as con:
            (limit,) = con.execute("SELECT current_setting('memory_limit')").fetchone()
    finally:
        writer.teardown_after_execution(None)
    assert limit == "286.1 MiB"  # 300 MB as DuckDB reports it
    monkeypatch.setenv("LGO_SCAN_CHUNK_FILES", "many")
    with pytest.raises(SettingsError, match="LGO_SCAN_CHUNK_FILES='many': a whole number is needed"):
        Settings.from_env()
