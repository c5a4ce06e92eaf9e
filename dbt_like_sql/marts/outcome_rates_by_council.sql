-- Uphold rates per organisation and financial year, the Ombudsman's way: upheld over detailed
-- investigations (upheld + not upheld) only, with a 95% Wilson interval and national and peer rates.
-- Each organisation is counted as named; current_organisation_id lets a reader roll predecessors up.
with decisions as (
    select
        d.organisation_id,
        o.organisation_name,
        o.organisation_type,
        o.peer_group,
        o.gss_code,
        o.current_organisation_id,
        o.current_organisation_name,
        o.is_council,
        d.financial_year,
        d.outcome_canonical,
        d.is_investigation,
        d.is_upheld
    from {{ ref('fct_decision') }} as d
    join {{ ref('dim_organisation') }} as o using (organisation_id)
    where d.financial_year is not null
),

counts as (
    select
        organisation_id,
        organisation_name,
        organisation_type,
        peer_group,
        gss_code,
        current_organisation_id,
        current_organisation_name,
        is_council,
        financial_year,
        count(*) as decisions,
        count(*) filter (where is_investigation) as investigations,
        count(*) filter (where is_upheld) as upheld,
        count(*) filter (where outcome_canonical = 'not_upheld') as not_upheld,
        count(*) filter (where outcome_canonical = 'closed_after_initial_enquiries') as closed_after_initial_enquiries,
        count(*) filter (where outcome_canonical not in ('upheld', 'not_upheld', 'closed_after_initial_enquiries',
                                                         'unknown')) as other_outcomes,
        count(*) filter (where outcome_canonical = 'unknown') as no_outcome_stated
    from decisions
    group by all
),

-- The Ombudsman's national rate is over councils; peers are councils of the same peer group (county,
-- district, unitary, metropolitan borough, London borough) in the same year.
national as (
    select financial_year, sum(upheld) / nullif(sum(investigations), 0) as national_uphold_rate
    from counts
    where is_council
    group by financial_year
),

peers as (
    select financial_year, peer_group, sum(upheld) / nullif(sum(investigations), 0) as peer_uphold_rate
    from counts
    where peer_group is not null
    group by financial_year, peer_group
),

rates as (
    select c.*, c.upheld / nullif(c.investigations, 0) as uphold_rate
    from counts as c
)

select
    r.organisation_id,
    r.organisation_name,
    r.organisation_type,
    r.peer_group,
    r.is_council,
    r.gss_code,
    r.current_organisation_id,
    r.current_organisation_name,
    r.financial_year,
    r.decisions,
    r.investigations,
    r.upheld,
    r.not_upheld,
    r.closed_after_initial_enquiries,
    r.other_outcomes,
    r.no_outcome_stated,
    r.uphold_rate,
    wilson_bound(r.upheld, r.investigations, z_95(), -1) as uphold_rate_low,
    wilson_bound(r.upheld, r.investigations, z_95(), 1) as uphold_rate_high,
    n.national_uphold_rate,
    p.peer_uphold_rate
from rates as r
left join national as n using (financial_year)
left join peers as p using (financial_year, peer_group)
order by r.financial_year, r.organisation_id
