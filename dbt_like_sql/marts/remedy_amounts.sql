-- Money remedies per organisation, financial year and top category: how many payments, how much.
select
    organisation_id,
    organisation_name,
    current_organisation_id,
    financial_year,
    category_top,
    count(distinct reference) as decisions_with_payment,
    count(*) as payments,
    cast(sum(amount_gbp) as decimal(14, 2)) as total_gbp,
    cast(median(amount_gbp) as decimal(12, 2)) as median_gbp,
    cast(quantile_cont(amount_gbp, 0.9) as decimal(12, 2)) as p90_gbp,
    max(amount_gbp) as max_gbp
from {{ ref('fct_remedy') }}
where amount_gbp is not null and financial_year is not null
group by organisation_id, organisation_name, current_organisation_id, financial_year, category_top
order by financial_year, organisation_id, category_top
