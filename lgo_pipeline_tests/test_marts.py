"""The marts on a hand-built set of decisions, every figure worked out by hand.

Alpha County Council 2022-23: 2 upheld, 1 not upheld, 2 closed after initial enquiries -> 2/3.
Alpha 2023-24: one upheld on 6 April 2023 (the first day of 2023-24).
Beta District Council 2022-23: 1 upheld, 1 not upheld (decided 31 March 2023, the last day of 2022-23, and re-issued:
an earlier-dated version says Upheld and must lose), 1 premature (referred back) -> 1/2.
Beta 2021-22: one closed case whose receipt estimate falls after its decision date (not timed).
Gamma Care Homes Ltd 2022-23: 1 upheld - a care provider, outside the national council rate and the peer groups.
Old Beta Borough Council 2022-23: 1 upheld - a district abolished into Beta, rolled up to it by current_organisation_id.
Delta District Council 2022-23: 1 not upheld - Beta's peer (district), so district peers are 2/4; in 2024-25 a
withdrawn case whose reference carries a letter (22 005 000b), a case of its own.
The register (our own, in mySociety's format) lists Alpha (county), Beta, Old Beta and Delta (districts).
"""

import datetime as dt
import math
from pathlib import Path

import duckdb
import pytest

from lgo_pipeline_tests.conftest import decision_text, failed_checks, materialize_all, rows, write_register

DECISIONS = {
    "a1": ("Alpha County Council", "22 000 100", "Upheld", "10 Jun 2022", (250,)),
    "a2": ("Alpha County Council", "22 000 200", "Upheld", "31 Mar 2023", (500, 150)),
    "a3": ("Alpha County Council", "22 000 300", "Not upheld", "01 Sep 2022", ()),
    "a4": ("Alpha County Council", "22 000 400", "Closed after initial enquiries", "15 Jul 2022", ()),
    "a5": ("Alpha County Council", "22 000 500", "Closed after initial enquiries", "20 Aug 2022", ()),
    "a6": ("Alpha County Council", "22 019 000", "Upheld", "06 Apr 2023", (1000,)),
    "b1": ("Beta District Council", "23 000 700", "Not upheld", "31 Mar 2023", ()),
    "b1_older": ("Beta District Council", "23 000 700", "Upheld", "01 Mar 2023", (75,)),
    "b2": ("Beta District Council", "22 001 000", "Upheld", "01 May 2022", (100,)),
    "b3": ("Beta District Council", "22 002 000", "Premature", "01 Jun 2022", ()),
    "b4": ("Beta District Council", "22 019 500", "Closed after initial enquiries", "01 Feb 2022", ()),
    "g1": ("Gamma Care Homes Ltd", "22 003 000", "Upheld", "01 Nov 2022", (300,)),
    "o1": ("Old Beta Borough Council", "22 004 000", "Upheld", "01 Dec 2022", ()),
    "d1": ("Delta District Council", "22 005 000", "Not upheld", "01 Dec 2022", ()),
    "d1b": ("Delta District Council", "22 005 000b", "Withdrawn", "01 Jun 2024", ()),
}
REGISTER = [
    ("ALP", "Alpha County Council", "E10000901", "CTY", ""),
    ("BET", "Beta District Council", "E07000901", "NMD", ""),
    ("OBT", "Old Beta Borough Council", "E07000902", "NMD", "BET"),
    ("DLT", "Delta District Council", "E07000903", "NMD", ""),
]


