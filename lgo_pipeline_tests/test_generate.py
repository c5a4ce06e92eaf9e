"""The synthetic corpus: deterministic, realistic in its shares, and its truth is what the text says."""

import datetime as dt
import hashlib
import json
import statistics
from pathlib import Path

import pytest

from lgo_pipeline.generate.corpus import TRUTH_FILE, generate_corpus
from lgo_pipeline.parsing.accuracy import GENERATED_FIELDS, measure
from lgo_pipeline_tests.conftest import failed_checks, materialize_all, rows


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    folder = tmp_path_factory.mktemp("corpus")
    generate_corpus(2000, folder, seed=11)
    truth = [json.loads(line) for line in (folder / TRUTH_FILE).read_text(encoding="utf-8").splitlines()]
    return folder, truth


def test_same_seed_same_corpus_other_seed_other_corpus(tmp_path: Path) -> None:
    generate_corpus(200, tmp_path / "a", seed=3, workers=1)
    generate_corpus(200, tmp_path / "b", seed=3, workers=2)
    generate_corpus(200, tmp_path / "c", seed=4)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b") != _digest(tmp_path / "c")


def test_one_truth_line_per_file_with_unique_references(corpus) -> None:
    folder, truth = corpus
    assert len(truth) == 2000 == len([p for p in folder.iterdir() if p.suffix == ".txt"])
    assert all((folder / t["source"]).is_file() for t in truth)
    assert len({t["reference"] for t in truth}) == 2000


def test_shares_are_realistic(corpus) -> None:
    _, truth = corpus
    known = [t for t in truth if t["outcome"] is not None]  # pages with header lines
    closed = sum(t["outcome_canonical"] == "closed_after_initial_enquiries" for t in known) / len(known)
    investigations = [t for t in known if t["outcome_canonical"] in {"upheld", "not_upheld"}]
    upheld = sum(t["outcome_canonical"] == "upheld" for t in investigations) / len(investigations)
    assert 0.42 <= closed <= 0.58
    assert 0.62 <= upheld <= 0.82
    dates = [dt.date.fromisoformat(t["decision_date"]) for t in known]
    assert min(dates) >= dt.date(2013, 1, 1) and max(dates) <= dt.date(2025, 12, 31)
    assert 0.05 <= 1 - len(known) / len(truth) <= 0.15  # pages without header lines
    amounts = [a for t in truth for a in t["remedy_amounts_gbp"]]
    assert 100 <= statistics.median(amounts) <= 1000
    assert sum(100 <= a <= 1000 for a in amounts) / len(amounts) >= 0.6
    assert 0 < sum(a > 10_000 for a in amounts) / len(amounts) < 0.03
    assert sum(len(t["remedy_amounts_gbp"]) >= 2 for t in truth) >= 20  # several payments in some decisions
    assert {r["rate"] for t in truth for r in t["remedies"]} >= {None, "per month", "per term"}


def test_registration_comes_before_decision(corpus) -> None:
    _, truth = corpus
    for t in truth:
        if t["decision_date"]:
            assert 2000 + int(t["reference"][:2]) <= int(t["decision_date"][:4])


def test_shapes_learned_from_real_pages_appear(corpus) -> None:
    folder, truth = corpus
    texts = [(folder / t["source"]).read_text(encoding="utf-8", errors="replace") for t in truth]
    older = [t for t, text in zip(truth, texts) if "To remedy the injustice caused" in text]
    assert len(older) >= 10 and any(t["organisation"] is None and t["remedy_amounts_gbp"] for t in older)
    offered = [t for t in truth if "already offered a suitable remedy" in t["summary"]]
    assert len(offered) >= 50 and all(t["outcome_canonical"] in {"closed_after_initial_enquiries", "unknown"}
                                      and len(t["remedy_amounts_gbp"]) == 1 for t in offered)
    claimed = [t for t in truth if " wants " in t["summary"]]
    assert len(claimed) >= 20 and all(t["remedy_amounts_gbp"] == [] for t in claimed)
    complainants = {t["complainant"] for t in truth}
    assert any("&" in c for c in complainants if c) and any(c and c.startswith("Company ") for c in complainants)
    assert any(c and " and M" in c for c in complainants)  # two people, two letters: Ms Y and Ms Z
    assert any(t["reference"][-1] == "b" for t in truth)
    assert any(t["organisation"] == "JCOSS" and t["category"] == "Education > School admissions" for t in truth)


