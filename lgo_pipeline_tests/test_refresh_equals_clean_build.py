"""A refresh makes what a clean build makes: random sequences of new files (in new and old folders), re-issued
decisions (a later version of a reference), removed files and changed register rows, each followed by a
refresh of the same warehouse; after each, every table of the parse, the lookups and the SQL models equals a
build from nothing of the same inputs (every file ever given, since the warehouse keeps the decisions of
removed files, and the register as it is now).

Left out of the comparison: where a file lies (the two builds read the same files from two folders) and when
something was seen or listed."""

from __future__ import annotations

import csv
import datetime as dt
import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import tantivy
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from lgo_pipeline.publishing.generations import published_generation
from lgo_pipeline.publishing.working_copy import WarehouseFiles
from lgo_pipeline.search import search
from lgo_pipeline.search.index_store import open_published
from lgo_pipeline_tests.conftest import SMALL_REGISTER, decision_text, materialize_all, settle

ORGANISATIONS = ("London Borough of Bexley", "Buckinghamshire Council", "Aylesbury Vale District Council",
                 "Sunrise Care Homes Ltd", "Staffordshire County Council")
OUTCOMES = ("Upheld", "Not upheld", "Closed after initial enquiries")
CATEGORIES = ("Housing > Homelessness", "Adult care services > Charging", "Education > School admissions")
SEQUENCES = (120, 4_500, 19_900, 20_400, 23_000)  # past 20,000: the year's span, and every receipt of it, moves
FOLDERS = ("", "2023", "2024", "late/batch")
_VOLATILE = {"source", "path", "file_path", "file_paths", "first_seen_at", "last_seen_at", "listed_at", "last_checked"}
_COMPARED_SCHEMAS = ("parsed", "lookup", "staging", "core", "marts")


@dataclass
class Inputs:
    """What the refreshed warehouse has been given: the raw folder now, every file ever in it, the register."""

    raw: Path
    everything: Path  # every file ever given, at the same place below it: the clean build's raw folder
    register: Path
    files: list[str] = field(default_factory=list)  # below raw, present now
    unseen: set[str] = field(default_factory=set)  # given since the last refresh
    decisions: list[tuple[str, str, str, dt.date]] = field(default_factory=list)  # file, reference, outcome, date
    serial: int = 0

    def write(self, relative: str, text: str) -> None:
        for root in (self.raw, self.everything):
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text, encoding="utf-8")
        self.files.append(relative)
        self.unseen.add(relative)


def new_decision(inputs: Inputs, folder: str, organisation: int, outcome: int, year: int, sequence: int,
                 payments: tuple[int, ...], category: int) -> None:
    inputs.serial += 1
    reference = f"{year % 100:02d} {(sequence + inputs.serial) // 1000:03d} {(sequence + inputs.serial) % 1000:03d}"
    decided = dt.date(year + 1, 1 + inputs.serial % 12, 10)
    name = f"{folder}/{inputs.serial:03d}.txt".lstrip("/")
    inputs.write(name, decision_text(ORGANISATIONS[organisation], reference, OUTCOMES[outcome],
                                     f"{decided.day} {decided:%B %Y}", payments, CATEGORIES[category]))
    inputs.decisions.append((name, reference, OUTCOMES[outcome], decided))


def reissue(inputs: Inputs, which: int, outcome: int) -> None:
    """A later version of a decision held: a later decision date, another outcome, a file of its own."""
    if not inputs.decisions:
        return
    reference = inputs.decisions[which % len(inputs.decisions)][1]
    # after every version held: versions of one date would be told apart by when each was first seen
    later = max(date for _, held, _, date in inputs.decisions if held == reference) + dt.timedelta(days=30)
    inputs.serial += 1
    reissued = f"reissued/{inputs.serial:03d}.txt"
    inputs.write(reissued, decision_text(ORGANISATIONS[0], reference, OUTCOMES[outcome],
                                         f"{later.day} {later:%B %Y}", (150,)))
    inputs.decisions.append((reissued, reference, OUTCOMES[outcome], later))


