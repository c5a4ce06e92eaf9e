"""The organisation tables of staging: every name as written, and every organisation they resolve to.

- names (`lookup.organisation_names`): one row per spelling, with how it was resolved and, for a
  council the register did not find, the best candidate and its score for review;
- organisations (`lookup.organisations`): one row per organisation: register authorities (with their
  GSS code, type and successor, plus every successor on the way even when it has no decisions) and
  bodies named by rule (care providers, fire authorities, ...).
Without a register (offline, no cached copy) every name is resolved by rule and nothing is unresolved.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from lgo_pipeline.normalise.matching import OrganisationMatcher
from lgo_pipeline.normalise.names import name_key
from lgo_pipeline.normalise.organisations import (
    COUNCIL_TYPES, NON_REGISTER_TYPES, PEER_GROUPS, canonical_organisation, is_council_like, organisation_type,
)
from lgo_pipeline.normalise.register import RegisterEntry
from lgo_pipeline.normalise.successors import succession

NAME_SCHEMA = {
    "organisation_name_raw": pl.String, "decisions": pl.Int64, "organisation_id": pl.String,
    "match_method": pl.String, "match_score": pl.Float64, "best_candidate_code": pl.String,
    "best_candidate_name": pl.String, "is_council_like": pl.Boolean,
}
ORGANISATION_SCHEMA = {
    "organisation_id": pl.String, "organisation_name": pl.String, "organisation_type": pl.String,
    "peer_group": pl.String, "is_council": pl.Boolean, "gss_code": pl.String, "register_code": pl.String,
    "current_organisation_id": pl.String, "successor_status": pl.String,
    "successor_organisation_ids": pl.List(pl.String), "end_date": pl.String, "match_method": pl.String,
}
# The strongest way any spelling found the organisation names its match_method.
_METHOD_STRENGTH = ("register_exact", "register_key", "register_fuzzy", "name_rule", "unresolved")
_COUNCIL_REGISTER_TYPES = COUNCIL_TYPES - {"council_unclassified"}


def _name_row(name: str, decisions: int, organisation_id: str, method: str, score: float | None = None,
              candidate: tuple[str | None, str | None] = (None, None)) -> dict:
    return {"organisation_name_raw": name, "decisions": decisions, "organisation_id": organisation_id,
            "match_method": method, "match_score": score, "best_candidate_code": candidate[0],
            "best_candidate_name": candidate[1], "is_council_like": is_council_like(name)}


def _register_row(entry: RegisterEntry, entries: dict[str, RegisterEntry], method: str) -> dict:
    lineage = succession(entry.register_code, entries)
    return {
        "organisation_id": entry.register_code, "organisation_name": entry.official_name,
        "organisation_type": entry.organisation_type,
        "peer_group": entry.organisation_type if entry.organisation_type in PEER_GROUPS else None,
        "is_council": entry.organisation_type in _COUNCIL_REGISTER_TYPES, "gss_code": entry.gss_code,
        "register_code": entry.register_code, "current_organisation_id": lineage.current_code,
        "successor_status": lineage.status, "successor_organisation_ids": list(lineage.successor_codes),
        "end_date": entry.end_date, "match_method": method,
    }


def _rule_row(organisation_id: str, name: str, kind: str, method: str) -> dict:
    return {
        "organisation_id": organisation_id, "organisation_name": name, "organisation_type": kind,
        "peer_group": kind if kind in PEER_GROUPS else None, "is_council": kind in COUNCIL_TYPES, "gss_code": None,
        "register_code": None, "current_organisation_id": organisation_id, "successor_status": "not_in_register",
        "successor_organisation_ids": [], "end_date": None, "match_method": method,
    }


def _strongest(methods: list[str]) -> str:
    return min(methods, key=_METHOD_STRENGTH.index)


def organisation_tables(name_counts: dict[str, int], register: list[RegisterEntry] | None,
                        admissions_only: frozenset[str] = frozenset()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(names, organisations) for the spellings in `name_counts` (name -> decisions); `admissions_only` are
    the names whose every decision is about school admissions."""
    matcher = OrganisationMatcher(register) if register else None
    entries = {entry.register_code: entry for entry in register or []}
    name_rows, methods_by_id = [], {}
    rule_spellings: dict[str, Counter[str]] = {}
    rule_types: dict[str, str] = {}
    for name in sorted(name_counts):
        if not name_key(name):  # no letter or digit (`***`): no organisation, rather than one for all such names
            continue
        kind = organisation_type(name)
        match = matcher.match(name) if matcher else None
        if match and match.register_code and (kind not in NON_REGISTER_TYPES or match.method == "register_exact"):
            name_rows.append(_name_row(name, name_counts[name], match.register_code, match.method, match.score,
                                       (match.candidate_code, match.candidate_name)))
        else:
            rule = canonical_organisation(name, name in admissions_only)
            unresolved = matcher is not None and is_council_like(name)
            candidate = (match.candidate_code, match.candidate_name) if unresolved and match else (None, None)
            name_rows.append(_name_row(name, name_counts[name], rule.organisation_id,
                                       "unresolved" if unresolved else "name_rule",
                                       match.score if unresolved and match else None, candidate))
            rule_spellings.setdefault(rule.organisation_id, Counter())[rule.organisation_name] += name_counts[name]
            rule_types.setdefault(rule.organisation_id, rule.organisation_type)
        methods_by_id.setdefault(name_rows[-1]["organisation_id"], []).append(name_rows[-1]["match_method"])

    organisation_rows = {}
    for organisation_id, spellings in rule_spellings.items():
        display = min(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0]  # the most used spelling
        organisation_rows[organisation_id] = _rule_row(
            organisation_id, display, rule_types[organisation_id], _strongest(methods_by_id[organisation_id]))
    matched_codes = [oid for oid in methods_by_id if oid in entries]
    for code in matched_codes:
        for related in succession(code, entries).lineage:
            method = _strongest(methods_by_id[related]) if related in methods_by_id else "register_successor"
            organisation_rows[related] = _register_row(entries[related], entries, method)
    return (pl.DataFrame(name_rows, schema=NAME_SCHEMA),
            pl.DataFrame(sorted(organisation_rows.values(), key=lambda r: r["organisation_id"]),
                         schema=ORGANISATION_SCHEMA))
