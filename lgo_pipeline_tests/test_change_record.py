"""The change record: a scan lists only the folders whose names changed and reads only names it has not seen;
a full scan finds edits in place; the fetch's state names the pages it rewrote."""

import datetime as dt
import os
from pathlib import Path

import duckdb
import pytest

from lgo_pipeline.fetch.layout import FetchLayout
from lgo_pipeline.fetch.state import FetchState
from lgo_pipeline.ingest.change_record import LIST_AGAIN, changed_folders, walk_folders
from lgo_pipeline.ingest.raw_files import ingest_raw_folder, load_folder_index, load_path_index
from lgo_pipeline.warehouse.tables import ensure_tables
from lgo_pipeline_tests.conftest import settle

def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    for year in ("2023", "2024", "2025"):
        for n in range(3):
            write(raw / year / f"{year}-{n}.txt", f"decision {n} of {year}")
    settle(raw)
    return raw


@pytest.fixture
def con(tmp_path: Path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_tables(con)
        yield con


def ingest(con, raw: Path, full_scan: bool = False, when: dt.datetime | None = None):
    return ingest_raw_folder(con, raw, when or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                             full_scan=full_scan)


def test_a_scan_with_nothing_changed_lists_no_folder_and_reads_no_file(con, raw: Path) -> None:
    first = ingest(con, raw)
    assert (first.full_scan, first.folders, first.folders_listed, first.files_read, first.new_files) == (
        True, 4, 4, 9, 9)  # no record yet: a full scan
    again = ingest(con, raw)
    assert (again.full_scan, again.folders_listed, again.files_read, again.new_files, again.files_scanned) == (
        False, 0, 0, 0, 9)


def test_a_new_file_lists_its_folder_only_and_reads_only_it(con, raw: Path) -> None:
    ingest(con, raw)
    write(raw / "2025" / "new.txt", "a decision published today")
    settle(raw)
    found = ingest(con, raw)
    assert (found.folders_listed, found.files_read, found.new_files, found.files_scanned) == (1, 1, 1, 10)
    assert con.execute("SELECT path LIKE '%/2025/new.txt' FROM raw.decision_files WHERE text LIKE '%today'"
                       ).fetchall() == [(True,)]


def test_a_new_folder_is_found_in_its_listed_parent(con, raw: Path) -> None:
    ingest(con, raw)
    write(raw / "2026" / "deep" / "a.txt", "the first decision of 2026")
    settle(raw)
    found = ingest(con, raw)
    assert (found.folders, found.folders_listed, found.files_read, found.new_files) == (6, 3, 1, 1)


def test_an_edit_in_place_waits_for_a_full_scan(con, raw: Path) -> None:
    ingest(con, raw)
    write(raw / "2024" / "2024-1.txt", "decision 1 of 2024, corrected and longer")  # same name: no folder changes
    settle(raw)
    quick = ingest(con, raw)
    assert (quick.files_read, quick.new_files) == (0, 0)
    full = ingest(con, raw, full_scan=True)
    assert (full.full_scan, full.folders_listed, full.files_read, full.new_files) == (True, 4, 1, 1)
    assert con.execute("SELECT count(*) FROM raw.decision_files WHERE text LIKE '%corrected%'").fetchone() == (1,)


def test_removed_files_and_folders_leave_the_record(con, raw: Path) -> None:
    ingest(con, raw)
    (raw / "2023" / "2023-0.txt").unlink()
    for name in os.listdir(raw / "2024"):
        (raw / "2024" / name).unlink()
    (raw / "2024").rmdir()
    settle(raw)
    found = ingest(con, raw)
    assert (found.folders, found.files_scanned, found.files_read) == (3, 5, 0)
    assert sorted(Path(p).name for p in load_path_index(con)) == [
        "2023-1.txt", "2023-2.txt", "2025-0.txt", "2025-1.txt", "2025-2.txt"]
    assert con.execute("SELECT count(*) FROM raw.decision_files").fetchone() == (9,)  # history is never deleted


def test_a_folder_changed_as_it_was_scanned_is_listed_again(con, raw: Path) -> None:
    ingest(con, raw)
    write(raw / "2025" / "late.txt", "written as the scan looked")  # 2025's time is now: too recent to trust
    ingest(con, raw)
    record = load_folder_index(con)
    assert record[str((raw / "2025").resolve())] == LIST_AGAIN
    assert changed_folders(record) == [str((raw / "2025").resolve())]
    settle(raw)
    again = ingest(con, raw)
    assert (again.folders_listed, again.files_read) == (1, 0)
    assert changed_folders(load_folder_index(con)) == []


def test_a_page_a_fetch_rewrote_in_place_is_read_again(con, raw: Path) -> None:
    layout = FetchLayout(raw)
    page = write(layout.page_file(2025, "25-000-001.html"), "<html>the first version</html>")
    FetchState(layout.database).close()
    settle(raw)
    scanned = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(hours=1)
    ingest(con, raw, when=scanned)
    page.write_text("<html>the corrected version</html>")  # what the crawler does, through a rename in .fetch
    state = FetchState(layout.database)
    state.record_page("https://www.lgo.org.uk/decisions/x/y/25-000-001", "25 000 001", None,
                      str(page.relative_to(raw)), "sha", 10, None, None, 1, None)
    state.close()
    settle(raw)
    found = ingest(con, raw)
    assert (found.folders_listed, found.files_read, found.new_files) == (0, 1, 1)


def test_the_walk_keeps_out_hidden_entries_and_the_warehouse(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "a")
    write(tmp_path / ".fetch" / "state", "s")
    write(tmp_path / "w.duckdb", "db")
    walk = walk_folders(tmp_path, exclude=frozenset({tmp_path / "w.duckdb"}))
    assert [Path(p).name for p in walk.files] == ["a.txt"] and [Path(p).name for p in walk.hidden] == [".fetch"]
    assert list(walk.folders) == [str(tmp_path.resolve())]
