"""The refresh job on the bundled sample into a temporary warehouse: checks, marts, idempotence, docs."""

from pathlib import Path

import dagster as dg
import duckdb

from lgo_pipeline.definitions import defs
from lgo_pipeline.parsing import PARSER_VERSION
from lgo_pipeline.publishing.working_copy import WarehouseFiles
from lgo_pipeline.sql_models.project import load_project
from lgo_pipeline_tests.conftest import SAMPLE_DIR, failed_checks, materialize_all, rows

CORE_AND_MARTS = [m.relation for m in load_project().models.values() if m.layer in {"core", "marts"}]


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {relation: con.execute(f"SELECT * FROM {relation}").fetchall() for relation in CORE_AND_MARTS}


def test_sample_materialises_with_every_check_passing(sample_warehouse: tuple[Path, dg.ExecuteInProcessResult]) -> None:
    _, result = sample_warehouse
    assert result.success
    graph = defs().get_repository_def().asset_graph
    declared = {key for key in graph.asset_check_keys if graph.get(key.asset_key).group_name != "fetch"}
    assert {e.asset_check_key for e in result.get_asset_check_evaluations()} == declared  # the refresh never fetches
    assert failed_checks(result) == []


def test_materializations_carry_row_count_schema_and_mart_previews(sample_warehouse) -> None:
    _, result = sample_warehouse
    (rates,) = [m for m in result.asset_materializations_for_node("sql_models")
                if m.asset_key.to_user_string() == "outcome_rates_by_council"]
    assert rates.metadata["dagster/row_count"].value == 5
    columns = {c.name: c.description for c in rates.metadata["dagster/column_schema"].schema.columns}
    assert columns["uphold_rate"].startswith("upheld / investigations")
    preview = rates.metadata["preview"].value
    assert preview.startswith("| organisation_id | organisation_name |") and "London Borough of Bexley" in preview
    (facts,) = [m for m in result.asset_materializations_for_node("sql_models")
                if m.asset_key.to_user_string() == "fct_decision"]
    assert "preview" not in facts.metadata  # previews are for the marts people read


def test_sample_uphold_rates(sample_warehouse) -> None:
    warehouse, _ = sample_warehouse
    assert rows(warehouse, """SELECT organisation_name, financial_year, decisions, investigations, upheld,
                                     closed_after_initial_enquiries, uphold_rate
                              FROM marts.outcome_rates_by_council ORDER BY organisation_name""") == [
        ("Buckinghamshire Council", "2020-21", 1, 1, 1, 0, 1.0),
        ("Central Bedfordshire Council", "2021-22", 1, 1, 0, 0, 0.0),
        ("London Borough of Bexley", "2024-25", 1, 0, 0, 1, None),
        ("Staffordshire County Council", "2020-21", 1, 1, 1, 0, 1.0),
        ("Worcestershire County Council", "2022-23", 1, 0, 0, 1, None),
    ]


def test_sample_remedy_totals(sample_warehouse) -> None:
    warehouse, _ = sample_warehouse
    assert rows(warehouse, "SELECT organisation_name, financial_year, payments, total_gbp FROM marts.remedy_amounts "
                           "ORDER BY total_gbp") == [
        ("Staffordshire County Council", "2020-21", 1, 100), ("Buckinghamshire Council", "2020-21", 1, 400)]


def test_every_raw_file_is_accounted_for(sample_warehouse) -> None:
    warehouse, _ = sample_warehouse
    assert rows(warehouse, "SELECT (SELECT count(*) FROM raw.decision_files), (SELECT count(*) FROM parsed.decisions), "
                           "(SELECT count(*) FROM parsed.parse_quarantine)") == [(5, 5, 0)]


def test_every_model_and_column_is_documented_in_schema_yml_and_duckdb(sample_warehouse) -> None:
    warehouse, _ = sample_warehouse
    project = load_project()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for model in project.models.values():
            actual = con.execute("SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
                                 "ORDER BY column_index", [model.layer, model.name]).fetchall()
            documented = [c.name for c in model.columns]
            assert [name for name, _ in actual] == documented, f"{model.path}: schema.yml columns differ from the model"
            assert all(comment for _, comment in actual), f"{model.relation}: a column has no COMMENT"
            assert model.tests[0].kind == "unique_key", f"{model.relation}: no row-key test"
            table_comment = con.execute("SELECT comment FROM duckdb_tables() WHERE schema_name = ? AND table_name = ? "
                                        "UNION ALL SELECT comment FROM duckdb_views() WHERE schema_name = ? AND view_name = ?",
                                        [model.layer, model.name] * 2).fetchone()[0]
            assert table_comment == model.description


