"""Hostile raw folders: every file becomes a decision, a quarantine row or a scan issue, with a specific reason,
and the run still completes with its marts when only the input was bad."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import tempfile
from pathlib import Path

import dagster as dg
import pytest

from lgo_pipeline.ingest import scanning
from lgo_pipeline.ingest.scanning import RawFile, ScanIssue, read_raw_file
from lgo_pipeline.decoding import decode_bytes
from lgo_pipeline.parsing.documents import parse_document
from lgo_pipeline_tests.conftest import SEED, decision_text, failed_checks, materialize_all, rows

STAFFORDSHIRE = SEED["staffordshire"].read_text(encoding="utf-8")  # 20 003 792, 21 Jan 2021, pays Mr B £100


_CATEGORY = "Children's care services > Other"


def _variant(reference: str) -> str:
    """The Staffordshire seed under another reference: the same £100 remedy, a distinct case."""
    return STAFFORDSHIRE.replace("20 003 792", reference)


def _html_page(text: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    return (f"<!DOCTYPE html><html><head><script>var tracking = 1;</script></head><body><nav><a>Home</a>"
            f"<a>Decisions</a></nav><main>{paragraphs}</main><footer>Cookies</footer></body></html>")


# file name -> (bytes, where it must end up: decision reference or the start of its quarantine reason)
HOSTILE: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "quarantine:empty file"),
    "whitespace.txt": (b"  \n\t\n  ", "quarantine:empty file"),
    "random.bin": (bytes(range(256)) * 8, "quarantine:binary: NUL bytes and control characters"),
    "scan.pdf": (b"%PDF-1.7\n" + bytes(range(256)), "quarantine:binary: PDF document"),
    "utf16 with bom.txt": (_variant("20 100 001").encode("utf-16"), "20 100 001"),
    "utf16 no bom.txt": (_variant("20 100 002").encode("utf-16-le"), "20 100 002"),
    "utf8 bom.txt": (_variant("20 100 003").encode("utf-8-sig"), "20 100 003"),
    "cp1252.txt": (_variant("20 100 004").encode("cp1252", errors="replace"), "20 100 004"),
    "latin1.txt": (_variant("20 100 005").replace("’", "'").encode("latin-1", errors="replace") + b"\x81",
                   "20 100 005"),
    "mojibake.txt": (_variant("20 100 006").encode().decode("cp1252", errors="replace").encode(), "20 100 006"),
    "nul bytes.txt": (_variant("20 100 007").encode().replace(b"Summary", b"Sum\x00mary"), "20 100 007"),
    "crlf.txt": (_variant("20 100 008").replace("\n", "\r\n").encode(), "20 100 008"),
    "truncated.txt": (_variant("20 100 009").encode()[:900], "20 100 009"),
    "naïve nåme – spaces.txt": (_variant("20 100 010").encode(), "20 100 010"),
    "page.html": (_html_page(_variant("20 100 011")).encode(), "20 100 011"),
    "saved page.txt": (_html_page(_variant("20 100 012")).encode(), "20 100 012"),
    "huge.txt": (_variant("20 100 013").encode() + b"x" * 6_000_000, "quarantine:too large for one decision"),
    "not a decision.txt": (b"Shopping list\nmilk\neggs\n", "quarantine:not a decision"),
    "data.csv": (b"reference,outcome\n20 100 014,Upheld\n", "quarantine:unsupported file type '.csv'"),
    "utf32.txt": (_variant("20 100 016").encode("utf-32"), "20 100 016"),
    "word line breaks.txt": (_variant("20 100 017").replace("\n", "\x0b").encode(), "20 100 017"),
    "unicode line breaks.txt": (_variant("20 100 018").replace("\n", "\u2028").encode(), "20 100 018"),
    "packed.txt": (gzip.compress(_variant("20 100 019").encode()), "quarantine:binary: gzip archive"),
    "fullwidth digits.txt": (_variant("２０ １００ ０２１").encode(), "quarantine:not a decision"),
    # category labels that once broke the unique category ids of dim_category and stopped the publication
    "punctuated category.txt": (_variant("20 100 022").replace(_CATEGORY, "Children's care services. > other!").encode(),
                                "20 100 022"),
    "symbol category.txt": (_variant("20 100 023").replace(_CATEGORY, "£££ > ***").encode(), "20 100 023"),
    "made up category.txt": (_variant("20 100 024").replace(_CATEGORY, "Made up top > X").encode(), "20 100 024"),
    "made-up category.txt": (_variant("20 100 025").replace(_CATEGORY, "Made-up top! > X").encode(), "20 100 025"),
}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory):
    raw = tmp_path_factory.mktemp("hostile") / "raw"
    raw.mkdir()
    for name, (data, _) in HOSTILE.items():
        (raw / name).write_bytes(data)
    odd_name = os.fsencode(raw) + b"/latin1 name \xe9.txt"  # not valid UTF-8: stored with an escape
    with open(odd_name, "wb") as handle:
        handle.write(_variant("20 100 015").encode())
    (raw / "same bytes again.txt").write_bytes(SEED["bexley"].read_bytes())
    (raw / "bexley.txt").write_bytes(SEED["bexley"].read_bytes())
    (raw / "dangling.txt").symlink_to(raw / "gone.txt")
    (raw / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    warehouse = raw.parent / "warehouse.duckdb"
    return raw, warehouse, materialize_all(raw, warehouse)


def test_the_run_completes_and_publishes_the_marts(hostile_run) -> None:
    _, warehouse, result = hostile_run
    assert result.success
    errors = [e.check_name for e in result.get_asset_check_evaluations()
              if not e.passed and e.severity != dg.AssetCheckSeverity.WARN]
    assert errors == []
    assert "decision_files:every_file_readable" in failed_checks(result)  # the dangling link, a WARN
    assert rows(warehouse, "SELECT count(*) FROM marts.outcome_rates_by_council")[0][0] > 0


def test_every_file_is_a_decision_or_a_quarantine_row_with_its_reason(hostile_run) -> None:
    raw, warehouse, _ = hostile_run
    outcomes = dict(rows(warehouse, """
        SELECT regexp_extract(source, '[^/]+$'), reference FROM parsed.decisions
        UNION ALL SELECT regexp_extract(path, '[^/]+$'), 'quarantine:' || reason FROM parsed.parse_quarantine"""))
    for name, (_, expected) in HOSTILE.items():
        assert outcomes[name].startswith(expected), (name, outcomes[name])
    assert outcomes["latin1 name \\xe9.txt"] == "20 100 015"
    issues = dict(rows(warehouse, "SELECT regexp_extract(path, '[^/]+$'), issue FROM raw.scan_issues"))
    assert issues == {"dangling.txt": "broken symbolic link: its target does not exist",
                      ".DS_Store": "hidden file (its name starts with a dot): not read"}
    stored_paths = rows(warehouse, "SELECT sum(len(paths)) FROM raw.decision_files")[0][0]
    assert stored_paths + len(issues) == len(list(raw.iterdir()))  # every file in the folder accounted for


def test_repairs_are_named_and_the_money_survives_them(hostile_run) -> None:
    _, warehouse, _ = hostile_run
    found = {reference: (amounts, warnings) for reference, amounts, warnings in rows(
        warehouse, "SELECT d.reference, coalesce(list(r.amount_gbp ORDER BY r.remedy_index) FILTER (WHERE r.amount_gbp "
                   "IS NOT NULL), []), any_value(d.warnings) FROM parsed.decisions AS d LEFT JOIN parsed.remedies AS r "
                   "USING (file_id) GROUP BY d.reference")}
    for reference in ("20 100 001", "20 100 002", "20 100 003", "20 100 004", "20 100 006", "20 100 007",
                      "20 100 008", "20 100 010", "20 100 011", "20 100 012", "20 100 015", "20 100 016",
                      "20 100 017", "20 100 018"):
        assert found[reference][0] == [100.0], reference
    assert "decoded as utf-8 (mojibake repaired)" in found["20 100 006"][1]
    assert "decoded as utf-8 (1 NUL byte removed)" in found["20 100 007"][1]
    assert "read from an HTML page" in found["20 100 012"][1]
    encodings = dict(rows(warehouse, "SELECT regexp_extract(path, '[^/]+$'), encoding FROM raw.decision_files"))
    assert (encodings["utf16 no bom.txt"], encodings["cp1252.txt"], encodings["latin1.txt"], encodings["utf32.txt"]) == (
        "utf-16-le", "cp1252", "latin-1", "utf-32")


def test_odd_category_labels_join_one_category_each(hostile_run) -> None:
    _, warehouse, _ = hostile_run
    categories = dict(rows(warehouse, "SELECT reference, category_id FROM core.fct_decision "
                                      "WHERE reference BETWEEN '20 100 022' AND '20 100 025'"))
    assert categories == {"20 100 022": "children-s-care-services/other", "20 100 023": None,
                          "20 100 024": "made-up-top/x", "20 100 025": "made-up-top/x"}


def test_the_same_bytes_under_two_names_are_one_row_with_both_paths(hostile_run) -> None:
    raw, warehouse, _ = hostile_run
    (paths,) = rows(warehouse, "SELECT paths FROM raw.decision_files WHERE list_contains(paths, ?)",
                    [str(raw / "bexley.txt")])[0]
    assert sorted(paths) == [str(raw / "bexley.txt"), str(raw / "same bytes again.txt")]


def test_a_file_that_changes_while_it_is_read_is_read_again(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(b"first half")
    real_read = scanning._read_bytes
    calls = []

    def read_while_someone_writes(name: str) -> bytes:
        data = real_read(name)
        if not calls:
            calls.append(1)
            with open(name, "ab") as handle:
                handle.write(b" and the second half")
            os.utime(name, ns=(1, 2_000_000_000))
        return data

    monkeypatch.setattr(scanning, "_read_bytes", read_while_someone_writes)
    found = read_raw_file(path)
    assert isinstance(found, RawFile) and found.content.text == "first half and the second half"


def test_a_file_that_vanishes_during_the_scan_is_a_scan_issue(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "vanishing.txt"
    path.write_text("here for a moment")

    def vanish(name: str) -> bytes:
        os.unlink(name)
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(scanning, "_read_bytes", vanish)
    assert read_raw_file(path) == ScanIssue(str(path), "vanished during the scan: it was listed, then gone "
                                                       "before it could be read")


def _as_unprivileged_user(action):
    """`action()` in a forked process that has given up root (root reads any file), its result sent back."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's coverage is not collected
        try:
            os.setgid(65534)
            os.setuid(65534)  # nobody
            os.write(write_end, repr(action()).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as result:
        said = result.read()
    os.waitpid(child, 0)
    return said


def test_an_unreadable_file_is_a_scan_issue(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(dir="/tmp")) if os.geteuid() == 0 else tmp_path  # pytest's is root's alone
    try:
        folder.chmod(0o755)
        path, readable = folder / "secret.txt", folder / "open.txt"
        path.write_text("no entry")
        path.chmod(0)
        readable.write_text("Kent County Council (22 001 239)")
        readable.chmod(0o644)
        expected = ScanIssue(str(path), "cannot be read: Permission denied")
        if os.geteuid() == 0:
            assert _as_unprivileged_user(lambda: read_raw_file(path)) == repr(expected)
            assert "ScanIssue" not in _as_unprivileged_user(lambda: read_raw_file(readable))  # the folder is open
        else:
            assert read_raw_file(path) == expected
    finally:
        if folder != tmp_path:
            shutil.rmtree(folder)


def test_a_page_of_deeply_nested_blocks_is_read() -> None:
    """20,000 unclosed <div>s around a decision: the page is rendered in one walk (inserting line breaks into
    the tree made bs4 walk every block's subtree again: 36 s at this depth, hours at 200,000)."""
    page = _html_page(_variant("20 100 020")).replace("<main>", "<main>" + "<div>" * 20_000)
    record = parse_document(page, "utf-8", "deep.html")
    assert (record.reference, record.remedy_amounts_gbp) == ("20 100 020", [100.0])
    assert "read from an HTML page" in record.warnings


@pytest.mark.parametrize("data, encoding", [
    ("£300".encode("utf-16-be"), "utf-16-be"),
    ("£300 to Mrs X".encode("utf-32"), "utf-32"),
    ("£300 to Mrs X".encode("utf-32-le"), "utf-32-le"),
    ("£300 to Mrs X".encode("utf-32-be"), "utf-32-be"),
    (b"\xa3300", "cp1252"),
    ("Â£300 for the Councilâ€™s delay".encode(), "utf-8 (mojibake repaired)"),
    (b"\x89PNG\r\n\x1a\n", "binary: PNG image"),
])
def test_decoding_names_what_it_did(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text is None or decoded.text.startswith("£300")


def test_impossible_values_never_reach_the_facts(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "future.txt").write_text(decision_text("Bexley London Borough Council", "23 000 001", "Upheld",
                                                  "1 March 2091", payments=(300,)))
    (raw / "ancient.txt").write_text(decision_text("Bexley London Borough Council", "23 000 002", "Upheld",
                                                   "1 March 2003"))
    (raw / "reference after decision.txt").write_text(decision_text(
        "Bexley London Borough Council", "24 000 003", "Upheld", "1 March 2022"))
    (raw / "absurd amounts.txt").write_text(decision_text(
        "Bexley London Borough Council", "22 000 004", "Upheld", "1 March 2023", payments=(0, 4_000_000_000, 250)))
    (raw / "absurd deadline.txt").write_text(decision_text(
        "Bexley London Borough Council", "22 000 005", "Upheld", "1 March 2023", payments=(120,)
    ).replace("Within one month", "Within 1000 days"))
    warehouse = tmp_path / "warehouse.duckdb"
    result = materialize_all(raw, warehouse)
    assert result.success
    assert "decisions:no_implausible_values" in failed_checks(result)
    facts = {reference: (decided, total) for reference, decided, total in rows(
        warehouse, "SELECT reference, decision_date, remedy_total_gbp FROM core.fct_decision")}
    assert facts == {"23 000 001": (None, 300), "23 000 002": (None, 0), "24 000 003": (None, 0),
                     "22 000 004": (dt.date(2023, 3, 1), 250), "22 000 005": (dt.date(2023, 3, 1), 120)}
    assert rows(warehouse, "SELECT amount_gbp FROM core.fct_remedy WHERE amount_gbp IS NOT NULL ORDER BY 1") == [
        (120.0,), (250.0,), (300.0,)]
    assert rows(warehouse, "SELECT due_within_days FROM core.fct_remedy WHERE reference = '22 000 005'") == [(None,)]
    set_aside = rows(warehouse, "SELECT reference, v.field, v.value, v.reason FROM (SELECT reference, "
                                "unnest(set_aside) AS v FROM parsed.decisions) ORDER BY ALL")
    assert set_aside == [
        ("22 000 004", "amount_gbp", "0.00", "outside £0.01-£1,000,000"),
        ("22 000 004", "amount_gbp", "4000000000.00", "outside £0.01-£1,000,000"),
        ("22 000 005", "due_within_days", "1000", "outside 1-730 days"),
        ("23 000 001", "decision_date", "2091-03-01", f"after today ({dt.date.today()})"),
        ("23 000 002", "decision_date", "2003-03-01", "before 2010"),
        ("24 000 003", "decision_date", "2022-03-01", "before 2024, the year reference 24 000 003 was registered"),
    ]
    warnings = [w for (w,) in rows(warehouse, "SELECT unnest(warnings) FROM parsed.decisions ORDER BY 1")]
    assert not [w for w in warnings if "set aside" in w]  # said once, as data: not again as sentences


def test_a_reissue_keeps_the_latest_decision_and_is_counted(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "first.txt").write_text(decision_text("Bexley London Borough Council", "22 000 001", "Not upheld",
                                                 "1 March 2023"))
    (raw / "reissued.txt").write_text(decision_text("Bexley London Borough Council", "22 000 001", "Upheld",
                                                    "9 June 2023", payments=(500,)))
    (raw / "older copy.txt").write_text(decision_text("Bexley London Borough Council", "22 000 001", "Upheld",
                                                      "1 February 2023", payments=(50,)))
    warehouse = tmp_path / "warehouse.duckdb"
    result = materialize_all(raw, warehouse)
    assert result.success and "decisions:no_reissued_references" in failed_checks(result)
    check = next(e for e in result.get_asset_check_evaluations() if e.check_name == "no_reissued_references")
    assert check.metadata["reissued_references"].value == 1
    assert rows(warehouse, "SELECT outcome_canonical, decision_date::VARCHAR, remedy_total_gbp, versions "
                           "FROM core.fct_decision") == [("upheld", "2023-06-09", 500, 3)]
    assert rows(warehouse, "SELECT count(*) FROM parsed.decisions WHERE reference = '22 000 001'") == [(3,)]

    # Same decision date, other content, seen later: the later sighting wins.
    (raw / "same day correction.txt").write_text(decision_text(
        "Bexley London Borough Council", "22 000 001", "Upheld", "9 June 2023", payments=(650,)))
    assert materialize_all(raw, warehouse).success
    assert rows(warehouse, "SELECT remedy_total_gbp, versions FROM core.fct_decision") == [(650, 4)]
