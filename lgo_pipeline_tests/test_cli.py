"""The `lgo-pipeline` command as a user runs it, in a subprocess."""

import json
import os
import shlex
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from lgo_pipeline.publishing.working_copy import WarehouseFiles
from lgo_pipeline.run_planning import inputs_fingerprint, last_run_if_current
from lgo_pipeline.search import search
from lgo_pipeline.search.index_store import published_versions, version_folder
from lgo_pipeline.settings import Settings
from lgo_pipeline_tests.conftest import SAMPLE_DIR, SEED, SMALL_REGISTER, decision_text, rows, settle

CONTRACT_FIELDS = {
    "source", "ok", "error", "reference", "organisation", "category", "category_top", "category_sub", "outcome",
    "outcome_canonical", "decision_date", "complainant", "summary", "remedies", "remedy_amounts_gbp", "warnings",
}
EXTRA_FIELDS = {"signed_by", "document_type", "set_aside", "chapter", "outcome_source", "compliance_date"}  # beyond the contract: who signed,
# statement or report, values read but impossible ({field, value, reason}), a report's later chapter


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lgo_pipeline.cli", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def cli_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    warehouse = tmp_path_factory.mktemp("cli") / "warehouse.duckdb"
    return warehouse, cli("run", "--raw-dir", str(SAMPLE_DIR), "--warehouse", str(warehouse),
                          "--org-register", str(SMALL_REGISTER), "--quiet")


def test_run_prints_a_summary_and_exits_0(cli_warehouse) -> None:
    warehouse, done = cli_warehouse
    assert done.returncode == 0, done.stderr
    assert "5 scanned" in done.stdout and "5 new" in done.stdout
    assert "parsed      5 decisions, 0 quarantined" in done.stdout
    assert "0 failed (blocking), 0 failed (not blocking), 0 warnings" in done.stdout
    assert "register    file: 22 authorities from" in done.stdout
    assert "marts.outcome_rates_by_council: 5 rows" in done.stdout
    assert f"report      {warehouse.parent / 'report' / 'index.html'}" in done.stdout
    assert done.stderr == ""  # --quiet: no progress lines
    took = re.search(r"^took +([\d.]+) s: (.*); start-up and Dagster's bookkeeping ([\d.]+) s$", done.stdout, re.M)
    stages = dict((stage, float(spent)) for stage, spent in re.findall(r"(\w+) ([\d.]+) s", took.group(2)))
    assert {"ingest", "parse", "normalise", "sql", "report", "publish"} <= set(stages)
    assert sum(stages.values()) + float(took.group(3)) == pytest.approx(float(took.group(1)), abs=0.1 * len(stages))


def test_run_prints_progress_unless_quiet(tmp_path: Path) -> None:
    done = cli("run", "--raw-dir", str(SAMPLE_DIR), "--warehouse", str(tmp_path / "warehouse.duckdb"),
               "--org-register", str(SMALL_REGISTER))
    assert done.returncode == 0, done.stderr
    assert f"ingest: 5 files in {SAMPLE_DIR} (full scan: 1 of 1 folders listed, 5 files read)" in done.stderr
    assert "parse: 5/5 files (" in done.stderr
    assert "report: " in done.stderr
    assert "dagster - DEBUG" not in done.stderr


def test_run_offline_uses_the_shipped_snapshot_says_so_and_is_then_up_to_date(tmp_path: Path) -> None:
    """No network: the register snapshot the package ships (councils keep their codes, tiers and peers), the
    summary says which and of when; and the unreachable register is not a change: the next run is up to date."""
    unreachable = "http://127.0.0.1:9/uk_local_authorities_current.csv"
    args = ("run", "--raw-dir", str(SAMPLE_DIR), "--warehouse", str(tmp_path / "warehouse.duckdb"),
            "--org-register", unreachable, "--quiet")
    done = cli(*args)
    assert done.returncode == 0, done.stderr
    (register,) = [line for line in done.stdout.splitlines() if line.startswith("register")]
    assert register.startswith("register    snapshot: 380 authorities from the snapshot of 2025-07-10")
    assert "127.0.0.1:9" in register and "LGO_ORG_REGISTER" in register
    assert "marts.outcome_rates_by_council: 5 rows" in done.stdout
    assert rows(tmp_path / "warehouse.duckdb", "SELECT count(*) FROM core.dim_organisation WHERE gss_code IS NOT NULL "
                                               "AND peer_group IS NOT NULL")[0][0] >= 4
    again = cli(*args)
    assert again.returncode == 0 and "up to date  nothing changed since the run of" in again.stdout


