-- How long cases take, per financial year, outcome and top category, from the estimated receipt date.
select
    financial_year,
    outcome_canonical,
    category_top,
    count(*) as decisions,
    unnest(days_to_decision_stats(days_to_decision)),
    'estimated: 1 April of the reference year + sequence / max(20000, highest sequence that year) x 365 days; '
        || 'cases whose estimate falls after the decision date are not timed' as receipt_date_method
from {{ ref('fct_decision') }}
where financial_year is not null
group by financial_year, outcome_canonical, category_top
order by financial_year, outcome_canonical, category_top
