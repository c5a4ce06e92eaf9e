"""Incremental models: what a build does and why, on a project of three models, against a full rebuild."""

from pathlib import Path

import duckdb
import pytest

from lgo_pipeline.sql_models.building import build_model
from lgo_pipeline.sql_models.incremental import ensure_state
from lgo_pipeline.sql_models.project import SqlProjectError, load_project

SOURCES = """sources:
  - name: raw
    tables:
      - name: items
        announces_changes: true
      - name: label_rows
"""
STAGING = """models:
  - name: stg_items
    description: Items.
    materialized: view
    unique_key: [reference]
  - name: stg_labels
    description: A lookup whose changes nobody announces.
    materialized: view
    unique_key: [code]
    columns:
      - {name: code, description: The code.}
      - {name: label, description: Its label.}
"""
CORE = """models:
  - name: facts
    description: One row per reference, labelled.
    materialized: incremental
    incremental_key: reference
    unique_key: [reference]
    watches:
      stg_labels: [code, label]
    columns:
      - {name: reference, description: The reference.}
      - {name: label, description: The label of its code.}
      - {name: versions, description: How many items it has.}
"""
FACTS = """select i.reference, min(l.label) as label, count(*) as versions
from {{ ref('stg_items') }} i left join {{ ref('stg_labels') }} l using (code) group by i.reference"""


def write(root: Path, facts_sql: str = FACTS, core: str = CORE) -> Path:
    for relative, text in {"sources.yml": SOURCES, "staging/schema.yml": STAGING, "core/schema.yml": core,
                           "staging/stg_items.sql": "select * from {{ source('raw', 'items') }}",
                           "staging/stg_labels.sql": "select * from {{ source('raw', 'label_rows') }}",
                           "core/facts.sql": facts_sql}.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    return root


def build_all(con: duckdb.DuckDBPyConnection, root: Path) -> dict[str, tuple[str, str]]:
    project = load_project(root)
    ensure_state(con)
    return {name: build_model(con, project, project.models[name])[1] for name in project.build_order()}


def announce(con: duckdb.DuckDBPyConnection, *items: tuple[str, str]) -> None:
    for reference, code in items:
        con.execute("INSERT INTO raw.items VALUES (?, ?)", [reference, code])
        con.execute("INSERT INTO pipeline.pending_references VALUES (?)", [reference])


def facts(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT * FROM core.facts ORDER BY reference").fetchall()


def test_an_incremental_model_builds_what_changed_and_in_full_when_it_must(tmp_path: Path) -> None:
    root = write(tmp_path)
    with duckdb.connect() as con:
        con.execute("CREATE SCHEMA raw; CREATE TABLE raw.items (reference VARCHAR, code VARCHAR); "
                    "CREATE TABLE raw.label_rows AS FROM (VALUES ('a', 'Apple'), ('b', 'Banana')) t(code, label)")
        con.execute("INSERT INTO raw.items SELECT 'r' || i, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END "
                    "FROM range(12) t(i)")
        first = build_all(con, root)
        assert {name: plan.how for name, plan in first.items()} == {
            "stg_items": "full", "stg_labels": "full", "facts": "full"}

        nothing = build_all(con, root)
        assert (nothing["stg_items"].how, nothing["facts"].how) == ("unchanged", "unchanged")

        announce(con, ("r1", "a"), ("r99", "b"))  # a second version of r1, and a new reference
        changed = build_all(con, root)
        assert (changed["facts"].how, changed["facts"].why) == ("changes", "2 references changed")
        assert facts(con)[:2] == [("r0", "Apple", 1), ("r1", "Apple", 2)]  # both of r1's items
        assert ("r99", "Banana", 1) in facts(con)
        incremental = facts(con)
        con.execute("DELETE FROM pipeline.pending_references")
        redefined = build_all(con, write(tmp_path, facts_sql=FACTS + " order by 1"))
        assert redefined["facts"].why == "its definition or one upstream changed"
        assert facts(con) == incremental  # the full build makes what the incremental one made

        write(tmp_path)
        assert build_all(con, root)["facts"].how == "full"  # the definition as it was
        con.execute("INSERT INTO raw.label_rows VALUES ('c', 'Cherry')")  # a row added to a watched input
        assert build_all(con, root)["facts"].how == "unchanged"  # only a new, and so announced, reference joins it
        con.execute("UPDATE raw.label_rows SET label = 'Blueberry' WHERE code = 'b'")  # a watched row changed
        relabelled = build_all(con, root)
        assert (relabelled["facts"].how, relabelled["facts"].why) == ("full", "1 rows of stg_labels changed or went")
        assert ("r99", "Blueberry", 1) in facts(con)

        write(tmp_path, core=CORE.replace("One row per reference, labelled.", "Labelled references."))
        assert build_all(con, root)["facts"].why == "its documentation changed"
        assert con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'facts'").fetchone() == (
            "Labelled references.",)

        announce(con, *((f"n{i}", "a") for i in range(10)))  # 10 of 23 rows: more than a third, in full
        assert build_all(con, root)["facts"].why == "10 references changed of 13 rows"


