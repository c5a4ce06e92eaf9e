"""Fuzzing: random bytes and mutated seeds through decoding, parsing and ingestion never raise, always account."""

from __future__ import annotations

import datetime as dt

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lgo_pipeline.ingest.raw_files import store_raw_files
from lgo_pipeline.ingest.scanning import scan
from lgo_pipeline.parsed.parse_results import parse_stored_files
from lgo_pipeline.decoding import decode_bytes
from lgo_pipeline.parsing.documents import parse_document
from lgo_pipeline.parsing.plausibility import EARLIEST_DECISION_DATE, MAX_DEADLINE_DAYS, MAX_REMEDY_GBP, MIN_REMEDY_GBP
from lgo_pipeline.sql_models.building import build_model
from lgo_pipeline.sql_models.data_tests import run_test
from lgo_pipeline.sql_models.incremental import ensure_state
from lgo_pipeline.sql_models.project import load_project
from lgo_pipeline.warehouse.tables import ensure_tables
from lgo_pipeline_tests.conftest import SEED

SEEDS = [path.read_bytes() for path in SEED.values()]
SQL_PROJECT = load_project()


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    """A seed with random cuts, insertions and byte flips: truncations, stray NULs, broken UTF-8."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "flip", "truncate"]))
        if action == "cut":
            del data[position:position + draw(st.integers(1, 400))]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=40))
        elif action == "flip" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        elif action == "truncate":
            del data[position:]
    return bytes(data)


# Text that once reached a blocking schema test and stopped the marts, and its relatives.
HOSTILE_SNIPPETS = [
    "２２ ００１ ２３９", "٢٢ ٠٠١ ٢٣٩", "within 1000 days", "within 0 days", "within 99 months", "£££ > ***",
    "Housing. > allocations!", "Made-up top! > X", "\u2028", "\x0b", "\x0c", "Mr Ｂ", "Mrs é", "£1 000", "£-50",
    "£0", "£9,999,999", "31 February 2023", "1 March 2091", "Decision : ", "Category : > ", "(99 999 999)",
]


@st.composite
def seed_with_hostile_text(draw: st.DrawFn) -> bytes:
    """A seed with pieces of its text replaced by snippets that once broke a schema test."""
    text = draw(st.sampled_from(SEEDS)).decode("utf-8")
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(text)))
        length = draw(st.integers(0, 30))
        text = text[:start] + draw(st.sampled_from(HOSTILE_SNIPPETS)) + text[start + length:]
    return text.encode("utf-8")


hostile_bytes = st.one_of(st.binary(max_size=3000), mutated_seed(), seed_with_hostile_text(),
                          st.text(max_size=2000).map(lambda text: text.encode("utf-8", "surrogatepass")))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hostile_bytes, suffix=st.sampled_from([".txt", ".html", ".htm", ".TXT", "", ".pdf"]))
def test_any_bytes_give_a_decision_or_a_reason(data: bytes, suffix: str) -> None:
    decoded = decode_bytes(data)
    record = parse_document(decoded.text, decoded.encoding, f"fuzz{suffix}")
    assert record.ok != bool(record.error)
    if record.ok:
        assert record.reference and len(record.reference) == 10
        assert record.decision_date is None or EARLIEST_DECISION_DATE <= record.decision_date <= dt.date.today()
        assert all(MIN_REMEDY_GBP <= amount <= MAX_REMEDY_GBP for amount in record.remedy_amounts_gbp)
        assert all(1 <= remedy.due_within_days <= MAX_DEADLINE_DAYS for remedy in record.remedies if remedy.due_within_days)
        assert record.reference.replace(" ", "").isascii()
        assert "\x00" not in (record.summary or "")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(files=st.lists(hostile_bytes, min_size=1, max_size=12))
def test_ingesting_and_parsing_any_folder_accounts_for_every_file(files: list[bytes], tmp_path_factory) -> None:
    raw = tmp_path_factory.mktemp("fuzz")
    for number, data in enumerate(files):
        (raw / f"{number:02d}.txt").write_bytes(data)
    with duckdb.connect() as con:
        ensure_tables(con)
        stats = store_raw_files(con, scan(raw), dt.datetime(2026, 1, 1))
        parse_stored_files(con, workers=1)
        stored = con.execute("SELECT count(*), sum(len(paths)) FROM raw.decision_files").fetchone()
        accounted = con.execute("""SELECT count(*) FROM raw.decision_files WHERE
            file_id IN (SELECT file_id FROM parsed.decisions) <> file_id IN (SELECT file_id FROM parsed.parse_quarantine)
        """).fetchone()[0]
        failing = _failing_staging_tests(con)
    assert stats.files_scanned == len(files) == stored[1]
    assert stored[0] == len(set(files)) == accounted
    assert failing == []  # bad input never stops the marts at the staging layer


def _failing_staging_tests(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The staging models of what was ingested and parsed, built, and the names of their blocking tests that fail."""
    failing = []
    parsed = [m for m in SQL_PROJECT.models.values() if m.layer == "staging" and {s for s, _ in m.sources} <= {"raw", "parsed"}]
    assert {m.name for m in parsed} >= {"stg_decision_files", "stg_decisions", "stg_remedies"}
    ensure_state(con)
    for model in parsed:
        build_model(con, SQL_PROJECT, model)
        failing += [f"{model.name}:{test.name}" for test in model.tests
                    if test.blocking and test.severity == "error" and not run_test(con, SQL_PROJECT, model, test).passed]
    return failing
