"""Build a model only as far as it changed: incremental models by the references announced as changed, views
and documentation only when their definition changed (dbt's `materialized: incremental`, our way).

An incremental model (`materialized: incremental`, `incremental_key: reference` in schema.yml) is rebuilt for
the references in `pipeline.pending_references`: its rows of those references are deleted and its SELECT,
reading its announced inputs restricted to them, inserted, in one transaction. So an incremental model must
make a reference's rows from that reference's rows alone (window functions partitioned by reference, joins on
it), besides what it watches (below); what needs every reference (the span of a year's references) is a model
of its own. That makes the table a full build makes as long as what the model reads changed only where changes
are announced (the sources marked `announces_changes`, read through
their staging views, and other incremental models). So it is built in full instead when
- it does not exist, or its definition changed since its last build: its SQL, that of any model upstream of
  it, the macros or the vars (`pipeline.model_builds`); or its documentation did (its comments);
- a relation it reads whose changes are not announced (a dimension, a lookup of labels: its `watches` in
  schema.yml, with the columns it reads of each) lost or changed a row since its last build
  (`pipeline.model_inputs` keeps a hash of each row over those columns). Rows added are no change: they can
  only join decisions that are new, and so announced. Where the model joins that relation on one column it
  keeps (`by`: a council's id, a reference year), a changed, lost or added row instead announces the model's
  references of that value, and only those are rebuilt (a care provider's name spelt as most of its
  decisions spell it: a new decision can change it);
- an incremental model it reads was built in full since (its changes are then in no pending reference);
- the announced references are more than a third of its rows (a full build is then as quick).
Once every incremental model has been built in a run, the pending references are moved to
`pipeline.released_references`, where the search index takes them from (a full build releases a NULL: every
reference); a run stopped before that leaves them, and the next run rebuilds them again (deleting and
inserting twice is harmless).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import duckdb

from lgo_pipeline.sql_models.project import SqlModel, SqlProject
from lgo_pipeline.warehouse.schema import PENDING_REFERENCES, RELEASED_REFERENCES
from lgo_pipeline.warehouse.transactions import transaction

BUILDS = "pipeline.model_builds"
INPUTS = "pipeline.model_inputs"
_FULL_ABOVE = 1 / 3  # share of a model's rows announced as changed above which a full build is as quick
_STATE_DDL = (
    # build_number counts builds across the project; full_build_number is that of the model's last full build
    f"CREATE TABLE IF NOT EXISTS {BUILDS} (model VARCHAR NOT NULL, definition_sha256 VARCHAR NOT NULL, "
    "documentation_sha256 VARCHAR NOT NULL, built_as VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL, "
    "build_number BIGINT NOT NULL, full_build_number BIGINT)",
    # key: the value of the watched column a `by` joins on (else NULL)
    f"CREATE TABLE IF NOT EXISTS {INPUTS} (model VARCHAR NOT NULL, relation VARCHAR NOT NULL, key VARCHAR, "
    "row_hash UBIGINT)",
)


def ensure_state(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS pipeline")
    for ddl in (*_STATE_DDL, PENDING_REFERENCES.ddl(), RELEASED_REFERENCES.ddl()):
        con.execute(ddl)


def _upstream(project: SqlProject, model: SqlModel) -> list[SqlModel]:
    """The model and every model it reads, directly or not, in a stable order."""
    seen: dict[str, SqlModel] = {}
    pending = [model]
    while pending:
        current = pending.pop()
        if current.name not in seen:
            seen[current.name] = current
            pending.extend(project.models[ref] for ref in current.refs)
    return [seen[name] for name in sorted(seen)]


def definition_sha256(project: SqlProject, model: SqlModel) -> str:
    """Everything that decides what the model's rows are: its SQL and that of every model upstream (rendered:
    vars included, with how each is materialized), and the macros. The model's asset's code version."""
    digest = hashlib.sha256()
    for path in project.macros:
        digest.update(path.read_bytes())
    for upstream in _upstream(project, model):
        digest.update(f"\0{upstream.name}\0{upstream.materialized}\0{upstream.incremental_key}\0".encode())
        digest.update(project.render(upstream).encode())
    return digest.hexdigest()


def documentation_sha256(model: SqlModel) -> str:
    digest = hashlib.sha256(model.description.encode())
    for column in model.columns:
        digest.update(f"\0{column.name}\0{column.description}".encode())
    return digest.hexdigest()


def _row_hash(project: SqlProject, model: SqlModel, watched: str) -> str:
    """The SQL of a hash of each row of a watched input, over the columns the model reads of it, with the value
    its `by` joins on."""
    watch = model.watches[watched]
    key = f"CAST({watch.by[0]} AS VARCHAR)" if watch.by else "CAST(NULL AS VARCHAR)"
    return (f"SELECT DISTINCT {key} AS key, hash({', '.join(watch.columns)}) AS row_hash "
            f"FROM {project.models[watched].relation}")


@dataclass(frozen=True)
class Plan:
    how: str  # full | changes | unchanged (a view, or an incremental model with nothing announced)
    why: str


def _exists(con: duckdb.DuckDBPyConnection, model: SqlModel) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND "
                       "schema_name = ? AND table_name = ? UNION ALL SELECT count(*) FROM duckdb_views() WHERE "
                       "database_name = current_database() AND schema_name = ? AND view_name = ?",
                       [model.layer, model.name, model.layer, model.name]).fetchall() != [(0,), (0,)]


def _last_build(con: duckdb.DuckDBPyConnection, model: SqlModel) -> tuple[str, str, int] | None:
    return con.execute(f"SELECT definition_sha256, documentation_sha256, build_number FROM {BUILDS} WHERE model = ?",
                       [model.name]).fetchone()


def _rebuilt_in_full_since(con: duckdb.DuckDBPyConnection, project: SqlProject, model: SqlModel,
                           build_number: int) -> str | None:
    """An incremental model the model reads that was built in full after the model's last build: its changes
    are then in no pending reference."""
    incremental = [ref for ref in model.refs if project.models[ref].materialized == "incremental"]
    found = con.execute(f"SELECT model FROM {BUILDS} WHERE model IN ? AND full_build_number > ? ORDER BY model",
                        [incremental, build_number]).fetchone() if incremental else None
    return found[0] if found else None


def _lost_or_changed(con: duckdb.DuckDBPyConnection, project: SqlProject, model: SqlModel, watched: str) -> int:
    (rows,) = con.execute(f"SELECT count(*) FROM {INPUTS} WHERE model = ? AND relation = ? AND row_hash NOT IN "
                          f"(SELECT row_hash FROM ({_row_hash(project, model, watched)}))", [model.name, watched]).fetchone()
    return rows


def _announce_rows_of_changed_keys(con: duckdb.DuckDBPyConnection, project: SqlProject, model: SqlModel,
                                   watched: str) -> int:
    """Announce the model's references whose `by` value is that of a row of the watched input added, changed or
    lost since the model's last build; how many rows of the model that makes."""
    (_, column), key = model.watches[watched].by, model.incremental_key
    (rows,) = con.execute(
        f"""INSERT INTO {PENDING_REFERENCES.relation}
        WITH now AS ({_row_hash(project, model, watched)}),
             recorded AS (SELECT key, row_hash FROM {INPUTS} WHERE model = $model AND relation = $watched),
             changed AS ((FROM recorded EXCEPT FROM now) UNION ALL (FROM now EXCEPT FROM recorded))
        SELECT {key} FROM {model.relation} AS m
        WHERE EXISTS (SELECT 1 FROM changed AS c WHERE CAST(m.{column} AS VARCHAR) IS NOT DISTINCT FROM c.key)""",
        {"model": model.name, "watched": watched}).fetchone()
    return rows