def test_rerun_finds_nothing_new_and_leaves_core_and_marts_identical(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    first = materialize_all(SAMPLE_DIR, warehouse)
    before = snapshot(warehouse)
    second = materialize_all(SAMPLE_DIR, warehouse)
    assert first.success and second.success
    ingest = second.asset_materializations_for_node("decision_files")[0].metadata
    parse = {m.asset_key.to_user_string(): m.metadata for m in second.asset_materializations_for_node("parsed_decisions")}
    assert (ingest["new_files"].value, ingest["known_files"].value) == (0, 5)
    assert parse["decisions"]["rows_added"].value == 0
    assert snapshot(warehouse) == before
    assert all(before[relation] for relation in ("core.fct_decision", "marts.outcome_rates_by_council"))


def test_full_refresh_reparses_and_gives_the_same_warehouse(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    materialize_all(SAMPLE_DIR, warehouse)
    before = snapshot(warehouse)
    refreshed = materialize_all(SAMPLE_DIR, warehouse, full_refresh=True)
    parse = {m.asset_key.to_user_string(): m.metadata for m in refreshed.asset_materializations_for_node("parsed_decisions")}
    assert parse["decisions"]["rows_added"].value == 5
    assert snapshot(warehouse) == before


def test_rows_of_an_older_parser_are_reparsed_from_stored_text(tmp_path: Path) -> None:
    """A parser upgrade re-parses what raw.decision_files holds: the raw folder is not needed again, and a
    warehouse built before a column existed gains it."""
    warehouse = tmp_path / "warehouse.duckdb"
    materialize_all(SAMPLE_DIR, warehouse)
    before = snapshot(warehouse)
    with duckdb.connect(str(WarehouseFiles(warehouse).work)) as con:  # the copy runs write
        con.execute("ALTER TABLE parsed.decisions DROP COLUMN signed_by")
        con.execute("UPDATE parsed.decisions SET parser_version = 1")
    empty = tmp_path / "nothing_new"
    empty.mkdir()
    again = materialize_all(empty, warehouse)
    parse = {m.asset_key.to_user_string(): m.metadata for m in again.asset_materializations_for_node("parsed_decisions")}
    assert parse["decisions"]["rows_added"].value == 5
    assert rows(warehouse, "SELECT DISTINCT parser_version, signed_by FROM parsed.decisions") == [
        (PARSER_VERSION, "investigator")]
    assert snapshot(warehouse) == before


def test_bad_files_are_quarantined_and_the_run_completes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_bytes((SAMPLE_DIR / "001_01bc15cdf5a7ca05.txt").read_bytes())
    (raw / "same bytes again.txt").write_bytes((SAMPLE_DIR / "001_01bc15cdf5a7ca05.txt").read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    (raw / "scan.pdf").write_bytes(b"%PDF-1.4\x00\x00binary")
    (raw / "notes.txt").write_text("Remember to buy milk.")
    (raw / "page.html").write_text("<html><body><h1>Page not found</h1></body></html>")
    result = materialize_all(raw, tmp_path / "warehouse.duckdb")
    assert result.success and failed_checks(result) == []
    assert sorted(rows(tmp_path / "warehouse.duckdb", "SELECT parse_filename(path), reason FROM parsed.parse_quarantine")) == [
        ("empty.txt", "empty file: no text"),
        ("notes.txt", "not a decision: no title line and no reference number"),
        ("page.html", "HTML page: not a decision: no title line and no reference number"),
        ("scan.pdf", "binary: PDF document: not a text rendering of a decision"),
    ]
    assert rows(tmp_path / "warehouse.duckdb", "SELECT reference, len(paths) FROM raw.decision_files "
                                               "JOIN parsed.decisions USING (file_id)") == [("20 003 792", 2)]


def test_blocking_check_stops_the_marts_and_keeps_the_last_published_state(tmp_path: Path) -> None:
    """A fact that fails a blocking check (a decision dated 2009, which the parser never lets through, put into
    staging by hand) stops every mart, and readers keep the last complete warehouse."""
    warehouse = tmp_path / "warehouse.duckdb"
    assert materialize_all(SAMPLE_DIR, warehouse).success
    with duckdb.connect(str(WarehouseFiles(warehouse).work)) as con:
        con.execute("UPDATE parsed.decisions SET decision_date = DATE '2009-02-11' WHERE reference = '20 004 920'")
        con.execute("INSERT INTO pipeline.pending_references VALUES ('20 004 920')")  # as the parser announces
    result = materialize_all(SAMPLE_DIR, warehouse)
    assert not result.success
    assert "fct_decision:decision_date__2010_to_today" in failed_checks(result)
    built = {event.materialization.asset_key.to_user_string() for event in result.get_asset_materialization_events()}
    assert "fct_decision" in built
    assert not built & {"outcome_rates_by_council", "remedy_amounts", "time_to_decision", "published_warehouse"}
    assert rows(warehouse, "SELECT decision_date::VARCHAR FROM core.fct_decision WHERE reference = '20 004 920'") == [
        ("2021-02-11",)]
