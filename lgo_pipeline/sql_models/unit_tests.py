"""Unit tests of the SQL models on given input rows, as dbt's `unit_tests` are: the logic of a model (the
Wilson interval, the financial-year boundary, the week shares...) checked against figures worked out by hand,
whatever the data.

In a layer's schema.yml:

    unit_tests:
      - name: wilson_interval_and_rates
        model: outcome_rates_by_council
        given:                            # every model the tested model refs: rows, or a SELECT
          fct_decision: [{organisation_id: A, financial_year: 2022-23, is_investigation: true, ...}]
          dim_organisation: "select 'A' as organisation_id, ..."
        expect: [{organisation_id: A, uphold_rate: 0.8, ...}]   # the model's rows, in these columns

The model runs in a database of its own, with the project's macros, on the given rows only.
"""

from __future__ import annotations

import math

import duckdb
import pyarrow as pa

from lgo_pipeline.sql_models.project import SqlProject, SqlProjectError, UnitTest


def _table(rows: list[dict]) -> pa.Table:
    """Rows as a table; a column with no value at all is text (Arrow would make it of type null)."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    columns = {name: [row.get(name) for row in rows] for name in names}
    return pa.table({name: pa.array(values, pa.string()) if all(v is None for v in values) else values
                     for name, values in columns.items()})


def _same(expected: object, actual: object) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        return expected is not None and actual is not None and math.isclose(float(expected), float(actual),
                                                                            rel_tol=1e-9, abs_tol=1e-9)
    return expected == actual or str(expected) == str(actual)


def run_unit_test(project: SqlProject, test: UnitTest) -> list[str]:
    """What differs between the model's rows and the expected ones (nothing: the test passes)."""
    model = project.models[test.model]
    missing = set(model.refs) - set(test.given)
    if missing:
        raise SqlProjectError(f"unit test {test.name}: give rows for {sorted(missing)}, which {model.name} reads")
    with duckdb.connect() as con:
        project.create_macros(con)
        for ref, given in test.given.items():
            relation = project.models[ref].relation
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {relation.split('.')[0]}")
            if isinstance(given, str):
                con.execute(f"CREATE TABLE {relation} AS {given}")
            else:
                rows = _table(given)  # noqa: F841 (read by DuckDB by name)
                con.execute(f"CREATE TABLE {relation} AS SELECT * FROM rows")
        cursor = con.execute(project.render(model))
        names = [d[0] for d in cursor.description]
        actual = [dict(zip(names, row)) for row in cursor.fetchall()]
    columns = list(dict.fromkeys(name for row in test.expect for name in row))
    unknown = [name for name in columns if name not in names]
    if unknown:
        return [f"{model.name} has no column {name!r}" for name in unknown]
    problems = []
    unmatched = [{name: row[name] for name in columns} for row in actual]
    for expected in test.expect:
        match = next((row for row in unmatched if all(_same(v, row[k]) for k, v in expected.items())), None)
        if match is None:
            problems.append(f"no row {expected}")
        else:
            unmatched.remove(match)
    problems += [f"unexpected row {row}" for row in unmatched]
    return problems
