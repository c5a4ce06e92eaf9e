"""Organisation names by rule: one id for the spellings a council writes, and a type from the name.

This is the register-free first version: it folds case, punctuation, `&`/`and` and the word orders of
London boroughs, royal boroughs and cities. Matching against mySociety's register (GSS codes, successors,
council tiers) comes on top of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COUNCIL_TYPES = frozenset({
    "county", "district", "unitary", "metropolitan_borough", "london_borough", "city_corporation",
    "council_unclassified",
})

# (type, pattern on the lower-cased name); the first match wins.
_TYPE_RULES = (
    ("city_corporation", r"\bcity of london corporation\b|^city of london\b|\bcommon council of the city of london\b"),
    ("london_borough", r"\blondon borough\b|^royal borough of (?:greenwich|kensington and chelsea|kingston upon thames)\b"
                       r"|^(?:city of )?westminster city council$"),
    ("metropolitan_borough", r"\bmetropolitan borough\b|\bmetropolitan district\b"),
    ("county", r"\bcounty council\b"),
    ("district", r"\bdistrict council\b"),
    ("combined_authority", r"\bcombined authority\b|\bcombined county authority\b"),
    ("fire_and_rescue_authority", r"\bfire\b"),
    ("police_and_crime_commissioner", r"\bpolice\b"),
    ("national_park_authority", r"\bnational park\b|\bbroads authority\b"),
    ("transport_body", r"\btransport for london\b|\btransport\b"),
    ("greater_london_authority", r"\bgreater london authority\b"),
    ("school_appeal_panel", r"\b(?:admissions?|exclusions?) (?:appeal )?panel\b|\bappeal panel\b"),
    ("internal_drainage_board", r"\bdrainage board\b"),
    ("care_provider", r"\b(?:limited|ltd|llp|plc|cic|care|homes?|healthcare|nursing|living|lifestyles?)\b"),
    ("council_unclassified", r"\bcouncil\b|\bborough\b"),
)
_COMPILED_TYPES = tuple((name, re.compile(pattern)) for name, pattern in _TYPE_RULES)
_REORDER = (
    (re.compile(r"^(?:the )?london borough of (?P<x>.+)$"), "{x} london borough council"),
    (re.compile(r"^(?:the )?royal borough of (?P<x>.+?)(?: council)?$"), "{x} royal borough council"),
    (re.compile(r"^(?:the )?city of (?P<x>.+?) council$"), "{x} city council"),
    (re.compile(r"^(?:the )?council of the city of (?P<x>.+)$"), "{x} city council"),
)


@dataclass(frozen=True)
class Organisation:
    organisation_id: str
    organisation_name: str
    organisation_type: str


def tidy_name(name: str) -> str:
    """The name as written, with whitespace and quotes tidied: used as the display name."""
    return re.sub(r"\s+", " ", name.replace("\u2019", "'")).strip(" ,.-")


def name_key(name: str) -> str:
    """A spelling-insensitive key: lower case, `&` -> and, no punctuation, one word order."""
    key = tidy_name(name).lower().replace("&", " and ")
    key = re.sub(r"\b(ltd)\b\.?", "limited", key)
    key = re.sub(r"[^a-z0-9 ]+", " ", key.replace("'", ""))
    key = re.sub(r"\s+", " ", key).strip()
    key = re.sub(r"^the ", "", key)
    for pattern, template in _REORDER:
        match = pattern.match(key)
        if match:
            key = template.format(x=match["x"])
            break
    return key


def organisation_type(name: str) -> str:
    lowered = tidy_name(name).lower()
    for type_name, pattern in _COMPILED_TYPES:
        if pattern.search(lowered):
            return type_name
    return "other"


def canonical_organisation(name: str) -> Organisation:
    key = name_key(name)
    return Organisation(key.replace(" ", "-"), tidy_name(name), organisation_type(name))
