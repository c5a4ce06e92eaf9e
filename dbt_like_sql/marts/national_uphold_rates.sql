-- The benchmark a council's uphold rate is read against, per period (a financial year, or 'all years'):
-- upheld over detailed investigations across every council's decisions held (care providers and other
-- bodies are not councils). Defined here only: outcome_rates_by_council, the funnel plot and the report
-- read it.
select
    o.period,
    count(*) filter (where o.investigations > 0) as councils_investigated,
    cast(sum(o.investigations) as bigint) as investigations,
    cast(sum(o.upheld) as bigint) as upheld,
    sum(o.upheld) / nullif(sum(o.investigations), 0) as national_uphold_rate,
    cast(max(o.investigations) as bigint) as most_council_investigations
from {{ ref('organisation_outcomes') }} as o
join {{ ref('dim_organisation') }} as d using (organisation_id)
where o.category_top = all_categories() and d.is_council
group by o.period
order by o.period
