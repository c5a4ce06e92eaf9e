-- One row per remedy of the decisions in fct_decision (older versions of re-issues excluded).
select
    r.reference || '#' || (r.remedy_index + 1) as remedy_id,
    r.reference,
    r.file_id,
    d.organisation_id,
    d.organisation_name,
    d.current_organisation_id,
    d.category_top,
    d.decision_date,
    d.financial_year,
    r.remedy_index,
    r.remedy_kind,
    r.amount_gbp,
    r.amount_rate,
    r.recipient,
    r.purpose,
    r.due_within_days,
    r.amount_gbp is not null as is_payment,
    r.remedy_text
from {{ ref('stg_remedies') }} as r
join {{ ref('fct_decision') }} as d using (file_id)
order by r.reference, r.remedy_index
