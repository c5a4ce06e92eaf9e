"""One writer, many readers, and crashes: real `lgo-pipeline` processes against one warehouse.

A run of a few thousand generated decisions lasts long enough to be interrupted, raced and queried.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lgo_pipeline.generate.corpus import generate_corpus
from lgo_pipeline.parsing.documents import parse_path
from lgo_pipeline.publishing.working_copy import WarehouseFiles
from lgo_pipeline_tests.conftest import SAMPLE_DIR, SMALL_REGISTER, materialize_all, rows

CORPUS_FILES = 3000
# What a user reads; timestamps of ingestion differ between any two runs and are left out.
COMPARED = {
    "raw.decision_files": "SELECT * EXCLUDE (first_seen_at, last_seen_at) FROM raw.decision_files",
    "parsed.decisions": "SELECT * FROM parsed.decisions",
    "parsed.remedies": "SELECT * FROM parsed.remedies",
    "parsed.parse_quarantine": "SELECT * FROM parsed.parse_quarantine",
    "core.dim_organisation": "SELECT * FROM core.dim_organisation",
    "core.fct_decision": "SELECT * FROM core.fct_decision",
    "core.fct_remedy": "SELECT * FROM core.fct_remedy",
    "marts.outcome_rates_by_council": "SELECT * FROM marts.outcome_rates_by_council",
    "marts.remedy_amounts": "SELECT * FROM marts.remedy_amounts",
    "marts.time_to_decision": "SELECT * FROM marts.time_to_decision",
}


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "lgo_pipeline.cli", *args]


def _run_args(raw: Path, warehouse: Path) -> list[str]:
    return _command("run", "--raw-dir", str(raw), "--warehouse", str(warehouse), "--org-register", str(SMALL_REGISTER))


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for_line(process: subprocess.Popen, marker: str, timeout: float = 240) -> None:
    """Read the run's progress lines (stderr) until one contains `marker`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if marker in line:
            return
        if not line and process.poll() is not None:
            raise AssertionError(f"the run ended before {marker!r}")
    raise AssertionError(f"no {marker!r} within {timeout} s")


def _wait_until_locked(warehouse: Path, timeout: float = 120) -> None:
    lock = WarehouseFiles(warehouse).lock
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().startswith("pid"):
            return
        time.sleep(0.05)
    raise AssertionError("the run never took the writer lock")


def _snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    return {table: rows(warehouse, f"{sql} ORDER BY ALL") for table, sql in COMPARED.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "raw"
    generate_corpus(CORPUS_FILES, folder, seed=5)
    (folder / "truth.jsonl").unlink()  # the answers, not a decision
    return folder


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    warehouse = tmp_path_factory.mktemp("uninterrupted") / "warehouse.duckdb"
    done = subprocess.run(_run_args(corpus, warehouse) + ["--quiet"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return _snapshot(warehouse)


@pytest.mark.parametrize("kill_after", ["start", "ingest:", "parse:", "report:"])
def test_a_run_killed_at_any_point_is_completed_by_the_next(corpus, uninterrupted, tmp_path: Path,
                                                            kill_after: str) -> None:
    """kill -9 during start-up, parsing, the SQL models or publishing; the next run gives the same warehouse."""
    warehouse = tmp_path / "warehouse.duckdb"
    run = _start(_run_args(corpus, warehouse))
    if kill_after == "start":
        time.sleep(1.5)
    else:
        _wait_for_line(run, kill_after)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    assert run.returncode == -signal.SIGKILL
    rerun = subprocess.run(_run_args(corpus, warehouse) + ["--quiet"], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    assert _snapshot(warehouse) == uninterrupted


def test_a_second_writer_is_told_another_run_is_in_progress(corpus, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    first = _start(_run_args(corpus, warehouse) + ["--quiet"])
    _wait_until_locked(warehouse)
    second = subprocess.run(_run_args(SAMPLE_DIR, warehouse), capture_output=True, text=True, timeout=120)
    patient = _start(_run_args(corpus, warehouse) + ["--quiet", "--wait", "600"])
    assert first.wait(timeout=600) == 0, first.stderr.read()
    assert second.returncode == 75
    assert second.stderr.startswith("lgo-pipeline: another lgo-pipeline run is writing this warehouse (pid ")
    assert "Traceback" not in second.stderr and second.stdout == ""
    assert patient.wait(timeout=600) == 0, patient.stderr.read()
    assert "waiting up to 600 s" in patient.stderr.read()
    assert rows(warehouse, "SELECT count(*) FROM raw.decision_files") == [(CORPUS_FILES,)]


def test_queries_during_a_refresh_answer_at_once_from_the_last_complete_state(corpus, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    first = subprocess.run(_run_args(SAMPLE_DIR, warehouse) + ["--quiet"], capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    refresh = _start(_run_args(corpus, warehouse) + ["--quiet", "--full-refresh"])
    _wait_until_locked(warehouse)
    answers, slowest = [], 0.0
    while refresh.poll() is None:
        started = time.monotonic()
        query = subprocess.run(_command("query", "SELECT count(*) AS n FROM core.fct_decision", "--format", "csv",
                                        "--warehouse", str(warehouse)), capture_output=True, text=True, timeout=60)
        slowest = max(slowest, time.monotonic() - started)
        assert query.returncode == 0, query.stderr
        answers.append(int(query.stdout.splitlines()[1]))
    assert refresh.returncode == 0, refresh.stderr.read()
    # every case of the sample and the corpus (the sample stays stored; a generated reference may be one of its)
    cases = len({parse_path(path).reference for folder in (corpus, SAMPLE_DIR) for path in folder.glob("*.txt")})
    assert answers and answers[0] == 5  # the sample, while the refresh was running
    assert set(answers) <= {5, cases}  # never a half-built state
    assert slowest < 10
    assert rows(warehouse, "SELECT count(*) FROM core.fct_decision") == [(cases,)]


def test_a_dagster_run_fails_its_first_step_with_the_same_sentence(tmp_path: Path) -> None:
    """A run launched from Dagster (UI, schedule, sensor) while another process writes: a clear step failure."""
    warehouse = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from lgo_pipeline.publishing import "
         "writer_lock; writer_lock.acquire(Path(sys.argv[1])); print('held', flush=True); time.sleep(120)",
         str(WarehouseFiles(warehouse).lock)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = materialize_all(SAMPLE_DIR, warehouse)
    finally:
        holder.kill()
        holder.wait()
    assert not result.success
    failures = [event for event in result.all_events if event.is_step_failure]
    assert "decision_files" in {failure.step_key for failure in failures}  # and every other first step
    for failure in failures:
        assert failure.step_failure_data.user_failure_data.description.startswith(
            "another lgo-pipeline run is writing this warehouse (pid ")
    assert not warehouse.exists()
