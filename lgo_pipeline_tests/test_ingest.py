"""Decoding, scanning and storing raw files: every file recorded, content stored once."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from lgo_pipeline.ingest.decoding import decode_bytes
from lgo_pipeline.ingest.scanning import RawDirError, folder_fingerprint, list_raw_paths, scan, warehouse_files
from lgo_pipeline.warehouse.raw_store import load_path_index, store_raw_files
from lgo_pipeline.warehouse.tables import ensure_tables

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


def test_scan_skips_hidden_and_warehouse_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b name é.txt").write_text("b")
    (tmp_path / ".hidden").write_text("h")
    (tmp_path / "w.duckdb").write_bytes(b"db")
    paths = list_raw_paths(tmp_path, exclude=warehouse_files(tmp_path / "w.duckdb"))
    assert [p.name for p in paths] == ["a.txt", "b name é.txt"]


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


def test_fingerprint_changes_only_when_files_change(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    before = folder_fingerprint(tmp_path)
    assert folder_fingerprint(tmp_path) == before
    (tmp_path / "b.txt").write_text("b")
    assert folder_fingerprint(tmp_path) != before


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