def test_format_variants_appear(corpus) -> None:
    folder, truth = corpus
    raw = [(folder / t["source"]).read_bytes() for t in truth]
    assert any(b"\r\n" in data for data in raw)
    assert any(b"\xa3" in data and b"\xc2\xa3" not in data for data in raw)  # cp1252 pound sign
    assert any(data.startswith(b"Privacy settings") for data in raw)
    assert any(b"\n- " in data for data in raw) and any(b"\n  1. " in data for data in raw)
    assert 5 * 1024 <= sum(map(len, raw)) / len(raw) <= 10 * 1024


def test_truth_is_what_the_text_says(corpus) -> None:
    folder, _ = corpus
    accuracy = measure(folder / "truth.jsonl")
    fields = [field.name for field in GENERATED_FIELDS]
    assert {field: accuracy.share(field) for field in fields} == dict.fromkeys(fields, 1.0), accuracy.examples


def test_incremental_build_equals_full_build(tmp_path: Path) -> None:
    """A then B incrementally gives the same warehouse as A+B at once, table for table."""
    generate_corpus(90, tmp_path / "all", seed=21)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for number, path in enumerate(sorted((tmp_path / "all").glob("*.txt"))):
        target = first if number < 60 else second
        (target / path.name).write_bytes(path.read_bytes())
    together, stepwise = tmp_path / "together.duckdb", tmp_path / "stepwise.duckdb"
    at_once = materialize_all(tmp_path / "all", together)
    materialize_all(first, stepwise)
    for path in second.iterdir():
        (first / path.name).write_bytes(path.read_bytes())
    result = materialize_all(first, stepwise)
    assert at_once.success and result.success
    assert failed_checks(result) == failed_checks(at_once)  # the small register leaves most councils unresolved
    parse = {m.asset_key.to_user_string(): m.metadata for m in result.asset_materializations_for_node("parsed_decisions")}
    assert parse["decisions"]["rows_added"].value == 30  # only the new files were parsed
    for table in ("core.fct_decision", "core.fct_remedy", "core.dim_organisation", "marts.outcome_rates_by_council",
                  "marts.remedy_amounts", "marts.time_to_decision"):
        assert rows(together, f"SELECT * FROM {table} ORDER BY ALL") == rows(stepwise, f"SELECT * FROM {table} ORDER BY ALL"), table


def test_parsing_on_two_processes_gives_what_one_gives(corpus, tmp_path: Path) -> None:
    import datetime as dt

    import duckdb

    from lgo_pipeline.ingest.scanning import scan
    from lgo_pipeline.ingest.raw_files import store_raw_files
    from lgo_pipeline.parsed.parse_results import parse_stored_files
    from lgo_pipeline.warehouse.tables import ensure_tables

    folder, _ = corpus
    subset = tmp_path / "subset"
    subset.mkdir()
    for path in sorted(folder.glob("*.txt"))[:240]:
        (subset / path.name).write_bytes(path.read_bytes())
    tables = {}
    for workers in (1, 2):
        with duckdb.connect(str(tmp_path / f"w{workers}.duckdb")) as con:
            ensure_tables(con)
            store_raw_files(con, scan(subset), dt.datetime(2026, 1, 1))
            stats = parse_stored_files(con, batch_size=50, workers=workers)
            assert (stats.parsed, stats.quarantined) == (240, 0)
            tables[workers] = [con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                               for t in ("parsed.decisions", "parsed.remedies")]
    assert tables[1] == tables[2]
