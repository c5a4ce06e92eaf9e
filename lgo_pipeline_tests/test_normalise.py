"""Outcome mapping, category taxonomy and rule-based organisation names."""

import pytest

from lgo_pipeline.normalise.categories import canonical_category, slugify, split_category
from lgo_pipeline.normalise.lookup_tables import organisation_table, outcome_table
from lgo_pipeline.normalise.organisations import canonical_organisation
from lgo_pipeline.normalise.outcomes import canonical_outcome


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


@pytest.mark.parametrize("names, organisation_type", [
    (["London Borough of Bexley", "Bexley London Borough Council"], "london_borough"),
    (["City of York Council", "York City Council"], "council_unclassified"),
    (["Brighton & Hove City Council", "Brighton and Hove City Council", "brighton and hove city council"],
     "council_unclassified"),
    (["Royal Borough of Greenwich", "Royal Borough of Greenwich Council"], "london_borough"),
    (["Sunrise Care Homes Ltd", "Sunrise Care Homes Limited"], "care_provider"),
])
def test_spellings_of_one_body_share_one_id(names: list[str], organisation_type: str) -> None:
    organisations = [canonical_organisation(name) for name in names]
    assert len({o.organisation_id for o in organisations}) == 1
    assert {o.organisation_type for o in organisations} == {organisation_type}


@pytest.mark.parametrize("name, organisation_type", [
    ("Staffordshire County Council", "county"), ("East Hampshire District Council", "district"),
    ("Wirral Metropolitan Borough Council", "metropolitan_borough"), ("Transport for London", "transport_body"),
    ("Hampshire and Isle of Wight Fire and Rescue Authority", "fire_and_rescue_authority"),
    ("Peak District National Park Authority", "national_park_authority"),
    ("West Yorkshire Combined Authority", "combined_authority"),
])
def test_organisation_types_from_names(name: str, organisation_type: str) -> None:
    assert canonical_organisation(name).organisation_type == organisation_type


def test_district_is_not_its_county() -> None:
    assert canonical_organisation("East Hampshire District Council").organisation_id != (
        canonical_organisation("Hampshire County Council").organisation_id)


def test_display_name_is_the_most_used_spelling() -> None:
    table = organisation_table({"London Borough of Bexley": 5, "Bexley London Borough Council": 2}).to_dicts()
    assert {row["organisation_name"] for row in table} == {"London Borough of Bexley"}
    assert {row["current_organisation_id"] for row in table} == {"bexley-london-borough-council"}
