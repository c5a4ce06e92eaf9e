-- Each organisation's decisions, newest first, with what was paid and where the decision is published.
select
    organisation_id,
    organisation_name,
    reference,
    decision_date,
    financial_year,
    category_top,
    category_sub,
    outcome_canonical,
    payments,
    remedy_total_gbp,
    source_url
from {{ ref('fct_decision') }}
where organisation_id is not null
order by organisation_id, decision_date desc nulls last, reference