def wilson(upheld: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = upheld / n
    centre, spread = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for name, (org, ref, outcome, decided, payments) in DECISIONS.items():
        (raw / f"{name}.txt").write_text(decision_text(org, ref, outcome, decided, payments), encoding="utf-8")
    warehouse = raw.parent / "hand_built.duckdb"
    register = write_register(raw.parent / "register.csv", REGISTER)
    result = materialize_all(raw, warehouse, register=str(register))
    assert result.success
    assert failed_checks(result) == [  # both WARN: b4's estimate, and the re-issue of a2
        "decisions:no_reissued_references", "fct_decision:receipt_date_method__estimates_before_decisions"]
    return warehouse


def rate_row(warehouse: Path, organisation_id: str, year: str) -> dict:
    sql = "SELECT * FROM marts.outcome_rates_by_council WHERE organisation_id = ? AND financial_year = ?"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute(sql, [organisation_id, year])
        names = [d[0] for d in cursor.description]
        (row,) = cursor.fetchall()
    return dict(zip(names, row))


def test_uphold_rate_counts_investigations_only(built: Path) -> None:
    alpha = rate_row(built, "ALP", "2022-23")
    assert (alpha["decisions"], alpha["investigations"], alpha["upheld"], alpha["not_upheld"],
            alpha["closed_after_initial_enquiries"]) == (5, 3, 2, 1, 2)
    assert alpha["uphold_rate"] == pytest.approx(2 / 3)
    assert (alpha["uphold_rate_low"], alpha["uphold_rate_high"]) == pytest.approx(wilson(2, 3))
    assert alpha["organisation_type"] == "county"


def test_financial_years_run_from_1_april(built: Path) -> None:
    alpha_next = rate_row(built, "ALP", "2023-24")
    assert (alpha_next["decisions"], alpha_next["upheld"], alpha_next["uphold_rate"]) == (1, 1, 1.0)
    assert rows(built, "SELECT financial_year FROM core.fct_decision WHERE reference = '23 000 700'") == [("2022-23",)]


def test_reissued_decision_keeps_the_latest_version(built: Path) -> None:
    assert rows(built, "SELECT outcome_canonical, decision_date, versions, remedy_total_gbp FROM core.fct_decision "
                       "WHERE reference = '23 000 700'") == [("not_upheld", dt.date(2023, 3, 31), 2, 0)]
    assert rows(built, "SELECT count(*) FROM parsed.decisions WHERE reference = '23 000 700'") == [(2,)]
    beta = rate_row(built, "BET", "2022-23")
    assert (beta["decisions"], beta["investigations"], beta["upheld"], beta["uphold_rate"]) == (3, 2, 1, 0.5)


def test_national_and_peer_rates(built: Path) -> None:
    alpha, beta = rate_row(built, "ALP", "2022-23"), rate_row(built, "BET", "2022-23")
    gamma = rate_row(built, "gamma-care-homes-limited", "2022-23")
    # councils only (Gamma is a care provider): Alpha 2/3, Beta 1/2, Old Beta 1/1, Delta 0/1
    assert alpha["national_uphold_rate"] == pytest.approx(4 / 7)
    assert gamma["national_uphold_rate"] == pytest.approx(4 / 7)
    assert (alpha["peer_group"], beta["peer_group"], gamma["peer_group"]) == ("county", "district", None)
    assert alpha["peer_uphold_rate"] == pytest.approx(2 / 3)
    assert beta["peer_uphold_rate"] == pytest.approx(2 / 4)  # districts: Beta 1/2, Old Beta 1/1, Delta 0/1
    assert gamma["peer_uphold_rate"] is None
    assert gamma["organisation_type"] == "care_provider"
    assert (alpha["gss_code"], beta["gss_code"], gamma["gss_code"]) == ("E10000901", "E07000901", None)


def test_predecessors_count_as_named_and_roll_up_to_their_successor(built: Path) -> None:
    old_beta = rate_row(built, "OBT", "2022-23")
    assert (old_beta["upheld"], old_beta["current_organisation_id"], old_beta["current_organisation_name"]) == (
        1, "BET", "Beta District Council")
    rolled_up = rows(built, "SELECT sum(upheld), sum(investigations) FROM marts.outcome_rates_by_council "
                            "WHERE current_organisation_id = 'BET' AND financial_year = '2022-23'")
    assert rolled_up == [(2, 3)]


def test_no_investigations_means_no_rate(built: Path) -> None:
    beta_earlier = rate_row(built, "BET", "2021-22")
    assert (beta_earlier["decisions"], beta_earlier["investigations"], beta_earlier["uphold_rate"],
            beta_earlier["uphold_rate_low"]) == (1, 0, None, None)


def test_remedy_totals(built: Path) -> None:
    assert rows(built, "SELECT organisation_id, financial_year, decisions_with_payment, payments, total_gbp, median_gbp, "
                       "max_gbp FROM marts.remedy_amounts ORDER BY organisation_id, financial_year") == [
        ("ALP", "2022-23", 2, 3, 900, 250, 500),
        ("ALP", "2023-24", 1, 1, 1000, 1000, 1000),
        ("BET", "2022-23", 1, 1, 100, 100, 100),  # the re-issue's £75 is superseded
        ("gamma-care-homes-limited", "2022-23", 1, 1, 300, 300, 300),
    ]
    assert rows(built, "SELECT remedy_total_gbp FROM core.fct_decision WHERE reference = '22 000 200'") == [(650,)]


def test_a_reference_with_a_letter_is_its_own_case(built: Path) -> None:
    assert rows(built, "SELECT reference, financial_year, outcome_canonical, receipt_date_estimate FROM core.fct_decision "
                       "WHERE reference LIKE '22 005 000%' ORDER BY reference") == [
        ("22 005 000", "2022-23", "not_upheld", dt.date(2022, 7, 1)),
        ("22 005 000b", "2024-25", "withdrawn", dt.date(2022, 7, 1))]  # 1 April + floor(5,000 / 20,000 x 365)


def test_time_to_decision_from_the_reference(built: Path) -> None:
    # 22 000 100: 1 April 2022 (the sequence restarts with the business year) + floor(100 / 20,000 x 365) = 1 day
    # -> 2 April 2022; decided 10 June 2022.
    assert rows(built, "SELECT receipt_date_estimate, days_to_decision, receipt_date_method FROM core.fct_decision "
                       "WHERE reference = '22 000 100'") == [
        (dt.date(2022, 4, 2), (dt.date(2022, 6, 10) - dt.date(2022, 4, 2)).days, "reference_sequence_position")]
    # 22 019 500: 1 April 2022 + floor(19,500 / 20,000 x 365) = 355 days -> 22 March 2023, after its decision on
    # 1 February 2022: flagged and not timed, never a negative duration.
    assert rows(built, "SELECT receipt_date_estimate, days_to_decision, receipt_date_method FROM core.fct_decision "
                       "WHERE reference = '22 019 500'") == [(dt.date(2023, 3, 22), None, "estimate_after_decision_date")]
    closed = rows(built, "SELECT decisions, decisions_timed, median_days, share_within_13_weeks, share_within_26_weeks "
                         "FROM marts.time_to_decision "
                         "WHERE financial_year = '2022-23' AND outcome_canonical = 'closed_after_initial_enquiries'")
    # 22 000 400 -> 8 Apr 2022, decided 15 Jul 2022: 98 days; 22 000 500 -> 10 Apr 2022, decided 20 Aug 2022: 132 days.
    assert closed == [(2, 2, 115, 0.0, 1.0)]
