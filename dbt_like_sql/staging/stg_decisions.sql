-- Parsed decisions with warehouse names and exact money types: renames and casts only.
select
    file_id,
    reference,
    organisation as organisation_name_raw,
    category_top as category_top_raw,
    category_sub as category_sub_raw,
    outcome as outcome_raw,
    decision_date,
    complainant,
    summary,
    signed_by,
    document_type,
    cast(remedy_amounts_gbp as decimal(12, 2)[]) as remedy_amounts_gbp,
    warnings as parse_warnings,
    parser_version
from {{ source('staging', 'decisions') }}
