import hashlib
import os
from pathlib import Path

import dagster as dg

from lgo_pipeline.defs.automation.jobs import refresh_warehouse
from lgo_pipeline.defs.resources import RawFolder, WarehouseWriter
from lgo_pipeline.ingest.change_record import FolderIndex, changed_folders
from lgo_pipeline.ingest.raw_files import published_folder_record
from lgo_pipeline.ingest.scanning import holds_a_file, not_raw_input


def _request_key(record: FolderIndex, changed: list[str]) -> str:
    """The changed folders with their recorded and current times: one run per change, however often asked."""
    digest = hashlib.sha256()
    for folder in changed:
        try:
            now = os.stat(folder).st_mtime_ns
        except OSError:
            now = "gone"
        digest.update(f"{folder}\0{record.get(folder)}\0{now}\n".encode())
    return digest.hexdigest()


@dg.sensor(job=refresh_warehouse, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def new_raw_files(
    context: dg.SensorEvaluationContext, raw_folder: RawFolder, warehouse: WarehouseWriter
) -> dg.SensorResult | dg.SkipReason:
    """Start a refresh when a file is added, removed or renamed in LGO_RAW_DIR: the folders of the published
    warehouse's change record (raw.folder_index), one stat each, nothing listed (cursor: the change last asked
    for). Files edited in place wait for the daily full scan."""
    raw_dir = Path(raw_folder.raw_dir)
    if not raw_dir.is_dir():
        return dg.SkipReason(f"raw folder not found: {raw_dir}")
    record = published_folder_record(Path(warehouse.published))
    if record is None:  # nothing published yet: the first run makes the record
        if not holds_a_file(raw_dir, not_raw_input(raw_dir, warehouse.files.paths)):
            return dg.SkipReason(f"no file in {raw_dir} yet")
        record, changed = {}, [str(raw_dir.resolve())]
    else:
        changed = changed_folders(record)
    if not changed:
        return dg.SkipReason(f"no file added, removed or renamed in {raw_dir} since the last scan")
    key = _request_key(record, changed)
    if key == context.cursor:
        return dg.SkipReason(f"a refresh was already requested for this change in {raw_dir}")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=key)], cursor=key)
