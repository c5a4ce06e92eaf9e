"""Read-only access for people's SQL: the file opened read-only, statements that write or reach out refused.

Opening with read_only=True already stops writes to the warehouse; refusing by statement type gives a
clear message instead of DuckDB's, and turning external access off stops ATTACH, COPY ... TO, INSTALL
and reading other files from a query.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb

_ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
_CONFIG = {"enable_external_access": False, "lock_configuration": True}


class ReadOnlyViolation(ValueError):
    """A statement that would change the warehouse or reach outside it."""


def check_read_only(sql: str) -> list[duckdb.Statement]:
    """The statements of `sql` if every one only reads (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)."""
    statements = duckdb.extract_statements(sql)
    for statement in statements:
        if statement.type not in _ALLOWED:
            kind = statement.type.name.replace("_", " ")
            instead = ("To save a result to a file: lgo-pipeline query \"SELECT ...\" --format csv > result.csv"
                       if statement.type == duckdb.StatementType.COPY else
                       "Change the warehouse through `lgo-pipeline run`.")
            raise ReadOnlyViolation(
                f"refused: {kind} is not allowed; queries are read-only (SELECT, WITH, FROM, DESCRIBE, SHOW, "
                f"SUMMARIZE, EXPLAIN). {instead}")
    return statements


@contextlib.contextmanager
def connect_read_only(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(warehouse), read_only=True, config=_CONFIG) as con:
        yield con


def run_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyRelation | None:
    """Run every statement of `sql` after checking them all; the last one's result."""
    result = None
    for statement in check_read_only(sql):
        result = con.sql(statement.query)
    return result
