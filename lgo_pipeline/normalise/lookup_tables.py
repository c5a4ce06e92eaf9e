"""Lookup tables from the distinct raw values in staging to their canonical forms (polars frames).

They are small (one row per distinct spelling) and rebuilt in full every run, so an improved rule
applies to every decision without re-parsing.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from lgo_pipeline.normalise.categories import canonical_category, slugify
from lgo_pipeline.normalise.organisations import COUNCIL_TYPES, canonical_organisation
from lgo_pipeline.normalise.outcomes import canonical_outcome, is_investigation

ORGANISATION_SCHEMA = {
    "organisation_name_raw": pl.String, "organisation_id": pl.String, "organisation_name": pl.String,
    "organisation_type": pl.String, "is_council": pl.Boolean, "gss_code": pl.String, "register_code": pl.String,
    "current_organisation_id": pl.String, "match_method": pl.String, "match_score": pl.Float64,
}
CATEGORY_SCHEMA = {
    "category_top_raw": pl.String, "category_sub_raw": pl.String, "category_id": pl.String,
    "category_top": pl.String, "category_sub": pl.String, "top_slug": pl.String, "sub_slug": pl.String,
    "is_known_top": pl.Boolean,
}
OUTCOME_SCHEMA = {
    "outcome_raw": pl.String, "outcome_canonical": pl.String, "is_investigation": pl.Boolean, "is_upheld": pl.Boolean,
}


def organisation_table(name_counts: dict[str, int]) -> pl.DataFrame:
    """One row per spelling. Spellings sharing an id share one display name: the most used spelling."""
    matched = {name: canonical_organisation(name) for name in name_counts}
    usage: dict[str, Counter[str]] = {}
    for name, org in matched.items():
        usage.setdefault(org.organisation_id, Counter())[org.organisation_name] += name_counts[name]
    display = {oid: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for oid, c in usage.items()}
    rows = [
        {
            "organisation_name_raw": name, "organisation_id": org.organisation_id,
            "organisation_name": display[org.organisation_id], "organisation_type": org.organisation_type,
            "is_council": org.organisation_type in COUNCIL_TYPES, "gss_code": None, "register_code": None,
            "current_organisation_id": org.organisation_id, "match_method": "name_rule", "match_score": None,
        }
        for name, org in sorted(matched.items())
    ]
    return pl.DataFrame(rows, schema=ORGANISATION_SCHEMA)


def category_table(pairs: list[tuple[str | None, str | None]]) -> pl.DataFrame:
    rows = []
    for top_raw, sub_raw in sorted(set(pairs), key=lambda p: (p[0] or "", p[1] or "")):
        category = canonical_category(top_raw, sub_raw)
        rows.append({
            "category_top_raw": top_raw, "category_sub_raw": sub_raw, "category_id": category.category_id,
            "category_top": category.top, "category_sub": category.sub,
            "top_slug": slugify(category.top) if category.top else None,
            "sub_slug": slugify(category.sub) if category.sub else None,
            "is_known_top": category.is_known_top,
        })
    return pl.DataFrame(rows, schema=CATEGORY_SCHEMA)


def outcome_table(outcomes: list[str | None]) -> pl.DataFrame:
    rows = []
    for raw in sorted(set(outcomes), key=lambda o: o or ""):
        canonical = canonical_outcome(raw)
        rows.append({"outcome_raw": raw, "outcome_canonical": canonical,
                     "is_investigation": is_investigation(canonical), "is_upheld": canonical == "upheld"})
    return pl.DataFrame(rows, schema=OUTCOME_SCHEMA)
