-- Money remedies per organisation, financial year and top category: how many payments, how much.
select
    organisation_id,
    organisation_name,
    current_organisation_id,
    financial_year,
    category_top,
    unnest(payment_stats(amount_gbp, reference, source_url))
from {{ ref('fct_remedy') }}
where amount_gbp is not null and financial_year is not null
group by organisation_id, organisation_name, current_organisation_id, financial_year, category_top
order by financial_year, organisation_id, category_top
