-- Who each organisation is, for its page: its decisions, the years they span, and the councils it
-- replaced or that replaced it (a council abolished in 2023 names the one that took over, and back).
with spans as (
    select
        organisation_id,
        count(*) as decisions,
        min(financial_year) as first_financial_year,
        max(financial_year) as last_financial_year
    from {{ ref('fct_decision') }}
    where organisation_id is not null
    group by organisation_id
),

successions as (
    select o.organisation_id as predecessor_id, unnest(o.successor_organisation_ids) as successor_id
    from {{ ref('dim_organisation') }} as o
),

predecessors as (
    select
        s.successor_id as organisation_id,
        list(s.predecessor_id order by s.predecessor_id) as predecessor_organisation_ids,
        list(p.organisation_name order by s.predecessor_id) as predecessor_names
    from successions as s
    join {{ ref('dim_organisation') }} as p on p.organisation_id = s.predecessor_id
    group by s.successor_id
),

successors as (
    select
        s.predecessor_id as organisation_id,
        list(n.organisation_name order by s.successor_id) as successor_names
    from successions as s
    join {{ ref('dim_organisation') }} as n on n.organisation_id = s.successor_id
    group by s.predecessor_id
)

select
    o.organisation_id,
    o.organisation_name,
    o.organisation_type,
    o.peer_group,
    o.is_council,
    o.gss_code,
    coalesce(d.decisions, 0) as decisions,
    d.first_financial_year,
    d.last_financial_year,
    o.end_date,
    o.current_organisation_id,
    o.current_organisation_name,
    o.successor_organisation_ids,
    coalesce(n.successor_names, []) as successor_names,
    coalesce(p.predecessor_organisation_ids, []) as predecessor_organisation_ids,
    coalesce(p.predecessor_names, []) as predecessor_names
from {{ ref('dim_organisation') }} as o
left join spans as d using (organisation_id)
left join predecessors as p using (organisation_id)
left join successors as n using (organisation_id)
-- an organisation with decisions, or in the line of succession of one
where d.decisions is not null
    or o.organisation_id in (select predecessor_id from successions where successor_id in (select organisation_id from spans))
    or o.organisation_id in (select successor_id from successions where predecessor_id in (select organisation_id from spans))
order by o.organisation_id
