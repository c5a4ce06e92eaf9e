"""Column and model tests as SQL: each test selects the rows that break it."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lgo_pipeline.sql_models.project import DataTest, SqlModel, SqlProject, SqlProjectError

_SAMPLE_ROWS = 5
# Shown with a failing row so a reader can find it; the tested column is always shown too.
_IDENTIFYING_COLUMNS = frozenset({"reference", "organisation_id", "financial_year", "category_id", "occurrences"})


@dataclass(frozen=True)
class TestOutcome:
    test: DataTest
    failing_rows: int
    sample: list[dict]
    sql: str

    @property
    def passed(self) -> bool:
        return self.failing_rows == 0


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def failing_rows_sql(project: SqlProject, model: SqlModel, test: DataTest) -> str:
    """A SELECT of the offending rows of `model` for `test`."""
    table, column = model.relation, test.column
    config = {k: project.render_text(v) if isinstance(v, str) else v for k, v in test.config.items()}
    if test.kind == "not_null":
        return f"SELECT * FROM {table} WHERE {column} IS NULL"
    if test.kind == "unique_key":
        columns = ", ".join(config["columns"])
        return f"SELECT {columns}, count(*) AS occurrences FROM {table} GROUP BY ALL HAVING count(*) > 1"
    if test.kind == "unique":
        return (f"SELECT {column}, count(*) AS occurrences FROM {table} WHERE {column} IS NOT NULL "
                f"GROUP BY {column} HAVING count(*) > 1")
    if test.kind == "accepted_values":
        values = ", ".join(_literal(v) for v in config["values"])
        return f"SELECT * FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN ({values})"
    if test.kind == "relationships":
        target = project.models[config["to"]].relation
        return (f"SELECT * FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN "
                f"(SELECT {config['field']} FROM {target} WHERE {config['field']} IS NOT NULL)")
    if test.kind == "accepted_range":
        inclusive = config.get("inclusive", True)
        bounds = []
        if "min_value" in config:
            bounds.append(f"{column} {'<' if inclusive else '<='} {config['min_value']}")
        if "max_value" in config:
            bounds.append(f"{column} {'>' if inclusive else '>='} {config['max_value']}")
        return f"SELECT * FROM {table} WHERE {' OR '.join(bounds)}"
    if test.kind == "matches":
        return f"SELECT * FROM {table} WHERE {column} IS NOT NULL AND NOT regexp_full_match({column}, {_literal(config['pattern'])})"
    if test.kind == "expression_is_true":
        return f"SELECT * FROM {table} WHERE NOT coalesce(({config['expression']}), FALSE)"
    raise SqlProjectError(f"{model.path}: unknown test kind {test.kind!r} in {test.name}")


def run_test(con: duckdb.DuckDBPyConnection, project: SqlProject, model: SqlModel, test: DataTest) -> TestOutcome:
    sql = failing_rows_sql(project, model, test)
    failing = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    sample: list[dict] = []
    if failing:
        cursor = con.execute(f"{sql} LIMIT {_SAMPLE_ROWS}")
        names = [d[0] for d in cursor.description]
        shown = set(test.config.get("columns", ())) | {test.column}
        keep = [n for n in names if n in _IDENTIFYING_COLUMNS or n in shown] or names
        sample = [{n: str(v) for n, v in zip(names, row) if n in keep} for row in cursor.fetchall()]
    return TestOutcome(test, failing, sample, sql)
