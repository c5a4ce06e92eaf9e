"""The data dictionary, generated from the SQL project as `dbt docs` is from a dbt project: every table and
column with its description and type, its tests (and which of them block publication), what it is built from
and what is built from it, and the model's SQL."""

from __future__ import annotations

import html
from collections import defaultdict

import duckdb

from lgo_pipeline.report.html_parts import page, table, text
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
    contents = "".join(
        f"<li><b>{layer}</b>: " + ", ".join(f'<a href="#{m.relation}">{m.name}</a>' for m in models) + "</li>"
        for layer, models in layers)
    sources = "".join(f'<li><a href="#{schema}.{name}">{schema}.{name}</a></li>' for schema, name in project.sources)
    body = [f"<h1>Data dictionary</h1><p class='note'>Generated from the SQL project (dbt_like_sql/) and the "
            f"warehouse: {len(project.models)} models and {len(project.sources)} tables written by Python. A test "
            f"marked <span class='blocks'>blocks</span> stops the models downstream of it and the publication when "
            f"it fails; <span class='fails'>fails</span> is an error that does not stop the run; "
            f"<span class='warns'>warns</span> only reports.</p>",
            f"<h2>Contents</h2><ul>{contents}<li><b>written by Python</b> (read through their staging views)<ul>"
            f"{sources}</ul></li><li><a href='#search'>the search index</a></li></ul>"]
    for _, models in layers:
        for model in models:
            body.append(_section(model.relation, model.description, types[model.relation],
                                 {c.name: c.description for c in model.columns}, model.tests,
                                 used_by[model.relation], model, project))
    for (schema, name), description in project.sources.items():
        relation = f"{schema}.{name}"
        body.append(_section(relation, description, types[relation], {}, [], used_by[relation], None, project))
    body.append(_search_index())
    return page("Data dictionary", "\n".join(body))


def _search_index() -> str:
    """The search index beside the warehouse (`lgo-pipeline search`): a document per decision, its fields."""
    rows = [(f"<code>{text(name)}</code>", text(kept), text(description))
            for name, (kept, description) in FIELDS.items()]
    return "\n".join([
        '<h2 id="search">the search index</h2>',
        "<p>A tantivy index beside the warehouse, one document per decision of core.fct_decision (its latest "
        "text and its facts), published with the warehouse; asked by <code>lgo-pipeline search</code> and "
        "<code>lgo_pipeline.search.search</code>. The blocking check <code>every_decision_searchable_once</code> "
        "holds it to one document per decision.</p>",
        table(("field", "kept", "description"), rows, text_columns=3)])


def _section(relation: str, description: str, types: dict[str, str], descriptions: dict[str, str],
             tests: list[DataTest], used_by: list[SqlModel], model: SqlModel | None, project: SqlProject) -> str:
    by_column = defaultdict(list)
    for test in tests:
        by_column[test.column].append(test)
    columns = list(types) or list(descriptions)
    rows = [(f"<code>{text(column)}</code>", text(types.get(column, "")), text(descriptions.get(column, "")),
             _tests(by_column[column])) for column in columns]
    parts = [f'<h2 id="{relation}">{relation}</h2>', f"<p>{text(description)}</p>"]
    facts = []
    if model is not None:
        facts.append(f"{'view' if model.materialized == 'view' else 'table'} built from "
                     + (", ".join(_anchor(project.models[ref].relation) for ref in model.refs)
                        or ", ".join(_anchor(".".join(source)) for source in model.sources)))
        if model.unique_key:
            facts.append(f"one row per {', '.join(f'<code>{k}</code>' for k in model.unique_key)}")
    else:
        facts.append("written by the pipeline's Python; its columns are described in the staging view over it")
    if used_by:
        facts.append("used by " + ", ".join(_anchor(m.relation) for m in sorted(used_by, key=lambda m: m.name)))
    parts.append(f"<p class='note'>{'; '.join(facts)}.</p>")
    if by_column[None]:
        parts.append(f"<p class='note'>Table tests: {_tests(by_column[None])}</p>")
    parts.append(table(("column", "type", "description", "tests"), rows, text_columns=4))
    if model is not None:
        parts.append(f"<details><summary>SQL ({model.path.parent.name}/{model.path.name})</summary>"
                     f"<pre class='sql'>{html.escape(model.sql)}</pre></details>")
    return "\n".join(parts)


def _anchor(relation: str) -> str:
    return f'<a href="#{relation}">{relation}</a>'


def _tests(tests: list[DataTest]) -> str:
    """Each test and what its failure does: blocks (stops what is downstream), fails (an error that does not
    stop the run), warns."""
    def effect(test: DataTest) -> str:
        return "blocks" if test.blocking else "fails" if test.severity == "error" else "warns"

    return ", ".join(f"<code>{text(t.name)}</code> <span class='{effect(t)}'>{effect(t)}</span>" for t in tests)
