"""What the site shows, read from the marts as they are (the site computes no figure of its own), and a
fingerprint of each organisation's share of it: a page is written again only when its figures changed.

The benchmarks a page compares with (the national and peer rates, the national time to decision) change with
every new decision anywhere: they reach the pages as one shared data file (assets/benchmarks.js), so that a
page depends on its own organisation's figures only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import polars as pl

# mart -> its rows about one organisation: the page's figures, in the order a page shows them (`{where}`: which
# organisations). Decimals as doubles, for the page's formatting.
ORGANISATION_MARTS = {
    "profiles": "SELECT * FROM marts.organisation_profiles {where} ORDER BY organisation_id",
    "rates": "SELECT organisation_id, financial_year, decisions, investigations, upheld, uphold_rate::DOUBLE AS "
             "uphold_rate, uphold_rate_low::DOUBLE AS uphold_rate_low, uphold_rate_high::DOUBLE AS uphold_rate_high "
             "FROM marts.outcome_rates_by_council {where} ORDER BY financial_year, organisation_id",
    "funnel": "SELECT organisation_id, period, versus_national_99_8 FROM marts.council_funnel {where} "
              "ORDER BY period, organisation_id",
    "outcomes": "SELECT * FROM marts.organisation_outcomes {where} ORDER BY organisation_id, period, category_top",
    "remedies": "SELECT organisation_id, period, decisions_with_remedy, remedies, apologies, reassessments, "
                "procedure_reviews, staff_training, other_actions, payments, total_gbp::DOUBLE AS total_gbp, "
                "median_gbp::DOUBLE AS median_gbp, max_gbp::DOUBLE AS max_gbp, largest_payment_reference, "
                "largest_payment_url FROM marts.organisation_remedies {where} ORDER BY organisation_id, period",
    "timeliness": "SELECT organisation_id, financial_year, decisions, decisions_timed, median_days, "
                  "share_within_13_weeks FROM marts.organisation_timeliness {where} "
                  "ORDER BY organisation_id, financial_year",
    "provision": "SELECT organisation_id, period, upheld, upheld_remedied_by_body, share_remedied_by_body::DOUBLE AS "
                 "share_remedied_by_body, agreed_remedies, agreed_remedies_compliance_recorded, "
                 "share_compliance_recorded::DOUBLE AS share_compliance_recorded FROM marts.organisation_remedy_provision "
                 "{where} ORDER BY organisation_id, period",
    # organisation_decisions is built incrementally: its rows are not stored in this order
    "decisions": "SELECT organisation_id, reference, decision_date, financial_year, category_top, category_sub, "
                 "outcome_canonical, payments, remedy_total_gbp::DOUBLE AS remedy_total_gbp, source_url "
                 "FROM marts.organisation_decisions {where} "
                 "ORDER BY organisation_id, decision_date DESC NULLS LAST, reference",
}
# The benchmarks of every page, by financial year (and peer group).
BENCHMARKS = {
    "national": "SELECT period, national_uphold_rate::DOUBLE FROM marts.national_uphold_rates "
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


def read_profiles(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Who each organisation is (a row per page), for the index and the pages' links to one another."""
    return con.sql(ORGANISATION_MARTS["profiles"].format(where="")).pl()


def fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """A fingerprint of each organisation's rows of every mart (of those with a profile), computed in DuckDB
    without reading the rows out: equal fingerprints, equal pages."""
    combined: dict[str, int] = {}
    for seed, sql in enumerate(ORGANISATION_MARTS.values()):
        for organisation_id, row_hash in con.execute(
                f"SELECT organisation_id, bit_xor(hash(m, {seed})) FROM ({sql.format(where='')}) AS m GROUP BY 1"
        ).fetchall():
            combined[organisation_id] = combined.get(organisation_id, 0) ^ row_hash
    profiles = con.execute("SELECT organisation_id FROM marts.organisation_profiles ORDER BY 1").fetchall()
    return {key: str(combined[key]) for (key,) in profiles}


def organisations(con: duckdb.DuckDBPyConnection, keys: list[str], batch_size: int,
                  ) -> Iterator[tuple[str, OrganisationData]]:
    """The given organisations (with a profile) and their rows of every mart, read `batch_size` organisations at
    a time, so the site's memory stays that of a few pages whatever the corpus: a refresh that writes a few
    pages reads their rows only."""
    for start in range(0, len(keys), batch_size):
        batch = keys[start:start + batch_size]
        parts: dict[str, dict[str, list[dict]]] = {key: {} for key in batch}
        for mart, sql in ORGANISATION_MARTS.items():
            frame = con.sql(sql.format(where="WHERE organisation_id IN $keys"), params={"keys": batch}).pl()
            for (organisation_id,), part in frame.partition_by("organisation_id", as_dict=True).items():
                parts[organisation_id][mart] = part.to_dicts()
        for key in batch:
            yield key, OrganisationData({**{mart: [] for mart in ORGANISATION_MARTS}, **parts[key]})


def read_benchmarks(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, float]]:
    """{benchmark: {financial year (or 'year|peer group'): value}}, as assets/benchmarks.js holds them."""
    return {name: dict(sorted(con.execute(sql).fetchall())) for name, sql in BENCHMARKS.items()}
