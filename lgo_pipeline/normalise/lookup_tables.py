"""Category and outcome lookup tables: distinct raw values in staging to their canonical forms (polars).

They are small (one row per distinct spelling) and rebuilt in full every run, so an improved rule
applies to every decision without re-parsing.
"""

from __future__ import annotations

import polars as pl

from lgo_pipeline.normalise.categories import Category, canonical_category, slugify
from lgo_pipeline.normalise.outcomes import canonical_outcome, is_investigation

CATEGORY_SCHEMA = {
    "category_top_raw": pl.String, "category_sub_raw": pl.String, "category_id": pl.String,
    "category_top": pl.String, "category_sub": pl.String, "top_slug": pl.String, "sub_slug": pl.String,
    "is_known_top": pl.Boolean, "is_known_sub": pl.Boolean,
}
OUTCOME_SCHEMA = {
    "outcome_raw": pl.String, "outcome_canonical": pl.String, "is_investigation": pl.Boolean, "is_upheld": pl.Boolean,
}


def category_table(pairs: list[tuple[str | None, str | None]]) -> pl.DataFrame:
    """One row per `Top > Sub` as written. Spellings that share a category id (unknown labels differing only
    in punctuation, say) show the labels of the first of them, so the id names one category."""
    rows = []
    first_of_id: dict[str, Category] = {}
    for top_raw, sub_raw in sorted(set(pairs), key=lambda p: (p[0] or "", p[1] or "")):
        category = canonical_category(top_raw, sub_raw)
        if category.category_id:
            category = first_of_id.setdefault(category.category_id, category)
        rows.append({
            "category_top_raw": top_raw, "category_sub_raw": sub_raw, "category_id": category.category_id,
            "category_top": category.top, "category_sub": category.sub,
            "top_slug": slugify(category.top) if category.top else None,
            "sub_slug": slugify(category.sub) if category.sub else None,
            "is_known_top": category.is_known_top, "is_known_sub": category.is_known_sub,
        })
    return pl.DataFrame(rows, schema=CATEGORY_SCHEMA)


def outcome_table(outcomes: list[str | None]) -> pl.DataFrame:
    rows = []
    for raw in sorted(set(outcomes), key=lambda o: o or ""):
        canonical = canonical_outcome(raw)
        rows.append({"outcome_raw": raw, "outcome_canonical": canonical,
                     "is_investigation": is_investigation(canonical), "is_upheld": canonical == "upheld"})
    return pl.DataFrame(rows, schema=OUTCOME_SCHEMA)
