"""The refresh job (everything but the fetch) and the fetch-then-refresh job. Both run their steps in one
process, whatever executor the Definitions or a run's configuration name: the steps share the warehouse's one
DuckDB connection (defs.resources.WarehouseWriter)."""

import dagster as dg

refresh_warehouse = dg.define_asset_job(
    "refresh_warehouse",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("fetch"),
    executor_def=dg.in_process_executor,
    description="Ingest new raw files, parse them, normalise, rebuild core and marts, run every check. "
                "Never touches the network (the register aside, downloaded once when not given).",
)

fetch_and_refresh = dg.define_asset_job(
    "fetch_and_refresh",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Fetch the decisions published since the latest one held from the Ombudsman's site "
                "(LGO_SITE_URL), then refresh the warehouse.",
)
