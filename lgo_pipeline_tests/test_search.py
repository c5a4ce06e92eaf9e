"""`lgo-pipeline search` and the index beside the warehouse: the query language, hostile queries, and that a
search answers from the published generation while a refresh writes the next one."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lgo_pipeline.publishing.working_copy import WarehouseFiles
from lgo_pipeline.search import QueryError, SearchIndexError, search
from lgo_pipeline.search.index_store import version_folder
from lgo_pipeline.search.query_language import parse
from lgo_pipeline_tests.conftest import SAMPLE_DIR, decision_text, materialize_all, settle


@pytest.mark.parametrize(("typed", "read_as"), [
    ("EHC plan delay", '"EHC" AND "plan" AND "delay"'),
    ('"bed and breakfast" council', '"bed and breakfast" AND "council"'),
    ("compens*", '"compens"*'),
    ("apology OR refund delay", '("apology" OR "refund") AND "delay"'),
    ("council -school -\"care plan\"", '"council" NOT "school" NOT "care plan"'),
    ("bed & breakfast", '"bed" AND "breakfast"'),  # punctuation between words is not a word
    ("council:tax ^x (y)", '"council:tax" AND "^x" AND "(y)"'),  # the engine's operators are text here
])
def test_a_persons_words_are_read_as_terms(typed: str, read_as: str) -> None:
    assert str(parse(typed)) == read_as


@pytest.mark.parametrize(("typed", "says"), [
    ('"unbalanced quote', "never closed"),
    ("OR council", "OR needs a word on each side"),
    ("council OR", "OR needs a word on each side"),
    ("council OR OR tax", "OR needs a word on each side"),
    ("council - tax", "a lone '-'"),
    ("*", "a lone '*'"),
    ("-school", "only excludes"),
    ('""', "has no words"),
    ("   ", "empty"),
    ("x" * 5_000, "5,000 characters"),
])
def test_a_query_that_cannot_be_searched_says_why(typed: str, says: str) -> None:
    with pytest.raises(QueryError, match=says.replace("*", r"\*")):
        parse(typed)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lgo_pipeline.cli", *args], capture_output=True, text=True, timeout=120)


def _digest(path: Path) -> str:
    """Of a file, or of every file in a folder."""
    digest = hashlib.sha256()
    for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if file.is_file():
            digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()


def test_the_command_prints_results_and_refuses_hostile_queries_in_one_line(sample_warehouse) -> None:
    warehouse, result = sample_warehouse
    assert result.success
    found = _cli("search", "apolog*", "--warehouse", str(warehouse), "--format", "json")
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)
    assert {r["reference"] for r in results} == {"20 004 920", "24 005 987"}  # "apologised", "Apology"
    assert all(list(r) == ["reference", "organisation_name", "decision_date", "outcome", "category", "source_url",
                           "snippet", "score"] for r in results)
    assert "apologised" in results[0]["snippet"].lower() or "apology" in results[0]["snippet"].lower()
    table = _cli("search", "apolog*", "--warehouse", str(warehouse), "--organisation", "bexley")
    assert table.returncode == 0 and "24 005 987" in table.stdout and "20 004 920" not in table.stdout
    assert "[Apology]" in table.stdout  # the words found, marked
    assert table.stdout.startswith('1 of 1 decisions for "apolog"*, best match first')  # how the query was read

    index = version_folder(WarehouseFiles(warehouse), 1)
    before = (_digest(warehouse), _digest(index))
    for hostile in ('"care plan', "OR", "-", "council OR -tax", "x" * 5_000, "", "* OR tax"):
        refused = _cli("search", hostile, "--warehouse", str(warehouse))
        assert refused.returncode == 2, (hostile, refused.stdout, refused.stderr)
        assert len(refused.stderr.splitlines()) == 1 and "Traceback" not in refused.stderr, refused.stderr
    raw = _cli("search", "NEAR(council", "--raw", "--warehouse", str(warehouse))
    assert raw.returncode == 2 and "cannot read this query" in raw.stderr and "Traceback" not in raw.stderr
    assert (_digest(warehouse), _digest(index)) == before
    for missing in (warehouse.parent / "missing.duckdb", warehouse / "below-a-file.duckdb"):
        nothing = _cli("search", "--warehouse", str(missing), "council")
        assert nothing.returncode == 2 and "no warehouse at" in nothing.stderr, nothing.stderr


def test_a_search_answers_from_the_published_generation_while_the_next_is_written(tmp_path: Path) -> None:
    """A reader holding the warehouse of one publication sees the index as it was then, though the next run has
    written its rows in place: a search during a refresh answers from the last whole state."""
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    assert materialize_all(raw, warehouse).success
    before = tmp_path / "then" / "warehouse.duckdb"  # the file a reader opened before the next publication
    before.parent.mkdir()
    shutil.copy(warehouse, before)
    os.symlink(version_folder(WarehouseFiles(warehouse), 1), version_folder(WarehouseFiles(before), 1))

    (raw / "2024").mkdir()
    (raw / "2024" / "new.txt").write_text(decision_text(
        "London Borough of Bexley", "23 017 001", "Upheld", "01 Mar 2024", (300,)).replace(
        "Mr X complained about the Council.", "Mr X complained about a zeppelin hangar."), encoding="utf-8")
    settle(raw)
    assert materialize_all(raw, warehouse).success

    assert [r.reference for r in search(warehouse, "zeppelin")] == ["23 017 001"]
    assert [r.reference for r in search(before, "zeppelin")] == []
    assert (len(search(before, "council")), len(search(warehouse, "council"))) == (5, 6)
    assert materialize_all(raw, warehouse).success  # a run with nothing new publishes the same index
    assert [r.reference for r in search(warehouse, "zeppelin", outcome="upheld")] == ["23 017 001"]
    with pytest.raises(SearchIndexError, match="run `lgo-pipeline run`"):  # two publications on, it is gone
        search(before, "zeppelin")

