-- One row per case reference: the latest version of a re-issued decision (latest decision date,
-- then latest seen); older versions stay in staging. Receipt dates are estimated from the reference.
with versions as (
    -- Ranked on the few columns the ranking needs: carrying every column (summaries, warnings) through the
    -- window sort cost most of this model's time.
    select
        d.file_id,
        row_number() over (
            partition by d.reference
            order by d.decision_date desc nulls last, f.first_seen_at desc, d.file_id desc
        ) as version_rank,
        count(*) over (partition by d.reference) as versions
    from {{ ref('stg_decisions') }} as d
    join {{ ref('stg_decision_files') }} as f using (file_id)
),

latest as (
    select
        d.file_id,
        d.reference,
        d.organisation_name_raw,
        d.category_top_raw,
        d.category_sub_raw,
        d.outcome_raw,
        d.decision_date,
        d.complainant,
        d.signed_by,
        d.document_type,
        d.parse_warnings,
        v.versions,
        2000 + cast(left(d.reference, 2) as integer) as reference_year,
        -- 'YY NNN NNN' and, for the few cases with one, a letter after it ('17 002 402b'): a case of its own
        cast(replace(substr(d.reference, 4, 7), ' ', '') as integer) as reference_sequence
    from versions as v
    join {{ ref('stg_decisions') }} as d using (file_id)
    where v.version_rank = 1
),

-- The sequence restarts every January and reaches roughly 17,000-22,000: a case's position in its
-- year is its sequence over the year's span (20,000, or the highest sequence seen if larger).
year_spans as (
    select reference_year, greatest(20000, max(reference_sequence)) as year_span
    from latest
    group by reference_year
),

estimated as (
    select
        l.*,
        make_date(l.reference_year, 1, 1)
            + cast(floor(l.reference_sequence * 365.0 / s.year_span) as integer) as receipt_date_estimate
    from latest as l
    join year_spans as s using (reference_year)
),

payments as (
    select file_id, count(amount_gbp) as payments, sum(amount_gbp) as remedy_total_gbp
    from {{ ref('stg_remedies') }}
    group by file_id
)

select
    e.reference,
    e.file_id,
    n.organisation_id,
    e.organisation_name_raw,
    o.organisation_name,
    o.current_organisation_id,
    c.category_id,
    c.category_top,
    c.category_sub,
    e.outcome_raw as outcome,
    oc.outcome_canonical,
    oc.is_investigation,
    oc.is_upheld,
    e.decision_date,
    financial_year(e.decision_date) as financial_year,
    e.reference_year,
    e.receipt_date_estimate,
    case
        when e.decision_date is null then 'no_decision_date'
        when e.receipt_date_estimate > e.decision_date then 'estimate_after_decision_date'
        else 'reference_sequence_position'
    end as receipt_date_method,
    case
        when e.receipt_date_estimate <= e.decision_date
            then date_diff('day', e.receipt_date_estimate, e.decision_date)
    end as days_to_decision,
    e.complainant,
    e.signed_by,
    e.document_type,
    coalesce(p.payments, 0) as payments,
    cast(coalesce(p.remedy_total_gbp, 0) as decimal(12, 2)) as remedy_total_gbp,
    e.versions,
    len(e.parse_warnings) as parse_warnings
from estimated as e
left join {{ ref('stg_organisation_names') }} as n
    on n.organisation_name_raw = e.organisation_name_raw
left join {{ ref('dim_organisation') }} as o
    on o.organisation_id = n.organisation_id
left join {{ ref('stg_category_labels') }} as c
    on c.category_top_raw is not distinct from e.category_top_raw
    and c.category_sub_raw is not distinct from e.category_sub_raw
left join {{ ref('stg_outcome_labels') }} as oc
    on oc.outcome_raw is not distinct from e.outcome_raw
left join payments as p
    on p.file_id = e.file_id
order by e.reference
