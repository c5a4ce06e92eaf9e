-- One row per remedy of the decisions in fct_decision: the remedies of the current version of every part
-- (a report's later chapters included; older versions of re-issues excluded), numbered through the decision.
with current_remedies as (
    select
        r.*,
        row_number() over (
            partition by r.reference order by coalesce(v.chapter, 1), r.remedy_index
        ) - 1 as decision_remedy_index
    from {{ ref('stg_remedies') }} as r
    join {{ ref('int_decision_versions') }} as v using (file_id)
    where v.version_rank = 1
)

select
    r.reference || '#' || (r.decision_remedy_index + 1) as remedy_id,
    r.reference,
    r.file_id,
    d.organisation_id,
    d.organisation_name,
    d.current_organisation_id,
    d.category_top,
    d.decision_date,
    d.financial_year,
    r.decision_remedy_index as remedy_index,
    r.remedy_kind,
    r.amount_gbp,
    r.amount_rate,
    r.recipient,
    r.purpose,
    r.due_within_days,
    r.already_provided,
    r.amount_gbp is not null as is_payment,
    r.remedy_text,
    d.source_url
from current_remedies as r
join {{ ref('fct_decision') }} as d using (reference)
order by r.reference, r.decision_remedy_index
