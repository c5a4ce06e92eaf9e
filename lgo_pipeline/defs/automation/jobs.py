import dagster as dg

refresh_warehouse = dg.define_asset_job(
    "refresh_warehouse",
    selection=dg.AssetSelection.all(),
    description="Ingest new raw files, parse them, normalise, rebuild core and marts, run every check.",
)