def test_an_incremental_model_must_watch_what_it_reads_whose_changes_are_not_announced(tmp_path: Path) -> None:
    write(tmp_path, core=CORE.replace("    watches:\n      stg_labels: [code, label]\n", ""))
    with pytest.raises(SqlProjectError, match=r"facts\.sql: an incremental model watches .* \['stg_labels'\]"):
        load_project(tmp_path)
    write(tmp_path, core=CORE.replace("stg_labels: [code, label]", "stg_labels: [code, colour]"))
    with pytest.raises(SqlProjectError, match=r"watches 'stg_labels'.*\['colour'\]"):
        load_project(tmp_path)


FACTS_BY_CODE = """select i.reference, i.code, l.label, 1 as versions
from {{ ref('stg_items') }} i left join {{ ref('stg_labels') }} l using (code)
qualify row_number() over (partition by i.reference order by i.code) = 1"""
CORE_BY_CODE = CORE.replace("stg_labels: [code, label]", "stg_labels: {columns: [code, label], by: {code: code}}"
                            ).replace("      - {name: label,", "      - {name: code, description: Its code.}\n"
                                                              "      - {name: label,")


def test_a_watched_row_joined_by_a_column_the_model_keeps_rebuilds_the_rows_of_its_value(tmp_path: Path) -> None:
    root = write(tmp_path, facts_sql=FACTS_BY_CODE, core=CORE_BY_CODE)
    with duckdb.connect() as con:
        con.execute("CREATE SCHEMA raw; CREATE TABLE raw.items AS SELECT 'r' || i AS reference, "
                    "CASE WHEN i < 2 THEN 'b' ELSE 'a' END AS code FROM range(12) t(i); "
                    "CREATE TABLE raw.label_rows AS FROM (VALUES ('a', 'Apple'), ('b', 'Banana')) t(code, label)")
        assert build_all(con, root)["facts"].how == "full"
        con.execute("UPDATE raw.label_rows SET label = 'Blueberry' WHERE code = 'b'")
        relabelled = build_all(con, root)["facts"]
        assert (relabelled.how, relabelled.why) == ("changes", "2 references changed (2 rows by stg_labels)")
        assert facts(con)[:3] == [("r0", "b", "Blueberry", 1), ("r1", "b", "Blueberry", 1), ("r10", "a", "Apple", 1)]
        con.execute("DELETE FROM pipeline.pending_references")  # as a run that built every model leaves it
        con.execute("INSERT INTO raw.label_rows VALUES ('c', 'Cherry')")  # a value no decision has: nothing to do
        assert build_all(con, root)["facts"].how == "unchanged"
        incremental = facts(con)
        build_all(con, write(tmp_path, facts_sql=FACTS_BY_CODE + " order by 1", core=CORE_BY_CODE))
        assert facts(con) == incremental  # a full build makes the same rows
