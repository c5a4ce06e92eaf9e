-- How quickly cases are decided each year, investigations apart from the rest (closed cases take weeks,
-- investigations most of a year), in the Ombudsman's 13/26/52-week shares.
select
    financial_year,
    is_investigation,
    count(*) as decisions,
    count(days_to_decision) as decisions_timed,
    median(days_to_decision) as median_days,
    share_within_weeks(days_to_decision, 13) as share_within_13_weeks,
    share_within_weeks(days_to_decision, 26) as share_within_26_weeks,
    share_within_weeks(days_to_decision, 52) as share_within_52_weeks
from {{ ref('fct_decision') }}
where financial_year is not null and is_investigation is not null
group by financial_year, is_investigation
order by financial_year, is_investigation
