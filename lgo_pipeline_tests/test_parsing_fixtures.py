"""The labelled fixture set: every fixture parses exactly as its hand-checked expected record."""

import pytest

from lgo_pipeline_tests.fixture_accuracy import FIXTURES, actual_fields, expected_records, field_mismatches

EXPECTED = expected_records()


def test_the_fixture_set_covers_the_variants() -> None:
    files = sorted(p.name for p in FIXTURES.iterdir() if p.name != "expected.yml")
    assert files == sorted(EXPECTED), "every fixture file has an expected record and vice versa"
    assert sum(1 for e in EXPECTED.values() if e["ok"]) >= 40
    assert {e["outcome_canonical"] for e in EXPECTED.values() if e["ok"]} >= {
        "upheld", "not_upheld", "closed_after_initial_enquiries", "referred_back", "withdrawn", "unknown"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_parses_as_expected(name: str) -> None:
    expected = {k: v for k, v in EXPECTED[name].items() if k != "covers"}
    actual = actual_fields(name)
    assert {k: actual[k] for k in expected} == expected, EXPECTED[name]["covers"]


def test_every_field_is_right_on_every_fixture() -> None:
    checked, wrong = field_mismatches()
    assert checked["reference"] == len(EXPECTED)
    assert wrong == {}
