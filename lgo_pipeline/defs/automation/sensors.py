from pathlib import Path

import dagster as dg

from lgo_pipeline.defs.automation.jobs import refresh_warehouse
from lgo_pipeline.defs.resources import RawFolder, Warehouse
from lgo_pipeline.ingest.scanning import RawDirError, folder_fingerprint, not_raw_input


@dg.sensor(job=refresh_warehouse, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def new_raw_files(
    context: dg.SensorEvaluationContext, raw_folder: RawFolder, duckdb: Warehouse
) -> dg.SensorResult | dg.SkipReason:
    """Start a refresh when files in LGO_RAW_DIR are added or changed (cursor: a fingerprint of the folder)."""
    try:
        fingerprint = folder_fingerprint(Path(raw_folder.raw_dir),
                                         exclude=not_raw_input(Path(raw_folder.raw_dir), Path(duckdb.published)))
    except RawDirError as error:
        return dg.SkipReason(str(error))
    if fingerprint == context.cursor:
        return dg.SkipReason(f"no new or changed files in {raw_folder.raw_dir}")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=fingerprint)], cursor=fingerprint)
