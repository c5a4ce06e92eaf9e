import dagster as dg

from lgo_pipeline.defs.metadata import failure_metadata
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, WarehouseWriter
from lgo_pipeline.quality import SCAN_ISSUES_SQL, scan_issues


@dg.asset_check(asset="decision_files", pool=WAREHOUSE_POOL)
def every_file_readable(warehouse: WarehouseWriter) -> dg.AssetCheckResult:
    """Lists files the last scan found but could not read: vanished mid-scan, permission denied, broken links
    (WARN: the rest of the folder is ingested; raw.scan_issues keeps the list until they read again)."""
    with warehouse.connection() as con:
        issues = scan_issues(con)
    return dg.AssetCheckResult(passed=not issues, severity=dg.AssetCheckSeverity.WARN, metadata={
        "unreadable_files": len(issues),
        **failure_metadata(len(issues), [{"path": path, "issue": issue} for path, issue in issues[:20]],
                           SCAN_ISSUES_SQL),
    })
