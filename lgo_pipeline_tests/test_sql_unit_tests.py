"""The SQL models' logic on given rows, figures worked out by hand (the `unit_tests:` of dbt_like_sql's schema.yml)."""

import pytest

from lgo_pipeline.sql_models.project import load_project
from lgo_pipeline.sql_models.unit_tests import run_unit_test

PROJECT = load_project()


def test_the_marts_and_facts_have_unit_tests() -> None:
    assert {test.model for test in PROJECT.unit_tests} >= {
        "fct_decision", "outcome_rates_by_council", "council_funnel", "funnel_limits", "time_to_decision",
        "payments_by_category"}


@pytest.mark.parametrize("test", PROJECT.unit_tests, ids=lambda test: test.name)
def test_model_logic(test) -> None:
    assert run_unit_test(PROJECT, test) == [], test.description
