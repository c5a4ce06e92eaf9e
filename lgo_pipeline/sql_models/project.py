"""Load the SQL project: one model per `.sql` file, layer = folder, docs and tests from `schema.yml`.

`{{ ref('model') }}`, `{{ source('schema', 'table') }}` and `{{ var('name') }}` are the only template calls:
models stay plain SQL that can be read (and pasted into DuckDB) without a template engine. Shared SQL is
DuckDB macros in `macros/*.sql` (`wilson_bound`, `financial_year`, ...), created before the models are built
and kept in the warehouse for anyone's queries. The vars are the limits the parser enforces
(`parsing.plausibility.SQL_VARS`), so that a test and the parser say the same thing from one place, and the
site's address (decisions link back to their published page).
"""

from __future__ import annotations

import graphlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lgo_pipeline.fetch.site import DEFAULT_SITE_URL
from lgo_pipeline.parsing.plausibility import SQL_VARS
from lgo_pipeline.sql_models.location import bundled_sql_dir

DEFAULT_VARS = {**SQL_VARS, "site_url": f"'{DEFAULT_SITE_URL}'"}

DEFAULT_SQL_DIR = bundled_sql_dir()
LAYERS = ("staging", "core", "marts")
_CALL = re.compile(r"\{\{\s*(?P<fn>ref|source|var)\(\s*(?P<args>[^)]*)\)\s*\}\}")
_ARG = re.compile(r"""['"]([A-Za-z0-9_]+)['"]""")


class SqlProjectError(Exception):
    """The SQL project is inconsistent: a file names something that does not exist."""


@dataclass(frozen=True)
class DataTest:
    """One column or model test from schema.yml (`not_null`, `unique`, `accepted_range`, ...)."""

    name: str
    kind: str
    column: str | None
    config: dict
    severity: str  # 'error' fails the check, 'warn' only reports
    blocking: bool = True  # an 'error' test stops downstream models unless schema.yml says `blocking: false`


@dataclass(frozen=True)
class UnitTest:
    name: str
    model: str
    given: dict[str, list[dict] | str]  # ref -> rows or a SELECT
    expect: list[dict]
    description: str = ""


def parse_unit_test(spec: dict, where: str) -> UnitTest:
    try:
        return UnitTest(spec["name"], spec["model"], dict(spec["given"]), list(spec["expect"]),
                        spec.get("description", ""))
    except (KeyError, TypeError) as error:
        raise SqlProjectError(f"{where}: unit test {spec.get('name', '?')!r} needs name, model, given and expect "
                              f"({error})") from None


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True)
class Watch:
    """What an incremental model reads of a relation whose changes nobody announces: the columns, and, when its
    rows join that relation on one column the model keeps, that pair (`by`: the relation's column, the model's),
    so that a changed row rebuilds the model's rows of that value only rather than the whole model."""

    columns: tuple[str, ...]
    by: tuple[str, str] | None = None


@dataclass
class SqlModel:
    name: str
    layer: str
    path: Path
    sql: str
    description: str = ""
    materialized: str = "table"  # table | view | incremental (see sql_models.incremental)
    incremental_key: str | None = None  # an incremental model's column named in pipeline.pending_references
    # an incremental model's inputs whose changes are not announced (see sql_models.incremental)
    watches: dict[str, Watch] = field(default_factory=dict)
    columns: list[Column] = field(default_factory=list)
    tests: list[DataTest] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)
    unique_key: list[str] = field(default_factory=list)  # the columns that name one row

    @property
    def relation(self) -> str:
        return f"{self.layer}.{self.name}"


