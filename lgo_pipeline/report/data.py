"""The figures the report shows, read from the marts as they are: the report computes nothing of its own."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from lgo_pipeline.report.formatting import year_label

# The marts' names for the period over all years and the row of every category: the SQL macros all_years() and
# all_categories() (dbt_like_sql/macros/periods.sql), which a test holds these to.
ALL_YEARS = "all years"
ALL_CATEGORIES = "all categories"


@dataclass(frozen=True)
class Funnel:
    period: str
    councils: pl.DataFrame  # marts.council_funnel for the period: one dot per council
    limits: pl.DataFrame  # marts.funnel_limits for the period: the lines

    @property
    def label(self) -> str:
        return year_label(self.period) if self.period != ALL_YEARS else ALL_YEARS


@dataclass(frozen=True)
class Coverage:
    """The warehouse against what the site lists (marts.fetch_coverage, whole-site walks)."""

    months: int
    listed: int
    held: int
    gone: int
    incomplete_months: int  # months with decisions missing


@dataclass(frozen=True)
class LeftOut:
    """Decisions the rates and yearly figures cannot count, and why (marts.left_out)."""

    no_outcome: int  # no outcome stated anywhere: not in any uphold rate
    no_date: int  # no decision date: in no financial year
    no_organisation: int  # no organisation: on no organisation's page


@dataclass(frozen=True)
class ReportData:
    funnels: list[Funnel]  # the latest financial year, then all years
    payments: pl.DataFrame  # marts.payments_by_category over all years: a box per category
    timeliness: pl.DataFrame  # marts.timeliness_by_year
    national: pl.DataFrame  # the national uphold rate of each financial year (marts.national_uphold_rates)
    decisions: int  # in core.fct_decision: what every figure is from
    left_out: LeftOut
    coverage: Coverage | None = None  # None: nothing was fetched from the site


def _funnel(con: duckdb.DuckDBPyConnection, period: str) -> Funnel:
    councils = con.sql("SELECT organisation_id, organisation_name, investigations, upheld, "
                       "uphold_rate::DOUBLE AS uphold_rate, "
                       "national_uphold_rate::DOUBLE AS national_uphold_rate, versus_national_99_8 "
                       "FROM marts.council_funnel WHERE period = $period ORDER BY organisation_name",
                       params={"period": period}).pl()
    limits = con.sql("SELECT investigations, national_uphold_rate::DOUBLE AS national_uphold_rate, lower_95, upper_95, "
                     "lower_99_8, upper_99_8 FROM marts.funnel_limits WHERE period = $period ORDER BY investigations",
                     params={"period": period}).pl()
    return Funnel(period, councils, limits)


def read_report_data(con: duckdb.DuckDBPyConnection) -> ReportData:
    # the latest complete financial year; the part year only when no complete one has a council investigation
    ((latest,),) = con.execute(f"SELECT coalesce(max(period) FILTER (WHERE NOT is_part_year), max(period)) "
                               f"FROM marts.council_funnel WHERE period <> '{ALL_YEARS}'").fetchall()
    national = con.sql("SELECT period AS financial_year, national_uphold_rate::DOUBLE AS national_uphold_rate "
                       "FROM marts.national_uphold_rates WHERE period <> $all AND national_uphold_rate IS NOT NULL "
                       "ORDER BY period", params={"all": ALL_YEARS}).pl()
    payments = con.sql(
        "SELECT category_top, payments, min_gbp::DOUBLE AS min_gbp, q1_gbp::DOUBLE AS q1_gbp, "
        "median_gbp::DOUBLE AS median_gbp, q3_gbp::DOUBLE AS q3_gbp, max_gbp::DOUBLE AS max_gbp, "
        "largest_payment_reference, largest_payment_url "
        "FROM marts.payments_by_category WHERE period = $all ORDER BY category_top", params={"all": ALL_YEARS}
    ).pl()
    timeliness = con.sql("SELECT * FROM marts.timeliness_by_year ORDER BY financial_year, is_investigation").pl()
    periods = [latest, ALL_YEARS] if latest else [ALL_YEARS]
    ((decisions, no_outcome, no_date, no_organisation),) = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE coalesce(outcome_canonical, 'unknown') = 'unknown'), count(*) FILTER (WHERE decision_date "
        "IS NULL), count(*) FILTER (WHERE organisation_id IS NULL) FROM core.fct_decision").fetchall()
    return ReportData([_funnel(con, period) for period in periods], payments, timeliness, national, decisions,
                      LeftOut(no_outcome, no_date, no_organisation), _coverage(con))


def _coverage(con: duckdb.DuckDBPyConnection) -> Coverage | None:
    ((months, listed, held, gone, incomplete),) = con.execute(
        "SELECT count(*), sum(coalesce(listed, held + missing + gone)), sum(held), sum(gone), "
        "count(*) FILTER (WHERE missing > 0) FROM marts.fetch_coverage WHERE organisation_filter = ''").fetchall()
    return Coverage(months, int(listed), int(held), int(gone), incomplete) if months else None
