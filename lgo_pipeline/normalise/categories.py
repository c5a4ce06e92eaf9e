"""The Ombudsman's category taxonomy: split `Top > Sub`, map older labels to the current page labels.

The decision pages are relabelled retroactively to the current taxonomy, but annual reviews, council
spreadsheets and older scrapes use earlier top labels (`Planning and development`, `Highways and
transport`, ...): those are aliases. A label outside the taxonomy is kept as written and flagged, so a
WARN check can list it instead of it silently forming a category of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lgo_pipeline.normalise.names import ascii_folded

# Current top categories and the sub-categories the decision pages use under each.
TAXONOMY: dict[str, tuple[str, ...]] = {
    "Adult care services": (
        "Assessment and care plan", "Charging", "Direct payments", "Disabled facilities grants", "Domiciliary care",
        "Residential care", "Safeguarding", "Transport", "COVID-19", "Other",
    ),
    "Benefits and tax": (
        "Business rates", "Council tax", "Council tax support", "COVID-19", "Housing benefit and council tax benefit",
        "Other",
    ),
    "Children's care services": (
        "Adoption", "Child protection", "Disabled children", "Fostering", "Friends and family carers",
        "Looked after children", "Special guardianship", "Other",
    ),
    "Education": (
        "Alternative provision", "Elective home education", "School admissions", "School exclusions",
        "School transport", "Special educational needs", "Other",
    ),
    "Environment and regulation": (
        "Antisocial behaviour", "Cemeteries and crematoria", "Drainage", "Licensing", "Noise", "Pest control",
        "Pollution", "Refuse and recycling", "Street cleaning", "Trees", "Other",
    ),
    "Housing": (
        "Allocations", "Council house sales and leaseholders", "Disabled facilities grants", "Homelessness",
        "Private housing", "Other",
    ),
    "Other Categories": (
        "Commercial and contracts", "Councillor conduct and standards", "COVID-19", "Elections and electoral register",
        "Land", "Leisure and culture", "Other",
    ),
    "Planning": ("Building control", "Enforcement", "Planning applications", "Other"),
    "Transport and highways": (
        "Highway repair and maintenance", "Parking and other penalties", "Public transport", "Street lighting",
        "Traffic management", "Other",
    ),
}
CURRENT_TOP_CATEGORIES = tuple(TAXONOMY)
_TOP_ALIASES = {
    "planning and development": "Planning",
    "highways and transport": "Transport and highways",
    "environmental services, public protection and regulation": "Environment and regulation",
    "environmental services and public protection and regulation": "Environment and regulation",
    "corporate and other services": "Other Categories",
    "other categories": "Other Categories",
    "other": "Other Categories",
    "adult social care": "Adult care services",
    "children's services": "Children's care services",
    "education and children's services": "Education",
}


@dataclass(frozen=True)
class Category:
    top: str | None
    sub: str | None
    is_known_top: bool
    is_known_sub: bool = False

    @property
    def category_id(self) -> str | None:
        return f"{slugify(self.top)}/{slugify(self.sub or 'unspecified')}" if self.top else None


def slugify(label: str) -> str:
    """The Ombudsman's URL slug: `Children's care services` -> `children-s-care-services` (accents dropped)."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_folded(label).lower()).strip("-")


def split_category(raw: str | None) -> tuple[str | None, str | None]:
    """`Top > Sub` as written, each part trimmed; a label without `>` is a top category alone."""
    if not raw:
        return None, None
    top, _, sub = (part.strip() for part in raw.partition(">"))
    return (re.sub(r"\s+", " ", top) or None), (re.sub(r"\s+", " ", sub) or None)


# Labels are matched by their slug, as the Ombudsman's URLs identify categories: case, spacing, apostrophes
# and stray punctuation (`Housing.`, `children’s services`) do not make a category of their own, and two
# labels with one slug are one category (its id is the slug).
_TOP_BY_SLUG = {slugify(top): top for top in CURRENT_TOP_CATEGORIES} | {
    slugify(alias): top for alias, top in _TOP_ALIASES.items()}
_SUBS_BY_SLUG = {top: {slugify(sub): sub for sub in subs} for top, subs in TAXONOMY.items()}


def canonical_category(top_raw: str | None, sub_raw: str | None) -> Category:
    """The current labels for a page's `Top > Sub`; a sub-category is known when the top lists it. A label
    without a letter or digit (`***`) is no label."""
    sub_slug = slugify(sub_raw) if sub_raw else ""
    sub_raw = sub_raw if sub_slug else None
    top_slug = slugify(top_raw) if top_raw else ""
    if not top_slug:
        return Category(None, sub_raw, False)
    top = _TOP_BY_SLUG.get(top_slug)
    known_sub = _SUBS_BY_SLUG.get(top, {}).get(sub_slug) if top else None
    sub = known_sub or (sub_raw[:1].upper() + sub_raw[1:] if sub_raw else None)
    return Category(top or top_raw, sub, top is not None, known_sub is not None)
