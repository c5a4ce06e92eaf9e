-- Where each council sits on the funnel plot of uphold rates, per financial year and over all years: its
-- rate beside the national rate of the period (national_uphold_rates), and whether the exact binomial test
-- puts it above or below that rate by more than chance explains at 95% and 99.8%, or whether it has too few
-- investigations to tell (funnel_limits holds the limits).
with councils as (
    select o.period, o.organisation_id, d.organisation_name, d.organisation_type, o.investigations, o.upheld
    from {{ ref('organisation_outcomes') }} as o
    join {{ ref('dim_organisation') }} as d using (organisation_id)
    where o.category_top = all_categories() and d.is_council and o.investigations > 0
)

select
    c.period,
    c.period <> all_years() and c.period >= financial_year(current_date) as is_part_year,
    c.organisation_id,
    c.organisation_name,
    c.organisation_type,
    c.investigations,
    c.upheld,
    c.upheld / c.investigations as uphold_rate,
    l.national_uphold_rate,
    versus_limits(c.upheld, c.investigations, l.national_uphold_rate, l.lowest_above_95, l.highest_below_95)
        as versus_national_95,
    versus_limits(c.upheld, c.investigations, l.national_uphold_rate, l.lowest_above_99_8, l.highest_below_99_8)
        as versus_national_99_8
from councils as c
join {{ ref('funnel_limits') }} as l on l.period = c.period and l.investigations = c.investigations
order by c.period, c.organisation_name
