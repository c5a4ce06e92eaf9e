from pathlib import Path

import dagster as dg
import polars as pl

from lgo_pipeline.defs.metadata import summary_metadata, table_metadata
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, OrganisationRegister, WarehouseWriter
from lgo_pipeline.lookup.as_written import category_pairs, organisation_names, outcomes
from lgo_pipeline.lookup.register_table import REGISTER_TABLE, refresh_register, stored_register
from lgo_pipeline.normalise.lookup_tables import category_table, outcome_table
from lgo_pipeline.normalise.organisation_tables import organisation_tables
from lgo_pipeline.normalise.register_source import locate_register
from lgo_pipeline.warehouse.frames import replace_table
from lgo_pipeline.warehouse.tables import ensure_tables

_KINDS = {"python", "duckdb", "polars"}
_ORGANISATION_TABLES = {"organisation_names": "lookup.organisation_names", "organisations": "lookup.organisations"}
_ORGANISATION_DESCRIPTIONS = {
    "organisation_names": "Each organisation name as written (lookup.organisation_names): the organisation it "
                          "resolved to, how (register_exact/key/fuzzy, name_rule, unresolved), the score, and for "
                          "an unresolved council the best register candidate.",
    "organisations": "Every organisation the names resolve to (lookup.organisations): register authorities with "
                     "GSS code, type, peer group and successor (successors included even without decisions), and "
                     "bodies named by rule (care providers, fire and police bodies, ...).",
}


def _materialize(con, relation: str, frame: pl.DataFrame) -> dg.MaterializeResult:
    replace_table(con, relation, frame)
    return dg.MaterializeResult(metadata=table_metadata(con, relation))


@dg.asset(group_name="normalise", kinds=_KINDS, pool=WAREHOUSE_POOL)
def organisation_register(context: dg.AssetExecutionContext, warehouse: WarehouseWriter,
                          org_register: OrganisationRegister) -> dg.MaterializeResult:
    """mySociety's register of English local authorities (names, GSS codes, types, successors), from
    LGO_ORG_REGISTER or the published CSV downloaded once into the cache; kept from the last run when unreachable."""
    location = locate_register(org_register.source, Path(org_register.cache_dir))
    with warehouse.connection() as con:
        ensure_tables(con)
        load = refresh_register(con, location)
        if not load.available:
            context.log.warning(f"no organisation register: {load.detail}; names are resolved by rule")
        return dg.MaterializeResult(metadata={
            **table_metadata(con, REGISTER_TABLE), "origin": load.origin, "status": load.status,
            "detail": load.detail, "entries": load.entries, **summary_metadata(register=load.summary_line),
        })


@dg.multi_asset(
    name="resolved_organisations",
    specs=[dg.AssetSpec(key, deps=["decisions", "decision_cards", "organisation_register"],
                        description=_ORGANISATION_DESCRIPTIONS[key],
                        group_name="normalise", kinds=_KINDS) for key in _ORGANISATION_TABLES],
    pool=WAREHOUSE_POOL,
)
def resolved_organisations(warehouse: WarehouseWriter):
    """Match every organisation name as written against the stored register, then by rule."""
    with warehouse.connection() as con:
        counts = organisation_names(con)
        names, organisations = organisation_tables(
            dict(zip(counts["organisation"], counts["n"])), stored_register(con) or None,
            frozenset(counts.filter(pl.col("admissions_only"))["organisation"]))
        methods = dict(names.group_by("match_method").len().sort("match_method").iter_rows())
        for key, frame in (("organisation_names", names), ("organisations", organisations)):
            replace_table(con, _ORGANISATION_TABLES[key], frame)
            yield dg.MaterializeResult(asset_key=key, metadata={
                **table_metadata(con, _ORGANISATION_TABLES[key]), "names_by_match_method": dg.MetadataValue.json(methods),
            })


@dg.asset(group_name="normalise", kinds=_KINDS, deps=["decisions", "decision_cards"], pool=WAREHOUSE_POOL)
def category_labels(warehouse: WarehouseWriter) -> dg.MaterializeResult:
    """Each category label as written (Top > Sub; on a search result card, the URL's category slug and the
    card's sub-category), mapped to the current taxonomy with its URL slugs."""
    with warehouse.connection() as con:
        return _materialize(con, "lookup.category_labels", category_table(category_pairs(con)))


@dg.asset(group_name="normalise", kinds=_KINDS, deps=["decisions", "decision_cards"], pool=WAREHOUSE_POOL)
def outcome_labels(warehouse: WarehouseWriter) -> dg.MaterializeResult:
    """Each Decision line (or search result card's outcome) as written, mapped to the canonical outcomes."""
    with warehouse.connection() as con:
        return _materialize(con, "lookup.outcome_labels", outcome_table(outcomes(con)))
