"""Decoding, scanning and storing raw files: every file recorded, content stored once."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from lgo_pipeline.ingest.raw_files import load_path_index, store_raw_files
from lgo_pipeline.ingest.scanning import RawDirError, ScanIssue, list_raw_paths, read_files, scan
from lgo_pipeline.parsed import batch
from lgo_pipeline.decoding import decode_bytes
from lgo_pipeline.parsing.documents import parse_document
from lgo_pipeline.publishing.working_copy import WarehouseFiles
from lgo_pipeline.warehouse.tables import ensure_tables
from lgo_pipeline_tests.conftest import SEED

POUND_TEXT = "Pay Mr B £100 for his time and trouble."


@pytest.mark.parametrize("data, encoding", [
    (POUND_TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + POUND_TEXT.encode("utf-8"), "utf-8-sig"),
    (POUND_TEXT.encode("utf-16"), "utf-16"),
    (POUND_TEXT.encode("cp1252"), "cp1252"),
])
def test_decoding_recovers_the_pound_sign(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding) == (POUND_TEXT, encoding)


def test_binary_bytes_have_no_text() -> None:
    assert decode_bytes(b"%PDF-1.4\x00\x01\x02").text is None


def test_scan_lists_hidden_files_as_issues_and_leaves_the_warehouse_out(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b name é.txt").write_text("b")
    (tmp_path / ".hidden").write_text("h")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("c")
    (tmp_path / "w.duckdb").write_bytes(b"db")
    (tmp_path / ".work").mkdir()
    (tmp_path / ".work" / "w.duckdb").write_bytes(b"db")
    (tmp_path / ".w.duckdb.publishing").write_bytes(b"db")
    exclude = WarehouseFiles(tmp_path / "w.duckdb").paths
    assert [p.name for p in list_raw_paths(tmp_path, exclude=exclude)] == ["a.txt", "b name é.txt"]
    issues = scan(tmp_path, exclude=exclude).hidden
    assert issues == [ScanIssue(str(tmp_path / ".git"), "hidden folder (its name starts with a dot): not read"),
                      ScanIssue(str(tmp_path / ".hidden"), "hidden file (its name starts with a dot): not read")]


def test_a_parser_bug_quarantines_one_file_not_the_batch(monkeypatch) -> None:
    def fragile(text, encoding, source):
        if "boom" in text:
            raise ValueError("unexpected shape")
        return parse_document(text, encoding, source)

    monkeypatch.setattr(batch, "parse_document", fragile)
    decisions, _, quarantine = batch.parse_batch(
        [("a", "seed.txt", "utf-8", SEED["bexley"].read_text(encoding="utf-8")), ("b", "odd.txt", "utf-8", "boom")], 3)
    assert decisions.column("file_id").to_pylist() == ["a"]
    assert quarantine.to_pylist() == [{"file_id": "b", "path": "odd.txt",
                                       "reason": "parser error (ValueError: unexpected shape): please report",
                                       "parser_version": 3}]


def test_missing_raw_dir_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RawDirError, match="raw folder not found: .*nope"):
        list_raw_paths(tmp_path / "nope")


def test_same_bytes_under_two_names_is_one_row_with_both_paths(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "one.txt").write_text("same content")
    (raw / "two.txt").write_text("same content")
    (raw / "other.txt").write_text("different")
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        check_paths_are_remembered(con, raw)


def check_paths_are_remembered(con: duckdb.DuckDBPyConnection, raw: Path) -> None:
    ensure_tables(con)
    first = store_raw_files(con, scan(raw), dt.datetime(2026, 1, 1))
    assert (first.files_scanned, first.new_files, first.known_files) == (3, 2, 1)
    paths = con.execute("SELECT list_transform(paths, lambda p: parse_filename(p)) FROM raw.decision_files "
                        "WHERE text = 'same content'").fetchone()[0]
    assert paths == ["one.txt", "two.txt"]

    (raw / "three.txt").write_text("same content")
    second = store_raw_files(con, scan(raw), dt.datetime(2026, 1, 2))
    assert (second.new_files, second.known_files, second.new_paths_for_known_content) == (0, 4, 1)
    assert con.execute("SELECT count(*) FROM raw.decision_files").fetchone()[0] == 2
    assert con.execute("SELECT len(paths), first_seen_at, last_seen_at FROM raw.decision_files "
                       "WHERE text = 'same content'").fetchone() == (3, dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 2))


def test_unchanged_files_are_not_read_again_and_edited_ones_are(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (raw / name).write_text(f"content of {name}", encoding="utf-8")
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_tables(con)

        def ingest():
            return store_raw_files(con, scan(raw, index=load_path_index(con)), dt.datetime(2026, 1, 1))

        assert (ingest().files_read, ingest().files_read) == (3, 0)
        (raw / "b.txt").write_text("edited content of b.txt, longer", encoding="utf-8")
        (raw / "c.txt").unlink()
        edited = ingest()
        assert (edited.files_read, edited.new_files, edited.files_scanned) == (1, 1, 2)
        assert con.execute("SELECT count(*) FROM raw.decision_files WHERE text LIKE 'edited%'").fetchall() == [(1,)]
        assert sorted(load_path_index(con)) == [str((raw / "a.txt").resolve()), str((raw / "b.txt").resolve())]
        con.execute("DELETE FROM raw.decision_files")  # the index then points at content no longer stored
        assert ingest().new_files == 2


def test_reading_on_two_processes_gives_what_one_reads_in_the_same_order(tmp_path: Path) -> None:
    """Ingest reads large folders in parallel: the result, order included, must not depend on it."""
    paths = []
    for n in range(1200):
        path = tmp_path / f"{n:04d}.txt"
        path.write_bytes(POUND_TEXT.encode("cp1252" if n % 3 else "utf-8") + str(n).encode())
        paths.append(str(path))
    paths.append(str(tmp_path / "gone.txt"))  # listed, then vanished: an issue in its place
    serial = list(read_files(paths, workers=1))
    assert list(read_files(paths, workers=2)) == serial
    assert serial[7].content == decode_bytes(POUND_TEXT.encode("cp1252") + b"7")
    assert serial[7].content.text == POUND_TEXT + "7" and serial[-1].issue.startswith("vanished during the scan")
