"""The dbt-like runner: refs and sources, build order, errors that name the file, tests as SQL."""

from pathlib import Path

import duckdb
import pytest

from lgo_pipeline.report.data import ALL_CATEGORIES, ALL_YEARS
from lgo_pipeline.sql_models.building import build_model
from lgo_pipeline.sql_models.data_tests import run_test
from lgo_pipeline.sql_models.incremental import ensure_state
from lgo_pipeline.sql_models.project import SqlProjectError, create_macros, load_project


def write_project(root: Path, models: dict[str, str], schema: str = "", sources: str = "sources: []") -> Path:
    (root / "sources.yml").write_text(sources)
    for relative, sql in models.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql)
    if schema:
        (root / "core" / "schema.yml").write_text(schema)
    return root


def test_the_real_project_builds_refs_before_their_users() -> None:
    project = load_project()
    order = project.build_order()
    for name, model in project.models.items():
        assert all(order.index(ref) < order.index(name) for ref in model.refs)
    assert project.render(project.models["fct_remedy"]).count("core.fct_decision") == 1
    assert "parsed.decisions" in project.render(project.models["stg_decisions"])


def test_unknown_ref_names_the_file(tmp_path: Path) -> None:
    write_project(tmp_path, {"core/a.sql": "select * from {{ ref('missing') }}"})
    with pytest.raises(SqlProjectError, match=r"a\.sql: ref\('missing'\) names no model"):
        load_project(tmp_path)


def test_a_model_without_its_row_key_names_the_file(tmp_path: Path) -> None:
    write_project(tmp_path, {"core/a.sql": "select 1 as n"}, schema="models:\n  - name: a\n    description: A.\n")
    with pytest.raises(SqlProjectError, match=r"schema\.yml: model 'a' declares no unique_key"):
        load_project(tmp_path)


def test_undeclared_source_names_the_file(tmp_path: Path) -> None:
    write_project(tmp_path, {"core/a.sql": "select * from {{ source('raw', 'nope') }}"})
    with pytest.raises(SqlProjectError, match=r"a\.sql: source\('raw', 'nope'\) is not declared"):
        load_project(tmp_path)


def test_models_build_with_comments_and_their_tests_find_bad_rows(tmp_path: Path) -> None:
    project = load_project(write_project(
        tmp_path,
        {"core/numbers.sql": "select * from (values (1, 'a'), (2, 'b'), (2, null), (-5, 'c')) t(n, label)",
         "core/doubled.sql": "select n * 2 as n2 from {{ ref('numbers') }}"},
        schema="""models:
  - name: doubled
    description: Twice the numbers.
    unique_key: [n2]
  - name: numbers
    description: Some numbers.
    unique_key: [n, label]
    columns:
      - name: n
        description: A number.
        tests: [unique, {accepted_range: {min_value: 0}}]
      - name: label
        description: A label.
        tests: [not_null, {accepted_values: {values: [a, b], severity: warn}}]
""",
    ))
    with duckdb.connect() as con:
        check_build_and_tests(con, project)


def check_build_and_tests(con: duckdb.DuckDBPyConnection, project) -> None:
    ensure_state(con)
    for name in project.build_order():
        build_model(con, project, project.models[name])
    assert con.execute("SELECT sum(n2) FROM core.doubled").fetchone()[0] == 0
    assert con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'numbers' AND column_name = 'n'"
                       ).fetchone()[0] == "A number."
    outcomes = {t.name: run_test(con, project, project.models["numbers"], t) for t in project.models["numbers"].tests}
    assert {name: o.failing_rows for name, o in outcomes.items()} == {
        "unique_key": 0, "n__unique": 1, "n__accepted_range": 1, "label__not_null": 1, "label__accepted_values": 1}
    doubled = project.models["doubled"]
    assert run_test(con, project, doubled, doubled.tests[0]).sample == [{"n2": "4", "occurrences": "2"}]
    assert outcomes["label__accepted_values"].test.severity == "warn"
    assert outcomes["n__unique"].sample == [{"n": "2", "occurrences": "2"}]


def test_the_reports_names_of_all_years_and_all_categories_are_the_sql_projects() -> None:
    with duckdb.connect() as con:
        create_macros(con)
        assert con.execute("SELECT all_years(), all_categories()").fetchone() == (ALL_YEARS, ALL_CATEGORIES)
