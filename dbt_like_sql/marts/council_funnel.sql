-- Where each council sits on the funnel plot of uphold rates, per financial year and over all years:
-- its rate beside the national rate of the period, and whether it is outside the 95% and 99.8% limits
-- that chance alone would keep a council with that many investigations inside.
with periods as (
    select organisation_id, organisation_name, organisation_type, financial_year as period,
           investigations, upheld
    from {{ ref('outcome_rates_by_council') }}
    where is_council
    union all
    select organisation_id, organisation_name, organisation_type, 'all years' as period,
           cast(sum(investigations) as bigint), cast(sum(upheld) as bigint)
    from {{ ref('outcome_rates_by_council') }}
    where is_council
    group by all
),

national as (
    select period, sum(upheld) / nullif(sum(investigations), 0) as national_uphold_rate
    from periods
    group by period
)

select
    p.period,
    p.organisation_id,
    p.organisation_name,
    p.organisation_type,
    p.investigations,
    p.upheld,
    p.upheld / p.investigations as uphold_rate,
    n.national_uphold_rate,
    versus_funnel(p.upheld / p.investigations, n.national_uphold_rate, p.investigations, z_95()) as versus_national_95,
    versus_funnel(p.upheld / p.investigations, n.national_uphold_rate, p.investigations, z_99_8())
        as versus_national_99_8
from periods as p
join national as n using (period)
where p.investigations > 0
order by p.period, p.organisation_name
