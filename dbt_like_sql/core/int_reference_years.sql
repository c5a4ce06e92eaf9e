-- The span of each year's case references, for the receipt estimates of fct_decision. The sequence restarts
-- every April, with the Ombudsman's business year (the evidence is in docs/figures.md and tested on the real
-- pages: among the first cases of a year, closures after initial enquiries decided in June), and reaches
-- roughly 17,000-22,000: a case's position in its year is its sequence over the year's span (20,000, or the
-- highest sequence seen if larger). Its own model, so that a decision's row reads only its own reference's
-- rows and this small table: a new decision is added without rebuilding the others.
select
    2000 + cast(left(reference, 2) as integer) as reference_year,
    -- 'YY NNN NNN' and, for the few cases with one, a letter after it ('17 002 402b'): a case of its own
    greatest(20000, max(cast(replace(substr(reference, 4, 7), ' ', '') as integer))) as year_span
from {{ ref('int_decision_versions') }}
group by 1
order by 1
