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

from lgo_pipeline.search import QueryError, search
from lgo_pipeline.search.index_file import index_path
from lgo_pipeline.search.query_language import to_fts5
from lgo_pipeline_tests.conftest import SAMPLE_DIR, decision_text, materialize_all, settle


@pytest.mark.parametrize(("typed", "fts5"), [
    ("EHC plan delay", '"EHC" AND "plan" AND "delay"'),
    ('"bed and breakfast" council', '"bed and breakfast" AND "council"'),
    ("compens*", '"compens"*'),
    ("apology OR refund delay", '("apology" OR "refund") AND "delay"'),
    ("council -school -\"care plan\"", '("council") NOT ("school" OR "care plan")'),
    ("bed & breakfast", '"bed" AND "breakfast"'),  # punctuation between words is not a word
    ("council:tax ^x (y)", '"council:tax" AND "^x" AND "(y)"'),  # FTS5's operators are text inside a string
])
def test_a_persons_words_become_an_fts5_query(typed: str, fts5: str) -> None:
    assert to_fts5(typed) == fts5


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
        to_fts5(typed)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lgo_pipeline.cli", *args], capture_output=True, text=True, timeout=120)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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

    before = (_digest(warehouse), _digest(index_path(warehouse)))
    for hostile in ('"care plan', "OR", "-", "council OR -tax", "x" * 5_000, "", "* OR tax"):
        refused = _cli("search", hostile, "--warehouse", str(warehouse))
        assert refused.returncode == 2, (hostile, refused.stdout, refused.stderr)
        assert len(refused.stderr.splitlines()) == 1 and "Traceback" not in refused.stderr, refused.stderr
    raw = _cli("search", "NEAR(council", "--raw", "--warehouse", str(warehouse))
    assert raw.returncode == 2 and "cannot read this query" in raw.stderr and "Traceback" not in raw.stderr
    assert (_digest(warehouse), _digest(index_path(warehouse))) == before
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
    os.symlink(index_path(warehouse), index_path(before))

    (raw / "2024").mkdir()
    (raw / "2024" / "new.txt").write_text(decision_text(
        "London Borough of Bexley", "23 017 001", "Upheld", "01 Mar 2024", (300,)).replace(
        "Mr X complained about the Council.", "Mr X complained about a zeppelin hangar."), encoding="utf-8")
    settle(raw)
    assert materialize_all(raw, warehouse).success

    assert [r.reference for r in search(warehouse, "zeppelin")] == ["23 017 001"]
    assert [r.reference for r in search(before, "zeppelin")] == []
    assert (len(search(before, "council")), len(search(warehouse, "council"))) == (5, 6)
    assert materialize_all(raw, warehouse).success  # a run with nothing new: the index is unchanged
    assert [r.reference for r in search(warehouse, "zeppelin", since=None, outcome="upheld")] == ["23 017 001"]
