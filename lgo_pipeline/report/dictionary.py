"""The data dictionary, generated from the SQL project as `dbt docs` is from a dbt project: every table and
column with its description and type, its tests (and which of them block publication), what it is built from
and what is built from it, and the model's SQL. This module gathers them; templates/dictionary.html writes
them."""

from __future__ import annotations

from collections import defaultdict

import duckdb

from lgo_pipeline.report.templating import render
from lgo_pipeline.search.index_store import FIELDS
from lgo_pipeline.sql_models.project import LAYERS, DataTest, SqlModel, SqlProject


def dictionary_page(project: SqlProject, con: duckdb.DuckDBPyConnection) -> str:
    types = defaultdict(dict)
    for schema, name, column, kind in con.execute(
            "SELECT schema_name, table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = current_database() ORDER BY schema_name, table_name, column_index").fetchall():
        types[f"{schema}.{name}"][column] = kind
    used_by = defaultdict(list)
    for model in project.models.values():
        for ref in model.refs:
            used_by[project.models[ref].relation].append(model)
        for source in model.sources:
            used_by[".".join(source)].append(model)
    layers = [(layer, [m for m in sorted(project.models.values(), key=lambda m: m.name) if m.layer == layer])
              for layer in reversed(LAYERS)]  # marts first: what most readers query
    sections = [_section(model.relation, model.description, types[model.relation],
                         {c.name: c.description for c in model.columns}, model.tests, used_by[model.relation],
                         _model_facts(model, project))
                for _, models in layers for model in models]
    sections += [_section(f"{schema}.{name}", description, types[f"{schema}.{name}"], {}, [],
                          used_by[f"{schema}.{name}"], None)
                 for (schema, name), description in project.sources.items()]
    return render("dictionary.html", title="Data dictionary", root="", scripts=(), models=len(project.models),
                  layers=[(layer, [(m.name, m.relation) for m in models]) for layer, models in layers],
                  sources=[f"{schema}.{name}" for schema, name in project.sources], sections=sections,
                  search_fields=FIELDS)


def _model_facts(model: SqlModel, project: SqlProject) -> dict:
    return {"kind": "view" if model.materialized == "view" else "table",
            "built_from": [project.models[ref].relation for ref in model.refs] or [".".join(s) for s in model.sources],
            "unique_key": model.unique_key, "file": f"{model.path.parent.name}/{model.path.name}", "sql": model.sql}


def _section(relation: str, description: str, types: dict[str, str], descriptions: dict[str, str],
             tests: list[DataTest], used_by: list[SqlModel], model: dict | None) -> dict:
    by_column = defaultdict(list)
    for test in tests:
        by_column[test.column].append({"name": test.name, "effect": _effect(test)})
    return {"relation": relation, "description": description, "model": model,
            "used_by": [m.relation for m in sorted(used_by, key=lambda m: m.name)], "table_tests": by_column[None],
            "columns": [{"name": column, "type": types.get(column, ""), "description": descriptions.get(column, ""),
                         "tests": by_column[column]} for column in (list(types) or list(descriptions))]}


def _effect(test: DataTest) -> str:
    """What a test's failure does: blocks (stops what is downstream), fails (an error that does not stop the
    run), warns."""
    return "blocks" if test.blocking else "fails" if test.severity == "error" else "warns"
