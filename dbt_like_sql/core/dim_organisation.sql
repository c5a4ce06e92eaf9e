-- One row per organisation: register authorities (with successors that have no decisions of their own)
-- and bodies named by rule, with every spelling that resolved to it.
with spellings as (
    select
        organisation_id,
        list(organisation_name_raw order by organisation_name_raw) as name_variants,
        sum(decisions) as decisions
    from {{ ref('stg_organisation_names') }}
    group by organisation_id
)

select
    o.organisation_id,
    o.organisation_name,
    o.organisation_type,
    o.peer_group,
    o.is_council,
    o.gss_code,
    o.register_code,
    o.current_organisation_id,
    c.organisation_name as current_organisation_name,
    o.successor_status,
    o.successor_organisation_ids,
    o.end_date,
    o.match_method,
    coalesce(s.name_variants, []) as name_variants,
    coalesce(s.decisions, 0) as decisions
from {{ ref('stg_organisations') }} as o
left join {{ ref('stg_organisations') }} as c on c.organisation_id = o.current_organisation_id
left join spellings as s on s.organisation_id = o.organisation_id
order by o.organisation_id
