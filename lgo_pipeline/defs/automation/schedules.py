import dagster as dg

from lgo_pipeline.defs.automation.jobs import fetch_and_refresh, refresh_warehouse

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_warehouse,
    cron_schedule="0 6 * * *",
    execution_timezone="Europe/London",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    # the one scan a day that lists every folder and stats every file: files edited in place are read then
    run_config={"ops": {"decision_files": {"config": {"full_scan": True}}}},
    description="Refresh the whole warehouse every morning at 06:00 UK time, scanning the raw folder in full "
                "(files edited in place, which no folder's time shows, are read again).",
)

weekly_fetch = dg.ScheduleDefinition(
    name="weekly_fetch",
    job=fetch_and_refresh,
    cron_schedule="0 2 * * 1",
    execution_timezone="Europe/London",
    # Off until turned on in the UI: nothing talks to the Ombudsman's site unless asked.
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Fetch the week's newly published decisions, then refresh: Mondays at 02:00 UK time "
                "(a quiet hour for the site). Stopped by default; turn it on in the UI.",
)
