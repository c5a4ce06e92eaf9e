import time

import dagster as dg

from lgo_pipeline.defs.metadata import failure_metadata, summary_metadata, table_metadata
from lgo_pipeline.defs.progress import per_second, progress
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, WarehouseWriter
from lgo_pipeline.parsed.parse_results import clear_parse_tables, parse_stored_files
from lgo_pipeline.parsing import PARSER_VERSION
from lgo_pipeline.quality import QUARANTINE_REASONS_SQL
from lgo_pipeline.tunables import Tunables
from lgo_pipeline.warehouse.schema import DECISIONS, PARSE_QUARANTINE, REMEDIES
from lgo_pipeline.warehouse.tables import ensure_tables

_TABLES = {table.name: table.relation for table in (DECISIONS, REMEDIES, PARSE_QUARANTINE)}
_DESCRIPTIONS = {
    "decisions": "The parse record of every file that parsed (parsed.decisions), re-issues included.",
    "remedies": "Every remedy read from a parsed file (parsed.remedies): kind, £ amount, recipient, purpose, deadline.",
    "parse_quarantine": "Files that are not decisions (parsed.parse_quarantine), each with the reason.",
}


class ParseConfig(dg.Config):
    full_refresh: bool = False  # re-parse every stored file, not only new ones


@dg.multi_asset(
    name="parsed_decisions",
    specs=[
        dg.AssetSpec(key, deps=["decision_files"], description=_DESCRIPTIONS[key], group_name="parse",
                     kinds={"python", "duckdb", "polars"})
        for key in _TABLES
    ],
    check_specs=[dg.AssetCheckSpec(
        "not_every_file_quarantined", asset="decisions", blocking=True,
        description="Of the files parsed in this run, at least one is a decision: when every one is quarantined "
                    "the input is not what the parser reads (a site's markup changed, a folder of something "
                    "else), and publishing would hide it. The reasons, with their counts, say what to fix.")],
    pool=WAREHOUSE_POOL,
)
def parsed_decisions(context: dg.AssetExecutionContext, config: ParseConfig, warehouse: WarehouseWriter,
                     tunables: dg.ResourceParam[Tunables]):
    """Parse the stored raw text of files with no result at the current parser version."""
    with warehouse.connection() as con:
        ensure_tables(con)
        if config.full_refresh:
            clear_parse_tables(con)
        started = time.perf_counter()

        def report(done: int, total: int) -> None:
            progress(context, f"parse: {done:,}/{total:,} files ({per_second(done, started):,.0f} files/s)")

        stats = parse_stored_files(con, tunables.parse_batch_files, progress=report)
        counts = {"decisions": stats.parsed, "remedies": stats.remedies, "parse_quarantine": stats.quarantined}
        for key, relation in _TABLES.items():
            yield dg.MaterializeResult(asset_key=key, metadata={
                **table_metadata(con, relation), "rows_added": counts[key], "parser_version": PARSER_VERSION,
                **summary_metadata(parsed=stats.parsed, quarantined=stats.quarantined),
            })
    reasons = [{"reason": reason, "files": files} for reason, files in stats.quarantine_reasons.most_common()]
    yield dg.AssetCheckResult(
        check_name="not_every_file_quarantined", asset_key="decisions", passed=not stats.all_quarantined,
        metadata={"parsed_now": stats.parsed, "quarantined_now": stats.quarantined,
                  **failure_metadata(stats.quarantined if stats.all_quarantined else 0, reasons[:10],
                                   QUARANTINE_REASONS_SQL)})
