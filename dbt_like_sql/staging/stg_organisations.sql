-- Organisations the names resolve to, with the register's dates as dates: renames and casts only.
select
    organisation_id,
    organisation_name,
    organisation_type,
    peer_group,
    is_council,
    gss_code,
    register_code,
    current_organisation_id,
    successor_status,
    successor_organisation_ids,
    cast(end_date as date) as end_date,
    match_method
from {{ source('lookup', 'organisations') }}
