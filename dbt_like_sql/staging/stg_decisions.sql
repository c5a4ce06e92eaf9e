-- Parsed decisions with warehouse names: renames and casts only.
select
    file_id,
    source as file_path,
    reference,
    chapter,
    organisation as organisation_name_raw,
    category_top as category_top_raw,
    category_sub as category_sub_raw,
    outcome as outcome_raw,
    -- the outcome read from the page's words where it has no Decision line (the line's is the lookup's)
    case when outcome_source = 'text' then outcome_canonical end as outcome_from_text,
    decision_date,
    complainant,
    summary,
    signed_by,
    document_type,
    warnings as parse_warnings,
    set_aside as values_set_aside,
    compliance_date,
    parser_version
from {{ source('parsed', 'decisions') }}
