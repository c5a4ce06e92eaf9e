import dagster as dg

from lgo_pipeline.defs.progress import progress
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, Warehouse
from lgo_pipeline.report.page import build_report


@dg.asset(
    group_name="report",
    kinds={"html", "plotly"},
    deps=["outcome_rates_by_council", "remedy_amounts", "time_to_decision", "fct_decision", "fct_remedy",
          "dim_organisation"],
    pool=WAREHOUSE_POOL,
)
def warehouse_report(context: dg.AssetExecutionContext, duckdb: Warehouse) -> dg.MaterializeResult:
    """A self-contained HTML report (opens offline): funnel plots of uphold rates with 95% and 99.8% control
    limits, payments by category, time to decision by outcome, and every council beside its peers. Built
    beside the working copy and published with the warehouse (data/report/index.html by default)."""
    path = duckdb.files.work_report / "index.html"
    with duckdb.get_connection() as con:
        summary = build_report(con, path)
    progress(context, f"report: {summary.path} ({summary.bytes / 1e6:.1f} MB, {summary.charts} charts)")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(summary.path)),
        "open": dg.MetadataValue.url(summary.path.as_uri()),
        "bytes": summary.bytes,
        "charts": summary.charts,
        "councils_on_funnel": summary.councils,
        "organisations_in_table": summary.organisations,
    })
