-- Our reconciliation with what the Ombudsman publishes: for each month a fetch walked, the decisions the site's
-- search listed against those the warehouse holds (a listed decision is held when its reference is in
-- core.fct_decision: fetched, and parsed rather than quarantined).
with held as (
    select m.organisation_filter, m.month, count(distinct d.reference) as held
    from {{ ref('stg_fetch_months') }} as m
    join {{ ref('stg_decision_cards') }} as c
        on strftime(c.card_decision_date, '%Y-%m') = m.month
        and (m.organisation_filter = '' or c.card_organisation_name_raw ilike '%' || m.organisation_filter || '%')
    join {{ ref('fct_decision') }} as d on d.reference = c.reference
    group by m.organisation_filter, m.month
)
select
    m.organisation_filter,
    m.month,
    m.listed,
    coalesce(h.held, 0) as held,
    greatest(coalesce(m.listed, m.cards_read) - coalesce(h.held, 0) - m.gone, 0) as missing,
    m.gone,
    m.is_complete,
    m.last_checked
from {{ ref('stg_fetch_months') }} as m
left join held as h on h.organisation_filter = m.organisation_filter and h.month = m.month
order by m.organisation_filter, m.month
