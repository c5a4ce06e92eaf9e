-- Uphold rates per organisation and financial year, the Ombudsman's way: upheld over detailed
-- investigations (upheld + not upheld) only, with a 95% Wilson interval and national and peer rates.
-- Each organisation is counted as named; current_organisation_id lets a reader roll predecessors up.
with counts as (
    select
        o.organisation_id,
        d.organisation_name,
        d.organisation_type,
        d.peer_group,
        d.gss_code,
        d.current_organisation_id,
        d.current_organisation_name,
        d.is_council,
        o.period as financial_year,
        o.decisions,
        o.investigations,
        o.upheld,
        o.not_upheld,
        o.closed_after_initial_enquiries,
        o.other_outcomes,
        o.no_outcome_stated
    from {{ ref('organisation_outcomes') }} as o
    join {{ ref('dim_organisation') }} as d using (organisation_id)
    where o.category_top = all_categories() and o.period <> all_years()
),

-- Peers are councils of the same peer group (county, district, unitary, metropolitan borough, London
-- borough) in the same year.
peers as (
    select financial_year, peer_group, sum(upheld) / nullif(sum(investigations), 0) as peer_uphold_rate
    from counts
    where peer_group is not null
    group by financial_year, peer_group
)

select
    c.organisation_id,
    c.organisation_name,
    c.organisation_type,
    c.peer_group,
    c.is_council,
    c.gss_code,
    c.current_organisation_id,
    c.current_organisation_name,
    c.financial_year,
    c.decisions,
    c.investigations,
    c.upheld,
    c.not_upheld,
    c.closed_after_initial_enquiries,
    c.other_outcomes,
    c.no_outcome_stated,
    c.upheld / nullif(c.investigations, 0) as uphold_rate,
    wilson_bound(c.upheld, c.investigations, z_95(), -1) as uphold_rate_low,
    wilson_bound(c.upheld, c.investigations, z_95(), 1) as uphold_rate_high,
    n.national_uphold_rate,
    p.peer_uphold_rate
from counts as c
left join {{ ref('national_uphold_rates') }} as n on n.period = c.financial_year
left join peers as p using (financial_year, peer_group)
order by c.financial_year, c.organisation_id
