-- How long cases take, per financial year, outcome and top category, from the estimated receipt date.
select
    financial_year,
    outcome_canonical,
    category_top,
    count(*) as decisions,
    count(days_to_decision) as decisions_timed,
    median(days_to_decision) as median_days,
    quantile_cont(days_to_decision, 0.9) as p90_days,
    share_within_weeks(days_to_decision, 13) as share_within_13_weeks,
    share_within_weeks(days_to_decision, 26) as share_within_26_weeks,
    share_within_weeks(days_to_decision, 52) as share_within_52_weeks,
    'estimated: 1 April of the reference year + sequence / max(20000, highest sequence that year) x 365 days; '
        || 'cases whose estimate falls after the decision date are not timed' as receipt_date_method
from {{ ref('fct_decision') }}
where financial_year is not null
group by financial_year, outcome_canonical, category_top
order by financial_year, outcome_canonical, category_top
