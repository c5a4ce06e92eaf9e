"""What the site shows, read from the marts as they are (the site computes no figure of its own), and a
fingerprint of each organisation's share of it: a page is written again only when its figures changed.

The benchmarks a page compares with (the national and peer rates, the national time to decision) change with
every new decision anywhere: they reach the pages as one shared data file (assets/benchmarks.js), so that a
page depends on its own organisation's figures only."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

# mart -> its rows about one organisation: the page's figures. Decimals as doubles, for the page's formatting.
ORGANISATION_MARTS = {
    "profiles": "SELECT * FROM marts.organisation_profiles",
    "rates": "SELECT organisation_id, financial_year, decisions, investigations, upheld, uphold_rate::DOUBLE AS "
             "uphold_rate, uphold_rate_low::DOUBLE AS uphold_rate_low, uphold_rate_high::DOUBLE AS uphold_rate_high "
             "FROM marts.outcome_rates_by_council",
    "funnel": "SELECT organisation_id, period, versus_national_99_8 FROM marts.council_funnel",
    "outcomes": "SELECT * FROM marts.organisation_outcomes",
    "remedies": "SELECT organisation_id, period, decisions_with_remedy, remedies, apologies, reassessments, "
                "procedure_reviews, staff_training, other_actions, payments, total_gbp::DOUBLE AS total_gbp, "
                "median_gbp::DOUBLE AS median_gbp, max_gbp::DOUBLE AS max_gbp, largest_payment_reference, "
                "largest_payment_url FROM marts.organisation_remedies",
    "timeliness": "SELECT organisation_id, financial_year, decisions, decisions_timed, median_days, "
                  "share_within_13_weeks FROM marts.organisation_timeliness",
    "provision": "SELECT organisation_id, period, upheld, upheld_remedied_by_body, share_remedied_by_body::DOUBLE AS "
                 "share_remedied_by_body, agreed_remedies, agreed_remedies_compliance_recorded, "
                 "share_compliance_recorded::DOUBLE AS share_compliance_recorded FROM marts.organisation_remedy_provision",
    "decisions": "SELECT organisation_id, reference, decision_date, financial_year, category_top, category_sub, "
                 "outcome_canonical, payments, remedy_total_gbp::DOUBLE AS remedy_total_gbp, source_url "
                 "FROM marts.organisation_decisions",
}
# The benchmarks of every page, by financial year (and peer group).
BENCHMARKS = {
    "national": "SELECT DISTINCT financial_year, national_uphold_rate::DOUBLE FROM marts.outcome_rates_by_council "
                "WHERE national_uphold_rate IS NOT NULL",
    "peer": "SELECT DISTINCT financial_year || '|' || peer_group, peer_uphold_rate::DOUBLE "
            "FROM marts.outcome_rates_by_council WHERE peer_uphold_rate IS NOT NULL",
    "median_days": "SELECT DISTINCT financial_year, national_median_days::DOUBLE FROM marts.organisation_timeliness "
                   "WHERE national_median_days IS NOT NULL",
    "within_13_weeks": "SELECT DISTINCT financial_year, national_share_within_13_weeks::DOUBLE "
                       "FROM marts.organisation_timeliness WHERE national_share_within_13_weeks IS NOT NULL",
}


@dataclass(frozen=True)
class OrganisationData:
    """One organisation's rows of each mart (ORGANISATION_MARTS' keys), in the marts' order, as dicts: a page
    picks and formats a few rows, which plain lists do faster than data frames."""

    rows: dict[str, list[dict]]  # every mart: its rows about the organisation (none: an empty list)

    def __getitem__(self, mart: str) -> list[dict]:
        return self.rows[mart]

    @property
    def profile(self) -> dict:
        return self.rows["profiles"][0]


def read_marts(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """Every mart an organisation page shows, whole (ORGANISATION_MARTS)."""
    return {mart: con.sql(sql).pl() for mart, sql in ORGANISATION_MARTS.items()}


def fingerprints(marts: dict[str, pl.DataFrame]) -> dict[str, str]:
    """A fingerprint of each organisation's rows of every mart (of those with a profile): equal fingerprints,
    equal pages."""
    combined: dict[str, int] = {}
    for mart, frame in marts.items():
        if frame.is_empty():
            continue
        hashed = frame.select("organisation_id", pl.struct(pl.all()).hash(seed=len(mart)).alias("row_hash"))
        for organisation_id, row_hash in hashed.group_by("organisation_id").agg(
                pl.col("row_hash").bitwise_xor()).iter_rows():
            combined[organisation_id] = combined.get(organisation_id, 0) ^ row_hash
    return {key: str(combined[key]) for key in marts["profiles"]["organisation_id"].to_list()}


def organisations(marts: dict[str, pl.DataFrame]) -> dict[str, OrganisationData]:
    """Each organisation with a profile and its rows of every mart."""
    parts: dict[str, dict[str, list[dict]]] = {}
    for mart, frame in marts.items():
        for (organisation_id,), part in frame.partition_by("organisation_id", as_dict=True).items():
            parts.setdefault(organisation_id, {})[mart] = part.to_dicts()
    empty: dict[str, list[dict]] = {mart: [] for mart in marts}
    return {key: OrganisationData({**empty, **rows}) for key, rows in parts.items() if "profiles" in rows}


def read_benchmarks(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, float]]:
    """{benchmark: {financial year (or 'year|peer group'): value}}, as assets/benchmarks.js holds them."""
    return {name: dict(sorted(con.execute(sql).fetchall())) for name, sql in BENCHMARKS.items()}