def plan_build(con: duckdb.DuckDBPyConnection, project: SqlProject, model: SqlModel) -> Plan:
    """How to build the model now, and why (shown in the run's metadata); announces first the references that
    watched rows changed by a `by` reach."""
    if model.materialized == "table":
        return Plan("full", "a table built in full every run")
    last = _last_build(con, model) if _exists(con, model) else None
    if last is None or last[0] != definition_sha256(project, model):
        return Plan("full", "first build" if last is None else "its definition or one upstream changed")
    if last[1] != documentation_sha256(model):  # rare: rebuilt for its COMMENT ONs, which are made with it
        return Plan("full", "its documentation changed")
    if model.materialized == "view":
        return Plan("unchanged", "its definition is unchanged")
    if upstream := _rebuilt_in_full_since(con, project, model, last[2]):
        return Plan("full", f"{upstream} was built in full since")
    for watched, watch in model.watches.items():
        if not watch.by and (changed := _lost_or_changed(con, project, model, watched)):
            return Plan("full", f"{changed:,} rows of {watched} changed or went")
    through = [f"{rows:,} rows by {watched}" for watched, watch in model.watches.items()
               if watch.by and (rows := _announce_rows_of_changed_keys(con, project, model, watched))]
    (pending, rows) = con.execute(f"SELECT (SELECT count(DISTINCT reference) FROM {PENDING_REFERENCES.relation}), "
                                  f"(SELECT count(*) FROM {model.relation})").fetchone()
    if pending == 0:
        return Plan("unchanged", "no reference announced as changed")
    changed = f"{pending:,} references changed" + (f" ({', '.join(through)})" if through else "")
    if pending > _FULL_ABOVE * rows:
        return Plan("full", f"{changed} of {rows:,} rows")
    return Plan("changes", changed)


