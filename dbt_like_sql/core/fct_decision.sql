-- One row per case reference: the current version of the decision's page (see int_decision_versions), its
-- values completed from the search result card where the page states none (and the outcome, where neither
-- states one, from what the page's words say was decided), its payments from every part.
-- Receipt dates are estimated from the reference. Each row is made from its own reference's rows only (and the
-- lookups): the model is rebuilt incrementally, by the references announced as changed.
with latest as (
    -- The page's values, and the search result card's where the page states none (the card rule of
    -- macros/cards.sql): each value says where it came from.
    select
        d.file_id,
        d.reference,
        page_else_card(d.organisation_name_raw, c.card_organisation_name_raw) as organisation_name_raw,
        page_else_card_part(coalesce(d.category_top_raw, d.category_sub_raw) is not null, d.category_top_raw,
                            c.card_category_top_raw) as category_top_raw,
        page_else_card_part(coalesce(d.category_top_raw, d.category_sub_raw) is not null, d.category_sub_raw,
                            c.card_category_sub_raw) as category_sub_raw,
        page_else_card(d.outcome_raw, c.card_outcome_raw) as outcome_raw,
        page_else_card(d.decision_date, c.card_decision_date) as decision_date,
        page_else_card_source(d.organisation_name_raw, c.card_organisation_name_raw) as organisation_source,
        page_else_card_source(coalesce(d.category_top_raw, d.category_sub_raw), c.card_category_top_raw)
            as category_source,
        coalesce(page_else_card_source(d.outcome_raw, c.card_outcome_raw),
                 case when d.outcome_from_text is not null then 'text' end) as outcome_source,
        d.outcome_from_text,
        page_else_card_source(d.decision_date, c.card_decision_date) as decision_date_source,
        c.source_url as listed_url,
        d.complainant,
        d.compliance_date,
        d.signed_by,
        page_else_card(d.document_type, lower(c.card_document_type)) as document_type,
        d.parse_warnings,
        v.versions,
        2000 + cast(left(d.reference, 2) as integer) as reference_year,
        -- 'YY NNN NNN' and, for the few cases with one, a letter after it ('17 002 402b'): a case of its own
        cast(replace(substr(d.reference, 4, 7), ' ', '') as integer) as reference_sequence
    from {{ ref('int_decision_versions') }} as v
    join {{ ref('stg_decisions') }} as d using (file_id)
    left join {{ ref('stg_decision_cards') }} as c on c.reference = d.reference
    where v.version_rank = 1 and v.is_head
),

-- A case's position in its year is its sequence over the year's span, from 1 April of the reference year
-- (see int_reference_years).
estimated as (
    select
        l.*,
        make_date(l.reference_year, 4, 1)
            + cast(floor(l.reference_sequence * 365.0 / s.year_span) as integer) as receipt_date_estimate
    from latest as l
    join {{ ref('int_reference_years') }} as s using (reference_year)
),

payments as (
    -- every part of the decision: a report's later chapters hold remedies too
    select
        v.reference,
        count(r.amount_gbp) as payments,
        sum(r.amount_gbp) as remedy_total_gbp,
        count(*) > 0 and bool_and(r.already_provided) as remedied_by_body
    from {{ ref('stg_remedies') }} as r
    join {{ ref('int_decision_versions') }} as v using (file_id)
    where v.version_rank = 1
    group by v.reference
)

select
    e.reference,
    e.file_id,
    n.organisation_id,
    e.organisation_name_raw,
    e.organisation_source,
    o.organisation_name,
    o.current_organisation_id,
    c.category_id,
    c.category_top,
    c.category_sub,
    e.category_source,
    e.outcome_raw as outcome,
    e.outcome_source,
    -- the page's line, else the card's (both through the lookup), else what the page's words say was decided
    case when e.outcome_source = 'text' then e.outcome_from_text else oc.outcome_canonical end as outcome_canonical,
    case when e.outcome_source = 'text' then e.outcome_from_text in ('upheld', 'not_upheld')
        else oc.is_investigation end as is_investigation,
    case when e.outcome_source = 'text' then e.outcome_from_text = 'upheld' else oc.is_upheld end as is_upheld,
    e.decision_date,
    e.decision_date_source,
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
    e.compliance_date,
    coalesce(p.remedied_by_body, false) as remedied_by_body,
    coalesce(p.payments, 0) as payments,
    cast(coalesce(p.remedy_total_gbp, 0) as decimal(12, 2)) as remedy_total_gbp,
    e.versions,
    len(e.parse_warnings) as parse_warnings,
    -- where the page was fetched from; else where the site publishes it (its category's slugs and the reference)
    coalesce(e.listed_url, {{ var('site_url') }} || '/decisions/' || c.top_slug || '/' || c.sub_slug || '/'
        || replace(e.reference, ' ', '-')) as source_url,
    case when e.listed_url is not null then 'fetched' when c.sub_slug is not null then 'built' end
        as source_url_method
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
    on p.reference = e.reference
order by e.reference