def remove(inputs: Inputs, which: int) -> None:
    """A file deleted from the raw folder: its decision stays in the warehouse (and in the clean build's input),
    unless no refresh saw it."""
    if inputs.files:
        removed = inputs.files.pop(which % len(inputs.files))
        (inputs.raw / removed).unlink()
        if removed in inputs.unseen:
            (inputs.everything / removed).unlink()
            inputs.decisions = [decision for decision in inputs.decisions if decision[0] != removed]


def change_register(inputs: Inputs, row: int, change: str) -> None:
    """A council renamed, given another GSS code, or ended and succeeded by Buckinghamshire Council."""
    with inputs.register.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    target = rows[row % len(rows)]
    if change == "rename":
        target["official-name"] = target["nice-name"] = f"{target['nice-name']} Renamed"
    elif change == "gss":
        target["gss-code"] = f"E0{row % 9}999999"
    elif target["local-authority-code"] != "BUC":
        target["end-date"], target["replaced-by"] = "2024-03-31", "BUC"
    with inputs.register.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


STEPS = st.one_of(
    st.tuples(st.just(new_decision), st.sampled_from(FOLDERS), st.integers(0, len(ORGANISATIONS) - 1),
              st.integers(0, len(OUTCOMES) - 1), st.integers(2021, 2024), st.sampled_from(SEQUENCES),
              st.lists(st.integers(50, 900), max_size=2).map(tuple), st.integers(0, len(CATEGORIES) - 1)),
    st.tuples(st.just(reissue), st.integers(0, 50), st.integers(0, len(OUTCOMES) - 1)),
    st.tuples(st.just(remove), st.integers(0, 50)),
    st.tuples(st.just(change_register), st.integers(0, 30), st.sampled_from(("rename", "gss", "succeeded"))),
)


def _value(value: object) -> object:
    return round(value, 9) if isinstance(value, float) and math.isfinite(value) else value


def pages(warehouse: Path) -> dict[str, str]:
    """The published site's organisation pages (the index and the dictionary say when they were built)."""
    folder = WarehouseFiles(warehouse).published_report / "organisations"
    return {page.name: page.read_text(encoding="utf-8") for page in sorted(folder.glob("*.html"))}


def searchable(warehouse: Path) -> list[tuple]:
    """What a search of the published warehouse can find: every document of the index version it reads, with
    its stored facts and text."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        index = open_published(WarehouseFiles(warehouse), published_generation(con))
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), limit=100_000).hits
    names = ("reference", "organisation_id", "organisation_name", "decision_date", "outcome", "category",
             "source_url", "body")
    return sorted(tuple(searcher.doc(address).get_first(name) for name in names) for _, address in hits)


def contents(warehouse: Path) -> dict[str, list[tuple]]:
    """Every relation of the compared schemas, its rows sorted, without the columns of where and when."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        relations = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name IN ? UNION ALL "
            "SELECT schema_name, view_name FROM duckdb_views() WHERE schema_name IN ? AND NOT internal ORDER BY 1, 2",
            [list(_COMPARED_SCHEMAS), list(_COMPARED_SCHEMAS)]).fetchall()
        tables = {}
        for schema, name in relations:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
                "ORDER BY column_index", [schema, name]).fetchall() if c not in _VOLATILE]
            rows = con.execute(f"SELECT {', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)} FROM {schema}.{name}"
                               ).fetchall()
            tables[f"{schema}.{name}"] = sorted((tuple(_value(v) for v in row) for row in rows), key=repr)
    return tables