@dataclass
class SqlProject:
    root: Path
    models: dict[str, SqlModel]
    sources: dict[tuple[str, str], str]  # (schema, table) -> description
    announced: frozenset[tuple[str, str]] = frozenset()  # sources whose producers announce the references they change
    macros: list[Path] = field(default_factory=list)  # macros/*.sql: CREATE MACRO statements
    vars: dict[str, str] = field(default_factory=dict)
    unit_tests: list[UnitTest] = field(default_factory=list)  # run by `sql_models.unit_tests` (pytest)

    def create_macros(self, con) -> None:
        """Create (or replace) the shared macros in the database `con` writes."""
        create_macros(con, self.macros)

    def announces_changes(self, model: SqlModel) -> bool:
        """Whether the changes of a model's rows are announced as references (see `incremental`): an incremental
        model, or a staging view over sources that announce theirs."""
        if model.materialized == "incremental":
            return True
        return model.layer == "staging" and not model.refs and bool(model.sources) and all(
            source in self.announced for source in model.sources)

    def build_order(self) -> list[str]:
        sorter = graphlib.TopologicalSorter({name: set(m.refs) for name, m in self.models.items()})
        return list(sorter.static_order())

    def render(self, model: SqlModel, instead: dict[str, str] | None = None) -> str:
        """The model's SQL with every ref/source replaced by its qualified table name (or by what `instead` gives
        for a ref: an incremental build's restriction), every var by its value."""
        return self.render_text(model.sql, instead or {})

    def render_text(self, text: str, instead: dict[str, str] | None = None) -> str:
        def replace(match: re.Match[str]) -> str:
            args = _ARG.findall(match["args"])
            if match["fn"] == "ref":
                return (instead or {}).get(args[0]) or self.models[args[0]].relation
            if match["fn"] == "var":
                return self.vars[args[0]]
            return f"{args[0]}.{args[1]}"

        return _CALL.sub(replace, text)


def create_macros(con, paths: list[Path] | None = None) -> None:
    """Create (or replace) the macros of `paths` (default: the bundled project's) in the database `con` writes:
    for Python that reads the warehouse by the project's rules before the models are built (the card rule)."""
    for path in sorted((DEFAULT_SQL_DIR / "macros").glob("*.sql")) if paths is None else paths:
        con.execute(path.read_text(encoding="utf-8"))


def _parse_test(spec: str | dict, column: str | None, default_severity: str) -> DataTest:
    if isinstance(spec, str):
        kind, config = spec, {}
    else:
        ((kind, config),) = spec.items()
        config = dict(config or {})
    severity = config.pop("severity", default_severity)
    name = config.pop("name", f"{column}__{kind}" if column else kind)
    if severity not in {"error", "warn"}:
        raise SqlProjectError(f"test {name}: severity must be 'error' or 'warn', not {severity!r}")
    blocking = config.pop("blocking", True) and severity == "error"
    return DataTest(name, kind, column, config, severity, bool(blocking))


def _calls(sql: str, fn: str) -> list[list[str]]:
    return [_ARG.findall(m["args"]) for m in _CALL.finditer(sql) if m["fn"] == fn]