def test_query_formats(cli_warehouse) -> None:
    warehouse, _ = cli_warehouse
    sql = "SELECT reference, remedy_total_gbp FROM core.fct_decision WHERE remedy_total_gbp > 0 ORDER BY reference"
    as_csv = cli("query", sql, "--format", "csv", "--warehouse", str(warehouse))
    assert as_csv.stdout.splitlines() == ["reference,remedy_total_gbp", "20 003 792,100.00", "20 004 920,400.00"]
    as_json = json.loads(cli("query", sql, "--format", "json", "--warehouse", str(warehouse)).stdout)
    assert [row["reference"] for row in as_json] == ["20 003 792", "20 004 920"]
    assert "20 003 792" in cli("query", sql, "--warehouse", str(warehouse)).stdout


def test_query_is_read_only(cli_warehouse) -> None:
    warehouse, _ = cli_warehouse
    done = cli("query", "DELETE FROM core.fct_decision", "--warehouse", str(warehouse))
    assert done.returncode == 2 and "read-only" in done.stderr and "Traceback" not in done.stderr
    assert cli("query", "SELECT count(*) AS n FROM core.fct_decision", "--format", "csv",
               "--warehouse", str(warehouse)).stdout.splitlines() == ["n", "5"]


def test_parse_jsonl_prints_one_contract_record_per_file() -> None:
    done = cli("parse", str(SEED["staffordshire"]), str(SEED["bexley"]), "--jsonl")
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [set(r) for r in records] == [CONTRACT_FIELDS | EXTRA_FIELDS] * 2
    staffordshire = records[0]
    assert (staffordshire["reference"], staffordshire["decision_date"], staffordshire["remedy_amounts_gbp"]) == (
        "20 003 792", "2021-01-21", [100.0])
    assert staffordshire["remedies"][0] == {
        "kind": "payment", "amount_gbp": 100.0, "rate": None, "recipient": "Mr B", "purpose": "time_and_trouble",
        "due_within_days": 30, "already_provided": False,
        "text": "Pay Mr B £100 for his time and trouble pursuing his complaint."}