# No shrinking: each example is a dozen pipeline runs; a failure prints its steps, which are short already.
@settings(max_examples=2, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(first=st.lists(STEPS, min_size=2, max_size=4), then=st.lists(st.lists(STEPS, min_size=1, max_size=3),
                                                                     min_size=2, max_size=3))
def test_every_refresh_equals_a_clean_build_of_the_same_inputs(tmp_path_factory, first, then) -> None:
    root = tmp_path_factory.mktemp("refresh")
    inputs = Inputs(root / "raw", root / "everything", root / "register.csv")
    shutil.copy(SMALL_REGISTER, inputs.register)
    new_decision(inputs, "2023", 0, 0, 2022, 120, (200,), 0)  # never an empty folder
    refreshed = root / "refreshed" / "warehouse.duckdb"
    for step, batch in enumerate([first, *then]):
        for action, *arguments in batch:
            action(inputs, *arguments)
        settle(inputs.raw)
        assert materialize_all(inputs.raw, refreshed, register=str(inputs.register)).success
        inputs.unseen.clear()
        clean = root / f"clean{step}" / "warehouse.duckdb"
        assert materialize_all(inputs.everything, clean, register=str(inputs.register)).success
        expected, actual = contents(clean), contents(refreshed)
        assert actual.keys() == expected.keys()
        for relation in expected:
            assert actual[relation] == expected[relation], f"step {step}: {relation} differs from a clean build"
        assert pages(refreshed) == pages(clean), f"step {step}: an organisation page differs from a clean build"
        assert searchable(refreshed) == searchable(clean), f"step {step}: the search index differs from a clean build"


def _built(result, model: str) -> tuple[str, str]:
    """How the run built the model (full, changes, unchanged), and why."""
    (built,) = [(m.metadata["built"].value, m.metadata["why"].value)
                for m in result.asset_materializations_for_node("sql_models") if m.asset_key.to_user_string() == model]
    return built


def test_new_decisions_and_a_renamed_council_rebuild_their_references_alone(tmp_path: Path) -> None:
    """The steady case: new and re-issued decisions rebuild the facts by their references only, and a council
    renamed in the register rebuilds its own decisions only. Both equal a clean build."""
    inputs = Inputs(tmp_path / "raw", tmp_path / "everything", tmp_path / "register.csv")
    shutil.copy(SMALL_REGISTER, inputs.register)
    for n in range(10):  # the first of London Borough of Bexley, the rest of Buckinghamshire Council
        new_decision(inputs, "2023", min(n, 1), n % 2, 2022, 4_500, (100 * (n + 1),), 0)
    refreshed = tmp_path / "refreshed" / "warehouse.duckdb"
    assert materialize_all(inputs.raw, refreshed, register=str(inputs.register)).success
    new_decision(inputs, "2024", 0, 1, 2023, 120, (250,), 0)
    reissue(inputs, 0, 2)
    settle(inputs.raw)
    refresh = materialize_all(inputs.raw, refreshed, register=str(inputs.register))
    assert [_built(refresh, model) for model in ("int_decision_versions", "fct_decision", "fct_remedy",
                                                 "organisation_decisions")] == [("changes", "2 references changed")] * 4
    clean = materialize_all_clean(inputs, tmp_path / "clean1")
    assert contents(refreshed) == contents(clean)
    assert pages(refreshed) == pages(clean)  # decisions newest first, though stored as they were added
    assert searchable(refreshed) == searchable(clean)

    change_register(inputs, 3, "rename")  # London Borough of Bexley, whose two decisions are rebuilt
    renamed = materialize_all(inputs.raw, refreshed, register=str(inputs.register))
    how, why = _built(renamed, "fct_decision")
    assert (how, why.split(" (")[0]) == ("changes", "2 references changed") and "by dim_organisation" in why
    clean = materialize_all_clean(inputs, tmp_path / "clean2")
    assert contents(refreshed) == contents(clean)
    assert searchable(refreshed) == searchable(clean)
    assert {r.organisation_name for r in search(refreshed, "council", organisation="bexley renamed")} == {"Bexley Renamed"}
    with duckdb.connect(str(refreshed), read_only=True) as con:
        assert con.execute("SELECT DISTINCT organisation_name FROM core.fct_decision WHERE organisation_id = 'BEX'"
                           ).fetchall() == [("Bexley Renamed",)]


def materialize_all_clean(inputs: Inputs, folder: Path) -> Path:
    clean = folder / "warehouse.duckdb"
    assert materialize_all(inputs.everything, clean, register=str(inputs.register)).success
    return clean