def _read_yaml(path: Path):
    """YAML with libyaml's C parser when PyYAML has it: the project's files in 10 ms instead of 120 ms, at the
    start of every run."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _watch(schema_path: Path, name: str, spec: object) -> Watch:
    """`name: [columns]`, or `name: {columns: [...], by: {its column: the model's column}}`."""
    if isinstance(spec, list):
        return Watch(tuple(spec))
    if isinstance(spec, dict) and isinstance(spec.get("columns"), list) and (
            "by" not in spec or (isinstance(spec["by"], dict) and len(spec["by"]) == 1)):
        by = next(iter(spec["by"].items())) if "by" in spec else None
        return Watch(tuple(spec["columns"]), by)
    raise SqlProjectError(f"{schema_path}: watches {name!r}: a list of columns, or {{columns: [...], by: "
                          f"{{its column: the model's column}}}}")


def load_project(root: Path = DEFAULT_SQL_DIR, vars: dict[str, str] | None = None) -> SqlProject:
    """Read every model and its documentation; fail with the file name on anything inconsistent."""
    vars = DEFAULT_VARS if vars is None else vars
    models: dict[str, SqlModel] = {}
    for layer in LAYERS:
        for path in sorted((root / layer).glob("*.sql")):
            if path.stem in models:
                raise SqlProjectError(f"{path}: model name {path.stem!r} is used twice")
            sql = path.read_text(encoding="utf-8")
            models[path.stem] = SqlModel(
                name=path.stem, layer=layer, path=path, sql=sql,
                materialized="view" if layer == "staging" else "table",
                refs=[args[0] for args in _calls(sql, "ref")],
                sources=[(args[0], args[1]) for args in _calls(sql, "source")],
            )
    sources_doc = _read_yaml(root / "sources.yml") or {}
    sources = {
        (schema["name"], table["name"]): table.get("description", "")
        for schema in sources_doc.get("sources", []) for table in schema.get("tables", [])
    }
    announced = frozenset((schema["name"], table["name"]) for schema in sources_doc.get("sources", [])
                          for table in schema.get("tables", []) if table.get("announces_changes"))
    unit_tests: list[UnitTest] = []
    for layer in LAYERS:
        schema_path = root / layer / "schema.yml"
        doc = _read_yaml(schema_path) if schema_path.exists() else {}
        unit_tests += [parse_unit_test(spec, str(schema_path)) for spec in (doc or {}).get("unit_tests", [])]
        for entry in (doc or {}).get("models", []):
            model = models.get(entry["name"])
            if model is None or model.layer != layer:
                raise SqlProjectError(f"{schema_path}: documents {entry['name']!r}, which is not a model in {layer}/")
            model.description = entry.get("description", "").strip()
            model.materialized = entry.get("materialized", model.materialized)
            model.incremental_key = entry.get("incremental_key")
            model.watches = {name: _watch(schema_path, name, spec) for name, spec in (entry.get("watches") or {}).items()}
            key = entry.get("unique_key")
            if not key:
                raise SqlProjectError(f"{schema_path}: model {entry['name']!r} declares no unique_key (its row key)")
            model.unique_key = list(key)
            model.tests = [DataTest("unique_key", "unique_key", None, {"columns": model.unique_key}, "error")]
            model.tests += [_parse_test(t, None, "error") for t in entry.get("tests", [])]
            for column in entry.get("columns", []):
                model.columns.append(Column(column["name"], column.get("description", "").strip()))
                model.tests += [_parse_test(t, column["name"], "error") for t in column.get("tests", [])]
    for model in models.values():
        for name in [args[0] for args in _calls(model.sql, "var")] + [
                args[0] for t in model.tests for value in t.config.values() if isinstance(value, str)
                for args in _calls(value, "var")]:
            if name not in vars:
                raise SqlProjectError(f"{model.path}: var({name!r}) is not defined")
        for ref in model.refs:
            if ref not in models:
                raise SqlProjectError(f"{model.path}: ref({ref!r}) names no model")
        for source in model.sources:
            if source not in sources:
                raise SqlProjectError(f"{model.path}: source{source!r} is not declared in sources.yml")
        if not model.unique_key:
            raise SqlProjectError(f"{model.path}: not documented in {model.layer}/schema.yml with its unique_key")
        if model.materialized not in {"table", "view", "incremental"}:
            raise SqlProjectError(f"{model.path}: materialized must be table, view or incremental, not "
                                  f"{model.materialized!r}")
        if model.materialized == "incremental" and model.incremental_key not in {c.name for c in model.columns}:
            raise SqlProjectError(f"{model.path}: an incremental model names a documented column as its "
                                  f"incremental_key (the reference the changes are announced by)")
        for name, watch in model.watches.items():
            known = {c.name for c in models[name].columns} if name in models else set()
            if name not in model.refs or not set(watch.columns) <= known:
                raise SqlProjectError(f"{model.path}: watches {name!r}, which it does not read, or columns of it "
                                      f"that are not documented: {sorted(set(watch.columns) - known)}")
            if watch.by and (watch.by[0] not in watch.columns or watch.by[1] not in {c.name for c in model.columns}):
                raise SqlProjectError(f"{model.path}: watches {name!r} by {watch.by[0]!r} (one of the columns it "
                                      f"watches) = {watch.by[1]!r} (a documented column of its own)")
    for test in unit_tests:
        if test.model not in models or any(ref not in models for ref in test.given):
            raise SqlProjectError(f"unit test {test.name}: {test.model} or one of {sorted(test.given)} names no model")
    project = SqlProject(root, models, sources, announced, sorted((root / "macros").glob("*.sql")), dict(vars),
                         unit_tests)
    for model in models.values():
        unwatched = sorted({ref for ref in model.refs if not project.announces_changes(models[ref])} - set(model.watches))
        if model.materialized == "incremental" and unwatched:
            raise SqlProjectError(f"{model.path}: an incremental model watches what it reads whose changes are not "
                                  f"announced, with the columns it reads of each; add to its `watches`: {unwatched}")
    return project
