-- How quickly cases are decided each year, investigations apart from the rest (closed cases take weeks,
-- investigations most of a year), in the Ombudsman's 13/26/52-week shares.
select
    financial_year,
    is_investigation,
    count(*) as decisions,
    unnest(days_to_decision_stats(days_to_decision))
from {{ ref('fct_decision') }}
where financial_year is not null and is_investigation is not null
group by financial_year, is_investigation
order by financial_year, is_investigation
