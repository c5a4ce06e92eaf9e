"""Organisations by name rule: an id for the spellings of one body, and a type from the name.

This is what every name gets without the register, and what bodies the register does not list (care
providers, fire and police bodies, national parks, appeal panels, transport bodies) always get.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lgo_pipeline.normalise.names import name_key, tidy_name

COUNCIL_TYPES = frozenset({
    "county", "district", "unitary", "metropolitan_borough", "london_borough", "city_corporation",
    "council_unclassified",
})
# The peer groups of the Ombudsman's council comparisons (peer_uphold_rate).
PEER_GROUPS = frozenset({"county", "district", "unitary", "metropolitan_borough", "london_borough"})
# Bodies in jurisdiction that are not in the local-authority register: never matched against it.
NON_REGISTER_TYPES = frozenset({
    "fire_and_rescue_authority", "police_and_crime_commissioner", "national_park_authority",
    "school_admission_appeal_panel", "school_exclusion_appeal_panel", "transport_body", "internal_drainage_board",
    "care_provider", "parish_or_town_council", "school",
})

# (type, pattern on the lower-cased name); the first match wins.
_TYPE_RULES = (
    ("school_exclusion_appeal_panel", r"\bexclusions? (?:appeal |review )?panel\b"),
    ("school_admission_appeal_panel", r"\b(?:admissions? )?appeals? panel\b"),
    # Schools acting as their own admission authority (academies, voluntary-aided and foundation schools).
    ("school", r"\b(?:school|academy|college)\b"),
    ("fire_and_rescue_authority", r"\bfire\b"),
    ("police_and_crime_commissioner", r"\bpolice\b"),
    ("national_park_authority", r"\bnational park\b|\bbroads authority\b"),
    ("internal_drainage_board", r"\bdrainage board\b"),
    ("care_provider", r"\b(?:limited|ltd|llp|plc|cic|care|homes?|healthcare|nursing|living|lifestyles?)\b"),
    ("parish_or_town_council", r"\b(?:parish|town) council\b"),
    ("city_corporation", r"\bcity of london corporation\b|^city of london\b|\bcommon council of the city of london\b"),
    ("london_borough", r"\blondon borough\b|^royal borough of (?:greenwich|kensington and chelsea|kingston upon thames)\b"
                       r"|^(?:city of )?westminster city council$"),
    ("metropolitan_borough", r"\bmetropolitan borough\b|\bmetropolitan district\b"),
    ("county", r"\bcounty council\b"),
    ("district", r"\bdistrict council\b"),
    ("combined_authority", r"\bcombined (?:county )?authority\b"),
    ("transport_body", r"\btransport for london\b|\btransport\b"),
    ("greater_london_authority", r"\bgreater london authority\b"),
    ("council_unclassified", r"\bcouncil\b|\bborough\b"),
)
_COMPILED_TYPES = tuple((name, re.compile(pattern)) for name, pattern in _TYPE_RULES)


@dataclass(frozen=True)
class Organisation:
    organisation_id: str
    organisation_name: str
    organisation_type: str


def organisation_type(name: str, admissions_only: bool = False) -> str:
    """The type the name says; a body the name does not place whose every decision is about school
    admissions is a school acting as its admission authority (`JCOSS`)."""
    lowered = tidy_name(name).lower()
    for type_name, pattern in _COMPILED_TYPES:
        if pattern.search(lowered):
            return type_name
    return "school" if admissions_only else "other"


def is_council_like(name: str) -> bool:
    """Whether the name reads as a local authority, so that failing to find it in the register is an error."""
    kind = organisation_type(name)
    return kind in COUNCIL_TYPES or kind in {"combined_authority", "greater_london_authority"}


def canonical_organisation(name: str, admissions_only: bool = False) -> Organisation:
    key = name_key(name)
    return Organisation(key.replace(" ", "-"), tidy_name(name), organisation_type(name, admissions_only))
