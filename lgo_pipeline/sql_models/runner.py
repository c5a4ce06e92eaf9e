"""Build the SQL project in dependency order, testing each model as soon as it is built, as `dbt build` does.

A model whose blocking test fails stops every model downstream of it: those are skipped (their tables stay
as the last build left them in the working copy), and a run with a skipped model is not published. Each
model is built as far as it changed (`incremental`); once every incremental model has been built, the
references announced as changed are taken in.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb

from lgo_pipeline.sql_models.building import build_model
from lgo_pipeline.sql_models.data_tests import TestOutcome, run_test
from lgo_pipeline.sql_models.incremental import Plan, clear_pending, ensure_state
from lgo_pipeline.sql_models.project import SqlModel, SqlProject


@dataclass(frozen=True)
class ModelBuilt:
    model: SqlModel
    rows: int
    seconds: float
    plan: Plan  # built in full, by its changed references, or left as it was


@dataclass(frozen=True)
class ModelSkipped:
    model: SqlModel
    because: str  # the blocking test that failed upstream: `fct_decision:unique_key`


@dataclass(frozen=True)
class TestRun:
    model: SqlModel
    outcome: TestOutcome


def build_project(con: duckdb.DuckDBPyConnection, project: SqlProject, models: set[str] | None = None,
                  tests: set[tuple[str, str]] | None = None) -> Iterator[ModelBuilt | ModelSkipped | TestRun]:
    """Build `models` (every model when None) and run `tests` ((model, test) pairs; every test of a built model
    when None), yielding what happened in order. Models not selected are read as they are."""
    project.create_macros(con)
    ensure_state(con)
    stopped_by: dict[str, str] = {}  # model -> the failing blocking test that stops it
    built: set[str] = set()
    for name in project.build_order():
        model = project.models[name]
        upstream = next((stopped_by[ref] for ref in model.refs if ref in stopped_by), None)
        if upstream:
            stopped_by[name] = upstream
            if models is None or name in models:
                yield ModelSkipped(model, upstream)
            continue
        if models is not None and name not in models:
            continue
        started = time.perf_counter()
        rows, plan = build_model(con, project, model)
        built.add(name)
        yield ModelBuilt(model, rows, time.perf_counter() - started, plan)
        for test in model.tests:
            if tests is not None and (name, test.name) not in tests:
                continue
            outcome = run_test(con, project, model, test)
            yield TestRun(model, outcome)
            if not outcome.passed and test.blocking:
                stopped_by.setdefault(name, f"{name}:{test.name}")
    incremental = {name for name, model in project.models.items() if model.materialized == "incremental"}
    if incremental <= built and not incremental & set(stopped_by):
        clear_pending(con)
