-- Where each council sits on the funnel plot of uphold rates, per financial year and over all years: its
-- rate beside the national rate of the period (across the councils' investigations held), and whether the
-- exact binomial test puts it above or below that rate by more than chance explains at 95% and 99.8%, or
-- whether it has too few investigations to tell (funnel_limits holds the limits).
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
)

select
    p.period,
    p.period <> 'all years' and p.period >= financial_year(current_date) as is_part_year,
    p.organisation_id,
    p.organisation_name,
    p.organisation_type,
    p.investigations,
    p.upheld,
    p.upheld / p.investigations as uphold_rate,
    l.national_uphold_rate,
    versus_limits(p.upheld, p.investigations, l.national_uphold_rate, l.lowest_above_95, l.highest_below_95)
        as versus_national_95,
    versus_limits(p.upheld, p.investigations, l.national_uphold_rate, l.lowest_above_99_8, l.highest_below_99_8)
        as versus_national_99_8
from periods as p
join {{ ref('funnel_limits') }} as l on l.period = p.period and l.investigations = p.investigations
where p.investigations > 0
order by p.period, p.organisation_name
