"""Outcome mapping and the category taxonomy (organisations: test_organisations.py)."""

import polars as pl
import pytest

from lgo_pipeline.normalise.categories import Category, canonical_category, slugify, split_category
from lgo_pipeline.normalise.lookup_tables import category_table, outcome_table
from lgo_pipeline.normalise.outcomes import CANONICAL_OUTCOMES, canonical_outcome
from lgo_pipeline.sql_models.project import load_project


@pytest.mark.parametrize("raw, canonical", [
    ("Upheld", "upheld"), ("Upheld: maladministration and injustice", "upheld"),
    ("Maladministration and injustice", "upheld"), ("Not upheld", "not_upheld"),
    ("Not upheld: no maladministration", "not_upheld"), ("No fault", "not_upheld"),
    ("Closed after initial enquiries", "closed_after_initial_enquiries"),
    ("Closed after initial enquiries - No further action", "closed_after_initial_enquiries"),
    ("Closed after initial enquiries - out of jurisdiction", "closed_after_initial_enquiries"),
    ("Assessed and closed", "closed_after_initial_enquiries"), ("Premature", "referred_back"),
    ("Referred back for local resolution", "referred_back"), ("Not for us", "referred_back"),
    ("Investigation discontinued", "discontinued"), ("Withdrawn", "withdrawn"), ("Advice given", "advice_given"),
    ("Invalid or incomplete", "invalid"), (None, "unknown"), ("Something new", "unknown"),
])
def test_outcome_wordings_map_to_the_canonical_set(raw: str | None, canonical: str) -> None:
    assert canonical_outcome(raw) == canonical


def test_the_warehouse_accepts_exactly_the_canonical_outcomes() -> None:
    """The mapping's names are the values core.fct_decision's data test accepts: a new rule cannot be refused
    by the warehouse, nor a value accepted that no rule gives."""
    model = load_project().models["fct_decision"]
    [accepted] = [t.config["values"] for t in model.tests if t.kind == "accepted_values" and t.column == "outcome_canonical"]
    assert sorted(accepted) == sorted(CANONICAL_OUTCOMES)


def test_outcome_table_marks_investigations_and_upholds() -> None:
    table = {row["outcome_raw"]: row for row in outcome_table(["Upheld", "Not upheld", "Closed after initial enquiries", None]).to_dicts()}
    assert (table["Upheld"]["is_investigation"], table["Upheld"]["is_upheld"]) == (True, True)
    assert (table["Not upheld"]["is_investigation"], table["Not upheld"]["is_upheld"]) == (True, False)
    assert table["Closed after initial enquiries"]["is_investigation"] is False
    assert table[None]["outcome_canonical"] == "unknown"


@pytest.mark.parametrize("raw, top", [
    ("Planning and development", "Planning"), ("Highways and transport", "Transport and highways"),
    ("Environmental services, public protection and regulation", "Environment and regulation"),
    ("Corporate and other services", "Other Categories"), ("Other Categories", "Other Categories"),
    ("Children's care services", "Children's care services"),
])
def test_older_top_categories_map_to_current_labels(raw: str, top: str) -> None:
    category = canonical_category(raw, "Other")
    assert (category.top, category.is_known_top) == (top, True)


def test_category_split_and_slugs() -> None:
    assert split_category("Children's care services >  Child protection") == ("Children's care services", "Child protection")
    assert split_category("Education") == ("Education", None)
    assert canonical_category("Children's care services", "Child protection").category_id == (
        "children-s-care-services/child-protection")
    assert slugify("Transport and highways") == "transport-and-highways"
    assert canonical_category("Made up top", "X").is_known_top is False


@pytest.mark.parametrize("top, sub, expected_sub", [
    ("Highways and transport", "parking and other penalties", "Parking and other penalties"),
    ("Planning and development", "Enforcement", "Enforcement"),
    ("Environmental services, public protection and regulation", "Refuse and recycling", "Refuse and recycling"),
    ("Benefits and tax", "Council tax", "Council tax"),
])
def test_known_sub_categories_take_the_taxonomy_label(top: str, sub: str, expected_sub: str) -> None:
    category = canonical_category(top, sub)
    assert (category.sub, category.is_known_sub) == (expected_sub, True)


def test_labels_are_matched_by_their_slug() -> None:
    """Stray punctuation, case and accents do not make a category of their own; symbols alone are no label."""
    assert canonical_category("Housing.", "allocations!") == Category("Housing", "Allocations", True, True)
    assert canonical_category("Éducation", "Other").category_id == "education/other"
    assert canonical_category("£££", "***") == Category(None, None, False)
    assert canonical_category("Housing", "***").category_id == "housing/unspecified"


def test_spellings_sharing_a_category_id_show_one_label() -> None:
    table = category_table([("Made-up top!", "X"), ("Made up top", "X"), ("Housing", "Allocations")])
    made_up = table.filter(pl.col("category_id") == "made-up-top/x")
    assert made_up["category_top"].to_list() == ["Made up top", "Made up top"]
    assert table["category_id"].n_unique() == 2


def test_a_sub_category_under_the_wrong_top_is_unknown() -> None:
    assert canonical_category("Planning", "Child protection").is_known_sub is False
    assert canonical_category("Housing", "Homelessness").category_id == "housing/homelessness"