@pytest.mark.parametrize("args, message", [
    (("run", "--raw-dir", "/no/such/folder", "--quiet"), "raw folder not found: /no/such/folder"),
    (("run", "--warehouse", "/tmp/marts.duckdb"), "clashes with a schema or catalog name"),
    (("run", "--warehouse", "/dev/null/warehouse.duckdb"), "cannot write the warehouse folder /dev/null: Not a directory"),
    (("run", "--warehouse", "/tmp"), "the warehouse path is a folder: /tmp; give the DuckDB file"),
    (("query", "SELECT 1", "--warehouse", "/tmp"), "the warehouse path is a folder: /tmp"),
    (("query", "SELECT 1", "--warehouse", "/no/such/warehouse.duckdb"), "no warehouse at /no/such/warehouse.duckdb"),
    (("parse", "/no/such/file.txt"), "no such file or folder: /no/such/file.txt"),
])
def test_bad_configuration_is_one_clear_line(args: tuple[str, ...], message: str) -> None:
    done = cli(*args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("sql, refused", [
    ("ATTACH ':memory:' AS scratch", "refused: ATTACH is not allowed"),
    ("DELETE FROM core.fct_decision", "refused: DELETE is not allowed"),
    ("SELECT 1; DROP TABLE core.fct_decision", "refused: DROP is not allowed"),
    ("COPY core.fct_decision TO 'leak.csv'", "refused: COPY is not allowed"),
    ("SET enable_external_access = true", "refused: SET is not allowed"),
    ("SELECT * FROM read_csv('/etc/hostname')", "query failed: Permission Error"),
])
def test_query_refuses_writes_and_outside_access(cli_warehouse, sql: str, refused: str) -> None:
    warehouse, _ = cli_warehouse
    done = cli("query", sql, "--warehouse", str(warehouse))
    assert done.returncode == 2 and done.stderr.startswith(f"lgo-pipeline: {refused}") and "Traceback" not in done.stderr
    assert cli("query", "SELECT count(*) AS n FROM core.fct_decision", "--format", "csv",
               "--warehouse", str(warehouse)).stdout == "n\n5\n"


def test_a_run_with_nothing_new_says_the_warehouse_is_up_to_date(cli_warehouse, tmp_path: Path) -> None:
    """Same raw files, register and code as the last run that published: nothing to do, in well under a second
    of work; a new file, a replaced published file or --full-refresh runs again; a file edited in place (no
    folder's time changes) waits for --full-scan."""
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    settle(raw)
    warehouse = tmp_path / "warehouse.duckdb"
    args = ("run", "--raw-dir", str(raw), "--warehouse", str(warehouse), "--org-register", str(SMALL_REGISTER),
            "--quiet")
    assert cli(*args).returncode == 0
    again = cli(*args)
    assert again.returncode == 0 and "up to date  nothing changed since the run of" in again.stdout
    files, inputs = WarehouseFiles(warehouse), inputs_fingerprint(Settings(raw, warehouse, str(SMALL_REGISTER)))
    assert last_run_if_current(files, inputs)
    shutil.rmtree(version_folder(files, max(published_versions(files))))  # the search index deleted by hand
    assert last_run_if_current(files, inputs) is None  # so the next run publishes it again
    (raw / "new.txt").write_text(decision_text("Bexley London Borough Council", "23 000 001", "Upheld", "1 May 2023"))
    settle(raw)
    changed = cli(*args)
    assert "1 new, 5 already stored" in changed.stdout
    assert rows(warehouse, "SELECT count(*) FROM core.fct_decision") == [(6,)]
    assert "up to date" in cli(*args).stdout
    (raw / "new.txt").write_text(decision_text("Bexley London Borough Council", "23 000 001", "Not upheld",
                                               "1 May 2023"))  # corrected in place
    assert "up to date" in cli(*args).stdout
    full_scan = cli(*args, "--full-scan")
    assert "6 scanned" in full_scan.stdout and "1 new, 5 already stored" in full_scan.stdout
    assert rows(warehouse, "SELECT outcome_canonical FROM core.fct_decision WHERE reference = '23 000 001'") == [
        ("not_upheld",)]  # the later version of the reference
    assert "parsed      7 decisions" in cli(*args, "--full-refresh").stdout
    shutil.copy(cli_warehouse[0], warehouse)  # someone else's file in its place: not the state the run left
    assert "up to date" not in cli(*args).stdout
    assert rows(warehouse, "SELECT count(*) FROM core.fct_decision") == [(6,)]
    assert len(search(warehouse, "council", limit=10)) == 6  # the index published again, with every decision


def test_a_blocked_run_explains_itself_and_publishes_nothing(tmp_path: Path) -> None:
    """A run stopped by a blocking check names it, shows its first failing values and the command that lists them
    all; that command reads the unpublished copy, and the published warehouse and report stay as they were."""
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    shutil.copytree(SAMPLE_DIR, raw)
    run = ("run", "--raw-dir", str(raw), "--warehouse", str(warehouse), "--org-register", str(SMALL_REGISTER), "--quiet")
    assert cli(*run).returncode == 0
    report = warehouse.parent / "report" / "index.html"
    published_report = report.read_bytes()
    with duckdb.connect(str(WarehouseFiles(warehouse).work)) as con:  # a decision no parser lets through
        con.execute("UPDATE parsed.decisions SET decision_date = DATE '2009-02-11' WHERE reference = '20 004 920'")
        con.execute("INSERT INTO pipeline.pending_references VALUES ('20 004 920')")  # as the parser announces
    (raw / "new.txt").write_text(
        decision_text("London Borough of Bexley", "23 001 234", "Upheld", "01 Jun 2023", (300,)), encoding="utf-8")
    blocked = cli(*run)
    assert blocked.returncode == 1
    assert "  BLOCKED   fct_decision:decision_date__2010_to_today (1 row)" in blocked.stdout
    (example,) = [line for line in blocked.stdout.splitlines() if line.strip().startswith("e.g.")]
    assert "reference='20 004 920'" in example and "decision_date='2009-02-11'" in example
    assert "published   nothing:" in blocked.stdout and "report      " not in blocked.stdout
    (skipped,) = [line for line in blocked.stdout.splitlines() if line.startswith("skipped")]
    assert "outcome_rates_by_council" in skipped and "fct_remedy" in skipped and "fct_decision" not in skipped
    lines = blocked.stdout.splitlines()
    blocked_at = next(i for i, line in enumerate(lines) if line.startswith("  BLOCKED"))
    command = next(line.split("all: ", 1)[1] for line in lines[blocked_at:] if "all: lgo-pipeline query" in line)
    listed = cli(*shlex.split(command)[1:], "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    assert "20 004 920" in listed.stdout and "2009-02-11" in listed.stdout
    # the published side is the last complete run: no Kent decision, the same report
    assert rows(warehouse, "SELECT count(*) FROM core.fct_decision WHERE reference = '23 001 234'") == [(0,)]
    assert report.read_bytes() == published_report
    unpublished = cli("query", "--unpublished", "--warehouse", str(warehouse), "--format", "csv",
                      "SELECT count(*) AS n FROM core.fct_decision WHERE reference = '23 001 234'")
    assert unpublished.stdout.splitlines() == ["n", "1"]


def test_a_run_whose_every_new_file_is_quarantined_exits_1_with_the_reasons_and_keeps_what_was_published(
        tmp_path: Path) -> None:
    """Fetched pages the parser cannot read (a markup change) must not publish a warehouse that silently lacks
    them: the run names the reasons with their counts, and the last complete warehouse stays published."""
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    shutil.copytree(SAMPLE_DIR, raw)
    run = ("run", "--raw-dir", str(raw), "--warehouse", str(warehouse), "--org-register", str(SMALL_REGISTER), "--quiet")
    assert cli(*run).returncode == 0
    for number in range(3):
        (raw / f"page-{number}.html").write_text(f"<html><body><main><p>Site maintenance {number}</p></main></body>"
                                                  "</html>", encoding="utf-8")
    (raw / "notes.txt").write_text("minutes of a meeting", encoding="utf-8")
    blocked = cli(*run)
    assert blocked.returncode == 1, blocked.stdout
    assert "parsed      0 decisions, 4 quarantined" in blocked.stdout
    assert "  BLOCKED   decisions:not_every_file_quarantined (4 rows)" in blocked.stdout
    examples = [line.strip() for line in blocked.stdout.splitlines() if line.strip().startswith("e.g.")]
    assert examples == ["e.g. reason='HTML page: not a decision: no title line and no reference number', files=3",
                        "e.g. reason='not a decision: no title line and no reference number', files=1"]
    assert "published   nothing:" in blocked.stdout
    assert rows(warehouse, "SELECT count(*) FROM core.fct_decision") == [(5,)]  # what parsed before stays published


def test_defaults_are_the_same_wherever_the_command_is_run_from(tmp_path: Path) -> None:
    """From a checkout, the defaults are the project's own folder whatever the current folder; `--help` says so
    and a missing default names the setting that changes it."""
    env = {k: v for k, v in os.environ.items() if k not in ("LGO_RAW_DIR", "LGO_WAREHOUSE")}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    helped = subprocess.run([sys.executable, "-m", "lgo_pipeline.cli", "run", "--help"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=60)
    assert str(SAMPLE_DIR) in " ".join(helped.stdout.split()).replace("- ", "-")
    warehouse = tmp_path / "warehouse.duckdb"
    done = subprocess.run([sys.executable, "-m", "lgo_pipeline.cli", "run", "--warehouse", str(warehouse),
                           "--org-register", str(SMALL_REGISTER), "--quiet"], cwd=elsewhere, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"raw files   5 scanned in {SAMPLE_DIR}" in done.stdout  # the bundled sample, not ./data/sample
    missing = subprocess.run([sys.executable, "-m", "lgo_pipeline.cli", "query", "SELECT 1"], cwd=elsewhere,
                             env={**env, "LGO_WAREHOUSE": str(tmp_path / "none.duckdb")}, capture_output=True,
                             text=True, timeout=60)
    assert missing.returncode == 2 and f"no warehouse at {tmp_path / 'none.duckdb'}: run" in missing.stderr


def test_the_command_line_teaches_instead_of_failing_with_a_traceback(cli_warehouse, tmp_path: Path) -> None:
    warehouse = str(cli_warehouse[0])
    nested = cli("query", "SELECT reference, ['Mr X', 'Mrs Y'] AS people, [{'field': 'amount_gbp'}] AS set_aside "
                          "FROM core.fct_decision ORDER BY 1 LIMIT 1", "--format", "csv", "--warehouse", warehouse)
    assert nested.returncode == 0, nested.stderr
    assert nested.stdout.splitlines()[1].endswith(',Mr X; Mrs Y,"{""field"":""amount_gbp""}"')
    table = cli("query", "SELECT reference, source_url, summary FROM core.fct_decision JOIN staging.stg_decisions "
                         "USING (reference) ORDER BY 1", "--warehouse", warehouse)
    urls = rows(cli_warehouse[0], "SELECT source_url FROM core.fct_decision")
    assert len(urls) == 5 and all(url in table.stdout for (url,) in urls)  # whole: a cut URL is a dead link
    assert "…" in table.stdout  # the long summaries are what is narrowed
    unknown = cli("query", "SELECT * FROM remedy_amounts", "--warehouse", warehouse)
    assert unknown.returncode == 2 and "did you mean marts.remedy_amounts?" in unknown.stderr
    syntax = cli("query", "SELEC 1", "--warehouse", warehouse)
    assert syntax.returncode == 2 and syntax.stderr.startswith("lgo-pipeline: syntax error in the SQL")
    copy = cli("query", "COPY (SELECT 1) TO 'out.csv'", "--warehouse", warehouse)
    assert copy.returncode == 2 and "--format csv > result.csv" in copy.stderr
    empty = cli("query", "SELECT * FROM marts.council_uphold_league", "--warehouse", warehouse)
    assert empty.returncode == 0 and empty.stdout.startswith("0 rows (the league lists councils with 10 or more")
    (tmp_path / "notes.db").write_text("not a warehouse")
    for command in (("query", "SELECT 1"), ("run", "--raw-dir", str(SAMPLE_DIR))):
        refused = subprocess.run([sys.executable, "-m", "lgo_pipeline.cli", *command, "--warehouse", "notes.db"],
                                 cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert refused.returncode == 2 and "notes.db is not a DuckDB warehouse file" in refused.stderr
        assert ".work" not in refused.stderr and "Traceback" not in refused.stderr and "scanned" not in refused.stdout
    piped = subprocess.run(f"{shlex.quote(sys.executable)} -m lgo_pipeline.cli query 'SELECT * FROM range(100000)' "
                           f"--warehouse {shlex.quote(warehouse)} | head -2", shell=True, capture_output=True,
                           text=True, timeout=60)
    assert piped.stdout.count("\n") == 2 and piped.stderr == ""  # no BrokenPipeError


def test_a_run_says_when_the_folder_is_empty_and_when_nothing_was_new(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = cli("run", "--raw-dir", str(empty), "--warehouse", str(tmp_path / "w.duckdb"), "--quiet")
    assert nothing.returncode == 1 and f"the raw folder {empty} holds no file: nothing to build" in nothing.stderr
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    run = ("run", "--raw-dir", str(raw), "--warehouse", str(tmp_path / "w.duckdb"), "--org-register",
           str(SMALL_REGISTER), "--quiet")
    assert cli(*run).returncode == 0
    (raw / "copy.txt").write_bytes((raw / SEED["central_bedfordshire"].name).read_bytes())  # known content
    (raw / "scan_me.txt").symlink_to(tmp_path / "gone.txt")  # a broken link: the scan's warning
    again = cli(*run)
    assert again.returncode == 0 and "parsed      nothing new: every stored file was parsed by an earlier run" in again.stdout
    warnings = [line for line in again.stdout.splitlines() if line.startswith("  warning")]
    commands = [line for line in again.stdout.splitlines() if line.strip().startswith("all: lgo-pipeline query")]
    assert warnings and len(commands) >= len(warnings)  # every warning with the command that lists its rows
    assert all("--unpublished" not in line for line in commands)  # it published: the warehouse readers query


def start_watch(raw: Path, warehouse: Path) -> subprocess.Popen:
    """`lgo-pipeline watch` looking every 0.2 s, stopping after two refreshes."""
    return subprocess.Popen(
        [sys.executable, "-m", "lgo_pipeline.cli", "watch", "--raw-dir", str(raw), "--warehouse", str(warehouse),
         "--org-register", str(SMALL_REGISTER), "--interval", "0.2", "--max-refreshes", "2", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def lines_until(process: subprocess.Popen, start: str) -> list[str]:
    """The lines the process printed, up to the first that starts with `start`."""
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(start):
            break
    return lines


def test_watch_refreshes_when_a_file_arrives_in_one_warm_process(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    shutil.copytree(SAMPLE_DIR, raw)
    settle(raw)
    watch = start_watch(raw, warehouse)
    try:
        first = lines_until(watch, "took")  # the first refresh: the sample
        (raw / "late").mkdir()
        (raw / "late" / "new.txt").write_text(
            decision_text("London Borough of Bexley", "23 001 234", "Upheld", "01 Jun 2023", (300,)), encoding="utf-8")
        rest, errors = watch.communicate(timeout=180)
    finally:
        watch.kill()
    assert watch.returncode == 0, errors
    assert first[0].startswith(f"watching    {raw} every 0.2 s") and "refresh     1 at" in first[1]
    assert "5 scanned" in "".join(first) and "5 new" in "".join(first)
    assert "refresh     2 at" in rest and "6 scanned" in rest and "1 new, 5 already stored" in rest
    assert rest.count("refresh     ") == 1  # nothing refreshed while nothing changed
    assert rows(warehouse, "SELECT remedy_total_gbp FROM core.fct_decision WHERE reference = '23 001 234'") == [(300,)]


def test_watch_tries_a_failed_refresh_again_only_when_something_changed(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    raw.mkdir()
    (raw / "shopping.txt").write_text("Eggs, milk, bread.\n", encoding="utf-8")  # no decision: blocked
    settle(raw)
    watch = start_watch(raw, warehouse)
    try:
        first = lines_until(watch, "waiting")
        time.sleep(2)  # ten looks at the folder: none may refresh again
        shutil.copytree(SAMPLE_DIR, raw / "sample")
        rest, errors = watch.communicate(timeout=180)
    finally:
        watch.kill()
    assert "BLOCKED   decisions:not_every_file_quarantined" in "".join(first)
    assert "refresh     2 at" in rest and "5 new, 1 already stored" in rest  # not the same inputs again
    assert watch.returncode == 0, errors  # the last refresh published
    assert rows(warehouse, "SELECT count(*) FROM core.fct_decision") == [(5,)]