def build_changes(con: duckdb.DuckDBPyConnection, project: SqlProject, model: SqlModel) -> None:
    """Replace the model's rows of the announced references with what its SELECT makes of them, in one
    transaction. The SELECT reads each announced input that has the key column restricted to those references
    (its window functions and joins then run over them only): an incremental model makes a reference's rows
    from that reference's rows alone, besides the inputs it watches (see the module's docstring)."""
    key, pending = model.incremental_key, f"SELECT reference FROM {PENDING_REFERENCES.relation}"
    restricted = {ref: f"(SELECT * FROM {project.models[ref].relation} WHERE {key} IN ({pending}))"
                  for ref in model.refs if project.announces_changes(project.models[ref])
                  and key in {column.name for column in project.models[ref].columns}}
    with transaction(con):
        con.execute(f"DELETE FROM {model.relation} WHERE {key} IN ({pending})")
        con.execute(f"INSERT INTO {model.relation} BY NAME SELECT * FROM ({project.render(model, restricted)}) "
                    f"AS model WHERE {key} IN ({pending})")


def record_build(con: duckdb.DuckDBPyConnection, project: SqlProject, model: SqlModel, built_as: str) -> None:
    """What the model was built from: its definition, its documentation and, for an incremental model, a hash of
    each row of what it reads whose changes are not announced."""
    with transaction(con):
        (number,) = con.execute(f"SELECT coalesce(max(build_number), 0) + 1 FROM {BUILDS}").fetchone()
        (last_full,) = con.execute(f"SELECT max(full_build_number) FROM {BUILDS} WHERE model = ?",
                                   [model.name]).fetchone()
        con.execute(f"DELETE FROM {BUILDS} WHERE model = ?", [model.name])
        con.execute(f"INSERT INTO {BUILDS} VALUES (?, ?, ?, ?, now()::TIMESTAMP, ?, ?)",
                    [model.name, definition_sha256(project, model), documentation_sha256(model), built_as, number,
                     number if built_as == "full" else last_full])
        con.execute(f"DELETE FROM {INPUTS} WHERE model = ?", [model.name])
        if model.materialized == "incremental":
            if built_as == "full":  # what is kept outside the warehouse must compare every reference
                con.execute(f"INSERT INTO {RELEASED_REFERENCES.relation} (reference) VALUES (NULL)")
            for watched in model.watches:
                con.execute(f"INSERT INTO {INPUTS} SELECT ?, ?, key, row_hash FROM ({_row_hash(project, model, watched)})",
                            [model.name, watched])


def clear_pending(con: duckdb.DuckDBPyConnection) -> None:
    """Every incremental model has taken the announced references in: none is pending any more, and they are
    released to what is kept outside the warehouse (the search index)."""
    with transaction(con):
        con.execute(f"INSERT INTO {RELEASED_REFERENCES.relation} (reference) "
                    f"SELECT DISTINCT reference FROM {PENDING_REFERENCES.relation}")
        con.execute(f"DELETE FROM {PENDING_REFERENCES.relation}")
