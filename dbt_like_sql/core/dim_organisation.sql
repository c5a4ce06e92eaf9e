-- One row per organisation, with every spelling that resolved to it.
select
    organisation_id,
    organisation_name,
    organisation_type,
    is_council,
    gss_code,
    register_code,
    current_organisation_id,
    min(match_method) as match_method,
    list(organisation_name_raw order by organisation_name_raw) as name_variants
from {{ source('staging', 'organisation_names') }}
group by all
order by organisation_id
