"""The refresh job (everything but the fetch) and the fetch-then-refresh job."""

import dagster as dg

refresh_warehouse = dg.define_asset_job(
    "refresh_warehouse",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("fetch"),
    description="Ingest new raw files, parse them, normalise, rebuild core and marts, run every check. "
                "Never touches the network (the register aside, downloaded once when not given).",
)

fetch_and_refresh = dg.define_asset_job(
    "fetch_and_refresh",
    selection=dg.AssetSelection.all(),
    description="Fetch the decisions published since the latest one held from the Ombudsman's site "
                "(LGO_SITE_URL), then refresh the warehouse.",
)
