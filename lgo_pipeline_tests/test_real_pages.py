"""Reality as the test: 95 real decision pages with hand-checked truth (fixtures/real_pages, licence in its README).

The parser reads them as a person does (the targets of the real-pages issue), and the whole pipeline publishes
them with marts that agree with the truth.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from lgo_pipeline.parsing.accuracy import HEADER_FIELDS, measure
from lgo_pipeline_tests.conftest import failed_checks, materialize_all, rows

REAL_PAGES = Path(__file__).resolve().parent / "fixtures" / "real_pages"
TRUTH = [json.loads(line) for line in (REAL_PAGES / "truth.jsonl").read_text(encoding="utf-8").splitlines()]


def _financial_year(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


@pytest.fixture(scope="module")
def accuracy():
    return measure(REAL_PAGES / "truth.jsonl")


def test_header_fields_are_read_exactly(accuracy) -> None:
    assert accuracy.documents == 95
    assert {field: accuracy.share(field) for field in (*HEADER_FIELDS, "ok")} == dict.fromkeys((*HEADER_FIELDS, "ok"), 1.0)


def test_remedy_amounts_are_right_on_at_least_95_percent_of_pages(accuracy) -> None:
    assert accuracy.share("remedy_amounts_gbp") >= 0.95, accuracy.examples.get("remedy_amounts_gbp")


def test_no_payment_is_invented_where_the_truth_has_none(accuracy) -> None:
    assert accuracy.invented_payments == []


def test_complainant_is_right_on_at_least_97_percent_of_pages(accuracy) -> None:
    assert accuracy.share("complainant") >= 0.97, accuracy.examples.get("complainant")


@pytest.fixture(scope="module")
def real_warehouse(tmp_path_factory: pytest.TempPathFactory):
    warehouse = tmp_path_factory.mktemp("real") / "warehouse.duckdb"
    return warehouse, materialize_all(REAL_PAGES / "pages", warehouse)


def test_the_real_pages_publish_with_no_blocking_failure(real_warehouse) -> None:
    warehouse, result = real_warehouse
    assert result.success, failed_checks(result)
    assert warehouse.exists()
    assert rows(warehouse, "SELECT count(*) FROM core.fct_decision") == [(95,)]


def test_uphold_counts_per_organisation_and_year_agree_with_the_truth(real_warehouse) -> None:
    """Upheld / investigations per organisation (as written) and financial year, against the hand-checked Decision
    lines: the figures a complaints officer compares with the Ombudsman's own."""
    warehouse, _ = real_warehouse
    expected: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for page in TRUTH:
        if page["organisation"] and page["decision_date"]:
            counts = expected[(page["organisation"], _financial_year(page["decision_date"]))]
            counts["decisions"] += 1
            counts["investigations"] += page["decision"] in {"Upheld", "Not upheld"}
            counts["upheld"] += page["decision"] == "Upheld"
    found = rows(warehouse, """
        SELECT d.organisation_name_raw, d.financial_year, count(*), count(*) FILTER (WHERE d.is_investigation),
               count(*) FILTER (WHERE d.is_upheld)
        FROM core.fct_decision AS d WHERE d.organisation_name_raw IS NOT NULL AND d.financial_year IS NOT NULL
        GROUP BY ALL""")
    assert {(name, year): (n, investigations, upheld) for name, year, n, investigations, upheld in found} == {
        key: (c["decisions"], c["investigations"], c["upheld"]) for key, c in expected.items()}
    # the mart gives the same rate: Luton's one investigation in 2022-23 was upheld
    assert rows(warehouse, """
        SELECT r.investigations, r.upheld, r.uphold_rate FROM marts.outcome_rates_by_council AS r
        JOIN core.dim_organisation AS o USING (organisation_id)
        WHERE list_contains(o.name_variants, 'Luton Borough Council') AND r.financial_year = '2022-23'""") == [
        (1, 1, 1.0)]


def test_remedy_totals_per_organisation_agree_with_the_truth(real_warehouse) -> None:
    """The £ a user would add up by hand, per organisation (pages without one count under none)."""
    warehouse, _ = real_warehouse
    expected: Counter = Counter()
    for page in TRUTH:
        expected[page["organisation"]] += round(sum(page["amounts_gbp"]), 2)
    found = dict(rows(warehouse, "SELECT organisation_name_raw, sum(remedy_total_gbp)::DOUBLE FROM core.fct_decision "
                                 "GROUP BY ALL"))
    agree = [name for name in expected if abs(found.get(name, 0) - expected[name]) < 0.005]
    assert len(agree) / len(expected) >= 0.95, {n: (expected[n], found.get(n)) for n in expected if n not in agree}
    # Essex: £100 a month to Miss X, not the £5,250 another complainant claimed; Swindon: the £1,000 offered and
    # accepted, and 55p a mile
    assert found["Essex County Council"] == 100 and found["Swindon Borough Council"] == pytest.approx(1000.55)
    # the mart is by financial year: pages without a header (no decision date) are outside it
    total = rows(warehouse, "SELECT sum(total_gbp)::DOUBLE FROM marts.remedy_amounts")[0][0]
    assert total == pytest.approx(sum(sum(p["amounts_gbp"]) for p in TRUTH if p["decision_date"]), abs=0.01)
