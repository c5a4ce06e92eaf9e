-- How long each organisation's cases took, per financial year, beside every organisation's cases that
-- year: days from the estimated receipt to the decision (see core.fct_decision.receipt_date_method).
with national as (
    select financial_year, days_to_decision_stats(days_to_decision) as stats
    from {{ ref('fct_decision') }}
    where financial_year is not null
    group by financial_year
)

select
    d.organisation_id,
    any_value(d.organisation_name) as organisation_name,
    d.financial_year,
    count(*) as decisions,
    unnest(days_to_decision_stats(d.days_to_decision)),
    any_value(n.stats.median_days) as national_median_days,
    any_value(n.stats.share_within_13_weeks) as national_share_within_13_weeks
from {{ ref('fct_decision') }} as d
join national as n using (financial_year)
where d.organisation_id is not null
group by d.organisation_id, d.financial_year
order by d.organisation_id, d.financial_year
