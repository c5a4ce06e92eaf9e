"""Each of the five real seed decisions parses to exactly the values a reader finds on the page."""

import datetime as dt

import pytest

from lgo_pipeline.parsing.documents import parse_path
from lgo_pipeline_tests.conftest import SEED

EXPECTED_HEADERS = {
    "central_bedfordshire": ("20 012 679", "Central Bedfordshire Council", "Children's care services", "Child protection",
                             "Not upheld", "not_upheld", dt.date(2021, 8, 27), "Miss C"),
    "staffordshire": ("20 003 792", "Staffordshire County Council", "Children's care services", "Other",
                      "Upheld", "upheld", dt.date(2021, 1, 21), "Mr B"),
    "buckinghamshire": ("20 004 920", "Buckinghamshire Council", "Children's care services", "Child protection",
                        "Upheld", "upheld", dt.date(2021, 2, 11), "Mr B"),
    "bexley": ("24 005 987", "London Borough of Bexley", "Children's care services", "Fostering",
               "Closed after initial enquiries", "closed_after_initial_enquiries", dt.date(2024, 9, 23), "Miss X"),
    "worcestershire": ("21 018 159", "Worcestershire County Council", "Children's care services", "Child protection",
                       "Closed after initial enquiries", "closed_after_initial_enquiries", dt.date(2022, 4, 6), "Mr X"),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED_HEADERS))
def test_seed_header_fields(seed: str) -> None:
    record = parse_path(SEED[seed])
    reference, organisation, top, sub, outcome, canonical, decided, complainant = EXPECTED_HEADERS[seed]
    assert record.ok and record.error is None
    assert record.reference == reference
    assert record.organisation == organisation
    assert (record.category, record.category_top, record.category_sub) == (f"{top} > {sub}", top, sub)
    assert (record.outcome, record.outcome_canonical) == (outcome, canonical)
    assert record.decision_date == decided
    assert record.complainant == complainant
    assert record.warnings == []


def test_seed_summaries_are_the_summary_paragraph() -> None:
    summary = parse_path(SEED["central_bedfordshire"]).summary
    assert summary.startswith("We discontinued our investigation.")
    assert summary.endswith("Further investigation is unlikely to achieve a different outcome.")
    assert parse_path(SEED["worcestershire"]).summary == (
        "We will not investigate Mr X's complaint about children service's actions, as it is unlikely we would find fault.")


def test_staffordshire_remedies() -> None:
    record = parse_path(SEED["staffordshire"])
    assert record.remedy_amounts_gbp == [100.0]
    payment, investigation, reminder = record.remedies
    assert (payment.kind, payment.amount_gbp, payment.recipient, payment.purpose, payment.due_within_days) == (
        "payment", 100.0, "Mr B", "time_and_trouble", 30)
    assert (investigation.kind, investigation.amount_gbp, investigation.due_within_days) == ("other", None, 30)
    assert investigation.text.startswith("Appoint an Investigating Officer and Independent Person")
    assert (reminder.kind, reminder.due_within_days) == ("staff_training", 60)
    assert "The process of escalating a complaint" in reminder.text  # the reminder's content stays with it


def test_buckinghamshire_remedies() -> None:
    record = parse_path(SEED["buckinghamshire"])
    assert record.remedy_amounts_gbp == [400.0]
    assert [(r.kind, r.amount_gbp, r.recipient, r.purpose, r.due_within_days) for r in record.remedies] == [
        ("payment", 400.0, "Mr B", "distress", 30),
        ("other", None, None, None, 30),
        ("staff_training", None, None, None, 60),
    ]


@pytest.mark.parametrize("seed", ["central_bedfordshire", "bexley", "worcestershire"])
def test_seeds_without_agreed_action_have_no_remedies(seed: str) -> None:
    """Bexley's page lists recommendations of the council's own complaint process: not Ombudsman remedies."""
    record = parse_path(SEED[seed])
    assert record.remedies == [] and record.remedy_amounts_gbp == []
