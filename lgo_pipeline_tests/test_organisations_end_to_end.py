"""The register through the whole pipeline: offline, reused, unresolved councils, the real register, categories."""

from pathlib import Path

import dagster as dg

from lgo_pipeline_tests.conftest import (
    SAMPLE_DIR, REAL_REGISTER, decision_text, failed_checks, materialize_all, rows,
)

UNREACHABLE = "http://127.0.0.1:9/uk_local_authorities_current.csv"


def check_metadata(result: dg.ExecuteInProcessResult, check_name: str) -> dict:
    (evaluation,) = [e for e in result.get_asset_check_evaluations() if e.check_name == check_name]
    return {key: value.value for key, value in evaluation.metadata.items()}


def test_an_offline_first_run_uses_the_shipped_snapshot_of_the_register(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    result = materialize_all(SAMPLE_DIR, warehouse, register=UNREACHABLE)
    assert result.success and failed_checks(result) == []
    assert rows(warehouse, "SELECT status, entries FROM lookup.organisation_register_source") == [("snapshot", 380)]
    assert rows(warehouse, "SELECT organisation_id, organisation_type, gss_code, match_method FROM core.dim_organisation "
                           "WHERE organisation_name = 'London Borough of Bexley'") == [
        ("BEX", "london_borough", "E09000004", "register_exact")]


def test_without_any_register_the_run_completes_with_rule_names_and_a_warning(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    result = materialize_all(SAMPLE_DIR, warehouse, register=str(tmp_path / "not-there.csv"))
    assert result.success
    assert failed_checks(result) == ["organisation_register:organisation_register_loaded"]
    assert "not-there.csv" in check_metadata(result, "organisation_register_loaded")["detail"]
    assert rows(warehouse, "SELECT organisation_id, organisation_type, gss_code, match_method FROM core.dim_organisation "
                           "WHERE organisation_name = 'London Borough of Bexley'") == [
        ("bexley-london-borough-council", "london_borough", None, "name_rule")]
    assert rows(warehouse, "SELECT count(*) FROM marts.outcome_rates_by_council") == [(5,)]
    assert rows(warehouse, "SELECT count(*) FROM core.unresolved_organisations") == [(0,)]


def test_a_stored_register_is_kept_when_the_source_goes_away(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    assert materialize_all(SAMPLE_DIR, warehouse).success
    before = rows(warehouse, "SELECT * FROM core.dim_organisation ORDER BY organisation_id")
    again = materialize_all(SAMPLE_DIR, warehouse, register=UNREACHABLE)
    assert failed_checks(again) == []
    assert rows(warehouse, "SELECT status FROM lookup.organisation_register_source") == [("reused",)]
    assert rows(warehouse, "SELECT * FROM core.dim_organisation ORDER BY organisation_id") == before


def test_an_unresolved_council_fails_its_check_without_stopping_the_marts(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(decision_text("Hampshire District Council", "22 000 100", "Upheld", "10 Jun 2022"))
    (raw / "b.txt").write_text(decision_text("Sunrise Care Homes Ltd", "22 000 200", "Upheld", "10 Jun 2022"))
    (raw / "c.txt").write_text(decision_text("Bexly London Borough Council", "22 000 300", "Upheld", "10 Jun 2022"))
    warehouse = tmp_path / "warehouse.duckdb"
    result = materialize_all(raw, warehouse)
    assert result.success
    assert failed_checks(result) == ["unresolved_organisations:no_unresolved_councils"]
    assert rows(warehouse, "SELECT organisation_name_raw, decisions, best_candidate_code, is_council_like "
                           "FROM core.unresolved_organisations") == [("Hampshire District Council", 1, "HAM", True)]
    assert rows(warehouse, "SELECT organisation_id, match_method FROM core.fct_decision JOIN core.dim_organisation "
                           "USING (organisation_id) ORDER BY reference") == [
        ("hampshire-district-council", "unresolved"), ("sunrise-care-homes-limited", "name_rule"),
        ("BEX", "register_fuzzy")]
    assert rows(warehouse, "SELECT count(*) FROM marts.outcome_rates_by_council") == [(3,)]


def test_unknown_categories_are_listed_with_counts(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i, category in enumerate(["Housing > Homelessness", "Highways and transport > Parking and other penalties",
                                  "Housing > Made up thing", "Housing > Made up thing", "Space > Rockets"]):
        (raw / f"{i}.txt").write_text(decision_text("London Borough of Bexley", f"22 000 {i:03d}", "Upheld",
                                                    "10 Jun 2022", category=category))
    result = materialize_all(raw, tmp_path / "warehouse.duckdb")
    assert "category_labels:categories_in_taxonomy" in failed_checks(result)
    metadata = check_metadata(result, "categories_in_taxonomy")
    assert metadata["sample"] == [{"label": "Housing > Made up thing", "decisions": 2},
                                  {"label": "Space > Rockets", "decisions": 1}]
    assert metadata["failing_rows"] == 3  # decisions under a category outside the taxonomy


def test_sample_against_the_real_register(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    result = materialize_all(SAMPLE_DIR, warehouse, register=str(REAL_REGISTER))
    assert failed_checks(result) == []
    assert rows(warehouse, "SELECT organisation_id, organisation_type, peer_group, gss_code, financial_year, uphold_rate "
                           "FROM marts.outcome_rates_by_council ORDER BY organisation_id") == [
        ("BEX", "london_borough", "london_borough", "E09000004", "2024-25", None),
        ("BUC", "unitary", "unitary", "E06000060", "2020-21", 1.0),
        ("CBF", "unitary", "unitary", "E06000056", "2021-22", 0.0),
        ("STS", "county", "county", "E10000028", "2020-21", 1.0),
        ("WOR", "county", "county", "E10000034", "2022-23", None),
    ]

