-- What is paid, by complaint category and year, across every organisation: each payment counted once.
select
    r.financial_year,
    r.category_top,
    count(distinct r.reference) as decisions_with_payment,
    count(*) as payments,
    cast(sum(r.amount_gbp) as decimal(14, 2)) as total_gbp,
    cast(median(r.amount_gbp) as decimal(12, 2)) as median_gbp,
    cast(quantile_cont(r.amount_gbp, 0.9) as decimal(12, 2)) as p90_gbp,
    count(*) filter (where r.amount_gbp > 10000) as payments_over_10000
from {{ ref('fct_remedy') }} as r
where r.amount_gbp is not null and r.financial_year is not null and r.category_top is not null
group by r.financial_year, r.category_top
order by r.financial_year, r.category_top
