"""The figures the report shows, read from the marts and core tables."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl


@dataclass(frozen=True)
class ReportData:
    councils: pl.DataFrame  # per council over all years: investigations, upheld, rate (funnel, all years)
    latest_year: str | None
    councils_latest: pl.DataFrame  # the same for the latest financial year
    national_all_years: float | None
    national_latest: float | None
    rates: pl.DataFrame  # marts.outcome_rates_by_council, every organisation and year (the table)
    remedies: pl.DataFrame  # one row per payment: category_top, amount_gbp
    durations: pl.DataFrame  # one row per timed decision: outcome_canonical, days_to_decision


_COUNCIL_TOTALS = """
    SELECT organisation_name, organisation_type, sum(investigations)::BIGINT AS investigations,
           sum(upheld)::BIGINT AS upheld, (sum(upheld) / nullif(sum(investigations), 0))::DOUBLE AS uphold_rate
    FROM marts.outcome_rates_by_council AS r
    JOIN core.dim_organisation AS o USING (organisation_id, organisation_name, organisation_type)
    WHERE o.is_council {year_filter}
    GROUP BY ALL HAVING sum(investigations) > 0 ORDER BY organisation_name
"""


def _national(frame: pl.DataFrame) -> float | None:
    investigations = frame["investigations"].sum()
    return float(frame["upheld"].sum() / investigations) if investigations else None


def read_report_data(con: duckdb.DuckDBPyConnection) -> ReportData:
    ((latest,),) = con.execute("SELECT max(financial_year) FROM marts.outcome_rates_by_council "
                               "WHERE investigations > 0").fetchall()
    councils = con.sql(_COUNCIL_TOTALS.format(year_filter="")).pl()
    councils_latest = con.sql(_COUNCIL_TOTALS.format(year_filter="AND financial_year = $year"),
                              params={"year": latest}).pl()
    rates = con.sql(
        """SELECT organisation_name, organisation_type, peer_group, financial_year, decisions, investigations, upheld,
                  uphold_rate::DOUBLE AS uphold_rate, uphold_rate_low::DOUBLE AS uphold_rate_low,
                  uphold_rate_high::DOUBLE AS uphold_rate_high, peer_uphold_rate::DOUBLE AS peer_uphold_rate,
                  national_uphold_rate::DOUBLE AS national_uphold_rate
           FROM marts.outcome_rates_by_council ORDER BY organisation_name, financial_year"""
    ).pl()
    remedies = con.sql(
        "SELECT coalesce(category_top, 'Unknown') AS category_top, amount_gbp::DOUBLE AS amount_gbp "
        "FROM core.fct_remedy WHERE amount_gbp IS NOT NULL ORDER BY category_top, amount_gbp"
    ).pl()
    durations = con.sql(
        "SELECT outcome_canonical, days_to_decision FROM core.fct_decision WHERE days_to_decision IS NOT NULL "
        "ORDER BY outcome_canonical, days_to_decision"
    ).pl()
    return ReportData(councils, latest, councils_latest, _national(councils), _national(councils_latest), rates,
                      remedies, durations)
